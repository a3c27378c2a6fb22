// The copy pipeline: lister -> differ -> splitter -> part-copier -> validator -> composer, wired
// by lock-free queues and driven by the shared net/ event loop. One call runs one whole job.
#include "stages/pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "plan/list_format.h"
#include "plan/plan_file.h"
#include "plan/plan_line.h"
#include "plan/selection.h"
#include "stages/composer.h"
#include "stages/differ.h"
#include "stages/ledger.h"
#include "stages/lister.h"
#include "stages/part_copier.h"
#include "stages/plan_applier.h"
#include "stages/splitter.h"
#include "stages/stage_worker.h"
#include "stages/stager.h"
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

// Where a -F list or a plan is read from. Both are read twice: checked whole before anything is
// copied, so that a bad line far down stops the job before it starts, not half-way, and then
// used. Standard input ("-") is therefore first kept in a temporary file.
class ReadTwiceInput {
 public:
  ReadTwiceInput(const std::string& path_or_dash, const std::string& what) {
    if (path_or_dash != "-") {
      path_ = display_name_ = path_or_dash;
      return;
    }
    display_name_ = "standard input";
    char name[] = "/tmp/s3copy-stdin-XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) {
      throw CouldNotStart("cannot keep the " + what + " read from standard input in /tmp: " +
                          std::strerror(errno) + "; write it to a file and give its path");
    }
    close(fd);
    path_ = spool_ = name;
    std::ofstream copy(name, std::ios::binary);
    copy << std::cin.rdbuf();  // sets failbit (only) when standard input is empty
    copy.flush();
    if (copy.bad()) {
      throw CouldNotStart("cannot keep the " + what + " read from standard input in " + spool_ +
                          " (is /tmp full?); write it to a file and give its path");
    }
  }
  ~ReadTwiceInput() {
    if (!spool_.empty()) std::remove(spool_.c_str());
  }
  ReadTwiceInput(const ReadTwiceInput&) = delete;
  ReadTwiceInput& operator=(const ReadTwiceInput&) = delete;

  const std::string& path() const { return path_; }
  const std::string& display_name() const { return display_name_; }

 private:
  std::string path_;
  std::string display_name_;
  std::string spool_;
};

// Reads an S3 object a range at a time, so that a large inventory data file never sits in memory
// whole. A failed read, or an object that changes while it is read, throws
// std::invalid_argument naming the object.
class RangedObjectBuffer : public std::streambuf {
 public:
  RangedObjectBuffer(net::S3Client& client, std::string bucket, std::string key)
      : client_(client), bucket_(std::move(bucket)), key_(std::move(key)) {
    auto head = net::wait_for<net::ObjectHead>(
        [&](auto done) { client_.head_object(bucket_, key_, std::nullopt, done); });
    if (!head.ok()) fail(head.error().describe());
    size_ = head.value().content_length;
    etag_ = head.value().etag;
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (offset_ >= size_) return traits_type::eof();
    const net::ByteRange range{offset_, std::min(size_, offset_ + kRangeBytes) - 1};
    auto got = net::wait_for<net::GetObjectResult>(
        [&](auto done) { client_.get_object(bucket_, key_, range, done); });
    if (!got.ok()) fail(got.error().describe());
    if (got.value().head.etag != etag_) fail("it changed while it was read; run again");
    chunk_ = std::move(got.value().body);
    if (chunk_.empty()) fail("the server sent no bytes for a range it listed");
    offset_ += chunk_.size();
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return traits_type::to_int_type(*gptr());
  }

 private:
  static constexpr std::uint64_t kRangeBytes = 8ull << 20;

  [[noreturn]] void fail(const std::string& why) const {
    throw std::invalid_argument("cannot read the inventory data file s3://" + bucket_ + "/" + key_ +
                                " that the manifest lists: " + why);
  }

  net::S3Client& client_;
  std::string bucket_;
  std::string key_;
  std::string etag_;
  std::uint64_t size_ = 0;
  std::uint64_t offset_ = 0;
  std::string chunk_;
};

std::unique_ptr<std::ifstream> open_readable(const std::string& path, const std::string& what) {
  auto stream = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*stream) {
    throw std::invalid_argument("cannot read " + what + " '" + path + "': " + std::strerror(errno));
  }
  return stream;
}

// The keys of a -F list as it writes them, in any --list-format. An inventory manifest's keys are
// those of its data files, fetched one after the other from the manifest's destination bucket with
// the primary credentials. Throws std::invalid_argument "<list> line N: ..." for a bad line.
class ListedKeys {
 public:
  ListedKeys(const ReadTwiceInput& input, const PipelineConfig& config, net::S3Client& client)
      : client_(client),
        stream_(open_readable(input.path(), "object list")),
        list_(*stream_, input.display_name(), config.list_format,
              plan::ObjectListOptions{.expected_bucket = config.source.bucket}) {}

