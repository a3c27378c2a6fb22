// Whether a multipart source can be copied with one CopyObject: some servers (Ceph radosgw) keep
// the source's multipart ETag on such a copy, and copy by reference; AWS makes a new, plain ETag.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "plan/action.h"
#include "stages/object_ticket.h"

namespace s3copy::stages {

// One per run, shared by the splitter (which asks) and the validator (which tells). The first
// eligible object is copied whole as a trial, and the others wait for its answer: whole copies
// from then on if the server kept the ETag, copies in parts if it made a new one.
class WholeCopyTrial {
 public:
  // `allowed` false: never copy a multipart source whole (AWS, whose answer is known).
  explicit WholeCopyTrial(bool allowed);

  enum class Decision {
    kInParts,     // as planned
    kWhole,       // one CopyObject
    kAfterTrial,  // the object was kept here, its method undecided again, until the trial's answer
  };
  // For `action`, planned as a multipart copy: whether it becomes one CopyObject instead. Only a
  // multipart source no larger than `threshold` (and 5 GB) is eligible.
  // On kAfterTrial it has moved `admitted` (ticket and all) into its waiting list.
  Decision decide(AdmittedAction& admitted, std::uint64_t threshold);

  // The validator's finding from a whole copy: did the copy keep the source's ETag? Returns the
  // objects kept waiting for it, to be split again.
  std::vector<AdmittedAction> learn(bool etag_kept);
  // The trial copy failed for another reason: the next eligible object tries again. Returns the
  // waiting objects as learn() does.
  std::vector<AdmittedAction> trial_inconclusive();

  // Whether a whole copy's ETag answers the question: a plain MD5 where the source had a multipart
  // ETag means the server made a new single-part object (anything else is judged as usual).
  static bool server_made_a_new_etag(const std::string& source_etag, const std::string& copy_etag);

 private:
  enum class State { kUnknown, kTrying, kKeeps, kChanges };
  std::mutex mutex_;
  State state_;
  std::vector<AdmittedAction> waiting_;
};

}  // namespace s3copy::stages
