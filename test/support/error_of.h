// Test helper for code that reports bad input by throwing: turns the throw into its message, so a
// test can compare the whole message the user would see.
#pragma once

#include <functional>
#include <string>

namespace s3copy::test {

// The message of the `Error` that `action` throws, or "(no error)" when it throws none. Other
// exceptions pass through.
template <class Error>
std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace s3copy::test
