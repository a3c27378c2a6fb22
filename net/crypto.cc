// Hashes and HMAC through OpenSSL 3's EVP interfaces; hex and base64 by hand because they are
// a few lines and OpenSSL's versions want int lengths and NUL terminators.
#include "net/crypto.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>

namespace s3copy::net {
namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";
constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Fetched once and kept for the process: OpenSSL 3 would otherwise look the algorithm up in
// its provider tables on every call, which costs more than hashing a short string.
const EVP_MD* fetch_digest(const char* name) {
  EVP_MD* algorithm = EVP_MD_fetch(nullptr, name, nullptr);
  if (algorithm == nullptr) throw std::runtime_error(std::string("OpenSSL lacks ") + name);
  return algorithm;
}

const EVP_MD* sha256_algorithm() {
  static const EVP_MD* const algorithm = fetch_digest("SHA256");
  return algorithm;
}

const EVP_MD* md5_algorithm() {
  static const EVP_MD* const algorithm = fetch_digest("MD5");
  return algorithm;
}

using MacContext = std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)>;

MacContext new_hmac_sha256_context() {
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  MacContext context(hmac == nullptr ? nullptr : EVP_MAC_CTX_new(hmac), &EVP_MAC_CTX_free);
  EVP_MAC_free(hmac);  // the context holds its own reference
  char digest_name[] = "SHA256";
  const OSSL_PARAM parameters[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  if (!context || EVP_MAC_CTX_set_params(context.get(), parameters) != 1) {
    throw std::runtime_error("OpenSSL lacks HMAC-SHA256");
  }
  return context;
}

// One context per thread, re-keyed by each EVP_MAC_init: creating a context and naming its
// digest costs several times more than the HMAC of a short string. Per thread, so no lock.
EVP_MAC_CTX* hmac_sha256_context() {
  thread_local const MacContext context = new_hmac_sha256_context();
  return context.get();
}

std::string digest(const EVP_MD* algorithm, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out;
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &size, algorithm, nullptr) != 1) {
    throw std::runtime_error("EVP_Digest failed");
  }
  return std::string(reinterpret_cast<const char*>(out.data()), size);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int base64_value(char c) {
  const auto position = kBase64Alphabet.find(c);
  return position == std::string_view::npos ? -1 : static_cast<int>(position);
}

size_t base64_padding(std::string_view text) {
  if (text.ends_with("==")) return 2;
  if (text.ends_with('=')) return 1;
  return 0;
}

}  // namespace

std::string sha256(std::string_view data) {
  return digest(sha256_algorithm(), data);
}

std::string sha256_hex(std::string_view data) {
  return to_hex(sha256(data));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  EVP_MAC_CTX* context = hmac_sha256_context();
  std::array<unsigned char, EVP_MAX_MD_SIZE> out;
  size_t size = 0;
  if (EVP_MAC_init(context, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                   nullptr) != 1 ||
      EVP_MAC_update(context, reinterpret_cast<const unsigned char*>(data.data()), data.size()) !=
          1 ||
      EVP_MAC_final(context, out.data(), &size, out.size()) != 1) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(out.data()), size);
}

std::string md5(std::string_view data) {
  return digest(md5_algorithm(), data);
}

std::string md5_hex(std::string_view data) {
  return to_hex(md5(data));
}

std::string to_hex(std::string_view bytes) {
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex.push_back(kHexDigits[byte >> 4]);
    hex.push_back(kHexDigits[byte & 0x0f]);
  }
  return hex;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_value(hex[i]);
    const int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes.push_back(static_cast<char>(high << 4 | low));
  }
  return bytes;
}

std::string base64_encode(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t available = std::min<size_t>(3, bytes.size() - i);
    uint32_t group = 0;
    for (size_t j = 0; j < 3; ++j) {
      const auto byte = j < available ? static_cast<unsigned char>(bytes[i + j]) : 0u;
      group = group << 8 | byte;
    }
    for (size_t j = 0; j < 4; ++j) {
      // A group of n input bytes fills n + 1 output characters; the rest is padding.
      text.push_back(j <= available ? kBase64Alphabet[group >> (18 - 6 * j) & 0x3f] : '=');
    }
  }
  return text;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  const size_t padding = base64_padding(text);
  const std::string_view digits = text.substr(0, text.size() - padding);
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  uint32_t accumulator = 0;
  int bits = 0;
  for (const char c : digits) {
    const int value = base64_value(c);
    if (value < 0) return std::nullopt;  // also catches '=' before the end
    accumulator = (accumulator << 6 | static_cast<uint32_t>(value)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>(accumulator >> bits & 0xff));
    }
  }
  return bytes;
}

void Md5::ContextDeleter::operator()(evp_md_ctx_st* context) const {
  EVP_MD_CTX_free(context);
}

Md5::Md5() : context_(EVP_MD_CTX_new()) {
  if (!context_ || EVP_DigestInit_ex2(context_.get(), md5_algorithm(), nullptr) != 1) {
    throw std::runtime_error("MD5 initialisation failed");
  }
}

Md5::~Md5() = default;
Md5::Md5(Md5&&) noexcept = default;
Md5& Md5::operator=(Md5&&) noexcept = default;

void Md5::update(std::string_view data) {
  if (EVP_DigestUpdate(context_.get(), data.data(), data.size()) != 1) {
    throw std::runtime_error("MD5 update failed");
  }
}

std::string Md5::finish() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out;
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(context_.get(), out.data(), &size) != 1 ||
      EVP_DigestInit_ex2(context_.get(), md5_algorithm(), nullptr) != 1) {
    throw std::runtime_error("MD5 finish failed");
  }
  return std::string(reinterpret_cast<const char*>(out.data()), size);
}

}  // namespace s3copy::net
