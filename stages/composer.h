// The composer stage: completes each multipart copy from its validated parts, checks the result
// (size, and the ETag that the part ETags imply) and records the object's outcome.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "net/s3_client.h"
#include "stages/copy_job.h"
#include "stages/ledger.h"
#include "stages/stage_worker.h"

namespace s3copy::stages {

class Composer {
 public:
  // `client` completes uploads (primary credentials); `destination_reader` reads the result.
  Composer(net::S3Client& client, net::S3Client& destination_reader, Ledger& ledger);

  // Runs on the composer's worker thread and sends CompleteMultipartUpload; the verification and
  // the outcome (ledger) follow on event-loop threads.
  void compose(std::shared_ptr<CopyJob> job, StageSlot slot);

 private:
  void verify(const std::shared_ptr<CopyJob>& job, const std::string& completed_etag,
              StageSlot slot);
  void check_completed_anyway(const std::shared_ptr<CopyJob>& job, const net::S3Error& error,
                              StageSlot slot);
  // The object is the copy: says how its ETag vouches for the source, and records it copied.
  void record_composed(const std::shared_ptr<CopyJob>& job, const std::string& etag);

  net::S3Client& client_;
  net::S3Client& destination_reader_;
  Ledger& ledger_;
};

}  // namespace s3copy::stages
