// Takes the object key out of one line of a line-per-object listing: s3:// URLs, `aws s3 ls
// --recursive`, `s3cmd ls -r` and S3 Inventory CSV. Pure string functions; the reader adds lines.
#include "plan/list_lines.h"
#include "plan/text.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

#include "plan/s3_url.h"

namespace s3copy::plan {
namespace {

constexpr std::string_view kUrlScheme = "s3://";
// aws-cli prints LastModified as "%Y-%m-%d %H:%M:%S", then ' ', then the size rjust(10).
constexpr std::string_view kAwsLsTimestamp = "9999-99-99 99:99:99";
constexpr size_t kAwsLsSizeStart = kAwsLsTimestamp.size() + 1;
constexpr size_t kAwsLsSizeEnd = kAwsLsSizeStart + 10;
// s3cmd prints "%Y-%m-%d %H:%M".
constexpr std::string_view kS3cmdTimestamp = "9999-99-99 99:99";
// aws-cli's human_readable_size units; "Bytes" before "Byte", which is its prefix.
constexpr std::array<std::string_view, 8> kHumanUnits = {"Bytes", "Byte", "KiB", "MiB",
                                                         "GiB",   "TiB",  "PiB", "EiB"};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// `shape` is literal text in which '9' stands for any digit.
bool starts_with_shape(std::string_view text, std::string_view shape) {
  if (text.size() < shape.size()) return false;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == '9' ? !is_digit(text[i]) : text[i] != shape[i]) return false;
  }
  return true;
}

size_t skip_spaces(std::string_view text, size_t at) {
  while (at < text.size() && text[at] == ' ') ++at;
  return at;
}

size_t skip_digits(std::string_view text, size_t at) {
  while (at < text.size() && is_digit(text[at])) ++at;
  return at;
}

size_t skip_non_spaces(std::string_view text, size_t at) {
  while (at < text.size() && text[at] != ' ') ++at;
  return at;
}

std::string_view trim_leading_spaces(std::string_view text) {
  return text.substr(skip_spaces(text, 0));
}

[[noreturn]] void refuse(const std::string& message) {
  throw std::invalid_argument(message);
}

// "s3://bucket/key" -> {bucket, key}; `fix` ends each message, naming the tool to use.
ListedObject split_url(std::string_view url, const std::string& fix) {
  if (!url.starts_with(kUrlScheme)) refuse("not an s3://bucket/key URL; " + fix);
  const std::string_view rest = url.substr(kUrlScheme.size());
  const size_t slash = rest.find('/');
  const std::string_view bucket = rest.substr(0, slash);
  if (const std::string problem = bucket_name_problem(bucket); !problem.empty()) {
    refuse("bucket '" + std::string(bucket) + "': " + problem + "; " + fix);
  }
  if (slash == std::string_view::npos || slash + 1 == rest.size()) {
    refuse("s3://" + std::string(bucket) + " names no object (nothing after the bucket); " + fix);
  }
  return {std::string(bucket), std::string(rest.substr(slash + 1))};
}

// Where a --human-readable size's unit ends when one starts at text[at] (" KiB"), else npos.
size_t human_unit_end(std::string_view text, size_t at) {
  if (at >= text.size() || text[at] != ' ') return std::string_view::npos;
  for (std::string_view unit : kHumanUnits) {
    if (text.substr(at + 1).starts_with(unit)) return at + 1 + unit.size();
  }
  return std::string_view::npos;
}

bool is_aws_ls_summary(std::string_view line) {
  const std::string_view text = trim_leading_spaces(line);
  return text.starts_with("Total Objects: ") || text.starts_with("Total Size: ");
}

bool is_aws_ls_folder(std::string_view line) {
  return line.starts_with(' ') && trim_leading_spaces(line).starts_with("PRE ");
}

bool is_s3cmd_folder(std::string_view line) {
  return line.starts_with(' ') && trim_leading_spaces(line).starts_with("DIR ");
}

