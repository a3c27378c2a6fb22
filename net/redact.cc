// Keeps secrets out of every log line: registered secrets and the credential-bearing parts of
// S3 requests are masked. Plain substring scans, because this runs on every line logged.
#include "net/redact.h"

#include <algorithm>
#include <mutex>

#include "net/text.h"

namespace s3copy::net {
namespace {

constexpr std::string_view kMask = "***";

// Position of `lowercase_needle` in `text` at or after `from`, ignoring the case of `text`.
size_t find_ignoring_case(std::string_view text, std::string_view lowercase_needle, size_t from) {
  if (lowercase_needle.size() > text.size()) return std::string_view::npos;
  const size_t last_start = text.size() - lowercase_needle.size();
  for (size_t at = from; at <= last_start; ++at) {
    if (ascii_lower(text[at]) != lowercase_needle.front()) continue;
    if (std::equal(lowercase_needle.begin(), lowercase_needle.end(), text.begin() + at,
                   [](char n, char t) { return n == ascii_lower(t); })) {
      return at;
    }
  }
  return std::string_view::npos;
}

// Where a header or query value ends: none of these occur in signatures, key ids or tokens
// (which are hex, base64 or percent-encoded), but they do separate values in headers, query
// strings and the messages that quote them.
size_t value_end(std::string_view text, size_t start) {
  const size_t end = text.find_first_of(" \t\r\n&,;\"'<>", start);
  return end == std::string_view::npos ? text.size() : end;
}

size_t skip_blanks(std::string_view text, size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  return at;
}

// In "<name> : <value>", where <value> starts, given where <name> ends; the separator is any of
// `separators` and may have blanks around it. npos when no separator follows the name.
size_t value_after_separator(std::string_view text, size_t name_end, std::string_view separators) {
  const size_t separator = skip_blanks(text, name_end);
  if (separator >= text.size() || separators.find(text[separator]) == std::string_view::npos) {
    return std::string_view::npos;
  }
  return skip_blanks(text, separator + 1);
}

void replace_all(std::string& text, std::string_view secret) {
  for (size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + kMask.size())) {
    text.replace(at, secret.size(), kMask);
  }
}

// Replaces text[start, end) by the mask unless it is empty or already masked; returns where
// scanning should resume.
size_t mask_range(std::string& text, size_t start, size_t end) {
  if (end <= start || std::string_view(text).substr(start, end - start) == kMask) return end;
  text.replace(start, end - start, kMask);
  return start + kMask.size();
}

// "Signature=<hex>" in an Authorization header and "X-Amz-Signature=<hex>" in a presigned URL.
void mask_signatures(std::string& text) {
  constexpr std::string_view kMarker = "signature=";
  for (size_t at = find_ignoring_case(text, kMarker, 0); at != std::string::npos;
       at = find_ignoring_case(text, kMarker, at)) {
    const size_t start = at + kMarker.size();
    at = mask_range(text, start, value_end(text, start));
  }
}

// "Credential=AKIAIOSFODNN7EXAMPLE/20240101/..." keeps "AKIA": enough to tell keys apart in a
// log, too little to use. The '/' may arrive percent-encoded in a presigned URL.
void mask_access_key_ids(std::string& text) {
  constexpr std::string_view kMarker = "credential=";
  constexpr size_t kKeptCharacters = 4;
  for (size_t at = find_ignoring_case(text, kMarker, 0); at != std::string::npos;
       at = find_ignoring_case(text, kMarker, at)) {
    const size_t start = at + kMarker.size();
    const size_t end = std::min(
        {value_end(text, start), text.find('/', start), find_ignoring_case(text, "%2f", start)});
    // A short id would be mostly revealed by its first four characters.
    const size_t kept = end - start >= 2 * kKeptCharacters ? kKeptCharacters : 0;
    const bool already_masked = std::string_view(text).substr(start, end - start).ends_with(kMask);
    at = already_masked ? end : mask_range(text, start + kept, end);
  }
}

// The header "x-amz-security-token: <token>" and the query parameter "X-Amz-Security-Token=...".
// The name alone, as in a SignedHeaders list, is left alone.
void mask_security_tokens(std::string& text) {
  constexpr std::string_view kMarker = "x-amz-security-token";
  for (size_t at = find_ignoring_case(text, kMarker, 0); at != std::string::npos;
       at = find_ignoring_case(text, kMarker, at)) {
    at += kMarker.size();
    const size_t start = value_after_separator(text, at, ":=");
    if (start != std::string_view::npos) at = mask_range(text, start, value_end(text, start));
  }
}

// "Authorization: <scheme> <credentials>" keeps the scheme word ("AWS4-HMAC-SHA256", "AWS")
// and masks the rest of the line, whatever signing scheme produced it.
void mask_authorization_values(std::string& text) {
  constexpr std::string_view kMarker = "authorization";
  for (size_t at = find_ignoring_case(text, kMarker, 0); at != std::string::npos;
       at = find_ignoring_case(text, kMarker, at)) {
    at += kMarker.size();
    size_t start = value_after_separator(text, at, ":");
    if (start == std::string_view::npos) continue;
    const size_t line_end = std::min(text.find_first_of("\r\n", start), text.size());
    const size_t scheme_end = text.find(' ', start);
    if (scheme_end != std::string::npos && scheme_end < line_end) start = scheme_end + 1;
    at = mask_range(text, start, line_end);
  }
}

}  // namespace

Redactor& Redactor::global() {
  // Never destroyed: threads and static destructors may still log while the process exits.
  static Redactor* const instance = new Redactor;
  return *instance;
}

void Redactor::add_secret(std::string secret) {
  if (secret.size() < kMinimumSecretLength) return;
  std::unique_lock lock(mutex_);
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  const auto longer = [](const std::string& a, const std::string& b) {
    return a.size() > b.size();
  };
  secrets_.insert(std::upper_bound(secrets_.begin(), secrets_.end(), secret, longer),
                  std::move(secret));
}

std::string Redactor::scrub(std::string_view text) const {
  std::string result(text);
  {
    std::shared_lock lock(mutex_);
    for (const std::string& secret : secrets_) replace_all(result, secret);
  }
  mask_signatures(result);
  mask_access_key_ids(result);
  mask_security_tokens(result);
  mask_authorization_values(result);
  return result;
}

void add_credential_secrets(Redactor& redactor, const Credentials& credentials) {
  redactor.add_secret(credentials.secret_access_key);
  redactor.add_secret(credentials.session_token);
}

}  // namespace s3copy::net