  std::optional<std::string> next() {
    const plan::InventoryManifest* manifest = list_.manifest();
    if (manifest == nullptr) return list_.next();
    for (;;) {
      if (data_) {
        if (std::optional<std::string> key = data_->next()) return key;
      }
      if (next_file_ == manifest->files.size()) return std::nullopt;
      open_data_file(*manifest, manifest->files[next_file_++]);
    }
  }

  // Plain lists hold keys relative to the source path; every other format names whole keys.
  bool whole_keys() const { return plan::names_whole_keys(list_.format()); }

  // "<list> line N" of the last key, for messages.
  std::string where() const {
    const plan::ObjectListReader& reader = data_ ? *data_ : list_;
    return reader.display_name() + " line " + std::to_string(reader.line_number());
  }

 private:
  void open_data_file(const plan::InventoryManifest& manifest, const plan::InventoryFile& file) {
    data_.reset();
    data_stream_.reset();
    data_buffer_ =
        std::make_unique<RangedObjectBuffer>(client_, manifest.destination_bucket, file.key);
    data_stream_ = std::make_unique<std::istream>(data_buffer_.get());
    data_ = std::make_unique<plan::ObjectListReader>(
        *data_stream_, "s3://" + manifest.destination_bucket + "/" + file.key,
        plan::ListFormat::kInventoryCsv, plan::inventory_data_options(manifest));
  }

  net::S3Client& client_;
  std::unique_ptr<std::ifstream> stream_;  // declared before list_, which reads it
  plan::ObjectListReader list_;
  std::size_t next_file_ = 0;
  // The inventory data file being read, in the order each reads the one before.
  std::unique_ptr<RangedObjectBuffer> data_buffer_;
  std::unique_ptr<std::istream> data_stream_;
  std::unique_ptr<plan::ObjectListReader> data_;
};

// Yields the -f keys, then the -F list's keys, as whole source keys: a plain list's lines (like -f
// values) are relative to the source path; the other formats name whole keys, which must lie
// under the source path. The list is checked whole when this is made (CouldNotStart).
class NamedKeys {
 public:
  NamedKeys(const PipelineConfig& config, const plan::Selection& selection, net::S3Client& client)
      : config_(config), selection_(selection), client_(client) {
    if (config.files_list.empty()) return;
    list_input_ = std::make_unique<ReadTwiceInput>(config.files_list, "object list");
    try {
      ListedKeys keys(*list_input_, config_, client_);
      while (std::optional<std::string> key = keys.next()) source_key(keys, *key);
    } catch (const std::invalid_argument& bad_line) {
      throw CouldNotStart(bad_line.what());
    }
  }

  // The keys of `candidates` that the job names; reads the keys again from the start.
  std::set<std::string> among(const std::set<std::string>& candidates) const {
    std::set<std::string> named;
    auto note = [&](const std::string& key) {
      if (candidates.count(key)) named.insert(key);
    };
    for (const std::string& file : config_.files) note(selection_.key_for_file(file));
    if (!list_input_) return named;
    ListedKeys list(*list_input_, config_, client_);
    while (std::optional<std::string> key = list.next()) note(source_key(list, *key));
    return named;
  }

  std::optional<std::string> next() {
    if (next_file_ < config_.files.size())
      return selection_.key_for_file(config_.files[next_file_++]);
    if (!list_input_) return std::nullopt;
    if (!list_) list_ = std::make_unique<ListedKeys>(*list_input_, config_, client_);
    std::optional<std::string> key = list_->next();
    return key ? std::optional(source_key(*list_, *key)) : std::nullopt;
  }

 private:
  std::string source_key(const ListedKeys& list, const std::string& listed) const {
    if (!list.whole_keys()) return selection_.key_for_file(listed);
    if (!selection_.rules().selects(listed)) {
      throw std::invalid_argument(
          list.where() + ": " + plan::format_object_url(config_.source.bucket, listed) +
          " is not under the source path " + config_.source.to_string() +
          "; list only keys under it, or give the source path that holds them (whole keys of "
          "this list format are not relative to the source path; plain lists are)");
    }
    return listed;
  }

  const PipelineConfig& config_;
  const plan::Selection& selection_;
  net::S3Client& client_;
  std::size_t next_file_ = 0;
  std::unique_ptr<ReadTwiceInput> list_input_;
  std::unique_ptr<ListedKeys> list_;
};

