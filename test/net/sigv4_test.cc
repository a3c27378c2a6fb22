// Tests for net/sigv4.h against AWS's published values: the four S3 API Reference examples
// (sig-v4-header-based-auth) and cases of AWS's generic aws-sig-v4-test-suite (2015-08-30).
#include "net/sigv4.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "net/crypto.h"
#include "net/uri.h"

namespace s3copy::net {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;
using std::chrono::year;

constexpr std::string_view kEmptyPayloadHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string signature_of(std::string_view secret, std::string_view date, const SigningScope& scope,
                         std::string_view string_to_sign) {
  return to_hex(
      hmac_sha256(signing_key(secret, date, scope.region, scope.service), string_to_sign));
}

std::string authorization_of(const HttpRequest& request) {
  return request.header("authorization").value_or("<none>");
}

// ---------------------------------------------------------------------------------------------
// S3 API Reference, sig-v4-header-based-auth: bucket examplebucket, 2013-05-24, us-east-1.

const Credentials kS3ExampleCredentials{"AKIAIOSFODNN7EXAMPLE",
                                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const SigningScope kS3ExampleScope{"us-east-1", "s3"};
const auto kS3ExampleTime = sys_days{year{2013} / 5 / 24};
constexpr std::string_view kS3ExampleOrigin = "https://examplebucket.s3.amazonaws.com";

struct PublishedS3Example {
  std::string name;
  std::string method;
  std::string encoded_path;
  std::vector<std::pair<std::string, std::string>> query;
  // The request's own headers; sign_request adds host, x-amz-date and x-amz-content-sha256.
  HeaderList headers;
  std::string payload_hash;
  std::string canonical_request;
  std::string string_to_sign;
  std::string authorization;
};

HttpRequest unsigned_request(const PublishedS3Example& example) {
  HttpRequest request;
  request.method = example.method;
  request.origin = kS3ExampleOrigin;
  request.encoded_path = example.encoded_path;
  request.query = example.query;
  request.headers = example.headers;
  return request;
}

// The request with the headers exactly as the published example lists them.
HttpRequest request_as_published(const PublishedS3Example& example) {
  HttpRequest request = unsigned_request(example);
  request.headers.insert(request.headers.begin(), {"Host", "examplebucket.s3.amazonaws.com"});
  request.headers.emplace_back("x-amz-content-sha256", example.payload_hash);
  request.headers.emplace_back("x-amz-date", "20130524T000000Z");
  return request;
}

std::vector<PublishedS3Example> published_s3_examples() {
  return {
      {"GetObject",
       "GET",
       "/test.txt",
       {},
       {{"Range", "bytes=0-9"}},
       std::string(kEmptyPayloadHash),
       "GET\n"
       "/test.txt\n"
       "\n"
       "host:examplebucket.s3.amazonaws.com\n"
       "range:bytes=0-9\n"
       "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
       "x-amz-date:20130524T000000Z\n"
       "\n"
       "host;range;x-amz-content-sha256;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "AWS4-HMAC-SHA256\n"
       "20130524T000000Z\n"
       "20130524/us-east-1/s3/aws4_request\n"
       "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
       "AWS4-HMAC-SHA256 "
       "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
       "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
       "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"},
      {"PutObject",
       "PUT",
       "/test%24file.text",
       {},
       {{"Date", "Fri, 24 May 2013 00:00:00 GMT"}, {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
       "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
       "PUT\n"
       "/test%24file.text\n"
       "\n"
       "date:Fri, 24 May 2013 00:00:00 GMT\n"
       "host:examplebucket.s3.amazonaws.com\n"
       "x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072\n"
       "x-amz-date:20130524T000000Z\n"
       "x-amz-storage-class:REDUCED_REDUNDANCY\n"
       "\n"
       "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n"
       "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
       "AWS4-HMAC-SHA256\n"
       "20130524T000000Z\n"
       "20130524/us-east-1/s3/aws4_request\n"
       "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d",
       "AWS4-HMAC-SHA256 "
       "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
       "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
       "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"},
      {"GetBucketLifecycle",
       "GET",
       "/",
       {{"lifecycle", ""}},
       {},
       std::string(kEmptyPayloadHash),
       "GET\n"
       "/\n"
       "lifecycle=\n"
       "host:examplebucket.s3.amazonaws.com\n"
       "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
       "x-amz-date:20130524T000000Z\n"
       "\n"
       "host;x-amz-content-sha256;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "AWS4-HMAC-SHA256\n"
       "20130524T000000Z\n"
       "20130524/us-east-1/s3/aws4_request\n"
       "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca",
       "AWS4-HMAC-SHA256 "
       "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
       "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
       "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"},
      {"GetBucketListObjects",
       "GET",
       "/",
       {{"prefix", "J"}, {"max-keys", "2"}},  // out of order on purpose
       {},
       std::string(kEmptyPayloadHash),
       "GET\n"
       "/\n"
       "max-keys=2&prefix=J\n"
       "host:examplebucket.s3.amazonaws.com\n"
       "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
       "x-amz-date:20130524T000000Z\n"
       "\n"
       "host;x-amz-content-sha256;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "AWS4-HMAC-SHA256\n"
       "20130524T000000Z\n"
       "20130524/us-east-1/s3/aws4_request\n"
       "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7",
       "AWS4-HMAC-SHA256 "
       "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
       "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
       "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"},
  };
}

class PublishedS3ExampleTest : public testing::TestWithParam<PublishedS3Example> {};

TEST_P(PublishedS3ExampleTest, CanonicalRequestMatches) {
  const auto& example = GetParam();
  EXPECT_EQ(canonical_request(request_as_published(example), example.payload_hash),
            example.canonical_request);
}

TEST_P(PublishedS3ExampleTest, StringToSignMatches) {
  const auto& example = GetParam();
  EXPECT_EQ(string_to_sign("20130524T000000Z", credential_scope("20130524", kS3ExampleScope),
                           example.canonical_request),
            example.string_to_sign);
}

TEST_P(PublishedS3ExampleTest, SignRequestProducesThePublishedAuthorization) {
  const auto& example = GetParam();
  HttpRequest request = unsigned_request(example);
  sign_request(request, kS3ExampleCredentials, kS3ExampleScope, kS3ExampleTime,
               example.payload_hash);
  EXPECT_EQ(authorization_of(request), example.authorization);
  EXPECT_EQ(request.header("host"), "examplebucket.s3.amazonaws.com");
  EXPECT_EQ(request.header("x-amz-date"), "20130524T000000Z");
  EXPECT_EQ(request.header("x-amz-content-sha256"), example.payload_hash);
  EXPECT_EQ(request.header("x-amz-security-token"), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(S3Documentation, PublishedS3ExampleTest,
                         testing::ValuesIn(published_s3_examples()),
                         [](const auto& info) { return info.param.name; });

TEST(PublishedS3ExampleTest, PutObjectPayloadHashIsTheBodysSha256) {
  EXPECT_EQ(sha256_hex("Welcome to Amazon S3."),
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
}

// ---------------------------------------------------------------------------------------------
// aws-sig-v4-test-suite: service "service", us-east-1, 2015-08-30T12:36:00Z. The suite signs no
// x-amz-content-sha256, so these go through the building blocks rather than sign_request.

constexpr std::string_view kSuiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SigningScope kSuiteScope{"us-east-1", "service"};
constexpr std::string_view kSuiteAmzDate = "20150830T123600Z";
constexpr std::string_view kSuiteSessionToken =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPf"
    "IeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT"
    "7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKml"
    "zm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

struct SuiteCase {
  std::string name;
  HttpRequest request;
  std::string body;
  std::string canonical_request;
  std::string string_to_sign_hash;  // last line of the suite's .sts
  std::string signed_headers;
  std::string signature;
};

HttpRequest suite_request(std::string method, std::string encoded_path,
                          std::vector<std::pair<std::string, std::string>> query,
                          HeaderList extra_headers) {
  HttpRequest request;
  request.method = std::move(method);
  request.origin = "https://example.amazonaws.com";
  request.encoded_path = std::move(encoded_path);
  request.query = std::move(query);
  // Header names in the suite's own case: canonicalisation must lowercase them.
  request.headers = {{"Host", "example.amazonaws.com"}};
  request.headers.insert(request.headers.end(), extra_headers.begin(), extra_headers.end());
  request.headers.emplace_back("X-Amz-Date", std::string(kSuiteAmzDate));
  return request;
}

std::string suite_canonical(std::string_view method, std::string_view path, std::string_view query,
                            std::string_view extra_canonical_headers,
                            std::string_view signed_headers,
                            std::string_view payload_hash = kEmptyPayloadHash) {
  std::string out;
  out.append(method).append("\n").append(path).append("\n").append(query).append("\n");
  out.append("host:example.amazonaws.com\n").append(extra_canonical_headers);
  out.append("x-amz-date:20150830T123600Z\n\n").append(signed_headers).append("\n");
  out.append(payload_hash);
  return out;
}

std::vector<SuiteCase> suite_cases() {
  const std::string token(kSuiteSessionToken);
  return {
      {"get_vanilla", suite_request("GET", "/", {}, {}), "",
       suite_canonical("GET", "/", "", "", "host;x-amz-date"),
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "host;x-amz-date",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get_vanilla_query_order_key_case",
       suite_request("GET", "/", {{"Param2", "value2"}, {"Param1", "value1"}}, {}), "",
       suite_canonical("GET", "/", "Param1=value1&Param2=value2", "", "host;x-amz-date"),
       "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0", "host;x-amz-date",
       "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get_vanilla_query_order_key",
       suite_request("GET", "/", {{"Param1", "value2"}, {"Param1", "Value1"}}, {}), "",
       suite_canonical("GET", "/", "Param1=Value1&Param1=value2", "", "host;x-amz-date"),
       "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89", "host;x-amz-date",
       "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"},
      {"get_vanilla_utf8_query", suite_request("GET", "/", {{"\xe1\x88\xb4", "bar"}}, {}), "",
       suite_canonical("GET", "/", "%E1%88%B4=bar", "", "host;x-amz-date"),
       "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073", "host;x-amz-date",
       "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
      {"get_utf8", suite_request("GET", uri_encode("/\xe1\x88\xb4", false), {}, {}), "",
       suite_canonical("GET", "/%E1%88%B4", "", "", "host;x-amz-date"),
       "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102", "host;x-amz-date",
       "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
      {"get_space", suite_request("GET", uri_encode("/example space/", false), {}, {}), "",
       suite_canonical("GET", "/example%20space/", "", "", "host;x-amz-date"),
       "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86", "host;x-amz-date",
       "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
      {"get_header_value_trim",
       suite_request("GET", "/", {}, {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}}),
       "",
       suite_canonical("GET", "/", "", "my-header1:value1\nmy-header2:\"a b c\"\n",
                       "host;my-header1;my-header2;x-amz-date"),
       "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
       "host;my-header1;my-header2;x-amz-date",
       "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
      {"get_header_value_order",
       suite_request("GET", "/", {},
                     {{"My-Header1", "value4"},
                      {"My-Header1", "value1"},
                      {"My-Header1", "value3"},
                      {"My-Header1", "value2"}}),
       "",
       suite_canonical("GET", "/", "", "my-header1:value4,value1,value3,value2\n",
                       "host;my-header1;x-amz-date"),
       "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86",
       "host;my-header1;x-amz-date",
       "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"},
      {"post_header_key_sort", suite_request("POST", "/", {}, {{"My-Header1", "value1"}}), "",
       suite_canonical("POST", "/", "", "my-header1:value1\n", "host;my-header1;x-amz-date"),
       "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65",
       "host;my-header1;x-amz-date",
       "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"},
      {"post_x_www_form_urlencoded",
       [] {
         HttpRequest request = suite_request("POST", "/", {}, {});
         request.headers.insert(request.headers.begin(),
                                {"Content-Type", "application/x-www-form-urlencoded"});
         return request;
       }(),
       "Param1=value1",
       "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
       "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
       "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
       "content-type;host;x-amz-date",
       "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
      {"post_sts_header_before", suite_request("POST", "/", {}, {{"X-Amz-Security-Token", token}}),
       "",
       [&] {
         std::string canonical = "POST\n/\n\nhost:example.amazonaws.com\n";
         canonical.append("x-amz-date:20150830T123600Z\nx-amz-security-token:").append(token);
         canonical.append("\n\nhost;x-amz-date;x-amz-security-token\n").append(kEmptyPayloadHash);
         return canonical;
       }(),
       "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6",
       "host;x-amz-date;x-amz-security-token",
       "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"},
  };
}

class SigV4TestSuiteTest : public testing::TestWithParam<SuiteCase> {};

TEST_P(SigV4TestSuiteTest, CanonicalRequestMatches) {
  const auto& suite_case = GetParam();
  EXPECT_EQ(canonical_request(suite_case.request, sha256_hex(suite_case.body)),
            suite_case.canonical_request);
  EXPECT_EQ(signed_header_names(suite_case.request), suite_case.signed_headers);
}

TEST_P(SigV4TestSuiteTest, StringToSignMatches) {
  const auto& suite_case = GetParam();
  EXPECT_EQ(string_to_sign(kSuiteAmzDate, credential_scope("20150830", kSuiteScope),
                           suite_case.canonical_request),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" +
                suite_case.string_to_sign_hash);
}

TEST_P(SigV4TestSuiteTest, SignatureMatches) {
  const auto& suite_case = GetParam();
  const std::string canonical = canonical_request(suite_case.request, sha256_hex(suite_case.body));
  const std::string to_sign =
      string_to_sign(kSuiteAmzDate, credential_scope("20150830", kSuiteScope), canonical);
  EXPECT_EQ(signature_of(kSuiteSecret, "20150830", kSuiteScope, to_sign), suite_case.signature);
}

INSTANTIATE_TEST_SUITE_P(AwsSigV4TestSuite, SigV4TestSuiteTest, testing::ValuesIn(suite_cases()),
                         [](const auto& info) { return info.param.name; });

// ---------------------------------------------------------------------------------------------
// Building blocks.

TEST(SigningKeyTest, MatchesAwsDocumentedDerivation) {
  // AWS's "derive a signing key" example: 20150830, us-east-1, iam.
  EXPECT_EQ(to_hex(signing_key(kSuiteSecret, "20150830", "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

TEST(CredentialScopeTest, JoinsDateRegionServiceAndTerminator) {
  EXPECT_EQ(credential_scope("20130524", kS3ExampleScope), "20130524/us-east-1/s3/aws4_request");
  EXPECT_EQ(credential_scope("20240229", SigningScope{"eu-west-3"}),
            "20240229/eu-west-3/s3/aws4_request");
}

TEST(FormatAmzDateTest, FormatsUtcBasicIso8601) {
  EXPECT_EQ(format_amz_date(kS3ExampleTime), "20130524T000000Z");
  EXPECT_EQ(format_amz_date(sys_days{year{2015} / 8 / 30} + 12h + 36min), "20150830T123600Z");
  EXPECT_EQ(format_amz_date(std::chrono::system_clock::time_point{}), "19700101T000000Z");
  EXPECT_EQ(format_amz_date(sys_days{year{2024} / 2 / 29} + 23h + 59min + 59s), "20240229T235959Z");
}

TEST(FormatAmzDateTest, TruncatesFractionsOfASecond) {
  EXPECT_EQ(format_amz_date(sys_days{year{2031} / 12 / 31} + 23h + 59min + 59s + 999ms),
            "20311231T235959Z");
}

// ---------------------------------------------------------------------------------------------
// S3's path rule: encoded once, never normalised.

std::string canonical_path_line(std::string_view encoded_path) {
  HttpRequest request;
  request.encoded_path = encoded_path;
  const std::string canonical = canonical_request(request, kUnsignedPayload);
  const size_t start = canonical.find('\n') + 1;
  return canonical.substr(start, canonical.find('\n', start) - start);
}

TEST(S3PathRuleTest, KeepsDoubleAndTrailingSlashes) {
  // The generic suite (get-slashes) would normalise this to "/example/"; S3 must not.
  EXPECT_EQ(canonical_path_line("//example//"), "//example//");
  EXPECT_EQ(canonical_path_line("/bucket/dir/"), "/bucket/dir/");
}

TEST(S3PathRuleTest, KeepsDotSegments) {
  // The generic suite (get-relative-relative) would resolve these; in S3 they are key bytes.
  EXPECT_EQ(canonical_path_line("/example1/example2/../.."), "/example1/example2/../..");
  EXPECT_EQ(canonical_path_line("/./a/."), "/./a/.");
}

TEST(S3PathRuleTest, DoesNotEncodeAgain) {
  EXPECT_EQ(canonical_path_line("/test%24file.text"), "/test%24file.text");
  EXPECT_EQ(canonical_path_line("/a%20b%2Bc"), "/a%20b%2Bc");
}

TEST(S3PathRuleTest, UsesSlashForAnEmptyPath) {
  EXPECT_EQ(canonical_path_line(""), "/");
}

// ---------------------------------------------------------------------------------------------
// sign_request's own behaviour.

HttpRequest get_request(std::string origin) {
  HttpRequest request;
  request.origin = std::move(origin);
  request.encoded_path = "/bucket/key";
  return request;
}

std::string host_signed_for(std::string origin) {
  HttpRequest request = get_request(std::move(origin));
  sign_request(request, kS3ExampleCredentials, kS3ExampleScope, kS3ExampleTime, kUnsignedPayload);
  return request.header("host").value_or("<none>");
}

// What the signature must be for `signed_request`, recomputed from the building blocks.
std::string expected_authorization(HttpRequest signed_request, const Credentials& credentials,
                                   const SigningScope& scope) {
  std::erase_if(signed_request.headers, [](const auto& h) { return h.first == "authorization"; });
  const std::string amz_date = signed_request.header("x-amz-date").value();
  const std::string date = amz_date.substr(0, 8);
  const std::string payload_hash = signed_request.header("x-amz-content-sha256").value();
  const std::string to_sign = string_to_sign(amz_date, credential_scope(date, scope),
                                             canonical_request(signed_request, payload_hash));
  return "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" +
         credential_scope(date, scope) + ",SignedHeaders=" + signed_header_names(signed_request) +
         ",Signature=" + signature_of(credentials.secret_access_key, date, scope, to_sign);
}

TEST(SignRequestTest, HostHasThePortOnlyWhenItIsNotTheDefault) {
  EXPECT_EQ(host_signed_for("http://127.0.0.1:7480"), "127.0.0.1:7480");
  EXPECT_EQ(host_signed_for("https://s3.amazonaws.com"), "s3.amazonaws.com");
  EXPECT_EQ(host_signed_for("https://s3.amazonaws.com:443"), "s3.amazonaws.com");
  EXPECT_EQ(host_signed_for("http://minio.local:80"), "minio.local");
  EXPECT_EQ(host_signed_for("https://minio.local:80"), "minio.local:80");
  EXPECT_EQ(host_signed_for("http://minio.local:443"), "minio.local:443");
  EXPECT_EQ(host_signed_for("http://[::1]:9000"), "[::1]:9000");
  EXPECT_EQ(host_signed_for("https://[::1]:443"), "[::1]");
}

TEST(SignRequestTest, AddsAndSignsTheSessionToken) {
  Credentials credentials = kS3ExampleCredentials;
  credentials.session_token = std::string(kSuiteSessionToken);
  HttpRequest request = get_request("https://examplebucket.s3.amazonaws.com");
  sign_request(request, credentials, kS3ExampleScope, kS3ExampleTime, kUnsignedPayload);

  EXPECT_EQ(request.header("x-amz-security-token"), kSuiteSessionToken);
  EXPECT_NE(authorization_of(request).find(
                ",SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"),
            std::string::npos)
      << authorization_of(request);
  EXPECT_EQ(authorization_of(request),
            expected_authorization(request, credentials, kS3ExampleScope));
}

TEST(SignRequestTest, RemovesAStaleSessionTokenWhenCredentialsHaveNone) {
  HttpRequest request = get_request("https://examplebucket.s3.amazonaws.com");
  request.set_header("x-amz-security-token", "left over from an earlier signing");
  sign_request(request, kS3ExampleCredentials, kS3ExampleScope, kS3ExampleTime, kUnsignedPayload);
  EXPECT_EQ(request.header("x-amz-security-token"), std::nullopt);
  EXPECT_NE(authorization_of(request).find(",SignedHeaders=host;x-amz-content-sha256;x-amz-date,"),
            std::string::npos)
      << authorization_of(request);
}

TEST(SignRequestTest, SigningAgainReplacesEverySigningHeader) {
  const auto examples = published_s3_examples();
  HttpRequest request = unsigned_request(examples[0]);
  sign_request(request, kS3ExampleCredentials, kS3ExampleScope, kS3ExampleTime + 1h,
               kUnsignedPayload);
  sign_request(request, kS3ExampleCredentials, kS3ExampleScope, kS3ExampleTime,
               examples[0].payload_hash);

  EXPECT_EQ(authorization_of(request), examples[0].authorization);
  EXPECT_EQ(request.headers.size(), 5u);  // range, host, x-amz-date, x-amz-content-sha256, auth
  EXPECT_EQ(request.header("x-amz-date"), "20130524T000000Z");
}

TEST(SignRequestTest, SignsUnsignedPayloadLiterally) {
  HttpRequest request = get_request("https://examplebucket.s3.amazonaws.com");
  sign_request(request, kS3ExampleCredentials, kS3ExampleScope, kS3ExampleTime, kUnsignedPayload);
  EXPECT_EQ(request.header("x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  EXPECT_EQ(authorization_of(request),
            expected_authorization(request, kS3ExampleCredentials, kS3ExampleScope));
}

TEST(SignRequestTest, SignsCorrectlyWhileTheKeyCacheKeepsEvicting) {
  // Twelve combinations cycled through a cache of four: every lookup misses and evicts.
  const std::vector<Credentials> accounts = {kS3ExampleCredentials,
                                             {"AKIDEXAMPLE", std::string(kSuiteSecret), ""}};
  const std::vector<SigningScope> scopes = {
      {"us-east-1", "s3"}, {"eu-west-1", "s3"}, {"us-east-1", "service"}};
  const std::vector<std::chrono::system_clock::time_point> times = {kS3ExampleTime,
                                                                    kS3ExampleTime + 24h};
  std::vector<std::string> seen;
  for (int round = 0; round < 2; ++round) {
    for (const auto& credentials : accounts) {
      for (const auto& scope : scopes) {
        for (const auto& time : times) {
          HttpRequest request = get_request("https://examplebucket.s3.amazonaws.com");
          sign_request(request, credentials, scope, time, kUnsignedPayload);
          EXPECT_EQ(authorization_of(request), expected_authorization(request, credentials, scope));
          if (round == 0) seen.push_back(authorization_of(request));
        }
      }
    }
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end()) << "two inputs signed alike";
}

TEST(SignRequestTest, ACachedKeyIsNotServedForAnotherSecretRegionServiceOrDate) {
  // Each variant differs from `base` in one input only and is signed right after it, while the
  // base's key is cached: a cache matching on too little would hand the variant the base's key.
  struct Signing {
    Credentials credentials;
    SigningScope scope;
    std::chrono::system_clock::time_point time;
  };
  const Signing base{kS3ExampleCredentials, kS3ExampleScope, kS3ExampleTime};
  Signing other_secret = base;
  other_secret.credentials.secret_access_key = std::string(kSuiteSecret);
  Signing other_region = base;
  other_region.scope.region = "eu-west-1";
  Signing other_service = base;
  other_service.scope.service = "service";
  Signing other_date = base;
  other_date.time += 24h;

  for (const Signing& signing :
       {base, other_secret, base, other_region, base, other_service, base, other_date, base}) {
    HttpRequest request = get_request("https://examplebucket.s3.amazonaws.com");
    sign_request(request, signing.credentials, signing.scope, signing.time, kUnsignedPayload);
    EXPECT_EQ(authorization_of(request),
              expected_authorization(request, signing.credentials, signing.scope));
  }
}

TEST(SignRequestTest, GivesThePublishedSignatureFromManyThreadsAtOnce) {
  const auto examples = published_s3_examples();
  std::atomic<int> mismatches = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const auto& example = examples[(t + i) % examples.size()];
        HttpRequest request = unsigned_request(example);
        sign_request(request, kS3ExampleCredentials, kS3ExampleScope, kS3ExampleTime,
                     example.payload_hash);
        if (authorization_of(request) != example.authorization) ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace s3copy::net
