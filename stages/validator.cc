// The validator stage: judges every copy S3 reported — ETag against the source's, part answers
// against what was asked — and sends mismatches back to the part-copier for a bounded retry.
#include "stages/validator.h"

#include "net/log.h"
#include "plan/etag.h"
#include "plan/object_entry.h"

namespace s3copy::stages {

CopyVerdict judge_copy(const plan::Action& action, const CopyOutcome& outcome) {
  if (!outcome.result) {
    return outcome.error.http_status == 412 ? CopyVerdict::kSourceChanged : CopyVerdict::kFailed;
  }
  return outcome.result->etag == action.source.etag ? CopyVerdict::kGood
                                                    : CopyVerdict::kCheckSource;
}

Validator::Validator(ValidatorSettings settings, net::S3Client& client,
                     net::S3Client& destination_reader, Ledger& ledger, WholeCopyTrial& trial,
                     std::function<void(CopyTask)> retry,
                     std::function<void(std::shared_ptr<CopyJob>)> compose,
                     CopyDecisions split_again)
    : settings_(settings),
      client_(client),
      destination_reader_(destination_reader),
      ledger_(ledger),
      trial_(trial),
      retry_(std::move(retry)),
      compose_(std::move(compose)),
      split_again_(std::move(split_again)) {}

void Validator::check(CopyOutcome outcome, StageSlot slot) {
  if (outcome.task.part_number == 0) {
    check_object(std::move(outcome), std::move(slot));
  } else {
    check_part(std::move(outcome));
  }
}

void Validator::check_object(CopyOutcome outcome, StageSlot slot) {
  const std::shared_ptr<CopyJob>& job = outcome.task.job;
  const CopyVerdict verdict = judge_copy(job->action, outcome);
  if (plan::is_multipart_etag(job->action.source.etag) &&
      settled_whole_copy_trial(outcome, verdict)) {
    return;
  }
  switch (verdict) {
    case CopyVerdict::kGood:
      ledger_.record_copied(std::move(job->ticket), job->action);
      return;
    case CopyVerdict::kSourceChanged:
      fail_job(job,
               "the source changed since it was listed (S3 refused the ETag pin); " +
                   std::string(kCopyTheNewVersion),
               client_, ledger_);
      return;
    case CopyVerdict::kFailed:
      fail_job(job, outcome.error.describe(), client_, ledger_);
      return;
    case CopyVerdict::kCheckSource:
      investigate_mismatch(std::move(outcome), std::move(slot));
      return;
  }
}

bool Validator::settled_whole_copy_trial(const CopyOutcome& outcome, CopyVerdict verdict) {
  const plan::Action& action = outcome.task.job->action;
  const bool new_etag =
      verdict == CopyVerdict::kCheckSource &&
      WholeCopyTrial::server_made_a_new_etag(action.source.etag, outcome.result->etag);
  std::vector<AdmittedAction> waiting;
  if (verdict == CopyVerdict::kGood || new_etag) {
    waiting = trial_.learn(verdict == CopyVerdict::kGood);
  } else {
    waiting = trial_.trial_inconclusive();
  }
  for (AdmittedAction& waited : waiting) split_again_(std::move(waited));
  if (!new_etag) return false;
  net::log_line(net::LogLevel::kInfo, action.source.key,
                "the server gave the whole copy a new ETag: copying it again in parts, which keep "
                "the source's");
  AdmittedAction in_parts{action, std::move(outcome.task.job->ticket)};
  // The splitter chooses again, now without the trial.
  in_parts.action.method = plan::CopyMethod::kNone;
  split_again_(std::move(in_parts));
  return true;
}

// The copy's ETag is not the listed one. Either the source changed (a server that ignores the
// ETag pin copied the new version), its ETag is not an MD5 (SSE-KMS, SSE-C), or the copy is bad.
void Validator::investigate_mismatch(CopyOutcome outcome, StageSlot slot) {
  auto job = outcome.task.job;
  const std::string copied_etag = outcome.result->etag;
  const bool encrypted = plan::etag_is_not_an_md5(outcome.result->server_side_encryption);
  client_.head_object(
      job->action.source_bucket, job->action.source.key, std::nullopt,
      [this, outcome = std::move(outcome), copied_etag, encrypted, slot](auto head) mutable {
        const auto& job = outcome.task.job;
        if (!head.ok()) {
          return fail_job(job, "cannot re-read the source: " + head.error().describe(), client_,
                          ledger_);
        }
        if (head.value().etag != job->action.source.etag) {
          return fail_job(job,
                          "the source changed since it was listed (ETag " +
                              job->action.source.etag + " then, " + head.value().etag + " now); " +
                              std::string(kCopyTheNewVersion),
                          client_, ledger_);
        }
        if (encrypted || plan::etag_is_not_an_md5(head.value().server_side_encryption)) {
          return confirm_by_size(job, slot);
        }
        // Built before the call: the task (and with it `job`) is moved into the call.
        std::string problem =
            "the copy's ETag " + copied_etag + " is not the source's " + job->action.source.etag;
        retry_or_fail(std::move(outcome.task), problem);
      });
}

// Encrypted objects have ETags that are not MD5s: the size is what can still be compared.
void Validator::confirm_by_size(const std::shared_ptr<CopyJob>& job, StageSlot slot) {
  destination_reader_.head_object(
      job->action.destination_bucket, job->action.destination_key, std::nullopt,
      [this, job, slot](auto head) {
        if (head.ok() && head.value().content_length == job->action.source.size) {
          job->action.reason += " (encrypted: size verified)";
          ledger_.record_copied(std::move(job->ticket), job->action);
        } else {
          fail_job(job, head.ok() ? "the copy has the wrong size" : head.error().describe(),
                   client_, ledger_);
        }
      });
}

void Validator::retry_or_fail(CopyTask task, const std::string& problem) {
  if (task.attempt >= settings_.max_attempts) {
    fail_job(task.job, problem + " after " + std::to_string(task.attempt) + " attempts", client_,
             ledger_);
    return;
  }
  net::log_line(net::LogLevel::kWarning, task.job->action.source.key, problem + ": copying again");
  ++task.attempt;
  retry_(std::move(task));
}

void Validator::check_part(CopyOutcome outcome) {
  const std::shared_ptr<CopyJob>& job = outcome.task.job;
  if (job->failed.load()) return;
  if (!outcome.result) {
    const bool changed = outcome.error.http_status == 412;
    fail_job(
        job,
        "part " + std::to_string(outcome.task.part_number) + ": " +
            (changed ? "the source changed since it was listed; " + std::string(kCopyTheNewVersion)
                     : outcome.error.describe()),
        client_, ledger_);
    return;
  }
  if (outcome.result->etag.empty()) {
    std::string problem =
        "part " + std::to_string(outcome.task.part_number) + " came back without an ETag";
    retry_or_fail(std::move(outcome.task), problem);
    return;
  }
  if (outcome.task.part_file &&
      !plan::matches_temp_file(outcome.result->etag, outcome.task.part_file->temp_etag)) {
    std::string problem = "part " + std::to_string(outcome.task.part_number) + "'s copy (ETag " +
                          outcome.result->etag + ") does not match its temp file's ETag " +
                          outcome.task.part_file->temp_etag;
    retry_or_fail(std::move(outcome.task), problem);
    return;
  }
  const net::ByteRange& range = *outcome.task.range;
  job->parts[static_cast<size_t>(outcome.task.part_number - 1)] =
      net::PartInfo{.part_number = outcome.task.part_number,
                    .etag = outcome.result->etag,
                    .size = range.last - range.first + 1};
  ledger_.count_parts(1, 0);
  // The last part to arrive hands the object on; the atomic orders the other parts' writes.
  if (job->parts_remaining.fetch_sub(1) == 1) compose_(job);
}

}  // namespace s3copy::stages
