// The part-copier stage: performs each copy task with CopyObject (whole objects) or UploadPartCopy
// (parts), pinned to the listed source ETag, and hands what S3 answered to the validator.
#include "stages/part_copier.h"

namespace s3copy::stages {
namespace {

CopyOutcome outcome_of(CopyTask task, net::Result<net::CopyResult> result) {
  CopyOutcome outcome{.task = std::move(task)};
  if (result.ok()) {
    outcome.result = std::move(result).value();
  } else {
    outcome.error = result.error();
  }
  return outcome;
}

}  // namespace

PartCopier::PartCopier(net::S3Client& client, net::HeaderList acl_headers,
                       std::function<void(CopyOutcome)> outcomes)
    : client_(client), acl_headers_(std::move(acl_headers)), outcomes_(std::move(outcomes)) {}

void PartCopier::copy(CopyTask task, StageSlot slot) {
  if (task.job->failed.load()) return;  // another part already failed the object
  if (task.part_number == 0) {
    copy_object(std::move(task), std::move(slot));
  } else {
    copy_part(std::move(task), std::move(slot));
  }
}

void PartCopier::copy_object(CopyTask task, StageSlot slot) {
  const plan::Action& action = task.job->action;
  net::CopyObjectRequest request{.source_bucket = action.source_bucket,
                                 .source_key = action.source.key,
                                 .source_etag = action.source.etag,
                                 .bucket = action.destination_bucket,
                                 .key = action.destination_key,
                                 .headers = acl_headers_};
  client_.copy_object(request, [this, task = std::move(task), slot](auto result) mutable {
    outcomes_(outcome_of(std::move(task), std::move(result)));
  });
}

void PartCopier::copy_part(CopyTask task, StageSlot slot) {
  const CopyJob& job = *task.job;
  net::UploadPartCopyRequest request{.source_bucket = job.action.source_bucket,
                                     .source_key = job.action.source.key,
                                     .source_etag = job.action.source.etag,
                                     .source_range = task.range,
                                     .bucket = job.action.destination_bucket,
                                     .key = job.action.destination_key,
                                     .upload_id = job.upload_id,
                                     .part_number = task.part_number};
  if (task.part_file) {  // --staged: the part file holds the bytes, in the destination bucket
    request.source_bucket = job.action.destination_bucket;
    request.source_key = task.part_file->key;
    request.source_etag = task.part_file->etag;
    request.source_range.reset();
  }
  if (!begin_part_request(task.job)) return;
  client_.upload_part_copy(request, [this, task = std::move(task), slot](auto result) mutable {
    const std::shared_ptr<CopyJob> job = task.job;
    outcomes_(outcome_of(std::move(task), std::move(result)));
    end_part_request(job);  // after the hand-on: a failure it causes still counts this request
  });
}

}  // namespace s3copy::stages
