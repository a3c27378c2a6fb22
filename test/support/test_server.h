// What integration tests know about the local S3 server that tools/s3-server started:
// its endpoint and two users, read from the S3COPY_TEST_* variables that `s3-server env` prints.
#pragma once

#include <string>

#include "net/connection_settings.h"

namespace s3copy::test {

struct TestUser {
  std::string access_key;
  std::string secret_key;
  std::string id;
  std::string email;
};

struct TestServer {
  std::string endpoint;
  std::string region;
  TestUser user1;
  TestUser user2;

  // Aborts the test binary with a clear message when the variables are missing: integration
  // tests must run under tools/run-tests, never silently pass without a server.
  static const TestServer& get();

  // Connection settings for user 1 or 2 (path-style, the server's endpoint and region).
  net::ConnectionSettings settings(int user = 1) const;
  const TestUser& user(int number) const { return number == 2 ? user2 : user1; }
};

// A bucket name no other test (or earlier run) uses: "s3copy-it-<stem>-<pid>-<n>".
std::string unique_bucket_name(const std::string& stem);

}  // namespace s3copy::test
