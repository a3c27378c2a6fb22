// The queue between two stages: moodycamel's lock-free queue plus semaphores, so a consumer
// thread can wait for items and, when a capacity is set, a producer waits for room (backpressure).
#pragma once

#include <concurrentqueue/concurrentqueue.h>
#include <atomic>

#include <cstddef>
#include <thread>
#include "stages/semaphore.h"

namespace s3copy::stages {

// Measured against a mutex + condition-variable channel (make bench, 3 rounds each, 2026-12-03):
// W1's client CPU was the same within noise (0.27/0.28 s here, 0.25/0.29 s there, -t 200/-t 40),
// but the differ, which moves every listed key through two channels, ran at 702,000 keys/s here
// and 470,000 there. The rare yield() in pop() costs less than a lock on every push and pop.
template <class T>
class Channel {
 public:
  // capacity 0: push never waits. Use that only where something upstream already bounds how many
  // items can be in the channel (the ledger's object budget) and the producer is an event-loop
  // callback, which must never block.
  explicit Channel(std::size_t capacity = 0)
      : bounded_(capacity > 0), free_slots_(static_cast<std::ptrdiff_t>(capacity)) {}

  // Waits while a bounded channel is full.
  void push(T item) {
    if (bounded_) free_slots_.wait();
    queue_.enqueue(std::move(item));
    queued_.fetch_add(1);
    items_.signal();
  }

  // Waits for an item; false once the channel is closed and empty.
  bool pop(T& item) {
    items_.wait();  // a token: one queued item, or the close
    for (;;) {
      if (queue_.try_dequeue(item)) {
        queued_.fetch_sub(1);
        if (bounded_) free_slots_.signal();
        return true;
      }
      if (closed_.load() && queued_.load() == 0) {
        items_.signal();  // wake the next waiting consumer so it sees the close too
        return false;
      }
      // try_dequeue can miss a queued item while other threads push and pop (it scans the
      // per-producer queues one by one). The token still stands for an item (or the close), so
      // waiting for another token would lose it and strand the consumers: look again instead.
      std::this_thread::yield();
    }
  }

  // Consumers drain what is queued, then pop() returns false.
  void close() {
    closed_.store(true);
    items_.signal();
  }

 private:
  const bool bounded_;
  moodycamel::ConcurrentQueue<T> queue_;
  Semaphore items_;
  Semaphore free_slots_;
  std::atomic<bool> closed_{false};
  std::atomic<std::size_t> queued_{0};  // pushed and not yet popped
};

}  // namespace s3copy::stages
