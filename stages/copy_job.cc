// The records that travel from the splitter through part-copier, validator and composer: one
// CopyJob per object, and one CopyTask per request that copies bytes (a whole object or a part).
#include "stages/copy_job.h"

#include "net/log.h"
#include "stages/ledger.h"

namespace s3copy::stages {

void fail_job(const std::shared_ptr<CopyJob>& job, const std::string& why, net::S3Client& client,
              Ledger& ledger) {
  if (job->failed.exchange(true)) return;
  if (job->upload_id.empty()) {
    ledger.record_failed(job->action, why);
    return;
  }
  // The object stays in flight until the abort is answered, so the run cannot end (and its
  // clients go away) while the abort is still on the wire.
  client.abort_multipart_upload(
      job->action.destination_bucket, job->action.destination_key, job->upload_id,
      [job, why, &ledger](net::Result<net::Done> aborted) {
        std::string reason = why;
        if (!aborted.ok()) {
          reason += "; its multipart upload " + job->upload_id +
                    " could not be aborted: " + aborted.error().describe();
        }
        ledger.record_failed(job->action, reason);
      });
}

}  // namespace s3copy::stages
