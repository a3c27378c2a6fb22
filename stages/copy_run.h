// The copy stages of one job and what they need from it: shared by the two kinds of job, the
// listing one (stages/pipeline.cc) and --apply-plan's (stages/plan_run.h).
#pragma once

#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "net/s3_client.h"
#include "plan/plan_file.h"
#include "plan/plan_writer.h"
#include "plan/s3_url.h"
#include "plan/selection.h"
#include "stages/ledger.h"
#include "stages/object_ticket.h"
#include "stages/pipeline.h"

namespace s3copy::stages {

// Each kind of job checks what it needs first, then runs the copy stages the same way.

// When a run began: `started` times it; `run_started` tells the uploads and temp files of this run
// from those that earlier runs left.
struct RunClock {
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::time_t run_started = std::time(nullptr);
};

// Which objects' leftovers --cleanup may remove: those the selection covers when the job lists
// (`listed`), and those `named_among` finds among the leftovers' keys; only the shard's own keys.
struct CleanupScope {
  plan::S3Url source;
  plan::S3Url destination;
  plan::Selection selection;
  bool listed = false;
  std::function<std::set<std::string>(const std::set<std::string>&)> named_among;
};

// One job's run of the copy stages.
struct CopyRun {
  RunClock clock;                   // made when the job began, before its checks
  std::vector<plan::PlanJob> jobs;  // a dry run's plan starts with their "# job" lines
  // Admits each object into `ledger` and hands those to copy to `copies`; returns when done.
  std::function<void(Ledger& ledger, const CopyDecisions& copies)> feed;
  // With --cleanup: what to clean up after. An exception it throws becomes a cleanup problem.
  std::function<CleanupScope()> cleanup_scope;
};

// Runs the copy stages on what `run.feed` passes them until every object is copied, skipped or
// failed; then cleans up (--cleanup) unless the job failed, and settles the result.
RunResult run_copy_stages(const PipelineConfig& config, const CopyRun& run,
                          net::S3Client& source_client, net::S3Client& destination_reader,
                          plan::PlanWriter& plan_out);

}  // namespace s3copy::stages
