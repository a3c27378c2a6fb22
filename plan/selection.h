// Which source keys one job covers: the path rules narrowed by -p prefixes, minus the destination's
// own area when it lies inside the source listing (s3copy s3://b s3://b/backup copies no copies).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "plan/path_rules.h"
#include "plan/s3_url.h"

namespace s3copy::plan {

class Selection {
 public:
  // `prefixes` are -p/-P values, relative to the source path's folder (PathRules::base()).
  // Throws std::invalid_argument when every key would be copied onto itself.
  Selection(const S3Url& source, const S3Url& destination,
            const std::vector<std::string>& prefixes);

  const PathRules& rules() const { return rules_; }

  // Sorted and non-overlapping: listing each in turn yields the covered keys in S3 key order.
  const std::vector<std::string>& source_prefixes() const { return source_prefixes_; }
  // The destination prefixes that hold the copies of source_prefixes(), in the same order.
  std::vector<std::string> destination_prefixes() const;

  // For a key found under one of source_prefixes(): is it part of the job?
  bool covers_listed_key(std::string_view source_key) const;

  // The source key that -f FILE names: FILE relative to the source path's folder.
  std::string key_for_file(std::string_view file) const {
    return rules_.base() + std::string(file);
  }

  // The prefix excluded because copies land there; empty when nothing is excluded.
  const std::string& excluded_prefix() const { return excluded_prefix_; }

 private:
  PathRules rules_;
  std::vector<std::string> source_prefixes_;
  std::string excluded_prefix_;
};

}  // namespace s3copy::plan
