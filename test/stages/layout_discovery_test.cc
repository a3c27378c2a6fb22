// Part layouts as AWS reports them (HEAD ?partNumber=K lengths) reproduce the source's ETag exactly
// when the copy cuts the same ranges: md5(part MD5s)-N computed here as S3 computes it.
#include "stages/layout_discovery.h"

#include <gtest/gtest.h>

#include "net/crypto.h"
#include "plan/etag.h"

namespace s3copy::stages {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;

// Deterministic bytes that differ from part to part.
std::string content(std::uint64_t size) {
  std::string bytes(size, '\0');
  std::uint64_t state = 0x9e3779b97f4a7c15ull;
  for (char& byte : bytes) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    byte = static_cast<char>(state >> 56);
  }
  return bytes;
}

// The ETag S3 gives an upload of `bytes` in parts of these lengths.
std::string uploaded_etag(const std::string& bytes, const std::vector<std::uint64_t>& lengths) {
  std::string digests;
  std::uint64_t offset = 0;
  for (std::uint64_t length : lengths) {
    digests += *net::from_hex(net::md5_hex(bytes.substr(offset, length)));
    offset += length;
  }
  return net::md5_hex(digests) + "-" + std::to_string(lengths.size());
}

// The ETag a copy made of `layout`'s ranges gets.
std::string copied_etag(const std::string& bytes, const plan::PartLayout& layout) {
  std::vector<std::string> parts;
  for (int part = 1; part <= layout.part_count(); ++part) {
    const std::uint64_t first = layout.first_byte(part);
    const std::string range = bytes.substr(first, layout.last_byte(part) - first + 1);
    parts.push_back(net::md5_hex(range));
  }
  return plan::multipart_etag(parts);
}

TEST(LayoutFromPartLengthsTest, AwsCliUniformLayoutReproducesTheEtag) {
  const std::string bytes = content(20'000'000);
  const std::vector<std::uint64_t> reported = {8 * kMiB, 8 * kMiB, 20'000'000 - 16 * kMiB};
  const auto layout = layout_from_part_lengths(bytes.size(), reported);
  ASSERT_TRUE(layout.has_value());
  EXPECT_TRUE(layout->is_uniform());
  EXPECT_EQ(layout->part_size(), 8 * kMiB);
  EXPECT_EQ(copied_etag(bytes, *layout), uploaded_etag(bytes, reported));
}

TEST(LayoutFromPartLengthsTest, UnevenLayoutReproducesTheEtagAndAUniformGuessDoesNot) {
  const std::vector<std::uint64_t> reported = {5 * kMiB, 9 * kMiB, 6 * kMiB + 3, 7 * kMiB, 1};
  std::uint64_t size = 0;
  for (std::uint64_t length : reported) size += length;
  const std::string bytes = content(size);
  const std::string source_etag = uploaded_etag(bytes, reported);
  const auto layout = layout_from_part_lengths(size, reported);
  ASSERT_TRUE(layout.has_value());
  EXPECT_FALSE(layout->is_uniform());
  EXPECT_EQ(layout->sizes(), reported);
  EXPECT_EQ(copied_etag(bytes, *layout), source_etag);
  // What the ETag check before completing catches: the same part count, other boundaries.
  EXPECT_NE(copied_etag(bytes, plan::PartLayout::uniform(size, 6 * kMiB)), source_etag);
}

TEST(LayoutFromPartLengthsTest, LengthsThatDoNotAddUpGiveNoLayout) {
  EXPECT_FALSE(layout_from_part_lengths(10 * kMiB, {5 * kMiB, 4 * kMiB}).has_value());
  EXPECT_FALSE(layout_from_part_lengths(10 * kMiB, {10 * kMiB, 0}).has_value());
  EXPECT_TRUE(layout_from_part_lengths(10 * kMiB, {10 * kMiB}).has_value());
}

}  // namespace
}  // namespace s3copy::stages
