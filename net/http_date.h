// The two date forms S3 uses, as seconds since the epoch: HTTP headers' RFC 1123 dates
// ("Wed, 25 Nov 2026 22:21:24 GMT") and XML's ISO 8601 times ("2026-11-25T22:21:24.000Z").
#pragma once

#include <ctime>
#include <optional>
#include <string_view>

namespace s3copy::net {

// Last-Modified and friends; nullopt when `text` is not such a date.
std::optional<std::time_t> parse_http_date(std::string_view text);

// <LastModified>, <Initiated>; fractions of a second are dropped. nullopt when not such a time.
std::optional<std::time_t> parse_iso8601_time(std::string_view text);

}  // namespace s3copy::net
