// One object as a listing or a HEAD describes it: the record the lister hands to the differ.
// Keys are raw bytes (UTF-8 as S3 stores them); ETags are unquoted.
#include "plan/object_entry.h"

#include <cctype>
#include <charconv>

namespace s3copy::plan {
namespace {

bool all_hex(std::string_view text) {
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

int multipart_part_count(const std::string& etag) {
  const size_t dash = etag.rfind('-');
  if (dash != 32 || !all_hex(std::string_view(etag).substr(0, 32))) return 0;
  int parts = 0;
  const char* first = etag.data() + dash + 1;
  const char* last = etag.data() + etag.size();
  const auto [end, error] = std::from_chars(first, last, parts);
  return error == std::errc() && end == last && first != last && parts > 0 ? parts : 0;
}

bool is_multipart_etag(const std::string& etag) {
  return multipart_part_count(etag) > 0;
}

bool looks_like_md5(const std::string& etag) {
  return etag.size() == 32 && all_hex(etag);
}

}  // namespace s3copy::plan
