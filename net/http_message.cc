// HttpRequest/HttpResponse members: the request URL and case-insensitive header access.
// The URL's query is written in SigV4's canonical form so that what is signed is what is sent.
#include "net/http_message.h"

#include <algorithm>

#include "net/text.h"
#include "net/uri.h"

namespace s3copy::net {
namespace {

// HTTP header names are case-insensitive ASCII (RFC 9110 section 5.1).
std::optional<std::string> find_header(const HeaderList& headers, std::string_view name) {
  const auto found = std::ranges::find_if(
      headers, [&](const auto& header) { return equals_ignoring_case(header.first, name); });
  if (found == headers.end()) return std::nullopt;
  return found->second;
}

}  // namespace

std::string HttpRequest::url() const {
  std::string result = origin + encoded_path;
  if (!query.empty()) result.append("?").append(canonical_query_string(query));
  return result;
}

void HttpRequest::set_header(std::string_view name, std::string value) {
  const auto is_named = [&](const auto& header) {
    return equals_ignoring_case(header.first, name);
  };
  // Any earlier duplicates go too: afterwards the request carries exactly this one value.
  const auto first = std::ranges::find_if(headers, is_named);
  if (first == headers.end()) {
    headers.emplace_back(to_lower(name), std::move(value));
    return;
  }
  first->first = to_lower(name);
  first->second = std::move(value);
  const auto duplicates = std::ranges::remove_if(std::next(first), headers.end(), is_named);
  headers.erase(duplicates.begin(), duplicates.end());
}

std::optional<std::string> HttpRequest::header(std::string_view name) const {
  return find_header(headers, name);
}

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  return find_header(headers, name);
}

}  // namespace s3copy::net