// Where the key starts in an `aws s3 ls` object line, or npos when the line has another shape.
size_t aws_ls_key_start(std::string_view line) {
  if (!starts_with_shape(line, kAwsLsTimestamp) || line.size() <= kAwsLsSizeStart ||
      line[kAwsLsSizeStart - 1] != ' ') {
    return std::string_view::npos;
  }
  const size_t digits = skip_spaces(line, kAwsLsSizeStart);
  size_t at = skip_digits(line, digits);
  if (at == digits) return std::string_view::npos;
  const bool has_fraction = at < line.size() && line[at] == '.';
  if (has_fraction) at = skip_digits(line, at + 1);
  // A --human-readable size ("   1.2 KiB", "   6 Bytes") is right-aligned in the same 10 columns
  // as a byte count, so its unit ends at column 30; when the digits themselves end there, a word
  // after them ("         6 Bytes x") is the start of the key.
  if (const size_t unit_end = human_unit_end(line, at); unit_end == kAwsLsSizeEnd) {
    at = unit_end;
  } else if (has_fraction) {
    return std::string_view::npos;
  }
  if (at >= line.size() || line[at] != ' ') return std::string_view::npos;
  return at + 1;
}

bool is_md5_or_etag(std::string_view token) {
  if (token.size() < 32) return false;
  for (size_t i = 0; i < 32; ++i) {
    if (!is_hex(token[i])) return false;
  }
  if (token.size() == 32) return true;  // multipart ETags add "-<parts>"
  return token[32] == '-' && token.size() > 33 && skip_digits(token, 33) == token.size();
}

bool is_storage_class(std::string_view token) {
  for (char c : token) {
    if (!((c >= 'A' && c <= 'Z') || c == '_')) return false;
  }
  return !token.empty();
}

// Where the URL starts in an `s3cmd ls` object line, or npos when the line has another shape.
size_t s3cmd_url_start(std::string_view line) {
  if (!starts_with_shape(line, kS3cmdTimestamp) || line.size() <= kS3cmdTimestamp.size() ||
      line[kS3cmdTimestamp.size()] != ' ') {
    return std::string_view::npos;
  }
  size_t at = skip_spaces(line, kS3cmdTimestamp.size());
  if (at >= line.size() || !is_digit(line[at])) return std::string_view::npos;
  at = skip_non_spaces(line, at);  // the size: "1234", or with -H "1k"
  // Then --list-md5's MD5 (or ETag) and -l's storage class, when asked for, then the URL.
  for (int optional_columns = 0; optional_columns <= 2; ++optional_columns) {
    const size_t start = skip_spaces(line, at);
    if (start == at) return std::string_view::npos;
    if (line.substr(start).starts_with(kUrlScheme)) return start;
    at = skip_non_spaces(line, start);
    const std::string_view token = line.substr(start, at - start);
    if (!is_md5_or_etag(token) && !is_storage_class(token)) return std::string_view::npos;
  }
  return std::string_view::npos;
}

// Splits a CSV record into fields, unquoting "..." ("" is one quote). Fields may be unquoted too.
// False when the quotes do not pair up.
bool split_csv(std::string_view line, std::vector<std::string>& fields, bool& all_quoted) {
  fields.clear();
  all_quoted = true;
  size_t at = 0;
  for (;;) {
    std::string& field = fields.emplace_back();
    if (at < line.size() && line[at] == '"') {
      for (++at;; ++at) {
        if (at >= line.size()) return false;
        if (line[at] != '"') {
          field.push_back(line[at]);
        } else if (at + 1 < line.size() && line[at + 1] == '"') {
          field.push_back('"');
          ++at;
        } else {
          break;
        }
      }
      ++at;  // the closing quote
      if (at < line.size() && line[at] != ',') return false;
    } else {
      all_quoted = false;
      const size_t comma = std::min(line.find(',', at), line.size());
      field.assign(line.substr(at, comma - at));
      at = comma;
    }
    if (at >= line.size()) return true;
    ++at;  // the comma
  }
}

}  // namespace

std::optional<ListedObject> parse_url_line(std::string_view line) {
  return split_url(line,
                   "write one s3://bucket/key a line, or name the list's format with "
                   "--list-format");
}

