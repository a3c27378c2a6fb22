// Test helper for code that reports bad configuration by throwing net::ConfigError: turns the
// throw into its message, so a test can compare the whole message the user would see.
#pragma once

#include <functional>
#include <string>

namespace s3copy::test {

// The message of the ConfigError that `action` throws, or "(no error)" when it throws none.
// Other exceptions pass through.
std::string config_error_of(const std::function<void()>& action);

}  // namespace s3copy::test
