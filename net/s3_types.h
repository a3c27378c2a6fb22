// Typed results of the S3 operations a copier needs, as parsed from S3's XML and headers.
// ETags are stored without their surrounding double quotes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace s3copy::net {

struct ObjectSummary {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;
  std::string last_modified;  // ISO 8601 as S3 sends it
  std::string storage_class;
};

struct ListObjectsPage {
  std::vector<ObjectSummary> objects;
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  std::string next_continuation_token;
};

// What HeadObject (and GetObject) report about an object.
struct ObjectHead {
  std::uint64_t content_length = 0;
  std::string etag;
  std::string last_modified;
  std::string content_type;
  std::string cache_control;
  std::string content_encoding;
  std::string content_disposition;
  std::string content_language;
  std::string expires;
  std::map<std::string, std::string> user_metadata;  // x-amz-meta-NAME -> value, NAME lowercase
  std::optional<int> parts_count;                    // x-amz-mp-parts-count, when the server tells
  std::string version_id;
  std::string storage_class;
  std::string server_side_encryption;
};

struct CopyResult {
  std::string etag;
  std::string last_modified;
  // x-amz-server-side-encryption of the copy: with aws:kms (or SSE-C) the ETag is not an MD5.
  std::string server_side_encryption;
};

struct MultipartUpload {
  std::string key;
  std::string upload_id;
  std::string initiated;
};

struct CompleteResult {
  std::string location;
  std::string bucket;
  std::string key;
  std::string etag;  // radosgw answers an empty ETag here
};

// One key DeleteObjects could not delete, with S3's reason.
struct DeleteFailure {
  std::string key;
  std::string code;
  std::string message;
};

struct PartInfo {
  int part_number = 0;
  std::string etag;
  std::uint64_t size = 0;
  std::string last_modified;
};

struct ListPartsPage {
  std::vector<PartInfo> parts;
  bool is_truncated = false;
  int next_part_number_marker = 0;
};

struct ListUploadsPage {
  std::vector<MultipartUpload> uploads;
  bool is_truncated = false;
  std::string next_key_marker;
  std::string next_upload_id_marker;
};

struct Tag {
  std::string key;
  std::string value;
  bool operator==(const Tag&) const = default;
};

struct Grant {
  // One of "CanonicalUser", "AmazonCustomerByEmail", "Group".
  std::string grantee_type;
  std::string id;
  std::string display_name;
  std::string email;
  std::string uri;
  // One of "READ", "WRITE", "READ_ACP", "WRITE_ACP", "FULL_CONTROL".
  std::string permission;
};

struct AccessControlPolicy {
  std::string owner_id;
  std::string owner_display_name;
  std::vector<Grant> grants;
};

// The <Error> document S3 sends, plus what the transport saw; http_status 0 means no response.
struct S3Error {
  long http_status = 0;
  std::string code;
  std::string message;
  std::string request_id;
  std::string resource;
  std::string region;     // <Region> of a wrong-region answer, or x-amz-bucket-region
  std::string endpoint;   // <Endpoint> of a PermanentRedirect
  std::string transport;  // transport failure text when no HTTP response came
  bool timed_out = false;
  bool certificate_rejected = false;  // the server's TLS certificate was not trusted

  // One line for users: "NoSuchBucket (HTTP 404): The specified bucket does not exist".
  std::string describe() const;
};

}  // namespace s3copy::net
