// The one rule for "the destination already holds this source version", which the differ, the
// plan applier and cleanup all apply to a destination's HeadObject answer.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "plan/object_entry.h"

namespace s3copy::plan {

// What a destination object's HEAD says, as far as the rule needs it.
struct DestinationVersion {
  std::uint64_t size = 0;
  std::string etag;
  const std::map<std::string, std::string>* user_metadata = nullptr;  // x-amz-meta-*, may be null
};

enum class UpToDate {
  kNo,                  // missing pieces, another size, or another ETag with none recorded
  kSameEtag,            // same size and the source's own ETag
  kRecordedSourceEtag,  // same size, and s3copy recorded the source ETag it was copied from
};

// A destination holds a source version only with the source's size and either the source's ETag
// or that ETag recorded in kSourceEtagMetadata. Size is required in every case: an ETag that is
// not an MD5 (multipart, SSE-KMS, SSE-C) proves nothing about length. An empty source ETag proves
// nothing at all.
UpToDate destination_holds(const ObjectEntry& source, const DestinationVersion& destination);

// The reason a skip line gives for kSameEtag or kRecordedSourceEtag ("" for kNo).
std::string_view skip_reason(UpToDate held);

}  // namespace s3copy::plan
