// Runs one stage: a thread pops items from the stage's channel and starts their (asynchronous)
// work, with at most `concurrency` items unfinished at once, the stage's own share of -t.
#pragma once

#include "stages/semaphore.h"

#include <functional>
#include <memory>
#include <thread>

#include "stages/channel.h"

namespace s3copy::stages {

// Held by an item's work until it is finished; dropping the last copy frees the stage's slot.
using StageSlot = std::shared_ptr<void>;

template <class T>
class StageWorker {
 public:
  using Handler = std::function<void(T item, StageSlot slot)>;

  StageWorker(Channel<T>& input, int concurrency, Handler handler)
      : input_(input),
        slots_(std::make_shared<Semaphore>(std::max(1, concurrency))),
        handler_(std::move(handler)),
        thread_([this] { run(); }) {}

  // Returns once the input channel is closed and drained. Work still in flight is the caller's to
  // wait for (the pipeline closes channels only when the ledger has no object left in flight).
  ~StageWorker() { thread_.join(); }

 private:
  void run() {
    for (;;) {
      slots_->wait();
      T item;
      if (!input_.pop(item)) break;
      handler_(std::move(item), make_slot());
    }
  }

  StageSlot make_slot() {
    // The deleter runs when the last holder lets go, possibly on an event-loop thread.
    return StageSlot(nullptr, [slots = slots_](void*) { slots->signal(); });
  }

  Channel<T>& input_;
  std::shared_ptr<Semaphore> slots_;
  Handler handler_;
  std::thread thread_;
};

}  // namespace s3copy::stages
