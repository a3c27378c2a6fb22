// Reads object lists (-F FILE, --list-format NAME) in the formats S3 tools print: plain keys,
// s3:// URLs, aws s3 ls, s3cmd ls, aws s3api JSON and S3 Inventory, streamed one key at a time.
#include "plan/list_format.h"
#include "plan/text.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "plan/gzip_stream.h"
#include "plan/input_error.h"
#include "plan/json_tokens.h"
#include "plan/key_list.h"

namespace s3copy::plan {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// The most of a list's start that detection reads (and then replays): enough for many comment
// lines and a first line holding a 1,024-byte key, URL-encoded three times over.
constexpr size_t kDetectionBytes = 64 * 1024;
// Longer lines are refused: no listing line of a valid key comes near (a CSV record of a
// 1,024-byte key, fully percent-encoded, and every optional inventory field is ~4 KiB).
constexpr size_t kMaxLineBytes = 16 * 1024;

constexpr int kEof = std::char_traits<char>::eof();

// Serves `prefix` and then the rest of `rest`: detection looks at the start of a stream and the
// parser still reads it from its first byte. The prefix is freed once served.
class ReplayBuffer : public std::streambuf {
 public:
  ReplayBuffer(std::string prefix, std::streambuf& rest)
      : prefix_(std::move(prefix)), rest_(rest), buffer_(16 * 1024) {
    setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const std::streamsize got = rest_.sgetn(buffer_.data(), std::streamsize(buffer_.size()));
    if (got <= 0) return traits_type::eof();
    setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
    std::string().swap(prefix_);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string prefix_;
  std::streambuf& rest_;
  std::vector<char> buffer_;
};

// Reads lines of at most kMaxLineBytes, one at a time, without the '\n', one '\r' before it and
// (on line 1) a UTF-8 byte-order mark.
class LineSource {
 public:
  LineSource(std::streambuf& input, const std::string& display_name)
      : input_(input), display_name_(display_name) {}

  // False at the end of the input.
  bool read() {
    line_.clear();
    size_t bytes = 0;
    bool consumed_anything = false;
    try {
      for (int c = input_.sbumpc(); c != kEof; c = input_.sbumpc()) {
        consumed_anything = true;
        if (c == '\n') break;
        if (line_.size() <= kMaxLineBytes) line_.push_back(static_cast<char>(c));
        ++bytes;
      }
    } catch (const std::ios_base::failure& error) {
      throw std::invalid_argument("cannot read object list '" + display_name_ +
                                  "': read error after line " + std::to_string(number_) + ": " +
                                  error.code().message());
    }
    if (!consumed_anything) return false;
    ++number_;
    if (bytes > kMaxLineBytes) {
      throw InputError(line_of(display_name_, number_),
                       "the line is " + with_thousands_separators(bytes) +
                           " bytes, longer than any listing line of an S3 key; is this the right "
                           "file?");
    }
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (number_ == 1 && std::string_view(line_).starts_with(kByteOrderMark)) {
      line_.erase(0, kByteOrderMark.size());
    }
    return true;
  }

  std::string_view line() const { return line_; }
  size_t number() const { return number_; }

 private:
  std::streambuf& input_;
  const std::string& display_name_;
  std::string line_;
  size_t number_ = 0;
};

}  // namespace

// Reads one format: the objects of a list, in order.
class ObjectListReader::Parser {
 public:
  virtual ~Parser() = default;
  // The next object, nullopt at the end; throws std::invalid_argument naming the line.
  virtual std::optional<ListedObject> next() = 0;
  virtual size_t line_number() const = 0;
};

namespace {

using Parser = ObjectListReader::Parser;

// plain: KeyListReader, which already checks each key.
class PlainParser : public Parser {
 public:
  PlainParser(std::streambuf& input, const std::string& display_name)
      : stream_(&input), keys_(stream_, display_name) {}

  std::optional<ListedObject> next() override {
    std::optional<std::string> key = keys_.next();
    if (!key) return std::nullopt;
    return ListedObject{"", std::move(*key)};
  }
  size_t line_number() const override { return keys_.line_number(); }

 private:
  std::istream stream_;
  KeyListReader keys_;
};

// url, aws-ls, s3cmd-ls and inventory-csv: one line, one object (see list_lines.h).
class LineParser : public Parser {
 public:
  using ParseLine = std::function<std::optional<ListedObject>(std::string_view)>;

  LineParser(std::streambuf& input, const std::string& display_name, ParseLine parse_line)
      : lines_(input, display_name),
        display_name_(display_name),
        parse_line_(std::move(parse_line)) {}

