// Hashes, HMAC and byte encodings that request signing and integrity checks need (OpenSSL 3).
// Digests come back as raw bytes in a std::string; to_hex()/base64_encode() make them printable.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

// OpenSSL's digest context, declared here so that this header does not pull in OpenSSL.
struct evp_md_ctx_st;

namespace s3copy::net {

// Raw 32-byte SHA-256 digest.
std::string sha256(std::string_view data);
// Lowercase hex SHA-256 digest (64 characters), as SigV4 writes payload hashes.
std::string sha256_hex(std::string_view data);
// Raw 32-byte HMAC-SHA256 of data under key.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Raw 16-byte MD5 digest (S3 ETags and Content-MD5, not security).
std::string md5(std::string_view data);
// Lowercase hex MD5 digest (32 characters), the form S3 uses in ETags.
std::string md5_hex(std::string_view data);

// Lowercase hex of arbitrary bytes: two characters per byte.
std::string to_hex(std::string_view bytes);
// Bytes from hex in either case; nullopt on an odd length or a non-hex character.
std::optional<std::string> from_hex(std::string_view hex);

// Standard base64 (RFC 4648 section 4) with '=' padding, no line breaks.
std::string base64_encode(std::string_view bytes);
// Strict inverse of base64_encode: nullopt on a length that is not a multiple of 4, a character
// outside the alphabet, or padding anywhere but at the end. Whitespace is not accepted.
std::optional<std::string> base64_decode(std::string_view text);

// MD5 over data that arrives in pieces (a large download, part by part).
// Not thread-safe; movable, not copyable.
class Md5 {
 public:
  Md5();
  ~Md5();
  Md5(Md5&&) noexcept;
  Md5& operator=(Md5&&) noexcept;

  void update(std::string_view data);
  // Raw 16-byte digest of everything passed to update(); then starts over, empty.
  std::string finish();

 private:
  struct ContextDeleter {
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_ctx_st, ContextDeleter> context_;
};

}  // namespace s3copy::net
