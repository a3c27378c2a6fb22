// --apply-plan as a whole job: checks a saved plan before anything is copied, runs the copy
// stages on its copy lines (stages/plan_applier.h), and cleans up after the plan's job.
#include "stages/plan_run.h"

#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "plan/plan_file.h"
#include "plan/selection.h"
#include "stages/copy_run.h"
#include "stages/job_checks.h"
#include "stages/named_keys.h"
#include "stages/plan_applier.h"

namespace s3copy::stages {
namespace {

// Reads the whole plan once: a malformed line (an InputError) stops the run before anything is
// copied.
plan::PlanOverview checked_plan(const ReadTwiceInput& input) {
  plan::PlanFile plan(input.path(), input.display_name());
  return plan::read_plan_overview(plan.reader());
}

// A plan may name many buckets (plans joined with cat); each must be there before copying starts.
void check_plan_buckets(const plan::PlanOverview& overview, net::S3Client& client,
                        net::S3Client& reader) {
  for (const std::string& bucket : overview.source_buckets) check_bucket(client, bucket, "source");
  for (const std::string& bucket : overview.destination_buckets) {
    check_bucket(reader, bucket, "destination");
  }
}

// --cleanup finds a job's leftovers from its source and destination paths, which a plan keeps in
// its "# job" line.
plan::PlanJob job_to_clean_up(const plan::PlanOverview& overview, const std::string& plan_name) {
  if (overview.jobs.size() == 1) return overview.jobs.front();
  const std::string instead =
      "; clean up with `s3copy SOURCE DESTINATION --cleanup` after applying instead";
  if (overview.jobs.empty()) {
    throw CouldNotStart("--cleanup: the plan " + plan_name +
                        " has no '# job' line, which tells where the job keeps its temp files "
                        "(s3copy writes one in every plan it makes)" +
                        instead);
  }
  throw CouldNotStart("--cleanup: the plan " + plan_name + " holds " +
                      std::to_string(overview.jobs.size()) +
                      " jobs ('# job' lines) and --cleanup cleans up after one; apply them as "
                      "separate plans, or" +
                      instead.substr(1));
}

// The source keys among `candidates` that the plan copies within `job`.
std::set<std::string> plan_keys_among(const ReadTwiceInput& input, const plan::PlanJob& job,
                                      const std::set<std::string>& candidates) {
  plan::PlanFile plan(input.path(), input.display_name());
  std::set<std::string> named;
  while (std::optional<plan::Action> line = plan.next()) {
    if (line->verdict == plan::Verdict::kCopy && line->source_bucket == job.source.bucket &&
        line->destination_bucket == job.destination.bucket && candidates.count(line->source.key)) {
      named.insert(line->source.key);
    }
  }
  return named;
}

// What --cleanup cleans up after: the objects the plan copies within `job`. Throws for a "# job"
// line whose paths select nothing to copy.
CleanupScope plan_cleanup_scope(const ReadTwiceInput& input, const plan::PlanJob& job) {
  return CleanupScope{.source = job.source,
                      .destination = job.destination,
                      .selection = plan::Selection(job.source, job.destination, {}),
                      .listed = false,
                      .named_among = [&input, job](const std::set<std::string>& keys) {
                        return plan_keys_among(input, job, keys);
                      }};
}

}  // namespace

RunResult run_applied_plan(const PipelineConfig& config, net::S3Client& source_client,
                           net::S3Client& destination_reader, plan::PlanWriter& plan_out) {
  const RunClock clock;
  const ReadTwiceInput input(config.apply_plan, "plan");
  const plan::PlanOverview overview = checked_plan(input);
  check_plan_buckets(overview, source_client, destination_reader);
  std::optional<plan::PlanJob> cleanup_job;
  if (config.cleanup) cleanup_job = job_to_clean_up(overview, input.display_name());

  const PlanApplierSettings settings{.shard = config.shard,
                                     .concurrency = config.stages.differ,
                                     .dry_run = config.dry_run,
                                     .staged = config.staged};
  auto feed = [&](Ledger& ledger, const CopyDecisions& copies) {
    plan::PlanFile plan(input.path(), input.display_name());
    apply_plan_lines([&] { return plan.next(); }, settings, destination_reader, ledger, copies);
  };
  auto cleanup_scope = [&] { return plan_cleanup_scope(input, *cleanup_job); };
  const CopyRun run{
      .clock = clock, .jobs = overview.jobs, .feed = feed, .cleanup_scope = cleanup_scope};
  return run_copy_stages(config, run, source_client, destination_reader, plan_out);
}

}  // namespace s3copy::stages
