// Bad input the user can fix, with its place: `where` names it (a file and line, an option, a URL
// argument) and `problem` says what is wrong and the fix. what() is "<where>: <problem>".
#include "plan/input_error.h"

#include <utility>

namespace s3copy::plan {

InputError::InputError(std::string where, std::string problem)
    : std::invalid_argument(where + ": " + problem),
      where_(std::move(where)),
      problem_(std::move(problem)) {}

std::string line_of(std::string_view display_name, std::size_t line_number) {
  return std::string(display_name) + " line " + std::to_string(line_number);
}

}  // namespace s3copy::plan
