// How a multipart object is cut into parts: the part sizes tools commonly use, the ones consistent
// with an object's size and part count, and the byte range of each part of a uniform layout.
#pragma once

#include <cstdint>
#include <vector>

namespace s3copy::plan {

// Parts of `part_size` bytes each, the last one shorter when the size is not a multiple.
struct UniformLayout {
  std::uint64_t size = 0;
  std::uint64_t part_size = 0;

  int part_count() const;
  std::uint64_t first_byte(int part_number) const;  // part_number from 1
  std::uint64_t last_byte(int part_number) const;   // inclusive
};

// Part sizes that cut `size` bytes into exactly `parts` uniform parts, most likely first: the
// defaults of common tools (aws-cli 8 MiB and its doublings, boto3 and SDKs 5 and 8 MiB, s3cmd
// 15 MiB, rclone 5 MiB, s3copy 64 MiB, 16 MiB, 100 MB, 128 MiB, ...), then an even split. Empty
// when no uniform layout fits. A guess, not knowledge: the ETag of the copied parts confirms it.
std::vector<std::uint64_t> candidate_part_sizes(std::uint64_t size, int parts);

}  // namespace s3copy::plan
