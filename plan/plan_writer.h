// The one writer of plans (plan/FORMAT.md): the header, "# job" lines, actions and comments, from
// any thread, to standard output or to a file that appears under its name only once complete.
#pragma once

#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "plan/action.h"
#include "plan/s3_url.h"

namespace s3copy::plan {

class PlanWriter {
 public:
  // `path` "-" (or empty): standard output. Otherwise the plan is written to "<path>.partial" and
  // renamed to `path` by finish(true), so that the plan of a job that failed half-way is never
  // taken for the whole job's. Throws InputError, naming `option`, when the file cannot be made.
  explicit PlanWriter(const std::string& path = "-", std::string_view option = "--emit-plan");
  ~PlanWriter();  // removes a .partial file that finish() did not keep
  PlanWriter(const PlanWriter&) = delete;
  PlanWriter& operator=(const PlanWriter&) = delete;

  // The two lines a plan starts with (kPlanHeader, kPlanColumns).
  void header();
  // The "# job" line naming where the plan's objects came from (needed by --apply-plan --cleanup).
  void job(const S3Url& source, const S3Url& destination);
  void action(const Action& action);
  // "# <text>": for people, skipped by readers.
  void comment(std::string_view text);

  enum class Finish {
    kStandardOutput,  // nothing to keep: every line is out already
    kKept,            // the file is in place under its name
    kDiscarded,       // the job did not complete: no file
    kWriteFailed,     // the file could not be written whole; error() says why
  };
  // Flushes; with a file, keeps it (renamed into place) when `completed`, else discards it (lines
  // written to it afterwards are dropped). kWriteFailed also for standard output that could not
  // take every line (a full disk, a closed pipe). Calling it again answers the same.
  Finish finish(bool completed);
  const std::string& path() const { return path_; }
  const std::string& error() const { return error_; }

 private:
  void write_line(std::string_view line);
  Finish settle(bool completed);

  std::string path_;     // empty for standard output
  std::string partial_;  // the file being written; empty once kept or removed
  std::FILE* file_;
  std::mutex mutex_;  // lines come from several stages' threads
  std::string error_;
  std::optional<Finish> finished_;
};

}  // namespace s3copy::plan
