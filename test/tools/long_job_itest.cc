// Operating long jobs end to end: what a run without a terminal (cron, a pod) tells its log while
// it runs. The job is made long by a proxy that delays every request, not by many objects.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "test/support/fault_proxy.h"
#include "test/support/independent_client.h"
#include "test/support/s3copy_runner.h"

namespace s3copy::test {
namespace {

std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> found;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(needle) != std::string::npos) found.push_back(line);
  }
  return found;
}

// About 60 s: 290 one-request copies, one at a time, each delayed 200 ms.
TEST(StatusLines, AJobWithoutATerminalLogsAPlainStatusLineEveryInterval) {
  const std::string source = fresh_bucket("status");
  const std::string dest = fresh_bucket("statusdst");
  constexpr int kObjects = 290;
  probe_ok(1, {"fill", source, "obj/", std::to_string(kObjects)});
  FaultProxy proxy({"--latency-ms", "200"});

  const auto started = std::chrono::steady_clock::now();
  const CommandResult run = run_s3copy_via(
      proxy.endpoint(),
      {"s3://" + source, "s3://" + dest, "--json", "-t", "1", "--stats-interval", "5"});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(json_counts(run)["copied"], kObjects);

  const std::vector<std::string> status = lines_with(run.err, " INFO status: objects ");
  std::printf("[status lines] %zu in a %.1f s run (--stats-interval 5)\n", status.size(), seconds);
  // One line per whole 5 s of the run (its own clock starts a little after ours).
  const int expected = static_cast<int>(seconds / 5);
  EXPECT_GE(static_cast<int>(status.size()), expected - 1) << run.err;
  EXPECT_LE(static_cast<int>(status.size()), expected) << run.err;
  EXPECT_GE(status.size(), 8u) << "the job should have run for about a minute: " << run.err;
  EXPECT_EQ(run.err.find('\r'), std::string::npos) << "no carriage returns in a log";
  EXPECT_EQ(run.err.find('\033'), std::string::npos) << "no terminal control codes in a log";
  for (const std::string& line : status) {
    EXPECT_NE(line.find(" done (copied "), std::string::npos) << line;
    EXPECT_NE(line.find(" objects/s, "), std::string::npos) << line;
  }

  // 0 turns them off: ten copies (over 2 s) to a new bucket leave no status line.
  const std::string quiet_dest = fresh_bucket("statusquiet");
  const CommandResult quiet =
      run_s3copy_via(proxy.endpoint(), {"s3://" + source + "/obj/0000001*", "s3://" + quiet_dest,
                                        "--json", "-t", "1", "--stats-interval", "0"});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(json_counts(quiet)["copied"], 10);
  EXPECT_TRUE(lines_with(quiet.err, "status:").empty()) << quiet.err;
}

}  // namespace
}  // namespace s3copy::test
