// The splitter stage: chooses how each object is copied (one CopyObject, or a multipart copy of
// UploadPartCopy parts) and turns a copy decision into the copy tasks the part-copier performs.
#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <vector>

#include "net/s3_client.h"
#include "plan/action.h"
#include "plan/s3_limits.h"
#include "stages/copy_job.h"
#include "stages/ledger.h"
#include "stages/stage_worker.h"
#include "stages/whole_copy_trial.h"

namespace s3copy::stages {

// Multipart for sources larger than the threshold (never above 5 GB) and for multipart sources,
// whose ETag a single CopyObject could not keep, in the staged way when `staged`; simple
// otherwise (and always for empty objects).
plan::CopyMethod choose_method(const plan::ObjectEntry& source, std::uint64_t multipart_threshold,
                               bool staged = false);

// `requested`, raised (to a whole MiB) when `size` would otherwise need more than 10,000 parts.
std::uint64_t choose_part_size(std::uint64_t size, std::uint64_t requested);

// The part size a multipart copy starts with. A multipart source is copied in its own layout when
// one fits its size and part count (direct mode: the copy then gets the source's very ETag);
// other sources are cut at choose_part_size().
std::uint64_t planned_part_size(const plan::ObjectEntry& source, std::uint64_t requested);

// Gives a copy whose method is not chosen yet (kNone) its method and, in parts, its part size;
// leaves a decided one (an applied plan's line) as it is.
void decide_method(plan::Action& action, std::uint64_t multipart_threshold, std::uint64_t part_size,
                   bool staged);

struct SplitterSettings {
  std::uint64_t multipart_threshold = plan::kMaxSingleCopyBytes;
  std::uint64_t part_size = 64ull << 20;
  net::HeaderList acl_headers;
  bool dry_run = false;
  bool staged = false;                // multipart copies take the staged method
  std::string temp_prefix = "temp/";  // where the staged method keeps its part files
  std::time_t run_started = 0;        // temp-file uploads older than this were abandoned
};

class Splitter {
 public:
  // `client` holds the primary credentials: it reads the source and creates uploads at the
  // destination. Copy tasks go to `tasks`; a resumed upload whose parts are all there already
  // goes straight to `compose`.
  // `trial` decides which multipart sources are copied whole (WholeCopyTrial).
  Splitter(SplitterSettings settings, net::S3Client& client, Ledger& ledger, WholeCopyTrial& trial,
           std::function<void(CopyTask)> tasks,
           std::function<void(std::shared_ptr<CopyJob>)> compose);

  // The stage's handler: decides the method (unless the action has one: applied plans), and for
  // multipart copies reads the source's metadata and tags and starts the destination upload
  // (which carries them) before emitting part tasks. It runs on the splitter's worker thread,
  // which also emits a simple copy's task; a multipart copy's requests continue, and emit its
  // tasks, on event-loop threads.
  //
  // The requests of one multipart copy, in order:
  //   HEAD source [?partNumber=1]  the pin: an ETag other than the listed one fails the object...
  //   [HEAD source]                ...but a part answer's ETag may be the part's own (moto): then
  //                                a plain HEAD decides
  //   [HEAD ?partNumber=N ...]     the source's part layout, where the server reports one
  //   GET source ?tagging          tags and metadata go on CreateMultipartUpload
  //   GET destination ?uploads     uploads earlier runs left at the key; DELETE each stale one
  //                                (started before the source last changed); one of this version?
  //     yes: GET ?uploadId=U (ListParts, paged): keep the parts that fit
  //     no:  POST ?uploads (CreateMultipartUpload)
  //   --staged: survey of the temp area (survey_staging_area)
  //   then a CopyTask per missing part, or the job straight to `compose` when none is missing.
  void split(AdmittedAction admitted, StageSlot slot);

 private:
  void start_multipart(std::shared_ptr<CopyJob> job, StageSlot slot);
  // The part answer's ETag was not the listed one: a plain HEAD decides whether the source changed.
  void confirm_unchanged(std::shared_ptr<CopyJob> job, const net::ObjectHead& first_part,
                         StageSlot slot);
  // `first_part`: the answer to HEAD ?partNumber=1 (the plain HEAD for other sources); `object`:
  // the object's own HEAD, whose metadata the upload carries.
  void learn_layout(std::shared_ptr<CopyJob> job, const net::ObjectHead& first_part,
                    const net::ObjectHead& object, StageSlot slot);
  // Starts (or resumes) the destination upload with the source's metadata and tags.
  void read_tags_and_start(std::shared_ptr<CopyJob> job, const net::ObjectHead& head,
                           StageSlot slot);
  void resume_or_create(std::shared_ptr<CopyJob> job, net::HeaderList headers,
                        std::time_t source_modified, StageSlot slot);
  void abort_stale(const CopyJob& job, const net::MultipartUpload& stale);
  void collect_parts(std::shared_ptr<CopyJob> job, int marker,
                     std::shared_ptr<std::vector<net::PartInfo>> found);
  void create_upload(std::shared_ptr<CopyJob> job, net::HeaderList headers, StageSlot slot);
  // Emits a task for every part not in `kept` (parts an earlier run already copied); staged jobs
  // first learn what their temp area holds.
  void emit_parts(const std::shared_ptr<CopyJob>& job, const std::vector<net::PartInfo>& kept);
  void emit_missing_parts(const std::shared_ptr<CopyJob>& job);
  void fail(const std::shared_ptr<CopyJob>& job, const std::string& why);
  void fail_as_changed(const std::shared_ptr<CopyJob>& job, const std::string& etag_now);

  const SplitterSettings settings_;
  net::S3Client& client_;
  Ledger& ledger_;
  WholeCopyTrial& trial_;
  std::function<void(CopyTask)> tasks_;
  std::function<void(std::shared_ptr<CopyJob>)> compose_;
};

}  // namespace s3copy::stages
