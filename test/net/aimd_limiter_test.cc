// Tests for net/aimd_limiter.h: admission up to the limit, one decrease per burst of SlowDowns,
// the floor, additive recovery to the ceiling, counters, and consistency under concurrent use.
#include "net/aimd_limiter.h"

#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace s3copy::net {
namespace {

using Outcome = AimdLimiter::Outcome;

// Admits `count` requests, failing the test if any is refused.
std::vector<Admission> admit(AimdLimiter& limiter, int count) {
  std::vector<Admission> admissions;
  for (int i = 0; i < count; ++i) {
    std::optional<Admission> admission = limiter.try_acquire();
    EXPECT_TRUE(admission.has_value()) << "request " << i << " refused";
    if (admission) admissions.push_back(*admission);
  }
  return admissions;
}

// One request admitted and released with `outcome`; returns what release() reported.
std::optional<LimitChange> round_trip(AimdLimiter& limiter, Outcome outcome) {
  std::optional<Admission> admission = limiter.try_acquire();
  EXPECT_TRUE(admission.has_value());
  if (!admission) return std::nullopt;
  return limiter.release(*admission, outcome);
}

TEST(AimdLimiterTest, StartsAtTheCeilingWithNothingInFlight) {
  AimdLimiter limiter;
  EXPECT_EQ(limiter.ceiling(), 40);
  EXPECT_EQ(limiter.floor(), 1);
  EXPECT_EQ(limiter.current_limit(), 40);
  EXPECT_EQ(limiter.in_flight(), 0);
  EXPECT_EQ(limiter.decreases(), 0u);
  EXPECT_EQ(limiter.increases(), 0u);
}

TEST(AimdLimiterTest, AdmitsUpToTheLimitThenRefuses) {
  AimdLimiter limiter({.ceiling = 3});
  std::vector<Admission> admissions = admit(limiter, 3);
  EXPECT_EQ(limiter.in_flight(), 3);
  EXPECT_FALSE(limiter.try_acquire().has_value());
  EXPECT_EQ(limiter.in_flight(), 3);

  limiter.release(admissions.back(), Outcome::kOtherFailure);
  EXPECT_EQ(limiter.in_flight(), 2);
  EXPECT_TRUE(limiter.try_acquire().has_value());
  EXPECT_EQ(limiter.in_flight(), 3);
}

TEST(AimdLimiterTest, SlowDownHalvesTheLimitAndReportsIt) {
  AimdLimiter limiter({.ceiling = 40});
  const std::optional<LimitChange> change = round_trip(limiter, Outcome::kSlowDown);
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(change->from, 40);
  EXPECT_EQ(change->to, 20);
  EXPECT_TRUE(change->lowered());
  EXPECT_EQ(limiter.current_limit(), 20);
  EXPECT_EQ(limiter.decreases(), 1u);
  EXPECT_EQ(limiter.slow_downs(), 1u);
  EXPECT_EQ(limiter.in_flight(), 0);
}

TEST(AimdLimiterTest, LoweredLimitRefusesAdmissionsUntilEnoughRequestsFinish) {
  AimdLimiter limiter({.ceiling = 4});
  std::vector<Admission> admissions = admit(limiter, 4);
  limiter.release(admissions[0], Outcome::kSlowDown);  // limit 2, still 3 in flight
  EXPECT_FALSE(limiter.try_acquire().has_value());
  limiter.release(admissions[1], Outcome::kSuccess);  // 2 in flight
  EXPECT_FALSE(limiter.try_acquire().has_value());
  limiter.release(admissions[2], Outcome::kSuccess);  // 1 in flight
  EXPECT_TRUE(limiter.try_acquire().has_value());
  EXPECT_EQ(limiter.in_flight(), 2);
}

TEST(AimdLimiterTest, BurstOfSlowDownsFromOneEpochDecreasesOnce) {
  AimdLimiter limiter({.ceiling = 40});
  std::vector<Admission> admissions = admit(limiter, 40);
  int changes_reported = 0;
  for (const Admission& admission : admissions) {
    if (limiter.release(admission, Outcome::kSlowDown)) ++changes_reported;
  }
  EXPECT_EQ(changes_reported, 1);
  EXPECT_EQ(limiter.current_limit(), 20);
  EXPECT_EQ(limiter.decreases(), 1u);
  EXPECT_EQ(limiter.slow_downs(), 40u);
  EXPECT_EQ(limiter.in_flight(), 0);
}

TEST(AimdLimiterTest, SlowDownOfRequestAdmittedAfterADecreaseDecreasesAgain) {
  AimdLimiter limiter({.ceiling = 40});
  std::vector<Admission> old_epoch = admit(limiter, 2);
  limiter.release(old_epoch[0], Outcome::kSlowDown);  // 40 -> 20
  const std::optional<Admission> new_epoch = limiter.try_acquire();
  ASSERT_TRUE(new_epoch.has_value());

  EXPECT_FALSE(limiter.release(old_epoch[1], Outcome::kSlowDown).has_value());
  EXPECT_EQ(limiter.current_limit(), 20);
  const std::optional<LimitChange> change = limiter.release(*new_epoch, Outcome::kSlowDown);
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(change->from, 20);
  EXPECT_EQ(change->to, 10);
  EXPECT_EQ(limiter.decreases(), 2u);
}

TEST(AimdLimiterTest, RepeatedSlowDownsStopAtTheDefaultFloorOfOne) {
  AimdLimiter limiter({.ceiling = 40});
  std::vector<int> limits;
  for (int i = 0; i < 8; ++i) {
    round_trip(limiter, Outcome::kSlowDown);
    limits.push_back(limiter.current_limit());
  }
  EXPECT_EQ(limits, (std::vector<int>{20, 10, 5, 2, 1, 1, 1, 1}));
  EXPECT_EQ(limiter.decreases(), 5u);
  EXPECT_EQ(limiter.slow_downs(), 8u);
}

TEST(AimdLimiterTest, ConfiguredFloorIsNeverUndercut) {
  AimdLimiter limiter({.ceiling = 10, .floor = 4});
  EXPECT_EQ(round_trip(limiter, Outcome::kSlowDown)->to, 5);
  EXPECT_EQ(round_trip(limiter, Outcome::kSlowDown)->to, 4);
  EXPECT_FALSE(round_trip(limiter, Outcome::kSlowDown).has_value());
  EXPECT_EQ(limiter.current_limit(), 4);
  EXPECT_EQ(limiter.decreases(), 2u);
}

TEST(AimdLimiterTest, ConfiguredDecreaseFactorIsApplied) {
  AimdLimiter limiter({.ceiling = 40, .floor = 1, .decrease_factor = 0.75});
  EXPECT_EQ(round_trip(limiter, Outcome::kSlowDown)->to, 30);
  EXPECT_EQ(round_trip(limiter, Outcome::kSlowDown)->to, 22);
}

TEST(AimdLimiterTest, OtherFailuresFreeTheSlotButKeepTheLimit) {
  AimdLimiter limiter({.ceiling = 4});
  round_trip(limiter, Outcome::kSlowDown);  // limit 2
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(round_trip(limiter, Outcome::kOtherFailure).has_value());
  }
  EXPECT_EQ(limiter.current_limit(), 2);
  EXPECT_EQ(limiter.in_flight(), 0);
  EXPECT_EQ(limiter.increases(), 0u);
  EXPECT_EQ(limiter.decreases(), 1u);
}

