// cp -r rules for S3 keys, exactly the seed's table: which source keys a path names and where each
// one lands under the destination path. One trailing '*' is the only pattern allowed.
#include "plan/path_rules.h"

#include <stdexcept>

namespace s3copy::plan {
namespace {

void refuse_patterns(std::string_view path, std::string_view role, bool allow_trailing_star) {
  const std::string_view checked =
      allow_trailing_star && path.ends_with('*') ? path.substr(0, path.size() - 1) : path;
  const size_t at = checked.find_first_of("*?[");
  if (at == std::string_view::npos) return;
  std::string message = std::string(role) + " path '" + std::string(path) + "': '" + checked[at] +
                        "' is not supported there; ";
  message += allow_trailing_star
                 ? "only one '*' at the very end is (s3://bucket/folder/*). To copy keys that "
                   "contain '*', '?' or '[', name them with -f or -F."
                 : "the destination is a plain bucket/path.";
  throw std::invalid_argument(message);
}

// "a/b/c" -> "a/b/"; "c" -> "".
std::string folder_of(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? "" : std::string(path.substr(0, slash + 1));
}

}  // namespace

PathRules::PathRules(std::string_view source_path, std::string_view destination_path) {
  refuse_patterns(source_path, "source", true);
  refuse_patterns(destination_path, "destination", false);
  destination_prefix_ = std::string(destination_path);
  if (!destination_prefix_.empty() && !destination_prefix_.ends_with('/'))
    destination_prefix_ += '/';

  if (source_path.ends_with('*')) {  // "folder/*", "folder/te*": the matches, each under its name
    list_prefix_ = std::string(source_path.substr(0, source_path.size() - 1));
    stripped_ = folder_of(list_prefix_);
    base_ = stripped_;
    return;
  }
  exact_or_folder_ = !source_path.empty();
  folder_only_ = source_path.ends_with('/');
  std::string_view named = source_path;
  while (named.ends_with('/')) named.remove_suffix(1);
  list_prefix_ = std::string(named);
  stripped_ = folder_of(named);  // cp -r a/b dest keeps "b": drop only "a/"
  base_ = named.empty() ? "" : std::string(named) + "/";
  if (folder_only_) list_prefix_ = base_;
}

bool PathRules::selects(std::string_view source_key) const {
  if (!source_key.starts_with(list_prefix_)) return false;
  if (!exact_or_folder_ || folder_only_) return true;
  return source_key.size() == list_prefix_.size() || source_key[list_prefix_.size()] == '/';
}

std::string PathRules::destination_key(std::string_view source_key) const {
  return destination_prefix_ + std::string(source_key.substr(stripped_.size()));
}

std::optional<std::string> PathRules::source_key_of(std::string_view destination_key) const {
  if (!destination_key.starts_with(destination_prefix_)) return std::nullopt;
  return stripped_ + std::string(destination_key.substr(destination_prefix_.size()));
}

}  // namespace s3copy::plan
