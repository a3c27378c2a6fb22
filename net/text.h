// ASCII text helpers shared by the config parsers, the HTTP code and the log: trimming and
// case-insensitive comparison of names (header names, setting names, log levels).
#pragma once

#include <string>
#include <string_view>

namespace s3copy::net {

// The characters trim() removes: the C locale's isspace() set.
inline constexpr std::string_view kAsciiWhitespace = " \t\r\n\f\v";

// 'A'-'Z' become 'a'-'z'; every other byte is returned unchanged. ASCII only, on purpose: the
// names compared here are ASCII by their specifications, and the result must not depend on the
// process locale. Inline because header sorting and log redaction call it per character.
inline char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `text` without leading and trailing kAsciiWhitespace; a view into `text`.
std::string_view trim(std::string_view text);

// A copy of `text` with ascii_lower() applied to every byte: "Content-Type" -> "content-type".
std::string to_lower(std::string_view text);

// True when `a` and `b` differ at most in the case of ASCII letters: ("ETag", "etag") is true.
bool equals_ignoring_case(std::string_view a, std::string_view b);

}  // namespace s3copy::net
