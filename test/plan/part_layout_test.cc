// Tests for plan/part_layout.h: uniform part ranges, and the guesses of a multipart source's part
// size from its size and part count, common tools' sizes first.
#include "plan/part_layout.h"

#include <gtest/gtest.h>

namespace s3copy::plan {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;

TEST(PartLayoutTest, UniformRangesCoverTheObjectWithAShortLastPart) {
  const PartLayout layout = PartLayout::uniform(20'000'000, 8 * kMiB);
  ASSERT_EQ(layout.part_count(), 3);
  EXPECT_EQ(layout.first_byte(1), 0u);
  EXPECT_EQ(layout.last_byte(1), 8 * kMiB - 1);
  EXPECT_EQ(layout.first_byte(3), 16 * kMiB);
  EXPECT_EQ(layout.last_byte(3), 20'000'000u - 1);
  EXPECT_EQ(PartLayout::uniform(16 * kMiB, 8 * kMiB).part_count(), 2);
  EXPECT_EQ(PartLayout::uniform(0, 8 * kMiB).part_count(), 1);
}

TEST(PartLayoutTest, UnevenSizesGiveTheirRanges) {
  const auto layout = PartLayout::of_sizes({5 * kMiB, 9 * kMiB, 2});
  ASSERT_TRUE(layout.has_value());
  EXPECT_FALSE(layout->is_uniform());
  ASSERT_EQ(layout->part_count(), 3);
  EXPECT_EQ(layout->size(), 14 * kMiB + 2);
  EXPECT_EQ(layout->first_byte(2), 5 * kMiB);
  EXPECT_EQ(layout->last_byte(2), 14 * kMiB - 1);
  EXPECT_EQ(layout->first_byte(3), 14 * kMiB);
  EXPECT_EQ(layout->last_byte(3), 14 * kMiB + 1);
  EXPECT_EQ(layout->sizes(), (std::vector<std::uint64_t>{5 * kMiB, 9 * kMiB, 2}));
}

TEST(PartLayoutTest, SizesThatAUniformLayoutDescribesAreUniform) {
  const auto layout = PartLayout::of_sizes({8 * kMiB, 8 * kMiB, 3});
  ASSERT_TRUE(layout.has_value());
  EXPECT_TRUE(layout->is_uniform());
  EXPECT_EQ(layout->part_size(), 8 * kMiB);
  EXPECT_EQ(layout->part_count(), 3);
  EXPECT_FALSE(PartLayout::of_sizes({8, 9})->is_uniform());  // a last part larger than the rest
  EXPECT_FALSE(PartLayout::of_sizes({}).has_value());
  EXPECT_FALSE(PartLayout::of_sizes({8, 0, 8}).has_value());
}

TEST(PartSizesTextTest, RunsRoundTrip) {
  const std::vector<std::uint64_t> sizes = {8, 8, 8, 5, 9, 9, 1};
  EXPECT_EQ(format_part_sizes(sizes), "8x3,5,9x2,1");
  EXPECT_EQ(parse_part_sizes("8x3,5,9x2,1"), sizes);
  EXPECT_EQ(parse_part_sizes("7"), (std::vector<std::uint64_t>{7}));
}

TEST(PartSizesTextTest, RejectsWhatIsNotSizesAndRuns) {
  for (const char* bad : {"", ",", "8,", ",8", "8x", "8x0", "0", "x3", "8y2", "8x2x2", "-8", "8,,9",
                          "1x10001", "18446744073709551616"}) {
    EXPECT_FALSE(parse_part_sizes(bad).has_value()) << bad;
  }
}

TEST(CandidatePartSizesTest, AwsCliEightMebibytesComesFirst) {
  const auto guesses = candidate_part_sizes(20'000'000, 3);
  ASSERT_FALSE(guesses.empty());
  EXPECT_EQ(guesses.front(), 8 * kMiB);
}

TEST(CandidatePartSizesTest, FiveMebibytePartsWhenEightCannotGiveThatCount) {
  const auto guesses = candidate_part_sizes(12 * kMiB + 100, 3);
  ASSERT_FALSE(guesses.empty());
  EXPECT_EQ(guesses.front(), 5 * kMiB);
}

TEST(CandidatePartSizesTest, EveryGuessCutsTheObjectIntoExactlyThatManyParts) {
  for (const auto& [size, parts] : {std::pair<std::uint64_t, int>{20'000'000, 3},
                                    {1ull << 30, 16},
                                    {(1ull << 30) + 1, 17},
                                    {100 * kMiB, 1},
                                    {80'000'000'000ull, 9537}}) {
    const auto guesses = candidate_part_sizes(size, parts);
    EXPECT_FALSE(guesses.empty()) << size << " in " << parts;
    for (std::uint64_t part_size : guesses) {
      EXPECT_EQ(PartLayout::uniform(size, part_size).part_count(), parts)
          << size << " / " << part_size;
    }
  }
}

TEST(CandidatePartSizesTest, OnePartMeansTheWholeObject) {
  const auto guesses = candidate_part_sizes(3 * kMiB, 1);
  ASSERT_FALSE(guesses.empty());
  EXPECT_EQ(guesses.front(), 3 * kMiB);
}

TEST(CandidatePartSizesTest, AwsCliDoublingForHugeObjects) {
  // aws-cli doubles 8 MiB until at most 10,000 parts: 200 GiB -> 32 MiB parts, 6,400 of them.
  const auto guesses = candidate_part_sizes(200ull << 30, 6400);
  EXPECT_NE(std::find(guesses.begin(), guesses.end(), 32 * kMiB), guesses.end());
}

TEST(CandidatePartSizesTest, NoUniformLayoutGivesNoGuess) {
  EXPECT_TRUE(candidate_part_sizes(3, 5).empty());
}

}  // namespace
}  // namespace s3copy::plan
