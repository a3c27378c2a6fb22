// A stage's copy-or-skip decision for one object, and the one rule that turns a destination's
// HeadObject answer into it: shared by the differ and the plan applier.
#pragma once

#include <string>

#include "net/s3_types.h"
#include "plan/object_entry.h"

namespace s3copy::stages {

enum class Comparison { kCopy, kSkip, kAskDestination };

struct Judgement {
  Comparison comparison;
  std::string reason;
};

// With the destination's HeadObject answer: does it hold `source` already (plan::destination_holds:
// same size and ETag, or the source ETag a copy recorded)? kSkip with the reason, else kCopy.
Judgement compare_recorded(const plan::ObjectEntry& source, const net::ObjectHead& destination);

}  // namespace s3copy::stages
