// Tests for plan/object_entry.h: telling multipart ETags ("<32 hex>-N") and MD5-shaped ETags from
// the near misses that are neither.
#include "plan/object_entry.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace s3copy::plan {
namespace {

const std::string kMd5 = "d41d8cd98f00b204e9800998ecf8427e";  // MD5 of nothing

TEST(ObjectEntryTest, RecognisesRealMultipartEtags) {
  EXPECT_TRUE(is_multipart_etag("9b2cf535f27731c974343645a3985328-3"));
  EXPECT_EQ(multipart_part_count("9b2cf535f27731c974343645a3985328-3"), 3);
  EXPECT_EQ(multipart_part_count(kMd5 + "-1"), 1);
  EXPECT_EQ(multipart_part_count(kMd5 + "-10000"), 10000);
  EXPECT_EQ(multipart_part_count("D41D8CD98F00B204E9800998ECF8427E-80"), 80);
}

TEST(ObjectEntryTest, PlainMd5IsNotMultipart) {
  EXPECT_FALSE(is_multipart_etag(kMd5));
  EXPECT_EQ(multipart_part_count(kMd5), 0);
}

TEST(ObjectEntryTest, RejectsMultipartNearMisses) {
  for (const std::string& etag : std::vector<std::string>{
           kMd5 + "-0",                           // zero parts
           kMd5 + "-",                            // no count
           kMd5.substr(0, 31) + "-3",             // 31 hex digits
           kMd5 + "0-3",                          // 33 hex digits
           "g41d8cd98f00b204e9800998ecf8427e-3",  // not hex
           "abc-3",                               // too short
           kMd5 + "-3x",                          // junk after the count
           kMd5 + "--3",                          // doubled dash
           kMd5 + "-+3",                          // signed count
           kMd5 + "- 3",                          // space in the count
           kMd5 + "-99999999999999999999",        // count out of range
           "\"" + kMd5 + "-3\"",                  // still quoted, as on the wire
           "-3",                                  // nothing before the dash
           "",                                    // nothing at all
       }) {
    EXPECT_FALSE(is_multipart_etag(etag)) << etag;
    EXPECT_EQ(multipart_part_count(etag), 0) << etag;
  }
}

TEST(ObjectEntryTest, LooksLikeMd5AcceptsThirtyTwoHexDigitsInEitherCase) {
  EXPECT_TRUE(looks_like_md5(kMd5));
  EXPECT_TRUE(looks_like_md5("D41D8CD98F00B204E9800998ECF8427E"));
  EXPECT_TRUE(looks_like_md5("0123456789abcdefABCDEF0123456789"));
}

TEST(ObjectEntryTest, LooksLikeMd5RejectsNearMisses) {
  for (const std::string& etag : std::vector<std::string>{
           kMd5.substr(0, 31),                  // 31 hex digits
           kMd5 + "0",                          // 33 hex digits
           kMd5 + "-3",                         // multipart
           "g41d8cd98f00b204e9800998ecf8427e",  // not hex
           "d41d8cd98f00b204 9800998ecf8427e",  // space
           "\"" + kMd5 + "\"",                  // still quoted
           "",
       }) {
    EXPECT_FALSE(looks_like_md5(etag)) << etag;
  }
}

TEST(ObjectEntryTest, EntriesCompareByEveryField) {
  const ObjectEntry entry{.key = "a", .size = 1, .etag = kMd5};
  EXPECT_EQ(entry, (ObjectEntry{.key = "a", .size = 1, .etag = kMd5}));
  EXPECT_NE(entry, (ObjectEntry{.key = "b", .size = 1, .etag = kMd5}));
  EXPECT_NE(entry, (ObjectEntry{.key = "a", .size = 2, .etag = kMd5}));
  EXPECT_NE(entry, (ObjectEntry{.key = "a", .size = 1, .etag = kMd5 + "-1"}));
}

}  // namespace
}  // namespace s3copy::plan
