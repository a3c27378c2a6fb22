// Keeps secrets out of every log line: registered secrets and the credential-bearing parts of
// S3 requests (signatures, access key ids, session tokens, Authorization values) are masked.
#pragma once

#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "net/connection_settings.h"

namespace s3copy::net {

// Thread-safe: secrets may be added while other threads scrub.
class Redactor {
 public:
  // The instance the logger scrubs every line with.
  static Redactor& global();

  // Registers a value to be replaced by "***" wherever it appears. Empty and very short values
  // (fewer than kMinimumSecretLength characters) are ignored: masking every "test" or "abc" in
  // keys and paths would wreck the log, and a secret that short protects nothing anyway.
  void add_secret(std::string secret);

  // The text with every registered secret replaced by "***", and, whether or not anything was
  // registered:
  //   Signature=<value> and X-Amz-Signature=<value>  -> Signature=***
  //   Credential=AKIAIOSFODNN7EXAMPLE/2024...        -> Credential=AKIA***/2024...
  //   x-amz-security-token: <value> (or =<value>)    -> x-amz-security-token: ***
  //   Authorization: AWS4-HMAC-SHA256 <rest>         -> Authorization: AWS4-HMAC-SHA256 ***
  // Names match in any case. Runs on every log line, so it only scans when nothing matches:
  // no regular expressions, no allocation beyond the returned string.
  std::string scrub(std::string_view text) const;

  static constexpr size_t kMinimumSecretLength = 6;

 private:
  mutable std::shared_mutex mutex_;
  std::vector<std::string> secrets_;  // longest first, so a secret containing another goes whole
};

// Registers the secret parts of `credentials` (secret key and session token; the access key id
// is masked where it matters by the Credential= rule) with `redactor`.
void add_credential_secrets(Redactor& redactor, const Credentials& credentials);

}  // namespace s3copy::net
