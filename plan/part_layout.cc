// How a multipart object is cut into parts: the part sizes tools commonly use, the ones consistent
// with an object's size and part count, and the byte range of each part of a uniform layout.
#include "plan/part_layout.h"

#include <algorithm>

namespace s3copy::plan {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr std::uint64_t kMB = 1'000'000;

// In order of how often uploads use them.
constexpr std::uint64_t kCommonPartSizes[] = {
    8 * kMiB,  5 * kMiB,  16 * kMiB, 15 * kMiB,  64 * kMiB,  100 * kMB,  128 * kMiB, 10 * kMiB,
    32 * kMiB, 50 * kMiB, 25 * kMiB, 100 * kMiB, 256 * kMiB, 512 * kMiB, 20 * kMiB,  1024 * kMiB,
    6 * kMiB,  7 * kMiB,  12 * kMiB, 24 * kMiB,  48 * kMiB,  96 * kMiB,  200 * kMiB, 5 * kMB,
    8 * kMB,   10 * kMB,  16 * kMB,  50 * kMB,   64 * kMB,   128 * kMB,  250 * kMB,  500 * kMB,
};

bool cuts_into(std::uint64_t size, std::uint64_t part_size, int parts) {
  return part_size > 0 && UniformLayout{size, part_size}.part_count() == parts;
}

}  // namespace

int UniformLayout::part_count() const {
  if (size == 0 || part_size == 0) return 1;
  return static_cast<int>((size + part_size - 1) / part_size);
}

std::uint64_t UniformLayout::first_byte(int part_number) const {
  return static_cast<std::uint64_t>(part_number - 1) * part_size;
}

std::uint64_t UniformLayout::last_byte(int part_number) const {
  return std::min(size, first_byte(part_number) + part_size) - 1;
}

std::vector<std::uint64_t> candidate_part_sizes(std::uint64_t size, int parts) {
  std::vector<std::uint64_t> candidates;
  auto consider = [&](std::uint64_t part_size) {
    if (cuts_into(size, part_size, parts) &&
        std::find(candidates.begin(), candidates.end(), part_size) == candidates.end()) {
      candidates.push_back(part_size);
    }
  };
  if (parts == 1) consider(size);  // one part holds everything, whatever the tool's part size
  for (std::uint64_t part_size : kCommonPartSizes) consider(part_size);
  // aws-cli doubles its 8 MiB chunk until the upload fits in 10,000 parts.
  for (std::uint64_t part_size = 16 * kMiB; part_size <= (5ull << 30); part_size *= 2) {
    consider(part_size);
  }
  // An even split, rounded up to a MiB and to a byte.
  if (parts > 0) {
    const std::uint64_t even = (size + parts - 1) / static_cast<std::uint64_t>(parts);
    consider((even + kMiB - 1) / kMiB * kMiB);
    consider(even);
  }
  return candidates;
}

}  // namespace s3copy::plan
