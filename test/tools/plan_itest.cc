// Issue 5 end to end against radosgw, checked with aws-cli, s3cmd and boto3: saved plans (emit,
// apply, apply again, kill -9, stale sources), shards as concurrent processes, piped object lists.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "net/crypto.h"
#include "test/support/independent_client.h"
#include "test/support/s3copy_runner.h"
#include "test/support/temp_dir.h"
#include "test/support/test_server.h"

namespace s3copy::test {
namespace {

using Keys = std::vector<std::string>;
using Listing = std::map<std::string, std::string>;

constexpr std::uint64_t kMiB = 1ull << 20;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The plan's lines that start with `verdict` + tab.
std::vector<std::string> plan_lines(const std::string& plan, const std::string& verdict) {
  std::vector<std::string> found;
  for (const std::string& line : lines_of(plan)) {
    if (line.starts_with(verdict + "\t")) found.push_back(line);
  }
  return found;
}

std::vector<std::string> sorted(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The destinations that s3copy's INFO log (on stderr) says were copied.
std::set<std::string> logged_copies(const std::string& log) {
  std::set<std::string> copied;
  for (const std::string& line : lines_of(log)) {
    const size_t at = line.find("copied to ");
    if (at != std::string::npos) copied.insert(line.substr(at + 10, line.rfind(" (") - at - 10));
  }
  return copied;
}

// name=value lines of what a copy must keep (ETag, size, content headers, user metadata).
std::string attributes_of(const std::string& bucket, const std::string& key) {
  return probe_ok(1, {"head", bucket, hex(key)});
}

// A source with odd keys, metadata and a multipart object; made once, never changed.
const std::string& odd_source() {
  static const std::string bucket = [] {
    const std::string name = fresh_bucket("plansrc");
    for (const char* key : {"plain.txt", "a b/c d.txt", "100%/sure", "plus+sign&more=yes?",
                            "caf\xC3\xA9/\xF0\x9F\x98\x80", "tab\there", "new\nline", " lead",
                            "trail ", "#hash", "dir/same", "dir/changed"}) {
      put(name, key, std::string("content of ") + key);
    }
    put(name, "meta.json", "{}", {"ContentType=application/json", "Metadata.colour=blue"});
    probe_ok(1, {"put-multipart", name, hex("big/multi"), std::to_string(6 * kMiB),
                 std::to_string(5 * kMiB), "multi"});
    return name;
  }();
  return bucket;
}

// A destination that already holds one object as it is at the source and one out of date, so
// that a plan for it has skip lines and a "size differs" copy.
std::string partly_copied_destination(const std::string& stem) {
  const std::string bucket = fresh_bucket(stem);
  put(bucket, "dir/same", "content of dir/same");
  put(bucket, "dir/changed", "old");
  return bucket;
}

// --- emit, then apply ----------------------------------------------------------------------

TEST(PlanEmitApply, EmitThenApplyEqualsAOneShotRunObjectForObject) {
  const std::string one_shot = partly_copied_destination("planone");
  const std::string planned = partly_copied_destination("planned");
  TempDir dir("plan-itest");
  const std::string plan_path = (dir.path() / "job.plan").string();

  const CommandResult direct = run_s3copy({"s3://" + odd_source(), "s3://" + one_shot});
  ASSERT_EQ(direct.exit_code, 0) << direct.err;

  const CommandResult emit =
      run_s3copy({"s3://" + odd_source(), "s3://" + planned, "--emit-plan", plan_path});
  ASSERT_EQ(emit.exit_code, 0) << emit.err;
  EXPECT_EQ(emit.out, "") << "the plan goes to the file only";
  EXPECT_EQ(keys_in(planned), (Keys{"dir/changed", "dir/same"})) << "emitting copies nothing";
  const std::string plan = read_text(plan_path);
  const std::vector<std::string> lines = lines_of(plan);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "# s3copy plan v1");
  EXPECT_EQ(lines[2], "# job\ts3://" + odd_source() + "/\ts3://" + planned + "/");
  EXPECT_EQ(plan_lines(plan, "copy").size(), 13u) << plan;
  EXPECT_EQ(plan_lines(plan, "skip").size(), 1u) << plan;
  EXPECT_EQ(plan.find(TestServer::get().user1.secret_key), std::string::npos);

  // -n prints the same plan (the order of lines settled by destination HEADs may differ).
  const CommandResult dry = run_s3copy({"s3://" + odd_source(), "s3://" + planned, "-n"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(sorted(lines_of(dry.out)), sorted(lines));

  const CommandResult apply = run_s3copy({"--apply-plan", plan_path, "--json"});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_EQ(json_counts(apply)["copied"], 13);
  const Listing expected = listing(one_shot);
  EXPECT_EQ(listing(planned), expected);
  // Content headers and metadata of the objects that have any, and of the oddest keys.
  for (const char* key :
       {"meta.json", "big/multi", "tab\there", "new\nline", "caf\xC3\xA9/\xF0\x9F\x98\x80"}) {
    EXPECT_EQ(attributes_of(planned, key), attributes_of(one_shot, key)) << key;
  }
}

TEST(PlanEmitApply, ApplyingTwiceCopiesNothingTheSecondTime) {
  const std::string dest = partly_copied_destination("plantwice");
  TempDir dir("plan-itest");
  const std::string plan_path = (dir.path() / "job.plan").string();
  ASSERT_EQ(
      run_s3copy({"s3://" + odd_source(), "s3://" + dest, "--emit-plan", plan_path}).exit_code, 0);
  const CommandResult first = run_s3copy({"--apply-plan", plan_path, "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(json_counts(first)["copied"], 13);
  const Listing after_first = listing(dest);

  // From standard input this time: the same plan, the same outcome.
  const CommandResult second = run_s3copy({"--apply-plan", "-", "--json"}, 1, read_text(plan_path));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  auto counts = json_counts(second);
  EXPECT_EQ(counts["copied"], 0);
  EXPECT_EQ(counts["skipped"], 13);
  // Two bucket checks and one destination HEAD per copy line: nothing is copied or listed.
  EXPECT_EQ(counts["requests"], 2 + 13);
  EXPECT_EQ(listing(dest), after_first);
}

TEST(PlanEmitApply, NoPlanFileIsLeftWhenTheJobDoesNotComplete) {
  const std::string dest = fresh_bucket("plannone");
  TempDir dir("plan-itest");
  const std::string plan_path = (dir.path() / "job.plan").string();
  const CommandResult emit = run_s3copy(
      {"s3://" + unique_bucket_name("plannosrc"), "s3://" + dest, "--emit-plan", plan_path});
  EXPECT_EQ(emit.exit_code, 2);
  EXPECT_NE(emit.err.find("no plan written to " + plan_path), std::string::npos) << emit.err;
  EXPECT_FALSE(std::filesystem::exists(plan_path));
  EXPECT_FALSE(std::filesystem::exists(plan_path + ".partial"));
}

TEST(PlanApply, KilledMidApplyTheNextApplyFinishesTheJob) {
  constexpr int kObjects = 600;
  const std::string source = fresh_bucket("plankill");
  const std::string dest = fresh_bucket("plankilldst");
  probe_ok(1, {"fill", source, "obj/", std::to_string(kObjects), "64"});
  TempDir dir("plan-itest");
  const std::string plan_path = (dir.path() / "job.plan").string();
  const std::string log = (dir.path() / "apply.log").string();
  ASSERT_EQ(run_s3copy({"s3://" + source, "s3://" + dest, "--emit-plan", plan_path}).exit_code, 0);

  const int pid = start_s3copy({"--apply-plan", plan_path, "-t", "2", "-l", "INFO", "-L", log});
  ASSERT_GT(pid, 0);
  // Killed once some copies are logged: s3copy's own log is read, fast enough to catch it.
  for (int poll = 0; poll < 5000 && logged_copies(read_text(log)).size() < 40; ++poll) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  const size_t logged = logged_copies(read_text(log)).size();
  const size_t there = keys_in(dest).size();
  ASSERT_GE(there, 40u) << "the apply should have copied some objects before it was killed";
  ASSERT_LT(there, static_cast<size_t>(kObjects)) << "the apply finished before it was killed";

  const CommandResult again = run_s3copy({"--apply-plan", plan_path, "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto counts = json_counts(again);
  EXPECT_EQ(counts["copied"] + counts["skipped"], kObjects);
  EXPECT_GE(counts["skipped"], static_cast<std::int64_t>(logged));
  EXPECT_EQ(counts["copied"], kObjects - static_cast<std::int64_t>(there));
  EXPECT_EQ(listing(dest), listing(source));
}

TEST(PlanApply, ALineWhoseSourceChangedSinceThePlanIsRefusedAndReported) {
  const std::string source = fresh_bucket("planstale");
  const std::string dest = fresh_bucket("planstaledst");
  put(source, "steady", "steady");
  put(source, "moving", "version 1");
  TempDir dir("plan-itest");
  const std::string plan_path = (dir.path() / "job.plan").string();
  ASSERT_EQ(run_s3copy({"s3://" + source, "s3://" + dest, "--emit-plan", plan_path}).exit_code, 0);
  put(source, "moving", "version 2");  // same size, other bytes: only the ETag tells

  const CommandResult apply = run_s3copy({"--apply-plan", plan_path, "--json"});
  EXPECT_EQ(apply.exit_code, 1) << apply.err;
  EXPECT_EQ(json_counts(apply)["copied"], 1);
  EXPECT_EQ(json_counts(apply)["failed"], 1);
  EXPECT_NE(apply.err.find("FAILED s3://" + source +
                           "/moving: the source changed since it was "
                           "listed"),
            std::string::npos)
      << apply.err;
  EXPECT_EQ(listing(dest)["steady"], listing(source)["steady"]);
}

TEST(PlanApply, AMalformedLineStopsTheRunBeforeAnythingIsCopied) {
  const std::string source = fresh_bucket("planbad");
  const std::string dest = fresh_bucket("planbaddst");
  put(source, "a", "a");
  TempDir dir("plan-itest");
  const std::string plan_path = (dir.path() / "job.plan").string();
  ASSERT_EQ(run_s3copy({"s3://" + source, "s3://" + dest, "--emit-plan", plan_path}).exit_code, 0);
  const std::string broken = read_text(plan_path) + "copy\tsimple\tmany\tx\ty\tz\t0\tnew\n";
  const std::string broken_path = dir.write("broken.plan", broken);
  const size_t bad_line = lines_of(broken).size();

  const CommandResult from_file = run_s3copy({"--apply-plan", broken_path});
  EXPECT_EQ(from_file.exit_code, 2);
  EXPECT_NE(from_file.err.find(broken_path + " line " + std::to_string(bad_line) +
                               ": size 'many' is not a whole number"),
            std::string::npos)
      << from_file.err;
  const CommandResult from_stdin = run_s3copy({"--apply-plan", "-"}, 1, broken);
  EXPECT_EQ(from_stdin.exit_code, 2);
  EXPECT_NE(from_stdin.err.find("standard input line " + std::to_string(bad_line) + ": "),
            std::string::npos)
      << from_stdin.err;
  const CommandResult not_a_plan = run_s3copy({"--apply-plan", "-"}, 1, "a\n");
  EXPECT_EQ(not_a_plan.exit_code, 2);
  EXPECT_NE(not_a_plan.err.find("standard input line 1: not an s3copy plan"), std::string::npos)
      << not_a_plan.err;
  EXPECT_TRUE(keys_in(dest).empty());
}

TEST(PlanApply, EveryBucketThePlanNamesIsCheckedFirst) {
  const std::string source = fresh_bucket("planbkt");
  const std::string dest = fresh_bucket("planbktdst");
  put(source, "a", "a");
  put(source, "b", "b");
  TempDir dir("plan-itest");
  const std::string plan_path = (dir.path() / "job.plan").string();
  ASSERT_EQ(run_s3copy({"s3://" + source, "s3://" + dest, "--emit-plan", plan_path}).exit_code, 0);
  // The second line goes to a bucket that does not exist.
  std::string plan = read_text(plan_path);
  const std::string missing = unique_bucket_name("planmissing");
  const size_t last = plan.rfind("s3://" + dest + "/");
  plan.replace(last, dest.size() + 5, "s3://" + missing);
  const CommandResult apply = run_s3copy({"--apply-plan", "-"}, 1, plan);
  EXPECT_EQ(apply.exit_code, 2);
  EXPECT_NE(apply.err.find("cannot access the destination bucket s3://" + missing +
                           ": it does not exist"),
            std::string::npos)
      << apply.err;
  EXPECT_TRUE(keys_in(dest).empty());
}

TEST(PlanApply, StagedPlanAppliedWithCleanupLeavesOnlyTheCopy) {
  const std::string source = fresh_bucket("planstg");
  const std::string dest = fresh_bucket("planstgdst");
  probe_ok(1, {"put-multipart", source, hex("video"), std::to_string(11 * kMiB),
               std::to_string(5 * kMiB), "staged"});
  put(source, "small", "small");
  TempDir dir("plan-itest");
  const std::string plan_path = (dir.path() / "job.plan").string();
  ASSERT_EQ(run_s3copy({"s3://" + source, "s3://" + dest, "--emit-plan", plan_path}).exit_code, 0);
  EXPECT_EQ(plan_lines(read_text(plan_path), "copy\tmultipart").size(), 1u);

  // --staged turns the plan's multipart line into a staged copy; --cleanup removes its temp area.
  const CommandResult apply =
      run_s3copy({"--apply-plan", plan_path, "--staged", "--cleanup", "--json"});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  auto counts = json_counts(apply);
  EXPECT_EQ(counts["copied"], 2);
  EXPECT_GT(counts["temp_files_deleted"], 0);
  EXPECT_EQ(keys_in(dest), (Keys{"small", "video"}));
  EXPECT_EQ(listing(dest)["video"], listing(source)["video"]);
}

// --- a million lines, streamed ------------------------------------------------------------

// Writes a plan of `lines` copy lines between two buckets (whose objects need not exist).
std::string write_big_plan(const TempDir& dir, const std::string& name, size_t lines,
                           const std::string& source, const std::string& dest) {
  const std::string path = (dir.path() / name).string();
  std::ofstream out(path, std::ios::binary);
  out << "# s3copy plan v1\n";
  for (size_t i = 0; i < lines; ++i) {
    const std::string key = "logs/" + std::to_string(i) + "/part.gz";
    out << "copy\tsimple\t1048576\t0123456789abcdef0123456789abcdef\ts3://" << source << "/" << key
        << "\ts3://" << dest << "/" << key << "\t0\tnew\n";
  }
  return path;
}

// `s3copy --apply-plan PLAN -n > OUT`: a dry run reads the whole plan and writes every line it
// would apply through the plan writer, without a request per line.
CommandResult dry_apply_to_file(const std::string& plan, const std::string& out) {
  const TestServer& server = TestServer::get();
  return run_command(
      "/bin/sh",
      {"-c", "exec \"$0\" \"$@\" > \"$S3COPY_OUT\"", S3COPY_BINARY, "--endpoint-url",
       server.endpoint, "--no-progress", "--apply-plan", plan, "-n"},
      {"AWS_ACCESS_KEY_ID=" + server.user1.access_key,
       "AWS_SECRET_ACCESS_KEY=" + server.user1.secret_key, "AWS_REGION=" + server.region,
       "HOME=/nonexistent-home", "S3COPY_OUT=" + out});
}

size_t count_lines_starting(const std::string& path, const std::string& start) {
  std::ifstream in(path, std::ios::binary);
  size_t count = 0;
  for (std::string line; std::getline(in, line);) count += line.starts_with(start) ? 1 : 0;
  return count;
}

TEST(PlanApply, AMillionLinePlanIsReadAndWrittenInFlatMemory) {
  const std::string source = fresh_bucket("planbig");
  const std::string dest = fresh_bucket("planbigdst");
  TempDir dir("plan-itest");
  const std::string small = write_big_plan(dir, "small.plan", 10'000, source, dest);
  const std::string big = write_big_plan(dir, "big.plan", 1'000'000, source, dest);
  const std::string small_out = (dir.path() / "small.out").string();
  const std::string big_out = (dir.path() / "big.out").string();

  const CommandResult small_run = dry_apply_to_file(small, small_out);
  ASSERT_EQ(small_run.exit_code, 0) << small_run.err;
  const CommandResult big_run = dry_apply_to_file(big, big_out);
  ASSERT_EQ(big_run.exit_code, 0) << big_run.err;
  EXPECT_EQ(count_lines_starting(big_out, "copy\tsimple\t1048576\t"), 1'000'000u);
  EXPECT_EQ(count_lines_starting(big_out, "# s3copy plan v1"), 1u);
  // 100 times the lines (~130 MB of plan read, and as much written) in the same memory.
  EXPECT_LT(big_run.peak_resident_kib, small_run.peak_resident_kib + 16 * 1024)
      << "10,000 lines: " << small_run.peak_resident_kib
      << " KiB, 1,000,000 lines: " << big_run.peak_resident_kib << " KiB";
  std::printf("peak resident memory: %ld KiB for a 10,000-line plan, %ld KiB for 1,000,000\n",
              small_run.peak_resident_kib, big_run.peak_resident_kib);
  EXPECT_TRUE(keys_in(dest).empty());
}

// --- shards --------------------------------------------------------------------------------

// Runs every command line of `runs` at once, as separate processes.
std::vector<CommandResult> run_concurrently(const std::vector<std::vector<std::string>>& runs) {
  std::vector<CommandResult> results(runs.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < runs.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = run_s3copy(runs[i]); });
  }
  for (std::thread& thread : threads) thread.join();
  return results;
}

// Checks that the runs copied every object of `source` to `dest` exactly once between them.
void expect_copied_exactly_once(const std::vector<CommandResult>& results,
                                const std::string& source, const std::string& dest) {
  std::set<std::string> all;
  std::int64_t copied = 0;
  for (const CommandResult& result : results) {
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::set<std::string> mine = logged_copies(result.err);
    EXPECT_GT(mine.size(), 0u) << "every shard gets some keys";
    for (const std::string& object : mine) {
      EXPECT_TRUE(all.insert(object).second) << object << " was copied by two shards";
    }
    copied += json_counts(result)["copied"];
  }
  const Listing expected = listing(source);
  EXPECT_EQ(copied, static_cast<std::int64_t>(expected.size()));
  EXPECT_EQ(all.size(), expected.size());
  EXPECT_EQ(listing(dest), expected);
}

TEST(ShardCli, ThreeConcurrentProcessesCopyEverythingExactlyOnce) {
  const std::string source = fresh_bucket("shard");
  const std::string dest = fresh_bucket("sharddst");
  probe_ok(1, {"fill", source, "obj/", "300", "32"});
  std::vector<std::vector<std::string>> runs;
  for (int k = 0; k < 3; ++k) {
    runs.push_back({"s3://" + source, "s3://" + dest, "--shard", std::to_string(k) + "/3", "-l",
                    "INFO", "--json"});
  }
  expect_copied_exactly_once(run_concurrently(runs), source, dest);
}

TEST(ShardCli, ShardPlansPartitionTheWholePlanAndApplyConcurrently) {
  const std::string source = fresh_bucket("shardplan");
  const std::string dest = fresh_bucket("shardplandst");
  probe_ok(1, {"fill", source, "obj/", "150", "32"});
  TempDir dir("plan-itest");
  const std::string whole = (dir.path() / "whole.plan").string();
  ASSERT_EQ(run_s3copy({"s3://" + source, "s3://" + dest, "--emit-plan", whole}).exit_code, 0);
  std::vector<std::string> joined;
  for (int k = 0; k < 3; ++k) {
    const std::string part = (dir.path() / ("part" + std::to_string(k))).string();
    const CommandResult emit = run_s3copy({"s3://" + source, "s3://" + dest, "--shard",
                                           std::to_string(k) + "/3", "--emit-plan", part});
    ASSERT_EQ(emit.exit_code, 0) << emit.err;
    const std::vector<std::string> lines = plan_lines(read_text(part), "copy");
    EXPECT_GT(lines.size(), 20u) << "shard " << k << " of 150 keys";
    joined.insert(joined.end(), lines.begin(), lines.end());
  }
  EXPECT_EQ(sorted(joined), sorted(plan_lines(read_text(whole), "copy")));

  // The whole plan applied by three processes, each taking its shard.
  std::vector<std::vector<std::string>> runs;
  for (int k = 0; k < 3; ++k) {
    runs.push_back(
        {"--apply-plan", whole, "--shard", std::to_string(k) + "/3", "-l", "INFO", "--json"});
  }
  expect_copied_exactly_once(run_concurrently(runs), source, dest);
}

// --- object lists in every format, on standard input ---------------------------------------

// Keys under "pick/" are listed and copied; the others are listed by the tools but filtered out.
const Keys kPicked = {"pick/a b.txt",     "pick/100%",  "pick/plus+sign",
                      "pick/caf\xC3\xA9", "pick/ lead", "pick/trail "};

const std::string& list_source() {
  static const std::string bucket = [] {
    const std::string name = fresh_bucket("lists");
    for (const std::string& key : kPicked) put(name, key, "picked " + key);
    for (const char* key : {"pickle", "other/pick/x", "other/a b"}) put(name, key, key);
    return name;
  }();
  return bucket;
}

Keys sorted_keys(Keys keys) {
  std::sort(keys.begin(), keys.end());
  return keys;
}

// The lines of `text` that contain `marker` (grep MARKER).
std::string picked_lines(const std::string& text, const std::string& marker) {
  std::string picked;
  for (const std::string& line : lines_of(text)) {
    if (line.find(marker) != std::string::npos) picked += line + "\n";
  }
  return picked;
}

// Pipes `list` into `s3copy SOURCE DEST -F - --list-format FORMAT`; returns the keys copied.
Keys copy_listed(const std::string& list, const std::string& stem,
                 const std::string& format = "auto") {
  const std::string dest = fresh_bucket(stem);
  const CommandResult run = run_s3copy(
      {"s3://" + list_source(), "s3://" + dest, "-F", "-", "--list-format", format}, 1, list);
  EXPECT_EQ(run.exit_code, 0) << run.err << "\nlist:\n" << list;
  return keys_in(dest);
}

TEST(ListFormatCli, PlainKeys) {
  std::string list = "# picked keys\n";
  for (const std::string& key : kPicked) list += key + "\n";
  EXPECT_EQ(copy_listed(list, "lfplain"), sorted_keys(kPicked));
}

TEST(ListFormatCli, S3Urls) {
  std::string list;
  for (const std::string& key : kPicked) list += "s3://" + list_source() + "/" + key + "\n";
  EXPECT_EQ(copy_listed(list, "lfurl"), sorted_keys(kPicked));
}

TEST(ListFormatCli, AwsS3LsRecursive) {
  const std::string listed = aws_ok(1, {"s3", "ls", "--recursive", "s3://" + list_source()});
  EXPECT_EQ(copy_listed(picked_lines(listed, " pick/"), "lfawsls"), sorted_keys(kPicked)) << listed;
}

std::string s3cmd_ls(const TempDir& dir, const std::string& bucket) {
  const TestServer& server = TestServer::get();
  const std::string host = server.endpoint.substr(server.endpoint.find("//") + 2);
  const std::string config =
      dir.write("s3cmd.cfg", "[default]\naccess_key = " + server.user1.access_key +
                                 "\nsecret_key = " + server.user1.secret_key +
                                 "\nhost_base = " + host + "\nhost_bucket = " + host +
                                 "\nuse_https = False\nbucket_location = " + server.region +
                                 "\nsignature_v2 = False\n");
  const CommandResult run =
      run_command("/usr/bin/s3cmd", {"-c", config, "ls", "-r", "s3://" + bucket});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return run.out;
}

TEST(ListFormatCli, S3cmdLsRecursive) {
  TempDir dir("plan-itest");
  const std::string listed = s3cmd_ls(dir, list_source());
  EXPECT_EQ(copy_listed(picked_lines(listed, "s3://" + list_source() + "/pick/"), "lfs3cmd"),
            sorted_keys(kPicked))
      << listed;
}

TEST(ListFormatCli, S3apiListObjectsV2Json) {
  const std::string listed =
      aws_ok(1, {"s3api", "list-objects-v2", "--bucket", list_source(), "--prefix", "pick/"});
  EXPECT_EQ(copy_listed(listed, "lfjson"), sorted_keys(kPicked)) << listed;
}

// What S3 Inventory writes in a CSV data file for a key: URL-encoded, spaces as '+'.
std::string inventory_encoded(const std::string& key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : key) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.') {
      encoded += static_cast<char>(c);
    } else if (c == ' ') {
      encoded += '+';
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return encoded;
}

std::string inventory_csv(const Keys& keys) {
  std::string csv;
  for (const std::string& key : keys) {
    csv += "\"" + list_source() + "\",\"" + inventory_encoded(key) + "\",\"17\",\"" +
           "2026-01-01T00:00:00.000Z\"\n";
  }
  return csv;
}

std::string gzipped(const std::string& text) {
  const CommandResult gzip = run_command("/bin/gzip", {"-c", "-n"}, {}, text);
  EXPECT_EQ(gzip.exit_code, 0) << gzip.err;
  return gzip.out;
}

TEST(ListFormatCli, GzippedInventoryCsv) {
  EXPECT_EQ(copy_listed(gzipped(inventory_csv(kPicked)), "lfcsv"), sorted_keys(kPicked));
}

TEST(ListFormatCli, InventoryManifestFetchesItsDataFiles) {
  const std::string inventory = fresh_bucket("lfinv");
  TempDir dir("plan-itest");
  const Keys first(kPicked.begin(), kPicked.begin() + 3);
  const Keys second(kPicked.begin() + 3, kPicked.end());
  std::string files;
  int number = 0;
  for (const Keys& keys : {first, second}) {
    const std::string data = gzipped(inventory_csv(keys));
    const std::string key =
        "inv/" + list_source() + "/all/data/" + std::to_string(++number) + ".csv.gz";
    const std::string path = dir.write("data" + std::to_string(number), data);
    aws_ok(1, {"s3api", "put-object", "--bucket", inventory, "--key", key, "--body", path});
    files += std::string(files.empty() ? "" : ",") + "{\"key\": \"" + key +
             "\", \"size\": " + std::to_string(data.size()) + ", \"MD5checksum\": \"" +
             net::md5_hex(data) + "\"}";
  }
  const std::string manifest = "{\"sourceBucket\": \"" + list_source() +
                               "\", \"destinationBucket\": \"arn:aws:s3:::" + inventory +
                               "\", \"version\": \"2016-11-30\", \"creationTimestamp\": "
                               "\"1514944800000\", \"fileFormat\": \"CSV\", \"fileSchema\": "
                               "\"Bucket, Key, Size, LastModifiedDate\", \"files\": [" +
                               files + "]}\n";
  EXPECT_EQ(copy_listed(manifest, "lfmanifest"), sorted_keys(kPicked));
  EXPECT_EQ(copy_listed(manifest, "lfmanifest2", "inventory-manifest"), sorted_keys(kPicked));
}

TEST(ListFormatCli, LinesThatFitNoFormatAreReportedWithTheirNumbers) {
  const std::string listed =
      picked_lines(aws_ok(1, {"s3", "ls", "--recursive", "s3://" + list_source()}), " pick/");
  std::vector<std::string> lines = lines_of(listed);
  ASSERT_GE(lines.size(), 3u);
  lines[2] = "this is not an aws s3 ls line";
  std::string list;
  for (const std::string& line : lines) list += line + "\n";
  const std::string dest = fresh_bucket("lfbadline");
  const CommandResult run =
      run_s3copy({"s3://" + list_source(), "s3://" + dest, "-F", "-"}, 1, list);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("standard input line 3: not an `aws s3 ls --recursive` line"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(keys_in(dest).empty());
}

TEST(ListFormatCli, WholeKeysMustBeInTheSourceBucketAndUnderItsPath) {
  const std::string dest = fresh_bucket("lfoutside");
  const CommandResult other_bucket =
      run_s3copy({"s3://" + list_source(), "s3://" + dest, "-F", "-"}, 1,
                 "s3://" + list_source() + "/pick/a b.txt\ns3://another-bucket/pick/a b.txt\n");
  EXPECT_EQ(other_bucket.exit_code, 2);
  EXPECT_NE(other_bucket.err.find("standard input line 2: the object is in bucket "
                                  "'another-bucket', not in the source bucket"),
            std::string::npos)
      << other_bucket.err;

  // Whole keys are not relative to the source path, and must lie under it.
  const CommandResult outside =
      run_s3copy({"s3://" + list_source() + "/pick", "s3://" + dest, "-F", "-"}, 1,
                 "s3://" + list_source() + "/pick/a b.txt\ns3://" + list_source() + "/pickle\n");
  EXPECT_EQ(outside.exit_code, 2);
  EXPECT_NE(
      outside.err.find("standard input line 2: s3://" + list_source() +
                       "/pickle is not under the source path s3://" + list_source() + "/pick"),
      std::string::npos)
      << outside.err;
  EXPECT_TRUE(keys_in(dest).empty());

  const CommandResult inside =
      run_s3copy({"s3://" + list_source() + "/pick", "s3://" + dest, "-F", "-"}, 1,
                 "s3://" + list_source() + "/pick/a b.txt\n");
  EXPECT_EQ(inside.exit_code, 0) << inside.err;
  EXPECT_EQ(keys_in(dest), (Keys{"pick/a b.txt"}));
}

}  // namespace
}  // namespace s3copy::test
