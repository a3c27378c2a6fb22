// What the differ and splitter decided for one object: copy it (how, and why) or skip it (why).
// Carries everything applying it needs, so a saved plan replays without listing again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/object_entry.h"
#include "plan/part_layout.h"

namespace s3copy::plan {

enum class Verdict { kCopy, kSkip };

enum class CopyMethod {
  kNone,       // skipped objects
  kSimple,     // one CopyObject
  kMultipart,  // CreateMultipartUpload + UploadPartCopy per part + CompleteMultipartUpload
  kStaged,     // the original s3copy's way: each part through part files in a temp area, then
               // a multipart upload composed of them (README "Multipart methods")
};

// Both multipart methods cut the source into parts (layout_of below).
constexpr bool copies_in_parts(CopyMethod method) {
  return method == CopyMethod::kMultipart || method == CopyMethod::kStaged;
}

struct Action {
  Verdict verdict = Verdict::kCopy;
  CopyMethod method = CopyMethod::kNone;
  std::string reason;  // "new", "size differs", "same ETag", ... (no tabs or newlines)
  std::string source_bucket;
  ObjectEntry source;  // key, size and the ETag the copy is pinned to
  std::string destination_bucket;
  std::string destination_key;
  std::uint64_t part_size = 0;  // the multipart methods only
  // Uneven source layouts only (as HEAD ?partNumber=K reported them): every part's size. Empty
  // when the parts are part_size bytes each.
  std::vector<std::uint64_t> part_sizes;

  bool operator==(const Action&) const = default;
};

// The parts a multipart copy of `action` is cut into.
inline PartLayout layout_of(const Action& action) {
  if (action.part_sizes.empty()) return PartLayout::uniform(action.source.size, action.part_size);
  return *PartLayout::of_sizes(action.part_sizes);
}

std::string_view verdict_name(Verdict verdict);
std::string_view method_name(CopyMethod method);

}  // namespace s3copy::plan
