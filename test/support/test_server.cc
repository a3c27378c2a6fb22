// What integration tests know about the local S3 servers that tools/s3-server (radosgw, primary)
// and tools/moto-server (moto, a model of AWS) started, read from the variables their `env` prints.
#include "test/support/test_server.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace s3copy::test {
namespace {

std::optional<std::string> variable(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string required_variable(const std::string& name) {
  if (auto value = variable(name)) return *value;
  std::fprintf(stderr,
               "integration tests: %s is not set. Run them with `make test` (tools/run-tests "
               "starts the local S3 servers and sets S3COPY_TEST_*).\n",
               name.c_str());
  std::abort();
}

TestUser read_radosgw_user(const std::string& suffix) {
  return TestUser{required_variable("S3COPY_TEST_ACCESS_KEY" + suffix),
                  required_variable("S3COPY_TEST_SECRET_KEY" + suffix),
                  required_variable("S3COPY_TEST_USER" + suffix + "_ID"),
                  required_variable("S3COPY_TEST_USER" + suffix + "_EMAIL")};
}

const TestServer& radosgw() {
  static const TestServer server{ServerKind::kRadosgw,
                                 "radosgw",
                                 required_variable("S3COPY_TEST_ENDPOINT"),
                                 required_variable("S3COPY_TEST_REGION"),
                                 read_radosgw_user(""),
                                 read_radosgw_user("2")};
  return server;
}

// moto maps every key to one account: both users share its owner ID.
TestServer read_moto() {
  const std::string owner = required_variable("S3COPY_TEST_MOTO_OWNER_ID");
  return TestServer{ServerKind::kMoto,
                    "moto",
                    required_variable("S3COPY_TEST_MOTO_ENDPOINT"),
                    required_variable("S3COPY_TEST_MOTO_REGION"),
                    {required_variable("S3COPY_TEST_MOTO_ACCESS_KEY"),
                     required_variable("S3COPY_TEST_MOTO_SECRET_KEY"), owner, ""},
                    {required_variable("S3COPY_TEST_MOTO_ACCESS_KEY2"),
                     required_variable("S3COPY_TEST_MOTO_SECRET_KEY2"), owner, ""}};
}

// Why moto cannot be used here, or "" when it can.
std::string moto_unavailable() {
  if (auto reason = variable("S3COPY_TEST_MOTO_UNAVAILABLE")) return *reason;
  if (!variable("S3COPY_TEST_MOTO_ENDPOINT")) {
    return "S3COPY_TEST_MOTO_ENDPOINT is not set (tools/run-tests starts tools/moto-server)";
  }
  return "";
}

const TestServer* current = nullptr;

}  // namespace

const TestServer& TestServer::get() {
  return current != nullptr ? *current : radosgw();
}

std::string TestServer::use(ServerKind kind) {
  if (kind == ServerKind::kRadosgw) {
    current = &radosgw();
    return "";
  }
  const std::string reason = moto_unavailable();
  if (!reason.empty()) return reason;
  static const TestServer moto = read_moto();
  current = &moto;
  return "";
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
