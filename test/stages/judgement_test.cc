// Tests for compare_recorded (stages/judgement.h): a destination's HEAD against the source, with
// the source ETag a copy recorded.
#include "stages/judgement.h"

#include <string>

#include <gtest/gtest.h>

#include "plan/etag.h"

namespace s3copy::stages {
namespace {

const std::string kSourceEtag = "9b2cf535f27731c974343645a3985328-3";
const std::string kCopyEtag = "6f5902ac237024bdd0c176cb93063dc4-3";

plan::ObjectEntry source_object() {
  return {.key = "folder/object", .size = 15'000'000, .etag = kSourceEtag};
}

net::ObjectHead destination_head(std::uint64_t size, const std::string& etag) {
  net::ObjectHead head;
  head.content_length = size;
  head.etag = etag;
  return head;
}

TEST(CompareRecordedTest, RecordedSourceEtagIsSkipped) {
  net::ObjectHead head = destination_head(15'000'000, kCopyEtag);
  head.user_metadata[std::string(plan::kSourceEtagMetadata)] = kSourceEtag;
  const Judgement judgement = compare_recorded(source_object(), head);
  EXPECT_EQ(judgement.comparison, Comparison::kSkip);
  EXPECT_EQ(judgement.reason, "copy of this source ETag recorded");
}

TEST(CompareRecordedTest, MetadataKeyIsTheOneCopiesCarry) {
  EXPECT_EQ(plan::kSourceEtagMetadata, "s3copy-source-etag");
}

TEST(CompareRecordedTest, WrongRecordedEtagIsCopied) {
  net::ObjectHead head = destination_head(15'000'000, kCopyEtag);
  head.user_metadata[std::string(plan::kSourceEtagMetadata)] = "0123456789abcdef0123456789abcdef-3";
  const Judgement judgement = compare_recorded(source_object(), head);
  EXPECT_EQ(judgement.comparison, Comparison::kCopy);
  EXPECT_EQ(judgement.reason, "ETag differs");
}

TEST(CompareRecordedTest, RecordedEtagWithWrongSizeIsCopied) {
  net::ObjectHead head = destination_head(14'000'000, kCopyEtag);
  head.user_metadata[std::string(plan::kSourceEtagMetadata)] = kSourceEtag;
  EXPECT_EQ(compare_recorded(source_object(), head).comparison, Comparison::kCopy);
}

TEST(CompareRecordedTest, NoRecordedEtagIsCopied) {
  net::ObjectHead head = destination_head(15'000'000, kCopyEtag);
  head.user_metadata["other-key"] = kSourceEtag;
  const Judgement judgement = compare_recorded(source_object(), head);
  EXPECT_EQ(judgement.comparison, Comparison::kCopy);
  EXPECT_EQ(judgement.reason, "ETag differs");
}

}  // namespace
}  // namespace s3copy::stages
