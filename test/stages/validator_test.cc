// Tests for the validator (stages/validator.h): how each copy answer is judged, retried, failed or
// sent back to the splitter, against a scripted S3 peer for the HEADs it asks.
#include "stages/validator.h"

#include <future>
#include <optional>
#include <string>
#include <vector>

#include "plan/s3_limits.h"
#include "test/stages/scripted_stage_test.h"

namespace s3copy::stages {
namespace {

using plan::kMiB;

constexpr char kMultipartEtag[] = "0123456789abcdef0123456789abcdef-2";

CopyOutcome answered(std::shared_ptr<CopyJob> job, const std::string& etag, int attempt = 1,
                     const std::string& encryption = "") {
  return CopyOutcome{.task = CopyTask{.job = std::move(job), .attempt = attempt},
                     .result = net::CopyResult{.etag = etag, .server_side_encryption = encryption}};
}

CopyOutcome refused(std::shared_ptr<CopyJob> job, int status, int part_number = 0) {
  CopyOutcome outcome{.task = CopyTask{.job = std::move(job), .part_number = part_number}};
  outcome.error.http_status = status;
  outcome.error.code = status == 412 ? "PreconditionFailed" : "AccessDenied";
  return outcome;
}

TEST(JudgeCopyTest, TheSourcesEtagIsGoodAnotherNeedsTheSourceAnd412MeansItChanged) {
  CopyJob job;
  job.action.source.etag = kSourceEtag;
  auto judge = [&](CopyOutcome outcome) { return judge_copy(job.action, outcome); };
  EXPECT_EQ(judge(answered(nullptr, kSourceEtag)), CopyVerdict::kGood);
  EXPECT_EQ(judge(answered(nullptr, kOtherEtag)), CopyVerdict::kCheckSource);
  EXPECT_EQ(judge(refused(nullptr, 412)), CopyVerdict::kSourceChanged);
  EXPECT_EQ(judge(refused(nullptr, 403)), CopyVerdict::kFailed);
}

class ValidatorTest : public ScriptedStageTest {
 protected:
  WholeCopyTrial trial{true};
  std::vector<CopyTask> retried;
  std::vector<std::shared_ptr<CopyJob>> composed;
  std::vector<AdmittedAction> split_again;
  std::mutex mutex;  // the handlers run on the event loop
  Validator validator{ValidatorSettings{.max_attempts = 3},
                      client,
                      client,
                      ledger,
                      trial,
                      [this](CopyTask task) {
                        std::lock_guard lock(mutex);
                        retried.push_back(std::move(task));
                      },
                      [this](std::shared_ptr<CopyJob> job) {
                        std::lock_guard lock(mutex);
                        composed.push_back(std::move(job));
                      },
                      [this](AdmittedAction admitted) {
                        std::lock_guard lock(mutex);
                        split_again.push_back(std::move(admitted));
                      }};

  // A multipart copy of "a" in two 5 MiB parts, its upload started.
  std::shared_ptr<CopyJob> two_part_job() {
    std::shared_ptr<CopyJob> job = job_for("a", 10 * kMiB);
    job->action.method = plan::CopyMethod::kMultipart;
    job->action.part_size = 5 * kMiB;
    job->upload_id = "u1";
    job->parts.resize(2);
    job->parts_remaining.store(2);
    return job;
  }