// The stages after the differ, each on its own worker with its own concurrency.
class CopyStages {
 public:
  CopyStages(const PipelineConfig& config, std::time_t run_started, net::S3Client& client,
             net::S3Client& reader, Ledger& ledger)
      : splitter_(
            {.multipart_threshold = config.multipart_threshold,
             .part_size = config.part_size,
             .acl_headers = config.acl_headers,
             .dry_run = config.dry_run,
             .staged = config.staged,
             .temp_prefix = config.temp_prefix,
             .run_started = run_started},
            client, ledger, [this](CopyTask t) { route_part(std::move(t)); },
            [this](std::shared_ptr<CopyJob> j) { to_composer_.push(std::move(j)); }),
        stager_(client, ledger, [this](CopyTask t) { to_copier_.push(std::move(t)); }),
        copier_(client, config.acl_headers,
                [this](CopyOutcome o) { to_validator_.push(std::move(o)); }),
        validator_(
            {}, client, reader, ledger, [this](CopyTask t) { to_copier_.push(std::move(t)); },
            [this](std::shared_ptr<CopyJob> j) { to_composer_.push(std::move(j)); }),
        composer_(client, reader, ledger),
        splitting_(
            to_splitter_, config.stages.splitter,
            [this](plan::Action a, StageSlot s) { splitter_.split(std::move(a), std::move(s)); }),
        staging_(to_stager_, config.stages.stager,
                 [this](CopyTask t, StageSlot s) { stager_.stage(std::move(t), std::move(s)); }),
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
    to_stager_.close();
    to_copier_.close();
    to_validator_.close();
    to_composer_.close();
  }

  void take(plan::Action action) { to_splitter_.push(std::move(action)); }

 private:
  // Parts of staged copies get their part files made before they are composed.
  void route_part(CopyTask task) {
    if (task.job->action.method == plan::CopyMethod::kStaged && !task.part_file) {
      to_stager_.push(std::move(task));
    } else {
      to_copier_.push(std::move(task));
    }
  }

  Channel<plan::Action> to_splitter_;
  Channel<CopyTask> to_stager_;
  Channel<CopyTask> to_copier_;
  Channel<CopyOutcome> to_validator_;
  Channel<std::shared_ptr<CopyJob>> to_composer_;
  Splitter splitter_;
  Stager stager_;
  PartCopier copier_;
  Validator validator_;
  Composer composer_;
  // Declared last: constructed once everything they use exists, destroyed (joined) first.
  StageWorker<plan::Action> splitting_;
  StageWorker<CopyTask> staging_;
  StageWorker<CopyTask> copying_;
  StageWorker<CopyOutcome> validating_;
  StageWorker<std::shared_ptr<CopyJob>> composing_;
};

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

// Which objects' leftovers --cleanup may remove: those the selection covers when the job lists
// (`listed`), and those `named_among` finds among the leftovers' keys; only the shard's own keys.
struct CleanupScope {
  plan::S3Url source;
  plan::S3Url destination;
  const plan::Selection& selection;
  bool listed = false;
  std::function<std::set<std::string>(const std::set<std::string>&)> named_among;
};

