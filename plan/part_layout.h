// How a multipart object is cut into parts: the part sizes tools commonly use, the ones consistent
// with an object's size and part count, and the byte range of each part of a layout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace s3copy::plan {

// The parts of an object: uniform (part_size bytes each, the last one shorter when the size is
// not a multiple), or of explicit sizes (uneven uploads, as HEAD ?partNumber=K reports them).
class PartLayout {
 public:
  static PartLayout uniform(std::uint64_t size, std::uint64_t part_size);
  // nullopt unless every size is at least one byte; a list that a uniform layout describes
  // gives that uniform layout.
  static std::optional<PartLayout> of_sizes(const std::vector<std::uint64_t>& sizes);

  int part_count() const;
  std::uint64_t first_byte(int part_number) const;  // part_number from 1
  std::uint64_t last_byte(int part_number) const;   // inclusive
  std::uint64_t size() const { return size_; }
  bool is_uniform() const { return ends_.empty(); }
  std::uint64_t part_size() const { return part_size_; }  // the first part's, when uneven
  std::vector<std::uint64_t> sizes() const;               // every part's size

 private:
  std::uint64_t size_ = 0;
  std::uint64_t part_size_ = 0;
  std::vector<std::uint64_t> ends_;  // uneven only: each part's end offset (exclusive)
};

// Uneven sizes as plan lines write them, runs shortened: "8388608x2,3222784".
std::string format_part_sizes(const std::vector<std::uint64_t>& sizes);
// The sizes of such a text; nullopt when it is not one.
std::optional<std::vector<std::uint64_t>> parse_part_sizes(std::string_view text);

// Part sizes that cut `size` bytes into exactly `parts` uniform parts, most likely first: the
// defaults of common tools (aws-cli 8 MiB and its doublings, boto3 and SDKs 5 and 8 MiB, s3cmd
// 15 MiB, rclone 5 MiB, s3copy 64 MiB, 16 MiB, 100 MB, 128 MiB, ...), then an even split. Empty
// when no uniform layout fits. A guess, not knowledge: the ETag of the copied parts confirms it.
std::vector<std::uint64_t> candidate_part_sizes(std::uint64_t size, int parts);

}  // namespace s3copy::plan
