// Reads object lists (-F FILE, --list-format NAME) in the formats S3 tools print: plain keys,
// s3:// URLs, aws s3 ls, s3cmd ls, aws s3api JSON and S3 Inventory, streamed one key at a time.
#pragma once

#include <array>
#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>

#include "plan/input_error.h"
#include "plan/inventory_manifest.h"
#include "plan/list_lines.h"

namespace s3copy::plan {

enum class ListFormat {
  kAuto,          // "auto": detected from the start of the list, see below
  kPlain,         // "plain": one key a line, KeyListReader's rules (relative to the source path)
  kUrl,           // "url": s3://bucket/key a line
  kAwsLs,         // "aws-ls": `aws s3 ls --recursive s3://bucket`
  kS3cmdLs,       // "s3cmd-ls": `s3cmd ls -r s3://bucket` (also --list-md5, -l)
  kS3apiJson,     // "s3api-json": `aws s3api list-objects-v2 --bucket b` (one or more documents)
  kInventoryCsv,  // "inventory-csv": an S3 Inventory CSV data file, gzipped or not
  kInventoryManifest,  // "inventory-manifest": an S3 Inventory manifest.json
};

// The --list-format names, in the enum's order.
inline constexpr std::array<std::string_view, 8> kListFormatNames = {
    "auto",     "plain",      "url",           "aws-ls",
    "s3cmd-ls", "s3api-json", "inventory-csv", "inventory-manifest"};

std::string_view list_format_name(ListFormat format);
// Throws std::invalid_argument "unknown list format 'x'; use one of: auto, plain, ...".
ListFormat parse_list_format(std::string_view name);
// A plain list's lines are relative to the source path, like -f values; every other format
// names whole keys of the bucket, as the tools print them.
bool names_whole_keys(ListFormat format);

struct ObjectListOptions {
  // When set, a list that names buckets (url, s3cmd-ls, inventory-csv, an inventory manifest's
  // sourceBucket, s3api-json's "Name") must name only this one, else the line is an error.
  std::optional<std::string> expected_bucket;
  // For inventory-csv: where the bucket and key are. From the manifest, see
  // inventory_data_options().
  InventoryColumns inventory_columns;
};

// Detection (--list-format auto), from the first bytes and the first line that is neither empty
// nor a '#' comment:
//   1. gzip magic bytes 1F 8B: the data is decompressed, and detection goes on inside it (S3
//      Inventory's data files are .csv.gz). Gzip is recognised with a named format too.
//   2. The first non-space byte is '{': JSON. An inventory manifest when the document's first
//   member
//      is one of a manifest's (sourceBucket, destinationBucket, version, creationTimestamp,
//      fileFormat, fileSchema, files), else s3api-json. '[' is s3api-json too: the output of
//      `aws s3api list-objects-v2 --query 'Contents[].Key'`, an array of keys.
//   3. A line starting with '"' that holds at least two quoted, comma-separated fields:
//      inventory-csv.
//   4. A line starting with "s3://": url.
//   5. "YYYY-MM-DD HH:MM:SS  SIZE KEY" (or a `PRE dir/` line): aws-ls. "YYYY-MM-DD HH:MM  SIZE
//      [MD5] s3://..." (or a `DIR` line): s3cmd-ls.
//   6. Anything else: plain.
// A plain list whose first key happens to look like one of these (a key "{x}", or a key shaped
// like an `aws s3 ls` line) is the user's to disambiguate with --list-format plain.
//
// Every format skips empty lines and lines starting with '#' (JSON has no lines to skip), drops
// one '\r' before each line end and a UTF-8 byte-order mark at the start. Keys are checked with
// key_problem(). Lines that fit no format throw InputError "<display name> line N: <what is
// wrong>; <the fix>", e.g. "keys.txt line 3: not an `aws s3 ls --recursive` line
// (expected DATE TIME SIZE KEY); make the list with `aws s3 ls --recursive`, or name its format
// with --list-format". JSON errors name the line and column.
//
// Memory stays flat: lines are read one at a time, JSON token by token (each Contents[].Key is
// yielded as soon as its object closes), gzip through a fixed buffer. An inventory manifest is
// the exception, read whole: it is small (one entry per data file).
class ObjectListReader {
 public:
  // `display_name` names the list in messages: the path, or "standard input". The stream must
  // outlive the reader. Reads the start of the stream to detect the format; an inventory
  // manifest is read whole here. Throws std::invalid_argument as next() does.
  ObjectListReader(std::istream& input, std::string display_name,
                   ListFormat format = ListFormat::kAuto, ObjectListOptions options = {});
  ~ObjectListReader();

  ObjectListReader(const ObjectListReader&) = delete;
  ObjectListReader& operator=(const ObjectListReader&) = delete;

  // The next key, or nullopt at the end of the list. An inventory manifest yields no keys: its
  // keys are in the data files that manifest() names, which the caller fetches and reads each
  // with its own reader (format inventory-csv, options from inventory_data_options()).
  std::optional<std::string> next();

  // The format read: the one given, or the one detected (never kAuto).
  ListFormat format() const { return format_; }
  // The line the last key came from (1-based); 0 before the first key.
  size_t line_number() const;
  const std::string& display_name() const { return display_name_; }
  // The bucket that the last key's line named (url, s3cmd-ls, inventory-csv); empty otherwise.
  const std::string& bucket() const { return bucket_; }
  // The manifest, when the list is one (format() == kInventoryManifest); else nullptr.
  const InventoryManifest* manifest() const { return manifest_.get(); }

  class Parser;  // one per format, defined in list_format.cc

 private:
  std::streambuf& open_text(std::streambuf& raw);
  ListFormat detect(std::streambuf*& text);
  void start_parser(std::streambuf& text);
  // The key of `object` once it passes key_problem() and the expected bucket.
  std::string checked(ListedObject object);

  std::string display_name_;
  ListFormat format_;
  ObjectListOptions options_;
  std::string bucket_;
  // The buffers between the stream and the parser, in reading order; each reads the one before.
  std::unique_ptr<std::streambuf> replay_raw_;
  std::unique_ptr<std::streambuf> gunzip_;
  std::unique_ptr<std::streambuf> replay_text_;
  std::unique_ptr<Parser> parser_;
  std::unique_ptr<InventoryManifest> manifest_;
};

// An object list opened from a path, or from standard input when the path is "-".
class ObjectListFile {
 public:
  // Throws std::invalid_argument for a file that cannot be read ("cannot read object list
  // 'x.txt': No such file or directory") and as ObjectListReader does.
  ObjectListFile(const std::string& path, ListFormat format = ListFormat::kAuto,
                 ObjectListOptions options = {});

  std::optional<std::string> next() { return reader_.next(); }
  ListFormat format() const { return reader_.format(); }
  size_t line_number() const { return reader_.line_number(); }
  const std::string& display_name() const { return reader_.display_name(); }
  const std::string& bucket() const { return reader_.bucket(); }
  const InventoryManifest* manifest() const { return reader_.manifest(); }

 private:
  std::unique_ptr<std::istream> stream_;  // declared before reader_, which refers to it
  ObjectListReader reader_;
};

// -F PATH_OR_DASH --list-format FORMAT, for the objects of `expected_bucket` (the source bucket).
std::unique_ptr<ObjectListFile> open_object_list(const std::string& path_or_dash, ListFormat format,
                                                 std::optional<std::string> expected_bucket);

// How to read one data file of `manifest`: its key column, and only its source bucket's keys.
ObjectListOptions inventory_data_options(const InventoryManifest& manifest);

}  // namespace s3copy::plan
