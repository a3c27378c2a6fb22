// Tests for net/uri.h: SigV4 percent-encoding of every awkward object key, decoding of
// encoding-type=url listings, and the canonical query string.
#include "net/uri.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace s3copy::net {
namespace {

std::string every_byte_value() {
  std::string bytes;
  for (int value = 0; value < 256; ++value) bytes.push_back(static_cast<char>(value));
  return bytes;
}

std::string repeat(std::string_view piece, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out.append(piece);
  return out;
}

TEST(UriEncodeTest, KeepsUnreservedCharacters) {
  const std::string unreserved =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
  EXPECT_EQ(uri_encode(unreserved, true), unreserved);
  EXPECT_EQ(uri_encode(unreserved, false), unreserved);
}

TEST(UriEncodeTest, EncodesReservedAsciiWithUppercaseHex) {
  EXPECT_EQ(uri_encode("a b", false), "a%20b");
  EXPECT_EQ(uri_encode("a+b", false), "a%2Bb");
  EXPECT_EQ(uri_encode("100%", false), "100%25");
  EXPECT_EQ(uri_encode("what?", false), "what%3F");
  EXPECT_EQ(uri_encode("#1", false), "%231");
  EXPECT_EQ(uri_encode("a&b=c", false), "a%26b%3Dc");
  EXPECT_EQ(uri_encode("!*'();:@$,[]", false), "%21%2A%27%28%29%3B%3A%40%24%2C%5B%5D");
}

TEST(UriEncodeTest, EncodesUtf8ByteByByte) {
  EXPECT_EQ(uri_encode("caf\xc3\xa9", false), "caf%C3%A9");                        // "café"
  EXPECT_EQ(uri_encode("\xe6\x97\xa5\xe6\x9c\xac", false), "%E6%97%A5%E6%9C%AC");  // "日本"
  EXPECT_EQ(uri_encode("\xf0\x9f\x98\x80", false), "%F0%9F%98%80");                // U+1F600
}

TEST(UriEncodeTest, KeepsSlashesOnlyWhenAskedTo) {
  EXPECT_EQ(uri_encode("dir//sub/file/", false), "dir//sub/file/");
  EXPECT_EQ(uri_encode("dir//sub/file/", true), "dir%2F%2Fsub%2Ffile%2F");
  EXPECT_EQ(uri_encode("/", false), "/");
  EXPECT_EQ(uri_encode("/", true), "%2F");
}

TEST(UriEncodeTest, LeavesDotSegmentsAlone) {
  // S3 keys may contain "." and ".." segments; they are data, not navigation.
  EXPECT_EQ(uri_encode("a/./b/../c", false), "a/./b/../c");
}

TEST(UriEncodeTest, EncodesControlCharactersAndNul) {
  EXPECT_EQ(uri_encode(std::string("a\0b", 3), false), "a%00b");
  EXPECT_EQ(uri_encode("\x01\t\n\r\x1f\x7f", false), "%01%09%0A%0D%1F%7F");
  EXPECT_EQ(uri_encode("\xff", false), "%FF");
}

TEST(UriEncodeTest, EncodesA1024ByteKey) {
  const std::string ascii_key(1024, 'k');
  EXPECT_EQ(uri_encode(ascii_key, false), ascii_key);

  const std::string accented_key = repeat("\xc3\xa9", 512);  // 512 x "é" = 1,024 bytes
  ASSERT_EQ(accented_key.size(), 1024u);
  const std::string encoded = uri_encode(accented_key, false);
  EXPECT_EQ(encoded.size(), 3072u);
  EXPECT_EQ(encoded, repeat("%C3%A9", 512));
}

TEST(UriEncodeTest, AppendsAfterExistingText) {
  std::string out = "/bucket/";
  append_uri_encoded(out, "a b/c", false);
  EXPECT_EQ(out, "/bucket/a%20b/c");
}

TEST(UriDecodeTest, RoundTripsEveryByteValue) {
  const std::string bytes = every_byte_value();
  EXPECT_EQ(uri_decode(uri_encode(bytes, true), false), bytes);
  EXPECT_EQ(uri_decode(uri_encode(bytes, false), false), bytes);
  // uri_encode never writes '+', so the listing decoder must also give the key back.
  EXPECT_EQ(uri_decode(uri_encode(bytes, true), true), bytes);
}

TEST(UriDecodeTest, RoundTripsOddKeys) {
  const std::vector<std::string> keys = {"a b",
                                         "a+b",
                                         "100%",
                                         "what?",
                                         "#1",
                                         "a&b=c",
                                         "dir//",
                                         "trailing/",
                                         "caf\xc3\xa9",
                                         "\xe6\x97\xa5\xe6\x9c\xac",
                                         "\xf0\x9f\x98\x80",
                                         "\x01\x7f",
                                         std::string(1024, '%')};
  for (const auto& key : keys) {
    EXPECT_EQ(uri_decode(uri_encode(key, false), false), key) << key;
    EXPECT_EQ(uri_decode(uri_encode(key, true), true), key) << key;
  }
}

TEST(UriDecodeTest, DecodesPlusAsSpaceOnlyWhenAsked) {
  EXPECT_EQ(uri_decode("a+b", true), "a b");
  EXPECT_EQ(uri_decode("a+b", false), "a+b");
  EXPECT_EQ(uri_decode("%2B", true), "+");
  EXPECT_EQ(uri_decode("%20", false), " ");
}

TEST(UriDecodeTest, DecodesAnS3UrlEncodedListingKey) {
  // What S3 returns for the key "photos/2024 summer/café +1.jpg" with encoding-type=url.
  EXPECT_EQ(uri_decode("photos/2024+summer/caf%C3%A9+%2B1.jpg", true),
            "photos/2024 summer/caf\xc3\xa9 +1.jpg");
}

TEST(UriDecodeTest, AcceptsLowercaseHex) {
  EXPECT_EQ(uri_decode("caf%c3%a9", false), "caf\xc3\xa9");
}

TEST(UriDecodeTest, RejectsMalformedEscapes) {
  for (const std::string_view bad :
       {"%", "%2", "abc%", "abc%4", "%G0", "%0G", "%%20", "% 20", "%-1", "ok%zzok"}) {
    EXPECT_EQ(uri_decode(bad, false), std::nullopt) << bad;
    EXPECT_EQ(uri_decode(bad, true), std::nullopt) << bad;
  }
}

TEST(UriDecodeTest, DoesNotReadPastTheEndOfTheView) {
  // The bytes after the view would complete the escape ("%41" is 'A'); they are not the text's.
  const std::string_view buffer = "%41%4";
  EXPECT_EQ(uri_decode(buffer.substr(0, 2), false), std::nullopt);
  EXPECT_EQ(uri_decode(buffer.substr(0, 1), false), std::nullopt);
  EXPECT_EQ(uri_decode(buffer.substr(0, 3), false), "A");
}

TEST(CanonicalQueryStringTest, IsEmptyWithoutParameters) {
  EXPECT_EQ(canonical_query_string({}), "");
}

TEST(CanonicalQueryStringTest, SortsByNameAndWritesValuelessParametersWithEquals) {
  const std::vector<std::pair<std::string, std::string>> query = {
      {"prefix", "J"}, {"max-keys", "2"}, {"uploads", ""}};
  EXPECT_EQ(canonical_query_string(query), "max-keys=2&prefix=J&uploads=");
}

TEST(CanonicalQueryStringTest, SortsRepeatedNamesByValue) {
  const std::vector<std::pair<std::string, std::string>> query = {{"Param1", "value2"},
                                                                  {"Param1", "Value1"}};
  EXPECT_EQ(canonical_query_string(query), "Param1=Value1&Param1=value2");
}

TEST(CanonicalQueryStringTest, SortsByEncodedNameNotRawName) {
  // Raw, '~' (0x7E) sorts before 'é' (0xC3); encoded, "%C3%A9" sorts before "~".
  const std::vector<std::pair<std::string, std::string>> query = {{"~", "1"}, {"\xc3\xa9", "2"}};
  EXPECT_EQ(canonical_query_string(query), "%C3%A9=2&~=1");
}

TEST(CanonicalQueryStringTest, SortsByNameBeforeValue) {
  // Sorting whole "name=value" strings would put "a-b=" first, because '-' < '='.
  const std::vector<std::pair<std::string, std::string>> query = {{"a-b", "1"}, {"a", "2"}};
  EXPECT_EQ(canonical_query_string(query), "a=2&a-b=1");
}

TEST(CanonicalQueryStringTest, EncodesSlashPlusAndEqualsInValues) {
  const std::vector<std::pair<std::string, std::string>> query = {{"continuation-token", "1/2+3=="},
                                                                  {"prefix", "dir/a b"}};
  EXPECT_EQ(canonical_query_string(query), "continuation-token=1%2F2%2B3%3D%3D&prefix=dir%2Fa%20b");
}

}  // namespace
}  // namespace s3copy::net
