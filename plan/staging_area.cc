// Where --staged keeps one source object's part files on the destination bucket, named as the
// original s3copy named them: <temp prefix><source key>/<7 chars of source ETag>/parts/part-00001.
#include "plan/staging_area.h"

#include <charconv>
#include <cstdio>

namespace s3copy::plan {
namespace {

// The original s3copy's version name: the first 7 characters of the source's ETag.
constexpr size_t kVersionLength = 7;
constexpr std::string_view kPartsDirectory = "/parts/";
constexpr int kNameDigits = 5;  // temp-00001 ... part-10000

std::string_view kind_name(StagedFileKind kind) {
  return kind == StagedFileKind::kTemp ? "temp-" : "part-";
}

std::optional<int> parse_part_number(std::string_view digits) {
  int number = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (digits.size() < kNameDigits || error != std::errc() || end != digits.data() + digits.size() ||
      number < 1) {
    return std::nullopt;
  }
  return number;
}

}  // namespace

StagingArea::StagingArea(std::string_view temp_prefix, std::string_view source_key,
                         std::string_view source_etag)
    : object_directory_(std::string(temp_prefix) + std::string(source_key) + "/"),
      directory_(object_directory_ + std::string(source_etag.substr(0, kVersionLength)) +
                 std::string(kPartsDirectory)) {}

std::string StagingArea::file_key(StagedFileKind kind, int part_number) const {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%0*d", kNameDigits, part_number);
  return directory_ + std::string(kind_name(kind)) + digits;
}

std::optional<StagedFileName> parse_staged_key(std::string_view temp_prefix, std::string_view key) {
  if (!key.starts_with(temp_prefix)) return std::nullopt;
  key.remove_prefix(temp_prefix.size());
  const size_t parts = key.rfind(kPartsDirectory);
  if (parts == std::string_view::npos || parts < kVersionLength + 2) return std::nullopt;
  const std::string_view name = key.substr(parts + kPartsDirectory.size());
  const size_t slash = parts - kVersionLength - 1;
  if (key[slash] != '/') return std::nullopt;
  StagedFileName file{.source_key = std::string(key.substr(0, slash)),
                      .version = std::string(key.substr(slash + 1, kVersionLength))};
  if (name.starts_with(kind_name(StagedFileKind::kTemp))) {
    file.kind = StagedFileKind::kTemp;
  } else if (!name.starts_with(kind_name(StagedFileKind::kPart))) {
    return std::nullopt;
  }
  const std::optional<int> number = parse_part_number(name.substr(kind_name(file.kind).size()));
  if (!number) return std::nullopt;
  file.part_number = *number;
  return file;
}

}  // namespace s3copy::plan
