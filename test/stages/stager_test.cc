// The staged method's check that a part file (and the part composed from it) holds the bytes its
// temp file was made from, on AWS (copies get the MD5 of their bytes) and radosgw (copies keep it).
#include "stages/stager.h"

#include <gtest/gtest.h>

#include "net/crypto.h"

namespace s3copy::stages {
namespace {

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

}  // namespace
}  // namespace s3copy::stages
