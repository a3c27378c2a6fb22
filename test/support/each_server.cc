// Integration tests run on each local S3 server (radosgw, moto): the fixture that chooses a test's
// server, and the tally behind the summary line that says how many tests ran on each.
#include "test/support/each_server.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

namespace s3copy::test {
namespace {

// The server the running test asked for, available or not.
ServerKind chosen = ServerKind::kRadosgw;

std::string joined(const std::set<std::string>& reasons) {
  std::string text;
  for (const std::string& reason : reasons) text += (text.empty() ? "" : "; ") + reason;
  return text;
}

// Every test starts on radosgw (the primary server) and is counted, at its end, on the server it
// used: as run or as skipped (with the reason given).
class ServerTally : public ::testing::EmptyTestEventListener {
  struct Counts {
    int ran = 0;
    int skipped = 0;
    std::set<std::string> skip_reasons;
  };

  void OnTestStart(const ::testing::TestInfo&) override {
    chosen = ServerKind::kRadosgw;
    TestServer::use(chosen);
  }

  void OnTestEnd(const ::testing::TestInfo& info) override {
    Counts& counts = counts_[chosen];
    if (!info.result()->Skipped()) {
      ++counts.ran;
      return;
    }
    ++counts.skipped;
    for (int i = 0; i < info.result()->total_part_count(); ++i) {
      const ::testing::TestPartResult& part = info.result()->GetTestPartResult(i);
      if (part.skipped()) counts.skip_reasons.insert(part.message());
    }
  }

  void OnTestProgramEnd(const ::testing::UnitTest&) override {
    std::string line = "integration tests:";
    for (ServerKind server : {ServerKind::kRadosgw, ServerKind::kMoto}) {
      const Counts& counts = counts_[server];
      line += std::string(server == ServerKind::kMoto ? ", " : " ") + std::to_string(counts.ran) +
              " ran on " + (server == ServerKind::kMoto ? "moto" : "radosgw");
      if (counts.skipped > 0) {
        line += " (" + std::to_string(counts.skipped) + " skipped: " + joined(counts.skip_reasons) +
                ")";
      }
    }
    std::printf("%s\n", line.c_str());
    // tools/run-tests shows it after ctest, which keeps the output of passing tests to itself.
    if (const char* path = std::getenv("S3COPY_TEST_SUMMARY")) std::ofstream(path) << line << "\n";
  }

  std::map<ServerKind, Counts> counts_;
};

const bool kTallyRegistered = [] {
  ::testing::UnitTest::GetInstance()->listeners().Append(new ServerTally);
  return true;
}();

}  // namespace

void run_on(ServerKind kind) {
  chosen = kind;
  const std::string reason = TestServer::use(kind);
  if (!reason.empty()) GTEST_SKIP() << server_label(kind) << " is not available: " << reason;
}

std::string server_label(ServerKind kind) {
  return kind == ServerKind::kMoto ? "Moto" : "Radosgw";
}

std::string each_server_name(const ::testing::TestParamInfo<ServerKind>& info) {
  return server_label(info.param);
}

}  // namespace s3copy::test
