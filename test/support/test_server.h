// What integration tests know about the local S3 servers that tools/s3-server (radosgw, primary)
// and tools/moto-server (moto, a model of AWS) started, read from the variables their `env` prints.
#pragma once

#include <string>

#include "net/connection_settings.h"

namespace s3copy::test {

enum class ServerKind { kRadosgw, kMoto };

struct TestUser {
  std::string access_key;
  std::string secret_key;
  std::string id;
  std::string email;  // empty where the server has none (moto)
};

struct TestServer {
  ServerKind kind = ServerKind::kRadosgw;
  std::string name;  // "radosgw" or "moto", for messages and the per-server summary
  std::string endpoint;
  std::string region;
  TestUser user1;
  TestUser user2;

  // The server the running test uses: radosgw, unless the test chose another with use(). Aborts
  // the test binary with a clear message when radosgw's variables are missing: integration tests
  // must run under tools/run-tests, never silently pass without a server.
  static const TestServer& get();

  // Makes `kind` the server of the running test (the support functions follow it). Returns why
  // that server is not available here, or "" when it is; the caller then skips the test.
  static std::string use(ServerKind kind);

  // Connection settings for user 1 or 2 (path-style, the server's endpoint and region).
  net::ConnectionSettings settings(int user = 1) const;
  const TestUser& user(int number) const { return number == 2 ? user2 : user1; }
};

// A bucket name no other test (or earlier run) uses: "s3copy-it-<stem>-<pid>-<n>".
std::string unique_bucket_name(const std::string& stem);

}  // namespace s3copy::test
