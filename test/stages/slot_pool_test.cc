// Tests for SlotPool (stages/slot_pool.h): at most N slots out, a waiting taker released only
// once an eighth of them are back, and wait_for_all returning when every slot is.
#include "stages/slot_pool.h"

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace s3copy::stages {
namespace {

using namespace std::chrono_literals;

TEST(SlotPoolTest, AWaitingTakerGoesOnOnlyOnceAnEighthOfTheSlotsAreBack) {
  SlotPool pool(16);  // refills at 2 free slots
  for (int i = 0; i < 16; ++i) pool.take();
  std::atomic<bool> took{false};
  std::thread taker([&] {
    pool.take();
    took = true;
  });
  std::this_thread::sleep_for(100ms);  // the taker finds no free slot and waits
  pool.give_back();
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(took) << "one free slot of 16 must not wake the taker";
  pool.give_back();
  taker.join();
  EXPECT_TRUE(took);
}

TEST(SlotPoolTest, OneSlotIsHandedOnAsSoonAsItIsBack) {
  SlotPool pool(1);
  pool.take();
  std::thread taker([&] { pool.take(); });
  pool.give_back();
  taker.join();  // would hang if one slot were not enough
  pool.give_back();
  pool.wait_for_all();
}

TEST(SlotPoolTest, WaitForAllReturnsWhenTheLastSlotComesBack) {
  SlotPool pool(4);
  for (int i = 0; i < 4; ++i) pool.take();
  std::atomic<int> returned{0};
  std::thread giver([&] {
    for (int i = 0; i < 4; ++i) {
      std::this_thread::sleep_for(5ms);
      returned += 1;
      pool.give_back();
    }
  });
  pool.wait_for_all();
  EXPECT_EQ(returned.load(), 4);
  giver.join();
}

#ifndef NDEBUG
// A slot given back that was never taken would let more items run than the pool allows; debug
// builds (the sanitizer runs) stop at once.
TEST(SlotPoolDeathTest, GivingBackAnUntakenSlotStopsADebugBuild) {
  SlotPool pool(2);
  pool.take();
  pool.give_back();
  EXPECT_DEATH(pool.give_back(), "give_back without a matching take");
}
#endif

}  // namespace
}  // namespace s3copy::stages
