// What an ETag says about an object's bytes: the multipart ETag parts imply, the metadata s3copy
// records where a copy's ETag cannot be the source's, and which encryption makes ETags not MD5s.
#include "plan/etag.h"

#include <openssl/evp.h>

#include "plan/object_entry.h"
#include "plan/text.h"

namespace s3copy::plan {
namespace {

// The 16 bytes a 32-hex-digit MD5 ETag spells.
std::string md5_bytes_of(const std::string& etag) {
  std::string bytes;
  for (size_t i = 0; i < etag.size(); i += 2) {
    bytes += static_cast<char>(hex_value(etag[i]) * 16 + hex_value(etag[i + 1]));
  }
  return bytes;
}

// net/crypto.h has the same; plan/ stays free of net/, so it asks OpenSSL itself (once an object).
std::string md5_hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kDigits[digest[i] >> 4];
    hex += kDigits[digest[i] & 0xf];
  }
  return hex;
}

}  // namespace

std::string multipart_etag(const std::vector<std::string>& part_etags) {
  std::string digests;
  for (const std::string& etag : part_etags) {
    if (!looks_like_md5(etag)) return "";
    digests += md5_bytes_of(etag);
  }
  return md5_hex(digests) + "-" + std::to_string(part_etags.size());
}

bool matches_temp_file(const std::string& copied_etag, const std::string& temp_etag) {
  if (copied_etag.empty() || temp_etag.empty()) return false;
  if (copied_etag == temp_etag) return true;
  return multipart_etag({copied_etag}) == temp_etag;
}

bool etag_is_not_an_md5(std::string_view server_side_encryption) {
  return server_side_encryption == "aws:kms" || server_side_encryption == "aws:kms:dsse" ||
         server_side_encryption == "SSE-C";
}

}  // namespace s3copy::plan
