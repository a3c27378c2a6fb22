// The records that travel from the splitter through part-copier, validator and composer: one
// CopyJob per object, and one CopyTask per request that copies bytes (a whole object or a part).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/result.h"
#include "net/s3_client.h"
#include "plan/action.h"
#include "plan/staging_area.h"
#include "stages/object_ticket.h"

namespace s3copy::stages {

// What a --staged job's temp area held for one part when the job started (empty when nothing).
struct StagedFiles {
  std::string temp_etag;
  std::uint64_t temp_size = 0;
  std::string part_etag;
  std::uint64_t part_size = 0;
};

// What to do about a source that changed after it was listed or planned.
inline constexpr std::string_view kCopyTheNewVersion =
    "run again to copy the new version (a plan made before the change must be made again)";

// One object being copied, shared by its tasks. The multipart fields are used by the multipart
// methods only, `staged` and `staging_area` by kStaged only. Grouped by who writes them: a field
// is read safely from any stage because only its group's writer changes it, at the stated time.
struct CopyJob {
  // Written by the splitter before it emits the first task (the task queues then publish them).
  plan::Action action;    // afterwards only `reason` changes, by the thread recording the outcome
  std::string upload_id;  // cleared by the composer once the upload is complete
  std::optional<plan::StagingArea> staging_area;
  std::vector<StagedFiles> staged;  // indexed by part number - 1: what the temp area held
  // Holds one of the splitter's slots while the job lives, so that only as many multipart copies
  // are open at once as the splitter's concurrency allows (their parts would otherwise pile up);
  // let go early by fail_job, once (the `failed` exchange guards it).
  std::shared_ptr<void> splitter_slot;

  // Sized by the splitter before fan-out; then each element has one writer, the validator of
  // that part (or the splitter for parts kept from an earlier run, before fan-out).
  std::vector<net::PartInfo> parts;  // indexed by part number - 1

  // Atomic: written by any part's thread.
  std::atomic<int> parts_remaining{0};  // the validator of the last part hands the job on
  std::atomic<bool> failed{false};      // set once; later part results are then ignored
  // Part requests of this job on the wire, times two, plus one once the job failed: a failed job
  // aborts its upload only when none is left (see begin_part_request), and one atomic lets
  // exactly one thread see "failed, nothing in flight".
  std::atomic<int> flight_state{0};
  std::atomic<bool> failure_finished{false};

  // Moved out once: by the job's one outcome (copied or failed), or with the object when the
  // validator sends a whole copy back to the splitter.
  ObjectTicket ticket;
  // Write-once: set by fail_job under the `failed` exchange.
  std::function<void(const std::shared_ptr<CopyJob>&)> finish_failure;
};

// --staged: the part file a part is composed from, in the destination bucket.
struct PartFile {
  std::string key;
  std::string etag;       // pins the copy
  std::string temp_etag;  // the temp file it came from, which the composed part must match
};

struct CopyTask {
  std::shared_ptr<CopyJob> job;
  int part_number = 0;                  // 0: the whole object with CopyObject
  std::optional<net::ByteRange> range;  // the part's bytes in the source
  std::optional<PartFile> part_file;    // copy this part file instead of the source range
  int attempt = 1;                      // copies of this task so far, this one included
};

// What the part-copier got back, for the validator to judge.
struct CopyOutcome {
  CopyTask task;
  std::optional<net::CopyResult> result;
  net::S3Error error;  // when !result
};

class Ledger;

// Call before sending a request that writes into the job's upload; false (send nothing) once the
// job has failed. Pair every true with end_part_request() when the request has come back.
bool begin_part_request(const std::shared_ptr<CopyJob>& job);
void end_part_request(const std::shared_ptr<CopyJob>& job);

// Records the object as failed, once, after aborting its multipart upload if one was started, so
// that no orphaned upload keeps costing storage.
void fail_job(const std::shared_ptr<CopyJob>& job, const std::string& why, net::S3Client& client,
              Ledger& ledger);

}  // namespace s3copy::stages
