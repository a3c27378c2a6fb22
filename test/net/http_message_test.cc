// Tests for net/http_message.cc: the request URL (path kept, query canonical) and
// case-insensitive header lookup and replacement.
#include "net/http_message.h"

#include <gtest/gtest.h>

namespace s3copy::net {
namespace {

TEST(HttpRequestUrlTest, IsOriginAndPathWithoutQuestionMarkWhenThereIsNoQuery) {
  HttpRequest request;
  request.origin = "https://examplebucket.s3.amazonaws.com";
  request.encoded_path = "/test.txt";
  EXPECT_EQ(request.url(), "https://examplebucket.s3.amazonaws.com/test.txt");
}

TEST(HttpRequestUrlTest, KeepsThePathExactlyAsEncoded) {
  HttpRequest request;
  request.origin = "http://127.0.0.1:7480";
  request.encoded_path = "/bucket/a%20b//./../c%2Bd/";
  EXPECT_EQ(request.url(), "http://127.0.0.1:7480/bucket/a%20b//./../c%2Bd/");
}

TEST(HttpRequestUrlTest, WritesAValuelessParameterWithEquals) {
  HttpRequest request;
  request.method = "POST";
  request.origin = "https://b.s3.amazonaws.com";
  request.encoded_path = "/big%20file.bin";
  request.query = {{"uploads", ""}};
  EXPECT_EQ(request.url(), "https://b.s3.amazonaws.com/big%20file.bin?uploads=");
}

TEST(HttpRequestUrlTest, SortsAndEncodesOddQueryParameters) {
  HttpRequest request;
  request.origin = "https://b.s3.amazonaws.com";
  request.query = {{"prefix", "photos/2024 summer/"},
                   {"list-type", "2"},
                   {"delimiter", "/"},
                   {"continuation-token", "1/2+3=="},
                   {"encoding-type", "url"},
                   {"start-after", "caf\xc3\xa9&co"}};
  EXPECT_EQ(request.url(),
            "https://b.s3.amazonaws.com/?continuation-token=1%2F2%2B3%3D%3D&delimiter=%2F"
            "&encoding-type=url&list-type=2&prefix=photos%2F2024%20summer%2F"
            "&start-after=caf%C3%A9%26co");
}

TEST(HttpRequestUrlTest, KeepsUploadIdAndPartNumberTogether) {
  HttpRequest request;
  request.method = "PUT";
  request.origin = "https://b.s3.amazonaws.com";
  request.encoded_path = "/k";
  request.query = {{"uploadId", "VXBsb2FkIElE+/="}, {"partNumber", "10"}};
  EXPECT_EQ(request.url(),
            "https://b.s3.amazonaws.com/k?partNumber=10&uploadId=VXBsb2FkIElE%2B%2F%3D");
}

TEST(HttpRequestHeaderTest, FindsHeadersWhateverTheCase) {
  HttpRequest request;
  request.set_header("Content-Type", "text/plain");
  EXPECT_EQ(request.header("content-type"), "text/plain");
  EXPECT_EQ(request.header("CONTENT-TYPE"), "text/plain");
  EXPECT_EQ(request.header("Content-Length"), std::nullopt);
}

TEST(HttpRequestHeaderTest, StoresNamesInLowercase) {
  HttpRequest request;
  request.set_header("X-Amz-Meta-Colour", "blue");
  ASSERT_EQ(request.headers.size(), 1u);
  EXPECT_EQ(request.headers[0].first, "x-amz-meta-colour");
  EXPECT_EQ(request.headers[0].second, "blue");
}

TEST(HttpRequestHeaderTest, SetHeaderReplacesTheValueInPlace) {
  HttpRequest request;
  request.set_header("range", "bytes=0-9");
  request.set_header("x-amz-date", "20130524T000000Z");
  request.set_header("Range", "bytes=10-19");
  ASSERT_EQ(request.headers.size(), 2u);
  EXPECT_EQ(request.headers[0], (std::pair<std::string, std::string>{"range", "bytes=10-19"}));
  EXPECT_EQ(request.headers[1].first, "x-amz-date");
}

TEST(HttpRequestHeaderTest, SetHeaderLeavesOneHeaderWhenDuplicatesWereAddedDirectly) {
  HttpRequest request;
  request.headers = {{"X-Amz-Meta-A", "1"}, {"host", "h"}, {"x-amz-meta-a", "2"}};
  request.set_header("x-amz-meta-a", "3");
  const HeaderList expected = {{"x-amz-meta-a", "3"}, {"host", "h"}};
  EXPECT_EQ(request.headers, expected);
}

TEST(HttpRequestHeaderTest, KeepsAnEmptyValueDistinctFromAMissingHeader) {
  HttpRequest request;
  request.set_header("x-amz-meta-empty", "");
  EXPECT_EQ(request.header("X-Amz-Meta-Empty"), std::string());
  EXPECT_EQ(request.header("x-amz-meta-other"), std::nullopt);
}

TEST(HttpResponseHeaderTest, FindsHeadersWhateverTheCase) {
  HttpResponse response;
  response.headers = {{"etag", "\"9b2cf535f27731c974343645a3985328\""}, {"x-amz-request-id", "R"}};
  EXPECT_EQ(response.header("ETag"), "\"9b2cf535f27731c974343645a3985328\"");
  EXPECT_EQ(response.header("X-AMZ-REQUEST-ID"), "R");
  EXPECT_EQ(response.header("content-length"), std::nullopt);
}

}  // namespace
}  // namespace s3copy::net
