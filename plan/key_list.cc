// Reads the key lists of -F FILE and -P FILE ("-" is standard input): one key or prefix a line,
// streamed one line at a time so that a list of a billion keys takes no more memory than one.
#include "plan/key_list.h"
#include "plan/text.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include "plan/input_error.h"

namespace s3copy::plan {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// Enough to report a too-long key by its length while keeping memory flat: the longest key, a
// byte-order mark and a '\r'.
constexpr size_t kKeptLineBytes = kMaxKeyBytes + kByteOrderMark.size() + 1;

// Length of the UTF-8 sequence starting at `text[at]`, or 0 if it is not a valid one (overlong
// forms, surrogates and code points above U+10FFFF are invalid, as S3 rejects them too).
size_t utf8_sequence_length(std::string_view text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto continuation = [&](size_t i, unsigned char low = 0x80, unsigned char high = 0xBF) {
    return i < text.size() && byte(i) >= low && byte(i) <= high;
  };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(at + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    return continuation(at + 1, low, high) && continuation(at + 2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    return continuation(at + 1, low, high) && continuation(at + 2) && continuation(at + 3) ? 4 : 0;
  }
  return 0;
}

// Offset of the first byte that does not start a valid UTF-8 sequence, or npos.
size_t first_invalid_utf8(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    const size_t length = utf8_sequence_length(text, at);
    if (length == 0) return at;
    at += length;
  }
  return std::string_view::npos;
}

std::string too_long_problem(size_t bytes) {
  return "key is " + with_thousands_separators(bytes) + " bytes; S3 keys are at most " +
         with_thousands_separators(kMaxKeyBytes) + " bytes";
}

[[noreturn]] void throw_unreadable(const std::string& path, const std::string& reason) {
  throw std::invalid_argument("cannot read key list '" + path + "': " + reason);
}

std::unique_ptr<std::istream> open_key_list(const std::string& path) {
  // Shares std::cin's buffer without owning it.
  if (path == "-") return std::make_unique<std::istream>(std::cin.rdbuf());
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) throw_unreadable(path, std::strerror(EISDIR));
  errno = 0;
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) throw_unreadable(path, errno != 0 ? std::strerror(errno) : "cannot be opened");
  return file;
}

}  // namespace

std::string key_problem(std::string_view key) {
  if (key.empty()) return "key is empty";
  if (key.size() > kMaxKeyBytes) return too_long_problem(key.size());
  if (const size_t nul = key.find('\0'); nul != std::string_view::npos) {
    return "key contains a NUL byte (byte " + std::to_string(nul + 1) +
           "); S3 keys cannot contain NUL - is this a binary file?";
  }
  if (const size_t bad = first_invalid_utf8(key); bad != std::string_view::npos) {
    return "key is not valid UTF-8 (byte " + std::to_string(bad + 1) +
           "); S3 keys are UTF-8 - convert the text, e.g. with iconv -t UTF-8";
  }
  return "";
}

KeyListReader::KeyListReader(std::istream& input, std::string display_name)
    : input_(input), display_name_(std::move(display_name)) {
  if (!input_ || input_.rdbuf() == nullptr) throw_unreadable(display_name_, "not readable");
}

std::optional<std::string> KeyListReader::next() {
  while (read_line()) {
    if (line_bytes_ == 0 || line_.front() == '#') continue;
    check_line();
    return line_;
  }
  return std::nullopt;
}

bool KeyListReader::read_line() {
  std::streambuf& buffer = *input_.rdbuf();
  line_.clear();
  line_bytes_ = 0;
  bool consumed_anything = false;
  int last = std::char_traits<char>::eof();
  try {
    for (int c = buffer.sbumpc(); c != std::char_traits<char>::eof(); c = buffer.sbumpc()) {
      consumed_anything = true;
      if (c == '\n') break;
      if (line_.size() < kKeptLineBytes) line_.push_back(static_cast<char>(c));
      ++line_bytes_;
      last = c;
    }
  } catch (const std::ios_base::failure& error) {
    // libstdc++'s filebuf reports read errors (EIO, EISDIR) by throwing from the buffer.
    throw_unreadable(display_name_, "read error after line " + std::to_string(line_number_) + ": " +
                                        error.code().message());
  }
  if (!consumed_anything) return false;
  ++line_number_;
  if (last == '\r') {
    --line_bytes_;
    if (line_.size() > line_bytes_) line_.pop_back();
  }
  if (line_number_ == 1 && std::string_view(line_).starts_with(kByteOrderMark)) {
    line_.erase(0, kByteOrderMark.size());
    line_bytes_ -= kByteOrderMark.size();
  }
  return true;
}

void KeyListReader::check_line() const {
  const std::string problem =
      line_bytes_ > kMaxKeyBytes ? too_long_problem(line_bytes_) : key_problem(line_);
  if (!problem.empty()) {
    throw InputError(line_of(display_name_, line_number_), problem);
  }
}

KeyListFile::KeyListFile(const std::string& path)
    : stream_(open_key_list(path)), reader_(*stream_, path == "-" ? "standard input" : path) {}

std::vector<std::string> read_key_list(const std::string& path) {
  KeyListFile list(path);
  std::vector<std::string> keys;
  while (std::optional<std::string> key = list.next()) keys.push_back(std::move(*key));
  return keys;
}

}  // namespace s3copy::plan
