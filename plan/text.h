// Small text helpers the parsers of plan/ share: hex digits, the %-escapes of plan lines, and
// byte counts written the way people read them in messages.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace s3copy::plan {

// 0-15 for a hex digit of either case; -1 for anything else (end-of-input values included).
int hex_value(int c);

// "%XX" escapes turned back into their bytes; nullopt when a '%' is not followed by two hex
// digits. Nothing else ('+' included) is changed.
std::optional<std::string> percent_decode(std::string_view text);

// 1030 -> "1,030".
std::string with_thousands_separators(size_t number);

}  // namespace s3copy::plan