// --cleanup, once the copying is over.
CleanupCounts clean_up(const PipelineConfig& config, const CleanupScope& scope,
                       net::S3Client& client, net::S3Client& reader, std::time_t run_started,
                       std::FILE* report) {
  const CleanupSettings settings{.source_bucket = scope.source.bucket,
                                 .destination_bucket = scope.destination.bucket,
                                 .temp_prefix = config.temp_prefix,
                                 .dry_run = config.dry_run,
                                 .run_started = run_started,
                                 .report = report};
  try {
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

// Objects admitted into the copy stages at once: enough to keep every copier busy.
std::size_t object_budget(const PipelineConfig& config) {
  const int copier = config.stages.copier > 0 ? config.stages.copier : config.max_in_flight;
  return static_cast<std::size_t>(4 * copier + 1000);
}

void write_comment(std::FILE* plan_out, const std::string& line) {
  if (plan_out != nullptr) std::fprintf(plan_out, "%s\n", line.c_str());
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

RunResult run_copy_job(const PipelineConfig& config, net::S3Client& source_client,
                       net::S3Client& destination_reader, std::FILE* plan_out) {
  const auto started = std::chrono::steady_clock::now();
  const std::time_t run_started = std::time(nullptr);
  RunResult result;
  const plan::Selection selection(config.source, config.destination, config.prefixes);
  check_bucket(source_client, config.source.bucket, "source");
  check_bucket(destination_reader, config.destination.bucket, "destination");
  NamedKeys named_keys(config, selection, source_client);

  Ledger ledger(object_budget(config), config.dry_run ? plan_out : nullptr);
  // Records where the plan came from: applying it with --cleanup needs the paths (plan/FORMAT.md).
  if (config.dry_run)
    write_comment(plan_out, plan::format_job_line(config.source, config.destination));
  auto progress = std::make_unique<ProgressReporter>(config, ledger, source_client,
                                                     destination_reader, started);
  const bool named = names_keys(config);
  {
    CopyStages copying(config, run_started, source_client, destination_reader, ledger);
    Differ differ({config.source.bucket, config.destination.bucket,
                   [&](const std::string& key) { return selection.rules().destination_key(key); },
                   config.stages.differ},
                  destination_reader, ledger, [&](plan::Action a) { copying.take(std::move(a)); });
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
  std::optional<CleanupCounts> cleanup;
  if (config.cleanup && !ledger.job_failed()) {
    const CleanupScope scope{
        .source = config.source,
        .destination = config.destination,
        .selection = selection,
        .listed = !named || !config.prefixes.empty(),
        .named_among = [&](const std::set<std::string>& keys) { return named_keys.among(keys); }};
    cleanup = clean_up(config, scope, source_client, destination_reader, run_started, plan_out);
  }
  result.summary = summarize(ledger, source_client, destination_reader, started);
  result.summary.cleanup = std::move(cleanup);
  settle_result(ledger, result);
  return result;
}

// Reads the whole plan once: a malformed line stops the run before anything is copied.
plan::PlanOverview checked_plan(const ReadTwiceInput& input) {
  try {
    plan::PlanFile plan(input.path(), input.display_name());
    return plan::read_plan_overview(plan.reader());
  } catch (const std::invalid_argument& bad_line) {
    throw CouldNotStart(bad_line.what());
  }
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

std::optional<CleanupCounts> clean_up_after_plan(const PipelineConfig& config,
                                                 const ReadTwiceInput& input,
                                                 const plan::PlanJob& job, net::S3Client& client,
                                                 net::S3Client& reader, std::time_t run_started,
                                                 std::FILE* report) {
  try {
    const plan::Selection selection(job.source, job.destination, {});
    const CleanupScope scope{.source = job.source,
                             .destination = job.destination,
                             .selection = selection,
                             .listed = false,
                             .named_among = [&](const std::set<std::string>& keys) {
                               return plan_keys_among(input, job, keys);
                             }};
    return clean_up(config, scope, client, reader, run_started, report);
  } catch (const std::exception& e) {  // a "# job" line whose paths select nothing to copy
    return CleanupCounts{.problems = {e.what()}};
  }
}

RunResult run_applied_plan(const PipelineConfig& config, net::S3Client& source_client,
                           net::S3Client& destination_reader, std::FILE* plan_out) {
  const auto started = std::chrono::steady_clock::now();
  const std::time_t run_started = std::time(nullptr);
  RunResult result;
  const ReadTwiceInput input(config.apply_plan, "plan");
  const plan::PlanOverview overview = checked_plan(input);
  check_plan_buckets(overview, source_client, destination_reader);
  std::optional<plan::PlanJob> cleanup_job;
  if (config.cleanup) cleanup_job = job_to_clean_up(overview, input.display_name());

  Ledger ledger(object_budget(config), config.dry_run ? plan_out : nullptr);
  if (config.dry_run) {
    for (const plan::PlanJob& job : overview.jobs) {
      write_comment(plan_out, plan::format_job_line(job.source, job.destination));
    }
  }
  auto progress = std::make_unique<ProgressReporter>(config, ledger, source_client,
                                                     destination_reader, started);
  {
    CopyStages copying(config, run_started, source_client, destination_reader, ledger);
    plan::PlanFile plan(input.path(), input.display_name());
    const PlanApplierSettings settings{.shard = config.shard,
                                       .concurrency = config.stages.differ,
                                       .dry_run = config.dry_run,
                                       .staged = config.staged};
    apply_plan_lines([&] { return plan.next(); }, settings, destination_reader, ledger,
                     [&](plan::Action a) { copying.take(std::move(a)); });
    ledger.mark_listing_done();
    ledger.wait_until_idle();
  }
  progress.reset();
  std::optional<CleanupCounts> cleanup;
  if (cleanup_job && !ledger.job_failed()) {
    cleanup = clean_up_after_plan(config, input, *cleanup_job, source_client, destination_reader,
                                  run_started, plan_out);
  }
  result.summary = summarize(ledger, source_client, destination_reader, started);
  result.summary.cleanup = std::move(cleanup);
  settle_result(ledger, result);
  return result;
}

}  // namespace

RunResult run_pipeline(const PipelineConfig& config, net::S3Client& source_client,
                       net::S3Client& destination_reader, std::FILE* plan_out) {
  try {
    return config.apply_plan.empty()
               ? run_copy_job(config, source_client, destination_reader, plan_out)
               : run_applied_plan(config, source_client, destination_reader, plan_out);
  } catch (const CouldNotStart& e) {
    return RunResult{.status = RunStatus::kCouldNotStart, .error = e.what()};
  } catch (const std::invalid_argument& e) {  // a bad path or list, found before copying
    return RunResult{.status = RunStatus::kCouldNotStart, .error = e.what()};
  }
}

}  // namespace s3copy::stages
