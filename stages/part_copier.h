// The part-copier stage: performs each copy task with CopyObject (whole objects) or UploadPartCopy
// (parts), pinned to the listed source ETag, and hands what S3 answered to the validator.
#pragma once

#include <functional>

#include "net/s3_client.h"
#include "stages/copy_job.h"
#include "stages/stage_worker.h"

namespace s3copy::stages {

class PartCopier {
 public:
  // `acl_headers` go on every CopyObject (multipart uploads got them at creation).
  PartCopier(net::S3Client& client, net::HeaderList acl_headers,
             std::function<void(CopyOutcome)> outcomes);

  // Runs on the part-copier's worker thread and only sends the request; `outcomes` is called on
  // an event-loop thread when S3 has answered (the slot is held until then).
  void copy(CopyTask task, StageSlot slot);

 private:
  void copy_object(CopyTask task, StageSlot slot);
  void copy_part(CopyTask task, StageSlot slot);

  net::S3Client& client_;
  const net::HeaderList acl_headers_;
  std::function<void(CopyOutcome)> outcomes_;
};

}  // namespace s3copy::stages
