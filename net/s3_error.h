// Turns a finished HTTP exchange into an S3Error and decides what a failure calls for: a retry,
// a slower pace, another region, or giving up. S3Error::describe() is implemented here too.
#pragma once

#include "net/http_message.h"
#include "net/s3_types.h"

namespace s3copy::net {

enum class ErrorDisposition {
  kRetry,        // transient: transport failures, 500, 502, 504, 408, InternalError, ...
  kSlowDown,     // throttled: 503, 429, SlowDown, TooManyRequests, RequestLimitExceeded
  kWrongRegion,  // the bucket lives elsewhere: 301, 307, AuthorizationHeaderMalformed naming a
                 // region, IllegalLocationConstraintException; see S3Error::region and endpoint
  kFinal,        // anything else: 403, 404, 412, InvalidArgument, ...
};

// Decides by the transport first (no response: kRetry), then by the code, then by the HTTP
// status, so that an <Error> hidden in a 200 is classified by its code.
ErrorDisposition classify(const S3Error& error);

// Builds the S3Error for a finished exchange: the <Error> body's fields if there is one; for a
// bodiless answer (HEAD) a code inferred from the status (404 -> NotFound, 403 -> AccessDenied,
// 301 -> PermanentRedirect, a 400 carrying x-amz-bucket-region -> AuthorizationHeaderMalformed,
// ...). region falls back to x-amz-bucket-region and request_id to x-amz-request-id. Transport
// failures are copied. Call it only when response_is_error() is true.
S3Error error_from_response(const HttpResponse& response);

// True when the exchange failed: no HTTP response, a status outside 2xx, or, when
// may_hide_error_in_200 (CopyObject, UploadPartCopy, CompleteMultipartUpload), a 2xx whose
// body is an <Error> document (leading whitespace allowed).
bool response_is_error(const HttpResponse& response, bool may_hide_error_in_200);

}  // namespace s3copy::net
