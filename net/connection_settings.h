// Who s3copy is and where it talks to: credentials, endpoint, region, addressing and TLS.
// Resolved once from the command line, config files and environment (see settings_resolver.h).
#pragma once

#include <string>

namespace s3copy::net {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty unless temporary credentials

  bool empty() const { return access_key_id.empty() && secret_access_key.empty(); }
};

struct ConnectionSettings {
  Credentials credentials;
  // Where the credentials came from, for messages ("-a/-k", "s3cfg /root/.s3cfg", "environment",
  // "profile dev in /root/.aws/credentials"). Never contains a secret.
  std::string credentials_source;
  // Origin of the S3 service: "https://s3.amazonaws.com", "http://127.0.0.1:7480".
  std::string endpoint = "https://s3.amazonaws.com";
  // True when endpoint is AWS's own: region-specific hosts are then derived from it.
  bool endpoint_is_aws = true;
  // s3cmd's host_bucket template ("%(bucket)s.s3.amazonaws.com"); empty when not configured.
  std::string host_bucket_template;
  std::string region = "us-east-1";
  bool path_style = false;  // host/bucket/key instead of bucket.host/key
  bool verify_tls = true;
  std::string ca_bundle;  // PEM file; empty = system default
  std::string proxy;      // "http://host:port"; empty = none (libcurl still honours *_proxy env)
};

}  // namespace s3copy::net
