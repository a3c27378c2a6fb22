// The records that travel from the splitter through part-copier, validator and composer: one
// CopyJob per object, and one CopyTask per request that copies bytes (a whole object or a part).
#include "stages/copy_job.h"

#include "net/log.h"
#include "stages/ledger.h"

namespace s3copy::stages {

void fail_job(const std::shared_ptr<CopyJob>& job, const std::string& why, net::S3Client& client,
              Ledger& ledger) {
  if (job->failed.exchange(true)) return;
  ledger.record_failed(job->action, why);
  if (job->upload_id.empty()) return;
  client.abort_multipart_upload(
      job->action.destination_bucket, job->action.destination_key, job->upload_id,
      [key = job->action.source.key](net::Result<net::Done> aborted) {
        if (!aborted.ok()) {
          net::log_line(net::LogLevel::kWarning, key,
                        "could not abort its multipart upload: " + aborted.error().describe());
        }
      });
}

}  // namespace s3copy::stages
