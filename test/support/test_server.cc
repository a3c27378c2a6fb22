// What integration tests know about the local S3 server that tools/s3-server started:
// its endpoint and two users, read from the S3COPY_TEST_* variables that `s3-server env` prints.
#include "test/support/test_server.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace s3copy::test {
namespace {

std::string required_variable(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    std::fprintf(stderr,
                 "integration tests: %s is not set. Run them with `make test` (tools/run-tests "
                 "starts the local S3 server and sets S3COPY_TEST_*).\n",
                 name);
    std::abort();
  }
  return value;
}

TestUser read_user(const std::string& suffix) {
  return TestUser{required_variable(("S3COPY_TEST_ACCESS_KEY" + suffix).c_str()),
                  required_variable(("S3COPY_TEST_SECRET_KEY" + suffix).c_str()),
                  required_variable(("S3COPY_TEST_USER" + suffix + "_ID").c_str()),
                  required_variable(("S3COPY_TEST_USER" + suffix + "_EMAIL").c_str())};
}

}  // namespace

const TestServer& TestServer::get() {
  static const TestServer server{required_variable("S3COPY_TEST_ENDPOINT"),
                                 required_variable("S3COPY_TEST_REGION"), read_user(""),
                                 read_user("2")};
  return server;
}

net::ConnectionSettings TestServer::settings(int number) const {
  net::ConnectionSettings settings;
  settings.credentials = {user(number).access_key, user(number).secret_key, ""};
  settings.credentials_source = "test user " + std::to_string(number);
  settings.endpoint = endpoint;
  settings.endpoint_is_aws = false;
  settings.region = region;
  settings.path_style = true;
  return settings;
}

std::string unique_bucket_name(const std::string& stem) {
  static std::atomic<int> counter{0};
  return "s3copy-it-" + stem + "-" + std::to_string(getpid()) + "-" +
         std::to_string(counter.fetch_add(1));
}

}  // namespace s3copy::test
