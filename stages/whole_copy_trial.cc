// Whether a multipart source can be copied with one CopyObject: some servers (Ceph radosgw) keep
// the source's multipart ETag on such a copy, and copy by reference; AWS makes a new, plain ETag.
#include "stages/whole_copy_trial.h"

#include <utility>

#include "plan/object_entry.h"
#include "plan/s3_limits.h"

namespace s3copy::stages {

WholeCopyTrial::WholeCopyTrial(bool allowed)
    : state_(allowed ? State::kUnknown : State::kChanges) {}

WholeCopyTrial::Decision WholeCopyTrial::decide(AdmittedAction& admitted, std::uint64_t threshold) {
  plan::Action& action = admitted.action;
  const bool eligible = action.method == plan::CopyMethod::kMultipart &&
                        plan::is_multipart_etag(action.source.etag) &&
                        action.source.size <= std::min(threshold, plan::kMaxSingleCopyBytes);
  if (!eligible) return Decision::kInParts;
  std::lock_guard lock(mutex_);
  switch (state_) {
    case State::kUnknown:
      state_ = State::kTrying;
      return Decision::kWhole;
    case State::kTrying:
      action.method = plan::CopyMethod::kNone;  // chosen again when it comes back
      action.part_size = 0;
      waiting_.push_back(std::move(admitted));
      return Decision::kAfterTrial;
    case State::kKeeps:
      return Decision::kWhole;
    case State::kChanges:
      break;
  }
  return Decision::kInParts;
}

std::vector<AdmittedAction> WholeCopyTrial::learn(bool etag_kept) {
  std::lock_guard lock(mutex_);
  state_ = etag_kept ? State::kKeeps : State::kChanges;
  return std::exchange(waiting_, {});
}

std::vector<AdmittedAction> WholeCopyTrial::trial_inconclusive() {
  std::lock_guard lock(mutex_);
  if (state_ == State::kTrying) state_ = State::kUnknown;
  return std::exchange(waiting_, {});
}

bool WholeCopyTrial::server_made_a_new_etag(const std::string& source_etag,
                                            const std::string& copy_etag) {
  return plan::is_multipart_etag(source_etag) && !plan::is_multipart_etag(copy_etag);
}

}  // namespace s3copy::stages
