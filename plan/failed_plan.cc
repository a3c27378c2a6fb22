// The objects a run could not copy, as a plan that --apply-plan accepts (--failed-plan FILE): a
// retry of exactly those needs no listing. Saved whole and atomically, so a killed run leaves one.
#include "plan/failed_plan.h"

#include <utility>

#include "plan/input_error.h"
#include "plan/plan_writer.h"

namespace s3copy::plan {

FailedPlan::FailedPlan(std::string path, std::vector<PlanJob> jobs,
                       std::function<void(Action&)> decide)
    : path_(std::move(path)), jobs_(std::move(jobs)), decide_(std::move(decide)) {}

void FailedPlan::add(const Action& action) {
  Action line = action;
  if (decide_) decide_(line);
  std::lock_guard lock(mutex_);
  failures_.push_back(std::move(line));
}

bool FailedPlan::save(bool only_if_changed) {
  std::vector<Action> failures;
  {
    std::lock_guard lock(mutex_);
    if (only_if_changed && saved_once_ && saved_count_ == failures_.size()) return true;
    failures = failures_;
  }
  try {
    PlanWriter plan(path_, "--failed-plan");
    plan.header();
    for (const PlanJob& job : jobs_) plan.job(job.source, job.destination);
    for (const Action& action : failures) plan.action(action);
    if (plan.finish(true) == PlanWriter::Finish::kWriteFailed) {
      error_ = plan.error();
      return false;
    }
  } catch (const InputError& error) {
    error_ = error.what();
    return false;
  }
  std::lock_guard lock(mutex_);
  saved_count_ = failures.size();
  saved_once_ = true;
  return true;
}

}  // namespace s3copy::plan
