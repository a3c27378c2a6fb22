// The copy pipeline: lister -> differ -> splitter -> part-copier -> validator -> composer, wired
// by lock-free queues and driven by the shared net/ event loop. One call runs one whole job.
#include "stages/pipeline.h"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "plan/key_list.h"
#include "plan/selection.h"
#include "stages/composer.h"
#include "stages/differ.h"
#include "stages/ledger.h"
#include "stages/lister.h"
#include "stages/part_copier.h"
#include "stages/splitter.h"
#include "stages/stage_worker.h"
#include "stages/validator.h"

namespace s3copy::stages {
namespace {

// Listing entries buffered between each lister and the differ (two listing pages).
constexpr std::size_t kListingBuffer = 2000;

class CouldNotStart : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

void check_bucket(net::S3Client& client, const std::string& bucket, const std::string& role) {
  auto head = net::wait_for<net::Done>([&](auto done) { client.head_bucket(bucket, done); });
  if (head.ok()) return;
  std::string message = "cannot access the " + role + " bucket s3://" + bucket + ": ";
  message += head.error().http_status == 404 ? "it does not exist" : head.error().describe();
  if (head.error().http_status == 403) {
    message += " (check the credentials: " + client.settings().credentials_source + ")";
  }
  throw CouldNotStart(message);
}

// A -F list is read once in full before anything is copied, so that a bad line far down stops
// the job before it starts, not half-way. Standard input is kept in a temporary file for the
// second reading. Returns the path to read the keys from.
std::string validated_key_list(const std::string& path, std::string& spool) {
  std::string readable = path;
  if (path == "-") {
    char name[] = "/tmp/s3copy-keys-XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) throw CouldNotStart("cannot keep standard input in a temporary file");
    close(fd);
    std::ofstream copy(name, std::ios::binary);
    copy << std::cin.rdbuf();
    spool = readable = name;
  }
  plan::KeyListFile keys(readable);
  try {
    while (keys.next()) {
    }
  } catch (const std::invalid_argument& bad_line) {
    throw CouldNotStart(bad_line.what());
  }
  return readable;
}

// Yields the -f keys, then the -F list's keys, each made absolute with the source path.
class NamedKeys {
 public:
  NamedKeys(const PipelineConfig& config, const plan::Selection& selection)
      : config_(config), selection_(selection) {
    if (!config.files_list.empty()) list_path_ = validated_key_list(config.files_list, spool_);
  }
  ~NamedKeys() {
    if (!spool_.empty()) std::remove(spool_.c_str());
  }

  std::optional<std::string> next() {
    if (next_file_ < config_.files.size())
      return selection_.key_for_file(config_.files[next_file_++]);
    if (list_path_.empty()) return std::nullopt;
    if (!list_) list_ = std::make_unique<plan::KeyListFile>(list_path_);
    std::optional<std::string> key = list_->next();
    return key ? std::optional(selection_.key_for_file(*key)) : std::nullopt;
  }

 private:
  const PipelineConfig& config_;
  const plan::Selection& selection_;
  std::size_t next_file_ = 0;
  std::string spool_;
  std::string list_path_;
  std::unique_ptr<plan::KeyListFile> list_;
};

// The stages after the differ, each on its own worker with its own concurrency.
class CopyStages {
 public:
  CopyStages(const PipelineConfig& config, net::S3Client& client, net::S3Client& reader,
             Ledger& ledger)
      : splitter_(
            {config.multipart_threshold, config.part_size, config.acl_headers, config.dry_run},
            client, ledger, [this](CopyTask t) { to_copier_.push(std::move(t)); },
            [this](std::shared_ptr<CopyJob> j) { to_composer_.push(std::move(j)); }),
        copier_(client, config.acl_headers,
                [this](CopyOutcome o) { to_validator_.push(std::move(o)); }),
        validator_(
            {}, client, reader, ledger, [this](CopyTask t) { to_copier_.push(std::move(t)); },
            [this](std::shared_ptr<CopyJob> j) { to_composer_.push(std::move(j)); }),
        composer_(client, reader, ledger),
        splitting_(
            to_splitter_, config.stages.splitter,
            [this](plan::Action a, StageSlot s) { splitter_.split(std::move(a), std::move(s)); }),
        copying_(to_copier_, config.stages.copier > 0 ? config.stages.copier : config.max_in_flight,
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
    to_copier_.close();
    to_validator_.close();
    to_composer_.close();
  }

  void take(plan::Action action) { to_splitter_.push(std::move(action)); }

