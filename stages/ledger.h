// The run's books: every object admitted into the pipeline ends here as copied, skipped or failed.
// It bounds how many objects are in flight (flat memory) and tells the pipeline when all are done.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "plan/action.h"
#include "plan/failed_plan.h"
#include "plan/plan_writer.h"
#include "stages/object_ticket.h"
#include "stages/slot_pool.h"

namespace s3copy::stages {

// What happened to the objects so far: the ledger's books.
struct ObjectCounts {
  std::uint64_t listed = 0;  // admitted into the pipeline
  std::uint64_t copied = 0;
  std::uint64_t skipped = 0;
  std::uint64_t failed = 0;
  std::uint64_t planned = 0;  // dry runs: would be copied
  std::uint64_t bytes_listed = 0;
  std::uint64_t bytes_copied = 0;
  std::uint64_t bytes_skipped = 0;
  std::uint64_t bytes_planned = 0;
  std::uint64_t parts_copied = 0;  // UploadPartCopy parts this run
  std::uint64_t parts_reused = 0;  // parts an interrupted earlier run had already copied
  bool listing_done = false;
};

class Ledger {
 public:
  // At most `object_budget` objects between admission and outcome. With `plan_out`, every
  // decision is also written there as a plan line (dry runs); with `failed_out`, every failure.
  Ledger(std::size_t object_budget, plan::PlanWriter* plan_out,
         plan::FailedPlan* failed_out = nullptr);

  // Waits while the budget is used up (until an eighth of it is free), then counts the object in.
  // The ticket travels with the object; one of the outcomes below consumes it.
  [[nodiscard]] ObjectTicket admit(const std::string& source_bucket, const std::string& source_key,
                                   std::uint64_t size);

  void record_skipped(ObjectTicket ticket, const plan::Action& action);
  // A dry run's copy decision: printed, not performed.
  void record_planned(ObjectTicket ticket, const plan::Action& action);
  void record_copied(ObjectTicket ticket, const plan::Action& action);
  void record_failed(ObjectTicket ticket, const plan::Action& action, const std::string& why);

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
  // Consumes the ticket; false (count nothing) for one that holds no claim on this ledger.
  bool consume(ObjectTicket& ticket);
  void write_plan_line(const plan::Action& action);

  plan::PlanWriter* const plan_out_;
  plan::FailedPlan* const failed_out_;
  mutable std::mutex mutex_;
  SlotPool budget_;  // a slot for each object between admission and outcome
  ObjectCounts counts_;
  std::string job_error_;
};

}  // namespace s3copy::stages
