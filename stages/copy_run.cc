// Runs the copy stages of one job (splitter -> part-copier -> validator -> composer), each on its
// own worker, on the objects a feed admits; then cleans up and settles the job's result.
#include "stages/copy_run.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "plan/plan_file.h"
#include "stages/composer.h"
#include "stages/ledger.h"
#include "stages/part_copier.h"
#include "stages/splitter.h"
#include "stages/stage_worker.h"
#include "stages/stager.h"
#include "stages/validator.h"

namespace s3copy::stages {
namespace {

// Copy tasks the part-copier has started at once: its --stage setting, else -t.
int copier_concurrency(const PipelineConfig& config) {
  return config.stages.copier > 0 ? config.stages.copier : config.max_in_flight;
}

// The stages after the differ, each on its own worker with its own concurrency.
class CopyStages {
 public:
  CopyStages(const PipelineConfig& config, std::time_t run_started, net::S3Client& client,
             net::S3Client& reader, Ledger& ledger)
      : trial_(config.whole_copies_may_keep_etags),
        splitter_(
            {.multipart_threshold = config.multipart_threshold,
             .part_size = config.part_size,
             .acl_headers = config.acl_headers,
             .dry_run = config.dry_run,
             .staged = config.staged,
             .temp_prefix = config.temp_prefix,
             .run_started = run_started},
            client, ledger, trial_, [this](CopyTask t) { route_part(std::move(t)); },
            [this](std::shared_ptr<CopyJob> j) { to_composer_.push(std::move(j)); }),
        stager_(client, ledger, [this](CopyTask t) { to_copier_.push(std::move(t)); }),
        copier_(client, config.acl_headers,
                [this](CopyOutcome o) { to_validator_.push(std::move(o)); }),
        validator_(
            {}, client, reader, ledger, trial_,
            [this](CopyTask t) { to_copier_.push(std::move(t)); },
            [this](std::shared_ptr<CopyJob> j) { to_composer_.push(std::move(j)); },
            [this](AdmittedAction a) { to_splitter_.push(std::move(a)); }),
        composer_(client, reader, ledger),
        splitting_(
            to_splitter_, config.stages.splitter,
            [this](AdmittedAction a, StageSlot s) { splitter_.split(std::move(a), std::move(s)); }),
        staging_(to_stager_, config.stages.stager,
                 [this](CopyTask t, StageSlot s) { stager_.stage(std::move(t), std::move(s)); }),
        copying_(to_copier_, copier_concurrency(config),
                 [this](CopyTask t, StageSlot s) { copier_.copy(std::move(t), std::move(s)); }),
        validating_(
            to_validator_, config.stages.validator,
            [this](CopyOutcome o, StageSlot s) { validator_.check(std::move(o), std::move(s)); }),
        composing_(to_composer_, config.stages.composer,
                   [this](std::shared_ptr<CopyJob> j, StageSlot s) {
                     composer_.compose(std::move(j), std::move(s));
                   }) {}

  // Call only once the ledger is idle: nothing is in flight, so every channel is empty for good.
  ~CopyStages() {
    to_splitter_.close();
    to_stager_.close();
    to_copier_.close();
    to_validator_.close();
    to_composer_.close();
  }

  void take(AdmittedAction action) { to_splitter_.push(std::move(action)); }

 private:
  // Parts of staged copies get their part files made before they are composed.
  void route_part(CopyTask task) {
    if (task.job->action.method == plan::CopyMethod::kStaged && !task.part_file) {
      to_stager_.push(std::move(task));
    } else {
      to_copier_.push(std::move(task));
    }
  }

