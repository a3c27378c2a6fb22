// A streaming JSON reader: pulls one token at a time from a stream, so that a listing of millions
// of objects is read in constant memory, never as a document tree. Just enough JSON for S3 tools.
#pragma once

#include <cstddef>
#include <streambuf>
#include <string>
#include <vector>

namespace s3copy::plan {

enum class JsonToken {
  kObjectStart,  // {
  kObjectEnd,    // }
  kArrayStart,   // [
  kArrayEnd,     // ]
  kName,         // a member name; text() holds it, and the member's value comes next
  kString,       // text() holds the decoded UTF-8
  kNumber,       // text() holds the number as written
  kTrue,
  kFalse,
  kNull,
  kEnd,  // the end of the input, after zero or more complete top-level values
};

// 1-based; columns count bytes, not characters.
struct JsonPosition {
  size_t line = 1;
  size_t column = 1;
};

// Reads RFC 8259 JSON: strings with every escape (\uXXXX surrogate pairs become one UTF-8
// sequence), numbers, true/false/null and nesting. The input may hold several top-level values one
// after another (as when the outputs of several `aws s3api` calls are concatenated); a UTF-8
// byte-order mark at the very start is skipped. Syntax errors throw std::invalid_argument
// "<display name> line L column C: <what is wrong>".
class JsonReader {
 public:
  // Strings longer than this are refused rather than held: S3 listings have none near it.
  static constexpr size_t kMaxStringBytes = 64 * 1024;
  // Deeper nesting is refused, so that hostile input cannot grow the container stack unbounded.
  static constexpr size_t kMaxDepth = 256;

  // The buffer must outlive the reader.
  JsonReader(std::streambuf& input, std::string display_name);

  JsonToken next();
  // The text of the last kName, kString or kNumber token.
  const std::string& text() const { return text_; }
  // Where the last token started.
  JsonPosition position() const { return token_position_; }
  // How many objects and arrays enclose the next token: 0 between top-level values; 1 inside
  // the top-level object, and so on. A start token is counted inside its own container.
  size_t depth() const { return containers_.size(); }
  // After a token that starts a value (kObjectStart, kArrayStart or a scalar), reads to the end of
  // that value, so that members nobody needs are passed over without being kept.
  void skip_value(JsonToken first);
  // Throws std::invalid_argument "<display name> line L column C: <problem>".
  [[noreturn]] void fail(const std::string& problem, JsonPosition at) const;

 private:
  enum class Expect {
    kTopValue,
    kNameOrObjectEnd,
    kName,
    kMemberValue,
    kCommaOrObjectEnd,
    kValueOrArrayEnd,
    kValue,
    kCommaOrArrayEnd,
  };

  int peek();
  int take();
  void skip_whitespace();
  JsonToken read_value();
  JsonToken close_container(char kind);
  JsonToken after_scalar(JsonToken token);
  void expect_after_value();
  void read_string();
  // `at` is where the escape's backslash is, which errors point to.
  void read_escape(JsonPosition at);
  unsigned read_hex4(JsonPosition at);
  void append_utf8(unsigned code_point);
  JsonToken read_number();
  JsonToken read_literal(const char* word, JsonToken token);
  [[noreturn]] void fail_here(const std::string& problem) const;

  std::streambuf& input_;
  std::string display_name_;
  std::vector<char> containers_;  // '{' or '[' for each open container
  Expect expect_ = Expect::kTopValue;
  std::string text_;
  JsonPosition position_;  // of the next byte
  JsonPosition token_position_;
  bool at_start_ = true;
};

}  // namespace s3copy::plan