std::optional<ListedObject> parse_aws_ls_line(std::string_view line) {
  if (is_aws_ls_folder(line)) {
    refuse("'" + std::string(trim_leading_spaces(line)) +
           "' is a folder line of `aws s3 ls` without --recursive; list with `aws s3 ls "
           "--recursive` so that every line names an object");
  }
  const size_t key_start = aws_ls_key_start(line);
  if (key_start == std::string_view::npos) {
    if (is_aws_ls_summary(line)) return std::nullopt;
    refuse(
        "not an `aws s3 ls --recursive` line (expected DATE TIME SIZE KEY); make the list with "
        "`aws s3 ls --recursive`, or name its format with --list-format");
  }
  if (key_start == line.size()) refuse("no key after the size; the line is cut short");
  return ListedObject{"", std::string(line.substr(key_start))};
}

std::optional<ListedObject> parse_s3cmd_ls_line(std::string_view line) {
  const std::string fix = "make the list with `s3cmd ls -r`, or name its format with --list-format";
  if (is_s3cmd_folder(line)) {
    refuse("'" + std::string(trim_leading_spaces(line)) +
           "' is a folder line of `s3cmd ls` without -r; list with `s3cmd ls -r` (--recursive) "
           "so that every line names an object");
  }
  const size_t url_start = s3cmd_url_start(line);
  if (url_start == std::string_view::npos) {
    refuse("not an `s3cmd ls -r` line (expected DATE TIME SIZE [MD5] s3://BUCKET/KEY); " + fix);
  }
  return split_url(line.substr(url_start), fix);
}

std::optional<ListedObject> parse_inventory_csv_line(std::string_view line,
                                                     InventoryColumns columns) {
  std::vector<std::string> fields;
  bool all_quoted = false;
  if (!split_csv(line, fields, all_quoted)) {
    refuse(
        "not an S3 Inventory CSV record (a field's double quotes do not pair up); give the "
        "inventory's CSV data files as they are, or name the list's format with --list-format");
  }
  const size_t needed = std::max(columns.bucket, columns.key) + 1;
  if (fields.size() < needed) {
    refuse("an S3 Inventory CSV record with " + std::to_string(fields.size()) +
           " field(s), but the key is field " + std::to_string(columns.key + 1) +
           "; give the inventory's CSV data files as they are, with the manifest's fileSchema");
  }
  ListedObject object{std::move(fields[columns.bucket]), ""};
  try {
    object.key = decode_inventory_key(fields[columns.key]);
  } catch (const std::invalid_argument& error) {
    refuse(std::string(error.what()) +
           "; S3 Inventory CSV keys are URL-encoded - is this an inventory data file?");
  }
  return object;
}

bool looks_like_aws_ls_line(std::string_view line) {
  return aws_ls_key_start(line) != std::string_view::npos ||
         (is_aws_ls_folder(line) && line.find(kUrlScheme) == std::string_view::npos);
}

bool looks_like_s3cmd_ls_line(std::string_view line) {
  return s3cmd_url_start(line) != std::string_view::npos ||
         (is_s3cmd_folder(line) && line.find(kUrlScheme) != std::string_view::npos);
}

bool looks_like_inventory_csv_line(std::string_view line) {
  std::vector<std::string> fields;
  bool all_quoted = false;
  return line.starts_with('"') && split_csv(line, fields, all_quoted) && all_quoted &&
         fields.size() >= 2;
}

std::string decode_inventory_key(std::string_view encoded) {
  std::string key;
  key.reserve(encoded.size());
  for (size_t at = 0; at < encoded.size(); ++at) {
    const char c = encoded[at];
    if (c == '+') {
      key.push_back(' ');
    } else if (c != '%') {
      key.push_back(c);
    } else if (at + 2 < encoded.size() && is_hex(encoded[at + 1]) && is_hex(encoded[at + 2])) {
      key.push_back(
          static_cast<char>(hex_value(encoded[at + 1]) * 16 + hex_value(encoded[at + 2])));
      at += 2;
    } else {
      throw std::invalid_argument("the key has a '%' not followed by two hex digits (byte " +
                                  std::to_string(at + 1) + ")");
    }
  }
  return key;
}

}  // namespace s3copy::plan
