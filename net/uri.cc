// Percent-encoding and decoding for S3 paths, queries and listings.
// Works on bytes, never on characters, so any key S3 can store survives a round trip.
#include "net/uri.h"

#include <algorithm>
#include <vector>

namespace s3copy::net {
namespace {

constexpr std::string_view kUppercaseHexDigits = "0123456789ABCDEF";

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Each byte becomes at most three characters; reserving for the worst case costs little memory
// for keys (at most 1,024 bytes) and guarantees one allocation.
size_t worst_case_encoded_size(std::string_view text) {
  return text.size() * 3;
}

// The byte that "%XX" at the start of escape stands for; nullopt when it is cut short or XX is
// not hex.
std::optional<char> decode_percent_escape(std::string_view escape) {
  if (escape.size() < 3) return std::nullopt;
  const int high = hex_value(escape[1]);
  const int low = hex_value(escape[2]);
  if (high < 0 || low < 0) return std::nullopt;
  return static_cast<char>(high << 4 | low);
}

}  // namespace

void append_uri_encoded(std::string& out, std::string_view text, bool encode_slash) {
  out.reserve(out.size() + worst_case_encoded_size(text));
  for (const char c : text) {
    if (is_unreserved(c) || (c == '/' && !encode_slash)) {
      out.push_back(c);
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out.push_back('%');
    out.push_back(kUppercaseHexDigits[byte >> 4]);
    out.push_back(kUppercaseHexDigits[byte & 0x0f]);
  }
}

std::string uri_encode(std::string_view text, bool encode_slash) {
  std::string out;
  append_uri_encoded(out, text, encode_slash);
  return out;
}

std::optional<std::string> uri_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const auto byte = decode_percent_escape(text.substr(i));
      if (!byte) return std::nullopt;
      out.push_back(*byte);
      i += 2;
    } else {
      out.push_back(c == '+' && plus_is_space ? ' ' : c);
    }
  }
  return out;
}

std::string canonical_query_string(QueryParameters parameters) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(parameters.size());
  size_t total_size = 0;
  for (const auto& [name, value] : parameters) {
    encoded.emplace_back(uri_encode(name, true), uri_encode(value, true));
    total_size += encoded.back().first.size() + encoded.back().second.size() + 2;
  }
  std::sort(encoded.begin(), encoded.end());
  std::string query;
  query.reserve(total_size);
  for (const auto& [name, value] : encoded) {
    if (&name != &encoded.front().first) query.push_back('&');
    query.append(name).append("=").append(value);
  }
  return query;
}

}  // namespace s3copy::net
