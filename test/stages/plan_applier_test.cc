// Tests for judge_applied_line (stages/plan_applier.h): what applying a saved copy line comes to
// once the destination's HEAD has answered, through the shared rule of plan/up_to_date.h.
#include "stages/plan_applier.h"

#include <string>

#include <gtest/gtest.h>

#include "plan/etag.h"

namespace s3copy::stages {
namespace {

const std::string kSourceEtag = "9b2cf535f27731c974343645a3985328-3";
const std::string kCopyEtag = "6f5902ac237024bdd0c176cb93063dc4-3";

plan::Action copy_line() {
  plan::Action line;
  line.reason = "new";
  line.source = {.key = "folder/object", .size = 15'000'000, .etag = kSourceEtag};
  line.destination_key = "folder/object";
  return line;
}

net::Result<net::ObjectHead> destination(std::uint64_t size, const std::string& etag,
                                         const std::string& recorded = "") {
  net::ObjectHead head;
  head.content_length = size;
  head.etag = etag;
  if (!recorded.empty()) head.user_metadata[std::string(plan::kSourceEtagMetadata)] = recorded;
  return head;
}

net::Result<net::ObjectHead> failure(long status, const std::string& code) {
  return net::S3Error{.http_status = status, .code = code, .message = "refused"};
}

TEST(JudgeAppliedLineTest, TheSourceEtagAndSizeAreSkipped) {
  const Judgement judgement = judge_applied_line(copy_line(), destination(15'000'000, kSourceEtag));
  EXPECT_EQ(judgement.comparison, Comparison::kSkip);
  EXPECT_EQ(judgement.reason, "same size and ETag");
}

TEST(JudgeAppliedLineTest, ARecordedSourceEtagIsSkipped) {
  const Judgement judgement =
      judge_applied_line(copy_line(), destination(15'000'000, kCopyEtag, kSourceEtag));
  EXPECT_EQ(judgement.comparison, Comparison::kSkip);
  EXPECT_EQ(judgement.reason, "copy of this source ETag recorded");
}

TEST(JudgeAppliedLineTest, TheSourceEtagWithAnotherSizeIsCopiedWithThePlansReason) {
  const Judgement judgement = judge_applied_line(copy_line(), destination(14'999'999, kSourceEtag));
  EXPECT_EQ(judgement.comparison, Comparison::kCopy);
  EXPECT_EQ(judgement.reason, "new");
}

TEST(JudgeAppliedLineTest, AnotherEtagIsCopied) {
  EXPECT_EQ(judge_applied_line(copy_line(), destination(15'000'000, kCopyEtag)).comparison,
            Comparison::kCopy);
  EXPECT_EQ(
      judge_applied_line(copy_line(), destination(15'000'000, kCopyEtag, kCopyEtag)).comparison,
      Comparison::kCopy);
}

TEST(JudgeAppliedLineTest, AMissingDestinationIsCopiedWithThePlansReason) {
  const Judgement judgement = judge_applied_line(copy_line(), failure(404, "NoSuchKey"));
  EXPECT_EQ(judgement.comparison, Comparison::kCopy);
  EXPECT_EQ(judgement.reason, "new");
}

TEST(JudgeAppliedLineTest, AnUnreadableDestinationIsCopiedAndSaysWhy) {
  const Judgement judgement = judge_applied_line(copy_line(), failure(403, "AccessDenied"));
  EXPECT_EQ(judgement.comparison, Comparison::kCopy);
  EXPECT_NE(judgement.reason.find("new; destination unreadable ("), std::string::npos)
      << judgement.reason;
  EXPECT_NE(judgement.reason.find("AccessDenied"), std::string::npos) << judgement.reason;
}

}  // namespace
}  // namespace s3copy::stages
