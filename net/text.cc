// ASCII text helpers shared by the config parsers, the HTTP code and the log: trimming and
// case-insensitive comparison of names (header names, setting names, log levels).
#include "net/text.h"

#include <algorithm>

namespace s3copy::net {

std::string_view trim(std::string_view text) {
  const size_t first = text.find_first_not_of(kAsciiWhitespace);
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(kAsciiWhitespace);
  return text.substr(first, last - first + 1);
}

std::string to_lower(std::string_view text) {
  std::string lowered(text);
  std::ranges::transform(lowered, lowered.begin(), ascii_lower);
  return lowered;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, {}, ascii_lower, ascii_lower);
}

}  // namespace s3copy::net
