// Tests for the differ's pure decision from the two listings (stages/differ.h): compare_listed.
#include "stages/differ.h"

#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace s3copy::stages {
namespace {

const std::string kSourceEtag = "9b2cf535f27731c974343645a3985328-3";
const std::string kCopyEtag = "6f5902ac237024bdd0c176cb93063dc4-3";

plan::ObjectEntry source_object() {
  return {.key = "folder/object", .size = 15'000'000, .etag = kSourceEtag};
}

TEST(CompareListedTest, MissingDestinationIsCopiedAsNew) {
  const Judgement judgement = compare_listed(source_object(), std::nullopt);
  EXPECT_EQ(judgement.comparison, Comparison::kCopy);
  EXPECT_EQ(judgement.reason, "new");
}

TEST(CompareListedTest, DifferentSizeIsCopied) {
  for (const std::uint64_t size : {0ull, 14'999'999ull, 15'000'001ull}) {
    const Judgement judgement = compare_listed(
        source_object(),
        plan::ObjectEntry{.key = "folder/object", .size = size, .etag = kSourceEtag});
    EXPECT_EQ(judgement.comparison, Comparison::kCopy) << size;
    EXPECT_EQ(judgement.reason, "size differs") << size;
  }
}

TEST(CompareListedTest, SameSizeAndEtagIsSkipped) {
  const Judgement judgement = compare_listed(source_object(), source_object());
  EXPECT_EQ(judgement.comparison, Comparison::kSkip);
  EXPECT_EQ(judgement.reason, "same size and ETag");
}

TEST(CompareListedTest, EmptyObjectsWithTheSameEtagAreSkipped) {
  const plan::ObjectEntry empty{.key = "e", .size = 0, .etag = "d41d8cd98f00b204e9800998ecf8427e"};
  EXPECT_EQ(compare_listed(empty, empty).comparison, Comparison::kSkip);
}

TEST(CompareListedTest, SameSizeOtherEtagAsksTheDestination) {
  const Judgement judgement = compare_listed(
      source_object(),
      plan::ObjectEntry{.key = "folder/object", .size = 15'000'000, .etag = kCopyEtag});
  EXPECT_EQ(judgement.comparison, Comparison::kAskDestination);
}

}  // namespace
}  // namespace s3copy::stages