TEST(AimdLimiterTest, SuccessesRaiseTheLimitByOnePerLimitSuccesses) {
  AimdLimiter limiter({.ceiling = 4});
  round_trip(limiter, Outcome::kSlowDown);  // limit 2

  EXPECT_FALSE(round_trip(limiter, Outcome::kSuccess).has_value());
  const std::optional<LimitChange> to_three = round_trip(limiter, Outcome::kSuccess);
  ASSERT_TRUE(to_three.has_value());
  EXPECT_EQ(to_three->from, 2);
  EXPECT_EQ(to_three->to, 3);
  EXPECT_FALSE(to_three->lowered());

  EXPECT_FALSE(round_trip(limiter, Outcome::kSuccess).has_value());
  EXPECT_FALSE(round_trip(limiter, Outcome::kSuccess).has_value());
  EXPECT_EQ(round_trip(limiter, Outcome::kSuccess)->to, 4);
  EXPECT_EQ(limiter.increases(), 2u);
}

TEST(AimdLimiterTest, RecoversToTheCeilingAndStaysThere) {
  AimdLimiter limiter({.ceiling = 40});
  round_trip(limiter, Outcome::kSlowDown);  // limit 20
  int successes = 0;
  while (limiter.current_limit() < 40 && successes < 10'000) {
    round_trip(limiter, Outcome::kSuccess);
    ++successes;
  }
  // 20 successes at limit 20, 21 at limit 21, ..., 39 at limit 39.
  EXPECT_EQ(successes, 590);
  EXPECT_EQ(limiter.current_limit(), 40);
  EXPECT_EQ(limiter.increases(), 20u);

  for (int i = 0; i < 100; ++i) round_trip(limiter, Outcome::kSuccess);
  EXPECT_EQ(limiter.current_limit(), 40);
  EXPECT_EQ(limiter.increases(), 20u);
}

