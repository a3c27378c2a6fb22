// Percent-encoding by AWS SigV4's rules (for object keys in paths, and query strings) and the
// decoding of keys that S3 returns URL-encoded in listings (encoding-type=url).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace s3copy::net {

// Percent-encodes every byte except the unreserved A-Z a-z 0-9 '-' '_' '.' '~' as %XX with
// uppercase hex, byte by byte so that UTF-8 is encoded as its bytes. '/' is kept as it is when
// encode_slash is false (an object key inside a path) and encoded when true (a query value).
std::string uri_encode(std::string_view text, bool encode_slash);
// Same, appended to out: lets callers building a long string avoid a temporary per piece.
void append_uri_encoded(std::string& out, std::string_view text, bool encode_slash);

// Undoes percent-encoding (hex digits in either case). With plus_is_space a '+' becomes a space,
// as in S3's encoding-type=url listings; otherwise '+' stays '+'. nullopt when a '%' is not
// followed by two hex digits. The result is bytes: no UTF-8 validation is made.
std::optional<std::string> uri_decode(std::string_view text, bool plus_is_space);

// Raw (unencoded) name/value pairs; an empty value stands for a valueless parameter ("uploads").
using QueryParameters = std::span<const std::pair<std::string, std::string>>;

// The query string exactly as SigV4 canonicalises it, which is also valid on the wire: every
// name and value uri_encode()d with '/' encoded, pairs sorted by encoded name then encoded value,
// each written "name=value" (an empty value as "name="), joined by '&'. Empty for no parameters.
std::string canonical_query_string(QueryParameters parameters);

}  // namespace s3copy::net
