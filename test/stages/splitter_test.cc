// Tests for the splitter's pure choices (stages/splitter.h): simple or multipart copy, and a part
// size that keeps every upload within S3's 10,000 parts; plus part counts of plan::PartLayout.
#include "stages/splitter.h"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "plan/part_layout.h"
#include "stages/copy_job.h"

namespace s3copy::stages {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr std::uint64_t kGiB = 1ull << 30;
constexpr std::uint64_t kTiB = 1ull << 40;
const std::string kMd5Etag = "0123456789abcdef0123456789abcdef";
const std::string kMultipartEtag = "0123456789abcdef0123456789abcdef-4";

plan::ObjectEntry object(std::uint64_t size, const std::string& etag = kMd5Etag) {
  return {.key = "k", .size = size, .etag = etag};
}

TEST(PlannedPartSizeTest, MultipartSourcesKeepTheirGuessedLayoutOthersAreCut) {
  const std::uint64_t size = 20'000'000;  // aws-cli: 8 MiB parts -> 3 parts
  EXPECT_EQ(planned_part_size({"k", size, "e28144faea07525444f1fdf91cbb0965-3"}, 64 * kMiB),
            8 * kMiB);
  EXPECT_EQ(planned_part_size({"k", size, "d41d8cd98f00b204e9800998ecf8427e"}, 64 * kMiB),
            64 * kMiB);
  // No uniform layout cuts 3 bytes into 5 parts: cut at the requested size instead.
  EXPECT_EQ(planned_part_size({"k", 3, "e28144faea07525444f1fdf91cbb0965-5"}, 64 * kMiB),
            64 * kMiB);
}

TEST(ChooseMethodTest, SimpleUpToTheThresholdMultipartAbove) {
  const std::uint64_t threshold = 100 * kMiB;
  EXPECT_EQ(choose_method(object(1), threshold), plan::CopyMethod::kSimple);
  EXPECT_EQ(choose_method(object(threshold), threshold), plan::CopyMethod::kSimple);
  EXPECT_EQ(choose_method(object(threshold + 1), threshold), plan::CopyMethod::kMultipart);
}

TEST(ChooseMethodTest, MultipartSourcesAreCopiedInPartsWhateverTheirSize) {
  EXPECT_EQ(choose_method(object(1, kMultipartEtag), 100 * kMiB), plan::CopyMethod::kMultipart);
  EXPECT_EQ(choose_method(object(6 * kMiB, kMultipartEtag), plan::kMaxSingleCopyBytes),
            plan::CopyMethod::kMultipart);
}

TEST(ChooseMethodTest, EmptyObjectsAreAlwaysSimple) {
  EXPECT_EQ(choose_method(object(0), 0), plan::CopyMethod::kSimple);
  EXPECT_EQ(choose_method(object(0, kMultipartEtag), 100 * kMiB), plan::CopyMethod::kSimple);
}

TEST(ChooseMethodTest, FiveGbCopyObjectCapHoldsEvenWithALargerThreshold) {
  EXPECT_EQ(plan::kMaxSingleCopyBytes, 5'368'709'120ull);
  const std::uint64_t huge_threshold = 100 * kGiB;
  EXPECT_EQ(choose_method(object(plan::kMaxSingleCopyBytes), huge_threshold),
            plan::CopyMethod::kSimple);
  EXPECT_EQ(choose_method(object(plan::kMaxSingleCopyBytes + 1), huge_threshold),
            plan::CopyMethod::kMultipart);
  EXPECT_EQ(choose_method(object(kTiB), UINT64_MAX), plan::CopyMethod::kMultipart);
}

TEST(ChoosePartSizeTest, UnchangedWhenTheRequestedSizeIsFine) {
  EXPECT_EQ(choose_part_size(100 * kGiB, 64 * kMiB), 64 * kMiB);
  EXPECT_EQ(choose_part_size(10'000 * 64 * kMiB, 64 * kMiB), 64 * kMiB);  // exactly 10,000 parts
  EXPECT_EQ(choose_part_size(1, 5 * kMiB), 5 * kMiB);
  EXPECT_EQ(choose_part_size(0, 64 * kMiB), 64 * kMiB);
}

TEST(ChoosePartSizeTest, RaisedToAWholeMibSoThatFiveTibFitsInTenThousandParts) {
  const std::uint64_t size = 5 * kTiB;
  const std::uint64_t part_size = choose_part_size(size, 64 * kMiB);
  EXPECT_EQ(part_size, 525 * kMiB);  // 5 TiB / 10,000 = 524.288 MiB, rounded up
  EXPECT_EQ(part_size % kMiB, 0u);
  EXPECT_LE(plan::PartLayout::uniform(size, part_size).part_count(), plan::kMaxParts);
  EXPECT_GT(plan::PartLayout::uniform(size, part_size - kMiB).part_count(),
            plan::kMaxParts);  // no smaller whole MiB would do
}

TEST(ChoosePartSizeTest, OneByteMoreThanTenThousandPartsRaisesByOneMib) {
  const std::uint64_t size = 10'000 * 64 * kMiB + 1;
  const std::uint64_t part_size = choose_part_size(size, 64 * kMiB);
  EXPECT_EQ(part_size, 65 * kMiB);
  EXPECT_LE(plan::PartLayout::uniform(size, part_size).part_count(), plan::kMaxParts);
}

TEST(ChoosePartSizeTest, NeverMoreThanTenThousandParts) {
  for (const std::uint64_t size : {kGiB, 700 * kGiB, 1 * kTiB + 12345, 5 * kTiB, 48 * kTiB}) {
    for (const std::uint64_t requested : {5 * kMiB, 8 * kMiB, 64 * kMiB}) {
      const std::uint64_t part_size = choose_part_size(size, requested);
      EXPECT_GE(part_size, requested) << size << " " << requested;
      EXPECT_LE(plan::PartLayout::uniform(size, part_size).part_count(), plan::kMaxParts)
          << size << " " << requested;
    }
  }
}

TEST(PartCountTest, CoversTheObject) {
  EXPECT_EQ(plan::PartLayout::uniform(0, 64 * kMiB).part_count(), 1);
  EXPECT_EQ(plan::PartLayout::uniform(1, 64 * kMiB).part_count(), 1);
  EXPECT_EQ(plan::PartLayout::uniform(64 * kMiB, 64 * kMiB).part_count(), 1);
  EXPECT_EQ(plan::PartLayout::uniform(64 * kMiB + 1, 64 * kMiB).part_count(), 2);
  EXPECT_EQ(plan::PartLayout::uniform(plan::kMaxSingleCopyBytes, 64 * kMiB).part_count(),
            80);  // the README's 5 GB in 80 parts
  EXPECT_EQ(plan::PartLayout::uniform(5 * kTiB, 525 * kMiB).part_count(), 9987);
}

}  // namespace
}  // namespace s3copy::stages
