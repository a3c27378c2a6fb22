// Reads the key lists of -F FILE and -P FILE ("-" is standard input): one key or prefix a line,
// streamed one line at a time so that a list of a billion keys takes no more memory than one.
#pragma once

#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plan/input_error.h"

namespace s3copy::plan {

// The most bytes S3 accepts in a key.
inline constexpr size_t kMaxKeyBytes = 1024;

// Empty when `key` could be an S3 key as far as its own bytes go (not empty, at most
// kMaxKeyBytes, no NUL, valid UTF-8); otherwise the reason, e.g. "key is 1,030 bytes; S3 keys
// are at most 1,024 bytes". For -f and -p values as well as key-list lines.
[[nodiscard]] std::string key_problem(std::string_view key);

// The format, line by line:
// - A line is a key exactly as written. Leading and trailing spaces and tabs are part of the key
//   (S3 keys may begin or end with them), so nothing is trimmed. A line of spaces is a key.
// - Lines that start with '#' are comments and empty lines are skipped. A key that really starts
//   with '#' therefore cannot be listed; select it with -p or -f instead.
// - One '\r' before the line end is dropped, so files written on Windows (CRLF) work; a UTF-8
//   byte-order mark at the start of the first line is dropped too.
// - Keys containing a newline cannot be listed (newline ends the line).
// The lines are relative to the source path, like -f and -p values; the complete key (path +
// line) is checked against S3's limit later, when the path is known.
class KeyListReader {
 public:
  // `display_name` names the source in messages: the path, or "standard input". The stream must
  // outlive the reader.
  KeyListReader(std::istream& input, std::string display_name);

  // The next key, or nullopt at the end of the input. Throws InputError naming the source and
  // line for a line that cannot be a key, e.g. "keys.txt line 7: key is 1,030 bytes;
  // S3 keys are at most 1,024 bytes", and for a read error.
  std::optional<std::string> next();

  // The line the last key came from (1-based); 0 before the first call to next().
  size_t line_number() const { return line_number_; }
  const std::string& display_name() const { return display_name_; }

 private:
  // Reads up to the next '\n' (which is consumed, not kept). Keeps at most kMaxKeyBytes + 1 bytes
  // of the line in `line_` and its full length in `line_bytes_`. False at the end of the input.
  bool read_line();
  // Rejects the line just read if it cannot be a key.
  void check_line() const;

  std::istream& input_;
  std::string display_name_;
  size_t line_number_ = 0;
  std::string line_;
  size_t line_bytes_ = 0;
};

// A key list opened from a path, or from standard input when the path is "-".
class KeyListFile {
 public:
  // Throws std::invalid_argument for a file that cannot be read, e.g. "cannot read key list
  // 'x.txt': No such file or directory".
  explicit KeyListFile(const std::string& path);

  std::optional<std::string> next() { return reader_.next(); }
  size_t line_number() const { return reader_.line_number(); }
  const std::string& display_name() const { return reader_.display_name(); }

 private:
  std::unique_ptr<std::istream> stream_;  // declared before reader_, which refers to it
  KeyListReader reader_;
};

// Every key in the list at `path` ("-" is standard input). For -P prefix lists, which are short;
// key lists (-F) are streamed with KeyListFile instead.
std::vector<std::string> read_key_list(const std::string& path);

}  // namespace s3copy::plan
