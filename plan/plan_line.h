// The line format of plans: one action per line, tab-separated, keys percent-encoded so any key
// round-trips. `-n` prints it, --emit-plan saves it and --apply-plan reads it (plan/FORMAT.md).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "plan/action.h"
#include "plan/input_error.h"

namespace s3copy::plan {

// The first line of every plan; a file without it is not a plan (or one of another version).
inline constexpr std::string_view kPlanHeader = "# s3copy plan v1";
// The second line: names of the columns, for people reading the file.
inline constexpr std::string_view kPlanColumns =
    "# verdict\tmethod\tsize\tsource_etag\tsource\tdestination\tpart_size\treason";

// One line, without the newline.
std::string format_action(const Action& action);

// Parses a line made by format_action. Throws InputError, where "plan line N", and what is wrong.
Action parse_action(std::string_view line, size_t line_number);

// "s3://bucket/" + the key with control bytes, space, '%' and DEL percent-encoded; the rest
// (UTF-8 included) stays readable.
std::string format_object_url(std::string_view bucket, std::string_view key);

}  // namespace s3copy::plan
