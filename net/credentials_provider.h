// Where a client's signing keys come from while it runs: fixed keys (-a/-k, the environment, the
// s3cmd and AWS files) or temporary ones, fetched again before they expire (roles, SSO, IMDS).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "net/connection_settings.h"
#include "net/redact.h"
#include "net/result.h"

namespace s3copy::net {

using WallClock = std::chrono::system_clock;

// Keys and, for temporary ones, the moment they stop working.
struct ExpiringCredentials {
  Credentials credentials;
  std::optional<WallClock::time_point> expiration;  // nullopt: they never expire
};

// Temporary keys are fetched again this long before they expire, as the AWS SDKs do: requests
// signed just before the expiry still have minutes to be answered.
inline constexpr std::chrono::minutes kRefreshAhead{5};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;

  // The keys to sign the next request with. Thread-safe and cheap (shared, not copied): asked
  // for every request.
  virtual std::shared_ptr<const ExpiringCredentials> current() const = 0;

  // Fetches new keys without blocking; `done` runs once, with the outcome, on the thread that
  // completes the fetch (an event-loop thread for fetches over HTTP). Calls made while a fetch is
  // under way share it. New secrets are registered with the redactor before current() returns
  // them; a failed fetch keeps the keys there were, and calls in the next few seconds get its
  // answer without another fetch.
  virtual void refresh(std::function<void(Result<Done>)> done) = 0;

  // Where the keys come from, for messages ("-a/-k", "profile dev in ~/.aws/config"). Never a
  // secret.
  virtual std::string source() const = 0;

  // True when the keys there are should be fetched again: kRefreshAhead before they expire (and
  // before the first fetch, when there are none).
  bool due(WallClock::time_point now) const;
  // True when the keys there are cannot sign a request any more.
  bool expired(WallClock::time_point now) const;
};

// Keys that never change; refresh() has nothing to fetch. Their secrets reach `redactor` at once.
std::shared_ptr<CredentialsProvider> fixed_credentials(Credentials credentials, std::string source,
                                                       Redactor& redactor = Redactor::global());

// Fetches one set of keys and calls `got` with it, or with why it could not (an STS call, the
// instance metadata service, a credential_process...). It must always answer, in bounded time
// (its requests have timeouts): requests that need the keys wait for it.
using CredentialsFetch = std::function<void(std::function<void(Result<ExpiringCredentials>)> got)>;

// Temporary keys from `fetch`: none (and due) until the first refresh(), then the latest fetched.
// The refreshing half of the provider interface; the AWS credential chain (roles, web identity,
// containers, instance metadata) is to fetch through it, and until then only tests do.
std::shared_ptr<CredentialsProvider> fetched_credentials(CredentialsFetch fetch, std::string source,
                                                         Redactor& redactor = Redactor::global());

}  // namespace s3copy::net
