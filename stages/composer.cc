// The composer stage: completes each multipart copy from its validated parts, checks the result
// (size, and the ETag that the part ETags imply) and records the object's outcome.
#include "stages/composer.h"

#include "plan/etag.h"

namespace s3copy::stages {

namespace {

std::string etag_implied_by(const std::vector<net::PartInfo>& parts) {
  std::vector<std::string> part_etags;
  for (const net::PartInfo& part : parts) part_etags.push_back(part.etag);
  return plan::multipart_etag(part_etags);
}

}  // namespace

Composer::Composer(net::S3Client& client, net::S3Client& destination_reader, Ledger& ledger)
    : client_(client), destination_reader_(destination_reader), ledger_(ledger) {}

void Composer::compose(std::shared_ptr<CopyJob> job, StageSlot slot) {
  client_.complete_multipart_upload(
      job->action.destination_bucket, job->action.destination_key, job->upload_id, job->parts,
      [this, job, slot](net::Result<net::CompleteResult> completed) {
        if (completed.ok()) {
          job->upload_id.clear();  // completed: nothing left to abort
          return verify(job, completed.value().etag, slot);
        }
        if (completed.error().code == "NoSuchUpload") {
          return check_completed_anyway(job, completed.error(), slot);
        }
        fail_job(job, "cannot complete the multipart upload: " + completed.error().describe(),
                 client_, ledger_);
      });
}

// A completion whose answer was lost is sent again by the client, and then finds no upload: it
// did complete. The object at the destination tells, by its size and the ETag its parts imply.
void Composer::check_completed_anyway(const std::shared_ptr<CopyJob>& job,
                                      const net::S3Error& error, StageSlot slot) {
  job->upload_id.clear();  // no such upload: nothing to abort
  destination_reader_.head_object(
      job->action.destination_bucket, job->action.destination_key, std::nullopt,
      [this, job, error, slot](net::Result<net::ObjectHead> head) {
        const std::string expected = etag_implied_by(job->parts);
        if (head.ok() && head.value().content_length == job->action.source.size &&
            !expected.empty() && head.value().etag == expected) {
          job->action.reason += ", completed (the first answer to the completion was lost)";
          return record_composed(job, head.value().etag);
        }
        fail_job(job, "cannot complete the multipart upload: " + error.describe(), client_,
                 ledger_);
      });
}

// Reads the new object back: some servers (radosgw) answer CompleteMultipartUpload with an empty
// ETag, and the size is only known for sure from the object itself.
void Composer::verify(const std::shared_ptr<CopyJob>& job, const std::string& completed_etag,
                      StageSlot slot) {
  destination_reader_.head_object(
      job->action.destination_bucket, job->action.destination_key, std::nullopt,
      [this, job, completed_etag, slot](net::Result<net::ObjectHead> head) {
        if (!head.ok()) {
          return fail_job(job, "cannot read the completed copy: " + head.error().describe(),
                          client_, ledger_);
        }
        const std::string expected = etag_implied_by(job->parts);
        const std::string& actual = head.value().etag;
        if (head.value().content_length != job->action.source.size) {
          return fail_job(job,
                          "the completed copy has " + std::to_string(head.value().content_length) +
                              " bytes, not " + std::to_string(job->action.source.size),
                          client_, ledger_);
        }
        if (!expected.empty() && actual != expected && completed_etag != expected) {
          return fail_job(job,
                          "the completed copy's ETag " + actual + " is not the " + expected +
                              " its parts imply",
                          client_, ledger_);
        }
        record_composed(job, actual);
      });
}

void Composer::record_composed(const std::shared_ptr<CopyJob>& job, const std::string& etag) {
  job->action.reason += etag == job->action.source.etag
                            ? ", same ETag as the source"
                            : ", source ETag recorded in x-amz-meta-s3copy-source-etag";
  ledger_.record_copied(std::move(job->ticket), job->action);
}

}  // namespace s3copy::stages