  Channel<AdmittedAction> to_splitter_;
  Channel<CopyTask> to_stager_;
  Channel<CopyTask> to_copier_;
  Channel<CopyOutcome> to_validator_;
  Channel<std::shared_ptr<CopyJob>> to_composer_;
  WholeCopyTrial trial_;
  Splitter splitter_;
  Stager stager_;
  PartCopier copier_;
  Validator validator_;
  Composer composer_;
  // Declared last: constructed once everything they use exists, destroyed (joined) first.
  StageWorker<AdmittedAction> splitting_;
  StageWorker<CopyTask> staging_;
  StageWorker<CopyTask> copying_;
  StageWorker<CopyOutcome> validating_;
  StageWorker<std::shared_ptr<CopyJob>> composing_;
};

// --cleanup, once the copying is over. A scope that cannot be made, like a cleanup that fails,
// is a problem to report.
CleanupCounts clean_up(const PipelineConfig& config,
                       const std::function<CleanupScope()>& cleanup_scope, net::S3Client& client,
                       net::S3Client& reader, std::time_t run_started, plan::PlanWriter* report) {
  try {
    const CleanupScope scope = cleanup_scope();
    const CleanupSettings settings{.source_bucket = scope.source.bucket,
                                   .destination_bucket = scope.destination.bucket,
                                   .temp_prefix = config.temp_prefix,
                                   .dry_run = config.dry_run,
                                   .run_started = run_started,
                                   .report = report};
    const Leftovers leftovers = find_leftovers(settings, scope.selection, reader);
    const std::set<std::string> named = scope.named_among(leftovers.source_keys());
    auto in_job = [&](const std::string& key) {
      if (!plan::owns(config.shard, key)) return false;
      return named.count(key) > 0 || (scope.listed && scope.selection.covers_listed_key(key));
    };
    return remove_leftovers(settings, scope.selection, leftovers, in_job, client, reader);
  } catch (const std::exception& e) {
    return CleanupCounts{.problems = {e.what()}};
  }
}

RunSummary summarize(const Ledger& ledger, const net::S3Client& client, const net::S3Client& reader,
                     std::chrono::steady_clock::time_point started) {
  RunSummary summary{.objects = ledger.counts()};
  auto add_requests = [&](const net::S3Client& used) {
    const net::ClientStats stats = used.stats();
    summary.requests += stats.requests;
    summary.retries += stats.retries;
    summary.slow_downs += stats.slow_downs;
  };
  add_requests(client);
  if (&reader != &client) add_requests(reader);
  summary.concurrency = client.stats().current_concurrency;
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

// Reports a snapshot about once a second, and saves the failed plan (if any) as often as the
// config asks, until stopped.
class ProgressReporter {
 public:
  ProgressReporter(const PipelineConfig& config, const Ledger& ledger, const net::S3Client& client,
                   const net::S3Client& reader, std::chrono::steady_clock::time_point started,
                   plan::FailedPlan* failed) {
    if (!config.on_progress && failed == nullptr) return;
    thread_ = std::thread([&, started, failed] {
      auto next_save = started + config.failed_plan_every;
      std::unique_lock lock(mutex_);
      while (!stop_changed_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; })) {
        if (config.on_progress) config.on_progress(summarize(ledger, client, reader, started));
        if (failed != nullptr && std::chrono::steady_clock::now() >= next_save) {
          // A failure to save now is reported by the save at the end, which must succeed.
          failed->save(/*only_if_changed=*/true);
          next_save += config.failed_plan_every;
        }
      }
    });
  }
  ~ProgressReporter() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    stop_changed_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable stop_changed_;
  bool stopping_ = false;
  std::thread thread_;
};

// Objects admitted into the copy stages at once: enough to keep every copier busy.
std::size_t object_budget(const PipelineConfig& config) {
  const int copier = copier_concurrency(config);
  return static_cast<std::size_t>(4 * copier + 1000);
}

// The exit status of a run whose phases are over, from its ledger and summary.
void settle_result(const Ledger& ledger, RunResult& result) {
  if (ledger.job_failed()) {
    result.error = ledger.job_error();
    const ObjectCounts& done = result.summary.objects;
    const bool nothing_done = done.copied == 0 && done.failed == 0 && done.skipped == 0;
    result.status = nothing_done ? RunStatus::kCouldNotStart : RunStatus::kSomeFailed;
  } else if (result.summary.objects.failed > 0 ||
             (result.summary.cleanup && !result.summary.cleanup->problems.empty())) {
    result.status = RunStatus::kSomeFailed;
  }
}

}  // namespace

RunResult run_copy_stages(const PipelineConfig& config, const CopyRun& run,
                          net::S3Client& source_client, net::S3Client& destination_reader,
                          plan::PlanWriter& plan_out) {
  // A dry run's plan: the header, where its objects came from (applying it with --cleanup needs
  // the paths: plan/FORMAT.md), then the ledger's decisions.
  if (config.dry_run) {
    plan_out.header();
    for (const plan::PlanJob& job : run.jobs) plan_out.job(job.source, job.destination);
  }
  std::optional<plan::FailedPlan> failed;
  if (!config.failed_plan.empty()) {
    failed.emplace(config.failed_plan, run.jobs, [&config](plan::Action& action) {
      decide_method(action, config.multipart_threshold, config.part_size, config.staged);
    });
  }
  plan::FailedPlan* const failed_out = failed ? &*failed : nullptr;
  Ledger ledger(object_budget(config), config.dry_run ? &plan_out : nullptr, failed_out);
  auto progress = std::make_unique<ProgressReporter>(
      config, ledger, source_client, destination_reader, run.clock.started, failed_out);
  {
    CopyStages copying(config, run.clock.run_started, source_client, destination_reader, ledger);
    run.feed(ledger, [&](AdmittedAction a) { copying.take(std::move(a)); });
    ledger.mark_listing_done();
    ledger.wait_until_idle();
  }
  progress.reset();
  std::optional<CleanupCounts> cleanup;
  if (config.cleanup && !ledger.job_failed()) {
    cleanup = clean_up(config, run.cleanup_scope, source_client, destination_reader,
                       run.clock.run_started, &plan_out);
  }
  RunResult result;
  result.summary = summarize(ledger, source_client, destination_reader, run.clock.started);
  result.summary.cleanup = std::move(cleanup);
  settle_result(ledger, result);
  if (failed && !failed->save()) {
    // The objects themselves are accounted for; the list meant to retry them is not there.
    const std::string why =
        "could not write --failed-plan " + failed->path() + ": " + failed->error();
    result.error = result.error.empty() ? why : result.error + "; " + why;
    if (result.status == RunStatus::kOk) result.status = RunStatus::kSomeFailed;
  }
  return result;
}

}  // namespace s3copy::stages
