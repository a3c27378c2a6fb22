// moodycamel's lightweight semaphore (a spin-then-wait counting semaphore) under one name, with
// the includes it silently relies on: <cassert> and concurrentqueue.h's macros, in that order.
#pragma once

#include <concurrentqueue/concurrentqueue.h>
#include <concurrentqueue/lightweightsemaphore.h>
#include <cassert>

namespace s3copy::stages {

using Semaphore = moodycamel::LightweightSemaphore;

}  // namespace s3copy::stages
