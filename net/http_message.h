// The HTTP request and response records that the signer, the engine and the S3 client pass around.
// Plain data: nothing here performs I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s3copy::net {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  // "http://127.0.0.1:7480" or "https://bucket.s3.eu-west-1.amazonaws.com": scheme, host, optional
  // port.
  std::string origin;
  // Already URI-encoded path, always starting with '/'. S3 paths are encoded once (never
  // normalised).
  std::string encoded_path = "/";
  // Raw (unencoded) query parameters; a parameter without a value ("uploads") has an empty value.
  std::vector<std::pair<std::string, std::string>> query;
  // Header names are lowercase.
  HeaderList headers;
  std::string body;

  // The full URL with the query encoded the way SigV4 canonicalises it.
  std::string url() const;
  void set_header(std::string_view name, std::string value);
  std::optional<std::string> header(std::string_view name) const;
};

struct HttpResponse {
  long status = 0;     // 0 when no HTTP response arrived (see transport_error)
  HeaderList headers;  // lowercase names, in arrival order
  std::string body;
  // Non-empty when the transfer failed below HTTP: connection refused or reset, timeout, TLS
  // failure.
  std::string transport_error;
  bool timed_out = false;
  // The server's TLS certificate was not trusted: retrying cannot help, the settings must change.
  bool certificate_rejected = false;

  std::optional<std::string> header(std::string_view name) const;
};

}  // namespace s3copy::net
