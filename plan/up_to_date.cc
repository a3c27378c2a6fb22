// The one rule for "the destination already holds this source version", which the differ, the
// plan applier and cleanup all apply to a destination's HeadObject answer.
#include "plan/up_to_date.h"

#include "plan/etag.h"

namespace s3copy::plan {

UpToDate destination_holds(const ObjectEntry& source, const DestinationVersion& destination) {
  if (source.etag.empty() || destination.size != source.size) return UpToDate::kNo;
  if (destination.etag == source.etag) return UpToDate::kSameEtag;
  if (!destination.user_metadata) return UpToDate::kNo;
  const auto recorded = destination.user_metadata->find(std::string(kSourceEtagMetadata));
  if (recorded != destination.user_metadata->end() && recorded->second == source.etag) {
    return UpToDate::kRecordedSourceEtag;
  }
  return UpToDate::kNo;
}

std::string_view skip_reason(UpToDate held) {
  switch (held) {
    case UpToDate::kSameEtag:
      return "same size and ETag";
    case UpToDate::kRecordedSourceEtag:
      return "copy of this source ETag recorded";
    case UpToDate::kNo:
      break;
  }
  return "";
}

}  // namespace s3copy::plan
