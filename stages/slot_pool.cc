// At most N items unfinished at once: a stage's share of the concurrency, the ledger's object
// budget. Slots come back from any thread (often an event-loop callback); takers wait in batches.
#include "stages/slot_pool.h"

#include <algorithm>
#include <cassert>

namespace s3copy::stages {

SlotPool::SlotPool(int slots)
    : slots_(std::max(1, slots)), refill_(std::max(1, slots_ / 8)), free_(slots_) {}

void SlotPool::take() {
  std::unique_lock lock(mutex_);
  if (free_ == 0) {
    taker_waiting_ = true;
    changed_.wait(lock, [&] { return free_ >= refill_; });
    taker_waiting_ = false;
  }
  --free_;
}

void SlotPool::give_back() {
  std::lock_guard lock(mutex_);
  assert(free_ < slots_ && "SlotPool::give_back without a matching take()");
  ++free_;
  const bool taker_may_go = taker_waiting_ && free_ == refill_;
  const bool all_back = drain_waiting_ && free_ == slots_;
  if (taker_may_go || all_back) changed_.notify_all();
}

void SlotPool::wait_for_all() {
  std::unique_lock lock(mutex_);
  drain_waiting_ = true;
  changed_.wait(lock, [&] { return free_ == slots_; });
  drain_waiting_ = false;
}

}  // namespace s3copy::stages
