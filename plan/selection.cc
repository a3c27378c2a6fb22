// Which source keys one job covers: the path rules narrowed by -p prefixes, minus the destination's
// own area when it lies inside the source listing (s3copy s3://b s3://b/backup copies no copies).
#include "plan/selection.h"

#include <algorithm>
#include <stdexcept>

namespace s3copy::plan {
namespace {

// Each -p prefix intersected with what the path names; prefixes outside it select nothing.
std::vector<std::string> narrowed_prefixes(const PathRules& rules,
                                           const std::vector<std::string>& relative) {
  if (relative.empty()) return {rules.list_prefix()};
  std::vector<std::string> prefixes;
  for (const std::string& prefix : relative) {
    const std::string full = rules.base() + prefix;
    if (full.starts_with(rules.list_prefix())) {
      prefixes.push_back(full);
    } else if (rules.list_prefix().starts_with(full)) {
      prefixes.push_back(rules.list_prefix());
    }
  }
  return prefixes;
}

// Sorted, and a prefix that another one already covers is dropped, so no key is listed twice.
std::vector<std::string> without_overlaps(std::vector<std::string> prefixes) {
  std::sort(prefixes.begin(), prefixes.end());
  std::vector<std::string> kept;
  for (std::string& prefix : prefixes) {
    if (!kept.empty() && prefix.starts_with(kept.back())) continue;
    kept.push_back(std::move(prefix));
  }
  return kept;
}

}  // namespace

Selection::Selection(const S3Url& source, const S3Url& destination,
                     const std::vector<std::string>& prefixes)
    : rules_(source.path, destination.path),
      source_prefixes_(without_overlaps(narrowed_prefixes(rules_, prefixes))) {
  if (source.bucket != destination.bucket) return;
  if (rules_.maps_keys_onto_themselves()) {
    throw std::invalid_argument("source '" + source.to_string() + "' and destination '" +
                                destination.to_string() +
                                "' are the same place: every object would be copied onto itself");
  }
  const std::string& copies = rules_.destination_prefix();
  const bool copies_inside_source =
      std::any_of(source_prefixes_.begin(), source_prefixes_.end(),
                  [&](const std::string& listed) { return copies.starts_with(listed); });
  if (!copies.empty() && copies_inside_source) excluded_prefix_ = copies;
}

std::vector<std::string> Selection::destination_prefixes() const {
  std::vector<std::string> mapped;
  for (const std::string& prefix : source_prefixes_)
    mapped.push_back(rules_.destination_key(prefix));
  return mapped;
}

bool Selection::covers_listed_key(std::string_view source_key) const {
  if (!excluded_prefix_.empty() && source_key.starts_with(excluded_prefix_)) return false;
  return rules_.selects(source_key);
}

}  // namespace s3copy::plan
