// AWS Signature Version 4: canonical request, string to sign, signing key, Authorization header.
// Written for a hot path: one pass over headers, strings reserved up front, keys cached per thread.
#include "net/sigv4.h"

#include <algorithm>
#include <array>
#include <vector>

#include "net/crypto.h"
#include "net/text.h"
#include "net/uri.h"

namespace s3copy::net {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kTerminator = "aws4_request";

using Header = std::pair<std::string, std::string>;

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool header_name_less(const Header* a, const Header* b) {
  return std::ranges::lexicographical_compare(a->first, b->first, {}, ascii_lower, ascii_lower);
}

bool same_header_name(const Header* a, const Header* b) {
  return !header_name_less(a, b) && !header_name_less(b, a);
}

// Pointers, not copies: sorting must not allocate a string per header. The sort is stable
// because repeated headers are signed with their values in the order they are sent.
std::vector<const Header*> headers_sorted_by_name(const HttpRequest& request) {
  std::vector<const Header*> sorted;
  sorted.reserve(request.headers.size());
  for (const auto& header : request.headers) sorted.push_back(&header);
  std::ranges::stable_sort(sorted, header_name_less);
  return sorted;
}

void append_lowercase(std::string& out, std::string_view text) {
  for (const char c : text) out.push_back(ascii_lower(c));
}

// SigV4 trims the value and collapses each inner run of whitespace to a single space.
void append_trimmed_value(std::string& out, std::string_view value) {
  bool pending_space = false;
  bool wrote_any = false;
  for (const char c : value) {
    if (is_blank(c)) {
      pending_space = wrote_any;
      continue;
    }
    if (pending_space) out.push_back(' ');
    out.push_back(c);
    pending_space = false;
    wrote_any = true;
  }
}

// "name:value1,value2\n" for each distinct name, then the ';'-joined names into signed_names.
void append_canonical_headers(std::string& out, std::string& signed_names,
                              const std::vector<const Header*>& sorted) {
  for (size_t i = 0; i < sorted.size(); ++i) {
    const bool repeats_previous = i > 0 && same_header_name(sorted[i - 1], sorted[i]);
    if (repeats_previous) {
      out.back() = ',';  // replaces the previous value's '\n'
    } else {
      if (!signed_names.empty()) signed_names.push_back(';');
      append_lowercase(signed_names, sorted[i]->first);
      append_lowercase(out, sorted[i]->first);
      out.push_back(':');
    }
    append_trimmed_value(out, sorted[i]->second);
    out.push_back('\n');
  }
}

size_t estimated_canonical_size(const HttpRequest& request) {
  size_t size = request.method.size() + request.encoded_path.size() + 128;
  for (const auto& [name, value] : request.headers) size += 2 * name.size() + value.size() + 3;
  for (const auto& [name, value] : request.query) size += 3 * (name.size() + value.size()) + 2;
  return size;
}

std::string build_canonical_request(const HttpRequest& request, std::string_view payload_hash,
                                    std::string& signed_names) {
  std::string out;
  out.reserve(estimated_canonical_size(request));
  out.append(request.method).push_back('\n');
  // S3 signs the path exactly as sent: already encoded once, never normalised.
  out.append(request.encoded_path.empty() ? "/" : request.encoded_path).push_back('\n');
  out.append(canonical_query_string(request.query)).push_back('\n');
  append_canonical_headers(out, signed_names, headers_sorted_by_name(request));
  out.push_back('\n');
  out.append(signed_names).push_back('\n');
  out.append(payload_hash);
  return out;
}

void append_digits(std::string& out, int value, int width) {
  std::array<char, 12> digits{};
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 && count < static_cast<int>(digits.size()));
  for (int i = count; i < width; ++i) out.push_back('0');
  while (count > 0) out.push_back(digits[--count]);
}

bool ends_with_default_port(std::string_view origin, std::string_view authority) {
  return (origin.starts_with("http://") && authority.ends_with(":80")) ||
         (origin.starts_with("https://") && authority.ends_with(":443"));
}

// "https://bucket.s3.amazonaws.com:443" -> "bucket.s3.amazonaws.com"; a non-default port stays,
// as HTTP clients send it in Host.
std::string host_of(std::string_view origin) {
  const auto scheme_end = origin.find("://");
  std::string_view authority =
      scheme_end == std::string_view::npos ? origin : origin.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (ends_with_default_port(origin, authority)) {
    authority.remove_suffix(authority.size() - authority.rfind(':'));
  }
  return std::string(authority);
}

void remove_header(HttpRequest& request, std::string_view name) {
  std::erase_if(request.headers,
                [&](const Header& header) { return equals_ignoring_case(header.first, name); });
}

