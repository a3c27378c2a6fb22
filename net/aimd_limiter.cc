// AIMD admission control built on compare-and-swap loops: the limit and its epoch live in one
// 64-bit atomic, requests in flight and success credit in others.
#include "net/aimd_limiter.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace s3copy::net {

namespace {

static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

struct LimitAndEpoch {
  int limit;
  std::uint32_t epoch;
};

std::uint64_t pack(LimitAndEpoch state) {
  return (static_cast<std::uint64_t>(state.epoch) << 32) | static_cast<std::uint32_t>(state.limit);
}

LimitAndEpoch unpack(std::uint64_t word) {
  return {static_cast<int>(word & 0xffff'ffffu), static_cast<std::uint32_t>(word >> 32)};
}

const AimdOptions& validated(const AimdOptions& options) {
  if (options.floor < 1) throw std::invalid_argument("concurrency floor must be >= 1");
  if (options.ceiling < options.floor) {
    throw std::invalid_argument("concurrency ceiling must be >= floor");
  }
  if (!(options.decrease_factor > 0.0 && options.decrease_factor < 1.0)) {
    throw std::invalid_argument("decrease factor must be in (0, 1)");
  }
  return options;
}

}  // namespace

AimdLimiter::AimdLimiter(AimdOptions options)
    : options_(validated(options)), limit_and_epoch_(pack({options.ceiling, 0})) {}

int AimdLimiter::current_limit() const {
  return unpack(limit_and_epoch_.load(std::memory_order_acquire)).limit;
}

std::optional<Admission> AimdLimiter::try_acquire() {
  // Limit and epoch are read together, so the admission is judged by the limit it is tagged
  // with. A decrease racing with the admission counts as having happened just after it.
  const LimitAndEpoch state = unpack(limit_and_epoch_.load(std::memory_order_acquire));
  int running = in_flight_.load(std::memory_order_relaxed);
  do {
    if (running >= state.limit) return std::nullopt;
  } while (!in_flight_.compare_exchange_weak(running, running + 1, std::memory_order_acq_rel,
                                             std::memory_order_relaxed));
  return Admission{state.epoch};
}

std::optional<LimitChange> AimdLimiter::release(Admission admission, Outcome outcome) {
  [[maybe_unused]] const int was_running = in_flight_.fetch_sub(1, std::memory_order_acq_rel);
  assert(was_running > 0 && "release() without a matching try_acquire()");
  switch (outcome) {
    case Outcome::kSlowDown:
      return on_slow_down(admission);
    case Outcome::kSuccess:
      return on_success(admission);
    case Outcome::kOtherFailure:
      return std::nullopt;
  }
  return std::nullopt;
}

int AimdLimiter::decreased(int limit) const {
  // Flooring limit * factor (factor < 1) always lowers a limit that is above the floor.
  return std::max(options_.floor, static_cast<int>(limit * options_.decrease_factor));
}

std::optional<LimitChange> AimdLimiter::on_slow_down(Admission admission) {
  slow_downs_.fetch_add(1, std::memory_order_relaxed);
  std::uint64_t word = limit_and_epoch_.load(std::memory_order_acquire);
  for (;;) {
    const LimitAndEpoch state = unpack(word);
    // Sent under a limit that has already been lowered: that decrease answered it too.
    if (state.epoch != admission.epoch) return std::nullopt;
    if (state.limit <= options_.floor) return std::nullopt;
    const LimitAndEpoch lowered{decreased(state.limit), state.epoch + 1};
    if (limit_and_epoch_.compare_exchange_weak(word, pack(lowered), std::memory_order_acq_rel,
                                               std::memory_order_acquire)) {
      success_credit_.store(0, std::memory_order_relaxed);
      decreases_.fetch_add(1, std::memory_order_relaxed);
      return LimitChange{state.limit, lowered.limit};
    }
  }
}

std::optional<LimitChange> AimdLimiter::on_success(Admission admission) {
  const LimitAndEpoch seen = unpack(limit_and_epoch_.load(std::memory_order_acquire));
  // Only successes under the current limit are evidence that this limit is sustainable.
  if (seen.epoch != admission.epoch || seen.limit >= options_.ceiling) return std::nullopt;
  if (!earn_increase(seen.limit)) return std::nullopt;

  std::uint64_t word = pack(seen);
  for (;;) {
    const LimitAndEpoch state = unpack(word);
    // A SlowDown won the race: the credit this success earned belonged to the old limit.
    if (state.epoch != admission.epoch || state.limit >= options_.ceiling) return std::nullopt;
    const LimitAndEpoch raised{state.limit + 1, state.epoch};
    if (limit_and_epoch_.compare_exchange_weak(word, pack(raised), std::memory_order_acq_rel,
                                               std::memory_order_acquire)) {
      increases_.fetch_add(1, std::memory_order_relaxed);
      return LimitChange{state.limit, raised.limit};
    }
  }
}

bool AimdLimiter::earn_increase(int limit) {
  // One success in `limit` is the one that completes a round trip's worth and resets the count.
  int credit = success_credit_.load(std::memory_order_relaxed);
  int next = 0;
  bool earned = false;
  do {
    earned = credit + 1 >= limit;
    next = earned ? 0 : credit + 1;
  } while (!success_credit_.compare_exchange_weak(credit, next, std::memory_order_relaxed));
  return earned;
}

}  // namespace s3copy::net
