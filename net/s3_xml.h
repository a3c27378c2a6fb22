// Reads the XML bodies S3 answers with into the types of s3_types.h, and writes the XML bodies
// that S3 requests carry (CompleteMultipartUpload, PutObjectAcl, PutObjectTagging, DeleteObjects).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "net/s3_types.h"

namespace s3copy::net {

// Thrown by the parsers below on malformed XML, a wrong root element or a missing or unreadable
// field. what() names the document and the problem:
// "ListBucketResult: <Size> is not a number: \"12a\"".
class XmlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// All parsers accept whitespace before the document (AWS sends spaces as keep-alive while a copy
// runs), keep text made only of whitespace (a key " " stays " "), translate entities and strip
// the double quotes around ETags. Elements they do not need are ignored.

// ListObjectsV2. With <EncodingType>url</EncodingType> keys and common prefixes are URL-decoded
// ('+' is a space). Throws when the page is truncated but names no NextContinuationToken.
ListObjectsPage parse_list_objects_v2(std::string_view body);

// CopyObject's <CopyObjectResult>. Check response_is_error() first: a failed copy can answer 200.
CopyResult parse_copy_object_result(std::string_view body);

// UploadPartCopy's <CopyPartResult>; may hide an error in a 200 like CopyObject.
CopyResult parse_copy_part_result(std::string_view body);

// CreateMultipartUpload's <InitiateMultipartUploadResult>; `initiated` is left empty.
MultipartUpload parse_initiate_multipart_upload(std::string_view body);

// <CompleteMultipartUploadResult>. An empty <ETag/> (radosgw) gives an empty etag.
CompleteResult parse_complete_multipart_upload(std::string_view body);

// <ListPartsResult>. Throws when truncated without a NextPartNumberMarker.
ListPartsPage parse_list_parts(std::string_view body);

// <ListMultipartUploadsResult>; keys and NextKeyMarker URL-decoded as in parse_list_objects_v2.
// With `asked_url_encoding`, upload keys are decoded even when <EncodingType> is missing: radosgw
// 16 encodes them without saying so (while leaving NextKeyMarker plain); moto 5 sends them
// unencoded, so a key that holds a space, a control character or a non-ASCII byte is taken as is.
// Throws when truncated without a NextKeyMarker.
ListUploadsPage parse_list_multipart_uploads(std::string_view body,
                                             bool asked_url_encoding = false);

// GetObjectTagging's <Tagging><TagSet><Tag>...
std::vector<Tag> parse_tagging(std::string_view body);

// DeleteObjects' <DeleteResult>: the keys it could not delete (quiet mode lists only those).
std::vector<DeleteFailure> parse_delete_result(std::string_view body);

// GetObjectAcl's <AccessControlPolicy>. A Grantee without xsi:type gets the type its fields
// imply; an unknown grantee type or permission throws, as it could not be written back.
AccessControlPolicy parse_access_control_policy(std::string_view body);

// GetBucketLocation's <LocationConstraint> as a region name: empty means "us-east-1" and the
// legacy "EU" means "eu-west-1".
std::string parse_location_constraint(std::string_view body);

// ListBuckets' <ListAllMyBucketsResult>: the caller's canonical user id (Owner/ID).
std::string parse_list_buckets_owner(std::string_view body);

// The <Error> document of a failed request, or nullopt when the body is empty, is not XML or has
// another root element. Never throws. http_status and the transport fields are left zero/empty.
std::optional<S3Error> parse_error_document(std::string_view body);

// False when text holds a character that XML 1.0 cannot carry even escaped: a control character
// other than tab, LF and CR, or U+FFFE/U+FFFF. S3 keys may contain them; such keys cannot go
// into a DeleteObjects body and must be deleted one by one with DeleteObject.
bool xml_can_carry(std::string_view text);

// The builders write UTF-8 XML with S3's namespace. Every text is escaped: & < > " ' as entities,
// and tab, LF and CR as character references so that XML line-end normalisation cannot alter
// them. They throw std::invalid_argument when a text fails xml_can_carry().

// Parts must be in ascending part_number order, as S3 requires; ETags are written quoted.
std::string build_complete_multipart_upload(const std::vector<PartInfo>& parts);

// Grantees are written with the xmlns:xsi declaration and xsi:type S3 expects; throws
// std::invalid_argument for a grantee_type other than CanonicalUser, AmazonCustomerByEmail, Group.
std::string build_access_control_policy(const AccessControlPolicy& policy);

std::string build_tagging(const std::vector<Tag>& tags);

// At most 1000 keys per request (S3's limit, not checked here). S3 requires a Content-MD5 or
// x-amz-checksum-* header on this request. Quiet mode reports only the keys that failed.
std::string build_delete_objects(const std::vector<std::string>& keys, bool quiet);

}  // namespace s3copy::net
