// Tests for the credentials providers (net/credentials_provider.h): fixed keys, and fetched keys
// that are refreshed ahead of their expiry, shared between callers and kept when a fetch fails.
#include "net/credentials_provider.h"

#include <gtest/gtest.h>

#include "net/log.h"

#include <string>
#include <vector>

namespace s3copy::net {
namespace {

using namespace std::chrono_literals;

const Credentials kFirstKeys{"AKIAFIRST0000000000", "first-secret-0000000000000000000000000000",
                             "first-session-token-000000"};
const Credentials kSecondKeys{"AKIASECOND000000000", "second-secret-000000000000000000000000000",
                              "second-session-token-00000"};

// A fetch the test answers by hand, so it can be in flight while callers ask.
struct ManualFetch {
  std::vector<std::function<void(Result<ExpiringCredentials>)>> pending;
  int fetches = 0;

  CredentialsFetch as_fetch() {
    return [this](std::function<void(Result<ExpiringCredentials>)> got) {
      ++fetches;
      pending.push_back(std::move(got));
    };
  }
  void answer(Result<ExpiringCredentials> result) {
    auto got = std::move(pending.front());
    pending.erase(pending.begin());
    got(std::move(result));
  }
};

S3Error refused() {
  S3Error error;
  error.http_status = 403;
  error.code = "AccessDenied";
  error.message = "not allowed to assume the role";
  return error;
}

TEST(FixedCredentialsTest, AreNeverDueNorExpiredAndTheirSecretsAreMaskedAtOnce) {
  Redactor redactor;
  auto provider = fixed_credentials(kFirstKeys, "-a/-k", redactor);
  const WallClock::time_point far_future = WallClock::now() + 24h * 365 * 10;
  EXPECT_FALSE(provider->due(far_future));
  EXPECT_FALSE(provider->expired(far_future));
  EXPECT_EQ(provider->current()->credentials.access_key_id, kFirstKeys.access_key_id);
  EXPECT_EQ(provider->source(), "-a/-k");
  EXPECT_EQ(redactor.scrub(kFirstKeys.secret_access_key), "***");
  EXPECT_EQ(redactor.scrub(kFirstKeys.session_token), "***");
  bool answered = false;
  provider->refresh([&](Result<Done> done) { answered = done.ok(); });
  EXPECT_TRUE(answered);
}

TEST(FetchedCredentialsTest, AreDueAndExpiredUntilTheFirstFetch) {
  Redactor redactor;
  ManualFetch fetch;
  auto provider = fetched_credentials(fetch.as_fetch(), "role r", redactor);
  EXPECT_TRUE(provider->due(WallClock::now()));
  EXPECT_TRUE(provider->expired(WallClock::now()));
  EXPECT_TRUE(provider->current()->credentials.empty());
  EXPECT_EQ(fetch.fetches, 0);  // nothing is fetched before someone asks
}

TEST(FetchedCredentialsTest, AreDueFiveMinutesBeforeTheyExpire) {
  Redactor redactor;
  ManualFetch fetch;
  auto provider = fetched_credentials(fetch.as_fetch(), "role r", redactor);
  const WallClock::time_point expiry = WallClock::now() + 1h;
  provider->refresh([](Result<Done>) {});
  fetch.answer(ExpiringCredentials{kFirstKeys, expiry});
  EXPECT_FALSE(provider->due(expiry - 5min - 1s));
  EXPECT_TRUE(provider->due(expiry - 5min));
  EXPECT_FALSE(provider->expired(expiry - 1s));
  EXPECT_TRUE(provider->expired(expiry));
}

TEST(FetchedCredentialsTest, CallersDuringAFetchShareItAndGetTheNewKeysMaskedFirst) {
  Redactor redactor;
  ManualFetch fetch;
  auto provider = fetched_credentials(fetch.as_fetch(), "role r", redactor);
  int answered = 0;
  provider->refresh([&](Result<Done> done) { answered += done.ok() ? 1 : 0; });
  provider->refresh([&](Result<Done> done) {
    // Already masked when the callers hear of the keys, and current() returns them.
    EXPECT_EQ(redactor.scrub(kSecondKeys.secret_access_key), "***");
    EXPECT_EQ(provider->current()->credentials.access_key_id, kSecondKeys.access_key_id);
    answered += done.ok() ? 1 : 0;
  });
  EXPECT_EQ(fetch.fetches, 1);
  EXPECT_EQ(answered, 0);
  fetch.answer(ExpiringCredentials{kSecondKeys, WallClock::now() + 1h});
  EXPECT_EQ(answered, 2);
  EXPECT_EQ(redactor.scrub(kSecondKeys.session_token), "***");
}

TEST(FetchedCredentialsTest, AFailedFetchKeepsTheKeysAndIsNotRepeatedAtOnce) {
  Redactor redactor;
  ManualFetch fetch;
  auto provider = fetched_credentials(fetch.as_fetch(), "role r", redactor);
  provider->refresh([](Result<Done>) {});
  fetch.answer(ExpiringCredentials{kFirstKeys, WallClock::now() + 4min});  // due, not expired

  std::string first_answer;
  provider->refresh(
      [&](Result<Done> done) { first_answer = done.ok() ? "ok" : done.error().code; });
  ASSERT_TRUE(configure_log(LogLevel::kWarning, ""));
  testing::internal::CaptureStderr();
  fetch.answer(refused());
  const std::string logged = testing::internal::GetCapturedStderr();
  configure_log(LogLevel::kCritical, "");  // the tests' default
  EXPECT_NE(logged.find("cannot fetch credentials from role r: AccessDenied"), std::string::npos)
      << logged;
  EXPECT_NE(logged.find("signing with the current ones until they expire"), std::string::npos);
  EXPECT_EQ(first_answer, "AccessDenied");
  EXPECT_EQ(provider->current()->credentials.access_key_id, kFirstKeys.access_key_id);

  std::string second_answer;
  provider->refresh(
      [&](Result<Done> done) { second_answer = done.ok() ? "ok" : done.error().code; });
  EXPECT_EQ(second_answer, "AccessDenied");  // answered from the failure, at once
  EXPECT_EQ(fetch.fetches, 2);
}

TEST(FetchedCredentialsTest, AFetchOutlivesTheProvidersLastOwner) {
  Redactor redactor;
  ManualFetch fetch;
  bool answered = false;
  {
    auto provider = fetched_credentials(fetch.as_fetch(), "role r", redactor);
    provider->refresh([&](Result<Done> done) { answered = done.ok(); });
  }
  fetch.answer(ExpiringCredentials{kFirstKeys, WallClock::now() + 1h});
  EXPECT_TRUE(answered);
}

}  // namespace
}  // namespace s3copy::net
