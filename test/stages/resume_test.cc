// Tests for stages/resume.h: only uploads started after the source's last change are resumed,
// older ones are stale, and only parts of the right number and size are kept.
#include "stages/resume.h"

#include <gtest/gtest.h>

#include "net/http_date.h"

namespace s3copy::stages {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
const std::time_t kSourceModified = *net::parse_iso8601_time("2026-11-25T22:00:00.000Z");

net::MultipartUpload upload(const std::string& key, const std::string& id,
                            const std::string& initiated) {
  return {.key = key, .upload_id = id, .initiated = initiated};
}

TEST(ChooseUploadTest, NewestUploadStartedAfterTheSourceChangeIsResumed) {
  const UploadChoice choice =
      choose_upload({upload("k", "old", "2026-11-25T21:59:59.000Z"),
                     upload("k", "same-second", "2026-11-25T22:00:00.500Z"),
                     upload("k", "newer", "2026-11-25T22:05:00.000Z"),
                     upload("k", "newest", "2026-11-25T22:06:00.000Z"),
                     upload("k/other", "other-key", "2026-11-25T22:07:00.000Z"),
                     upload("k", "unreadable", "yesterday")},
                    "k", kSourceModified);
  ASSERT_TRUE(choice.resume);
  EXPECT_EQ(choice.resume->upload_id, "newest");
  std::vector<std::string> stale;
  for (const auto& u : choice.stale) stale.push_back(u.upload_id);
  EXPECT_EQ(stale, (std::vector<std::string>{"old", "same-second", "unreadable"}));
}

TEST(ChooseUploadTest, NothingToResume) {
  const UploadChoice choice =
      choose_upload({upload("k", "old", "2026-11-25T21:00:00.000Z")}, "k", kSourceModified);
  EXPECT_FALSE(choice.resume);
  ASSERT_EQ(choice.stale.size(), 1u);
  EXPECT_FALSE(choose_upload({}, "k", kSourceModified).resume);
}

TEST(ReusablePartsTest, KeepsPartsOfTheRightNumberAndSize) {
  const plan::PartLayout layout =
      plan::PartLayout::uniform(12 * kMiB + 7, 5 * kMiB);  // 5 MiB, 5 MiB, 2 MiB + 7
  const std::vector<net::PartInfo> done = {
      {.part_number = 1, .etag = "a", .size = 5 * kMiB},
      {.part_number = 2, .etag = "b", .size = 4 * kMiB},  // another layout's part
      {.part_number = 3, .etag = "c", .size = 2 * kMiB + 7},
      {.part_number = 4, .etag = "d", .size = 1},  // beyond the layout
      {.part_number = 0, .etag = "e", .size = 5 * kMiB},
  };
  const std::vector<net::PartInfo> kept = reusable_parts(layout, done);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].part_number, 1);
  EXPECT_EQ(kept[1].part_number, 3);
  EXPECT_TRUE(reusable_parts(layout, {{.part_number = 1, .etag = "", .size = 5 * kMiB}}).empty());
}

}  // namespace
}  // namespace s3copy::stages
