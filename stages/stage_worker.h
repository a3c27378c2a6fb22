// Runs one stage: a thread pops items from the stage's channel and starts their (asynchronous)
// work, with at most `concurrency` items unfinished at once, the stage's own share of -t.
#pragma once

#include <functional>
#include <memory>
#include <thread>

#include "stages/channel.h"
#include "stages/slot_pool.h"

namespace s3copy::stages {

// Held by an item's work until it is finished; dropping the last copy frees the stage's slot.
using StageSlot = std::shared_ptr<void>;

template <class T>
class StageWorker {
 public:
  using Handler = std::function<void(T item, StageSlot slot)>;

  StageWorker(Channel<T>& input, int concurrency, Handler handler)
      : input_(input),
        slots_(std::make_shared<SlotPool>(concurrency)),
        handler_(std::move(handler)),
        thread_([this] { run(); }) {}

  // Returns once the input channel is closed and drained and the work of every item it started has
  // let go of its slot, so nothing of this stage still runs when the objects it uses go away.
  ~StageWorker() {
    thread_.join();
    slots_->wait_for_all();
  }

 private:
  void run() {
    for (;;) {
      slots_->take();
      T item;
      if (!input_.pop(item)) {
        slots_->give_back();  // the slot taken for an item that never came
        break;
      }
      handler_(std::move(item), make_slot());
    }
  }

  StageSlot make_slot() {
    // The deleter runs when the last holder lets go, possibly on an event-loop thread.
    return StageSlot(nullptr, [slots = slots_](void*) { slots->give_back(); });
  }

  Channel<T>& input_;
  std::shared_ptr<SlotPool> slots_;
  Handler handler_;
  std::thread thread_;
};

}  // namespace s3copy::stages