  std::optional<ListedObject> next() override {
    while (lines_.read()) {
      const std::string_view line = lines_.line();
      if (line.empty() || line.front() == '#') continue;
      try {
        if (std::optional<ListedObject> object = parse_line_(line)) return object;
      } catch (const std::invalid_argument& error) {
        throw InputError(line_of(display_name_, lines_.number()), error.what());
      }
    }
    return std::nullopt;
  }
  size_t line_number() const override { return lines_.number(); }

 private:
  LineSource lines_;
  const std::string& display_name_;
  ParseLine parse_line_;
};

// s3api-json: Contents[].Key of each top-level object, or the strings (or objects' "Key"s) of a
// top-level array, yielded one by one as the tokens arrive.
class S3apiJsonParser : public Parser {
 public:
  S3apiJsonParser(std::streambuf& input, const std::string& display_name,
                  const std::optional<std::string>& expected_bucket)
      : json_(input, display_name), expected_bucket_(expected_bucket) {}

  std::optional<ListedObject> next() override {
    for (;;) {
      const JsonToken token = json_.next();
      switch (where_) {
        case Where::kBetweenDocuments:
          if (token == JsonToken::kEnd) return std::nullopt;
          if (token == JsonToken::kObjectStart) {
            where_ = Where::kInDocument;
          } else if (token == JsonToken::kArrayStart) {
            where_ = Where::kInKeyArray;
          } else {
            fail("expected the JSON object that `aws s3api list-objects-v2` prints");
          }
          break;
        case Where::kInDocument:
          if (token == JsonToken::kObjectEnd) {
            where_ = Where::kBetweenDocuments;
          } else {
            enter_member(json_.text());
          }
          break;
        case Where::kInContents:
          if (token == JsonToken::kArrayEnd) {
            where_ = Where::kInDocument;
            break;
          }
          if (token != JsonToken::kObjectStart) fail("each of \"Contents\" must be an object");
          return entry_key();
        case Where::kInKeyArray:
          if (token == JsonToken::kArrayEnd) {
            where_ = Where::kBetweenDocuments;
            break;
          }
          if (token == JsonToken::kObjectStart) return entry_key();
          if (token != JsonToken::kString) {
            fail("expected keys in double quotes, as --query 'Contents[].Key' prints them");
          }
          key_line_ = json_.position().line;
          return ListedObject{"", json_.text()};
      }
    }
  }
  size_t line_number() const override { return key_line_; }

 private:
  enum class Where { kBetweenDocuments, kInDocument, kInContents, kInKeyArray };

  [[noreturn]] void fail(const std::string& problem) const {
    json_.fail(problem, json_.position());
  }

  // A member of a top-level object: "Contents" is read element by element; others are skipped.
  void enter_member(const std::string& name) {
    if (name == "Versions" || name == "DeleteMarkers") {
      fail(
          "this is `aws s3api list-object-versions` output; list with `aws s3api "
          "list-objects-v2`, which names each object once");
    }
    const bool is_contents = name == "Contents";
    const bool is_bucket_name = name == "Name";
    const JsonToken value = json_.next();
    if (is_contents) {
      if (value != JsonToken::kArrayStart) fail("\"Contents\" must be an array of objects");
      where_ = Where::kInContents;
      return;
    }
    if (is_bucket_name && value == JsonToken::kString && expected_bucket_ &&
        json_.text() != *expected_bucket_) {
      fail("the listing is of bucket '" + json_.text() + "', not of the source bucket '" +
           *expected_bucket_ + "'; list the source bucket");
    }
    json_.skip_value(value);
  }

  // The "Key" of the object whose '{' was just read; its other members are skipped.
  ListedObject entry_key() {
    const JsonPosition start = json_.position();
    std::optional<std::string> key;
    while (json_.next() == JsonToken::kName) {
      const bool is_key = json_.text() == "Key";
      const JsonToken value = json_.next();
      if (!is_key) {
        json_.skip_value(value);
        continue;
      }
      if (value != JsonToken::kString) fail("\"Key\" must be a string");
      key = json_.text();
      key_line_ = json_.position().line;
    }
    if (!key) json_.fail("an object without a \"Key\"", start);
    return ListedObject{"", std::move(*key)};
  }

