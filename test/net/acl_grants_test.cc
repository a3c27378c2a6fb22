// Tests for net/acl_grants.h: --acl-grant and --acl become exactly the headers S3 documents, and
// every bad value is refused with a message that names it and the accepted forms.
#include "net/acl_grants.h"

#include <functional>
#include <stdexcept>

#include <gtest/gtest.h>

#include "test/support/error_of.h"

namespace s3copy::net {
namespace {

constexpr std::string_view kOwnerId =
    "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

// The message of the std::invalid_argument `action` throws, or "(no error)".
std::string error_of(const std::function<void()>& action) {
  return test::error_of<std::invalid_argument>(action);
}

std::string grant_error(std::string_view text) {
  return error_of([&] { parse_acl_grant(text); });
}

TEST(AclGrantTest, MapsEachPermissionToItsHeader) {
  EXPECT_EQ(parse_acl_grant("read:id=abc").header, "x-amz-grant-read");
  EXPECT_EQ(parse_acl_grant("read-acp:id=abc").header, "x-amz-grant-read-acp");
  EXPECT_EQ(parse_acl_grant("write-acp:id=abc").header, "x-amz-grant-write-acp");
  EXPECT_EQ(parse_acl_grant("full-control:id=abc").header, "x-amz-grant-full-control");
}

TEST(AclGrantTest, PermissionsIgnoreCaseAndAcceptBotoUnderscores) {
  EXPECT_EQ(parse_acl_grant("READ:id=abc").header, "x-amz-grant-read");
  EXPECT_EQ(parse_acl_grant("FULL_CONTROL:id=abc").header, "x-amz-grant-full-control");
  EXPECT_EQ(parse_acl_grant("Read_Acp:id=abc").header, "x-amz-grant-read-acp");
}

TEST(AclGrantTest, WritesGranteesInS3HeaderSyntax) {
  EXPECT_EQ(parse_acl_grant("read:id=" + std::string(kOwnerId)).grantee,
            "id=\"" + std::string(kOwnerId) + "\"");
  EXPECT_EQ(parse_acl_grant("read:uri=http://acs.amazonaws.com/groups/global/AllUsers").grantee,
            "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"");
  EXPECT_EQ(parse_acl_grant("read:emailAddress=ops@example.com").grantee,
            "emailAddress=\"ops@example.com\"");
}

TEST(AclGrantTest, ABareAddressIsAnEmailGranteeAsInTheSeed) {
  EXPECT_EQ(parse_acl_grant("READ:ops@example.com").grantee, "emailAddress=\"ops@example.com\"");
}

TEST(AclGrantTest, AcceptsQuotedValuesAndAnyCaseOfTheGranteeType) {
  EXPECT_EQ(parse_acl_grant("read:id=\"abc\"").grantee, "id=\"abc\"");
  EXPECT_EQ(parse_acl_grant("read:ID=abc").grantee, "id=\"abc\"");
  EXPECT_EQ(parse_acl_grant("read:emailaddress=a@b.c").grantee, "emailAddress=\"a@b.c\"");
  EXPECT_EQ(parse_acl_grant(" read : id=abc ").grantee, "id=\"abc\"");
}

TEST(AclGrantTest, RejectsAnUnknownPermissionNamingItAndTheChoices) {
  EXPECT_EQ(grant_error("reed:id=abc"),
            "--acl-grant 'reed:id=abc': unknown permission 'reed' (use read, read-acp, write-acp "
            "or full-control)");
}

TEST(AclGrantTest, RejectsWriteBecauseObjectsHaveNoWritePermission) {
  EXPECT_EQ(grant_error("write:id=abc"),
            "--acl-grant 'write:id=abc': S3 objects have no WRITE permission (it applies to "
            "buckets only; use read, read-acp, write-acp or full-control)");
}

TEST(AclGrantTest, RejectsValuesWithoutAColon) {
  EXPECT_EQ(grant_error("ops@example.com"),
            "--acl-grant 'ops@example.com': expected PERMISSION:GRANTEE, e.g. "
            "read:id=CANONICAL_USER_ID");
}

TEST(AclGrantTest, RejectsUnknownGrantees) {
  EXPECT_EQ(grant_error("read:bob"),
            "--acl-grant 'read:bob': unknown grantee 'bob' (use id=CANONICAL_USER_ID, "
            "uri=http://acs.amazonaws.com/groups/..., or emailAddress=ADDRESS)");
  EXPECT_EQ(grant_error("read:user=bob"),
            "--acl-grant 'read:user=bob': unknown grantee type 'user' (use id=CANONICAL_USER_ID, "
            "uri=http://acs.amazonaws.com/groups/..., or emailAddress=ADDRESS)");
}

TEST(AclGrantTest, RejectsMalformedGranteeValues) {
  EXPECT_EQ(grant_error("read:id="),
            "--acl-grant 'read:id=': the grantee is empty (use id=CANONICAL_USER_ID, "
            "uri=http://acs.amazonaws.com/groups/..., or emailAddress=ADDRESS)");
  EXPECT_EQ(grant_error("read:id=a,b"),
            "--acl-grant 'read:id=a,b': a grantee cannot contain quotes, commas or control "
            "characters");
  EXPECT_EQ(grant_error("read:id=a\"b"),
            "--acl-grant 'read:id=a\"b': a grantee cannot contain quotes, commas or control "
            "characters");
  EXPECT_EQ(grant_error("read:emailAddress=ops"),
            "--acl-grant 'read:emailAddress=ops': 'ops' is not an email address");
  EXPECT_EQ(grant_error("read:uri=AllUsers"),
            "--acl-grant 'read:uri=AllUsers': a uri grantee is a group URI such as "
            "http://acs.amazonaws.com/groups/global/AllUsers");
}

TEST(AclHeadersTest, NoFlagsMeanNoHeaders) {
  EXPECT_TRUE(acl_headers({}, std::nullopt).empty());
}

TEST(AclHeadersTest, JoinsGranteesOfOnePermissionIntoOneHeader) {
  const HeaderList headers =
      acl_headers({"read:id=abc", "full-control:id=owner", "READ:a@b.c"}, std::nullopt);
  const HeaderList expected{{"x-amz-grant-read", "id=\"abc\", emailAddress=\"a@b.c\""},
                            {"x-amz-grant-full-control", "id=\"owner\""}};
  EXPECT_EQ(headers, expected);
}

TEST(AclHeadersTest, HeadersComeInAFixedOrderAndRepeatsAreDropped) {
  const HeaderList headers = acl_headers(
      {"full-control:id=owner", "write-acp:id=w", "read-acp:id=r", "read:id=x", "read:id=\"x\""},
      std::nullopt);
  const HeaderList expected{{"x-amz-grant-read", "id=\"x\""},
                            {"x-amz-grant-read-acp", "id=\"r\""},
                            {"x-amz-grant-write-acp", "id=\"w\""},
                            {"x-amz-grant-full-control", "id=\"owner\""}};
  EXPECT_EQ(headers, expected);
}

TEST(AclHeadersTest, CannedAclBecomesXAmzAclInLowercase) {
  const HeaderList expected{{"x-amz-acl", "bucket-owner-full-control"}};
  EXPECT_EQ(acl_headers({}, "Bucket-Owner-Full-Control"), expected);
  for (const char* canned : {"private", "public-read", "public-read-write", "authenticated-read",
                             "aws-exec-read", "bucket-owner-read"}) {
    EXPECT_EQ(acl_headers({}, std::string(canned)), (HeaderList{{"x-amz-acl", canned}}));
  }
}

TEST(AclHeadersTest, RejectsAnUnknownCannedAcl) {
  EXPECT_EQ(error_of([] { acl_headers({}, "log-delivery-write"); }),
            "--acl 'log-delivery-write': unknown canned ACL (use private, public-read, "
            "public-read-write, authenticated-read, aws-exec-read, bucket-owner-read or "
            "bucket-owner-full-control)");
}

TEST(AclHeadersTest, RejectsCannedAclTogetherWithGrants) {
  const std::string message = error_of([] { acl_headers({"read:id=abc"}, "private"); });
  EXPECT_TRUE(
      message.starts_with("--acl and --acl-grant cannot be used together: S3 refuses "
                          "x-amz-acl combined with x-amz-grant-* headers"))
      << message;
}

TEST(AclHeadersTest, ABadGrantAmongGoodOnesIsReported) {
  EXPECT_EQ(error_of([] {
              acl_headers({"read:id=abc", "reed:id=abc"}, std::nullopt);
            }),
            "--acl-grant 'reed:id=abc': unknown permission 'reed' (use read, read-acp, write-acp "
            "or full-control)");
}

TEST(WithWriterFullControlTest, AddsTheWriterToGrantsOnly) {
  const HeaderList grants = acl_headers({"read:id=reader"}, std::nullopt);
  EXPECT_EQ(with_writer_full_control(grants, "writer"),
            (HeaderList{{"x-amz-grant-read", "id=\"reader\""},
                        {"x-amz-grant-full-control", "id=\"writer\""}}));
  const HeaderList full = acl_headers({"full-control:id=other"}, std::nullopt);
  EXPECT_EQ(with_writer_full_control(full, "writer"),
            (HeaderList{{"x-amz-grant-full-control", "id=\"other\", id=\"writer\""}}));
  EXPECT_EQ(
      with_writer_full_control(acl_headers({"full-control:id=writer"}, std::nullopt), "writer"),
      (HeaderList{{"x-amz-grant-full-control", "id=\"writer\""}}));
  const HeaderList canned = acl_headers({}, "bucket-owner-full-control");
  EXPECT_EQ(with_writer_full_control(canned, "writer"), canned);
  EXPECT_TRUE(with_writer_full_control({}, "writer").empty());
}

}  // namespace
}  // namespace s3copy::net
