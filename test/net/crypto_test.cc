// Tests for net/crypto.h against published vectors: FIPS 180-2 (SHA-256), RFC 1321 (MD5),
// RFC 4231 (HMAC-SHA256) and RFC 4648 (base64).
#include "net/crypto.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace s3copy::net {
namespace {

std::string bytes_from_hex(std::string_view hex) {
  return from_hex(hex).value();
}

std::string every_byte_value() {
  std::string bytes;
  for (int value = 0; value < 256; ++value) bytes.push_back(static_cast<char>(value));
  return bytes;
}

TEST(Sha256Test, MatchesFipsVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, RawDigestIs32BytesOfTheHexDigest) {
  const std::string raw = sha256("abc");
  EXPECT_EQ(raw.size(), 32u);
  EXPECT_EQ(to_hex(raw), sha256_hex("abc"));
}

TEST(Sha256Test, HashesTheS3ExampleBody) {
  // The payload hash AWS publishes for the S3 "PUT Object" signing example.
  EXPECT_EQ(sha256_hex("Welcome to Amazon S3."),
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
}

TEST(Md5Test, MatchesRfc1321Vectors) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(md5_hex("1234567890123456789012345678901234567890"
                    "1234567890123456789012345678901234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
  EXPECT_EQ(md5("").size(), 16u);
}

TEST(Md5Test, IncrementalPiecesEqualTheOneShotDigest) {
  Md5 hasher;
  hasher.update("1234567");
  hasher.update("");
  hasher.update("890123456789012345678901234567890123456789012345678901234567890123456789");
  hasher.update("0");
  EXPECT_EQ(to_hex(hasher.finish()), "57edf4a22be3c955ac49da2e2107b67a");
}

TEST(Md5Test, FinishStartsOverEmpty) {
  Md5 hasher;
  hasher.update("abc");
  EXPECT_EQ(to_hex(hasher.finish()), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(to_hex(hasher.finish()), "d41d8cd98f00b204e9800998ecf8427e");
  hasher.update("abc");
  EXPECT_EQ(to_hex(hasher.finish()), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(Md5Test, MovedHasherKeepsItsState) {
  Md5 first;
  first.update("ab");
  Md5 second = std::move(first);
  second.update("c");
  EXPECT_EQ(to_hex(second.finish()), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(HmacSha256Test, MatchesRfc4231TestCase1) {
  const std::string key(20, '\x0b');
  EXPECT_EQ(to_hex(hmac_sha256(key, "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(HmacSha256Test, MatchesRfc4231TestCase2) {
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256Test, MatchesRfc4231TestCase6KeyLongerThanBlock) {
  const std::string key(131, '\xaa');
  EXPECT_EQ(to_hex(hmac_sha256(key, "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HexTest, EncodesLowercaseTwoCharactersPerByte) {
  EXPECT_EQ(to_hex(""), "");
  EXPECT_EQ(to_hex(std::string("\x00\xff\x10\xab", 4)), "00ff10ab");
}

TEST(HexTest, DecodesEitherCase) {
  EXPECT_EQ(from_hex("00FFab10"), std::string("\x00\xff\xab\x10", 4));
  EXPECT_EQ(from_hex(""), std::string());
}

TEST(HexTest, RejectsOddLengthAndNonHex) {
  EXPECT_EQ(from_hex("abc"), std::nullopt);
  EXPECT_EQ(from_hex("zz"), std::nullopt);
  EXPECT_EQ(from_hex("0g"), std::nullopt);
  EXPECT_EQ(from_hex(" 0"), std::nullopt);
}

TEST(HexTest, RoundTripsEveryByteValue) {
  const std::string bytes = every_byte_value();
  EXPECT_EQ(bytes_from_hex(to_hex(bytes)), bytes);
}

TEST(Base64Test, EncodesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Test, DecodesRfc4648Vectors) {
  EXPECT_EQ(base64_decode(""), std::string());
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode("Zm9v"), "foo");
  EXPECT_EQ(base64_decode("Zm9vYg=="), "foob");
  EXPECT_EQ(base64_decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
}

TEST(Base64Test, EncodesAContentMd5Header) {
  // Content-MD5 is the base64 of the raw digest: here MD5("") = d41d8cd9...
  EXPECT_EQ(base64_encode(md5("")), "1B2M2Y8AsgTpgAmY7PhCfg==");
}

TEST(Base64Test, UsesPlusAndSlashForTheLastTwoDigits) {
  EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
  EXPECT_EQ(base64_decode("+/8="), "\xfb\xff");
}

TEST(Base64Test, RoundTripsEveryByteValueAtEachPaddingLength) {
  const std::string bytes = every_byte_value();
  for (size_t length : {bytes.size(), bytes.size() - 1, bytes.size() - 2}) {
    const std::string prefix = bytes.substr(0, length);
    EXPECT_EQ(base64_decode(base64_encode(prefix)), prefix) << length;
  }
}

TEST(Base64Test, RejectsMalformedText) {
  for (const std::string_view bad :
       {"Zg=", "Zg", "Z===", "====", "=Zg=", "Zg=a", "Zm9*", "Zm9v\n", "Zm 9", "Zm9vYg=\n"}) {
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace s3copy::net
