// Takes the object key out of one line of a line-per-object listing: s3:// URLs, `aws s3 ls
// --recursive`, `s3cmd ls -r` and S3 Inventory CSV. Pure string functions; the reader adds lines.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace s3copy::plan {

// What a listing line names.
struct ListedObject {
  std::string bucket;  // empty when the format does not name one (aws s3 ls)
  std::string key;     // the whole key in its bucket, as S3 stores it
};

// Where an S3 Inventory CSV file keeps the bucket and the key (0-based columns). AWS's documented
// schemas begin "Bucket, Key, ..."; a manifest's fileSchema says so for each inventory.
struct InventoryColumns {
  size_t bucket = 0;
  size_t key = 1;
};

// Each parse_* function below returns the object a line names, nullopt for a line that is part
// of the tool's output but names no object (the totals of `aws s3 ls --summarize`), and throws
// std::invalid_argument "<what is wrong>; <the fix>" for a line that does not fit the format.
// The message has no line number: the caller, who counts lines, puts "<list> line N: " first.
// Keys are returned byte for byte; the caller checks them with key_problem().

// "s3://bucket/key": the key is everything after the first '/' that follows the bucket, spaces
// included. It is not percent-decoded: aws-cli and s3cmd print keys as they are.
std::optional<ListedObject> parse_url_line(std::string_view line);

// `aws s3 ls --recursive s3://bucket` (aws-cli 1 and 2):
//   "2023-10-05 14:03:01       1234 path/to/key"
// DATE TIME (local time, 19 characters), one space, the size right-aligned in 10 columns, one
// space, and the key, which may hold or start with spaces. --human-readable sizes ("   1.2 KiB",
// "   6 Bytes") are told from a key that starts with a unit word by that same alignment: they end
// exactly at column 30. `PRE dir/` lines (ls without --recursive) are refused; the blank line and
// totals that --summarize adds are skipped.
std::optional<ListedObject> parse_aws_ls_line(std::string_view line);

// `s3cmd ls -r s3://bucket` (s3cmd 2):
//   "2023-10-05 14:03      1234   s3://bucket/path/to/key"
// DATE TIME (16 characters), the size, then up to two optional columns (--list-md5's MD5 or
// ETag, -l's storage class) and the object's URL; the key comes from the URL. `DIR` lines (ls
// without -r) are refused.
std::optional<ListedObject> parse_s3cmd_ls_line(std::string_view line);

// One record of an S3 Inventory CSV data file: comma-separated fields, each in double quotes
// ("" inside a field is one quote), e.g. "my-bucket","dir/my+file.txt","1234",... The key field
// is URL-encoded, and decoded here: %XX is the byte XX and '+' is a space (a '+' in the key is
// written %2B). AWS documents "When using the CSV file format, the key name is URL-encoded and
// must be decoded before you can use it"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory.html, "Amazon S3
// inventory list"); that spaces come as '+' (form encoding) is what real reports show, see
// https://github.com/cloud-custodian/cloud-custodian/issues/1997.
std::optional<ListedObject> parse_inventory_csv_line(std::string_view line,
                                                     InventoryColumns columns);

// The shapes that format detection looks for in the first line of a list.
bool looks_like_aws_ls_line(std::string_view line);
bool looks_like_s3cmd_ls_line(std::string_view line);
// Starts with '"' and holds at least two quoted, comma-separated fields.
bool looks_like_inventory_csv_line(std::string_view line);

// "dir/my+file%2B1.txt" -> "dir/my file+1.txt". Throws std::invalid_argument for a '%' that is not
// followed by two hex digits.
std::string decode_inventory_key(std::string_view encoded);

}  // namespace s3copy::plan
