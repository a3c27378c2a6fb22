// Where a bucket's requests go: virtual-hosted (bucket.host/key) or path-style (host/bucket/key),
// AWS's regional hosts, and the encoded request paths and copy-source headers for keys.
#pragma once

#include <string>
#include <string_view>

#include "net/connection_settings.h"

namespace s3copy::net {

struct BucketAddress {
  std::string origin;       // "https://bucket.s3.eu-west-1.amazonaws.com", "http://127.0.0.1:7480"
  std::string path_prefix;  // "" when virtual-hosted, "/bucket" when path-style
};

// `region` is the bucket's region as far as it is known (it selects AWS's regional host). An empty
// bucket addresses the service itself (ListBuckets).
BucketAddress address_bucket(const ConnectionSettings& settings, std::string_view bucket,
                             std::string_view region);

// The encoded request path of a key: every byte but '/' and the unreserved ones is %-encoded,
// and nothing is normalised ("a//b", "a/../b" and a trailing '/' stay as they are).
std::string object_path(const BucketAddress& address, std::string_view key);
std::string bucket_path(const BucketAddress& address);

// The x-amz-copy-source value naming bucket/key, encoded as S3 expects.
std::string copy_source(std::string_view bucket, std::string_view key);

// Virtual-hosted addressing needs a name that is a valid DNS label sequence, and with TLS one
// without dots (the certificate covers only one level of subdomain).
bool bucket_fits_virtual_host(std::string_view bucket, bool tls);

}  // namespace s3copy::net
