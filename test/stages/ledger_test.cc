// Tests for the Ledger and its tickets (stages/ledger.h, stages/object_ticket.h): each admitted
// object counts once, by the outcome that consumes its ticket, and a dropped ticket is a failure.
#include "stages/ledger.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <utility>

#include "plan/plan_file.h"
#include "plan/plan_line.h"
#include "stages/splitter.h"
#include "test/support/temp_dir.h"

namespace s3copy::stages {
namespace {

using namespace std::chrono_literals;

plan::Action copy_of(const std::string& key, std::uint64_t size) {
  return plan::Action{
      .verdict = plan::Verdict::kCopy,
      .reason = "new",
      .source_bucket = "src",
      .source = {.key = key, .size = size, .etag = "0123456789abcdef0123456789abcdef"},
      .destination_bucket = "dst",
      .destination_key = key};
}

TEST(LedgerTest, OnlyFailuresGoToTheFailedPlan) {
  const test::TempDir dir("ledger_failed_plan");
  const std::string path = (dir.path() / "failed.plan").string();
  // As in a run: a copy that failed before the splitter chose its method gets one.
  plan::FailedPlan failed(path, {}, [](plan::Action& action) {
    decide_method(action, plan::kMaxSingleCopyBytes, 64ull << 20, false);
  });
  Ledger ledger(10, nullptr, &failed);
  ObjectTicket copied = ledger.admit("src", "a", 5);
  ObjectTicket broken = ledger.admit("src", "b", 7);
  ledger.record_copied(std::move(copied), copy_of("a", 5));
  testing::internal::CaptureStderr();
  ledger.record_failed(std::move(broken), copy_of("b", 7), "access denied");
  testing::internal::GetCapturedStderr();
  ASSERT_TRUE(failed.save());
  plan::PlanFile read(path, "failed.plan");
  const std::optional<plan::Action> line = read.next();
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->source.key, "b");
  EXPECT_EQ(line->method, plan::CopyMethod::kSimple);
  EXPECT_FALSE(read.next().has_value());
}

TEST(LedgerTest, EachOutcomeCountsItsObjectAndItsBytes) {
  Ledger ledger(10, nullptr);
  ObjectTicket copied = ledger.admit("src", "a", 5);
  ObjectTicket skipped = ledger.admit("src", "b", 7);
  ObjectTicket planned = ledger.admit("src", "c", 11);
  ObjectTicket failed = ledger.admit("src", "d", 13);
  ledger.record_copied(std::move(copied), copy_of("a", 5));
  ledger.record_skipped(std::move(skipped), copy_of("b", 7));
  ledger.record_planned(std::move(planned), copy_of("c", 11));
  testing::internal::CaptureStderr();
  ledger.record_failed(std::move(failed), copy_of("d", 13), "access denied");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "s3copy: FAILED s3://src/d: access denied\n");
  ledger.mark_listing_done();
  ledger.wait_until_idle();

  const ObjectCounts counts = ledger.counts();
  EXPECT_EQ(counts.listed, 4u);
  EXPECT_EQ(counts.bytes_listed, 36u);
  EXPECT_EQ(counts.copied, 1u);
  EXPECT_EQ(counts.bytes_copied, 5u);
  EXPECT_EQ(counts.skipped, 1u);
  EXPECT_EQ(counts.bytes_skipped, 7u);
  EXPECT_EQ(counts.planned, 1u);
  EXPECT_EQ(counts.bytes_planned, 11u);
  EXPECT_EQ(counts.failed, 1u);
  EXPECT_TRUE(counts.listing_done);
}

TEST(LedgerTest, AnOutcomeConsumesTheTicketItIsGiven) {
  Ledger ledger(10, nullptr);
  ObjectTicket ticket = ledger.admit("src", "a", 1);
  EXPECT_TRUE(ticket.held());
  ObjectTicket moved = std::move(ticket);
  EXPECT_FALSE(ticket.held());  // NOLINT(bugprone-use-after-move): what a move leaves is the point
  EXPECT_TRUE(moved.held());
  ledger.record_copied(std::move(moved), copy_of("a", 1));
  EXPECT_FALSE(moved.held());  // NOLINT(bugprone-use-after-move)
  ledger.wait_until_idle();
  EXPECT_EQ(ledger.counts().copied, 1u);
  EXPECT_EQ(ledger.counts().failed, 0u);
}

TEST(LedgerTest, AdmissionWaitsWhileTheObjectBudgetIsUsedUp) {
  Ledger ledger(1, nullptr);
  ObjectTicket first = ledger.admit("src", "a", 1);
  std::future<ObjectTicket> second =
      std::async(std::launch::async, [&] { return ledger.admit("src", "b", 1); });
  EXPECT_EQ(second.wait_for(50ms), std::future_status::timeout);
  ledger.record_copied(std::move(first), copy_of("a", 1));
  ObjectTicket admitted = second.get();
  EXPECT_TRUE(admitted.held());
  ledger.record_skipped(std::move(admitted), copy_of("b", 1));
  ledger.wait_until_idle();
  EXPECT_EQ(ledger.counts().listed, 2u);
}

TEST(LedgerTest, ADryRunWritesItsDecisionsAsPlanLines) {
  const test::TempDir dir("ledger_test");
  const std::string path = (dir.path() / "dry.plan").string();
  plan::Action skip = copy_of("b", 7);
  skip.verdict = plan::Verdict::kSkip;
  skip.reason = "same size and ETag";
  {
    plan::PlanWriter plan(path);
    Ledger ledger(10, &plan);
    ledger.record_planned(ledger.admit("src", "a", 5), copy_of("a", 5));
    ledger.record_skipped(ledger.admit("src", "b", 7), skip);
    ledger.wait_until_idle();
    ASSERT_EQ(plan.finish(true), plan::PlanWriter::Finish::kKept);
  }
  EXPECT_EQ(dir.read("dry.plan"),
            plan::format_action(copy_of("a", 5)) + "\n" + plan::format_action(skip) + "\n");
}

TEST(LedgerTest, AFailedJobKeepsItsFirstReason) {
  Ledger ledger(10, nullptr);
  EXPECT_FALSE(ledger.job_failed());
  testing::internal::CaptureStderr();  // each is logged as it happens
  ledger.fail_job("cannot list s3://src/");
  ledger.fail_job("a later problem");
  EXPECT_NE(testing::internal::GetCapturedStderr().find("a later problem"), std::string::npos);
  EXPECT_TRUE(ledger.job_failed());
  EXPECT_EQ(ledger.job_error(), "cannot list s3://src/");
}

#ifdef NDEBUG
// Release builds: the object a path forgot is failed and named, and the run does not hang.
TEST(LedgerTest, ADroppedTicketIsAFailureNamedInternalDropped) {
  Ledger ledger(10, nullptr);
  testing::internal::CaptureStderr();
  { ObjectTicket forgotten = ledger.admit("src", "lost key", 3); }
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "s3copy: FAILED s3://src/lost%20key: internal: dropped\n");
  ledger.mark_listing_done();
  ledger.wait_until_idle();  // returns: the dropped object has its outcome
  EXPECT_EQ(ledger.counts().failed, 1u);
}
#else
// Debug builds (the sanitizer runs) stop at the drop, so the path that lost it is found at once.
TEST(LedgerDeathTest, ADroppedTicketStopsADebugBuild) {
  Ledger ledger(10, nullptr);
  EXPECT_DEATH({ ObjectTicket forgotten = ledger.admit("src", "lost", 3); },
               "FAILED s3://src/lost: internal: dropped");
}
#endif

}  // namespace
}  // namespace s3copy::stages
