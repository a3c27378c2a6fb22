// Object attributes carried in HTTP headers: read from HeadObject/GetObject answers, and written
// back as request headers when a copy must restate them (multipart copies lose them otherwise).
#pragma once

#include "net/http_message.h"
#include "net/s3_types.h"

namespace s3copy::net {

// Reads size, ETag (unquoted), dates, content headers, x-amz-meta-* and x-amz-mp-parts-count.
ObjectHead object_head_from_headers(const HeaderList& headers);

// The headers that recreate the object's content headers and user metadata on a new object
// (CreateMultipartUpload, or CopyObject with x-amz-metadata-directive: REPLACE).
HeaderList metadata_headers(const ObjectHead& head);

// "\"abc\"" -> "abc"; S3 quotes ETags in headers and XML alike.
std::string unquote_etag(std::string_view etag);

}  // namespace s3copy::net
