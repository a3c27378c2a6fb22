// How long to wait before retrying a failed S3 request: exponential backoff with full jitter
// ("Exponential Backoff And Jitter", AWS Architecture Blog). Computes delays; never sleeps.
#pragma once

#include <chrono>
#include <random>

namespace s3copy::net {

struct BackoffPolicy {
  // Upper bound of the first retry's delay; each further retry doubles it.
  std::chrono::milliseconds base{100};
  // No delay ever exceeds this, however many retries were made.
  std::chrono::milliseconds cap{20'000};
  // Total attempts allowed for one request, the first one included.
  int max_attempts = 10;
};

// For 503 SlowDown: S3 asked us to reduce the request rate, so even the first retry waits longer.
inline constexpr BackoffPolicy kSlowDownBackoffPolicy{std::chrono::milliseconds{1'000},
                                                      std::chrono::milliseconds{20'000}, 10};

// Immutable after construction, so one instance may be shared by every thread; the random
// generator passed to delay_before_retry() is the caller's and must not be shared unguarded.
class Backoff {
 public:
  // Throws std::invalid_argument unless 0 < base <= cap and max_attempts >= 1.
  explicit Backoff(BackoffPolicy policy = {});

  // Largest delay retry number `retries_made` may wait: min(cap, base * 2^retries_made).
  // retries_made is 0 before the first retry; negative values count as 0. Never overflows.
  std::chrono::milliseconds ceiling_for(int retries_made) const;

  // Uniformly random in [0, ceiling_for(retries_made)], both ends included.
  std::chrono::milliseconds delay_before_retry(int retries_made, std::mt19937_64& rng) const;

  // True while another attempt is allowed after `attempts_made` attempts (first one included).
  bool may_retry(int attempts_made) const { return attempts_made < policy_.max_attempts; }

  const BackoffPolicy& policy() const { return policy_; }

 private:
  BackoffPolicy policy_;
};

}  // namespace s3copy::net