 private:
  Channel<plan::Action> to_splitter_;
  Channel<CopyTask> to_copier_;
  Channel<CopyOutcome> to_validator_;
  Channel<std::shared_ptr<CopyJob>> to_composer_;
  Splitter splitter_;
  PartCopier copier_;
  Validator validator_;
  Composer composer_;
  // Declared last: constructed once everything they use exists, destroyed (joined) first.
  StageWorker<plan::Action> splitting_;
  StageWorker<CopyTask> copying_;
  StageWorker<CopyOutcome> validating_;
  StageWorker<std::shared_ptr<CopyJob>> composing_;
};

void run_listing_phase(const PipelineConfig& config, const plan::Selection& selection,
                       net::S3Client& client, net::S3Client& reader, Differ& differ,
                       Ledger& ledger) {
  Channel<plan::ObjectEntry> source(kListingBuffer);
  Channel<plan::ObjectEntry> destination(kListingBuffer);
  const KeyFilter source_filter = [&](const std::string& key) -> std::optional<std::string> {
    return selection.covers_listed_key(key) ? std::optional(key) : std::nullopt;
  };
  const KeyFilter destination_filter = [&](const std::string& key) -> std::optional<std::string> {
    std::optional<std::string> source_key = selection.rules().source_key_of(key);
    return source_key && selection.covers_listed_key(*source_key) ? source_key : std::nullopt;
  };
  std::thread source_lister([&] {
    list_bucket(client, config.source.bucket, selection.source_prefixes(), source_filter, source,
                ledger);
  });
  std::thread destination_lister([&] {
    list_bucket(reader, config.destination.bucket, selection.destination_prefixes(),
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
        return keys.next();
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

// Reports a snapshot about once a second until stopped.
class ProgressReporter {
 public:
  ProgressReporter(const PipelineConfig& config, const Ledger& ledger, const net::S3Client& client,
                   const net::S3Client& reader, std::chrono::steady_clock::time_point started) {
    if (!config.on_progress) return;
    thread_ = std::thread([&, started] {
      std::unique_lock lock(mutex_);
      while (!stop_changed_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; })) {
        config.on_progress(summarize(ledger, client, reader, started));
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

}  // namespace

RunResult run_pipeline(const PipelineConfig& config, net::S3Client& source_client,
                       net::S3Client& destination_reader, std::FILE* plan_out) {
  const auto started = std::chrono::steady_clock::now();
  RunResult result;
  try {
    const plan::Selection selection(config.source, config.destination, config.prefixes);
    check_bucket(source_client, config.source.bucket, "source");
    check_bucket(destination_reader, config.destination.bucket, "destination");
    NamedKeys named_keys(config, selection);

    const int copier = config.stages.copier > 0 ? config.stages.copier : config.max_in_flight;
    Ledger ledger(static_cast<std::size_t>(4 * copier + 1000), config.dry_run ? plan_out : nullptr);
    auto progress = std::make_unique<ProgressReporter>(config, ledger, source_client,
                                                       destination_reader, started);
    {
      CopyStages copying(config, source_client, destination_reader, ledger);
      Differ differ({config.source.bucket, config.destination.bucket,
                     [&](const std::string& key) { return selection.rules().destination_key(key); },
                     config.stages.differ},
                    destination_reader, ledger,
                    [&](plan::Action a) { copying.take(std::move(a)); });
      const bool named = !config.files.empty() || !config.files_list.empty();
      if (!named || !config.prefixes.empty()) {
        run_listing_phase(config, selection, source_client, destination_reader, differ, ledger);
      }
      if (named && !ledger.job_failed()) {
        run_named_phase(config, selection, named_keys, source_client, destination_reader, differ,
                        ledger);
      }
      ledger.mark_listing_done();
      ledger.wait_until_idle();
    }
    progress.reset();
    result.summary = summarize(ledger, source_client, destination_reader, started);
    if (ledger.job_failed()) {
      result.error = ledger.job_error();
      const ObjectCounts& done = result.summary.objects;
      const bool nothing_done = done.copied == 0 && done.failed == 0 && done.skipped == 0;
      result.status = nothing_done ? RunStatus::kCouldNotStart : RunStatus::kSomeFailed;
    } else if (result.summary.objects.failed > 0) {
      result.status = RunStatus::kSomeFailed;
    }
  } catch (const CouldNotStart& e) {
    result.status = RunStatus::kCouldNotStart;
    result.error = e.what();
  } catch (const std::invalid_argument& e) {
    result.status = RunStatus::kCouldNotStart;
    result.error = e.what();
  }
  return result;
}

}  // namespace s3copy::stages
