// What the differ and splitter decided for one object: copy it (how, and why) or skip it (why).
// Carries everything applying it needs, so a saved plan replays without listing again.
#pragma once

#include <cstdint>
#include <string>

#include "plan/object_entry.h"

namespace s3copy::plan {

enum class Verdict { kCopy, kSkip };

enum class CopyMethod {
  kNone,       // skipped objects
  kSimple,     // one CopyObject
  kMultipart,  // CreateMultipartUpload + UploadPartCopy per part + CompleteMultipartUpload
  kStaged,     // the original s3copy's way: each part through part files in a temp area, then
               // a multipart upload composed of them (README "Multipart methods")
};

// Both multipart methods cut the source into parts of part_size bytes.
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
  std::uint64_t part_size = 0;  // kMultipart only

  bool operator==(const Action&) const = default;
};

std::string_view verdict_name(Verdict verdict);
std::string_view method_name(CopyMethod method);

}  // namespace s3copy::plan
