// libFuzzer target for the plan line parser (plan/plan_line.h): any line is parsed or refused
// with an InputError; a line that parses is consistent and survives format_action() unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string_view>

#include "plan/plan_line.h"

namespace {

using namespace s3copy::plan;

// Reports a broken property as a crash, so that libFuzzer keeps the input as an artifact.
[[noreturn]] void property_broken(const char* property) {
  std::fprintf(stderr, "property broken: %s\n", property);
  std::abort();
}

std::optional<Action> parsed(std::string_view line) {
  try {
    return parse_action(line, 1);
  } catch (const InputError&) {
    return std::nullopt;  // the documented answer to a malformed line
  }
}

// FORMAT.md: uneven part sizes add up to the object's size; the copier cuts the object by them.
void check_part_sizes(const Action& action) {
  if (action.part_sizes.empty()) return;
  std::uint64_t total = 0;
  for (const std::uint64_t size : action.part_sizes) {
    if (size > std::numeric_limits<std::uint64_t>::max() - total) {
      property_broken("part sizes add up without overflowing");
    }
    total += size;
  }
  if (total != action.source.size) property_broken("part sizes add up to the size");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const std::optional<Action> action = parsed(line);
  if (!action) return 0;
  check_part_sizes(*action);
  // A saved plan is applied as written, so the writer must not change what the reader accepted.
  const std::optional<Action> reparsed = parsed(format_action(*action));
  if (reparsed != action) property_broken("parse_action(format_action(a)) == a");
  return 0;
}
