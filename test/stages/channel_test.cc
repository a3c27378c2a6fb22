// Tests for stages/channel.h: FIFO order, backpressure of a bounded channel (shown by counters the
// threads record themselves, never by timing), close(), and exactly-once delivery under contention.
#include "stages/channel.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <memory>
#include <numeric>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace s3copy::stages {
namespace {

// Every item left in `channel` until it is closed and empty.
std::vector<int> drain(Channel<int>& channel) {
  std::vector<int> items;
  int item = 0;
  while (channel.pop(item)) items.push_back(item);
  return items;
}

std::vector<int> counting(int count, int first = 0) {
  std::vector<int> values(static_cast<size_t>(count));
  std::iota(values.begin(), values.end(), first);
  return values;
}

TEST(ChannelTest, OneProducerIsFifo) {
  Channel<int> channel;
  for (int i = 0; i < 1000; ++i) channel.push(i);
  channel.close();
  EXPECT_EQ(drain(channel), counting(1000));
}

TEST(ChannelTest, OneProducerThreadThroughABoundedChannelIsFifo) {
  Channel<int> channel(8);
  std::thread producer([&] {
    for (int i = 0; i < 5000; ++i) channel.push(i);
    channel.close();
  });
  const std::vector<int> received = drain(channel);
  producer.join();
  EXPECT_EQ(received, counting(5000));
}

TEST(ChannelTest, MovesMoveOnlyItems) {
  Channel<std::unique_ptr<int>> channel;
  channel.push(std::make_unique<int>(7));
  std::unique_ptr<int> item;
  ASSERT_TRUE(channel.pop(item));
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(*item, 7);
}

TEST(ChannelTest, FullBoundedChannelHoldsTheProducerUntilAPop) {
  constexpr int kCapacity = 4;
  Channel<int> channel(kCapacity);
  std::atomic<int> pushes_done{0};
  std::atomic<int> pops_started{0};
  // Written only by the producer; read after join().
  std::vector<int> pops_started_when_push_returned(kCapacity + 1, -1);
  std::thread producer([&] {
    for (int i = 0; i <= kCapacity; ++i) {
      channel.push(i);
      pops_started_when_push_returned[static_cast<size_t>(i)] = pops_started.load();
      pushes_done.fetch_add(1);
    }
  });
  while (pushes_done.load() < kCapacity) std::this_thread::yield();
  // Give the producer ample chance to run ahead if the channel failed to hold it. Correctness does
  // not depend on this: a working channel cannot let the fifth push through before a pop.
  for (int i = 0; i < 10'000; ++i) std::this_thread::yield();
  EXPECT_EQ(pushes_done.load(), kCapacity);

  pops_started.fetch_add(1);
  int first = -1;
  ASSERT_TRUE(channel.pop(first));
  producer.join();
  EXPECT_EQ(first, 0);
  EXPECT_EQ(pushes_done.load(), kCapacity + 1);
  for (int i = 0; i < kCapacity; ++i) {
    EXPECT_EQ(pops_started_when_push_returned[static_cast<size_t>(i)], 0) << "push " << i;
  }
  // The last push could only return after the consumer had started popping.
  EXPECT_EQ(pops_started_when_push_returned[kCapacity], 1);

  channel.close();
  EXPECT_EQ(drain(channel), counting(kCapacity, 1));
}

TEST(ChannelTest, ProducerNeverRunsMoreThanCapacityAheadOfPops) {
  constexpr int kCapacity = 3;
  constexpr int kItems = 20'000;
  Channel<int> channel(kCapacity);
  std::atomic<int> pops_started{0};
  std::vector<int> pops_started_when_push_returned(kItems, -1);  // producer only until join()
  std::thread producer([&] {
    for (int i = 0; i < kItems; ++i) {
      channel.push(i);
      pops_started_when_push_returned[static_cast<size_t>(i)] = pops_started.load();
    }
    channel.close();
  });
  std::vector<int> received;
  int item = 0;
  for (;;) {
    pops_started.fetch_add(1);
    if (!channel.pop(item)) break;
    received.push_back(item);
  }
  producer.join();
  EXPECT_EQ(received, counting(kItems));
  int violations = 0;
  for (int i = 0; i < kItems; ++i) {
    // Push number i + 1 needs a free slot: at most kCapacity items can be waiting unpopped.
    if (i + 1 > kCapacity + pops_started_when_push_returned[static_cast<size_t>(i)]) ++violations;
  }
  EXPECT_EQ(violations, 0);
}

TEST(ChannelTest, CloseLetsConsumersDrainThenPopReturnsFalse) {
  Channel<int> channel(10);
  channel.push(1);
  channel.push(2);
  channel.push(3);
  channel.close();
  int item = 0;
  ASSERT_TRUE(channel.pop(item));
  EXPECT_EQ(item, 1);
  ASSERT_TRUE(channel.pop(item));
  EXPECT_EQ(item, 2);
  ASSERT_TRUE(channel.pop(item));
  EXPECT_EQ(item, 3);
  item = -1;
  EXPECT_FALSE(channel.pop(item));
  EXPECT_FALSE(channel.pop(item));  // and stays closed
  EXPECT_EQ(item, -1);
}

TEST(ChannelTest, CloseWakesEveryWaitingConsumer) {
  Channel<int> channel;
  std::atomic<int> finished{0};
  std::atomic<int> got_an_item{0};
  std::vector<std::thread> consumers;
  for (int i = 0; i < 3; ++i) {
    consumers.emplace_back([&] {
      int item = 0;
      if (channel.pop(item)) got_an_item.fetch_add(1);
      finished.fetch_add(1);
    });
  }
  channel.close();
  for (std::thread& consumer : consumers) consumer.join();
  EXPECT_EQ(finished.load(), 3);
  EXPECT_EQ(got_an_item.load(), 0);
}

// 4 producers x 4 consumers x 10,000 items each: every item arrives exactly once.
void check_exactly_once_delivery(std::size_t capacity) {
  constexpr int kProducers = 4;
  constexpr int kConsumers = 4;
  constexpr int kItemsPerProducer = 10'000;
  Channel<int> channel(capacity);
  std::vector<std::vector<int>> received(kConsumers);  // each written by its own consumer
  std::vector<std::thread> consumers;
  for (int c = 0; c < kConsumers; ++c) {
    consumers.emplace_back([&channel, &mine = received[static_cast<size_t>(c)]] {
      int item = 0;
      while (channel.pop(item)) mine.push_back(item);
    });
  }
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&channel, p] {
      for (int i = 0; i < kItemsPerProducer; ++i) channel.push(p * kItemsPerProducer + i);
    });
  }
  for (std::thread& producer : producers) producer.join();
  channel.close();
  for (std::thread& consumer : consumers) consumer.join();

  std::vector<int> all;
  long long sum = 0;
  for (const std::vector<int>& mine : received) {
    all.insert(all.end(), mine.begin(), mine.end());
    for (int item : mine) sum += item;
  }
  constexpr int kTotal = kProducers * kItemsPerProducer;
  EXPECT_EQ(all.size(), static_cast<size_t>(kTotal));
  EXPECT_EQ(sum, static_cast<long long>(kTotal) * (kTotal - 1) / 2);
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, counting(kTotal));
}

TEST(ChannelTest, ManyProducersAndConsumersDeliverEachItemOnceUnbounded) {
  check_exactly_once_delivery(0);
}

TEST(ChannelTest, ManyProducersAndConsumersDeliverEachItemOnceBounded) {
  check_exactly_once_delivery(16);
}

}  // namespace
}  // namespace s3copy::stages
