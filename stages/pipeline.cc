// The copy pipeline: lister -> differ -> splitter -> part-copier -> validator -> composer, wired
// by lock-free queues and driven by the shared net/ event loop. One call runs one whole job.
#include "stages/pipeline.h"

#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "plan/selection.h"
#include "stages/copy_run.h"
#include "stages/differ.h"
#include "stages/job_checks.h"
#include "stages/ledger.h"
#include "stages/lister.h"
#include "stages/named_keys.h"
#include "stages/plan_run.h"

namespace s3copy::stages {
namespace {

// Listing entries buffered between each lister and the differ (two listing pages).
constexpr std::size_t kListingBuffer = 2000;

void run_listing_phase(const PipelineConfig& config, const plan::Selection& selection,
                       net::S3Client& client, net::S3Client& reader, Differ& differ,
                       Ledger& ledger) {
  Channel<plan::ObjectEntry> source(kListingBuffer);
  Channel<plan::ObjectEntry> destination(kListingBuffer);
  // The staged method's part files are not objects to copy when they lie in the source bucket.
  const bool skip_temp_area =
      (config.staged || config.cleanup) && config.source.bucket == config.destination.bucket;
  const auto in_job = [&](const std::string& source_key) {
    return selection.covers_listed_key(source_key) && plan::owns(config.shard, source_key);
  };
  const KeyFilter source_filter = [&](const std::string& key) -> std::optional<std::string> {
    if (skip_temp_area && key.starts_with(config.temp_prefix)) return std::nullopt;
    return in_job(key) ? std::optional(key) : std::nullopt;
  };
  const KeyFilter destination_filter = [&](const std::string& key) -> std::optional<std::string> {
    std::optional<std::string> source_key = selection.rules().source_key_of(key);
    return source_key && in_job(*source_key) ? source_key : std::nullopt;
  };
  std::thread source_lister([&] {
    list_bucket(client, config.source.bucket, "source", selection.source_prefixes(), source_filter,
                source, ledger);
  });
  std::thread destination_lister([&] {
    list_bucket(reader, config.destination.bucket, "destination", selection.destination_prefixes(),
                destination_filter, destination, ledger);
  });
  differ.join(source, destination);
  source_lister.join();
  destination_lister.join();
}

void run_named_phase(const PipelineConfig& config, const plan::Selection& selection,
                     NamedKeys& keys, net::S3Client& client, net::S3Client& reader, Differ& differ,
                     Ledger& ledger) {
  Channel<NamedObject> named;
  std::thread lookups([&] {
    auto next_key = [&]() -> std::optional<std::string> {
      try {
        std::optional<std::string> key = keys.next();
        while (key && !plan::owns(config.shard, *key)) key = keys.next();
        return key;
      } catch (const std::exception& e) {
        ledger.fail_job(e.what());
        return std::nullopt;
      }
    };
    auto destination_key_of = [&](const std::string& key) {
      return selection.rules().destination_key(key);
    };
    look_up_named_keys(client, reader, config.source.bucket, config.destination.bucket, next_key,
                       destination_key_of, config.stages.differ, named, ledger);
  });
  differ.judge_named(named);
  lookups.join();
}

bool names_keys(const PipelineConfig& config) {
  return !config.files.empty() || !config.files_list.empty();
}

// Listed jobs (as opposed to jobs that only name their keys with -f / -F).
bool lists_buckets(const PipelineConfig& config) {
  return !names_keys(config) || !config.prefixes.empty();
}

// Passes the job's objects to the differ, which hands those to copy to `copies`: the listed ones
// (unless the job only names keys), then the named ones.
void feed_from_source(const PipelineConfig& config, const plan::Selection& selection,
                      NamedKeys& named_keys, net::S3Client& client, net::S3Client& reader,
                      Ledger& ledger, const CopyDecisions& copies) {
  Differ differ({config.source.bucket, config.destination.bucket,
                 [&](const std::string& key) { return selection.rules().destination_key(key); },
                 config.stages.differ},
                reader, ledger, copies);
  if (lists_buckets(config)) {
    run_listing_phase(config, selection, client, reader, differ, ledger);
  }
  if (names_keys(config) && !ledger.job_failed()) {
    run_named_phase(config, selection, named_keys, client, reader, differ, ledger);
  }
}

RunResult run_copy_job(const PipelineConfig& config, net::S3Client& source_client,
                       net::S3Client& destination_reader, plan::PlanWriter& plan_out) {
  const RunClock clock;
  const plan::Selection selection(config.source, config.destination, config.prefixes);
  // A job that lists both buckets learns from the first listing pages whether they can be read:
  // a no-op sync then costs its listing pages and nothing else.
  if (!lists_buckets(config)) {
    check_bucket(source_client, config.source.bucket, "source");
    check_bucket(destination_reader, config.destination.bucket, "destination");
  }
  NamedKeys named_keys(config, selection, source_client);

  auto feed = [&](Ledger& ledger, const CopyDecisions& copies) {
    feed_from_source(config, selection, named_keys, source_client, destination_reader, ledger,
                     copies);
  };
  auto cleanup_scope = [&] {
    return CleanupScope{
        .source = config.source,
        .destination = config.destination,
        .selection = selection,
        .listed = lists_buckets(config),
        .named_among = [&](const std::set<std::string>& keys) { return named_keys.among(keys); }};
  };
  const CopyRun run{.clock = clock,
                    .jobs = {plan::PlanJob{config.source, config.destination}},
                    .feed = feed,
                    .cleanup_scope = cleanup_scope};
  return run_copy_stages(config, run, source_client, destination_reader, plan_out);
}

}  // namespace

RunResult run_pipeline(const PipelineConfig& config, net::S3Client& source_client,
                       net::S3Client& destination_reader, plan::PlanWriter& plan_out) {
  try {
    return config.apply_plan.empty()
               ? run_copy_job(config, source_client, destination_reader, plan_out)
               : run_applied_plan(config, source_client, destination_reader, plan_out);
  } catch (const CouldNotStart& e) {
    return RunResult{.status = RunStatus::kCouldNotStart, .error = e.what()};
  } catch (const std::invalid_argument& e) {  // an InputError (a bad path, plan or list) and alike
    return RunResult{.status = RunStatus::kCouldNotStart, .error = e.what()};
  }
}

}  // namespace s3copy::stages
