// Test helper for code that reports bad configuration by throwing net::ConfigError: turns the
// throw into its message, so a test can compare the whole message the user would see.
#include "test/support/config_error_of.h"

#include "net/config_error.h"
#include "test/support/error_of.h"

namespace s3copy::test {

std::string config_error_of(const std::function<void()>& action) {
  return error_of<net::ConfigError>(action);
}

}  // namespace s3copy::test
