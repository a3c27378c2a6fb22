// The error for configuration the user must fix: config files, conflicting flags, bad endpoint
// URLs. Its message is for the user: it names the place (file and line, flag or variable) and the
// fix.
#pragma once

#include <stdexcept>

namespace s3copy::net {

// Example message: "/root/.s3cfg line 7: expected 'name = value', got '[default' — fix or remove
// that line". Messages never contain a secret, because they are printed and logged.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace s3copy::net
