// The differ stage: merge-joins the sorted source and destination listings in constant memory and
// decides per object: copy (missing or changed) or skip (same). It never deletes anything.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "net/s3_client.h"
#include "plan/action.h"
#include "plan/object_entry.h"
#include "stages/channel.h"
#include "stages/judgement.h"
#include "stages/ledger.h"
#include "stages/lister.h"

namespace s3copy::stages {

// From the listings alone. Same size and same ETag is the same object; same size and another ETag
// needs the destination's recorded source ETag (kAskDestination) before it can be called changed.
Judgement compare_listed(const plan::ObjectEntry& source,
                         const std::optional<plan::ObjectEntry>& destination);
// kAskDestination is then settled by compare_recorded (stages/judgement.h).

struct DifferSettings {
  std::string source_bucket;
  std::string destination_bucket;
  std::function<std::string(const std::string& source_key)> destination_key_of;
  int concurrency = 32;  // destination HEADs in flight
};

class Differ {
 public:
  // Copy decisions go to `copies`; skips are recorded in the ledger.
  Differ(DifferSettings settings, net::S3Client& destination_reader, Ledger& ledger,
         CopyDecisions copies);
  ~Differ();

  // Listing mode: admits each source object into the ledger, then judges it against the
  // destination entry with the same source key, if any. Both channels are in key order.
  // Both modes run on the calling thread; a decision that needs a destination HEAD is made, and
  // handed to `copies` or the ledger, on an event-loop thread.
  void join(Channel<plan::ObjectEntry>& source, Channel<plan::ObjectEntry>& destination);

  // Named-keys mode (-f, -F): the lister already admitted and looked up each object.
  void judge_named(Channel<NamedObject>& named);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s3copy::stages
