// Tests for plan/shard.h: "K/N" parsing and its error messages, and that shard assignment is
// stable (pinned answers that must never change) and balanced.
#include "plan/shard.h"

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test/support/error_of.h"

namespace s3copy::plan {
namespace {

std::string parse_error(const std::string& text) {
  return test::error_of<std::invalid_argument>([&] { parse_shard(text); });
}

TEST(ShardParse, ReadsZeroBasedKOfN) {
  EXPECT_EQ(parse_shard("0/3"), (Shard{0, 3}));
  EXPECT_EQ(parse_shard("2/3"), (Shard{2, 3}));
  EXPECT_EQ(parse_shard("0/1"), (Shard{0, 1}));
  EXPECT_EQ(parse_shard("999999/1000000"), (Shard{999999, 1000000}));
}

TEST(ShardParse, WritesWhatItReads) {
  EXPECT_EQ(to_string(Shard{4, 7}), "4/7");
  EXPECT_EQ(parse_shard(to_string(Shard{4, 7})), (Shard{4, 7}));
}

TEST(ShardParse, KEqualToNIsRefusedWithTheZeroBasedRange) {
  EXPECT_EQ(parse_error("3/3"),
            "--shard '3/3': K must be below N (shards are numbered from 0: 0/3 to 2/3 make the "
            "whole job)");
}

TEST(ShardParse, MissingSlashIsRefused) {
  EXPECT_EQ(parse_error("3"),
            "--shard '3': expected K/N, shard K of N counted from 0, e.g. --shard 0/3 (with 1/3 "
            "and 2/3)");
}

TEST(ShardParse, BadCountsAreRefused) {
  const std::string n_problem = "N must be a whole number from 1 to 1000000, the number of shards";
  for (const char* text : {"0/0", "0/", "0/-3", "0/+3", "0/3 ", "0/ 3", "0/x", "0/1000001",
                           "0/99999999999999999999", "1/2/3"}) {
    EXPECT_NE(parse_error(text).find(n_problem), std::string::npos) << text;
  }
}

TEST(ShardParse, BadIndexesAreRefused) {
  for (const char* text : {"/3", "-1/3", "+1/3", " 1/3", "a/3", "1.0/3"}) {
    EXPECT_EQ(parse_error(text), "--shard '" + std::string(text) +
                                     "': K must be a whole number from 0 to N-1, the shard to "
                                     "take, e.g. --shard 0/3")
        << text;
  }
}

// These answers are the format: if this test fails, shard_hash() changed and plans cut by older
// builds would be split differently. Fix the code, never the numbers. (Checked against an
// independent Python implementation of FNV-1a 64 + splitmix64's finalizer.)
TEST(ShardHash, PinnedValuesNeverChange) {
  EXPECT_EQ(shard_hash(""), 0xf52a15e9a9b5e89bULL);
  EXPECT_EQ(shard_hash("a"), 0x02c0bdbf481420f8ULL);
  EXPECT_EQ(shard_hash("hello world.txt"), 0x62a59a68448b60ccULL);
  EXPECT_EQ(shard_hash("photos/2024/IMG_0001.jpg"), 0x069c8aba238b603eULL);
  EXPECT_EQ(shard_hash("unicode/na\xC3\xAFve caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC.txt"),
            0x2637de5802c2c314ULL);
}

TEST(ShardHash, PinnedShardsNeverChange) {
  EXPECT_EQ(shard_of("hello world.txt", 3), 2);
  EXPECT_EQ(shard_of("hello world.txt", 7), 3);
  EXPECT_EQ(shard_of("photos/2024/IMG_0001.jpg", 3), 2);
  EXPECT_EQ(shard_of("photos/2024/IMG_0001.jpg", 7), 6);
  EXPECT_EQ(shard_of(" leading space.txt", 1000), 872);
  EXPECT_TRUE(owns(Shard{1, 3}, "a"));
  EXPECT_FALSE(owns(Shard{0, 3}, "a"));
}

TEST(ShardHash, EveryKeyHasExactlyOneShard) {
  for (int i = 0; i < 1000; ++i) {
    const std::string key = "dir/file-" + std::to_string(i);
    int owners = 0;
    for (int index = 0; index < 5; ++index) owners += owns(Shard{index, 5}, key) ? 1 : 0;
    EXPECT_EQ(owners, 1) << key;
  }
}

TEST(ShardHash, OneShardOwnsEverything) {
  EXPECT_TRUE(owns(Shard{0, 1}, ""));
  EXPECT_TRUE(owns(Shard{0, 1}, "any/key"));
}

// Keys as buckets hold them: a shared prefix, sequential numbers. Each shard must get its share
// within `tolerance` (a fraction of it).
void expect_balanced(int count, double tolerance) {
  constexpr int kKeys = 100'000;
  std::vector<int> per_shard(count);
  for (int i = 0; i < kKeys; ++i) {
    ++per_shard[shard_of("logs/2024/06/01/part-" + std::to_string(i) + ".json.gz", count)];
  }
  const double even = double(kKeys) / count;
  for (int index = 0; index < count; ++index) {
    EXPECT_NEAR(per_shard[index], even, even * tolerance) << "shard " << index << "/" << count;
  }
}

TEST(ShardHash, BalancedOverThreeWithinThreePercent) {
  expect_balanced(3, 0.03);
}
TEST(ShardHash, BalancedOverSevenWithinThreePercent) {
  expect_balanced(7, 0.03);
}
// 1,562 keys a shard: chance alone spreads them by ~40 (2.5%), so 10% is four standard deviations.
TEST(ShardHash, BalancedOverSixtyFourWithinTenPercent) {
  expect_balanced(64, 0.10);
}

}  // namespace
}  // namespace s3copy::plan
