// libFuzzer target for URLs: the command line's s3:// arguments (plan/s3_url.h) and the
// percent-encoding of keys and query values (net/uri.h), each checked for a lossless round trip.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "net/uri.h"
#include "plan/s3_url.h"

namespace {

using s3copy::net::uri_decode;
using s3copy::net::uri_encode;
using s3copy::plan::bucket_name_problem;
using s3copy::plan::parse_s3_url;
using s3copy::plan::S3Url;

// Reports a broken property as a crash, so that libFuzzer keeps the input as an artifact.
[[noreturn]] void property_broken(const char* property) {
  std::fprintf(stderr, "property broken: %s\n", property);
  std::abort();
}

// An accepted argument names a valid bucket, and printing it (as messages and plans do) gives
// an argument that means the same.
void fuzz_s3_url(std::string_view text) {
  S3Url url;
  try {
    url = parse_s3_url(text, "source");
  } catch (const std::invalid_argument&) {
    return;  // the documented answer to a bad argument
  }
  if (!bucket_name_problem(url.bucket).empty()) property_broken("an accepted bucket is valid");
  const S3Url reparsed = parse_s3_url(url.to_string(), "source");
  if (reparsed.bucket != url.bucket || reparsed.path != url.path) {
    property_broken("parse_s3_url(url.to_string()) == url");
  }
}

// Keys are sent encoded and come back encoded in listings: whatever bytes a key holds, their
// encoding must decode back to them, in every mode the client uses.
void check_encoding_round_trip(std::string_view bytes) {
  for (const bool encode_slash : {false, true}) {
    const std::string encoded = uri_encode(bytes, encode_slash);
    for (const bool plus_is_space : {false, true}) {
      if (uri_decode(encoded, plus_is_space) != bytes) {
        property_broken("uri_decode(uri_encode(x)) == x");
      }
    }
  }
}

void fuzz_uri(std::string_view text) {
  check_encoding_round_trip(text);
  // Listings hand uri_decode() whatever the server sent.
  for (const bool plus_is_space : {false, true}) {
    if (const std::optional<std::string> decoded = uri_decode(text, plus_is_space)) {
      check_encoding_round_trip(*decoded);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz_s3_url(text);
  fuzz_uri(text);
  return 0;
}