  JsonReader json_;
  const std::optional<std::string>& expected_bucket_;
  Where where_ = Where::kBetweenDocuments;
  size_t key_line_ = 0;
};

// inventory-manifest: no keys of its own (they are in the data files it names).
class NoKeysParser : public Parser {
 public:
  std::optional<ListedObject> next() override { return std::nullopt; }
  size_t line_number() const override { return 0; }
};

// Reads the start of `text` for detection: up to the end of the first significant line (the
// second for JSON, whose first member name usually comes on line 2), at most kDetectionBytes.
std::string read_detection_prefix(std::streambuf& text) {
  std::string prefix;
  size_t line_start = 0;
  int significant_lines = 0;
  int wanted_lines = 0;  // decided by the first non-space byte
  for (int c = text.sbumpc(); c != kEof; c = text.sbumpc()) {
    prefix.push_back(static_cast<char>(c));
    const bool in_byte_order_mark = prefix.size() <= 3 && kByteOrderMark.starts_with(prefix);
    if (wanted_lines == 0 && c != ' ' && c != '\t' && c != '\r' && c != '\n' &&
        !in_byte_order_mark) {
      wanted_lines = c == '{' || c == '[' ? 2 : 1;
    }
    if (c == '\n') {
      std::string_view line = std::string_view(prefix).substr(line_start);
      if (line_start == 0 && line.starts_with(kByteOrderMark)) line.remove_prefix(3);
      if (line != "\n" && line != "\r\n" && !line.starts_with('#')) ++significant_lines;
      line_start = prefix.size();
      if (wanted_lines > 0 && significant_lines >= wanted_lines) break;
    }
    if (prefix.size() >= kDetectionBytes) break;
  }
  return prefix;
}

// s3api-json or inventory-manifest, by the first member of the first JSON value.
ListFormat json_format_of(const std::string& prefix) {
  std::stringbuf buffer(prefix);
  JsonReader json(buffer, "");
  try {
    if (json.next() != JsonToken::kObjectStart) return ListFormat::kS3apiJson;
    if (json.next() == JsonToken::kName && is_inventory_manifest_member(json.text())) {
      return ListFormat::kInventoryManifest;
    }
  } catch (const std::invalid_argument&) {
    // Bad JSON is reported with its position when the list is read.
  }
  return ListFormat::kS3apiJson;
}

ListFormat line_format_of(std::string_view line) {
  if (looks_like_inventory_csv_line(line)) return ListFormat::kInventoryCsv;
  if (line.starts_with("s3://")) return ListFormat::kUrl;
  if (looks_like_aws_ls_line(line)) return ListFormat::kAwsLs;
  if (looks_like_s3cmd_ls_line(line)) return ListFormat::kS3cmdLs;
  return ListFormat::kPlain;
}

ListFormat format_of(const std::string& prefix) {
  std::string_view text = prefix;
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return ListFormat::kPlain;
  if (text[first] == '{' || text[first] == '[') return json_format_of(prefix);
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!line.empty() && !line.starts_with('#')) return line_format_of(line);
  }
  return ListFormat::kPlain;
}

std::unique_ptr<std::istream> open_list_file(const std::string& path) {
  const auto unreadable = [&](const std::string& reason) {
    return std::invalid_argument("cannot read object list '" + path + "': " + reason);
  };
  // Shares std::cin's buffer without owning it.
  if (path == "-") return std::make_unique<std::istream>(std::cin.rdbuf());
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) throw unreadable(std::strerror(EISDIR));
  errno = 0;
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) throw unreadable(errno != 0 ? std::strerror(errno) : "cannot be opened");
  return file;
}

}  // namespace

std::string_view list_format_name(ListFormat format) {
  return kListFormatNames.at(static_cast<size_t>(format));
}

ListFormat parse_list_format(std::string_view name) {
  for (size_t i = 0; i < kListFormatNames.size(); ++i) {
    if (kListFormatNames[i] == name) return static_cast<ListFormat>(i);
  }
  std::string names;
  for (std::string_view known : kListFormatNames) {
    names += (names.empty() ? "" : ", ") + std::string(known);
  }
  throw std::invalid_argument("unknown list format '" + std::string(name) +
                              "'; use one of: " + names);
}

bool names_whole_keys(ListFormat format) {
  return format != ListFormat::kPlain && format != ListFormat::kAuto;
}

ObjectListReader::ObjectListReader(std::istream& input, std::string display_name, ListFormat format,
                                   ObjectListOptions options)
    : display_name_(std::move(display_name)), format_(format), options_(std::move(options)) {
  if (!input || input.rdbuf() == nullptr) {
    throw std::invalid_argument("cannot read object list '" + display_name_ + "': not readable");
  }
  try {
    std::streambuf* text = &open_text(*input.rdbuf());
    if (format_ == ListFormat::kAuto) format_ = detect(text);
    start_parser(*text);
  } catch (const std::ios_base::failure& error) {
    // libstdc++'s filebuf reports read errors (EIO) by throwing from the buffer.
    throw std::invalid_argument("cannot read object list '" + display_name_ +
                                "': " + error.code().message());
  }
}