  // Checks the outcome and waits until the validator has done with it (its slot is let go).
  void check(CopyOutcome outcome) {
    until_slot_released(
        [&](StageSlot slot) { validator.check(std::move(outcome), std::move(slot)); });
  }
};

TEST_F(ValidatorTest, ACopyWithTheSourcesEtagIsCopiedWithoutAnotherRequest) {
  check(answered(job_for("a", 10), kSourceEtag));
  EXPECT_EQ(settled().copied, 1u);
  EXPECT_TRUE(s3.requests().empty());
}

TEST_F(ValidatorTest, AMismatchWithAnUnchangedSourceIsCopiedAgainUntilTheAttemptsRunOut) {
  s3.on("HEAD", "/src/a", head_reply(10, kSourceEtag));
  check(answered(job_for("a", 10), kOtherEtag));
  ASSERT_EQ(retried.size(), 1u);
  EXPECT_EQ(retried[0].attempt, 2);
  EXPECT_EQ(ledger.counts().copied + ledger.counts().failed, 0u);  // still in flight

  CopyTask again = std::move(retried[0]);
  again.attempt = 3;
  const std::string failures = failures_while([&] {
    check(CopyOutcome{.task = std::move(again), .result = net::CopyResult{.etag = kOtherEtag}});
  });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_NE(failures.find("FAILED s3://src/a: the copy's ETag " + std::string(kOtherEtag) +
                          " is not the source's " + kSourceEtag + " after 3 attempts"),
            std::string::npos)
      << failures;
  EXPECT_EQ(s3.request_lines(), (std::vector<std::string>{"HEAD /src/a", "HEAD /src/a"}));
}

TEST_F(ValidatorTest, AMismatchBecauseTheSourceChangedFailsWithRunAgain) {
  s3.on("HEAD", "/src/a", head_reply(10, kOtherEtag));
  const std::string failures =
      failures_while([&] { check(answered(job_for("a", 10), kOtherEtag)); });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_NE(failures.find("the source changed since it was listed (ETag " +
                          std::string(kSourceEtag) + " then, " + kOtherEtag + " now); run again"),
            std::string::npos)
      << failures;
  EXPECT_TRUE(retried.empty());
}

TEST_F(ValidatorTest, A412IsASourceChangeNotARetry) {
  const std::string failures = failures_while([&] { check(refused(job_for("a", 10), 412)); });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_NE(failures.find("S3 refused the ETag pin"), std::string::npos) << failures;
  EXPECT_TRUE(retried.empty());
}

TEST_F(ValidatorTest, AnEncryptedCopyIsConfirmedByTheDestinationsSize) {
  s3.on("HEAD", "/src/a", head_reply(10, kSourceEtag, "aws:kms"));
  s3.on("HEAD", "/dst/a", head_reply(10, kOtherEtag, "aws:kms"));
  check(answered(job_for("a", 10), kOtherEtag, 1, "aws:kms"));
  EXPECT_EQ(settled().copied, 1u);
  EXPECT_EQ(s3.request_lines(), (std::vector<std::string>{"HEAD /src/a", "HEAD /dst/a"}));
}

TEST_F(ValidatorTest, AnEncryptedCopyOfTheWrongSizeFails) {
  s3.on("HEAD", "/src/a", head_reply(10, kSourceEtag, "aws:kms"));
  s3.on("HEAD", "/dst/a", head_reply(9, kOtherEtag, "aws:kms"));
  const std::string failures =
      failures_while([&] { check(answered(job_for("a", 10), kOtherEtag, 1, "aws:kms")); });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_NE(failures.find("the copy has the wrong size"), std::string::npos) << failures;
}

TEST_F(ValidatorTest, AWholeCopyGivenANewEtagGoesBackToBeCopiedInPartsAndDecidesForTheRest) {
  std::shared_ptr<CopyJob> job = job_for("a", 10, kMultipartEtag);
  AdmittedAction probe{job->action, {}};
  probe.action.method = plan::CopyMethod::kMultipart;
  ASSERT_EQ(trial.decide(probe, 5 * kMiB), WholeCopyTrial::Decision::kWhole);  // "a" is the trial
  AdmittedAction waiting = admitted_copy("b", 10, kMultipartEtag);
  waiting.action.method = plan::CopyMethod::kMultipart;
  ASSERT_EQ(trial.decide(waiting, 5 * kMiB), WholeCopyTrial::Decision::kAfterTrial);

  check(answered(job, kSourceEtag));  // a plain MD5 for a multipart source: a new ETag
  ASSERT_EQ(split_again.size(), 2u);
  EXPECT_EQ(split_again[0].action.source.key, "b");  // the one that waited for the trial
  EXPECT_EQ(split_again[1].action.source.key, "a");
  EXPECT_EQ(split_again[1].action.method, plan::CopyMethod::kNone);  // to be chosen again
  EXPECT_TRUE(split_again[1].ticket.held());  // the object is still in flight, not done
  EXPECT_FALSE(job->ticket.held());
  EXPECT_EQ(ledger.counts().copied, 0u);

  AdmittedAction next{job->action, {}};
  next.action.method = plan::CopyMethod::kMultipart;
  EXPECT_EQ(trial.decide(next, 5 * kMiB), WholeCopyTrial::Decision::kInParts);
  for (AdmittedAction& object : split_again) {
    ledger.record_copied(std::move(object.ticket), object.action);
  }
  EXPECT_EQ(settled().copied, 2u);
}

TEST_F(ValidatorTest, AWholeCopyThatKeptTheMultipartEtagIsCopiedAndDecidesForTheRest) {
  std::shared_ptr<CopyJob> job = job_for("a", 10, kMultipartEtag);
  AdmittedAction probe{job->action, {}};
  probe.action.method = plan::CopyMethod::kMultipart;
  ASSERT_EQ(trial.decide(probe, 5 * kMiB), WholeCopyTrial::Decision::kWhole);
  check(answered(job, kMultipartEtag));
  EXPECT_EQ(settled().copied, 1u);
  EXPECT_TRUE(split_again.empty());
  EXPECT_EQ(trial.decide(probe, 5 * kMiB), WholeCopyTrial::Decision::kWhole);
}

CopyOutcome part_answer(std::shared_ptr<CopyJob> job, int number, const std::string& etag) {
  const std::uint64_t first = static_cast<std::uint64_t>(number - 1) * 5 * kMiB;
  return CopyOutcome{.task = CopyTask{.job = std::move(job),
                                      .part_number = number,
                                      .range = net::ByteRange{first, first + 5 * kMiB - 1}},
                     .result = net::CopyResult{.etag = etag}};
}

TEST_F(ValidatorTest, EveryGoodPartIsRecordedAndTheLastHandsTheJobToTheComposer) {
  std::shared_ptr<CopyJob> job = two_part_job();
  check(part_answer(job, 2, kOtherEtag));
  EXPECT_TRUE(composed.empty());
  check(part_answer(job, 1, kSourceEtag));
  ASSERT_EQ(composed.size(), 1u);
  EXPECT_EQ(job->parts[0].etag, kSourceEtag);
  EXPECT_EQ(job->parts[1].etag, kOtherEtag);
  EXPECT_EQ(job->parts[1].part_number, 2);
  EXPECT_EQ(job->parts[1].size, 5 * kMiB);
  EXPECT_EQ(ledger.counts().parts_copied, 2u);
  ledger.record_copied(std::move(job->ticket), job->action);  // the composer's part
  EXPECT_EQ(settled().copied, 1u);
}

TEST_F(ValidatorTest, APartWithoutAnEtagIsCopiedAgain) {
  std::shared_ptr<CopyJob> job = two_part_job();
  check(part_answer(job, 1, ""));
  ASSERT_EQ(retried.size(), 1u);
  EXPECT_EQ(retried[0].part_number, 1);
  EXPECT_EQ(retried[0].attempt, 2);
  ledger.record_copied(std::move(job->ticket), job->action);
  settled();
}

TEST_F(ValidatorTest, APartRefusedWith412FailsTheObjectAndAbortsItsUpload) {
  s3.on("DELETE", "/dst/a?uploadId=u1", {.status = 204});
  std::shared_ptr<CopyJob> job = two_part_job();
  const std::string failures = failures_while([&] { check(refused(job, 412, 1)); });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_NE(failures.find("FAILED s3://src/a: part 1: the source changed since it was listed"),
            std::string::npos)
      << failures;
  EXPECT_EQ(s3.request_lines(), (std::vector<std::string>{"DELETE /dst/a?uploadId=u1"}));
  check(part_answer(job, 2, kOtherEtag));  // a late part of a failed job changes nothing
  EXPECT_TRUE(composed.empty());
  EXPECT_EQ(ledger.counts().parts_copied, 0u);
}

}  // namespace
}  // namespace s3copy::stages
