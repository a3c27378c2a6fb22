// Turns --acl-grant PERMISSION:GRANTEE and --acl CANNED into the x-amz-grant-* / x-amz-acl headers
// that s3copy puts on every CopyObject and CreateMultipartUpload it sends.
#include "net/acl_grants.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "net/text.h"

namespace s3copy::net {
namespace {

struct Permission {
  std::string_view name;  // as the user writes it, lowercase
  std::string_view header;
};

// Also the order of the headers in acl_headers(), so that its output does not depend on the order
// of the flags.
constexpr std::array<Permission, 4> kPermissions{{
    {"read", "x-amz-grant-read"},
    {"read-acp", "x-amz-grant-read-acp"},
    {"write-acp", "x-amz-grant-write-acp"},
    {"full-control", "x-amz-grant-full-control"},
}};

constexpr std::array<std::string_view, 7> kCannedAcls{
    "private",       "public-read",       "public-read-write",         "authenticated-read",
    "aws-exec-read", "bucket-owner-read", "bucket-owner-full-control",
};

constexpr std::string_view kPermissionChoices = "use read, read-acp, write-acp or full-control";
constexpr std::string_view kGranteeChoices =
    "use id=CANONICAL_USER_ID, uri=http://acs.amazonaws.com/groups/..., or emailAddress=ADDRESS";

[[noreturn]] void reject_grant(std::string_view text, std::string_view reason) {
  throw std::invalid_argument("--acl-grant '" + std::string(text) + "': " + std::string(reason));
}

// "READ_ACP" and "read-acp" both become "read-acp": boto, which the seed used, spelled
// permissions with '_'.
std::string normalized_permission(std::string_view permission) {
  std::string name = to_lower(trim(permission));
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

std::string_view header_for_permission(std::string_view text, std::string_view permission) {
  const std::string name = normalized_permission(permission);
  for (const Permission& known : kPermissions) {
    if (known.name == name) return known.header;
  }
  if (name == "write") {
    reject_grant(text, "S3 objects have no WRITE permission (it applies to buckets only; " +
                           std::string(kPermissionChoices) + ")");
  }
  reject_grant(text, "unknown permission '" + std::string(trim(permission)) + "' (" +
                         std::string(kPermissionChoices) + ")");
}

// S3 reads the header as a comma-separated list of key="value": a quote or a comma inside a value
// would be misread, and control characters cannot travel in a header at all.
void check_grantee_value(std::string_view text, std::string_view value) {
  if (value.empty())
    reject_grant(text, "the grantee is empty (" + std::string(kGranteeChoices) + ")");
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == ',' || byte < 0x20 || byte == 0x7f) {
      reject_grant(text, "a grantee cannot contain quotes, commas or control characters");
    }
  }
}

// `value` without one pair of surrounding double quotes, so that S3's own header syntax
// (id="abc") may be pasted in.
std::string_view unquoted(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

std::string grantee_in_s3_syntax(std::string_view text, std::string_view grantee) {
  grantee = trim(grantee);
  const size_t equals = grantee.find('=');
  if (equals == std::string_view::npos) {
    if (grantee.find('@') != std::string_view::npos) {
      check_grantee_value(text, grantee);
      return "emailAddress=\"" + std::string(grantee) + "\"";
    }
    reject_grant(text, "unknown grantee '" + std::string(grantee) + "' (" +
                           std::string(kGranteeChoices) + ")");
  }
  const std::string kind = to_lower(trim(grantee.substr(0, equals)));
  const std::string_view value = unquoted(trim(grantee.substr(equals + 1)));
  check_grantee_value(text, value);
  if (kind == "id") return "id=\"" + std::string(value) + "\"";
  if (kind == "emailaddress" || kind == "email") {
    if (value.find('@') == std::string_view::npos) {
      reject_grant(text, "'" + std::string(value) + "' is not an email address");
    }
    return "emailAddress=\"" + std::string(value) + "\"";
  }
  if (kind == "uri") {
    if (!value.starts_with("http://") && !value.starts_with("https://")) {
      reject_grant(text,
                   "a uri grantee is a group URI such as "
                   "http://acs.amazonaws.com/groups/global/AllUsers");
    }
    return "uri=\"" + std::string(value) + "\"";
  }
  reject_grant(text, "unknown grantee type '" + std::string(trim(grantee.substr(0, equals))) +
                         "' (" + std::string(kGranteeChoices) + ")");
}

std::string canned_acl_header_value(std::string_view canned) {
  const std::string name = to_lower(trim(canned));
  for (std::string_view known : kCannedAcls) {
    if (known == name) return name;
  }
  throw std::invalid_argument(
      "--acl '" + std::string(canned) +
      "': unknown canned ACL (use private, public-read, public-read-write, authenticated-read, "
      "aws-exec-read, bucket-owner-read or bucket-owner-full-control)");
}

// Appends `grantee` to the header's comma-separated value unless it is already there.
void add_grantee(std::string& header_value, const std::string& grantee) {
  std::string_view rest = header_value;
  while (!rest.empty()) {
    const size_t comma = rest.find(", ");
    if (rest.substr(0, comma) == grantee) return;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
  }
  if (!header_value.empty()) header_value += ", ";
  header_value += grantee;
}

}  // namespace

AclGrant parse_acl_grant(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    reject_grant(text, "expected PERMISSION:GRANTEE, e.g. read:id=CANONICAL_USER_ID");
  }
  const std::string_view header = header_for_permission(text, text.substr(0, colon));
  return AclGrant{std::string(header), grantee_in_s3_syntax(text, text.substr(colon + 1))};
}

HeaderList acl_headers(const std::vector<std::string>& grants,
                       const std::optional<std::string>& canned_acl) {
  if (canned_acl && !grants.empty()) {
    throw std::invalid_argument(
        "--acl and --acl-grant cannot be used together: S3 refuses x-amz-acl combined with "
        "x-amz-grant-* headers (to keep the bucket owner in control next to other grants, use "
        "--acl-grant full-control:id=OWNER_CANONICAL_ID instead of --acl)");
  }
  if (canned_acl) return {{"x-amz-acl", canned_acl_header_value(*canned_acl)}};

  std::array<std::string, kPermissions.size()> values;
  for (const std::string& text : grants) {
    const AclGrant grant = parse_acl_grant(text);
    for (size_t i = 0; i < kPermissions.size(); ++i) {
      if (kPermissions[i].header == grant.header) add_grantee(values[i], grant.grantee);
    }
  }
  HeaderList headers;
  for (size_t i = 0; i < kPermissions.size(); ++i) {
    if (!values[i].empty()) headers.emplace_back(std::string(kPermissions[i].header), values[i]);
  }
  return headers;
}

bool has_grant_headers(const HeaderList& headers) {
  for (const auto& [name, value] : headers) {
    if (name.starts_with("x-amz-grant-")) return true;
  }
  return false;
}

HeaderList with_writer_full_control(HeaderList headers, const std::string& writer_id) {
  if (!has_grant_headers(headers)) return headers;
  const std::string writer = "id=\"" + writer_id + "\"";
  for (auto& [name, value] : headers) {
    if (name == "x-amz-grant-full-control") {
      add_grantee(value, writer);
      return headers;
    }
  }
  headers.emplace_back("x-amz-grant-full-control", writer);
  return headers;
}

}  // namespace s3copy::net
