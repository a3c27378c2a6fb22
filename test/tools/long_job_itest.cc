// Operating long jobs end to end: what a run without a terminal (cron, a pod) tells its log while
// it runs, and the failed plan it keeps. Jobs are made long by a proxy that delays every request.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "plan/plan_file.h"
#include "test/support/fault_proxy.h"
#include "test/support/independent_client.h"
#include "test/support/s3copy_runner.h"
#include "test/support/temp_dir.h"

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

// The keys of a failed plan, or nothing while it is not there (or not whole: never, it is renamed
// into place).
std::set<std::string> failed_keys(const std::string& path) {
  std::set<std::string> keys;
  try {
    plan::PlanFile plan(path, "failed.plan");
    while (const std::optional<plan::Action> line = plan.next()) keys.insert(line->source.key);
  } catch (const std::invalid_argument&) {
    return {};
  }
  return keys;
}

TEST(FailedPlan, AKilledRunLeavesAFailedPlanThatFinishesItsFailures) {
  const std::string source = fresh_bucket("killfailed");
  const std::string dest = fresh_bucket("killfaileddst");
  probe_ok(1, {"fill", source, "a-doomed-", "3"});
  probe_ok(1, {"fill", source, "b-fine-", "100"});
  const std::set<std::string> doomed{"a-doomed-00000000", "a-doomed-00000001", "a-doomed-00000002"};
  // The doomed objects (first in key order) always fail; every request waits 100 ms, so the
  // others take over 10 s one at a time.
  FaultProxy proxy({"--fail-key-regex", "^/[^?]*/a-doomed-[0-9]+$", "--latency-ms", "100"});
  TempDir dir("s3copy-killed-failed-plan");
  const std::string path = (dir.path() / "failed.plan").string();
  const int pid =
      start_s3copy({"s3://" + source, "s3://" + dest, "--endpoint-url", proxy.endpoint(), "-t", "1",
                    "--retries", "2", "--stats-interval", "1", "--failed-plan", path});
  ASSERT_GT(pid, 0);
  for (int poll = 0; poll < 300 && failed_keys(path) != doomed; ++poll) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, WNOHANG), 0) << "the run ended before it could be killed";
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  ASSERT_EQ(failed_keys(path), doomed) << "the failed plan a killed run left";
  EXPECT_LT(keys_in(dest).size(), 100u) << "killed before it copied everything";

  const CommandResult applied = run_s3copy({"--apply-plan", path, "--json"});
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(json_counts(applied)["copied"], 3);
  for (const std::string& key : doomed) EXPECT_EQ(listing(dest).count(key), 1u) << key;
}

}  // namespace
}  // namespace s3copy::test
