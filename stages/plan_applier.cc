// The first stage of --apply-plan: reads a saved plan's copy lines and passes on those whose
// destination does not hold the planned source version yet, so applying twice copies nothing twice.
#include "stages/plan_applier.h"

#include <memory>

#include "net/log.h"
#include "stages/semaphore.h"

namespace s3copy::stages {
namespace {

// The line as it goes on: --staged turns the plan's multipart copies into staged ones, in the
// same parts.
plan::Action with_requested_method(plan::Action line, bool staged) {
  if (staged && line.method == plan::CopyMethod::kMultipart)
    line.method = plan::CopyMethod::kStaged;
  return line;
}

// Reads the next line; an unreadable one (a plan changed since it was checked) ends the job.
std::optional<plan::Action> next_or_fail(
    const std::function<std::optional<plan::Action>()>& next_line, Ledger& ledger) {
  try {
    return next_line();
  } catch (const std::exception& e) {
    ledger.fail_job(e.what());
    return std::nullopt;
  }
}

}  // namespace

Judgement judge_applied_line(const plan::Action& line,
                             const net::Result<net::ObjectHead>& destination) {
  if (destination.ok()) {
    const Judgement recorded = compare_recorded(line.source, destination.value());
    if (recorded.comparison == Comparison::kSkip) return recorded;
    return {Comparison::kCopy, line.reason};
  }
  if (destination.error().http_status == 404) return {Comparison::kCopy, line.reason};
  // A destination that cannot be read is copied: copying again is safe, skipping might not be.
  return {Comparison::kCopy,
          line.reason + "; destination unreadable (" + destination.error().describe() + ")"};
}

void apply_plan_lines(const std::function<std::optional<plan::Action>()>& next_line,
                      const PlanApplierSettings& settings, net::S3Client& destination_reader,
                      Ledger& ledger, const CopyDecisions& copies) {
  const int concurrency = std::max(1, settings.concurrency);
  auto head_slots = std::make_shared<Semaphore>(concurrency);
  while (std::optional<plan::Action> line = next_or_fail(next_line, ledger)) {
    if (ledger.job_failed()) break;
    if (line->verdict != plan::Verdict::kCopy || !plan::owns(settings.shard, line->source.key)) {
      continue;
    }
    ObjectTicket ticket = ledger.admit(line->source_bucket, line->source.key, line->source.size);
    AdmittedAction admitted{with_requested_method(std::move(*line), settings.staged),
                            std::move(ticket)};
    if (settings.dry_run) {
      copies(std::move(admitted));
      continue;
    }
    head_slots->wait();
    const std::string bucket = admitted.action.destination_bucket;
    const std::string key = admitted.action.destination_key;
    // Shared: the callback must be copyable, the ticket is not.
    auto held = std::make_shared<AdmittedAction>(std::move(admitted));
    destination_reader.head_object(
        bucket, key, std::nullopt,
        [&ledger, &copies, held, head_slots](net::Result<net::ObjectHead> head) {
          plan::Action& action = held->action;
          const Judgement judgement = judge_applied_line(action, head);
          action.reason = judgement.reason;
          if (judgement.comparison == Comparison::kSkip) {
            action.verdict = plan::Verdict::kSkip;
            action.method = plan::CopyMethod::kNone;
            ledger.record_skipped(std::move(held->ticket), action);
          } else {
            copies(std::move(*held));
          }
          head_slots->signal();
        });
  }
  // Every HEAD still in flight finishes before the copy stages may be told that listing is over.
  for (int i = 0; i < concurrency; ++i) head_slots->wait();
}

}  // namespace s3copy::stages