// Derived keys change only with the date, so each thread keeps the few it used last: four HMACs
// saved per request without any lock, with room for a source and a destination that differ in
// account or region.
class SigningKeyCache {
 public:
  const std::string& key_for(std::string_view secret, std::string_view date,
                             std::string_view region, std::string_view service) {
    for (const auto& entry : entries_) {
      if (entry.secret == secret && entry.date == date && entry.region == region &&
          entry.service == service && !entry.key.empty()) {
        return entry.key;
      }
    }
    Entry& victim = entries_[next_victim_];
    next_victim_ = (next_victim_ + 1) % entries_.size();
    victim = Entry{std::string(secret), std::string(date), std::string(region),
                   std::string(service), signing_key(secret, date, region, service)};
    return victim.key;
  }

 private:
  struct Entry {
    std::string secret;
    std::string date;
    std::string region;
    std::string service;
    std::string key;
  };
  std::array<Entry, 4> entries_;
  size_t next_victim_ = 0;
};

const std::string& cached_signing_key(std::string_view secret, std::string_view date,
                                      const SigningScope& scope) {
  thread_local SigningKeyCache cache;
  return cache.key_for(secret, date, scope.region, scope.service);
}

void set_signing_headers(HttpRequest& request, const Credentials& credentials,
                         const std::string& amz_date, std::string_view payload_hash) {
  remove_header(request, "authorization");
  request.set_header("host", host_of(request.origin));
  request.set_header("x-amz-date", amz_date);
  request.set_header("x-amz-content-sha256", std::string(payload_hash));
  if (credentials.session_token.empty()) {
    remove_header(request, "x-amz-security-token");
  } else {
    request.set_header("x-amz-security-token", credentials.session_token);
  }
}

}  // namespace

std::string format_amz_date(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss time_of_day{floor<seconds>(time - day)};
  std::string out;
  out.reserve(16);
  append_digits(out, static_cast<int>(date.year()), 4);
  append_digits(out, static_cast<int>(static_cast<unsigned>(date.month())), 2);
  append_digits(out, static_cast<int>(static_cast<unsigned>(date.day())), 2);
  out.push_back('T');
  append_digits(out, static_cast<int>(time_of_day.hours().count()), 2);
  append_digits(out, static_cast<int>(time_of_day.minutes().count()), 2);
  append_digits(out, static_cast<int>(time_of_day.seconds().count()), 2);
  out.push_back('Z');
  return out;
}

std::string credential_scope(std::string_view date, const SigningScope& scope) {
  std::string out;
  out.reserve(date.size() + scope.region.size() + scope.service.size() + kTerminator.size() + 3);
  out.append(date).append("/").append(scope.region).append("/").append(scope.service);
  out.append("/").append(kTerminator);
  return out;
}

std::string canonical_request(const HttpRequest& request, std::string_view payload_hash) {
  std::string signed_names;
  return build_canonical_request(request, payload_hash, signed_names);
}

std::string signed_header_names(const HttpRequest& request) {
  std::string signed_names;
  build_canonical_request(request, "", signed_names);
  return signed_names;
}

std::string string_to_sign(std::string_view amz_date, std::string_view credential_scope,
                           std::string_view canonical_request) {
  std::string out;
  out.reserve(kAlgorithm.size() + amz_date.size() + credential_scope.size() + 64 + 3);
  out.append(kAlgorithm).append("\n").append(amz_date).append("\n");
  out.append(credential_scope).append("\n").append(sha256_hex(canonical_request));
  return out;
}

std::string signing_key(std::string_view secret_access_key, std::string_view date,
                        std::string_view region, std::string_view service) {
  std::string secret = "AWS4";
  secret.append(secret_access_key);
  const std::string date_key = hmac_sha256(secret, date);
  const std::string region_key = hmac_sha256(date_key, region);
  const std::string service_key = hmac_sha256(region_key, service);
  return hmac_sha256(service_key, kTerminator);
}

void sign_request(HttpRequest& request, const Credentials& credentials, const SigningScope& scope,
                  std::chrono::system_clock::time_point now, std::string_view payload_hash) {
  const std::string amz_date = format_amz_date(now);
  const std::string_view date = std::string_view(amz_date).substr(0, 8);
  set_signing_headers(request, credentials, amz_date, payload_hash);

  std::string signed_names;
  const std::string canonical = build_canonical_request(request, payload_hash, signed_names);
  const std::string scope_text = credential_scope(date, scope);
  const std::string signature =
      to_hex(hmac_sha256(cached_signing_key(credentials.secret_access_key, date, scope),
                         string_to_sign(amz_date, scope_text, canonical)));

  std::string authorization;
  authorization.reserve(kAlgorithm.size() + credentials.access_key_id.size() + scope_text.size() +
                        signed_names.size() + signature.size() + 40);
  authorization.append(kAlgorithm).append(" Credential=").append(credentials.access_key_id);
  authorization.append("/").append(scope_text).append(",SignedHeaders=").append(signed_names);
  authorization.append(",Signature=").append(signature);
  request.headers.emplace_back("authorization", std::move(authorization));
}

}  // namespace s3copy::net
