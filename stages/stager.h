// The stager stage (--staged only): makes each part's files in the temp area the original s3copy's
// way — a one-part multipart temp file, then a simple part file — before the part is composed.
#pragma once

#include <ctime>
#include <functional>
#include <memory>
#include <string>

#include "net/s3_client.h"
#include "stages/copy_job.h"
#include "stages/stage_worker.h"

namespace s3copy::stages {

// Reads what the job's temp area (under `temp_prefix`) already holds into job->staged, aborts
// temp-file uploads that runs started before `run_started` left open, then calls `done` with an
// error message (empty when all went well).
void survey_staging_area(net::S3Client& client, const std::shared_ptr<CopyJob>& job,
                         const std::string& temp_prefix, std::time_t run_started,
                         std::function<void(std::string)> done);

class Stager {
 public:
  // `client` reads the source and writes the destination (primary credentials). Parts whose part
  // file is ready go on through `composed_parts`, as tasks that copy the part file.
  Stager(net::S3Client& client, Ledger& ledger, std::function<void(CopyTask)> composed_parts);

  // Runs on the stager's worker thread; every later step, `composed_parts` included, runs on an
  // event-loop thread as S3 answers (or on the worker, for a part whose files are all there).
  void stage(CopyTask task, StageSlot slot);

 private:
  void make_temp_file(CopyTask task, StageSlot slot);
  void fill_temp_file(CopyTask task, std::string temp_upload, StageSlot slot);
  void complete_temp_file(CopyTask task, std::string temp_upload, net::PartInfo part,
                          StageSlot slot);
  void make_part_file(CopyTask task, std::string temp_etag, StageSlot slot);
  void hand_on(CopyTask task, std::string part_etag, std::string temp_etag);
  void abandon_temp_upload(const CopyTask& task, const std::string& temp_upload);
  void fail(const CopyTask& task, const std::string& why);

  net::S3Client& client_;
  Ledger& ledger_;
  std::function<void(CopyTask)> composed_parts_;
};

}  // namespace s3copy::stages
