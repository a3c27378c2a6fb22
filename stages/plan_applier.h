// The first stage of --apply-plan: reads a saved plan's copy lines and passes on those whose
// destination does not hold the planned source version yet, so applying twice copies nothing twice.
#pragma once

#include <functional>
#include <optional>

#include "net/s3_client.h"
#include "plan/action.h"
#include "plan/shard.h"
#include "stages/judgement.h"
#include "stages/ledger.h"

namespace s3copy::stages {

struct PlanApplierSettings {
  plan::Shard shard;     // --shard: only lines whose source key this shard owns
  int concurrency = 32;  // destination HEADs in flight (the differ's share of -t)
  bool dry_run = false;  // -n: no HEADs; every copy line owned is passed on (and printed)
  bool staged = false;   // --staged: multipart lines are copied the staged way
};

// What applying a copy line comes to, once the destination has been asked (HeadObject). The
// destination is right when it holds the line's source ETag and size, or records that ETag as
// the one it was copied from (multipart copies); a missing or unreadable destination is copied.
Judgement judge_applied_line(const plan::Action& line,
                             const net::Result<net::ObjectHead>& destination);

// Reads lines with `next_line` until nullopt. Each copy line the shard owns is admitted into the
// ledger, judged with a HEAD of its destination through `destination_reader`, and recorded as
// skipped or handed to `copies` with its planned method and part size; the source ETag it pins
// makes the copy stages refuse a source that changed since. Skip lines are passed over: the
// plan's decision stands, and they are not counted. A line that cannot be read fails the job
// through the ledger. Returns once every HEAD started has been answered. Lines are read on the
// calling thread; the HEADs' continuations (skip or `copies`) run on event-loop threads.
void apply_plan_lines(const std::function<std::optional<plan::Action>()>& next_line,
                      const PlanApplierSettings& settings, net::S3Client& destination_reader,
                      Ledger& ledger, const CopyDecisions& copies);

}  // namespace s3copy::stages
