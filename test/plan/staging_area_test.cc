// The names of --staged part files: the original s3copy's layout, and reading names back, which
// cleanup relies on to tell whose files it is looking at.
#include "plan/staging_area.h"

#include <gtest/gtest.h>

namespace s3copy::plan {
namespace {

TEST(StagingAreaTest, NamesFollowTheOriginalLayout) {
  const StagingArea area("temp/", "path/to/file-to-split", "0123456789abcdef0123456789abcdef-3");
  EXPECT_EQ(area.object_directory(), "temp/path/to/file-to-split/");
  EXPECT_EQ(area.directory(), "temp/path/to/file-to-split/0123456/parts/");
  EXPECT_EQ(area.file_key(StagedFileKind::kTemp, 1),
            "temp/path/to/file-to-split/0123456/parts/temp-00001");
  EXPECT_EQ(area.file_key(StagedFileKind::kPart, 10000),
            "temp/path/to/file-to-split/0123456/parts/part-10000");
}

TEST(StagingAreaTest, NamesReadBack) {
  const StagingArea area("work/tmp/", "a key/with/parts/in it", "fedcba9876543210-2");
  const auto part = parse_staged_key("work/tmp/", area.file_key(StagedFileKind::kPart, 42));
  ASSERT_TRUE(part.has_value());
  EXPECT_EQ(part->source_key, "a key/with/parts/in it");
  EXPECT_EQ(part->version, "fedcba9");
  EXPECT_EQ(part->kind, StagedFileKind::kPart);
  EXPECT_EQ(part->part_number, 42);
  const auto temp = parse_staged_key("work/tmp/", area.file_key(StagedFileKind::kTemp, 7));
  ASSERT_TRUE(temp.has_value());
  EXPECT_EQ(temp->kind, StagedFileKind::kTemp);
  EXPECT_EQ(temp->part_number, 7);
}

TEST(StagingAreaTest, OtherKeysAreNotStagedFiles) {
  for (const char* key : {"temp/k/0123456/parts/part-1", "temp/k/0123456/parts/other-00001",
                          "temp/k/012345/parts/part-00001", "temp/k/0123456/part-00001",
                          "data/k/0123456/parts/part-00001", "temp/k/0123456/parts/part-0000x",
                          "temp/0123456/parts/part-00001", "temp/k/0123456/parts/part-00000"}) {
    EXPECT_FALSE(parse_staged_key("temp/", key).has_value()) << key;
  }
}

}  // namespace
}  // namespace s3copy::plan