TEST(AimdLimiterTest, SuccessesOfRequestsAdmittedBeforeADecreaseEarnNoIncrease) {
  AimdLimiter limiter({.ceiling = 4});
  std::vector<Admission> old_epoch = admit(limiter, 4);
  limiter.release(old_epoch[0], Outcome::kSlowDown);  // limit 2
  for (int i = 1; i < 4; ++i) {
    EXPECT_FALSE(limiter.release(old_epoch[i], Outcome::kSuccess).has_value());
  }
  // Had the three stale successes counted, this one would not be needed to reach 3.
  EXPECT_FALSE(round_trip(limiter, Outcome::kSuccess).has_value());
  EXPECT_EQ(round_trip(limiter, Outcome::kSuccess)->to, 3);
}

TEST(AimdLimiterTest, DecreaseForfeitsSuccessCreditEarnedBeforeIt) {
  AimdLimiter limiter({.ceiling = 40});
  round_trip(limiter, Outcome::kSlowDown);  // limit 20
  for (int i = 0; i < 19; ++i) round_trip(limiter, Outcome::kSuccess);
  round_trip(limiter, Outcome::kSlowDown);  // limit 10; the 19 successes no longer count
  for (int i = 0; i < 9; ++i) {
    EXPECT_FALSE(round_trip(limiter, Outcome::kSuccess).has_value()) << "success " << i;
  }
  EXPECT_EQ(round_trip(limiter, Outcome::kSuccess)->to, 11);
}

TEST(AimdLimiterTest, IncreaseDoesNotShieldEarlierAdmissionsFromDecreasing) {
  AimdLimiter limiter({.ceiling = 4});
  round_trip(limiter, Outcome::kSlowDown);  // limit 2
  const std::optional<Admission> before_increase = limiter.try_acquire();
  ASSERT_TRUE(before_increase.has_value());
  round_trip(limiter, Outcome::kSuccess);
  ASSERT_EQ(round_trip(limiter, Outcome::kSuccess)->to, 3);

  // Only decreases start an epoch: a SlowDown under the lower limit is still news.
  const std::optional<LimitChange> change = limiter.release(*before_increase, Outcome::kSlowDown);
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(change->from, 3);
  EXPECT_EQ(change->to, 1);
}

TEST(AimdLimiterTest, RejectsNonsenseOptions) {
  EXPECT_THROW(AimdLimiter({.ceiling = 0, .floor = 0}), std::invalid_argument);
  EXPECT_THROW(AimdLimiter({.ceiling = 3, .floor = 4}), std::invalid_argument);
  EXPECT_THROW(AimdLimiter({.ceiling = 3, .floor = 1, .decrease_factor = 1.0}),
               std::invalid_argument);
  EXPECT_THROW(AimdLimiter({.ceiling = 3, .floor = 1, .decrease_factor = 0.0}),
               std::invalid_argument);
}

