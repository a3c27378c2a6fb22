// The records that travel from the splitter through part-copier, validator and composer: one
// CopyJob per object, and one CopyTask per request that copies bytes (a whole object or a part).
#include "stages/copy_job.h"

#include "net/log.h"
#include "stages/ledger.h"

namespace s3copy::stages {

namespace {

constexpr int kFailed = 1;
constexpr int kOneRequest = 2;

// Runs the failure's epilogue (abort, ledger) once, when the job has failed and no part request
// of it is on the wire any more.
void finish_if_settled(const std::shared_ptr<CopyJob>& job, int state_after) {
  if (state_after != kFailed || job->failure_finished.exchange(true)) return;
  auto finish = std::move(job->finish_failure);
  finish(job);
}

}  // namespace

bool begin_part_request(const std::shared_ptr<CopyJob>& job) {
  const int before = job->flight_state.fetch_add(kOneRequest);
  if ((before & kFailed) == 0) return true;
  end_part_request(job);
  return false;
}

void end_part_request(const std::shared_ptr<CopyJob>& job) {
  finish_if_settled(job, job->flight_state.fetch_sub(kOneRequest) - kOneRequest);
}

void fail_job(const std::shared_ptr<CopyJob>& job, const std::string& why, net::S3Client& client,
              Ledger& ledger) {
  if (job->failed.exchange(true)) return;
  // A failed job holds no splitter slot: its late parts may then end anywhere (even in a channel
  // that is closed for good) without keeping the splitter's worker from finishing.
  job->splitter_slot.reset();
  job->finish_failure = [why, &client, &ledger](const std::shared_ptr<CopyJob>& job) {
    if (job->upload_id.empty()) {
      ledger.record_failed(std::move(job->ticket), job->action, why);
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
          ledger.record_failed(std::move(job->ticket), job->action, reason);
        });
  };
  finish_if_settled(job, job->flight_state.fetch_or(kFailed) | kFailed);
}

}  // namespace s3copy::stages
