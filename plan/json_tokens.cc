// A streaming JSON reader: pulls one token at a time from a stream, so that a listing of millions
// of objects is read in constant memory, never as a document tree. Just enough JSON for S3 tools.
#include "plan/json_tokens.h"
#include "plan/text.h"

#include <stdexcept>

namespace s3copy::plan {
namespace {

constexpr int kEof = std::char_traits<char>::eof();

bool is_digit(int c) {
  return c >= '0' && c <= '9';
}

// How a byte is named in messages: 'x' for printable ASCII, else its hex value.
std::string describe(int c) {
  if (c == kEof) return "the end of the input";
  if (c > 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("byte 0x") + kHex[(c >> 4) & 0xF] + kHex[c & 0xF];
}

}  // namespace

JsonReader::JsonReader(std::streambuf& input, std::string display_name)
    : input_(input), display_name_(std::move(display_name)) {}

void JsonReader::fail(const std::string& problem, JsonPosition at) const {
  throw std::invalid_argument(display_name_ + " line " + std::to_string(at.line) + " column " +
                              std::to_string(at.column) + ": " + problem);
}

void JsonReader::fail_here(const std::string& problem) const {
  fail(problem, position_);
}

int JsonReader::peek() {
  return input_.sgetc();
}

int JsonReader::take() {
  const int c = input_.sbumpc();
  if (c == '\n') {
    ++position_.line;
    position_.column = 1;
  } else if (c != kEof) {
    ++position_.column;
  }
  return c;
}

void JsonReader::skip_whitespace() {
  if (at_start_) {
    at_start_ = false;
    // A byte-order mark, as PowerShell and some editors write: EF BB BF.
    if (peek() == 0xEF) {
      take();
      if (take() != 0xBB || take() != 0xBF) fail_here("not JSON: stray bytes at the start");
      position_.column = 1;
    }
  }
  for (int c = peek(); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek()) take();
}

JsonToken JsonReader::next() {
  for (;;) {
    skip_whitespace();
    token_position_ = position_;
    const int c = peek();
    switch (expect_) {
      case Expect::kTopValue:
        if (c == kEof) return JsonToken::kEnd;
        return read_value();
      case Expect::kNameOrObjectEnd:
        if (c == '}') return close_container('{');
        [[fallthrough]];
      case Expect::kName:
        if (c != '"') fail_here("expected a member name in double quotes, found " + describe(c));
        read_string();
        skip_whitespace();
        if (peek() != ':') fail_here("expected ':' after the member name \"" + text_ + "\"");
        take();
        expect_ = Expect::kMemberValue;
        return JsonToken::kName;
      case Expect::kMemberValue:
      case Expect::kValue:
        return read_value();
      case Expect::kValueOrArrayEnd:
        if (c == ']') return close_container('[');
        return read_value();
      case Expect::kCommaOrObjectEnd:
        if (c == '}') return close_container('{');
        if (c != ',') fail_here("expected ',' or '}' after a member, found " + describe(c));
        take();
        expect_ = Expect::kName;
        continue;
      case Expect::kCommaOrArrayEnd:
        if (c == ']') return close_container('[');
        if (c != ',') fail_here("expected ',' or ']' after an element, found " + describe(c));
        take();
        expect_ = Expect::kValue;
        continue;
    }
  }
}

JsonToken JsonReader::read_value() {
  const int c = peek();
  if (c == '{' || c == '[') {
    if (containers_.size() >= kMaxDepth) {
      fail_here("nested deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    take();
    containers_.push_back(static_cast<char>(c));
    expect_ = c == '{' ? Expect::kNameOrObjectEnd : Expect::kValueOrArrayEnd;
    return c == '{' ? JsonToken::kObjectStart : JsonToken::kArrayStart;
  }
  if (c == '"') {
    read_string();
    return after_scalar(JsonToken::kString);
  }
  if (c == '-' || is_digit(c)) return after_scalar(read_number());
  if (c == 't') return after_scalar(read_literal("true", JsonToken::kTrue));
  if (c == 'f') return after_scalar(read_literal("false", JsonToken::kFalse));
  if (c == 'n') return after_scalar(read_literal("null", JsonToken::kNull));
  if (c == kEof) {
    fail_here("the input ends inside " +
              std::string(containers_.back() == '{' ? "an object" : "an array") +
              " (is the file complete?)");
  }
  fail_here("expected a JSON value, found " + describe(c));
}

JsonToken JsonReader::close_container(char kind) {
  take();
  containers_.pop_back();
  expect_after_value();
  return kind == '{' ? JsonToken::kObjectEnd : JsonToken::kArrayEnd;
}

JsonToken JsonReader::after_scalar(JsonToken token) {
  expect_after_value();
  return token;
}

void JsonReader::expect_after_value() {
  if (containers_.empty()) {
    expect_ = Expect::kTopValue;
  } else {
    expect_ = containers_.back() == '{' ? Expect::kCommaOrObjectEnd : Expect::kCommaOrArrayEnd;
  }
}

void JsonReader::read_string() {
  take();  // the opening quote
  text_.clear();
  for (;;) {
    const JsonPosition at = position_;
    const int c = take();
    if (c == '"') return;
    if (c == kEof) fail(std::string("a string is not closed"), token_position_);
    if (c < 0x20) fail("control " + describe(c) + " inside a string (JSON needs \\u escapes)", at);
    if (text_.size() >= kMaxStringBytes) {
      fail(std::string("a string is longer than 65,536 bytes"), token_position_);
    }
    if (c == '\\') {
      read_escape(at);
    } else {
      text_.push_back(static_cast<char>(c));
    }
  }
}

void JsonReader::read_escape(JsonPosition at) {
  const int c = take();
  switch (c) {
    case '"':
    case '\\':
    case '/':
      text_.push_back(static_cast<char>(c));
      return;
    case 'b':
      text_.push_back('\b');
      return;
    case 'f':
      text_.push_back('\f');
      return;
    case 'n':
      text_.push_back('\n');
      return;
    case 'r':
      text_.push_back('\r');
      return;
    case 't':
      text_.push_back('\t');
      return;
    case 'u':
      break;
    default:
      fail("unknown escape \\" + (c == kEof ? std::string() : std::string(1, char(c))) +
               " in a string",
           at);
  }
  unsigned code_point = read_hex4(at);
  if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
    fail("a low surrogate \\u escape without a high one before it", at);
  }
  if (code_point >= 0xD800 && code_point <= 0xDBFF) {
    // UTF-16 surrogate pair, as Python's json writes characters outside the BMP (emoji).
    if (take() != '\\' || take() != 'u') fail("a high surrogate \\u escape without its pair", at);
    const unsigned low = read_hex4(at);
    if (low < 0xDC00 || low > 0xDFFF) fail("a high surrogate \\u escape without its pair", at);
    code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
  }
  append_utf8(code_point);
}

unsigned JsonReader::read_hex4(JsonPosition at) {
  unsigned value = 0;
  for (int i = 0; i < 4; ++i) {
    const int digit = hex_value(take());
    if (digit < 0) fail("\\u must be followed by 4 hex digits", at);
    value = value * 16 + static_cast<unsigned>(digit);
  }
  return value;
}

void JsonReader::append_utf8(unsigned code_point) {
  const auto byte = [](unsigned value) { return static_cast<char>(value); };
  if (code_point < 0x80) {
    text_.push_back(byte(code_point));
  } else if (code_point < 0x800) {
    text_.push_back(byte(0xC0 | (code_point >> 6)));
    text_.push_back(byte(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    text_.push_back(byte(0xE0 | (code_point >> 12)));
    text_.push_back(byte(0x80 | ((code_point >> 6) & 0x3F)));
    text_.push_back(byte(0x80 | (code_point & 0x3F)));
  } else {
    text_.push_back(byte(0xF0 | (code_point >> 18)));
    text_.push_back(byte(0x80 | ((code_point >> 12) & 0x3F)));
    text_.push_back(byte(0x80 | ((code_point >> 6) & 0x3F)));
    text_.push_back(byte(0x80 | (code_point & 0x3F)));
  }
}

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
JsonToken JsonReader::read_number() {
  constexpr size_t kMaxNumberBytes = 64;
  text_.clear();
  const auto take_digits = [&](const char* where) {
    if (!is_digit(peek())) fail_here(std::string("expected a digit ") + where);
    while (is_digit(peek()) && text_.size() <= kMaxNumberBytes) text_.push_back(char(take()));
  };
  if (peek() == '-') text_.push_back(char(take()));
  if (peek() == '0') {
    text_.push_back(char(take()));
  } else {
    take_digits("in a number");
  }
  if (peek() == '.') {
    text_.push_back(char(take()));
    take_digits("after the decimal point");
  }
  if (peek() == 'e' || peek() == 'E') {
    text_.push_back(char(take()));
    if (peek() == '+' || peek() == '-') text_.push_back(char(take()));
    take_digits("in the exponent");
  }
  if (text_.size() > kMaxNumberBytes) fail(std::string("a number is too long"), token_position_);
  return JsonToken::kNumber;
}

JsonToken JsonReader::read_literal(const char* word, JsonToken token) {
  for (const char* expected = word; *expected != '\0'; ++expected) {
    if (take() != *expected) {
      fail(std::string("expected a JSON value (did you mean ") + word + "?)", token_position_);
    }
  }
  return token;
}

void JsonReader::skip_value(JsonToken first) {
  if (first != JsonToken::kObjectStart && first != JsonToken::kArrayStart) return;
  const size_t outside = depth() - 1;
  while (depth() > outside) {
    if (next() == JsonToken::kEnd) return;  // unreachable: next() throws inside a container
  }
}

}  // namespace s3copy::plan
