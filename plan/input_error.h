// Bad input the user can fix, with its place: `where` names it (a file and line, an option, a URL
// argument) and `problem` says what is wrong and the fix. what() is "<where>: <problem>".
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace s3copy::plan {

// An std::invalid_argument, so that every "bad input: the job cannot start" handler takes it.
class InputError : public std::invalid_argument {
 public:
  InputError(std::string where, std::string problem);

  const std::string& where() const noexcept { return where_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  std::string where_;
  std::string problem_;
};

// The `where` of a line in a named input: "plan.txt line 3".
std::string line_of(std::string_view display_name, std::size_t line_number);

}  // namespace s3copy::plan
