// Tests for the composer (stages/composer.h): completing a multipart copy and verifying the
// result's size and ETag, against a scripted S3 peer.
#include "stages/composer.h"

#include <future>
#include <string>
#include <vector>

#include "plan/etag.h"
#include "plan/s3_limits.h"
#include "test/stages/scripted_stage_test.h"

namespace s3copy::stages {
namespace {

using plan::kMiB;

const std::string kPart1 = "11111111111111111111111111111111";
const std::string kPart2 = "22222222222222222222222222222222";

std::string complete_xml(const std::string& etag) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult>"
         "<Bucket>dst</Bucket><Key>a</Key><ETag>\"" +
         etag + "\"</ETag></CompleteMultipartUploadResult>";
}

class ComposerTest : public ScriptedStageTest {
 protected:
  Composer composer{client, client, ledger};
  const std::string implied = plan::multipart_etag({kPart1, kPart2});

  // Both parts of "a" (10 MiB) copied into upload u1, from a source whose ETag is `source_etag`.
  std::shared_ptr<CopyJob> composable_job(const std::string& source_etag) {
    std::shared_ptr<CopyJob> job = job_for("a", 10 * kMiB, source_etag);
    job->action.method = plan::CopyMethod::kMultipart;
    job->action.part_size = 5 * kMiB;
    job->upload_id = "u1";
    job->parts = {{.part_number = 1, .etag = kPart1, .size = 5 * kMiB},
                  {.part_number = 2, .etag = kPart2, .size = 5 * kMiB}};
    return job;
  }

  // Composes the job and waits until the composer has done with it.
  void compose(std::shared_ptr<CopyJob> job) {
    until_slot_released([&](StageSlot slot) { composer.compose(std::move(job), std::move(slot)); });
  }

  // CompleteMultipartUpload answers with the ETag the parts imply, and a HEAD finds `size` bytes
  // with `etag`.
  void script_completion(std::uint64_t size, const std::string& etag) {
    s3.on("POST", "/dst/a?uploadId=u1", {.body = complete_xml(implied)});
    s3.on("HEAD", "/dst/a", head_reply(size, etag));
  }
};

TEST_F(ComposerTest, ACompletedCopyWithTheSourcesEtagIsCopied) {
  script_completion(10 * kMiB, implied);
  std::shared_ptr<CopyJob> job = composable_job(implied);
  compose(job);
  EXPECT_EQ(settled().copied, 1u);
  EXPECT_EQ(s3.request_lines(),
            (std::vector<std::string>{"POST /dst/a?uploadId=u1", "HEAD /dst/a"}));
  const std::string body = s3.requests().front().body;
  EXPECT_NE(body.find("<Part><PartNumber>1</PartNumber><ETag>&quot;" + kPart1 +
                      "&quot;</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&quot;" + kPart2 +
                      "&quot;</ETag></Part>"),
            std::string::npos)
      << body;
  EXPECT_EQ(job->action.reason, "new, same ETag as the source");
}

TEST_F(ComposerTest, ACopyOfAPlainSourceIsKnownByTheRecordedSourceEtag) {
  script_completion(10 * kMiB, implied);
  std::shared_ptr<CopyJob> job = composable_job(kSourceEtag);
  compose(job);
  EXPECT_EQ(settled().copied, 1u);
  EXPECT_EQ(job->action.reason, "new, source ETag recorded in x-amz-meta-s3copy-source-etag");
}

TEST_F(ComposerTest, ACompletedCopyOfTheWrongSizeFails) {
  script_completion(10 * kMiB - 1, implied);
  const std::string failures = failures_while([&] { compose(composable_job(implied)); });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_NE(failures.find("the completed copy has " + std::to_string(10 * kMiB - 1) +
                          " bytes, not " + std::to_string(10 * kMiB)),
            std::string::npos)
      << failures;
  // Completed: there is no upload left to abort.
  EXPECT_EQ(s3.request_lines("DELETE"), std::vector<std::string>{});
}

// radosgw answers CompleteMultipartUpload without an ETag: the object's own must then match.
TEST_F(ComposerTest, AnObjectWithAnEtagItsPartsDoNotImplyFails) {
  s3.on("POST", "/dst/a?uploadId=u1", {.body = complete_xml("")});
  s3.on("HEAD", "/dst/a", head_reply(10 * kMiB, kOtherEtag + std::string("-2")));
  const std::string failures = failures_while([&] { compose(composable_job(implied)); });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_NE(failures.find("is not the " + implied + " its parts imply"), std::string::npos)
      << failures;
}

TEST_F(ComposerTest, AnUploadThatCannotBeCompletedIsAbortedAndTheObjectFails) {
  s3.on("POST", "/dst/a?uploadId=u1",
        {.status = 400, .body = test::error_xml("InvalidPart", "part 2 is missing")});
  s3.on("DELETE", "/dst/a?uploadId=u1", {.status = 204});
  const std::string failures = failures_while([&] { compose(composable_job(implied)); });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_NE(failures.find("FAILED s3://src/a: cannot complete the multipart upload"),
            std::string::npos)
      << failures;
  EXPECT_EQ(s3.request_lines(),
            (std::vector<std::string>{"POST /dst/a?uploadId=u1", "DELETE /dst/a?uploadId=u1"}));
}

// AWS answers a completion sent again after its first answer was lost with NoSuchUpload: the
// upload is gone because it completed. The object decides.
TEST_F(ComposerTest, AnUploadGoneBecauseItCompletedIsKnownByItsObject) {
  s3.on("POST", "/dst/a?uploadId=u1",
        {.status = 404, .body = test::error_xml("NoSuchUpload", "The upload does not exist")});
  s3.on("HEAD", "/dst/a", head_reply(10 * kMiB, implied));
  std::shared_ptr<CopyJob> job = composable_job(implied);
  compose(job);
  EXPECT_EQ(settled().copied, 1u);
  EXPECT_EQ(
      job->action.reason,
      "new, completed (the first answer to the completion was lost), same ETag as the source");
  EXPECT_EQ(s3.request_lines("DELETE"), std::vector<std::string>{});
}

TEST_F(ComposerTest, AnUploadGoneWithoutItsObjectFailsWithTheCompletionsError) {
  s3.on("POST", "/dst/a?uploadId=u1",
        {.status = 404, .body = test::error_xml("NoSuchUpload", "The upload does not exist")});
  s3.on("HEAD", "/dst/a", {.status = 404});
  const std::string failures = failures_while([&] { compose(composable_job(implied)); });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_NE(failures.find("FAILED s3://src/a: cannot complete the multipart upload: NoSuchUpload"),
            std::string::npos)
      << failures;
  EXPECT_EQ(s3.request_lines("DELETE"), std::vector<std::string>{});  // no upload to abort
}

}  // namespace
}  // namespace s3copy::stages
