// Integration tests run on each local S3 server (radosgw, moto): the fixture that chooses a test's
// server, and the tally behind the summary line that says how many tests ran on each.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "test/support/test_server.h"

namespace s3copy::test {

// Makes `kind` the running test's server; skips the test (GTEST_SKIP, with the reason) where that
// server is not available. Call it from SetUp(): a skip there keeps the test body from running.
void run_on(ServerKind kind);

// "Radosgw" or "Moto", for parameterised test names; PrintTo shows it in failure messages.
std::string server_label(ServerKind kind);
inline void PrintTo(ServerKind kind, std::ostream* out) {
  *out << server_label(kind);
}

// A test run once on each server: TEST_P(OnEachServer, ...) after
// INSTANTIATE_TEST_SUITE_P(Servers, Suite, kEachServer, each_server_name) for a derived Suite.
class OnEachServer : public ::testing::TestWithParam<ServerKind> {
 protected:
  void SetUp() override { run_on(GetParam()); }
  bool on_moto() const { return GetParam() == ServerKind::kMoto; }
};

inline const auto kEachServer = ::testing::Values(ServerKind::kRadosgw, ServerKind::kMoto);
std::string each_server_name(const ::testing::TestParamInfo<ServerKind>& info);

}  // namespace s3copy::test
