// Parses the command line's bucket arguments: "s3://bucket/path", or "bucket/path" as the seed
// also accepted. Bad input gets an InputError that says what is wrong and how to fix it.
#include "plan/s3_url.h"

#include <cctype>
#include <stdexcept>
#include "plan/input_error.h"

namespace s3copy::plan {
namespace {

bool is_bucket_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  // Uppercase and '_' are only valid in legacy us-east-1 buckets, but such buckets still exist.
  return std::islower(u) || std::isdigit(u) || std::isupper(u) || c == '-' || c == '.' || c == '_';
}

}  // namespace

std::string bucket_name_problem(std::string_view bucket) {
  if (bucket.empty()) return "the bucket name is empty";
  if (bucket.size() < 3 || bucket.size() > 255) {
    return "a bucket name has 3 to 63 characters (255 for legacy buckets)";
  }
  for (char c : bucket) {
    if (!is_bucket_char(c)) {
      return std::string("a bucket name cannot contain '") + c +
             "' (only letters, digits, '-', '.' and '_')";
    }
  }
  return "";
}

S3Url parse_s3_url(std::string_view text, std::string_view role) {
  const std::string where = std::string(role) + " '" + std::string(text) + "'";
  std::string_view rest = text;
  if (rest.starts_with("s3://")) {
    rest.remove_prefix(5);
  } else if (rest.find("://") != std::string_view::npos) {
    throw InputError(where, "only s3:// URLs are supported (write s3://bucket/path)");
  }
  const size_t slash = rest.find('/');
  S3Url url{std::string(rest.substr(0, slash)),
            slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1))};
  if (std::string problem = bucket_name_problem(url.bucket); !problem.empty()) {
    throw InputError(where, problem + " (write s3://bucket/path)");
  }
  return url;
}

}  // namespace s3copy::plan
