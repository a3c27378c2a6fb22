// Tests for net/redact.h: registered secrets and the credential-bearing parts of S3 requests are
// masked in any case and position, and nothing else in a line is changed.
#include "net/redact.h"

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace s3copy::net {
namespace {

TEST(RedactorTest, TextWithNothingToMaskIsReturnedUnchanged) {
  Redactor redactor;
  redactor.add_secret("wJalrXUtnFEMI/K7MDENG");
  const std::string line = "copied photos/2024/a b.jpg (5 MiB) in 0.3 s: ETag \"9b2cf5\"";
  EXPECT_EQ(redactor.scrub(line), line);
  EXPECT_EQ(redactor.scrub(""), "");
}

TEST(RedactorTest, EveryOccurrenceOfARegisteredSecretIsMasked) {
  Redactor redactor;
  redactor.add_secret("wJalrXUtnFEMI/K7MDENG");
  EXPECT_EQ(redactor.scrub(
                "secret=wJalrXUtnFEMI/K7MDENG again wJalrXUtnFEMI/K7MDENGwJalrXUtnFEMI/K7MDENG"),
            "secret=*** again ******");
}

TEST(RedactorTest, EmptyAndShortSecretsAreIgnored) {
  Redactor redactor;
  redactor.add_secret("");
  redactor.add_secret("test5");   // one below the minimum
  redactor.add_secret("abcdef");  // exactly the minimum
  EXPECT_EQ(Redactor::kMinimumSecretLength, 6u);
  EXPECT_EQ(redactor.scrub("test5 bucket abcdef"), "test5 bucket ***");
}

TEST(RedactorTest, ASecretContainingAnotherIsMaskedWhole) {
  Redactor redactor;
  redactor.add_secret("token");  // too short, ignored
  redactor.add_secret("abcdefgh");
  redactor.add_secret("abcdefghijklmnop");
  redactor.add_secret("abcdefgh");  // a duplicate changes nothing
  EXPECT_EQ(redactor.scrub("x abcdefghijklmnop y abcdefgh z"), "x *** y *** z");
}

TEST(RedactorTest, SignaturesAreMaskedWithoutAnyRegisteredSecret) {
  const Redactor redactor;
  EXPECT_EQ(
      redactor.scrub("GET /b/k?X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc9"
                     "63176630326f1024&X-Amz-Date=20130524T000000Z HTTP/1.1"),
      "GET /b/k?X-Amz-Signature=***&X-Amz-Date=20130524T000000Z HTTP/1.1");
  EXPECT_EQ(redactor.scrub("signature=ABCDEF0123, next"), "signature=***, next");
}

TEST(RedactorTest, AccessKeyIdsKeepTheirFirstFourCharacters) {
  const Redactor redactor;
  EXPECT_EQ(redactor.scrub("Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"),
            "Credential=AKIA***/20130524/us-east-1/s3/aws4_request");
  EXPECT_EQ(redactor.scrub("?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1&x=1"),
            "?X-Amz-Credential=AKIA***%2F20130524%2Fus-east-1&x=1");
  // A short id would be mostly given away by four characters: it goes entirely.
  EXPECT_EQ(redactor.scrub("Credential=admin12/2013"), "Credential=***/2013");
}

TEST(RedactorTest, SecurityTokenHeaderAndQueryValuesAreMasked) {
  const Redactor redactor;
  EXPECT_EQ(redactor.scrub("x-amz-security-token: IQoJb3JpZ2luX2VjEJr//////////wEaCXVz+/=="),
            "x-amz-security-token: ***");
  EXPECT_EQ(redactor.scrub("X-Amz-Security-Token=IQoJb3JpZ2lu%2F%2Fwm&X-Amz-Expires=60"),
            "X-Amz-Security-Token=***&X-Amz-Expires=60");
  EXPECT_EQ(redactor.scrub("X-Amz-Security-Token : FQoGZXIvYXdzEJr\nnext line"),
            "X-Amz-Security-Token : ***\nnext line");
}

TEST(RedactorTest, SecurityTokenNameInASignedHeadersListIsLeftAlone) {
  const Redactor redactor;
  const std::string line = "SignedHeaders=host;x-amz-date;x-amz-security-token, next";
  EXPECT_EQ(redactor.scrub(line), line);
}

TEST(RedactorTest, AuthorizationHeaderKeepsOnlyItsScheme) {
  const Redactor redactor;
  EXPECT_EQ(
      redactor.scrub("> authorization: AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=\n"
                     "> host: b.s3.amazonaws.com"),
      "> authorization: AWS ***\n> host: b.s3.amazonaws.com");
  EXPECT_EQ(redactor.scrub("Proxy-Authorization:Basic dXNlcjpwYXNz\r\nAccept: */*"),
            "Proxy-Authorization:Basic ***\r\nAccept: */*");
  EXPECT_EQ(redactor.scrub("Authorization: opaque-single-token"), "Authorization: ***");
  const std::string prose = "authorization failed for bucket b";
  EXPECT_EQ(redactor.scrub(prose), prose);
}

TEST(RedactorTest, FullSigV4AuthorizationHeader) {
  Redactor redactor;
  EXPECT_EQ(
      redactor.scrub("Authorization: AWS4-HMAC-SHA256 "
                     "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                     "SignedHeaders=host;range;x-amz-date, "
                     "Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"),
      "Authorization: AWS4-HMAC-SHA256 ***");
  // The same parts outside an Authorization line are masked one by one.
  EXPECT_EQ(
      redactor.scrub("auth Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                     "SignedHeaders=host;range;x-amz-date, Signature=fe5f80f77d5f"),
      "auth Credential=AKIA***/20130524/us-east-1/s3/aws4_request, "
      "SignedHeaders=host;range;x-amz-date, Signature=***");
}

TEST(RedactorTest, ScrubbingTwiceChangesNothingMore) {
  Redactor redactor;
  redactor.add_secret("wJalrXUtnFEMI/K7MDENG");
  const std::string once = redactor.scrub(
      "k=wJalrXUtnFEMI/K7MDENG Credential=AKIAIOSFODNN7EXAMPLE/x Signature=abc "
      "x-amz-security-token: tok Authorization: AWS4-HMAC-SHA256 a b");
  EXPECT_EQ(once,
            "k=*** Credential=AKIA***/x Signature=*** x-amz-security-token: *** "
            "Authorization: AWS4-HMAC-SHA256 ***");
  EXPECT_EQ(redactor.scrub(once), once);
}

TEST(RedactorTest, CredentialSecretsAreRegisteredButNotTheKeyId) {
  Redactor redactor;
  add_credential_secrets(redactor,
                         {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG", "FwoGZXIvYXdzEJr"});
  EXPECT_EQ(redactor.scrub("AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG FwoGZXIvYXdzEJr"),
            "AKIAIOSFODNN7EXAMPLE *** ***");
}

TEST(RedactorTest, GlobalIsOneInstance) {
  EXPECT_EQ(&Redactor::global(), &Redactor::global());
  Redactor::global().add_secret("global-redactor-test-secret");
  EXPECT_EQ(Redactor::global().scrub("a global-redactor-test-secret b"), "a *** b");
}

// Run under ThreadSanitizer (make tsan) this also checks the locking.
TEST(RedactorTest, SecretsMayBeAddedWhileOtherThreadsScrub) {
  Redactor redactor;
  constexpr int kSecrets = 200;
  std::vector<std::thread> scrubbers;
  for (int t = 0; t < 4; ++t) {
    scrubbers.emplace_back([&redactor] {
      for (int i = 0; i < 2000; ++i) {
        const std::string scrubbed = redactor.scrub("line with secret-number-0000 in it");
        ASSERT_TRUE(scrubbed == "line with secret-number-0000 in it" ||
                    scrubbed == "line with *** in it")
            << scrubbed;
      }
    });
  }
  for (int i = 0; i < kSecrets; ++i) {
    char secret[32];
    std::snprintf(secret, sizeof secret, "secret-number-%04d", i);
    redactor.add_secret(secret);
  }
  for (std::thread& scrubber : scrubbers) scrubber.join();
  EXPECT_EQ(redactor.scrub("secret-number-0000 secret-number-0199"), "*** ***");
}

}  // namespace
}  // namespace s3copy::net
