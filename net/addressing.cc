// Where a bucket's requests go: virtual-hosted (bucket.host/key) or path-style (host/bucket/key),
// AWS's regional hosts, and the encoded request paths and copy-source headers for keys.
#include "net/addressing.h"

#include <cctype>

#include "net/uri.h"

namespace s3copy::net {
namespace {

struct Origin {
  std::string scheme;  // "https"
  std::string host;    // "s3.amazonaws.com:443" (host and optional port)
};

Origin split_origin(std::string_view origin) {
  const size_t separator = origin.find("://");
  if (separator == std::string_view::npos) return {"https", std::string(origin)};
  return {std::string(origin.substr(0, separator)), std::string(origin.substr(separator + 3))};
}

std::string aws_host_for(std::string_view region) {
  if (region.empty() || region == "us-east-1") return "s3.amazonaws.com";
  return "s3." + std::string(region) + ".amazonaws.com";
}

std::string expand_host_template(std::string_view host_template, std::string_view bucket) {
  constexpr std::string_view kPlaceholder = "%(bucket)s";
  std::string host(host_template);
  const size_t at = host.find(kPlaceholder);
  if (at != std::string::npos) host.replace(at, kPlaceholder.size(), bucket);
  return host;
}

}  // namespace

bool bucket_fits_virtual_host(std::string_view bucket, bool tls) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  if (tls && bucket.find('.') != std::string_view::npos) return false;
  char previous = '.';
  for (char c : bucket) {
    const bool alnum =
        std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
    if (!alnum && c != '-' && c != '.') return false;
    if (c == '.' && (previous == '.' || previous == '-')) return false;
    if (c == '-' && previous == '.') return false;
    previous = c;
  }
  return previous != '-' && previous != '.';
}

BucketAddress address_bucket(const ConnectionSettings& settings, std::string_view bucket,
                             std::string_view region) {
  Origin origin = split_origin(settings.endpoint);
  if (settings.endpoint_is_aws) origin.host = aws_host_for(region);
  if (bucket.empty()) return {origin.scheme + "://" + origin.host, ""};  // service-level requests
  const bool virtual_host =
      !settings.path_style && bucket_fits_virtual_host(bucket, origin.scheme == "https");
  if (!virtual_host) {
    return {origin.scheme + "://" + origin.host, "/" + uri_encode(bucket, true)};
  }
  if (!settings.host_bucket_template.empty() && !settings.endpoint_is_aws) {
    return {origin.scheme + "://" + expand_host_template(settings.host_bucket_template, bucket),
            ""};
  }
  return {origin.scheme + "://" + std::string(bucket) + "." + origin.host, ""};
}

std::string object_path(const BucketAddress& address, std::string_view key) {
  return address.path_prefix + "/" + uri_encode(key, false);
}

std::string bucket_path(const BucketAddress& address) {
  return address.path_prefix + "/";
}

std::string copy_source(std::string_view bucket, std::string_view key) {
  return "/" + uri_encode(bucket, true) + "/" + uri_encode(key, false);
}

}  // namespace s3copy::net
