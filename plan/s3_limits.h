// S3's documented limits on copies and multipart uploads, in one place: the splitter, the part
// layout parser and the command line all enforce the same numbers.
#pragma once

#include <cstdint>

namespace s3copy::plan {

inline constexpr std::uint64_t kMiB = 1ull << 20;
inline constexpr std::uint64_t kGiB = 1ull << 30;

// CopyObject copies at most 5 GiB (5,368,709,120 bytes); S3 refuses more and some servers silently
// accept it, so s3copy enforces the limit itself.
inline constexpr std::uint64_t kMaxSingleCopyBytes = 5 * kGiB;
// One part of a multipart upload: 5 MiB to 5 GiB (the last part may be smaller), at most 10,000.
inline constexpr std::uint64_t kMinPartBytes = 5 * kMiB;
inline constexpr std::uint64_t kMaxPartBytes = 5 * kGiB;
inline constexpr int kMaxParts = 10'000;

}  // namespace s3copy::plan
