// What an ETag says about an object's bytes: the multipart ETag parts imply, the metadata s3copy
// records where a copy's ETag cannot be the source's, and which encryption makes ETags not MD5s.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace s3copy::plan {

// User metadata s3copy writes on copies whose ETag cannot equal the source's (multipart copies):
// the source ETag they were made from, so that the next run recognises them.
inline constexpr std::string_view kSourceEtagMetadata = "s3copy-source-etag";

// md5(concatenated binary part MD5s)-N: the ETag S3 gives an object composed of parts with these
// ETags, in part order. Empty when a part ETag is not an MD5 (encrypted objects).
std::string multipart_etag(const std::vector<std::string>& part_etags);

// True when `copied_etag`, the ETag of a copy of a temp file (a part file, or an UploadPartCopy of
// one), proves the same bytes as the temp file whose ETag is `temp_etag`: S3 gives the copy the
// MD5 of the bytes, whose one-part multipart ETag must be temp_etag; radosgw copies keep the
// temp file's own ETag.
bool matches_temp_file(const std::string& copied_etag, const std::string& temp_etag);

// True for the x-amz-server-side-encryption values (SSE-KMS, DSSE-KMS, SSE-C) whose objects have
// ETags that are not the MD5 of their bytes, so a copy's ETag cannot be compared with its source's.
bool etag_is_not_an_md5(std::string_view server_side_encryption);

}  // namespace s3copy::plan
