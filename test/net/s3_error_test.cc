// Tests for net/s3_error.h: describe() wording, the classification table case by case, the
// S3Error built from bodies and from bodiless answers, and errors hidden in 200 responses.
#include "net/s3_error.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace s3copy::net {
namespace {

S3Error error_with(long status, std::string code, std::string message = "") {
  S3Error error;
  error.http_status = status;
  error.code = std::move(code);
  error.message = std::move(message);
  return error;
}

HttpResponse response_with(long status, std::string body, HeaderList headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

std::string error_body(std::string_view code, std::string_view message = "") {
  std::string body = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  body.append("\n<Error><Code>").append(code).append("</Code>");
  if (!message.empty()) body.append("<Message>").append(message).append("</Message>");
  body.append(
      "<RequestId>656c76696e6727732072657175657374</RequestId>"
      "<HostId>Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==</HostId></Error>");
  return body;
}

const char* name_of(ErrorDisposition disposition) {
  switch (disposition) {
    case ErrorDisposition::kRetry:
      return "kRetry";
    case ErrorDisposition::kSlowDown:
      return "kSlowDown";
    case ErrorDisposition::kWrongRegion:
      return "kWrongRegion";
    case ErrorDisposition::kFinal:
      return "kFinal";
  }
  return "?";
}

// ---------------------------------------------------------------------------------------------
// describe()

TEST(DescribeTest, CodeStatusAndMessage) {
  EXPECT_EQ(error_with(404, "NoSuchBucket", "The specified bucket does not exist").describe(),
            "NoSuchBucket (HTTP 404): The specified bucket does not exist");
}

TEST(DescribeTest, EmptyMessageIsReplacedByAPlainEnglishSentence) {
  EXPECT_EQ(error_with(404, "NoSuchBucket").describe(),
            "NoSuchBucket (HTTP 404): The specified bucket does not exist");
  EXPECT_EQ(error_with(404, "NoSuchKey").describe(),
            "NoSuchKey (HTTP 404): The specified key does not exist");
  EXPECT_EQ(error_with(403, "SignatureDoesNotMatch").describe(),
            "SignatureDoesNotMatch (HTTP 403): The request signature does not match; check the "
            "secret key");
  EXPECT_EQ(error_with(404, "NoSuchUpload").describe(),
            "NoSuchUpload (HTTP 404): The multipart upload does not exist; it may have been "
            "completed or aborted");
}

TEST(DescribeTest, EveryCommonCodeHasAnExplanation) {
  for (const char* code : {"NoSuchBucket",
                           "NoSuchKey",
                           "AccessDenied",
                           "InvalidAccessKeyId",
                           "SignatureDoesNotMatch",
                           "SlowDown",
                           "InternalError",
                           "PreconditionFailed",
                           "EntityTooLarge",
                           "InvalidRequest",
                           "InvalidPart",
                           "NoSuchUpload",
                           "NotFound",
                           "PermanentRedirect",
                           "TemporaryRedirect",
                           "RequestTimeout",
                           "ServiceUnavailable",
                           "RequestTimeTooSkewed",
                           "InvalidArgument",
                           "AuthorizationHeaderMalformed",
                           "InvalidPartOrder",
                           "EntityTooSmall",
                           "TooManyRequests",
                           "BadRequest",
                           "ExpiredToken",
                           "InvalidRange",
                           "QuotaExceeded",
                           "BadDigest"}) {
    const std::string bare = std::string(code) + " (HTTP 400)";
    const std::string described = error_with(400, code).describe();
    EXPECT_GT(described.size(), bare.size() + 2) << code;
    EXPECT_EQ(described.substr(0, bare.size() + 2), bare + ": ") << code;
  }
}

TEST(DescribeTest, UnknownCodeOrNoCodeStillSaysWhatIsKnown) {
  EXPECT_EQ(error_with(418, "Teapot").describe(), "Teapot (HTTP 418)");
  EXPECT_EQ(error_with(418, "").describe(), "HTTP 418");
  EXPECT_EQ(error_with(418, "", "short and stout").describe(), "HTTP 418: short and stout");
}

TEST(DescribeTest, TransportFailures) {
  S3Error refused;
  refused.transport = "Failed to connect to 127.0.0.1 port 7480: Connection refused";
  EXPECT_EQ(refused.describe(),
            "connection failed: Failed to connect to 127.0.0.1 port 7480: Connection refused");

  S3Error timed_out;
  timed_out.timed_out = true;
  EXPECT_EQ(timed_out.describe(), "timed out");
  timed_out.transport = "Operation timed out after 30000 milliseconds with 0 bytes received";
  EXPECT_EQ(timed_out.describe(),
            "timed out: Operation timed out after 30000 milliseconds with 0 bytes received");

  EXPECT_EQ(S3Error{}.describe(), "connection failed: no HTTP response");
}

TEST(DescribeTest, WrongRegionAnswersSayWhereToGo) {
  S3Error redirect = error_with(301, "PermanentRedirect",
                                "The bucket you are attempting to access must be addressed using "
                                "the specified endpoint.");
  redirect.endpoint = "bucket.s3.eu-west-1.amazonaws.com";
  redirect.region = "eu-west-1";
  EXPECT_EQ(redirect.describe(),
            "PermanentRedirect (HTTP 301): The bucket you are attempting to access must be "
            "addressed using the specified endpoint. (bucket region eu-west-1) (endpoint "
            "bucket.s3.eu-west-1.amazonaws.com)");
  // Other answers also carry x-amz-bucket-region; there it would only be noise.
  S3Error denied = error_with(403, "AccessDenied", "Access Denied");
  denied.region = "eu-west-1";
  EXPECT_EQ(denied.describe(), "AccessDenied (HTTP 403): Access Denied");
}

// ---------------------------------------------------------------------------------------------
// classify()

struct ClassifyCase {
  long status;
  std::string code;
  std::string region;
  ErrorDisposition expected;
};

TEST(ClassifyTest, Table) {
  using enum ErrorDisposition;
  const std::vector<ClassifyCase> cases = {
      // Transient server failures.
      {500, "InternalError", "", kRetry},
      {500, "", "", kRetry},
      {502, "", "", kRetry},
      {504, "", "", kRetry},
      {504, "GatewayTimeout", "", kRetry},
      {408, "", "", kRetry},
      {400, "RequestTimeout", "", kRetry},
      {500, "ServiceUnavailable", "", kRetry},
      // Throttling.
      {503, "SlowDown", "", kSlowDown},
      {503, "ServiceUnavailable", "", kSlowDown},
      {503, "InternalError", "", kSlowDown},
      {503, "", "", kSlowDown},
      {429, "", "", kSlowDown},
      {429, "TooManyRequests", "", kSlowDown},
      {400, "SlowDown", "", kSlowDown},
      {400, "TooManyRequests", "", kSlowDown},
      {400, "RequestLimitExceeded", "", kSlowDown},
      // Wrong region.
      {301, "PermanentRedirect", "eu-west-1", kWrongRegion},
      {301, "", "", kWrongRegion},
      {307, "TemporaryRedirect", "", kWrongRegion},
      {307, "", "", kWrongRegion},
      {400, "AuthorizationHeaderMalformed", "eu-west-1", kWrongRegion},
      {400, "IllegalLocationConstraintException", "", kWrongRegion},
      // Final.
      {400, "AuthorizationHeaderMalformed", "", kFinal},
      {400, "InvalidArgument", "", kFinal},
      {400, "BadRequest", "", kFinal},
      {400, "EntityTooLarge", "", kFinal},
      {400, "InvalidPart", "", kFinal},
      {403, "AccessDenied", "", kFinal},
      {403, "AccessDenied", "eu-west-1", kFinal},
      {403, "SignatureDoesNotMatch", "", kFinal},
      {403, "InvalidAccessKeyId", "", kFinal},
      {403, "RequestTimeTooSkewed", "", kFinal},
      {404, "NoSuchKey", "", kFinal},
      {404, "NoSuchBucket", "", kFinal},
      {404, "NoSuchUpload", "", kFinal},
      {404, "NotFound", "", kFinal},
      {412, "PreconditionFailed", "", kFinal},
      {416, "InvalidRange", "", kFinal},
      {501, "NotImplemented", "", kFinal},
      // An <Error> hidden in a 200 is classified by its code.
      {200, "InternalError", "", kRetry},
      {200, "SlowDown", "", kSlowDown},
      {200, "ServiceUnavailable", "", kRetry},
      {200, "NoSuchKey", "", kFinal},
      {200, "", "", kFinal},
  };
  for (const ClassifyCase& c : cases) {
    S3Error error = error_with(c.status, c.code);
    error.region = c.region;
    EXPECT_EQ(name_of(classify(error)), std::string(name_of(c.expected)))
        << "HTTP " << c.status << " code \"" << c.code << "\" region \"" << c.region << "\"";
  }
}

TEST(ClassifyTest, AnUntrustedCertificateIsFinalAndSaysHowToTrustIt) {
  S3Error untrusted;
  untrusted.transport = "SSL certificate problem: self-signed certificate";
  untrusted.certificate_rejected = true;
  EXPECT_EQ(classify(untrusted), ErrorDisposition::kFinal);
  EXPECT_EQ(untrusted.describe(),
            "the server's TLS certificate is not trusted (SSL certificate problem: self-signed "
            "certificate); give its CA certificates with --ca-bundle FILE (or, knowing the risk, "
            "--no-verify-ssl)");
}

TEST(ClassifyTest, TransportFailuresAreRetried) {
  S3Error reset;
  reset.transport = "Recv failure: Connection reset by peer";
  EXPECT_EQ(classify(reset), ErrorDisposition::kRetry);

  S3Error timed_out;
  timed_out.timed_out = true;
  EXPECT_EQ(classify(timed_out), ErrorDisposition::kRetry);

  // A body cut short after the status line arrived is a transport failure too.
  S3Error cut_short = error_with(404, "NoSuchKey");
  cut_short.transport = "transfer closed with 100 bytes remaining to read";
  EXPECT_EQ(classify(cut_short), ErrorDisposition::kRetry);

  EXPECT_EQ(classify(S3Error{}), ErrorDisposition::kRetry);
}

// ---------------------------------------------------------------------------------------------
// error_from_response()

TEST(ErrorFromResponseTest, ReadsTheErrorBodyAndKeepsTheStatus) {
  const S3Error error = error_from_response(
      response_with(404, error_body("NoSuchKey", "The specified key does not exist."),
                    {{"x-amz-request-id", "header-id"}, {"content-type", "application/xml"}}));
  EXPECT_EQ(error.http_status, 404);
  EXPECT_EQ(error.code, "NoSuchKey");
  EXPECT_EQ(error.message, "The specified key does not exist.");
  // The body's RequestId wins over the header's.
  EXPECT_EQ(error.request_id, "656c76696e6727732072657175657374");
  EXPECT_EQ(error.transport, "");
  EXPECT_FALSE(error.timed_out);
  EXPECT_EQ(classify(error), ErrorDisposition::kFinal);
}

TEST(ErrorFromResponseTest, PermanentRedirectBodyGivesEndpointAndHeaderGivesRegion) {
  const S3Error error = error_from_response(response_with(
      301,
      "<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access "
      "must be addressed using the specified endpoint.</Message>"
      "<Endpoint>bucket.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>bucket</Bucket></Error>",
      {{"x-amz-bucket-region", "eu-west-1"}}));
  EXPECT_EQ(error.code, "PermanentRedirect");
  EXPECT_EQ(error.endpoint, "bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(error.region, "eu-west-1");
  EXPECT_EQ(classify(error), ErrorDisposition::kWrongRegion);
}

TEST(ErrorFromResponseTest, RegionElementWinsOverTheHeader) {
  const S3Error error = error_from_response(response_with(
      400,
      "<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is "
      "malformed; the region 'us-east-1' is wrong; expecting 'ap-south-1'</Message>"
      "<Region>ap-south-1</Region></Error>",
      {{"x-amz-bucket-region", "somewhere-else"}}));
  EXPECT_EQ(error.region, "ap-south-1");
  EXPECT_EQ(classify(error), ErrorDisposition::kWrongRegion);
}

TEST(ErrorFromResponseTest, RadosgwErrorWithOnlyACode) {
  const S3Error error =
      error_from_response(response_with(403, "<Error><Code>AccessDenied</Code></Error>"));
  EXPECT_EQ(error.code, "AccessDenied");
  EXPECT_EQ(error.describe(), "AccessDenied (HTTP 403): Access denied");
}

TEST(ErrorFromResponseTest, BodilessAnswersGetACodeFromTheStatus) {
  struct Case {
    long status;
    const char* code;
    ErrorDisposition disposition;
  };
  using enum ErrorDisposition;
  for (const Case& c :
       {Case{404, "NotFound", kFinal}, Case{403, "AccessDenied", kFinal},
        Case{301, "PermanentRedirect", kWrongRegion}, Case{307, "TemporaryRedirect", kWrongRegion},
        Case{400, "BadRequest", kFinal}, Case{412, "PreconditionFailed", kFinal},
        Case{500, "InternalError", kRetry}, Case{503, "ServiceUnavailable", kSlowDown},
        Case{429, "TooManyRequests", kSlowDown}, Case{418, "", kFinal}}) {
    const S3Error error = error_from_response(response_with(c.status, ""));
    EXPECT_EQ(error.code, c.code) << c.status;
    EXPECT_EQ(error.http_status, c.status);
    EXPECT_EQ(name_of(classify(error)), std::string(name_of(c.disposition))) << c.status;
  }
}

TEST(ErrorFromResponseTest, HeadInTheWrongRegion) {
  // HeadBucket/HeadObject signed for the wrong region: no body, only the region header.
  const S3Error moved = error_from_response(
      response_with(301, "", {{"x-amz-bucket-region", "eu-west-1"}, {"x-amz-request-id", "R1"}}));
  EXPECT_EQ(moved.code, "PermanentRedirect");
  EXPECT_EQ(moved.region, "eu-west-1");
  EXPECT_EQ(moved.request_id, "R1");
  EXPECT_EQ(classify(moved), ErrorDisposition::kWrongRegion);

  const S3Error bad_request =
      error_from_response(response_with(400, "", {{"x-amz-bucket-region", "us-west-2"}}));
  EXPECT_EQ(bad_request.code, "AuthorizationHeaderMalformed");
  EXPECT_EQ(bad_request.region, "us-west-2");
  EXPECT_EQ(classify(bad_request), ErrorDisposition::kWrongRegion);
}

TEST(ErrorFromResponseTest, NonXmlBodyFromAProxyFallsBackToTheStatus) {
  const S3Error error =
      error_from_response(response_with(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"));
  EXPECT_EQ(error.code, "BadGateway");
  EXPECT_EQ(error.message, "");
  EXPECT_EQ(classify(error), ErrorDisposition::kRetry);
}

TEST(ErrorFromResponseTest, CopiesTransportFailures) {
  HttpResponse response;
  response.transport_error = "Connection timed out after 10001 milliseconds";
  response.timed_out = true;
  const S3Error error = error_from_response(response);
  EXPECT_EQ(error.http_status, 0);
  EXPECT_EQ(error.transport, "Connection timed out after 10001 milliseconds");
  EXPECT_TRUE(error.timed_out);
  EXPECT_EQ(error.code, "");
  EXPECT_EQ(classify(error), ErrorDisposition::kRetry);
  EXPECT_EQ(error.describe(), "timed out: Connection timed out after 10001 milliseconds");
}

// ---------------------------------------------------------------------------------------------
// Errors hidden in 200 answers (CopyObject, UploadPartCopy, CompleteMultipartUpload)

const std::string kKeepAlive = std::string(64, ' ') + "\n" + std::string(64, ' ') + "\n";

TEST(HiddenErrorTest, CopyObjectInternalErrorIn200IsRetried) {
  const HttpResponse response = response_with(
      200, kKeepAlive +
               error_body("InternalError", "We encountered an internal error. Please try again."));
  ASSERT_TRUE(response_is_error(response, /*may_hide_error_in_200=*/true));
  const S3Error error = error_from_response(response);
  EXPECT_EQ(error.http_status, 200);
  EXPECT_EQ(error.code, "InternalError");
  EXPECT_EQ(error.message, "We encountered an internal error. Please try again.");
  EXPECT_EQ(classify(error), ErrorDisposition::kRetry);
  EXPECT_EQ(error.describe(),
            "InternalError (HTTP 200): We encountered an internal error. Please try again.");
}

TEST(HiddenErrorTest, UploadPartCopySlowDownIn200SlowsDown) {
  const HttpResponse response =
      response_with(200, error_body("SlowDown", "Please reduce your request rate."));
  ASSERT_TRUE(response_is_error(response, true));
  EXPECT_EQ(classify(error_from_response(response)), ErrorDisposition::kSlowDown);
}

TEST(HiddenErrorTest, CompleteMultipartUploadErrorAfterWhitespaceIsFound) {
  const HttpResponse response =
      response_with(200, "\n\n\n\n" + error_body("InvalidPart",
                                                 "One or more of the specified "
                                                 "parts could not be found."));
  ASSERT_TRUE(response_is_error(response, true));
  const S3Error error = error_from_response(response);
  EXPECT_EQ(error.code, "InvalidPart");
  EXPECT_EQ(classify(error), ErrorDisposition::kFinal);
}

TEST(HiddenErrorTest, SuccessfulBodiesAreNotErrors) {
  EXPECT_FALSE(response_is_error(
      response_with(200, kKeepAlive + "<CopyObjectResult><LastModified>2009-10-28T22:32:00"
                                      "</LastModified><ETag>\"9b2c\"</ETag></CopyObjectResult>"),
      true));
  EXPECT_FALSE(response_is_error(
      response_with(200, "<CopyPartResult><ETag>\"e\"</ETag></CopyPartResult>"), true));
  EXPECT_FALSE(response_is_error(
      response_with(200, kKeepAlive + "<CompleteMultipartUploadResult><ETag></ETag>"
                                      "</CompleteMultipartUploadResult>"),
      true));
  // A key named "Error" in a success document is not an <Error> document.
  EXPECT_FALSE(response_is_error(response_with(200,
                                               "<CompleteMultipartUploadResult><Key>Error</Key>"
                                               "</CompleteMultipartUploadResult>"),
                                 true));
}

TEST(HiddenErrorTest, OnlyOperationsThatMayHideErrorsLookAtA200Body) {
  // A GetObject whose content happens to be an <Error> document succeeded.
  const HttpResponse response = response_with(200, error_body("InternalError"));
  EXPECT_FALSE(response_is_error(response, false));
  EXPECT_TRUE(response_is_error(response, true));
}

TEST(ResponseIsErrorTest, StatusAndTransport) {
  EXPECT_FALSE(response_is_error(response_with(200, ""), true));
  EXPECT_FALSE(response_is_error(response_with(204, ""), false));
  EXPECT_FALSE(response_is_error(response_with(206, "partial"), false));
  EXPECT_TRUE(response_is_error(response_with(404, ""), false));
  EXPECT_TRUE(response_is_error(response_with(304, ""), false));
  EXPECT_TRUE(response_is_error(response_with(500, "oops"), false));
  EXPECT_TRUE(response_is_error(response_with(0, ""), false));

  HttpResponse cut_short = response_with(200, "<CopyObjectResult>");
  cut_short.transport_error = "transfer closed with outstanding read data remaining";
  EXPECT_TRUE(response_is_error(cut_short, false));

  HttpResponse timed_out = response_with(200, "");
  timed_out.timed_out = true;
  EXPECT_TRUE(response_is_error(timed_out, false));
}

}  // namespace
}  // namespace s3copy::net
