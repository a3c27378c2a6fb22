// Object attributes carried in HTTP headers: read from HeadObject/GetObject answers, and written
// back as request headers when a copy must restate them (multipart copies lose them otherwise).
#include "net/object_head.h"

#include <charconv>

namespace s3copy::net {
namespace {

constexpr std::string_view kMetaPrefix = "x-amz-meta-";

std::uint64_t parse_unsigned(std::string_view text) {
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// Routes one header to the ObjectHead field it describes; unrelated headers are ignored.
void apply_header(ObjectHead& head, const std::string& name, const std::string& value) {
  if (name.starts_with(kMetaPrefix)) {
    head.user_metadata[name.substr(kMetaPrefix.size())] = value;
  } else if (name == "content-length") {
    head.content_length = parse_unsigned(value);
  } else if (name == "etag") {
    head.etag = unquote_etag(value);
  } else if (name == "last-modified") {
    head.last_modified = value;
  } else if (name == "content-type") {
    head.content_type = value;
  } else if (name == "cache-control") {
    head.cache_control = value;
  } else if (name == "content-encoding") {
    head.content_encoding = value;
  } else if (name == "content-disposition") {
    head.content_disposition = value;
  } else if (name == "content-language") {
    head.content_language = value;
  } else if (name == "expires") {
    head.expires = value;
  } else if (name == "x-amz-mp-parts-count") {
    head.parts_count = static_cast<int>(parse_unsigned(value));
  } else if (name == "x-amz-version-id") {
    head.version_id = value;
  } else if (name == "x-amz-storage-class") {
    head.storage_class = value;
  } else if (name == "x-amz-server-side-encryption") {
    head.server_side_encryption = value;
  }
}

}  // namespace

std::string unquote_etag(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

ObjectHead object_head_from_headers(const HeaderList& headers) {
  ObjectHead head;
  for (const auto& [name, value] : headers) apply_header(head, name, value);
  return head;
}

HeaderList metadata_headers(const ObjectHead& head) {
  HeaderList headers;
  const std::pair<std::string_view, const std::string*> content_headers[] = {
      {"content-type", &head.content_type},
      {"cache-control", &head.cache_control},
      {"content-encoding", &head.content_encoding},
      {"content-disposition", &head.content_disposition},
      {"content-language", &head.content_language},
      {"expires", &head.expires},
  };
  for (const auto& [name, value] : content_headers) {
    if (!value->empty()) headers.emplace_back(std::string(name), *value);
  }
  for (const auto& [name, value] : head.user_metadata) {
    headers.emplace_back(std::string(kMetaPrefix) + name, value);
  }
  return headers;
}

}  // namespace s3copy::net
