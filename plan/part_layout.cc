// How a multipart object is cut into parts: the part sizes tools commonly use, the ones consistent
// with an object's size and part count, and the byte range of each part of a layout.
#include "plan/part_layout.h"

#include <algorithm>
#include <charconv>

#include "plan/s3_limits.h"

namespace s3copy::plan {
namespace {

constexpr std::uint64_t kMB = 1'000'000;

// In order of how often uploads use them.
constexpr std::uint64_t kCommonPartSizes[] = {
    8 * kMiB,  5 * kMiB,  16 * kMiB, 15 * kMiB,  64 * kMiB,  100 * kMB,  128 * kMiB, 10 * kMiB,
    32 * kMiB, 50 * kMiB, 25 * kMiB, 100 * kMiB, 256 * kMiB, 512 * kMiB, 20 * kMiB,  1024 * kMiB,
    6 * kMiB,  7 * kMiB,  12 * kMiB, 24 * kMiB,  48 * kMiB,  96 * kMiB,  200 * kMiB, 5 * kMB,
    8 * kMB,   10 * kMB,  16 * kMB,  50 * kMB,   64 * kMB,   128 * kMB,  250 * kMB,  500 * kMB,
};

bool cuts_into(std::uint64_t size, std::uint64_t part_size, int parts) {
  return part_size > 0 && PartLayout::uniform(size, part_size).part_count() == parts;
}

}  // namespace

PartLayout PartLayout::uniform(std::uint64_t size, std::uint64_t part_size) {
  PartLayout layout;
  layout.size_ = size;
  layout.part_size_ = part_size;
  return layout;
}

std::optional<PartLayout> PartLayout::of_sizes(const std::vector<std::uint64_t>& sizes) {
  if (sizes.empty() || std::find(sizes.begin(), sizes.end(), 0) != sizes.end()) {
    return std::nullopt;
  }
  PartLayout layout;
  for (std::uint64_t size : sizes) layout.ends_.push_back(layout.size_ += size);
  layout.part_size_ = sizes.front();
  const bool even_but_last =
      std::all_of(sizes.begin(), sizes.end() - 1, [&](auto size) { return size == sizes[0]; });
  if (even_but_last && sizes.back() <= sizes.front()) layout.ends_.clear();
  return layout;
}

int PartLayout::part_count() const {
  if (!ends_.empty()) return static_cast<int>(ends_.size());
  if (size_ == 0 || part_size_ == 0) return 1;
  return static_cast<int>((size_ + part_size_ - 1) / part_size_);
}

std::uint64_t PartLayout::first_byte(int part_number) const {
  if (!ends_.empty()) return part_number == 1 ? 0 : ends_[static_cast<size_t>(part_number - 2)];
  return static_cast<std::uint64_t>(part_number - 1) * part_size_;
}

std::uint64_t PartLayout::last_byte(int part_number) const {
  if (!ends_.empty()) return ends_[static_cast<size_t>(part_number - 1)] - 1;
  return std::min(size_, first_byte(part_number) + part_size_) - 1;
}

std::vector<std::uint64_t> PartLayout::sizes() const {
  std::vector<std::uint64_t> sizes;
  for (int part = 1; part <= part_count(); ++part) {
    sizes.push_back(last_byte(part) - first_byte(part) + 1);
  }
  return sizes;
}

std::string format_part_sizes(const std::vector<std::uint64_t>& sizes) {
  std::string text;
  for (size_t i = 0; i < sizes.size();) {
    size_t run = 1;
    while (i + run < sizes.size() && sizes[i + run] == sizes[i]) ++run;
    if (!text.empty()) text += ',';
    text += std::to_string(sizes[i]);
    if (run > 1) text += 'x' + std::to_string(run);
    i += run;
  }
  return text;
}

namespace {

// One "SIZE" or "SIZExRUN" item; false when it is not one.
bool append_run(std::string_view item, std::vector<std::uint64_t>& sizes) {
  std::uint64_t size = 0, run = 1;
  const char* const end = item.data() + item.size();
  const auto [after_size, error] = std::from_chars(item.data(), end, size);
  if (item.empty() || error != std::errc() || size == 0) return false;
  if (after_size != end) {
    if (*after_size != 'x') return false;
    const auto [after_run, run_error] = std::from_chars(after_size + 1, end, run);
    if (run_error != std::errc() || after_run != end || run < 1) return false;
  }
  if (run > static_cast<std::uint64_t>(kMaxParts) - sizes.size()) return false;
  sizes.insert(sizes.end(), run, size);
  return true;
}

}  // namespace

std::optional<std::vector<std::uint64_t>> parse_part_sizes(std::string_view text) {
  std::vector<std::uint64_t> sizes;
  while (true) {
    const size_t comma = text.find(',');
    if (!append_run(text.substr(0, comma), sizes)) return std::nullopt;
    if (comma == std::string_view::npos) return sizes;
    text.remove_prefix(comma + 1);
  }
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
  for (std::uint64_t part_size = 16 * kMiB; part_size <= kMaxPartBytes; part_size *= 2) {
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
