// s3copy killed with SIGKILL at random moments (seeded) during a mixed job, in both multipart
// methods and applying a plan, and two copies of one job at once: every rerun finishes the job.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>

#include "test/support/independent_client.h"
#include "test/support/s3copy_runner.h"
#include "test/support/temp_dir.h"
#include "test/support/test_server.h"

namespace s3copy::test {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr int kSmallObjects = 600;
constexpr int kMultipartObjects = 3;

// Small objects and multipart objects of 4 parts of 5 MiB, the last one short.
std::string mixed_source(const std::string& stem) {
  const std::string source = fresh_bucket(stem);
  probe_ok(1, {"fill", source, "small/", std::to_string(kSmallObjects), "700"});
  for (int i = 0; i < kMultipartObjects; ++i) {
    const std::string key = "big/object-" + std::to_string(i);
    probe_ok(1, {"put-multipart", source, hex(key), std::to_string(19 * kMiB + i), "5242880", key});
  }
  // Uploads must start in a later second than the sources' Last-Modified to be resumed.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  return source;
}

// The destination's objects outside the staged method's temp area.
std::map<std::string, std::string> copies_in(const std::string& dest) {
  std::map<std::string, std::string> objects = listing(dest);
  std::erase_if(objects, [](const auto& object) { return object.first.starts_with("temp/"); });
  return objects;
}

// Requests s3copy has logged so far (one DEBUG line each).
int requests_logged(const std::filesystem::path& log) {
  std::ifstream in(log);
  std::string line;
  int requests = 0;
  while (std::getline(in, line)) requests += line.find(" -> HTTP ") != std::string::npos ? 1 : 0;
  return requests;
}

// Starts the job and kills it once it has made a random number of requests (a moment that does
// not depend on how fast the machine is); true when it was still running then.
bool run_and_kill(const std::vector<std::string>& args, const std::filesystem::path& log,
                  std::mt19937& random) {
  std::uniform_int_distribution<int> requests_before_kill(5, 80);
  const int kill_after = requests_before_kill(random);
  std::filesystem::remove(log);
  std::vector<std::string> logged = args;
  logged.insert(logged.end(), {"-l", "DEBUG", "-L", log.string()});
  const int pid = start_s3copy(logged);
  bool running = true;
  while (running && requests_logged(log) < kill_after) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    running = waitpid(pid, nullptr, WNOHANG) == 0;
  }
  if (!running) return false;
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return true;
}

// Kills `job` (an s3copy command line) `rounds` times mid-way, then lets it finish and checks
// that the destination equals the source and that nothing is left open or copied twice.
void kill_repeatedly_then_finish(const std::vector<std::string>& job, const std::string& source,
                                 const std::string& dest, int rounds, unsigned seed) {
  std::vector<std::string> args = job;
  args.insert(args.end(), {"-t", "4", "--json"});
  std::mt19937 random(seed);
  TempDir dir("s3copy-crash");
  int interrupted = 0;
  for (int round = 0; round < rounds; ++round) {
    interrupted += run_and_kill(args, dir.path() / "debug.log", random) ? 1 : 0;
  }
  std::cout << "[ crash    ] " << interrupted << " of " << rounds << " runs killed mid-job (seed "
            << seed << ")" << std::endl;
  EXPECT_EQ(interrupted, rounds) << "the job ran out of work before every round was killed";

  // The kills left uploads behind; they must be older than the finishing run to be reclaimed.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const CommandResult finish = run_s3copy(args);
  ASSERT_EQ(finish.exit_code, 0) << finish.err;
  EXPECT_EQ(copies_in(dest), listing(source));
  for (int i = 0; i < kMultipartObjects; ++i) {
    const std::string key = "big/object-" + std::to_string(i);
    EXPECT_EQ(probe_ok(1, {"md5", dest, hex(key)}), probe_ok(1, {"md5", source, hex(key)})) << key;
  }
  EXPECT_EQ(probe_ok(1, {"uploads", dest}), "") << "an upload of a killed run was left open";
  const CommandResult again = run_s3copy(args);
  EXPECT_EQ(json_counts(again)["copied"], 0) << again.err;
}

TEST(Crash, DirectMethodSurvivesTenRandomKills) {
  const std::string source = mixed_source("crashsrc");
  const std::string dest = fresh_bucket("crashdst");
  // The threshold keeps radosgw from copying the multipart objects whole: they are copied in parts.
  kill_repeatedly_then_finish({"s3://" + source, "s3://" + dest, "--multipart-threshold", "8MiB"},
                              source, dest, 10, 20261126);
}

TEST(Crash, StagedMethodSurvivesTenRandomKills) {
  const std::string source = mixed_source("crashstgsrc");
  const std::string dest = fresh_bucket("crashstgdst");
  kill_repeatedly_then_finish({"s3://" + source, "s3://" + dest, "--staged"}, source, dest, 10,
                              4242);
}

TEST(Crash, AppliedPlanSurvivesTenRandomKills) {
  const std::string source = mixed_source("crashplansrc");
  const std::string dest = fresh_bucket("crashplandst");
  TempDir dir("s3copy-crashplan");
  const std::string plan = (dir.path() / "job.plan").string();
  const CommandResult emitted = run_s3copy({"s3://" + source, "s3://" + dest, "--emit-plan", plan});
  ASSERT_EQ(emitted.exit_code, 0) << emitted.err;
  kill_repeatedly_then_finish({"--apply-plan", plan}, source, dest, 10, 77);
}

TEST(Crash, TwoCopiesOfOneJobAtOnceLeaveACorrectDestination) {
  const std::string source = mixed_source("twinsrc");
  const std::string dest = fresh_bucket("twindst");
  const std::vector<std::string> args{"s3://" + source, "s3://" + dest, "-t", "8", "--json"};
  // The second is started from another thread so that both really run at the same time.
  CommandResult second;
  std::thread twin([&] { second = run_s3copy(args); });
  const CommandResult first = run_s3copy(args);
  twin.join();
  // Each may lose a race for an upload to the other (exit 1, named); none may corrupt anything.
  EXPECT_LE(first.exit_code, 1) << first.err;
  EXPECT_LE(second.exit_code, 1) << second.err;
  const CommandResult rerun = run_s3copy(args);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(copies_in(dest), listing(source));
  EXPECT_EQ(probe_ok(1, {"uploads", dest}), "");
}

}  // namespace
}  // namespace s3copy::test
