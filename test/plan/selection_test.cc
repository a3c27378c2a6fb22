// Tests for plan/selection.h: -p prefixes relative to the source folder, merging of overlapping
// prefixes, the destination side, -f keys, and the destination area excluded in same-bucket copies.
#include "plan/selection.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace s3copy::plan {
namespace {

using Prefixes = std::vector<std::string>;

// "s3://bucket/path" split as parse_s3_url does, without its bucket-name checks, so that the
// tests can use the one-letter buckets of the examples.
S3Url url(std::string_view text) {
  text.remove_prefix(std::string_view("s3://").size());
  const size_t slash = text.find('/');
  return {std::string(text.substr(0, slash)),
          slash == std::string_view::npos ? "" : std::string(text.substr(slash + 1))};
}

Selection selection_of(const std::string& source, const std::string& destination,
                       const Prefixes& prefixes = {}) {
  return Selection(url(source), url(destination), prefixes);
}

// The message of the std::invalid_argument that building the selection throws, or "(no error)".
std::string selection_error(const std::string& source, const std::string& destination) {
  try {
    selection_of(source, destination);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(SelectionTest, WithoutPrefixesListsWhatThePathNames) {
  EXPECT_EQ(selection_of("s3://src/data", "s3://dst").source_prefixes(), Prefixes{"data"});
  EXPECT_EQ(selection_of("s3://src", "s3://dst").source_prefixes(), Prefixes{""});
  EXPECT_EQ(selection_of("s3://src/data/*", "s3://dst").source_prefixes(), Prefixes{"data/"});
}

TEST(SelectionTest, PrefixesAreRelativeToTheSourceFolder) {
  EXPECT_EQ(selection_of("s3://src/data", "s3://dst", {"2024/"}).source_prefixes(),
            Prefixes{"data/2024/"});
  EXPECT_EQ(selection_of("s3://src/data/*", "s3://dst", {"2024/"}).source_prefixes(),
            Prefixes{"data/2024/"});
  EXPECT_EQ(selection_of("s3://src", "s3://dst", {"2024/"}).source_prefixes(), Prefixes{"2024/"});
}

TEST(SelectionTest, PrefixesOutsideThePathAreDropped) {
  // "data/2*" names keys starting with "data/2"; "-p 1999/" lies outside it.
  EXPECT_EQ(selection_of("s3://src/data/2*", "s3://dst", {"1999/", "2024/"}).source_prefixes(),
            Prefixes{"data/2024/"});
  EXPECT_TRUE(selection_of("s3://src/data/2*", "s3://dst", {"1999/"}).source_prefixes().empty());
}

TEST(SelectionTest, PrefixWiderThanThePathIsNarrowedToThePath) {
  // "-p 2" covers all of "data/20*": the path's own prefix is listed.
  EXPECT_EQ(selection_of("s3://src/data/20*", "s3://dst", {"2"}).source_prefixes(),
            Prefixes{"data/20"});
}

TEST(SelectionTest, OverlappingPrefixesAreMergedAndSorted) {
  EXPECT_EQ(selection_of("s3://src", "s3://dst", {"b/", "ab", "a"}).source_prefixes(),
            (Prefixes{"a", "b/"}));
  EXPECT_EQ(selection_of("s3://src", "s3://dst", {"a", "ab", "b/"}).source_prefixes(),
            (Prefixes{"a", "b/"}));
  EXPECT_EQ(selection_of("s3://src", "s3://dst", {"c/", "a/", "a/", "a/x", "a0"}).source_prefixes(),
            (Prefixes{"a/", "a0", "c/"}));
}

TEST(SelectionTest, DestinationPrefixesMapEachSourcePrefixInOrder) {
  const Selection into_backup =
      selection_of("s3://src/data", "s3://dst/backup", {"2024/", "2023/"});
  EXPECT_EQ(into_backup.source_prefixes(), (Prefixes{"data/2023/", "data/2024/"}));
  EXPECT_EQ(into_backup.destination_prefixes(),
            (Prefixes{"backup/data/2023/", "backup/data/2024/"}));

  const Selection contents = selection_of("s3://src/data/*", "s3://dst", {"2024/"});
  EXPECT_EQ(contents.destination_prefixes(), Prefixes{"2024/"});

  EXPECT_EQ(selection_of("s3://src", "s3://dst/foo").destination_prefixes(), Prefixes{"foo/"});
}

TEST(SelectionTest, KeyForFileIsRelativeToTheSourceFolder) {
  EXPECT_EQ(selection_of("s3://src/data", "s3://dst").key_for_file("2024/report.csv"),
            "data/2024/report.csv");
  EXPECT_EQ(selection_of("s3://src/data/*", "s3://dst").key_for_file("x"), "data/x");
  EXPECT_EQ(selection_of("s3://src/data/", "s3://dst").key_for_file("x"), "data/x");
  EXPECT_EQ(selection_of("s3://src", "s3://dst").key_for_file("top level"), "top level");
}

TEST(SelectionTest, CoversListedKeysThePathSelects) {
  const Selection selection = selection_of("s3://src/folder-001", "s3://dst");
  EXPECT_TRUE(selection.covers_listed_key("folder-001/test-001"));
  EXPECT_FALSE(selection.covers_listed_key("folder-0010/x"));
}

TEST(SelectionTest, SameBucketCopyIntoASubPrefixExcludesTheDestinationArea) {
  const Selection selection = selection_of("s3://b", "s3://b/backup");
  EXPECT_EQ(selection.excluded_prefix(), "backup/");
  EXPECT_FALSE(selection.covers_listed_key("backup/x"));
  EXPECT_FALSE(selection.covers_listed_key("backup/backup/x"));
  EXPECT_TRUE(selection.covers_listed_key("x"));
  EXPECT_TRUE(selection.covers_listed_key("backup"));  // an object, not the folder
  EXPECT_TRUE(selection.covers_listed_key("backups/x"));
}

TEST(SelectionTest, SameBucketCopyInsideTheSourceFolderExcludesTheDestinationArea) {
  const Selection selection = selection_of("s3://b/data", "s3://b/data/copy");
  EXPECT_EQ(selection.excluded_prefix(), "data/copy/");
  EXPECT_FALSE(selection.covers_listed_key("data/copy/data/x"));
  EXPECT_TRUE(selection.covers_listed_key("data/x"));
}

TEST(SelectionTest, SameBucketCopyOutsideTheListingExcludesNothing) {
  const Selection selection = selection_of("s3://b/data", "s3://b/backup");
  EXPECT_EQ(selection.excluded_prefix(), "");
  EXPECT_TRUE(selection.covers_listed_key("data/x"));
}

TEST(SelectionTest, SameBucketOntoItselfIsRefused) {
  for (const auto& [source, destination] : std::vector<std::pair<std::string, std::string>>{
           {"s3://b", "s3://b"},
           {"s3://b/folder-001", "s3://b"},
           {"s3://b/folder-001/*", "s3://b/folder-001/"},
           {"s3://b/a/b", "s3://b/a"}}) {
    const std::string message = selection_error(source, destination);
    EXPECT_NE(message.find("would be copied onto itself"), std::string::npos)
        << source << " -> " << destination << ": " << message;
  }
}

TEST(SelectionTest, DifferentBucketsNeverExcludeAnything) {
  const Selection selection = selection_of("s3://a", "s3://b/backup");
  EXPECT_EQ(selection.excluded_prefix(), "");
  EXPECT_TRUE(selection.covers_listed_key("backup/x"));
  // The same paths in different buckets are not a copy onto itself.
  EXPECT_EQ(selection_error("s3://a", "s3://b"), "(no error)");
  EXPECT_EQ(selection_of("s3://a", "s3://b").excluded_prefix(), "");
}

}  // namespace
}  // namespace s3copy::plan
