// Tests for run_copy_stages (stages/copy_run.h) that need no S3 requests: how the outcomes a feed
// leaves behind become the run's result and exit status.
#include "stages/copy_run.h"

#include <gtest/gtest.h>

#include <string>

#include "net/http_engine.h"

namespace s3copy::stages {
namespace {

plan::Action skip_of(const std::string& key) {
  return plan::Action{.verdict = plan::Verdict::kSkip,
                      .reason = "same size and ETag",
                      .source_bucket = "src",
                      .source = {.key = key, .size = 1, .etag = "0123456789abcdef0123456789abcdef"},
                      .destination_bucket = "dst",
                      .destination_key = key};
}

// Runs the copy stages on what `feed` admits. The clients point at a port nothing listens on:
// these feeds hand nothing to the copy stages, so no request is ever sent.
RunResult run_with_feed(const std::function<void(Ledger&, const CopyDecisions&)>& feed) {
  net::HttpEngine engine(net::HttpOptions{});
  net::S3Client client(
      engine, net::ConnectionSettings{.endpoint = "http://127.0.0.1:9", .endpoint_is_aws = false});
  const CopyRun run{.feed = feed};  // no --cleanup: the scope is never asked for
  plan::PlanWriter plan_out;        // standard output: a run that is not dry writes no plan lines
  return run_copy_stages(PipelineConfig{}, run, client, client, plan_out);
}

TEST(CopyRunTest, ARunWhoseObjectsAreAllUpToDateSucceeds) {
  const RunResult result = run_with_feed([](Ledger& ledger, const CopyDecisions&) {
    ledger.record_skipped(ledger.admit("src", "a", 1), skip_of("a"));
  });
  EXPECT_EQ(result.status, RunStatus::kOk);
  EXPECT_EQ(result.summary.objects.skipped, 1u);
  EXPECT_EQ(result.summary.objects.failed, 0u);
}

#ifdef NDEBUG
// An object some path forgot ends the run with exit 1 and its name, instead of a hang.
TEST(CopyRunTest, AnObjectWhoseTicketIsDroppedFailsTheRunInsteadOfHangingIt) {
  testing::internal::CaptureStderr();
  const RunResult result = run_with_feed([](Ledger& ledger, const CopyDecisions&) {
    ledger.record_skipped(ledger.admit("src", "a", 1), skip_of("a"));
    ObjectTicket forgotten = ledger.admit("src", "forgotten", 1);
  });
  const std::string stderr_text = testing::internal::GetCapturedStderr();
  EXPECT_EQ(result.status, RunStatus::kSomeFailed);
  EXPECT_EQ(static_cast<int>(result.status), 1);  // the exit status main() returns
  EXPECT_EQ(result.summary.objects.failed, 1u);
  EXPECT_EQ(result.summary.objects.skipped, 1u);
  EXPECT_NE(stderr_text.find("FAILED s3://src/forgotten: internal: dropped"), std::string::npos)
      << stderr_text;
}
#else
TEST(CopyRunDeathTest, AnObjectWhoseTicketIsDroppedStopsADebugBuild) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // the run has event-loop threads
  EXPECT_DEATH(run_with_feed([](Ledger& ledger, const CopyDecisions&) {
                 ObjectTicket forgotten = ledger.admit("src", "forgotten", 1);
               }),
               "FAILED s3://src/forgotten: internal: dropped");
}
#endif

}  // namespace
}  // namespace s3copy::stages
