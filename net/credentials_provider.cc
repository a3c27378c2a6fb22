// Where a client's signing keys come from while it runs: fixed keys (-a/-k, the environment, the
// s3cmd and AWS files) or temporary ones, fetched again before they expire (roles, SSO, IMDS).
#include "net/credentials_provider.h"

#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "net/log.h"

namespace s3copy::net {
namespace {

// A fetch that failed is not tried again sooner: the requests that keep asking get its answer.
constexpr std::chrono::seconds kRetryAfterFailure{5};

class FixedCredentials final : public CredentialsProvider {
 public:
  FixedCredentials(Credentials credentials, std::string source, Redactor& redactor)
      : keys_(std::make_shared<const ExpiringCredentials>(
            ExpiringCredentials{std::move(credentials), std::nullopt})),
        source_(std::move(source)) {
    add_credential_secrets(redactor, keys_->credentials);
  }

  std::shared_ptr<const ExpiringCredentials> current() const override { return keys_; }
  void refresh(std::function<void(Result<Done>)> done) override { done(Done{}); }
  std::string source() const override { return source_; }

 private:
  const std::shared_ptr<const ExpiringCredentials> keys_;
  const std::string source_;
};

class FetchedCredentials final : public CredentialsProvider,
                                 public std::enable_shared_from_this<FetchedCredentials> {
 public:
  FetchedCredentials(CredentialsFetch fetch, std::string source, Redactor& redactor)
      : fetch_(std::move(fetch)), source_(std::move(source)), redactor_(redactor) {}

  std::shared_ptr<const ExpiringCredentials> current() const override {
    std::lock_guard lock(mutex_);
    return keys_;
  }

  void refresh(std::function<void(Result<Done>)> done) override {
    {
      std::unique_lock lock(mutex_);
      if (last_failure_ && std::chrono::steady_clock::now() < retry_after_) {
        const S3Error failure = *last_failure_;  // not fetched again so soon: the same answer
        lock.unlock();
        return done(failure);
      }
      waiting_.push_back(std::move(done));
      if (waiting_.size() > 1) return;  // a fetch is under way: its outcome answers this call too
    }
    // The provider stays alive until the fetch has answered, whoever lets go of it meanwhile.
    fetch_([self = shared_from_this()](Result<ExpiringCredentials> fetched) {
      self->settle(std::move(fetched));
    });
  }

  std::string source() const override { return source_; }

 private:
  void settle(Result<ExpiringCredentials> fetched) {
    std::vector<std::function<void(Result<Done>)>> answered;
    {
      std::lock_guard lock(mutex_);
      if (fetched.ok()) {
        add_credential_secrets(redactor_, fetched.value().credentials);  // before anyone signs
        keys_ = std::make_shared<const ExpiringCredentials>(fetched.value());
        last_failure_.reset();
      } else {
        last_failure_ = fetched.error();
        retry_after_ = std::chrono::steady_clock::now() + kRetryAfterFailure;
      }
      answered.swap(waiting_);
    }
    if (!fetched.ok()) {
      log_line(LogLevel::kWarning, "",
               "cannot fetch credentials from " + source_ + ": " + fetched.error().describe() +
                   (keys_usable() ? "; signing with the current ones until they expire" : ""));
    }
    const Result<Done> outcome = fetched.ok() ? Result<Done>(Done{}) : fetched.error();
    for (auto& done : answered) done(outcome);
  }

  const CredentialsFetch fetch_;
  const std::string source_;
  Redactor& redactor_;
  mutable std::mutex mutex_;
  // Until the first fetch: no keys, "expired" at the epoch, so the first request fetches them.
  std::shared_ptr<const ExpiringCredentials> keys_ =
      std::make_shared<const ExpiringCredentials>(ExpiringCredentials{{}, WallClock::time_point{}});
  std::vector<std::function<void(Result<Done>)>> waiting_;  // callers of the fetch under way
  std::optional<S3Error> last_failure_;
  std::chrono::steady_clock::time_point retry_after_;

  bool keys_usable() const { return !expired(WallClock::now()); }
};

}  // namespace

bool CredentialsProvider::due(WallClock::time_point now) const {
  const std::optional<WallClock::time_point> expiration = current()->expiration;
  return expiration && now >= *expiration - kRefreshAhead;
}

bool CredentialsProvider::expired(WallClock::time_point now) const {
  const std::optional<WallClock::time_point> expiration = current()->expiration;
  return expiration && now >= *expiration;
}

std::shared_ptr<CredentialsProvider> fixed_credentials(Credentials credentials, std::string source,
                                                       Redactor& redactor) {
  return std::make_shared<FixedCredentials>(std::move(credentials), std::move(source), redactor);
}

std::shared_ptr<CredentialsProvider> fetched_credentials(CredentialsFetch fetch, std::string source,
                                                         Redactor& redactor) {
  return std::make_shared<FetchedCredentials>(std::move(fetch), std::move(source), redactor);
}

}  // namespace s3copy::net
