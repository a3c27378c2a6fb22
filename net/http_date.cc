// The two date forms S3 uses, as seconds since the epoch: HTTP headers' RFC 1123 dates
// ("Wed, 25 Nov 2026 22:21:24 GMT") and XML's ISO 8601 times ("2026-11-25T22:21:24.000Z").
#include "net/http_date.h"

#include <string>

namespace s3copy::net {
namespace {

// strptime needs a zero-terminated string and reports where it stopped.
std::optional<std::time_t> parse_with(std::string_view text, const char* format,
                                      std::string_view allowed_rest) {
  const std::string copy(text);
  std::tm fields{};
  const char* rest = strptime(copy.c_str(), format, &fields);
  if (rest == nullptr) return std::nullopt;
  const std::string_view tail(rest);
  if (tail.find_first_not_of(allowed_rest) != std::string_view::npos) return std::nullopt;
  return timegm(&fields);
}

}  // namespace

std::optional<std::time_t> parse_http_date(std::string_view text) {
  return parse_with(text, "%a, %d %b %Y %H:%M:%S GMT", "");
}

std::optional<std::time_t> parse_iso8601_time(std::string_view text) {
  return parse_with(text, "%Y-%m-%dT%H:%M:%S", ".0123456789Z");
}

}  // namespace s3copy::net
