// Multipart copies end to end on radosgw and moto, in both methods (direct and --staged), checked
// with boto3/aws-cli: source layouts keep their ETag, bytes match, metadata and ACLs survive,
// restarts.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "test/support/each_server.h"
#include "test/support/independent_client.h"
#include "test/support/s3copy_runner.h"
#include "test/support/temp_dir.h"
#include "test/support/test_server.h"

namespace s3copy::test {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;

std::string trimmed(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// Uploads a multipart object whose parts are `part_size` long (the last one shorter) or, where
// `part_sizes` is "A,B,C", exactly as listed.
std::string put_multipart(const std::string& bucket, const std::string& key, std::uint64_t size,
                          const std::string& part_sizes,
                          const std::vector<std::string>& attributes = {},
                          const std::string& seed = "0") {
  std::vector<std::string> args{"put-multipart",      bucket,     hex(key),
                                std::to_string(size), part_sizes, seed};
  args.insert(args.end(), attributes.begin(), attributes.end());
  return trimmed(probe_ok(1, args));
}

std::string put_multipart(const std::string& bucket, const std::string& key, std::uint64_t size,
                          std::uint64_t part_size, const std::vector<std::string>& attributes = {},
                          const std::string& seed = "0") {
  return put_multipart(bucket, key, size, std::to_string(part_size), attributes, seed);
}

std::string etag_of(const std::string& bucket, const std::string& key) {
  const std::string head = probe_ok(1, {"head", bucket, hex(key)});
  const size_t at = head.find("ETag=");
  return at == std::string::npos ? "" : head.substr(at + 5, head.find('\n', at) - at - 5);
}

// md5 and size of the downloaded bytes, by the independent client.
std::string content_of(const std::string& bucket, const std::string& key) {
  return trimmed(probe_ok(1, {"md5", bucket, hex(key)}));
}

void expect_same_object(const std::string& source, const std::string& dest,
                        const std::string& key) {
  EXPECT_EQ(content_of(dest, key), content_of(source, key)) << key;
}

// Lines of s3copy's DEBUG log at `path` that contain `text`.
int log_lines_with(const std::string& path, const std::string& text) {
  std::ifstream log(path);
  std::string line;
  int found = 0;
  while (std::getline(log, line)) found += line.find(text) != std::string::npos ? 1 : 0;
  return found;
}

// Runs every test on each server, in both methods: direct (the default) and --staged. The multipart
// sources here are over 1 MiB: a threshold that low keeps them from being copied whole (WholeCopy).
class BothMethods : public ::testing::TestWithParam<std::tuple<ServerKind, bool>> {
 protected:
  void SetUp() override { run_on(std::get<0>(GetParam())); }
  bool staged() const { return std::get<1>(GetParam()); }
  std::vector<std::string> with_method(std::vector<std::string> args) const {
    if (staged()) args.push_back("--staged");
    if (std::ranges::find(args, "--multipart-threshold") == args.end()) {
      args.insert(args.end(), {"--multipart-threshold", "1MiB"});
    }
    return args;
  }
  std::string stem(const std::string& name) const { return name + (staged() ? "stg" : ""); }
};

INSTANTIATE_TEST_SUITE_P(Methods, BothMethods, ::testing::Combine(kEachServer, ::testing::Bool()),
                         [](const ::testing::TestParamInfo<std::tuple<ServerKind, bool>>& info) {
                           return server_label(std::get<0>(info.param)) +
                                  (std::get<1>(info.param) ? "Staged" : "Direct");
                         });

// key -> "size etag" of the staged method's files under `prefix`.
std::map<std::string, std::string> temp_area(const std::string& bucket,
                                             const std::string& prefix = "temp/") {
  return listing(bucket, prefix);
}

int uploads_in(const std::string& bucket) {
  const std::string uploads = probe_ok(1, {"uploads", bucket});
  return static_cast<int>(std::count(uploads.begin(), uploads.end(), '\n'));
}

// Tests whose meaning does not depend on the method, run once on each server.
class MultipartCopyOn : public OnEachServer {};
INSTANTIATE_TEST_SUITE_P(Servers, MultipartCopyOn, kEachServer, each_server_name);

// Regression (moto): HEAD ?partNumber=N answered with the part's own ETag, where AWS gives the
// whole object's, was taken for a source change, and every run failed with a whole copy left.
TEST_P(MultipartCopyOn, AwsCliEightMebibytePartsKeepTheSourceEtag) {
  const std::string source = fresh_bucket("mpcli");
  const std::string dest = fresh_bucket("mpclidst");
  TempDir dir("s3copy-mp");
  const std::string file = dir.write("big.bin", std::string(20'000'000, 'a') + "tail");
  aws_ok(1, {"s3", "cp", "--quiet", file, "s3://" + source + "/cli/big.bin"});
  const std::string source_etag = etag_of(source, "cli/big.bin");
  ASSERT_NE(source_etag.find("-3"), std::string::npos) << "aws-cli should upload 3 parts of 8 MiB";

  // Under the threshold it could be copied whole, keeping the ETag without cutting any parts.
  const std::vector<std::string> args{"s3://" + source, "s3://" + dest, "--json",
                                      "--multipart-threshold", "16MiB"};
  const CommandResult run = run_s3copy(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_counts(run)["parts_copied"], 3);
  EXPECT_EQ(etag_of(dest, "cli/big.bin"), source_etag);
  expect_same_object(source, dest, "cli/big.bin");

  const CommandResult rerun = run_s3copy(args);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(json_counts(rerun)["copied"], 0);
  EXPECT_EQ(json_counts(rerun)["requests"], 2) << "one listing page of each bucket";
}

// Parts of 5, 7 and 6 MiB: no part size explains that layout, only the server's part answers do.
// moto answers HEAD ?partNumber=N with each part's length, as AWS does: the copy gets the source's
// layout and ETag. radosgw ignores partNumber: the copy gets a guessed layout, so another ETag,
// and records the source's in its metadata, where the next run finds it with one HEAD.
TEST_P(MultipartCopyOn, AnUnevenLayoutKeepsTheSourceEtagWhereTheServerReportsItsParts) {
  const std::string source = fresh_bucket("mpuneven");
  const std::string dest = fresh_bucket("mpunevendst");
  const std::string parts =
      std::to_string(5 * kMiB) + "," + std::to_string(7 * kMiB) + "," + std::to_string(6 * kMiB);
  const std::string source_etag = put_multipart(source, "uneven", 18 * kMiB, parts, {}, "uneven");
  const std::vector<std::string> args{"s3://" + source, "s3://" + dest, "--json",
                                      "--multipart-threshold", "1MiB"};
  const CommandResult run = run_s3copy(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  expect_same_object(source, dest, "uneven");
  const CommandResult rerun = run_s3copy(args);
  EXPECT_EQ(json_counts(rerun)["copied"], 0) << rerun.err;
  if (on_moto()) {
    EXPECT_EQ(json_counts(run)["parts_copied"], 3);
    EXPECT_EQ(etag_of(dest, "uneven"), source_etag);
    EXPECT_EQ(json_counts(rerun)["requests"], 2) << "one listing page of each bucket";
  } else {
    EXPECT_NE(etag_of(dest, "uneven"), source_etag);
    EXPECT_NE(probe_ok(1, {"head", dest, hex("uneven")}).find("s3copy-source-etag=" + source_etag),
              std::string::npos);
    EXPECT_EQ(json_counts(rerun)["requests"], 2 + 1) << "two listing pages and one HEAD";
  }
}

TEST_P(BothMethods, SourcesOfSeveralShapesKeepTheirEtagAndBytes) {
  const std::string source = fresh_bucket(stem("mpshapes"));
  const std::string dest = fresh_bucket(stem("mpshapesdst"));
  struct Shape {
    std::string key;
    std::uint64_t size;
    std::uint64_t part_size;
  };
  const std::vector<Shape> shapes = {
      {"five-mib/uniform", 15 * kMiB, 5 * kMiB},         // 3 equal parts
      {"five-mib/short-last", 12 * kMiB + 7, 5 * kMiB},  // a short last part
      {"single-part", 3 * kMiB + 1, 8 * kMiB},           // a one-part multipart object
      {"eight-mib/odd key+?#", 17 * kMiB, 8 * kMiB},
  };
  for (const Shape& shape : shapes) {
    put_multipart(source, shape.key, shape.size, shape.part_size, {}, shape.key);
  }
  const CommandResult run = run_s3copy(with_method({"s3://" + source, "s3://" + dest, "--json"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_counts(run)["copied"], static_cast<std::int64_t>(shapes.size()));
  for (const Shape& shape : shapes) {
    EXPECT_EQ(etag_of(dest, shape.key), etag_of(source, shape.key)) << shape.key;
    expect_same_object(source, dest, shape.key);
  }
  // The staged method leaves a temp file and a part file per part, as the original did.
  const size_t parts = 3 + 3 + 1 + 3;
  EXPECT_EQ(temp_area(dest).size(), staged() ? 2 * parts : 0u);
  EXPECT_EQ(uploads_in(dest), 0);
}

TEST_P(BothMethods, SimpleObjectOverTheThresholdIsCopiedInPartsAndRecognisedNextTime) {
  const std::string source = fresh_bucket(stem("mpsimple"));
  const std::string dest = fresh_bucket(stem("mpsimpledst"));
  probe_ok(1, {"put", source, hex("plain/big"), std::to_string(12 * kMiB + 3), "simple"});
  const std::vector<std::string> args =
      with_method({"s3://" + source, "s3://" + dest, "--json", "--multipart-threshold", "6MiB",
                   "--part-size", "5MiB"});
  const CommandResult run = run_s3copy(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_counts(run)["copied"], 1);
  EXPECT_NE(etag_of(dest, "plain/big").find("-3"), std::string::npos) << "cut into 3 parts";
  expect_same_object(source, dest, "plain/big");
  const std::string head = probe_ok(1, {"head", dest, hex("plain/big")});
  EXPECT_NE(head.find("meta.s3copy-source-etag=" + etag_of(source, "plain/big")), std::string::npos)
      << head;

  const CommandResult rerun = run_s3copy(args);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(json_counts(rerun)["copied"], 0);
  EXPECT_EQ(json_counts(rerun)["skipped"], 1);
}

TEST_P(BothMethods, MetadataAndAclSurvive) {
  const TestServer& server = TestServer::get();
  const std::string source = fresh_bucket(stem("mpmeta"));
  const std::string dest = fresh_bucket(stem("mpmetadst"));
  put_multipart(source, "doc.bin", 11 * kMiB, 5 * kMiB,
                {"ContentType=application/x-test", "CacheControl=no-cache",
                 "ContentDisposition=attachment; filename=\"doc.bin\"", "ContentLanguage=de",
                 "Metadata.origin=multipart test"});
  const CommandResult run = run_s3copy(
      with_method({"s3://" + source, "s3://" + dest, "--acl-grant", "read:id=" + server.user2.id}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string source_head = probe_ok(1, {"head", source, hex("doc.bin")});
  std::string dest_head = probe_ok(1, {"head", dest, hex("doc.bin")});
  // The copy also carries the source ETag it was made from; everything else is the source's.
  const std::string recorded = "meta.s3copy-source-etag=" + etag_of(source, "doc.bin") + "\n";
  ASSERT_NE(dest_head.find(recorded), std::string::npos) << dest_head;
  dest_head.erase(dest_head.find(recorded), recorded.size());
  EXPECT_EQ(dest_head, source_head);
  EXPECT_NE(
      probe_ok(1, {"acl", dest, hex("doc.bin")}).find("READ\tCanonicalUser\t" + server.user2.id),
      std::string::npos);
}

TEST_P(BothMethods, RerunCopiesNothingAndAChangedSourceIsCopiedAgain) {
  const std::string source = fresh_bucket(stem("mpsync"));
  const std::string dest = fresh_bucket(stem("mpsyncdst"));
  put_multipart(source, "video", 16 * kMiB, 8 * kMiB, {}, "first");
  const std::vector<std::string> args = with_method({"s3://" + source, "s3://" + dest, "--json"});
  ASSERT_EQ(run_s3copy(args).exit_code, 0);
  const CommandResult rerun = run_s3copy(args);
  EXPECT_EQ(json_counts(rerun)["copied"], 0);
  EXPECT_EQ(json_counts(rerun)["skipped"], 1);
  // Nothing re-composed: one listing page of each bucket.
  EXPECT_EQ(json_counts(rerun)["requests"], 2);

  put_multipart(source, "video", 16 * kMiB, 8 * kMiB, {}, "second");  // same size, new bytes
  const CommandResult changed = run_s3copy(args);
  EXPECT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_EQ(json_counts(changed)["copied"], 1);
  EXPECT_EQ(etag_of(dest, "video"), etag_of(source, "video"));
  expect_same_object(source, dest, "video");
}

class WholeCopy : public OnEachServer {};
INSTANTIATE_TEST_SUITE_P(Servers, WholeCopy, kEachServer, each_server_name);

// radosgw keeps a multipart source's ETag on CopyObject (and copies by reference): after one
// trial copy that shows it, every multipart source up to the threshold is one CopyObject. moto,
// as AWS documents, gives the copy a new plain ETag: the trial object is copied again in parts,
// the others in parts from the start, and every copy ends with its source's ETag.
TEST_P(WholeCopy, MultipartSourcesUpToTheThresholdAreOneCopyObjectWhereTheServerKeepsTheirEtag) {
  const std::string source = fresh_bucket("wholesrc");
  const std::string dest = fresh_bucket("wholedst");
  const std::vector<std::string> keys = {"whole/a", "whole/b", "whole/c", "whole/d"};
  put_multipart(source, keys[0], 16 * kMiB, 8 * kMiB, {}, "a");
  put_multipart(source, keys[1], 12 * kMiB + 3, 5 * kMiB, {}, "b");
  put_multipart(source, keys[2], 17 * kMiB, 8 * kMiB,
                {"ContentType=application/x-test", "Metadata.origin=whole copy test"}, "c");
  put_multipart(source, keys[3], 6 * kMiB, 5 * kMiB, {}, "d");

  const std::vector<std::string> args{"s3://" + source, "s3://" + dest, "--json"};
  const CommandResult run = run_s3copy(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_counts(run)["copied"], 4);
  for (const std::string& key : keys) {
    EXPECT_EQ(etag_of(dest, key), etag_of(source, key)) << key;
    expect_same_object(source, dest, key);
  }
  EXPECT_EQ(uploads_in(dest), 0);
  if (on_moto()) {
    EXPECT_EQ(json_counts(run)["parts_copied"], 2 + 3 + 3 + 2);
  } else {
    EXPECT_EQ(json_counts(run)["parts_copied"], 0);
    // One listing page of each bucket and one CopyObject per object.
    EXPECT_EQ(json_counts(run)["requests"], 2 + 4);
    // CopyObject carries the metadata itself: the copy's headers are the source's, nothing added.
    EXPECT_EQ(probe_ok(1, {"head", dest, hex(keys[2])}),
              probe_ok(1, {"head", source, hex(keys[2])}));
  }

  const CommandResult rerun = run_s3copy(args);
  EXPECT_EQ(json_counts(rerun)["copied"], 0) << rerun.err;
  EXPECT_EQ(json_counts(rerun)["requests"], 2);
}

// An upload is resumed only if it provably started after the source last changed. moto gives
// every upload the same <Initiated> (2010-11-10T20:48:33.000Z): there nothing can be proven, so
// the rerun aborts the old upload and copies every part again, and the result is the same.
TEST_P(MultipartCopyOn, KilledMidCopyTheRerunReusesFinishedPartsAndLeavesNoUpload) {
  const std::string source = fresh_bucket("mpkill");
  const std::string dest = fresh_bucket("mpkilldst");
  constexpr int kParts = 30;
  probe_ok(1, {"put", source, hex("huge"), std::to_string(kParts * 5 * kMiB), "kill"});
  // Last-Modified has whole seconds: an upload started in the source's last second cannot be
  // proven newer than it and would (rightly) not be resumed.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  TempDir dir("s3copy-mpkill");
  const std::string log = (dir.path() / "debug.log").string();
  const std::vector<std::string> args{
      "s3://" + source,        "s3://" + dest, "--json",      "-t",  "1",
      "--multipart-threshold", "6MiB",         "--part-size", "5MiB"};
  std::vector<std::string> logged = args;
  logged.insert(logged.end(), {"-l", "DEBUG", "-L", log});
  const int pid = start_s3copy(logged);
  ASSERT_GT(pid, 0);
  // One part at a time (-t 1), killed once a few are copied: s3copy's log is read fast enough.
  for (int poll = 0; poll < 6000 && log_lines_with(log, "[huge] PUT ") < 5; ++poll) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  const int parts_after_kill = std::stoi(probe_ok(1, {"parts", dest, hex("huge")}));
  ASSERT_GE(parts_after_kill, 3) << "the copy should have been killed part-way";
  ASSERT_LT(parts_after_kill, kParts) << "the copy finished before it could be killed";

  const CommandResult rerun = run_s3copy(args);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  auto counts = json_counts(rerun);
  EXPECT_EQ(counts["copied"], 1);
  EXPECT_EQ(counts["parts_copied"] + counts["parts_reused"], kParts);
  // One UploadPartCopy per missing part (every part, on moto), and a dozen requests to find,
  // resume and check.
  if (on_moto()) {
    EXPECT_EQ(counts["parts_reused"], 0);
    EXPECT_LE(counts["requests"], kParts + 12);
  } else {
    EXPECT_GE(counts["parts_reused"], parts_after_kill);
    EXPECT_LE(counts["requests"], kParts - parts_after_kill + 12);
  }
  expect_same_object(source, dest, "huge");
  EXPECT_EQ(probe_ok(1, {"uploads", dest}), "") << "no multipart upload may be left behind";
}

TEST(StagedCopy, KilledMidCopyTheRerunReusesPartFilesAndLeavesNoUpload) {
  const std::string source = fresh_bucket("stgkill");
  const std::string dest = fresh_bucket("stgkilldst");
  constexpr int kParts = 30;
  probe_ok(1, {"put", source, hex("huge"), std::to_string(kParts * 5 * kMiB), "kill"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  TempDir dir("s3copy-stgkill");
  const std::string log = (dir.path() / "debug.log").string();
  std::vector<std::string> args{
      "s3://" + source,        "s3://" + dest, "--json",      "--staged", "-t", "1",
      "--multipart-threshold", "6MiB",         "--part-size", "5MiB"};
  std::vector<std::string> slow = args;
  slow.insert(slow.end(), {"--stage", "stager=1", "-l", "DEBUG", "-L", log});
  const int pid = start_s3copy(slow);
  ASSERT_GT(pid, 0);
  // Killed once a few part files are made: s3copy's own log is read, fast enough to catch it.
  for (int poll = 0; poll < 6000 && log_lines_with(log, "/parts/part-") < 3; ++poll) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // uploads now predate the rerun
  const auto left = temp_area(dest);
  auto files_named = [&](const std::string& name) {
    return std::count_if(left.begin(), left.end(), [&](const auto& file) {
      return file.first.find("/parts/" + name) != std::string::npos;
    });
  };
  const long part_files = files_named("part-");
  const long temp_files = files_named("temp-");
  ASSERT_GE(part_files, 3) << "the copy should have been killed part-way";
  ASSERT_LT(part_files, kParts) << "the copy finished its part files before it could be killed";

  const CommandResult rerun = run_s3copy(args);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  auto counts = json_counts(rerun);
  EXPECT_EQ(counts["copied"], 1);
  EXPECT_TRUE(etag_of(dest, "huge").ends_with("-30")) << etag_of(dest, "huge");
  // A part costs 5 requests with nothing staged, 2 from its temp file, 1 from its part file;
  // a dozen more list, resume and check, and abort the temp-file upload the kill interrupted.
  const long expected = 5 * (kParts - temp_files) + 2 * (temp_files - part_files) + part_files;
  EXPECT_LE(counts["requests"], expected + 14) << rerun.out;
  expect_same_object(source, dest, "huge");
  EXPECT_EQ(uploads_in(dest), 0) << "no upload (final or temp file) may be left behind";
}

TEST(StagedCopy, ReusesOnlyThePartFilesItsTempFilesVouchFor) {
  const std::string source = fresh_bucket("stgreuse");
  const std::string dest = fresh_bucket("stgreusedst");
  put_multipart(source, "obj", 15 * kMiB, 5 * kMiB, {}, "reuse");
  const std::vector<std::string> args{"s3://" + source, "s3://" + dest, "--json", "--staged"};
  ASSERT_EQ(run_s3copy(args).exit_code, 0);
  const std::string part2 = "temp/obj/" + etag_of(source, "obj").substr(0, 7) + "/parts/part-00002";
  ASSERT_EQ(temp_area(dest).count(part2), 1u);
  // Same size, other bytes: a part file that no longer matches its temp file.
  probe_ok(1, {"put", dest, hex(part2), std::to_string(5 * kMiB), "corrupt"});
  probe_ok(1, {"delete", dest, hex("obj")});

  const CommandResult rerun = run_s3copy(args);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(json_counts(rerun)["copied"], 1);
  EXPECT_EQ(etag_of(dest, "obj"), etag_of(source, "obj"));
  expect_same_object(source, dest, "obj");
  EXPECT_NE(content_of(dest, part2), trimmed(probe_ok(1, {"md5", source, hex("obj")})));
  EXPECT_EQ(temp_area(dest).at(part2),
            temp_area(dest).at(part2.substr(0, part2.size() - 10) + "temp-00002"))
      << "part file 2 was made again from its temp file";
}

TEST(Cleanup, DryRunListsAndRemovesNothingThenCleanupRemovesOnlyThisJobsLeftovers) {
  const std::string source = fresh_bucket("clean");
  const std::string dest = fresh_bucket("cleandst");
  put_multipart(source, "in/a", 10 * kMiB, 5 * kMiB, {}, "a");
  put_multipart(source, "out/b", 10 * kMiB, 5 * kMiB, {}, "b");
  ASSERT_EQ(run_s3copy({"s3://" + source, "s3://" + dest, "--staged"}).exit_code, 0);
  ASSERT_EQ(temp_area(dest).size(), 8u);
  const std::string abandoned = trimmed(probe_ok(1, {"start-upload", dest, hex("in/c")}));
  const std::string elsewhere = trimmed(probe_ok(1, {"start-upload", dest, hex("out/d")}));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));

  const std::vector<std::string> job{"s3://" + source, "s3://" + dest, "-p", "in/",
                                     "--cleanup",      "--json"};
  std::vector<std::string> dry_run = job;
  dry_run.push_back("-n");
  const CommandResult listed = run_s3copy(dry_run);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  for (int part = 1; part <= 2; ++part) {
    for (const char* kind : {"temp", "part"}) {
      const std::string file = "s3://" + dest + "/temp/in/a/" +
                               etag_of(source, "in/a").substr(0, 7) + "/parts/" + kind + "-0000" +
                               std::to_string(part);
      EXPECT_NE(listed.out.find("# would delete " + file + "\n"), std::string::npos) << listed.out;
    }
  }
  EXPECT_NE(listed.out.find("# would abort upload " + abandoned + " of s3://" + dest + "/in/c\n"),
            std::string::npos)
      << listed.out;
  EXPECT_EQ(listed.out.find("out/"), std::string::npos) << "not this job's: " << listed.out;
  EXPECT_EQ(temp_area(dest).size(), 8u) << "a dry run removes nothing";
  EXPECT_EQ(uploads_in(dest), 2);

  const CommandResult cleaned = run_s3copy(job);
  ASSERT_EQ(cleaned.exit_code, 0) << cleaned.err;
  EXPECT_EQ(json_counts(cleaned)["temp_files_deleted"], 4);
  EXPECT_EQ(json_counts(cleaned)["uploads_aborted"], 1);
  EXPECT_TRUE(temp_area(dest, "temp/in/").empty());
  EXPECT_EQ(temp_area(dest, "temp/out/").size(), 4u) << "another job's part files stay";
  EXPECT_EQ(probe_ok(1, {"uploads", dest}), hex("out/d") + "\t" + elsewhere + "\n");
  expect_same_object(source, dest, "in/a");
}

TEST(Cleanup, KeepsThePartFilesOfACopyThatIsNotComplete) {
  const std::string source = fresh_bucket("cleankeep");
  const std::string dest = fresh_bucket("cleankeepdst");
  put_multipart(source, "obj", 10 * kMiB, 5 * kMiB, {}, "keep");
  ASSERT_EQ(run_s3copy({"s3://" + source, "s3://" + dest, "--staged"}).exit_code, 0);
  probe_ok(1, {"delete", dest, hex("obj")});
  const CommandResult dry_run =
      run_s3copy({"s3://" + source, "s3://" + dest, "--cleanup", "-n", "--json"});
  ASSERT_EQ(dry_run.exit_code, 0) << dry_run.err;
  EXPECT_EQ(json_counts(dry_run)["temp_files_kept"], 4);
  EXPECT_EQ(json_counts(dry_run)["temp_files_deleted"], 0);
  EXPECT_NE(dry_run.err.find("kept 4 temp files of objects whose copy is not complete"),
            std::string::npos)
      << dry_run.err;
}

}  // namespace
}  // namespace s3copy::test
