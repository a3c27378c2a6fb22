// Turns --acl-grant PERMISSION:GRANTEE and --acl CANNED into the x-amz-grant-* / x-amz-acl headers
// that s3copy puts on every CopyObject and CreateMultipartUpload it sends.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_message.h"

namespace s3copy::net {

// One --acl-grant value, parsed: the header it contributes to and the grantee in S3's syntax.
struct AclGrant {
  std::string header;   // "x-amz-grant-read"
  std::string grantee;  // "id=\"79a59df9...\"", "uri=\"http://acs...\"", "emailAddress=\"a@b.c\""
};

// Parses "PERMISSION:GRANTEE".
//
// PERMISSION, case-insensitive: read, read-acp, write-acp, full-control (also spelled with '_'
// as the seed's boto did: READ_ACP, FULL_CONTROL). "write" is refused: S3 objects have no WRITE
// permission (it exists for buckets only) and CopyObject does not take x-amz-grant-write.
//
// GRANTEE: "id=CANONICAL_ID", "uri=http://acs.amazonaws.com/groups/...", "emailAddress=ADDRESS"
// (the seed's form; "email=" is accepted too) or a bare address containing '@', meaning
// emailAddress=. The value may be wrapped in double quotes as in S3's own header syntax. Email
// grantees: AWS stopped accepting them on 2025-10-01 (requests carrying one fail with HTTP 405);
// radosgw and some other S3-compatible servers still accept them. Use id= with the canonical user
// id on AWS.
//
// Throws std::invalid_argument naming the value and the accepted forms, e.g.
// "--acl-grant 'reed:id=abc': unknown permission 'reed' (use read, read-acp, write-acp or
// full-control)".
AclGrant parse_acl_grant(std::string_view text);

// The headers for all --acl-grant values and the optional --acl value. Grantees of one permission
// share one header, comma-separated, in the order given (an exact repeat is dropped); headers come
// in the fixed order read, read-acp, write-acp, full-control, then x-amz-acl.
//
// Canned ACLs (case-insensitive): private, public-read, public-read-write, authenticated-read,
// aws-exec-read, bucket-owner-read, bucket-owner-full-control.
//
// Throws std::invalid_argument for a bad grant or canned ACL, and for a canned ACL together with
// grants: S3 rejects x-amz-acl combined with x-amz-grant-* headers.
HeaderList acl_headers(const std::vector<std::string>& grants,
                       const std::optional<std::string>& canned_acl);

// S3 replaces an object's default ACL with the x-amz-grant-* headers given, and the writer of a
// copy would then lose the right to read it back. With grants in `headers`, adds FULL_CONTROL for
// `writer_id` (the caller's canonical id), so that --acl-grant adds grants as users expect.
// Headers without grants come back unchanged.
HeaderList with_writer_full_control(HeaderList headers, const std::string& writer_id);

// True when `headers` hold x-amz-grant-* headers.
bool has_grant_headers(const HeaderList& headers);

}  // namespace s3copy::net
