// Exponential backoff with full jitter: the delay ceiling doubles per retry up to a cap, and the
// delay itself is drawn uniformly below it so that clients that failed together spread out.
#include "net/backoff.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace s3copy::net {

namespace {

void validate(const BackoffPolicy& policy) {
  if (policy.base.count() <= 0) throw std::invalid_argument("backoff base must be positive");
  if (policy.cap < policy.base) throw std::invalid_argument("backoff cap must be >= base");
  if (policy.max_attempts < 1) throw std::invalid_argument("backoff max_attempts must be >= 1");
}

// base * 2^exponent, or cap when that would exceed cap. Compares against cap >> exponent
// instead of shifting base, because the shift overflows long before exponent reaches 64.
std::int64_t capped_doubling(std::int64_t base, std::int64_t cap, int exponent) {
  constexpr int kBitsInValue = 63;
  if (exponent >= kBitsInValue) return cap;
  if (base > (cap >> exponent)) return cap;
  return base << exponent;
}

}  // namespace

Backoff::Backoff(BackoffPolicy policy) : policy_(policy) {
  validate(policy_);
}

std::chrono::milliseconds Backoff::ceiling_for(int retries_made) const {
  const int exponent = std::max(retries_made, 0);
  return std::chrono::milliseconds{
      capped_doubling(policy_.base.count(), policy_.cap.count(), exponent)};
}

std::chrono::milliseconds Backoff::delay_before_retry(int retries_made,
                                                      std::mt19937_64& rng) const {
  std::uniform_int_distribution<std::int64_t> uniform(0, ceiling_for(retries_made).count());
  return std::chrono::milliseconds{uniform(rng)};
}

}  // namespace s3copy::net
