// S3Error::describe(), the classification of S3 failures, and the S3Error of an HTTP exchange
// (from its <Error> body, or from its status and headers when it has none).
#include "net/s3_error.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <string_view>

#include "net/s3_xml.h"

namespace s3copy::net {
namespace {

struct CodeExplanation {
  std::string_view code;
  std::string_view text;
};

// Stands in for <Message> when a server sends none (radosgw, and every HEAD answer).
constexpr std::array kExplanations = {
    CodeExplanation{"AccessDenied", "Access denied"},
    CodeExplanation{"AuthorizationHeaderMalformed",
                    "The authorization header is malformed; the request may name the wrong "
                    "region"},
    CodeExplanation{"BadDigest", "The Content-MD5 or checksum does not match the data received"},
    CodeExplanation{"BadGateway", "A gateway in front of the server received no valid answer"},
    CodeExplanation{"BadRequest", "The server rejected the request"},
    CodeExplanation{"EntityTooLarge", "The object or part is larger than the server allows"},
    CodeExplanation{"EntityTooSmall", "A part other than the last is smaller than the minimum"},
    CodeExplanation{"ExpiredToken", "The session token has expired"},
    CodeExplanation{"GatewayTimeout", "A gateway in front of the server timed out"},
    CodeExplanation{"IllegalLocationConstraintException",
                    "The bucket is in another region than the one the request was sent to"},
    CodeExplanation{"InternalError", "The server hit an internal error"},
    CodeExplanation{"InvalidAccessKeyId", "The access key ID is not known to the server"},
    CodeExplanation{"InvalidArgument", "An argument of the request is not valid"},
    CodeExplanation{"InvalidBucketName", "The bucket name is not valid"},
    CodeExplanation{"InvalidPart", "A listed part does not exist or its ETag does not match"},
    CodeExplanation{"InvalidPartOrder", "The parts are not listed in ascending order"},
    CodeExplanation{"InvalidRange", "The requested range cannot be satisfied"},
    CodeExplanation{"InvalidRequest", "The server rejected the request as not valid"},
    CodeExplanation{"InvalidToken", "The session token is malformed or not valid"},
    CodeExplanation{"MethodNotAllowed", "The method is not allowed on this resource"},
    CodeExplanation{"MissingContentLength", "The request lacks a Content-Length"},
    CodeExplanation{"NoSuchBucket", "The specified bucket does not exist"},
    CodeExplanation{"NoSuchKey", "The specified key does not exist"},
    CodeExplanation{"NoSuchUpload",
                    "The multipart upload does not exist; it may have been completed or aborted"},
    CodeExplanation{"NotFound", "The bucket or key does not exist"},
    CodeExplanation{"NotImplemented", "The server does not implement this request"},
    CodeExplanation{"NotModified", "The object has not been modified"},
    CodeExplanation{"PermanentRedirect",
                    "The bucket must be addressed through another endpoint or region"},
    CodeExplanation{"PreconditionFailed",
                    "A precondition did not hold; the source object may have changed"},
    CodeExplanation{"QuotaExceeded", "The bucket or user quota is exceeded"},
    CodeExplanation{"RequestLimitExceeded", "Too many requests; the server asks to slow down"},
    CodeExplanation{"RequestTimeTooSkewed",
                    "The request time is too far from the server's; check the clock"},
    CodeExplanation{"RequestTimeout", "The connection was idle or too slow for too long"},
    CodeExplanation{"ServiceUnavailable", "The service is unavailable"},
    CodeExplanation{"SignatureDoesNotMatch",
                    "The request signature does not match; check the secret key"},
    CodeExplanation{"SlowDown", "The server asks to reduce the request rate"},
    CodeExplanation{"TemporaryRedirect",
                    "The bucket must be addressed through another endpoint for now"},
    CodeExplanation{"TooManyRequests", "Too many requests; the server asks to slow down"},
};

struct StatusCode {
  long status;
  std::string_view code;
};

// The codes S3 would have sent, for answers that have no body to send them in (HEAD). A 404
// cannot tell a missing bucket from a missing key, hence NotFound, as the AWS SDKs report it.
constexpr std::array kCodesByStatus = {
    StatusCode{301, "PermanentRedirect"},    StatusCode{304, "NotModified"},
    StatusCode{307, "TemporaryRedirect"},    StatusCode{400, "BadRequest"},
    StatusCode{403, "AccessDenied"},         StatusCode{404, "NotFound"},
    StatusCode{405, "MethodNotAllowed"},     StatusCode{408, "RequestTimeout"},
    StatusCode{411, "MissingContentLength"}, StatusCode{412, "PreconditionFailed"},
    StatusCode{416, "InvalidRange"},         StatusCode{429, "TooManyRequests"},
    StatusCode{500, "InternalError"},        StatusCode{501, "NotImplemented"},
    StatusCode{502, "BadGateway"},           StatusCode{503, "ServiceUnavailable"},
    StatusCode{504, "GatewayTimeout"},
};

std::string_view explanation_of(std::string_view code) {
  const auto found = std::ranges::find(kExplanations, code, &CodeExplanation::code);
  return found == kExplanations.end() ? std::string_view() : found->text;
}

std::string inferred_code(long status, bool names_region) {
  // AWS answers a HEAD signed for the wrong region with a bare 400 carrying x-amz-bucket-region.
  if (status == 400 && names_region) return "AuthorizationHeaderMalformed";
  const auto found = std::ranges::find(kCodesByStatus, status, &StatusCode::status);
  return found == kCodesByStatus.end() ? std::string() : std::string(found->code);
}

bool is_one_of(std::string_view code, std::initializer_list<std::string_view> codes) {
  return std::ranges::find(codes, code) != codes.end();
}

bool is_one_of(long status, std::initializer_list<long> statuses) {
  return std::ranges::find(statuses, status) != statuses.end();
}

bool is_transport_failure(const S3Error& error) {
  return error.http_status == 0 || !error.transport.empty() || error.timed_out;
}

bool is_throttling(const S3Error& error) {
  return is_one_of(error.http_status, {429, 503}) ||
         is_one_of(error.code, {"SlowDown", "TooManyRequests", "RequestLimitExceeded"});
}

bool is_transient(const S3Error& error) {
  return is_one_of(error.http_status, {408, 500, 502, 504}) ||
         is_one_of(error.code, {"InternalError", "RequestTimeout", "ServiceUnavailable"});
}

bool is_wrong_region(const S3Error& error) {
  if (error.code == "AuthorizationHeaderMalformed") return !error.region.empty();
  return is_one_of(error.http_status, {301, 307}) ||
         is_one_of(error.code, {"PermanentRedirect", "TemporaryRedirect",
                                "IllegalLocationConstraintException"});
}

std::string describe_transport_failure(const S3Error& error) {
  if (error.certificate_rejected) {
    return "the server's TLS certificate is not trusted (" + error.transport +
           "); give its CA certificates with --ca-bundle FILE (or, knowing the risk, "
           "--no-verify-ssl)";
  }
  if (error.timed_out) {
    return error.transport.empty() ? "timed out" : "timed out: " + error.transport;
  }
  return "connection failed: " + (error.transport.empty() ? "no HTTP response" : error.transport);
}

// Where a wrong-region answer says to go; it is what the user needs to fix a configuration.
std::string describe_destination(const S3Error& error) {
  std::string destination;
  if (!error.region.empty()) {
    destination.append(" (bucket region ").append(error.region).append(")");
  }
  if (!error.endpoint.empty()) destination.append(" (endpoint ").append(error.endpoint).append(")");
  return destination;
}

}  // namespace

std::string S3Error::describe() const {
  if (is_transport_failure(*this)) return describe_transport_failure(*this);
  const std::string status = "HTTP " + std::to_string(http_status);
  std::string line = code.empty() ? status : code + " (" + status + ")";
  const std::string_view explanation = message.empty() ? explanation_of(code) : message;
  if (!explanation.empty()) line.append(": ").append(explanation);
  if (classify(*this) == ErrorDisposition::kWrongRegion) line.append(describe_destination(*this));
  return line;
}

ErrorDisposition classify(const S3Error& error) {
  if (error.certificate_rejected) return ErrorDisposition::kFinal;
  if (is_transport_failure(error)) return ErrorDisposition::kRetry;
  if (is_throttling(error)) return ErrorDisposition::kSlowDown;
  if (is_transient(error)) return ErrorDisposition::kRetry;
  if (is_wrong_region(error)) return ErrorDisposition::kWrongRegion;
  return ErrorDisposition::kFinal;
}

S3Error error_from_response(const HttpResponse& response) {
  S3Error error = parse_error_document(response.body).value_or(S3Error{});
  error.http_status = response.status;
  error.transport = response.transport_error;
  error.timed_out = response.timed_out;
  error.certificate_rejected = response.certificate_rejected;
  if (error.region.empty()) error.region = response.header("x-amz-bucket-region").value_or("");
  if (error.request_id.empty()) {
    error.request_id = response.header("x-amz-request-id").value_or("");
  }
  if (error.code.empty()) error.code = inferred_code(response.status, !error.region.empty());
  return error;
}

bool response_is_error(const HttpResponse& response, bool may_hide_error_in_200) {
  if (response.status == 0 || !response.transport_error.empty() || response.timed_out) return true;
  if (response.status < 200 || response.status > 299) return true;
  return may_hide_error_in_200 && parse_error_document(response.body).has_value();
}

}  // namespace s3copy::net
