// cp -r rules for S3 keys, exactly the seed's table: which source keys a path names and where each
// one lands under the destination path. One trailing '*' is the only pattern allowed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace s3copy::plan {

class PathRules {
 public:
  // Throws std::invalid_argument for a '*' that is not the last character, '?' or '[' in the source
  // path, or any of them in the destination path; the message says how to select such keys.
  PathRules(std::string_view source_path, std::string_view destination_path);

  // Every selected key starts with this: what to list.
  const std::string& list_prefix() const { return list_prefix_; }
  // The source "folder" that -f FILE and -p PREFIX values are relative to ("" or ending in '/').
  const std::string& base() const { return base_; }
  // Where copies land: "" (bucket root) or a prefix ending in '/'.
  const std::string& destination_prefix() const { return destination_prefix_; }

  // "folder-001" names the object "folder-001" and everything under "folder-001/", not
  // "folder-0010".
  bool selects(std::string_view source_key) const;
  std::string destination_key(std::string_view source_key) const;
  // The source key a destination key would have been copied from; nullopt if it is not under
  // destination_prefix(). Used to join the destination listing with the source listing.
  std::optional<std::string> source_key_of(std::string_view destination_key) const;
  // True when every key would be copied onto itself (same prefix kept, same place).
  bool maps_keys_onto_themselves() const { return stripped_ == destination_prefix_; }

 private:
  std::string list_prefix_;
  std::string base_;
  std::string stripped_;  // leading part of a source key that the copy drops
  std::string destination_prefix_;
  bool exact_or_folder_ = false;  // no '*': the path names one object or one folder
  bool folder_only_ = false;      // the path ended in '/': a folder, not an object of that name
};

}  // namespace s3copy::plan
