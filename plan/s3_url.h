// Parses the command line's bucket arguments: "s3://bucket/path", or "bucket/path" as the seed
// also accepted. Bad input gets an InputError that says what is wrong and how to fix it.
#pragma once

#include <string>
#include <string_view>

namespace s3copy::plan {

struct S3Url {
  std::string bucket;
  std::string path;  // everything after "bucket/", possibly empty; may end in one '*'

  std::string to_string() const { return "s3://" + bucket + (path.empty() ? "" : "/" + path); }
};

// Throws InputError naming the argument (e.g. "source") and the fix.
S3Url parse_s3_url(std::string_view text, std::string_view role);

// Empty when `bucket` is a bucket name S3 accepts; otherwise the reason it is not.
[[nodiscard]] std::string bucket_name_problem(std::string_view bucket);

}  // namespace s3copy::plan
