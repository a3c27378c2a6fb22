// The run's books: every object admitted into the pipeline ends here as copied, skipped or failed.
// It bounds how many objects are in flight (flat memory) and tells the pipeline when all are done.
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

#include "plan/action.h"
#include "stages/pipeline.h"
#include "stages/slot_pool.h"

namespace s3copy::stages {

class Ledger {
 public:
  // At most `object_budget` objects between admission and outcome. With `plan_out`, every
  // decision is also written there as a plan line (dry runs).
  Ledger(std::size_t object_budget, std::FILE* plan_out);

  // Waits while the budget is used up (until an eighth of it is free), then counts the object in.
  // Every admitted object must get exactly one outcome below.
  void admit(std::uint64_t size);

  void record_skipped(const plan::Action& action);
  // A dry run's copy decision: printed, not performed.
  void record_planned(const plan::Action& action);
  void record_copied(const plan::Action& action);
  void record_failed(const plan::Action& action, const std::string& why);

  // Multipart progress: parts copied now, and parts kept from an interrupted earlier run.
  void count_parts(std::uint64_t copied, std::uint64_t reused);

  // Something that ends the whole job (a listing that cannot be read). Objects in flight finish.
  void fail_job(const std::string& why);
  bool job_failed() const;
  std::string job_error() const;

  void mark_listing_done();
  // Call after mark_listing_done(): returns once every admitted object has its outcome.
  void wait_until_idle();

  ObjectCounts counts() const;

 private:
  void finish_one(const plan::Action& action);
  void write_plan_line(const plan::Action& action);

  std::FILE* const plan_out_;
  mutable std::mutex mutex_;
  SlotPool budget_;  // a slot for each object between admission and outcome
  ObjectCounts counts_;
  std::string job_error_;
};

}  // namespace s3copy::stages