ObjectListReader::~ObjectListReader() = default;

std::streambuf& ObjectListReader::open_text(std::streambuf& raw) {
  std::string magic;
  while (magic.size() < 2) {
    const int c = raw.sbumpc();
    if (c == kEof) break;
    magic.push_back(static_cast<char>(c));
  }
  const bool gzipped = starts_like_gzip(magic);
  replay_raw_ = std::make_unique<ReplayBuffer>(std::move(magic), raw);
  if (!gzipped) return *replay_raw_;
  gunzip_ = std::make_unique<GzipInputBuffer>(*replay_raw_, display_name_);
  return *gunzip_;
}

ListFormat ObjectListReader::detect(std::streambuf*& text) {
  std::string prefix = read_detection_prefix(*text);
  const ListFormat format = format_of(prefix);
  replay_text_ = std::make_unique<ReplayBuffer>(std::move(prefix), *text);
  text = replay_text_.get();
  return format;
}

void ObjectListReader::start_parser(std::streambuf& text) {
  switch (format_) {
    case ListFormat::kAuto:
    case ListFormat::kPlain:
      parser_ = std::make_unique<PlainParser>(text, display_name_);
      return;
    case ListFormat::kUrl:
      parser_ = std::make_unique<LineParser>(text, display_name_, parse_url_line);
      return;
    case ListFormat::kAwsLs:
      parser_ = std::make_unique<LineParser>(text, display_name_, parse_aws_ls_line);
      return;
    case ListFormat::kS3cmdLs:
      parser_ = std::make_unique<LineParser>(text, display_name_, parse_s3cmd_ls_line);
      return;
    case ListFormat::kInventoryCsv: {
      const InventoryColumns columns = options_.inventory_columns;
      parser_ = std::make_unique<LineParser>(text, display_name_, [columns](std::string_view line) {
        return parse_inventory_csv_line(line, columns);
      });
      return;
    }
    case ListFormat::kS3apiJson:
      parser_ = std::make_unique<S3apiJsonParser>(text, display_name_, options_.expected_bucket);
      return;
    case ListFormat::kInventoryManifest:
      manifest_ = std::make_unique<InventoryManifest>(read_inventory_manifest(text, display_name_));
      if (options_.expected_bucket && manifest_->source_bucket != *options_.expected_bucket) {
        throw InputError(display_name_,
                         "the inventory lists bucket '" + manifest_->source_bucket +
                             "', not the source bucket '" + *options_.expected_bucket +
                             "'; give the manifest of the source bucket's inventory");
      }
      parser_ = std::make_unique<NoKeysParser>();
      return;
  }
}

std::optional<std::string> ObjectListReader::next() {
  try {
    std::optional<ListedObject> object = parser_->next();
    if (!object) return std::nullopt;
    return checked(std::move(*object));
  } catch (const std::ios_base::failure& error) {
    throw std::invalid_argument("cannot read object list '" + display_name_ +
                                "': read error after line " + std::to_string(line_number()) + ": " +
                                error.code().message());
  }
}

std::string ObjectListReader::checked(ListedObject object) {
  const auto fail = [&](const std::string& problem) {
    throw InputError(line_of(display_name_, line_number()), problem);
  };
  if (options_.expected_bucket && !object.bucket.empty() &&
      object.bucket != *options_.expected_bucket) {
    fail("the object is in bucket '" + object.bucket + "', not in the source bucket '" +
         *options_.expected_bucket + "'; list only the source bucket's objects");
  }
  // KeyListReader has checked plain keys already, against their full line length.
  if (format_ != ListFormat::kPlain) {
    if (const std::string problem = key_problem(object.key); !problem.empty()) fail(problem);
  }
  bucket_ = std::move(object.bucket);
  return std::move(object.key);
}

size_t ObjectListReader::line_number() const {
  return parser_ ? parser_->line_number() : 0;
}

ObjectListFile::ObjectListFile(const std::string& path, ListFormat format,
                               ObjectListOptions options)
    : stream_(open_list_file(path)),
      reader_(*stream_, path == "-" ? "standard input" : path, format, std::move(options)) {}

std::unique_ptr<ObjectListFile> open_object_list(const std::string& path_or_dash, ListFormat format,
                                                 std::optional<std::string> expected_bucket) {
  return std::make_unique<ObjectListFile>(path_or_dash, format,
                                          ObjectListOptions{.expected_bucket = expected_bucket});
}

ObjectListOptions inventory_data_options(const InventoryManifest& manifest) {
  return {.expected_bucket = manifest.source_bucket, .inventory_columns = manifest.columns};
}

}  // namespace s3copy::plan
