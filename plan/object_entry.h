// One object as a listing or a HEAD describes it: the record the lister hands to the differ.
// Keys are raw bytes (UTF-8 as S3 stores them); ETags are unquoted.
#pragma once

#include <cstdint>
#include <string>

namespace s3copy::plan {

struct ObjectEntry {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;

  bool operator==(const ObjectEntry&) const = default;
};

// True for an ETag of the form md5(part md5s)-N that multipart uploads get.
bool is_multipart_etag(const std::string& etag);
// True for 32 hex digits: what a single-part upload's ETag looks like (not always an MD5: SSE-KMS
// and SSE-C objects have ETags of this shape that are not).
bool looks_like_md5(const std::string& etag);
// N of a multipart ETag "...-N"; 0 when the ETag is not one.
int multipart_part_count(const std::string& etag);

}  // namespace s3copy::plan
