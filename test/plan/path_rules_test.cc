// Tests for plan/path_rules.h: the seed README's cp -r table row by row, folder boundaries, the
// trailing '*', source_key_of() as the inverse of destination_key(), and refused patterns.
#include "plan/path_rules.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace s3copy::plan {
namespace {

// The source bucket of the seed README's example.
const std::vector<std::string> kSeedSourceKeys = {"folder-001/test-001", "folder-001/test-002"};

// The destination keys a copy from `source_path` to `destination_path` creates for `keys`: what
// the seed's table lists under "Result files in dest".
std::vector<std::string> copied_keys(std::string_view source_path,
                                     std::string_view destination_path,
                                     const std::vector<std::string>& keys) {
  const PathRules rules(source_path, destination_path);
  std::vector<std::string> destination_keys;
  for (const std::string& key : keys) {
    if (rules.selects(key)) destination_keys.push_back(rules.destination_key(key));
  }
  return destination_keys;
}

// The message of the std::invalid_argument that building the rules throws, or "(no error)".
std::string rules_error(std::string_view source_path, std::string_view destination_path) {
  try {
    PathRules rules(source_path, destination_path);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "(no error)";
}

using Keys = std::vector<std::string>;

// s3copy s3://source s3://dest
TEST(PathRulesSeedTableTest, WholeBucketToBucketRootKeepsKeys) {
  EXPECT_EQ(copied_keys("", "", kSeedSourceKeys),
            (Keys{"folder-001/test-001", "folder-001/test-002"}));
}

// s3copy s3://source s3://dest/foo
TEST(PathRulesSeedTableTest, WholeBucketToDestinationPathLandsUnderIt) {
  EXPECT_EQ(copied_keys("", "foo", kSeedSourceKeys),
            (Keys{"foo/folder-001/test-001", "foo/folder-001/test-002"}));
}

// s3copy s3://source/folder-001 s3://dest
TEST(PathRulesSeedTableTest, FolderToBucketRootKeepsTheFolderName) {
  EXPECT_EQ(copied_keys("folder-001", "", kSeedSourceKeys),
            (Keys{"folder-001/test-001", "folder-001/test-002"}));
}

// s3copy s3://source/folder-001/* s3://dest
TEST(PathRulesSeedTableTest, FolderStarCopiesTheFolderContentsWithoutTheFolderName) {
  EXPECT_EQ(copied_keys("folder-001/*", "", kSeedSourceKeys), (Keys{"test-001", "test-002"}));
}

TEST(PathRulesTest, WholeBucketHasEmptyPrefixesAndBase) {
  const PathRules rules("", "");
  EXPECT_EQ(rules.list_prefix(), "");
  EXPECT_EQ(rules.base(), "");
  EXPECT_EQ(rules.destination_prefix(), "");
  EXPECT_TRUE(rules.selects("anything/at/all"));
}

TEST(PathRulesTest, FolderNameDoesNotSelectLongerNamesThatShareItsPrefix) {
  const PathRules rules("folder-001", "");
  EXPECT_EQ(rules.list_prefix(), "folder-001");
  EXPECT_EQ(rules.base(), "folder-001/");
  EXPECT_TRUE(rules.selects("folder-001/test-001"));
  EXPECT_TRUE(rules.selects("folder-001"));  // the object of that very name, as cp would
  EXPECT_FALSE(rules.selects("folder-0010/x"));
  EXPECT_FALSE(rules.selects("folder-001x"));
  EXPECT_FALSE(rules.selects("folder-00"));
  EXPECT_FALSE(rules.selects("other/folder-001/x"));
}

TEST(PathRulesTest, ObjectNamedLikeTheFolderIsCopiedUnderItsOwnName) {
  EXPECT_EQ(copied_keys("folder-001", "dest", {"folder-001", "folder-001/a", "folder-0010/b"}),
            (Keys{"dest/folder-001", "dest/folder-001/a"}));
}

TEST(PathRulesTest, NestedFolderKeepsOnlyItsLastComponent) {
  EXPECT_EQ(copied_keys("a/b", "", {"a/b/c", "a/b/d/e", "a/bc", "a/x"}), (Keys{"b/c", "b/d/e"}));
}

TEST(PathRulesTest, TrailingSlashSelectsTheFolderOnlyNotAnObjectOfThatName) {
  const PathRules rules("folder-001/", "");
  EXPECT_EQ(rules.list_prefix(), "folder-001/");
  EXPECT_EQ(rules.base(), "folder-001/");
  EXPECT_TRUE(rules.selects("folder-001/test-001"));
  EXPECT_FALSE(rules.selects("folder-001"));
  EXPECT_FALSE(rules.selects("folder-001x"));
  EXPECT_FALSE(rules.selects("folder-0010/x"));
  EXPECT_EQ(rules.destination_key("folder-001/test-001"), "folder-001/test-001");
}

TEST(PathRulesTest, PartialStarSelectsKeysStartingWithTheTextAndDropsTheFolder) {
  const PathRules rules("folder-001/te*", "");
  EXPECT_EQ(rules.list_prefix(), "folder-001/te");
  EXPECT_EQ(rules.base(), "folder-001/");
  EXPECT_EQ(copied_keys("folder-001/te*", "",
                        {"folder-001/test-001", "folder-001/tea/cup", "folder-001/other",
                         "folder-001/t", "te-top"}),
            (Keys{"test-001", "tea/cup"}));
}

TEST(PathRulesTest, StarAtBucketRootSelectsEverything) {
  EXPECT_EQ(copied_keys("*", "copy", kSeedSourceKeys),
            (Keys{"copy/folder-001/test-001", "copy/folder-001/test-002"}));
}

TEST(PathRulesTest, DestinationPathWithOrWithoutTrailingSlashIsTheSameFolder) {
  const PathRules without_slash("folder-001", "foo");
  const PathRules with_slash("folder-001", "foo/");
  EXPECT_EQ(without_slash.destination_prefix(), "foo/");
  EXPECT_EQ(with_slash.destination_prefix(), "foo/");
  EXPECT_EQ(without_slash.destination_key("folder-001/test-001"), "foo/folder-001/test-001");
  EXPECT_EQ(with_slash.destination_key("folder-001/test-001"), "foo/folder-001/test-001");
}

TEST(PathRulesTest, NestedDestinationPath) {
  EXPECT_EQ(copied_keys("folder-001/*", "x/y", kSeedSourceKeys),
            (Keys{"x/y/test-001", "x/y/test-002"}));
}

TEST(PathRulesTest, SourceKeyOfInvertsDestinationKey) {
  const std::vector<std::pair<std::string, std::string>> paths = {
      {"", ""},
      {"", "foo"},
      {"folder-001", ""},
      {"folder-001", "foo/"},
      {"folder-001/", "bar"},
      {"folder-001/*", ""},
      {"folder-001/te*", "x/y"},
      {"a/b", "c"},
  };
  for (const auto& [source_path, destination_path] : paths) {
    const PathRules rules(source_path, destination_path);
    int selected = 0;
    for (const std::string key : {"folder-001/test-001", "folder-001/test-002", "a/b", "a/b/c"}) {
      if (!rules.selects(key)) continue;
      ++selected;
      const std::string destination_key = rules.destination_key(key);
      EXPECT_EQ(rules.source_key_of(destination_key), key)
          << source_path << " -> " << destination_path << ": " << destination_key;
    }
    EXPECT_GT(selected, 0) << source_path << " selects none of the keys";
  }
}

TEST(PathRulesTest, SourceKeyOfMapsBackConcreteKeys) {
  EXPECT_EQ(PathRules("folder-001/*", "foo").source_key_of("foo/test-001"), "folder-001/test-001");
  EXPECT_EQ(PathRules("a/b", "").source_key_of("b/c"), "a/b/c");
  EXPECT_EQ(PathRules("", "foo").source_key_of("foo/folder-001/test-001"), "folder-001/test-001");
}

TEST(PathRulesTest, SourceKeyOfRejectsKeysOutsideTheDestinationPrefix) {
  const PathRules rules("folder-001/*", "foo");
  EXPECT_EQ(rules.source_key_of("bar/test-001"), std::nullopt);
  EXPECT_EQ(rules.source_key_of("foo"), std::nullopt);  // "foo/" is the prefix, not "foo"
  EXPECT_EQ(rules.source_key_of("foobar/test-001"), std::nullopt);
  EXPECT_EQ(rules.source_key_of("test-001"), std::nullopt);
}

TEST(PathRulesTest, InternalStarInTheSourceIsRefusedWithAHint) {
  const std::string message = rules_error("folder-*/test-001", "");
  EXPECT_NE(message.find("source path 'folder-*/test-001'"), std::string::npos) << message;
  EXPECT_NE(message.find("'*' is not supported"), std::string::npos) << message;
  EXPECT_NE(message.find("-f or -F"), std::string::npos) << message;
}

TEST(PathRulesTest, TwoTrailingStarsAreRefused) {
  const std::string message = rules_error("folder-001/**", "");
  EXPECT_NE(message.find("'*' is not supported"), std::string::npos) << message;
}

TEST(PathRulesTest, QuestionMarkInTheSourceIsRefused) {
  const std::string message = rules_error("folder-00?", "");
  EXPECT_NE(message.find("'?' is not supported"), std::string::npos) << message;
  EXPECT_NE(message.find("only one '*' at the very end"), std::string::npos) << message;
}

TEST(PathRulesTest, BracketInTheSourceIsRefused) {
  const std::string message = rules_error("folder-00[12]/*", "");
  EXPECT_NE(message.find("'[' is not supported"), std::string::npos) << message;
}

TEST(PathRulesTest, AnyPatternCharacterInTheDestinationIsRefused) {
  for (const std::string destination : {"dest/*", "de*st", "dest?", "dest[1]"}) {
    const std::string message = rules_error("folder-001", destination);
    EXPECT_NE(message.find("destination path '" + destination + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("plain bucket/path"), std::string::npos) << message;
  }
}

TEST(PathRulesTest, MapsKeysOntoThemselvesWhenNothingMoves) {
  EXPECT_TRUE(PathRules("", "").maps_keys_onto_themselves());
  EXPECT_TRUE(PathRules("folder-001", "").maps_keys_onto_themselves());
  EXPECT_TRUE(PathRules("folder-001/", "").maps_keys_onto_themselves());
  EXPECT_TRUE(PathRules("folder-001/*", "folder-001").maps_keys_onto_themselves());
  EXPECT_TRUE(PathRules("a/b", "a/").maps_keys_onto_themselves());
}

TEST(PathRulesTest, DoesNotMapKeysOntoThemselvesWhenTheyMove) {
  EXPECT_FALSE(PathRules("", "foo").maps_keys_onto_themselves());
  EXPECT_FALSE(PathRules("folder-001/*", "").maps_keys_onto_themselves());
  EXPECT_FALSE(PathRules("folder-001", "folder-001").maps_keys_onto_themselves());
  EXPECT_FALSE(PathRules("a/b", "").maps_keys_onto_themselves());
}

}  // namespace
}  // namespace s3copy::plan
