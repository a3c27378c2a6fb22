// Reads an S3 Inventory manifest.json: which CSV data files make up one inventory report and in
// which column of them the keys are. The data files are objects to fetch; this reads no network.
#include "plan/inventory_manifest.h"

#include <array>
#include <charconv>
#include <optional>
#include <stdexcept>

#include "plan/input_error.h"
#include "plan/json_tokens.h"

namespace s3copy::plan {
namespace {

constexpr std::array<std::string_view, 7> kManifestMembers = {
    "sourceBucket", "destinationBucket", "version", "creationTimestamp",
    "fileFormat",   "fileSchema",        "files"};

std::string_view trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
}

// "arn:aws:s3:::bucket" (any partition: aws, aws-cn, aws-us-gov) -> "bucket".
std::string bucket_of_arn(const std::string& arn) {
  const size_t colons = arn.find(":::");
  if (!arn.starts_with("arn:") || colons == std::string::npos) return arn;
  return arn.substr(colons + 3);
}

// Reads a manifest document token by token, keeping only the members that matter.
class ManifestParser {
 public:
  ManifestParser(std::streambuf& input, const std::string& display_name)
      : json_(input, display_name), display_name_(display_name) {}

  InventoryManifest parse() {
    if (json_.next() != JsonToken::kObjectStart) {
      json_.fail("an S3 Inventory manifest.json is one JSON object {...}", json_.position());
    }
    while (json_.next() == JsonToken::kName) read_member(json_.text());
    if (json_.next() != JsonToken::kEnd) {
      json_.fail("more after the manifest's closing '}'; give one manifest.json", json_.position());
    }
    check_complete();
    return std::move(manifest_);
  }

 private:
  void read_member(const std::string& name) {
    if (name == "sourceBucket") {
      manifest_.source_bucket = read_string(name);
    } else if (name == "destinationBucket") {
      manifest_.destination_bucket = bucket_of_arn(read_string(name));
    } else if (name == "fileFormat") {
      manifest_.file_format = read_string(name);
      has_format_ = true;
    } else if (name == "fileSchema") {
      manifest_.file_schema = read_string(name);
      has_schema_ = true;
    } else if (name == "files") {
      read_files();
      has_files_ = true;
    } else {
      json_.skip_value(json_.next());
    }
  }

  std::string read_string(const std::string& name) {
    if (json_.next() != JsonToken::kString) {
      json_.fail("\"" + name + "\" must be a string", json_.position());
    }
    return json_.text();
  }

  void read_files() {
    if (json_.next() != JsonToken::kArrayStart) {
      json_.fail("\"files\" must be an array of {\"key\": ...} objects", json_.position());
    }
    for (JsonToken token = json_.next(); token != JsonToken::kArrayEnd; token = json_.next()) {
      if (token != JsonToken::kObjectStart) {
        json_.fail("each of \"files\" must be an object {\"key\": ...}", json_.position());
      }
      read_file(json_.position());
    }
  }

  void read_file(JsonPosition start) {
    InventoryFile file;
    bool has_key = false;
    while (json_.next() == JsonToken::kName) {
      const std::string name = json_.text();
      if (name == "key") {
        file.key = read_string(name);
        has_key = true;
      } else if (name == "MD5checksum") {
        file.md5 = read_string(name);
      } else if (name == "size") {
        file.size = read_size();
      } else {
        json_.skip_value(json_.next());
      }
    }
    if (!has_key || file.key.empty()) json_.fail("a file of \"files\" has no \"key\"", start);
    manifest_.files.push_back(std::move(file));
  }

  uint64_t read_size() {
    const bool is_number = json_.next() == JsonToken::kNumber;
    const std::string& text = json_.text();
    uint64_t size = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), size);
    if (!is_number || error != std::errc() || end != text.data() + text.size()) {
      json_.fail("a file's \"size\" must be a whole number of bytes", json_.position());
    }
    return size;
  }

  void check_complete() {
    const auto missing = [&](const char* member) {
      throw InputError(display_name_, "the manifest has no \"" + std::string(member) +
                                          "\"; give the manifest.json that S3 Inventory wrote");
    };
    if (!has_format_) missing("fileFormat");
    if (!equals_ignoring_case(manifest_.file_format, "CSV")) {
      throw InputError(
          display_name_,
          "the inventory's fileFormat is " + manifest_.file_format +
              "; only CSV inventories can be read - configure the inventory with CSV output, or "
              "list the keys another way (e.g. `aws s3api list-objects-v2`)");
    }
    if (!has_schema_) missing("fileSchema");
    if (!has_files_) missing("files");
    if (manifest_.source_bucket.empty()) missing("sourceBucket");
    try {
      manifest_.columns = inventory_columns_of(manifest_.file_schema);
    } catch (const std::invalid_argument& error) {
      throw InputError(display_name_, error.what());
    }
  }

  JsonReader json_;
  const std::string& display_name_;
  InventoryManifest manifest_;
  bool has_format_ = false;
  bool has_schema_ = false;
  bool has_files_ = false;
};

}  // namespace

InventoryManifest read_inventory_manifest(std::streambuf& input, const std::string& display_name) {
  return ManifestParser(input, display_name).parse();
}

InventoryColumns inventory_columns_of(std::string_view file_schema) {
  std::optional<size_t> bucket;
  std::optional<size_t> key;
  size_t column = 0;
  for (size_t start = 0; start <= file_schema.size(); ++column) {
    const size_t comma = std::min(file_schema.find(',', start), file_schema.size());
    const std::string_view name = trim(file_schema.substr(start, comma - start));
    if (name == "Bucket" && !bucket) bucket = column;
    if (name == "Key" && !key) key = column;
    start = comma + 1;
  }
  if (!key || !bucket) {
    throw std::invalid_argument("the fileSchema '" + std::string(file_schema) + "' has no " +
                                (key ? "Bucket" : "Key") +
                                " column; give the manifest.json that S3 Inventory wrote");
  }
  return {*bucket, *key};
}

bool is_inventory_manifest_member(std::string_view name) {
  for (std::string_view member : kManifestMembers) {
    if (name == member) return true;
  }
  return false;
}

}  // namespace s3copy::plan
