// AWS Signature Version 4 (Authorization header) signing of an HttpRequest, with S3's rules: the
// path is signed as sent (encoded once, never normalised), and so is every header it carries.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "net/connection_settings.h"
#include "net/http_message.h"

namespace s3copy::net {

struct SigningScope {
  std::string region;
  std::string service = "s3";
};

// Payload hash for a body that is not hashed (allowed by S3 over both HTTP and HTTPS).
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

// Signs `request` in place. Sets (replacing earlier values) x-amz-date, x-amz-content-sha256
// (= payload_hash: kUnsignedPayload or sha256_hex(body)), x-amz-security-token when
// credentials.session_token is set (removed otherwise), host (the origin's host, with the port
// only when it is not the scheme's default) and authorization. Then signs every header the request
// carries, so add all other headers first; headers a proxy may rewrite do not belong in it.
// Signing again (a retry with a new `now`) is safe: the previous authorization is discarded.
//
// Cheap enough to call per request at thousands of requests per second: the derived signing key
// (four HMACs) is cached per thread for the last few (secret, date, region, service), so there is
// no lock and no object for the caller to keep. Thread-safe for distinct requests.
void sign_request(HttpRequest& request, const Credentials& credentials, const SigningScope& scope,
                  std::chrono::system_clock::time_point now, std::string_view payload_hash);

// The building blocks of sign_request, exposed so that tests can hold each step to AWS's
// published examples.

// "20130524T000000Z": x-amz-date's form of `time` (UTC). Its first 8 characters are the date.
std::string format_amz_date(std::chrono::system_clock::time_point time);

// "20130524/us-east-1/s3/aws4_request" for date "20130524".
std::string credential_scope(std::string_view date, const SigningScope& scope);

// The canonical request: method, encoded_path as it is, the canonical query string, every header
// (lowercase name, value trimmed with inner runs of whitespace collapsed to one space, repeated
// names joined by ',' in order, sorted by name), the signed header names, payload_hash.
std::string canonical_request(const HttpRequest& request, std::string_view payload_hash);

// "host;range;x-amz-date": the sorted, distinct, lowercase names canonical_request() signs.
std::string signed_header_names(const HttpRequest& request);

// "AWS4-HMAC-SHA256\n<amz_date>\n<credential_scope>\n<hex sha256 of canonical_request>".
std::string string_to_sign(std::string_view amz_date, std::string_view credential_scope,
                           std::string_view canonical_request);

// Raw 32-byte key: HMAC chain over "AWS4" + secret, date ("20130524"), region, service,
// "aws4_request". The signature is to_hex(hmac_sha256(signing_key, string_to_sign)).
std::string signing_key(std::string_view secret_access_key, std::string_view date,
                        std::string_view region, std::string_view service);

}  // namespace s3copy::net
