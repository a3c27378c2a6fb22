// Reads an S3 Inventory manifest.json: which CSV data files make up one inventory report and in
// which column of them the keys are. The data files are objects to fetch; this reads no network.
#pragma once

#include <cstdint>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include "plan/list_lines.h"

namespace s3copy::plan {

// One data file of the report, an object in the destination bucket.
struct InventoryFile {
  std::string key;
  uint64_t size = 0;
  std::string md5;  // "MD5checksum": hex MD5 of the (gzipped) file
};

// What AWS documents (https://docs.aws.amazon.com/AmazonS3/latest/userguide/
// storage-inventory-location.html, "Inventory manifest"):
//   {"sourceBucket": "example-source-bucket",
//    "destinationBucket": "arn:aws:s3:::example-inventory-destination-bucket",
//    "version": "2016-11-30", "creationTimestamp": "1514944800000", "fileFormat": "CSV",
//    "fileSchema": "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, ...",
//    "files": [{"key": "Inventory/example-source-bucket/.../939c6d46-....csv.gz",
//               "size": 2147483647, "MD5checksum": "f11166069f1990abeb9c97ace9cdfabc"}]}
struct InventoryManifest {
  std::string source_bucket;       // the bucket whose objects the report lists
  std::string destination_bucket;  // where the data files are: a bucket name, not the ARN
  std::string file_format;         // always "CSV" here: other formats are refused
  std::string file_schema;         // as written, e.g. "Bucket, Key, Size"
  InventoryColumns columns;        // where fileSchema puts Bucket and Key
  std::vector<InventoryFile> files;
};

// Reads the whole manifest (a few hundred bytes per data file). Throws std::invalid_argument
// "<display name> ...: <what is wrong>; <the fix>" for JSON errors (with line and column), for a
// fileFormat other than CSV (ORC and Parquet cannot be read here), and for a missing field.
InventoryManifest read_inventory_manifest(std::streambuf& input, const std::string& display_name);

// "Bucket, Key, Size" -> {bucket 0, key 1}. Throws std::invalid_argument when the schema has no
// Key column (or no Bucket column).
InventoryColumns inventory_columns_of(std::string_view file_schema);

// True for the member names that only a manifest has at its top level; format detection reads
// the first name of a JSON document with it.
bool is_inventory_manifest_member(std::string_view name);

}  // namespace s3copy::plan
