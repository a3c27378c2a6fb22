// Tests for net/backoff.h: delay ceilings, jitter bounds and spread, overflow safety and the
// retry budget. Randomness comes from seeded generators, so every run sees the same numbers.
#include "net/backoff.h"

#include <array>
#include <climits>
#include <stdexcept>

#include <gtest/gtest.h>

namespace s3copy::net {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, DefaultsAreHundredMillisecondsBaseTwentySecondsCapTenAttempts) {
  const Backoff backoff;
  EXPECT_EQ(backoff.policy().base, milliseconds{100});
  EXPECT_EQ(backoff.policy().cap, milliseconds{20'000});
  EXPECT_EQ(backoff.policy().max_attempts, 10);
}

TEST(BackoffTest, CeilingDoublesPerRetryUntilTheCap) {
  const Backoff backoff;
  const std::array<long, 11> expected = {100,   200,    400,    800,    1'600, 3'200,
                                         6'400, 12'800, 20'000, 20'000, 20'000};
  for (int retry = 0; retry < static_cast<int>(expected.size()); ++retry) {
    EXPECT_EQ(backoff.ceiling_for(retry).count(), expected[retry]) << "retry " << retry;
  }
}

TEST(BackoffTest, NegativeRetryCountIsTreatedAsTheFirstRetry) {
  const Backoff backoff;
  EXPECT_EQ(backoff.ceiling_for(-1), milliseconds{100});
  EXPECT_EQ(backoff.ceiling_for(INT_MIN), milliseconds{100});
}

TEST(BackoffTest, LargeRetryCountsStayAtTheCapInsteadOfOverflowing) {
  const Backoff backoff;
  for (int retry : {30, 31, 32, 60, 62, 63, 64, 65, 100, 1'000, INT_MAX}) {
    EXPECT_EQ(backoff.ceiling_for(retry), milliseconds{20'000}) << "retry " << retry;
  }
}

TEST(BackoffTest, HugeBaseAndCapDoNotOverflow) {
  // base * 2 already exceeds what milliseconds can hold.
  const milliseconds huge{milliseconds::max().count() / 2 + 1};
  const Backoff backoff({huge, milliseconds::max(), 3});
  EXPECT_EQ(backoff.ceiling_for(0), huge);
  EXPECT_EQ(backoff.ceiling_for(1), milliseconds::max());
  EXPECT_EQ(backoff.ceiling_for(64), milliseconds::max());
}

TEST(BackoffTest, ExactPowerOfTwoCapIsReachedNotExceeded) {
  const Backoff backoff({milliseconds{3}, milliseconds{24}, 5});
  EXPECT_EQ(backoff.ceiling_for(2), milliseconds{12});
  EXPECT_EQ(backoff.ceiling_for(3), milliseconds{24});
  EXPECT_EQ(backoff.ceiling_for(4), milliseconds{24});
}

TEST(BackoffTest, EveryDelayLiesBetweenZeroAndItsCeiling) {
  const Backoff backoff;
  std::mt19937_64 rng(42);
  for (int retry = 0; retry <= 70; ++retry) {
    const milliseconds ceiling = backoff.ceiling_for(retry);
    for (int sample = 0; sample < 500; ++sample) {
      const milliseconds delay = backoff.delay_before_retry(retry, rng);
      ASSERT_GE(delay.count(), 0) << "retry " << retry;
      ASSERT_LE(delay, ceiling) << "retry " << retry;
    }
  }
}

TEST(BackoffTest, DelayDrawsBothEndsOfTheRangeInclusive) {
  // Ceiling 2 ms on the second retry: 0, 1 and 2 must all come up.
  const Backoff backoff({milliseconds{1}, milliseconds{100}, 5});
  std::mt19937_64 rng(7);
  std::array<int, 3> seen = {};
  for (int sample = 0; sample < 600; ++sample) {
    const long delay = backoff.delay_before_retry(1, rng).count();
    ASSERT_GE(delay, 0);
    ASSERT_LE(delay, 2);
    ++seen[delay];
  }
  EXPECT_GT(seen[0], 100);
  EXPECT_GT(seen[1], 100);
  EXPECT_GT(seen[2], 100);
}

TEST(BackoffTest, DelaysSpreadEvenlyAcrossTheRange) {
  const Backoff backoff;
  std::mt19937_64 rng(2024);
  constexpr int kRetry = 3;  // ceiling 800 ms
  constexpr int kSamples = 40'000;
  constexpr int kBuckets = 8;
  std::array<int, kBuckets> histogram = {};
  long smallest = LONG_MAX;
  long largest = -1;
  for (int sample = 0; sample < kSamples; ++sample) {
    const long delay = backoff.delay_before_retry(kRetry, rng).count();
    smallest = std::min(smallest, delay);
    largest = std::max(largest, delay);
    ++histogram[std::min<long>(delay * kBuckets / 800, kBuckets - 1)];
  }
  EXPECT_LT(smallest, 5);
  EXPECT_GT(largest, 795);
  const int expected_per_bucket = kSamples / kBuckets;
  for (int bucket = 0; bucket < kBuckets; ++bucket) {
    EXPECT_NEAR(histogram[bucket], expected_per_bucket, expected_per_bucket / 10)
        << "bucket " << bucket;
  }
}

TEST(BackoffTest, SameSeedGivesSameDelays) {
  const Backoff backoff;
  std::mt19937_64 first(99);
  std::mt19937_64 second(99);
  for (int retry = 0; retry < 20; ++retry) {
    EXPECT_EQ(backoff.delay_before_retry(retry, first), backoff.delay_before_retry(retry, second));
  }
}

TEST(BackoffTest, MayRetryUntilMaxAttemptsAreMade) {
  const Backoff backoff({milliseconds{100}, milliseconds{1'000}, 3});
  EXPECT_TRUE(backoff.may_retry(0));
  EXPECT_TRUE(backoff.may_retry(1));
  EXPECT_TRUE(backoff.may_retry(2));
  EXPECT_FALSE(backoff.may_retry(3));
  EXPECT_FALSE(backoff.may_retry(4));
}

TEST(BackoffTest, SingleAttemptPolicyNeverRetries) {
  const Backoff backoff({milliseconds{100}, milliseconds{1'000}, 1});
  EXPECT_FALSE(backoff.may_retry(1));
}

TEST(BackoffTest, SlowDownPolicyStartsFromOneSecond) {
  const Backoff slow_down(kSlowDownBackoffPolicy);
  EXPECT_EQ(slow_down.ceiling_for(0), milliseconds{1'000});
  EXPECT_EQ(slow_down.ceiling_for(1), milliseconds{2'000});
  EXPECT_EQ(slow_down.ceiling_for(5), milliseconds{20'000});
  EXPECT_GT(slow_down.ceiling_for(0), Backoff().ceiling_for(0));
}

TEST(BackoffTest, RejectsNonsensePolicies) {
  EXPECT_THROW(Backoff({milliseconds{0}, milliseconds{10}, 3}), std::invalid_argument);
  EXPECT_THROW(Backoff({milliseconds{-5}, milliseconds{10}, 3}), std::invalid_argument);
  EXPECT_THROW(Backoff({milliseconds{100}, milliseconds{99}, 3}), std::invalid_argument);
  EXPECT_THROW(Backoff({milliseconds{100}, milliseconds{200}, 0}), std::invalid_argument);
}

}  // namespace
}  // namespace s3copy::net
