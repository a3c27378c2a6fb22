// --cleanup: after a job, removes what copying left on the destination bucket — the staged
// method's part files and multipart uploads abandoned by killed runs — of this job's objects only.
#pragma once

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "net/s3_client.h"
#include "plan/plan_writer.h"
#include "plan/selection.h"

namespace s3copy::stages {

struct CleanupSettings {
  std::string source_bucket;
  std::string destination_bucket;
  std::string temp_prefix;
  bool dry_run = false;                // list what would go, to `report`, and remove nothing
  std::time_t run_started = 0;         // uploads started later may belong to a live copy: kept
  plan::PlanWriter* report = nullptr;  // dry runs: where what would go is listed
};

struct CleanupCounts {
  std::uint64_t files_deleted = 0;  // or, in a dry run, that would be
  std::uint64_t uploads_aborted = 0;
  std::uint64_t files_kept = 0;  // part files of objects whose copy is not complete yet
  std::vector<std::string> problems;
};

// What the destination holds that cleanup may remove, by the source key it belongs to.
struct Leftovers {
  std::map<std::string, std::vector<std::string>> part_files;  // staged temp and part files
  std::map<std::string, std::map<std::string, net::MultipartUpload>> uploads;  // by upload id
  std::set<std::string> source_keys() const;
};

// Lists the temp area under the job's source prefixes and the uploads under its destination
// prefixes with `reader` (the credentials that list the destination). Throws std::runtime_error
// when a listing fails.
Leftovers find_leftovers(const CleanupSettings& settings, const plan::Selection& selection,
                         net::S3Client& reader);

// Removes the leftovers of the source keys `in_job` accepts: part files only once the
// destination holds a complete copy of the current source (a rerun still needs them otherwise),
// uploads started before the run. `client` reads the source and removes; `reader` reads the
// destination. Never throws; failures are counted as problems.
CleanupCounts remove_leftovers(const CleanupSettings& settings, const plan::Selection& selection,
                               const Leftovers& leftovers,
                               const std::function<bool(const std::string&)>& in_job,
                               net::S3Client& client, net::S3Client& reader);

}  // namespace s3copy::stages
