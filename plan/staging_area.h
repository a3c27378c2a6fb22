// Where --staged keeps one source object's part files on the destination bucket, named as the
// original s3copy named them: <temp prefix><source key>/<7 chars of source ETag>/parts/part-00001.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace s3copy::plan {

enum class StagedFileKind {
  kTemp,  // temp-NNNNN: a one-part multipart object, UploadPartCopy'd from a source range
  kPart,  // part-NNNNN: a simple object CopyObject'd from the temp file, with an MD5 ETag
};

class StagingArea {
 public:
  // The area of the source object `source_key` whose ETag is `source_etag`. Another version of
  // the object (another ETag) gets another area, so stale part files are never mistaken for
  // current ones.
  StagingArea(std::string_view temp_prefix, std::string_view source_key,
              std::string_view source_etag);

  // "<temp prefix><source key>/": every version's area of the object, for cleanup.
  const std::string& object_directory() const { return object_directory_; }
  // "<object directory><version>/parts/": this version's files.
  const std::string& directory() const { return directory_; }
  std::string file_key(StagedFileKind kind, int part_number) const;

 private:
  std::string object_directory_;
  std::string directory_;
};

struct StagedFileName {
  std::string source_key;
  std::string version;  // the 7 ETag characters
  StagedFileKind kind = StagedFileKind::kPart;
  int part_number = 0;
};

// Reads a key under `temp_prefix` back into its parts; nullopt for any other key.
std::optional<StagedFileName> parse_staged_key(std::string_view temp_prefix, std::string_view key);

}  // namespace s3copy::plan
