// Multipart copies end to end on radosgw, checked with boto3/aws-cli: sources in aws-cli's 8 MiB
// and SDKs' 5 MiB layouts keep their ETag (direct mode), bytes match, metadata and ACLs survive.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <fstream>

#include "test/support/independent_client.h"
#include "test/support/s3copy_runner.h"
#include "test/support/temp_dir.h"
#include "test/support/test_server.h"

namespace s3copy::test {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;

std::string fresh_bucket(const std::string& stem) {
  const std::string bucket = unique_bucket_name(stem);
  create_bucket(bucket);
  return bucket;
}

std::string trimmed(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::string put_multipart(const std::string& bucket, const std::string& key, std::uint64_t size,
                          std::uint64_t part_size, const std::vector<std::string>& attributes = {},
                          const std::string& seed = "0") {
  std::vector<std::string> args{"put-multipart",           bucket, hex(key), std::to_string(size),
                                std::to_string(part_size), seed};
  args.insert(args.end(), attributes.begin(), attributes.end());
  return trimmed(probe_ok(1, args));
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

TEST(MultipartCopy, AwsCliEightMebibytePartsKeepTheSourceEtag) {
  const std::string source = fresh_bucket("mpcli");
  const std::string dest = fresh_bucket("mpclidst");
  TempDir dir("s3copy-mp");
  const std::string file = dir.write("big.bin", std::string(20'000'000, 'a') + "tail");
  aws_ok(1, {"s3", "cp", "--quiet", file, "s3://" + source + "/cli/big.bin"});
  const std::string source_etag = etag_of(source, "cli/big.bin");
  ASSERT_NE(source_etag.find("-3"), std::string::npos) << "aws-cli should upload 3 parts of 8 MiB";

  const CommandResult run = run_s3copy({"s3://" + source, "s3://" + dest, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(etag_of(dest, "cli/big.bin"), source_etag);
  expect_same_object(source, dest, "cli/big.bin");
}

TEST(MultipartCopy, SourcesOfSeveralShapesKeepTheirEtagAndBytes) {
  const std::string source = fresh_bucket("mpshapes");
  const std::string dest = fresh_bucket("mpshapesdst");
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
  const CommandResult run = run_s3copy({"s3://" + source, "s3://" + dest, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_counts(run)["copied"], static_cast<std::int64_t>(shapes.size()));
  for (const Shape& shape : shapes) {
    EXPECT_EQ(etag_of(dest, shape.key), etag_of(source, shape.key)) << shape.key;
    expect_same_object(source, dest, shape.key);
  }
}

TEST(MultipartCopy, SimpleObjectOverTheThresholdIsCopiedInPartsAndRecognisedNextTime) {
  const std::string source = fresh_bucket("mpsimple");
  const std::string dest = fresh_bucket("mpsimpledst");
  probe_ok(1, {"put", source, hex("plain/big"), std::to_string(12 * kMiB + 3), "simple"});
  const std::vector<std::string> args{
      "s3://" + source, "s3://" + dest, "--json", "--multipart-threshold",
      "6MiB",           "--part-size",  "5MiB"};
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

TEST(MultipartCopy, MetadataAndAclSurvive) {
  const TestServer& server = TestServer::get();
  const std::string source = fresh_bucket("mpmeta");
  const std::string dest = fresh_bucket("mpmetadst");
  put_multipart(source, "doc.bin", 11 * kMiB, 5 * kMiB,
                {"ContentType=application/x-test", "CacheControl=no-cache",
                 "ContentDisposition=attachment; filename=\"doc.bin\"", "ContentLanguage=de",
                 "Metadata.origin=multipart test"});
  const CommandResult run =
      run_s3copy({"s3://" + source, "s3://" + dest, "--acl-grant", "read:id=" + server.user2.id});
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

TEST(MultipartCopy, RerunCopiesNothingAndAChangedSourceIsCopiedAgain) {
  const std::string source = fresh_bucket("mpsync");
  const std::string dest = fresh_bucket("mpsyncdst");
  put_multipart(source, "video", 16 * kMiB, 8 * kMiB, {}, "first");
  const std::vector<std::string> args{"s3://" + source, "s3://" + dest, "--json"};
  ASSERT_EQ(run_s3copy(args).exit_code, 0);
  const CommandResult rerun = run_s3copy(args);
  EXPECT_EQ(json_counts(rerun)["copied"], 0);
  EXPECT_EQ(json_counts(rerun)["skipped"], 1);

  put_multipart(source, "video", 16 * kMiB, 8 * kMiB, {}, "second");  // same size, new bytes
  const CommandResult changed = run_s3copy(args);
  EXPECT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_EQ(json_counts(changed)["copied"], 1);
  EXPECT_EQ(etag_of(dest, "video"), etag_of(source, "video"));
  expect_same_object(source, dest, "video");
}

TEST(MultipartCopy, KilledMidCopyTheRerunReusesFinishedPartsAndLeavesNoUpload) {
  const std::string source = fresh_bucket("mpkill");
  const std::string dest = fresh_bucket("mpkilldst");
  constexpr int kParts = 100;
  probe_ok(1, {"put", source, hex("huge"), std::to_string(kParts * 5 * kMiB), "kill"});
  // Last-Modified has whole seconds: an upload started in the source's last second cannot be
  // proven newer than it and would (rightly) not be resumed.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  // One part at a time, so that the copy is still under way when it is killed.
  const std::vector<std::string> args{
      "s3://" + source,        "s3://" + dest, "--json",      "-t",  "1",
      "--multipart-threshold", "6MiB",         "--part-size", "5MiB"};
  const int pid = start_s3copy(args);
  ASSERT_GT(pid, 0);
  int parts_before_kill = 0;
  for (int poll = 0; poll < 200 && parts_before_kill < 5; ++poll) {
    parts_before_kill = std::stoi(probe_ok(1, {"parts", dest, hex("huge")}));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  const int parts_after_kill = std::stoi(probe_ok(1, {"parts", dest, hex("huge")}));
  ASSERT_GE(parts_after_kill, 5) << "the copy should have been killed part-way";
  ASSERT_LT(parts_after_kill, kParts) << "the copy finished before it could be killed";

  const CommandResult rerun = run_s3copy(args);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  auto counts = json_counts(rerun);
  EXPECT_EQ(counts["copied"], 1);
  EXPECT_GE(counts["parts_reused"], parts_after_kill);
  EXPECT_EQ(counts["parts_copied"] + counts["parts_reused"], kParts);
  expect_same_object(source, dest, "huge");
  EXPECT_EQ(probe_ok(1, {"uploads", dest}), "") << "no multipart upload may be left behind";
}

}  // namespace
}  // namespace s3copy::test
