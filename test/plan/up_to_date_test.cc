// Tests for plan/up_to_date.h: the one rule, shared by the differ, the plan applier and cleanup,
// for when a destination already holds a source version.
#include "plan/up_to_date.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "plan/etag.h"

namespace s3copy::plan {
namespace {

const std::string kPlainEtag = "9b2cf535f27731c974343645a3985328";
const std::string kMultipartEtag = "9b2cf535f27731c974343645a3985328-3";
const std::string kOtherMultipartEtag = "6f5902ac237024bdd0c176cb93063dc4-3";
// What SSE-KMS gives a copy: 32 hex digits that are not the MD5 of its bytes, unlike the source's.
const std::string kKmsCopyEtag = "3a1b4c5d6e7f8091a2b3c4d5e6f70819";

ObjectEntry source(std::uint64_t size, const std::string& etag) {
  return {.key = "folder/object", .size = size, .etag = etag};
}

std::map<std::string, std::string> recording(const std::string& source_etag) {
  return {{std::string(kSourceEtagMetadata), source_etag}};
}

TEST(DestinationHoldsTest, SameSizeAndPlainEtag) {
  EXPECT_EQ(destination_holds(source(100, kPlainEtag), {.size = 100, .etag = kPlainEtag}),
            UpToDate::kSameEtag);
}

TEST(DestinationHoldsTest, SameMultipartEtagCopiedInTheSameParts) {
  EXPECT_EQ(destination_holds(source(15'000'000, kMultipartEtag),
                              {.size = 15'000'000, .etag = kMultipartEtag}),
            UpToDate::kSameEtag);
}

TEST(DestinationHoldsTest, SameEtagButAnotherSizeIsNotHeld) {
  for (const std::string& etag : {kPlainEtag, kMultipartEtag}) {
    EXPECT_EQ(destination_holds(source(100, etag), {.size = 99, .etag = etag}), UpToDate::kNo);
    EXPECT_EQ(destination_holds(source(100, etag), {.size = 101, .etag = etag}), UpToDate::kNo);
  }
}

TEST(DestinationHoldsTest, AnotherEtagWithoutARecordIsNotHeld) {
  EXPECT_EQ(destination_holds(source(100, kPlainEtag), {.size = 100, .etag = kKmsCopyEtag}),
            UpToDate::kNo);
  const std::map<std::string, std::string> unrelated = {{"other-key", kMultipartEtag}};
  EXPECT_EQ(
      destination_holds(source(100, kMultipartEtag),
                        {.size = 100, .etag = kOtherMultipartEtag, .user_metadata = &unrelated}),
      UpToDate::kNo);
}

TEST(DestinationHoldsTest, RecordedSourceEtagOfAMultipartCopy) {
  const auto metadata = recording(kMultipartEtag);
  EXPECT_EQ(destination_holds(
                source(15'000'000, kMultipartEtag),
                {.size = 15'000'000, .etag = kOtherMultipartEtag, .user_metadata = &metadata}),
            UpToDate::kRecordedSourceEtag);
}

TEST(DestinationHoldsTest, RecordedEtagOfAnotherSourceVersionIsNotHeld) {
  const auto metadata = recording(kOtherMultipartEtag);
  EXPECT_EQ(destination_holds(source(100, kMultipartEtag),
                              {.size = 100, .etag = kPlainEtag, .user_metadata = &metadata}),
            UpToDate::kNo);
}

TEST(DestinationHoldsTest, RecordedEtagWithAnotherSizeIsNotHeld) {
  const auto metadata = recording(kMultipartEtag);
  EXPECT_EQ(
      destination_holds(source(100, kMultipartEtag),
                        {.size = 14, .etag = kOtherMultipartEtag, .user_metadata = &metadata}),
      UpToDate::kNo);
}

TEST(DestinationHoldsTest, EncryptedCopyIsHeldOnlyThroughItsRecord) {
  // An SSE-KMS copy's ETag is not its bytes' MD5, so only the recorded source ETag can prove it.
  EXPECT_EQ(destination_holds(source(100, kPlainEtag), {.size = 100, .etag = kKmsCopyEtag}),
            UpToDate::kNo);
  const auto metadata = recording(kPlainEtag);
  EXPECT_EQ(destination_holds(source(100, kPlainEtag),
                              {.size = 100, .etag = kKmsCopyEtag, .user_metadata = &metadata}),
            UpToDate::kRecordedSourceEtag);
}

TEST(DestinationHoldsTest, AnEmptySourceEtagProvesNothing) {
  const auto metadata = recording("");
  EXPECT_EQ(destination_holds(source(0, ""), {.size = 0, .etag = ""}), UpToDate::kNo);
  EXPECT_EQ(destination_holds(source(0, ""), {.size = 0, .etag = "x", .user_metadata = &metadata}),
            UpToDate::kNo);
}

TEST(DestinationHoldsTest, EmptyObjectsWithTheSameEtagAreHeld) {
  const std::string empty_md5 = "d41d8cd98f00b204e9800998ecf8427e";
  EXPECT_EQ(destination_holds(source(0, empty_md5), {.size = 0, .etag = empty_md5}),
            UpToDate::kSameEtag);
}

TEST(SkipReasonTest, EachWayOfHoldingHasItsPlanReason) {
  EXPECT_EQ(skip_reason(UpToDate::kSameEtag), "same size and ETag");
  EXPECT_EQ(skip_reason(UpToDate::kRecordedSourceEtag), "copy of this source ETag recorded");
  EXPECT_EQ(skip_reason(UpToDate::kNo), "");
}

}  // namespace
}  // namespace s3copy::plan