// What one hammering thread saw.
struct ThreadReport {
  int admitted = 0;
  int most_in_flight_seen = 0;
  int net_limit_change = 0;  // sum of (to - from) over the changes release() reported
  std::uint64_t decreases_reported = 0;
  std::uint64_t increases_reported = 0;
};

// Holds up to `hold` admissions at a time, releasing them with mostly successes and an
// occasional SlowDown chosen by a seeded generator.
ThreadReport hammer(AimdLimiter& limiter, unsigned seed, int rounds, int hold) {
  ThreadReport report;
  std::mt19937 rng(seed);
  std::bernoulli_distribution slow_down(0.02);
  std::vector<Admission> held;
  for (int round = 0; round < rounds; ++round) {
    while (static_cast<int>(held.size()) < hold) {
      std::optional<Admission> admission = limiter.try_acquire();
      if (!admission) break;
      held.push_back(*admission);
      ++report.admitted;
      report.most_in_flight_seen = std::max(report.most_in_flight_seen, limiter.in_flight());
    }
    for (const Admission& admission : held) {
      const Outcome outcome = slow_down(rng) ? Outcome::kSlowDown : Outcome::kSuccess;
      if (std::optional<LimitChange> change = limiter.release(admission, outcome)) {
        report.net_limit_change += change->to - change->from;
        ++(change->lowered() ? report.decreases_reported : report.increases_reported);
      }
    }
    held.clear();
  }
  return report;
}

TEST(AimdLimiterTest, ConcurrentUseKeepsCountsConsistent) {
  constexpr int kCeiling = 6;
  constexpr int kThreads = 4;
  AimdLimiter limiter({.ceiling = kCeiling});
  std::vector<ThreadReport> reports(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] { reports[t] = hammer(limiter, 1000 + t, 20'000, 3); });
  }
  for (std::thread& thread : threads) thread.join();

  ThreadReport total;
  for (const ThreadReport& report : reports) {
    total.admitted += report.admitted;
    total.most_in_flight_seen = std::max(total.most_in_flight_seen, report.most_in_flight_seen);
    total.net_limit_change += report.net_limit_change;
    total.decreases_reported += report.decreases_reported;
    total.increases_reported += report.increases_reported;
  }
  EXPECT_EQ(limiter.in_flight(), 0);
  EXPECT_GT(total.admitted, 0);
  EXPECT_GE(total.most_in_flight_seen, 1);
  EXPECT_LE(total.most_in_flight_seen, kCeiling);
  EXPECT_GT(limiter.decreases(), 0u);
  // Every change was reported to exactly one caller, and none was lost between threads.
  EXPECT_EQ(limiter.decreases(), total.decreases_reported);
  EXPECT_EQ(limiter.increases(), total.increases_reported);
  EXPECT_EQ(limiter.current_limit(), kCeiling + total.net_limit_change);
  EXPECT_GE(limiter.current_limit(), 1);
  EXPECT_LE(limiter.current_limit(), kCeiling);
}

TEST(AimdLimiterTest, ConcurrentUseNeverAdmitsBeyondAFixedLimit) {
  // Only successes at the ceiling: the limit cannot move, so in_flight must stay within it.
  constexpr int kCeiling = 5;
  AimdLimiter limiter({.ceiling = kCeiling});
  std::vector<int> most_seen(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20'000; ++round) {
        std::vector<Admission> held;
        while (held.size() < 3) {
          std::optional<Admission> admission = limiter.try_acquire();
          if (!admission) break;
          held.push_back(*admission);
          most_seen[t] = std::max(most_seen[t], limiter.in_flight());
        }
        for (const Admission& admission : held) limiter.release(admission, Outcome::kSuccess);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(limiter.in_flight(), 0);
  EXPECT_EQ(limiter.current_limit(), kCeiling);
  for (int seen : most_seen) EXPECT_LE(seen, kCeiling);
  EXPECT_EQ(limiter.decreases(), 0u);
}

}  // namespace
}  // namespace s3copy::net
