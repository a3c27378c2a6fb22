// A stage's copy-or-skip decision for one object, and the one rule that turns a destination's
// HeadObject answer into it: shared by the differ and the plan applier.
#include "stages/judgement.h"

#include "plan/up_to_date.h"

namespace s3copy::stages {

Judgement compare_recorded(const plan::ObjectEntry& source, const net::ObjectHead& destination) {
  const plan::UpToDate held =
      plan::destination_holds(source, {.size = destination.content_length,
                                       .etag = destination.etag,
                                       .user_metadata = &destination.user_metadata});
  if (held == plan::UpToDate::kNo) return {Comparison::kCopy, "ETag differs"};
  return {Comparison::kSkip, std::string(plan::skip_reason(held))};
}

}  // namespace s3copy::stages
