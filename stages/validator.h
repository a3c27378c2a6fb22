// The validator stage: judges every copy S3 reported — ETag against the source's, part answers
// against what was asked — and sends mismatches back to the part-copier for a bounded retry.
#pragma once

#include <functional>
#include <memory>

#include "net/s3_client.h"
#include "stages/copy_job.h"
#include "stages/ledger.h"
#include "stages/stage_worker.h"
#include "stages/whole_copy_trial.h"

namespace s3copy::stages {

// What a whole-object copy's answer means, judged without further requests.
enum class CopyVerdict {
  kGood,         // the copy's ETag is the source's
  kCheckSource,  // ETags differ: did the source change, is its ETag not an MD5, or is the copy bad?
  kSourceChanged,  // 412: the source no longer has the listed ETag
  kFailed,         // S3 refused for good (the client already retried what was transient)
};
CopyVerdict judge_copy(const plan::Action& action, const CopyOutcome& outcome);

struct ValidatorSettings {
  int max_attempts = 3;  // copies of one task before a mismatch is a failure
};

class Validator {
 public:
  // `client` reads the source (primary credentials); `destination_reader` the destination.
  // Mismatched copies go back through `retry`; multipart objects whose parts are all good go on
  // through `compose`. Whole copies of multipart sources tell `trial` what the server did, and
  // go back to the splitter through `split_again` when it made a new ETag.
  Validator(ValidatorSettings settings, net::S3Client& client, net::S3Client& destination_reader,
            Ledger& ledger, WholeCopyTrial& trial, std::function<void(CopyTask)> retry,
            std::function<void(std::shared_ptr<CopyJob>)> compose, CopyDecisions split_again);

  // Runs on the validator's worker thread. Answers judged without a request end there; a HEAD's
  // continuation, and what it calls (`retry`, `compose`, `split_again`, the ledger), runs on an
  // event-loop thread.
  void check(CopyOutcome outcome, StageSlot slot);

 private:
  void check_object(CopyOutcome outcome, StageSlot slot);
  // A whole copy of a multipart source: true when it was handled here (copied in parts instead).
  bool settled_whole_copy_trial(const CopyOutcome& outcome, CopyVerdict verdict);
  void check_part(CopyOutcome outcome);
  void investigate_mismatch(CopyOutcome outcome, StageSlot slot);
  void confirm_by_size(const std::shared_ptr<CopyJob>& job, StageSlot slot);
  void retry_or_fail(CopyTask task, const std::string& problem);

  const ValidatorSettings settings_;
  net::S3Client& client_;
  net::S3Client& destination_reader_;
  Ledger& ledger_;
  WholeCopyTrial& trial_;
  std::function<void(CopyTask)> retry_;
  std::function<void(std::shared_ptr<CopyJob>)> compose_;
  CopyDecisions split_again_;
};

}  // namespace s3copy::stages
