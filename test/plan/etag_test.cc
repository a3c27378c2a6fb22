// Tests for plan/etag.h: multipart_etag, the ETag S3 gives an object made of given parts
// (md5(concatenated binary part MD5s)-N, computed here from real part contents), and
// matches_temp_file.
#include "plan/etag.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "net/crypto.h"

namespace s3copy::plan {
namespace {

// The ETag S3 gives part `number` holding `content`: its MD5. Parts are passed in number order.
std::string part([[maybe_unused]] int number, const std::string& content) {
  return net::md5_hex(content);
}

std::string uppercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

TEST(MultipartEtagTest, TwoPartsFromRealContent) {
  const std::string first(5 << 20, 'a');
  const std::string second = "b";
  const std::string expected = net::md5_hex(net::md5(first) + net::md5(second)) + "-2";
  EXPECT_EQ(multipart_etag({part(1, first), part(2, second)}), expected);
  // The same value computed independently (Python hashlib), so md5 is not only compared with
  // itself.
  EXPECT_EQ(expected, "e5a8c5272b26fc10581a21089559b006-2");
}

TEST(MultipartEtagTest, KnownDigestOfTwoEmptyParts) {
  // md5("") = d41d8cd98f00b204e9800998ecf8427e; two of them concatenated as raw bytes, hashed.
  const std::string empty_md5 = "d41d8cd98f00b204e9800998ecf8427e";
  const std::vector<std::string> parts = {empty_md5, empty_md5};
  const std::string raw_pair = *net::from_hex(empty_md5 + empty_md5);
  EXPECT_EQ(multipart_etag(parts), net::md5_hex(raw_pair) + "-2");
  EXPECT_EQ(multipart_etag(parts), "5873dd45edd01f09c1ef2e7819369e8e-2");
}

TEST(MultipartEtagTest, SinglePartIsTheMd5OfItsMd5) {
  const std::string content = "hello";
  EXPECT_EQ(multipart_etag({part(1, content)}), net::md5_hex(net::md5(content)) + "-1");
  EXPECT_NE(multipart_etag({part(1, content)}), net::md5_hex(content) + "-1");
}

TEST(MultipartEtagTest, PartOrderMatters) {
  const std::vector<std::string> in_order = {part(1, "x"), part(2, "y"), part(3, "z")};
  const std::vector<std::string> swapped = {part(1, "y"), part(2, "x"), part(3, "z")};
  EXPECT_NE(multipart_etag(in_order), multipart_etag(swapped));
  EXPECT_EQ(multipart_etag(in_order),
            net::md5_hex(net::md5("x") + net::md5("y") + net::md5("z")) + "-3");
}

TEST(MultipartEtagTest, UppercasePartEtagsGiveTheSameResult) {
  std::string first = part(1, "x");
  std::string second = part(2, "y");
  const std::string lower = multipart_etag({first, second});
  first = uppercase(first);
  second = uppercase(second);
  EXPECT_EQ(multipart_etag({first, second}), lower);
}

TEST(MultipartEtagTest, EmptyWhenAPartEtagIsNotAnMd5) {
  const std::string good = part(1, "x");
  const std::string md5 = good;
  for (const std::string& bad : {std::string(""), md5.substr(0, 31), md5 + "0", md5 + "-1",
                                 "\"" + md5 + "\"", "z" + md5.substr(1), std::string("abc")}) {
    const std::string broken = bad;
    EXPECT_EQ(multipart_etag({good, broken}), "") << bad;
    EXPECT_EQ(multipart_etag({broken, good}), "") << bad;
  }
}

// A temp file is a one-part multipart object: its ETag is md5(binary md5 of the part)-1.
std::string temp_etag_of(const std::string& bytes) {
  return net::md5_hex(*net::from_hex(net::md5_hex(bytes))) + "-1";
}

TEST(MatchesTempFileTest, AnMd5EtagMatchesTheTempFileOfTheSameBytes) {
  const std::string bytes(5 << 20, 'p');
  EXPECT_TRUE(matches_temp_file(net::md5_hex(bytes), temp_etag_of(bytes)));
  EXPECT_FALSE(matches_temp_file(net::md5_hex(bytes + "x"), temp_etag_of(bytes)));
}

TEST(MatchesTempFileTest, ACopyThatKeptTheTempFilesEtagMatches) {
  EXPECT_TRUE(matches_temp_file(temp_etag_of("part"), temp_etag_of("part")));
  EXPECT_FALSE(matches_temp_file(temp_etag_of("other"), temp_etag_of("part")));
}

TEST(MatchesTempFileTest, MissingEtagsNeverMatch) {
  EXPECT_FALSE(matches_temp_file("", temp_etag_of("part")));
  EXPECT_FALSE(matches_temp_file(net::md5_hex("part"), ""));
  EXPECT_FALSE(matches_temp_file("", ""));
}

TEST(EtagIsNotAnMd5Test, KmsDsseAndCustomerKeysButNotAes256OrNone) {
  EXPECT_TRUE(etag_is_not_an_md5("aws:kms"));
  EXPECT_TRUE(etag_is_not_an_md5("aws:kms:dsse"));
  EXPECT_TRUE(etag_is_not_an_md5("SSE-C"));
  EXPECT_FALSE(etag_is_not_an_md5("AES256"));  // SSE-S3 objects keep MD5 ETags
  EXPECT_FALSE(etag_is_not_an_md5(""));
}

TEST(SourceEtagMetadataTest, TheNameCopiesCarry) {
  EXPECT_EQ(kSourceEtagMetadata, "s3copy-source-etag");
}

}  // namespace
}  // namespace s3copy::plan
