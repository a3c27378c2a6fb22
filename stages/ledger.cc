// The run's books: every object admitted into the pipeline ends here as copied, skipped or failed.
// It bounds how many objects are in flight (flat memory) and tells the pipeline when all are done.
#include "stages/ledger.h"

#include <algorithm>
#include <cassert>
#include <climits>
#include <cstdio>

#include "net/log.h"
#include "net/redact.h"
#include "plan/plan_line.h"

namespace s3copy::stages {

Ledger::Ledger(std::size_t object_budget, plan::PlanWriter* plan_out, plan::FailedPlan* failed_out)
    : plan_out_(plan_out),
      failed_out_(failed_out),
      budget_(static_cast<int>(std::min<std::size_t>(object_budget, INT_MAX))) {}

ObjectTicket Ledger::admit(const std::string& source_bucket, const std::string& source_key,
                           std::uint64_t size) {
  budget_.take();  // not under mutex_: the outcomes that free the budget need it
  std::lock_guard lock(mutex_);
  ++counts_.listed;
  counts_.bytes_listed += size;
  return ObjectTicket(*this, source_bucket, source_key);
}

bool Ledger::consume(ObjectTicket& ticket) {
  const Ledger* owner = ticket.release();
  assert(owner == this && "an outcome for a ticket that holds no claim on this ledger");
  return owner == this;
}

void Ledger::record_skipped(ObjectTicket ticket, const plan::Action& action) {
  if (!consume(ticket)) return;
  write_plan_line(action);
  {
    std::lock_guard lock(mutex_);
    ++counts_.skipped;
    counts_.bytes_skipped += action.source.size;
  }
  if (net::log_enabled(net::LogLevel::kDebug)) {
    net::log_line(net::LogLevel::kDebug, action.source.key, "skipped: " + action.reason);
  }
  budget_.give_back();
}

void Ledger::record_planned(ObjectTicket ticket, const plan::Action& action) {
  if (!consume(ticket)) return;
  write_plan_line(action);
  {
    std::lock_guard lock(mutex_);
    ++counts_.planned;
    counts_.bytes_planned += action.source.size;
  }
  budget_.give_back();
}

void Ledger::record_copied(ObjectTicket ticket, const plan::Action& action) {
  if (!consume(ticket)) return;
  {
    std::lock_guard lock(mutex_);
    ++counts_.copied;
    counts_.bytes_copied += action.source.size;
  }
  if (net::log_enabled(net::LogLevel::kInfo)) {
    net::log_line(net::LogLevel::kInfo, action.source.key,
                  "copied to s3://" + action.destination_bucket + "/" + action.destination_key +
                      " (" + std::to_string(action.source.size) + " bytes, " + action.reason + ")");
  }
  budget_.give_back();
}

// A failure is always shown on stderr, whatever the log level and wherever the log goes: the user
// must learn which objects did not arrive. Keys are printed plan-style (control bytes escaped).
void Ledger::record_failed(ObjectTicket ticket, const plan::Action& action,
                           const std::string& why) {
  if (!consume(ticket)) return;
  const std::string line = "s3copy: FAILED " +
                           plan::format_object_url(action.source_bucket, action.source.key) + ": " +
                           why + "\n";
  {
    std::lock_guard lock(mutex_);
    ++counts_.failed;
    std::fputs(net::Redactor::global().scrub(line).c_str(), stderr);
  }
  net::log_line(net::LogLevel::kError, action.source.key, "FAILED: " + why);
  if (failed_out_ != nullptr) failed_out_->add(action);
  budget_.give_back();
}

void Ledger::write_plan_line(const plan::Action& action) {
  if (plan_out_ != nullptr) plan_out_->action(action);
}

void Ledger::count_parts(std::uint64_t copied, std::uint64_t reused) {
  std::lock_guard lock(mutex_);
  counts_.parts_copied += copied;
  counts_.parts_reused += reused;
}

void Ledger::fail_job(const std::string& why) {
  net::log_line(net::LogLevel::kCritical, "", why);
  std::lock_guard lock(mutex_);
  if (job_error_.empty()) job_error_ = why;
}

bool Ledger::job_failed() const {
  std::lock_guard lock(mutex_);
  return !job_error_.empty();
}

std::string Ledger::job_error() const {
  std::lock_guard lock(mutex_);
  return job_error_;
}

void Ledger::mark_listing_done() {
  std::lock_guard lock(mutex_);
  counts_.listing_done = true;
}

void Ledger::wait_until_idle() {
  budget_.wait_for_all();
}

ObjectCounts Ledger::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

}  // namespace s3copy::stages
