// libFuzzer target for the key lists of -F and -P (plan/key_list.h): KeyListReader turns any bytes
// into keys that S3 could hold, or stops with a line-numbered std::invalid_argument.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "plan/key_list.h"

namespace {

using namespace s3copy::plan;

// Reports a broken property as a crash, so that libFuzzer keeps the input as an artifact.
[[noreturn]] void property_broken(const char* property) {
  std::fprintf(stderr, "property broken: %s\n", property);
  std::abort();
}

// What the reader promises about every key it returns (plan/key_list.h).
void check_key(const std::string& key) {
  if (!key_problem(key).empty()) property_broken("a returned key has no key_problem()");
  if (key.find('\n') != std::string::npos) property_broken("a key holds no newline");
  if (key.front() == '#') property_broken("comment lines are skipped");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream input(std::string(reinterpret_cast<const char*>(data), size));
  KeyListReader reader(input, "keys.txt");
  try {
    while (const std::optional<std::string> key = reader.next()) check_key(*key);
  } catch (const std::invalid_argument&) {
    // The documented answer to a line that cannot be a key; the command stops there too.
  }
  return 0;
}
