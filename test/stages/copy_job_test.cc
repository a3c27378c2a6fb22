// Tests for a CopyJob's failure state (stages/copy_job.h): a failed multipart job is recorded
// once, and its upload is aborted only after its last part request has come back.
#include "stages/copy_job.h"

#include <string>
#include <vector>

#include "test/stages/scripted_stage_test.h"

namespace s3copy::stages {
namespace {

class CopyJobTest : public ScriptedStageTest {
 protected:
  std::shared_ptr<CopyJob> job_with_upload() {
    std::shared_ptr<CopyJob> job = job_for("a", 10);
    job->upload_id = "u1";
    return job;
  }
};

TEST_F(CopyJobTest, AJobWithoutAnUploadFailsAtOnceAndOnlyOnce) {
  std::shared_ptr<CopyJob> job = job_for("a", 10);
  const std::string failures = failures_while([&] {
    fail_job(job, "first reason", client, ledger);
    fail_job(job, "second reason", client, ledger);
  });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_EQ(failures, "s3copy: FAILED s3://src/a: first reason\n");
  EXPECT_TRUE(s3.requests().empty());
}

TEST_F(CopyJobTest, AFailedJobsUploadIsAbortedOnlyOnceItsPartRequestsAreBack) {
  s3.on("DELETE", "/dst/a?uploadId=u1", {.status = 204});
  std::shared_ptr<CopyJob> job = job_with_upload();
  ASSERT_TRUE(begin_part_request(job));
  ASSERT_TRUE(begin_part_request(job));
  testing::internal::CaptureStderr();
  fail_job(job, "part 1: access denied", client, ledger);
  EXPECT_FALSE(job->failure_finished.load());  // two part requests are still on the wire
  EXPECT_FALSE(begin_part_request(job));       // and no new one may start
  end_part_request(job);
  EXPECT_FALSE(job->failure_finished.load());
  end_part_request(job);
  EXPECT_TRUE(job->failure_finished.load());
  settled();
  const std::string failures = testing::internal::GetCapturedStderr();
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_EQ(failures, "s3copy: FAILED s3://src/a: part 1: access denied\n");
  EXPECT_EQ(s3.request_lines(), std::vector<std::string>{"DELETE /dst/a?uploadId=u1"});
}

TEST_F(CopyJobTest, AnAbortThatFailsIsNamedInTheObjectsFailure) {
  s3.on("DELETE", "/dst/a?uploadId=u1",
        {.status = 403, .body = test::error_xml("AccessDenied", "no abort for you")});
  const std::string failures =
      failures_while([&] { fail_job(job_with_upload(), "part 1: access denied", client, ledger); });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_NE(failures.find("FAILED s3://src/a: part 1: access denied; its multipart upload u1 "
                          "could not be aborted: "),
            std::string::npos)
      << failures;
}

}  // namespace
}  // namespace s3copy::stages
