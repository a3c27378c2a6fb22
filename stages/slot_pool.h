// At most N items unfinished at once: a stage's share of the concurrency, the ledger's object
// budget. Slots come back from any thread (often an event-loop callback); takers wait in batches.
#pragma once

#include <condition_variable>
#include <mutex>

namespace s3copy::stages {

class SlotPool {
 public:
  explicit SlotPool(int slots);

  // Takes a slot. When none is free, waits until an eighth of them are: a busy taker is then
  // woken once per batch of finished items rather than for each one, at the cost of running 7/8
  // full for a moment (W1, 2,000 copies at -t 40: 15 % less CPU, the same wall time).
  void take();
  // Returns a slot taken with take().
  void give_back();
  // Waits until every slot is back.
  void wait_for_all();

 private:
  const int slots_;
  const int refill_;  // free slots a waiting take() needs
  std::mutex mutex_;
  std::condition_variable changed_;
  int free_;
  bool taker_waiting_ = false;
  bool drain_waiting_ = false;
};

}  // namespace s3copy::stages
