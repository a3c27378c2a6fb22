// Admission control for S3 requests in flight: the allowed concurrency halves when S3 answers
// 503 SlowDown and grows back by one per round trip of successes (AIMD, as in TCP congestion).
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>

namespace s3copy::net {

struct AimdOptions {
  int ceiling = 40;              // the user's -t N; also the starting limit
  int floor = 1;                 // a SlowDown never lowers the limit below this
  double decrease_factor = 0.5;  // limit multiplier on SlowDown, in (0, 1)
};

// Proof of one admission; hand it back to release() exactly once. Records the limit's epoch
// (number of decreases so far) so that outcomes of requests sent under an older, higher limit
// cannot lower the limit a second time.
struct Admission {
  std::uint32_t epoch = 0;
};

// A change of the allowed concurrency, returned so the caller can log it.
struct LimitChange {
  int from = 0;
  int to = 0;
  bool lowered() const { return to < from; }
};

// Lock-free and safe to share between threads. Never blocks: a refused request should wait in
// the caller's queue and try again after some release().
class AimdLimiter {
 public:
  enum class Outcome { kSuccess, kSlowDown, kOtherFailure };

  // Throws std::invalid_argument unless 1 <= floor <= ceiling and 0 < decrease_factor < 1.
  explicit AimdLimiter(AimdOptions options = {});

  AimdLimiter(const AimdLimiter&) = delete;
  AimdLimiter& operator=(const AimdLimiter&) = delete;

  // Admits one more request if fewer than current_limit() are in flight.
  std::optional<Admission> try_acquire();

  // Ends an admitted request. kSlowDown lowers the limit (at most once per epoch, never below
  // the floor); every current_limit() kSuccess from the current epoch raise it by one, up to
  // the ceiling; kOtherFailure only frees the slot. Returns the change, if any.
  std::optional<LimitChange> release(Admission admission, Outcome outcome);

  int current_limit() const;
  int in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  int ceiling() const { return options_.ceiling; }
  int floor() const { return options_.floor; }

  // Lifetime counters, for logs and metrics.
  std::uint64_t decreases() const { return decreases_.load(std::memory_order_relaxed); }
  std::uint64_t increases() const { return increases_.load(std::memory_order_relaxed); }
  std::uint64_t slow_downs() const { return slow_downs_.load(std::memory_order_relaxed); }

 private:
  std::optional<LimitChange> on_slow_down(Admission admission);
  std::optional<LimitChange> on_success(Admission admission);
  bool earn_increase(int limit);
  int decreased(int limit) const;

  const AimdOptions options_;
  // The limit and its epoch share one word so that "decrease only if nobody decreased since
  // this request was admitted" is a single compare-and-swap.
  std::atomic<std::uint64_t> limit_and_epoch_;
  std::atomic<int> in_flight_{0};
  // Successes of the current epoch not yet turned into an increase.
  std::atomic<int> success_credit_{0};
  std::atomic<std::uint64_t> decreases_{0};
  std::atomic<std::uint64_t> increases_{0};
  std::atomic<std::uint64_t> slow_downs_{0};
};

}  // namespace s3copy::net
