// The objects a run could not copy, as a plan that --apply-plan accepts (--failed-plan FILE): a
// retry of exactly those needs no listing. Saved whole and atomically, so a killed run leaves one.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "plan/action.h"
#include "plan/plan_file.h"

namespace s3copy::plan {

class FailedPlan {
 public:
  // Nothing is written before the first save(). `jobs` become the plan's "# job" lines.
  // `decide` gives a copy that failed before its method was chosen the method a plan line needs.
  FailedPlan(std::string path, std::vector<PlanJob> jobs,
             std::function<void(Action&)> decide = nullptr);

  // Thread-safe: failures come from every stage.
  void add(const Action& action);

  // Writes the header, the jobs and every failure so far to the file (through "<path>.partial",
  // renamed into place): readers see the previous plan or this one, never half of one. With
  // `only_if_changed`, does nothing when no failure came since the last save. False when the
  // file could not be written; error() says why. Not called from two threads at once.
  bool save(bool only_if_changed = false);
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }

 private:
  const std::string path_;
  const std::vector<PlanJob> jobs_;
  const std::function<void(Action&)> decide_;
  std::mutex mutex_;  // guards failures_ and saved_count_
  std::vector<Action> failures_;
  std::size_t saved_count_ = 0;
  bool saved_once_ = false;
  std::string error_;
};

}  // namespace s3copy::plan
