// The copy pipeline: lister -> differ -> splitter -> part-copier -> validator -> composer, wired
// by lock-free queues and driven by the shared net/ event loop. One call runs one whole job.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "net/http_message.h"
#include "net/s3_client.h"
#include "plan/list_format.h"
#include "plan/plan_writer.h"
#include "plan/s3_url.h"
#include "plan/shard.h"
#include "stages/cleanup.h"
#include "stages/ledger.h"

namespace s3copy::stages {

// Requests each stage may have in flight at once (its share of the overall -t limit).
struct StageConcurrency {
  int lister = 1;      // listing pages fetched ahead per listing
  int differ = 32;     // destination HEADs, only when sizes match but ETags differ
  int splitter = 16;   // HEAD source + CreateMultipartUpload of multipart copies
  int stager = 16;     // --staged: parts whose temp and part files are being made
  int copier = 0;      // CopyObject / UploadPartCopy; 0 means the overall -t
  int validator = 32;  // HEADs that confirm a copy when its ETag cannot
  int composer = 16;   // CompleteMultipartUpload + HEAD
};

// A live snapshot while the job runs, and its final account at the end.
struct RunSummary {
  ObjectCounts objects;
  std::uint64_t requests = 0;
  std::uint64_t retries = 0;
  std::uint64_t slow_downs = 0;
  int concurrency = 0;  // requests allowed in flight now (lowered by SlowDown)
  double seconds = 0;
  std::optional<CleanupCounts> cleanup;  // --cleanup
};

struct PipelineConfig {
  plan::S3Url source;
  plan::S3Url destination;
  std::vector<std::string> prefixes;  // -p and -P: relative to the source path
  std::vector<std::string> files;     // -f: exact keys, relative to the source path
  std::string files_list;             // -F: a file of keys (or "-" for stdin), streamed
  plan::ListFormat list_format = plan::ListFormat::kAuto;  // --list-format: how -F is written
  plan::Shard shard;  // --shard K/N: only the source keys this shard owns
  // --apply-plan: a saved plan (or "-" for stdin) to copy from instead of listing; source,
  // destination, prefixes and files are then unused: the plan names every object.
  std::string apply_plan;
  bool dry_run = false;    // -n: print the plan, change nothing
  int max_in_flight = 40;  // -t
  StageConcurrency stages;
  std::uint64_t multipart_threshold = 5ull << 30;  // larger sources are copied in parts
  std::uint64_t part_size = 64ull << 20;
  bool staged = false;  // --staged: multipart copies through part files
  // The destination server may keep a multipart source's ETag on CopyObject (not AWS, which is
  // known not to): multipart sources up to the threshold are then tried as one CopyObject.
  bool whole_copies_may_keep_etags = false;
  std::string temp_prefix = "temp/";  // where --staged keeps them on the destination bucket
  bool cleanup = false;               // --cleanup: remove them (and abandoned uploads) after
  net::HeaderList acl_headers;        // x-amz-acl / x-amz-grant-* for every object written
  // Called about once a second while the job runs (e.g. to draw a progress line); may be empty.
  std::function<void(const RunSummary&)> on_progress;
  // --failed-plan: where the objects that failed are written as a plan, saved this often while
  // the job runs and once more at its end; empty for none.
  std::string failed_plan;
  std::chrono::seconds failed_plan_every{60};
};

// Exit status: 0 every object copied or up to date, 1 some objects failed (each logged at ERROR
// with its key), 2 the job could not start (bad bucket, access denied, bad key list, ...).
enum class RunStatus { kOk = 0, kSomeFailed = 1, kCouldNotStart = 2 };

struct RunResult {
  RunStatus status = RunStatus::kOk;
  RunSummary summary;
  // Why the job could not start or stopped, for kCouldNotStart; or, with kSomeFailed, what went
  // wrong besides the objects (a --failed-plan that could not be written).
  std::string error;
};

// `source_client` reads the source and writes the destination; `destination_reader` lists and
// reads the destination (the seed's -d credentials; may be the same client). Dry-run plan lines
// (-n, --emit-plan) go to `plan_out`. With `config.apply_plan` the plan's copy lines are applied
// (README "Plans, shards and piped lists"): each is skipped when its destination already holds
// the planned source ETag, else copied as planned.
RunResult run_pipeline(const PipelineConfig& config, net::S3Client& source_client,
                       net::S3Client& destination_reader, plan::PlanWriter& plan_out);

}  // namespace s3copy::stages
