// Tests for plan/list_format.h and the parsers under it (list_lines, json_tokens, gzip_stream,
// inventory_manifest): every format on real samples of its tool's output, detection, and errors.
#include "plan/list_format.h"

#include <zlib.h>

#include <filesystem>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plan/gzip_stream.h"
#include "plan/json_tokens.h"
#include "test/support/error_of.h"
#include "test/support/temp_dir.h"

namespace s3copy::plan {
namespace {

// ---------------------------------------------------------------------------------------------
// Real samples. The bucket lf-samples-1795652116 on the local radosgw (tools/s3-server) held
// these objects: " leading space.txt", "dir/small.txt", "dir/with space.txt",
// "emoji/😀 \"quoted\" tab<TAB>x.txt", "long/" + 995 'x' (a 1,000-byte key),
// "percent%20literal.txt", "plain.txt", "plus+sign.txt", "trailing space " and
// "unicode/naïve café 日本.txt". The outputs below are pasted byte for byte, except that <LONG>
// stands for the 995 'x' of the long key (with_long_key() puts them back).

// aws-cli/2.9.19 Python/3.11.2 (Debian 12 package awscli):
//   aws --endpoint-url http://127.0.0.1:7480 s3 ls --recursive s3://lf-samples-1795652116
// kAwsLsHumanSample: the same with --human-readable --summarize.
// s3cmd 2.3.0 (Debian 12 package s3cmd): s3cmd ls -r s3://lf-samples-1795652116, then with
// --list-md5 (kS3cmdMd5Sample) and with -l (kS3cmdLongSample).
const char* const kAwsLsSample =
    "2026-11-26 00:15:20       1234  leading space.txt\n"
    "2026-11-26 00:15:22          6 dir/small.txt\n"
    "2026-11-26 00:15:18       1234 dir/with space.txt\n"
    "2026-11-26 00:16:41          6 emoji/😀 \"quoted\" tab\tx.txt\n"
    "2026-11-26 00:15:22       1234 long/<LONG>\n"
    "2026-11-26 00:15:20       1234 percent%20literal.txt\n"
    "2026-11-26 00:15:17       1234 plain.txt\n"
    "2026-11-26 00:15:19       1234 plus+sign.txt\n"
    "2026-11-26 00:15:21       1234 trailing space \n"
    "2026-11-26 00:15:19       1234 unicode/naïve café 日本.txt\n";

const char* const kAwsLsHumanSample =
    "2026-11-26 00:15:20    1.2 KiB  leading space.txt\n"
    "2026-11-26 00:15:22    6 Bytes dir/small.txt\n"
    "2026-11-26 00:15:18    1.2 KiB dir/with space.txt\n"
    "2026-11-26 00:16:41    6 Bytes emoji/😀 \"quoted\" tab\tx.txt\n"
    "2026-11-26 00:15:22    1.2 KiB long/<LONG>\n"
    "2026-11-26 00:15:20    1.2 KiB percent%20literal.txt\n"
    "2026-11-26 00:15:17    1.2 KiB plain.txt\n"
    "2026-11-26 00:15:19    1.2 KiB plus+sign.txt\n"
    "2026-11-26 00:15:21    1.2 KiB trailing space \n"
    "2026-11-26 00:15:19    1.2 KiB unicode/naïve café 日本.txt\n"
    "\n"
    "Total Objects: 10\n"
    "   Total Size: 9.7 KiB\n";

const char* const kS3cmdLsSample =
    "2026-11-26 00:15         1234  s3://lf-samples-1795652116/ leading space.txt\n"
    "2026-11-26 00:15            6  s3://lf-samples-1795652116/dir/small.txt\n"
    "2026-11-26 00:15         1234  s3://lf-samples-1795652116/dir/with space.txt\n"
    "2026-11-26 00:16            6  s3://lf-samples-1795652116/emoji/😀 \"quoted\" tab\tx.txt\n"
    "2026-11-26 00:15         1234  s3://lf-samples-1795652116/long/<LONG>\n"
    "2026-11-26 00:15         1234  s3://lf-samples-1795652116/percent%20literal.txt\n"
    "2026-11-26 00:15         1234  s3://lf-samples-1795652116/plain.txt\n"
    "2026-11-26 00:15         1234  s3://lf-samples-1795652116/plus+sign.txt\n"
    "2026-11-26 00:15         1234  s3://lf-samples-1795652116/trailing space \n"
    "2026-11-26 00:15         1234  s3://lf-samples-1795652116/unicode/naïve café 日本.txt\n";

const char* const kS3cmdMd5Sample =
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     "
    "s3://lf-samples-1795652116/ leading space.txt\n"
    "2026-11-26 00:15            6  b1946ac92492d2347c6235b4d2611184     "
    "s3://lf-samples-1795652116/dir/small.txt\n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     "
    "s3://lf-samples-1795652116/dir/with space.txt\n"
    "2026-11-26 00:16            6  b1946ac92492d2347c6235b4d2611184     "
    "s3://lf-samples-1795652116/emoji/😀 \"quoted\" tab\tx.txt\n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     "
    "s3://lf-samples-1795652116/long/<LONG>\n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     "
    "s3://lf-samples-1795652116/percent%20literal.txt\n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     "
    "s3://lf-samples-1795652116/plain.txt\n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     "
    "s3://lf-samples-1795652116/plus+sign.txt\n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     "
    "s3://lf-samples-1795652116/trailing space \n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     "
    "s3://lf-samples-1795652116/unicode/naïve café 日本.txt\n";

const char* const kS3cmdLongSample =
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     STANDARD     "
    "s3://lf-samples-1795652116/ leading space.txt\n"
    "2026-11-26 00:15            6  b1946ac92492d2347c6235b4d2611184     STANDARD     "
    "s3://lf-samples-1795652116/dir/small.txt\n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     STANDARD     "
    "s3://lf-samples-1795652116/dir/with space.txt\n"
    "2026-11-26 00:16            6  b1946ac92492d2347c6235b4d2611184     STANDARD     "
    "s3://lf-samples-1795652116/emoji/😀 \"quoted\" tab\tx.txt\n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     STANDARD     "
    "s3://lf-samples-1795652116/long/<LONG>\n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     STANDARD     "
    "s3://lf-samples-1795652116/percent%20literal.txt\n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     STANDARD     "
    "s3://lf-samples-1795652116/plain.txt\n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     STANDARD     "
    "s3://lf-samples-1795652116/plus+sign.txt\n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     STANDARD     "
    "s3://lf-samples-1795652116/trailing space \n"
    "2026-11-26 00:15         1234  9b4c8a5e36d3be7e2c4b1d75ded8c8a1     STANDARD     "
    "s3://lf-samples-1795652116/unicode/naïve café 日本.txt\n";

// aws-cli/2.9.19: aws s3api list-objects-v2 --bucket lf-samples-1795652116 (trimmed to six of
// its ten entries).
const char* const kS3apiSample = R"({
    "Contents": [
        {
            "Key": " leading space.txt",
            "LastModified": "2026-11-26T00:15:20.962000+00:00",
            "ETag": "\"9b4c8a5e36d3be7e2c4b1d75ded8c8a1\"",
            "Size": 1234,
            "StorageClass": "STANDARD"
        },
        {
            "Key": "dir/with space.txt",
            "LastModified": "2026-11-26T00:15:18.291000+00:00",
            "ETag": "\"9b4c8a5e36d3be7e2c4b1d75ded8c8a1\"",
            "Size": 1234,
            "StorageClass": "STANDARD"
        },
        {
            "Key": "emoji/😀 \"quoted\" tab\tx.txt",
            "LastModified": "2026-11-26T00:16:41.236000+00:00",
            "ETag": "\"b1946ac92492d2347c6235b4d2611184\"",
            "Size": 6,
            "StorageClass": "STANDARD"
        },
        {
            "Key": "long/<LONG>",
            "LastModified": "2026-11-26T00:15:22.153000+00:00",
            "ETag": "\"9b4c8a5e36d3be7e2c4b1d75ded8c8a1\"",
            "Size": 1234,
            "StorageClass": "STANDARD"
        },
        {
            "Key": "plus+sign.txt",
            "LastModified": "2026-11-26T00:15:19.756000+00:00",
            "ETag": "\"9b4c8a5e36d3be7e2c4b1d75ded8c8a1\"",
            "Size": 1234,
            "StorageClass": "STANDARD"
        },
        {
            "Key": "unicode/naïve café 日本.txt",
            "LastModified": "2026-11-26T00:15:19.109000+00:00",
            "ETag": "\"9b4c8a5e36d3be7e2c4b1d75ded8c8a1\"",
            "Size": 1234,
            "StorageClass": "STANDARD"
        }
    ]
}
)";

// Two calls, one output: `aws s3api list-objects-v2 ... --prefix emoji/ | python3 -m json.tool`
// then the same for --prefix unicode/ (Python 3.11's json.tool writes \u escapes, and
// characters beyond U+FFFF as surrogate pairs).
const char* const kPythonEscapedSample = R"({
    "Contents": [
        {
            "Key": "emoji/\ud83d\ude00 \"quoted\" tab\tx.txt",
            "LastModified": "2026-11-26T00:16:41.236000+00:00",
            "ETag": "\"b1946ac92492d2347c6235b4d2611184\"",
            "Size": 6,
            "StorageClass": "STANDARD"
        }
    ]
}
{
    "Contents": [
        {
            "Key": "unicode/na\u00efve caf\u00e9 \u65e5\u672c.txt",
            "LastModified": "2026-11-26T00:15:19.109000+00:00",
            "ETag": "\"9b4c8a5e36d3be7e2c4b1d75ded8c8a1\"",
            "Size": 1234,
            "StorageClass": "STANDARD"
        }
    ]
}
)";

// aws s3api list-objects-v2 --bucket lf-samples-1795652116 --prefix dir/ --max-items 1: one page,
// with the NextToken that --starting-token takes.
const char* const kS3apiPageSample = R"({
    "Contents": [
        {
            "Key": "dir/small.txt",
            "LastModified": "2026-11-26T00:15:22.733000+00:00",
            "ETag": "\"b1946ac92492d2347c6235b4d2611184\"",
            "Size": 6,
            "StorageClass": "STANDARD"
        }
    ],
    "NextToken": "eyJDb250aW51YXRpb25Ub2tlbiI6IG51bGwsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9"
}
)";

// aws s3api list-objects-v2 --bucket lf-samples-1795652116 --prefix dir/ --query 'Contents[].Key'
const char* const kS3apiQuerySample = R"([
    "dir/small.txt",
    "dir/with space.txt"
]
)";

// S3 Inventory is not available on radosgw. These follow AWS's documentation exactly: the
// manifest is the CSV example of
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory-location.html, and the
// data file has its fileSchema's fields, every one double-quoted, keys URL-encoded ("When using
// the CSV file format, the key name is URL-encoded and must be decoded before you can use it",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory.html), spaces as '+'.
const char* const kManifestSample = R"({
    "sourceBucket": "example-source-bucket",
    "destinationBucket": "arn:aws:s3:::example-inventory-destination-bucket",
    "version": "2016-11-30",
    "creationTimestamp" : "1514944800000",
    "fileFormat": "CSV",
    "fileSchema": "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass, IsMultipartUploaded, ReplicationStatus, EncryptionStatus, ObjectLockRetainUntilDate, ObjectLockMode, ObjectLockLegalHoldStatus, IntelligentTieringAccessTier, BucketKeyStatus, ChecksumAlgorithm",
    "files": [
        {
            "key": "Inventory/example-source-bucket/2016-11-06T21-32Z/files/939c6d46-85a9-4ba8-87bd-9db705a579ce.csv.gz",
            "size": 2147483647,
            "MD5checksum": "f11166069f1990abeb9c97ace9cdfabc"
        }
    ]
}
)";

// A data file of an inventory with the fileSchema "Bucket, Key, Size, LastModifiedDate, ETag,
// StorageClass" (the fields a configuration chooses come after Bucket and Key).
const char* const kInventoryCsvSample =
    R"("example-source-bucket","+leading+space.txt","1234","2026-11-26T00:15:20.000Z","9b4c8a5e36d3be7e2c4b1d75ded8c8a1","STANDARD"
"example-source-bucket","dir/with+space.txt","1234","2026-11-26T00:15:18.000Z","9b4c8a5e36d3be7e2c4b1d75ded8c8a1","STANDARD"
"example-source-bucket","dir%2Fsmall.txt","6","2026-11-26T00:15:22.000Z","b1946ac92492d2347c6235b4d2611184","STANDARD"
"example-source-bucket","percent%2520literal.txt","1234","2026-11-26T00:15:20.000Z","9b4c8a5e36d3be7e2c4b1d75ded8c8a1","STANDARD"
"example-source-bucket","plus%2Bsign.txt","1234","2026-11-26T00:15:19.000Z","9b4c8a5e36d3be7e2c4b1d75ded8c8a1","STANDARD"
"example-source-bucket","unicode/na%C3%AFve+caf%C3%A9+%E6%97%A5%E6%9C%AC.txt","1234","2026-11-26T00:15:19.000Z","9b4c8a5e36d3be7e2c4b1d75ded8c8a1","STANDARD"
"example-source-bucket","quote%22d.txt","6","2026-11-26T00:16:41.000Z","b1946ac92492d2347c6235b4d2611184","GLACIER"
)";

// ---------------------------------------------------------------------------------------------
// Helpers.

const std::string kLongTail(995, 'x');
const std::string kLongKey = "long/" + kLongTail;

std::string with_long_key(std::string sample) {
  for (size_t at = sample.find("<LONG>"); at != std::string::npos; at = sample.find("<LONG>")) {
    sample.replace(at, 6, kLongTail);
  }
  return sample;
}

// The sample bucket's keys, in the samples' (key) order.
const std::vector<std::string> kSampleKeys = {" leading space.txt",
                                              "dir/small.txt",
                                              "dir/with space.txt",
                                              "emoji/😀 \"quoted\" tab\tx.txt",
                                              kLongKey,
                                              "percent%20literal.txt",
                                              "plain.txt",
                                              "plus+sign.txt",
                                              "trailing space ",
                                              "unicode/naïve café 日本.txt"};

const char* const kSampleBucket = "lf-samples-1795652116";

struct Listing {
  ListFormat format = ListFormat::kAuto;
  std::vector<std::string> keys;
};

Listing read_list(const std::string& text, ListFormat format = ListFormat::kAuto,
                  ObjectListOptions options = {}) {
  std::istringstream input(text);
  ObjectListReader reader(input, "keys.txt", format, std::move(options));
  Listing listing{reader.format(), {}};
  while (std::optional<std::string> key = reader.next()) listing.keys.push_back(*key);
  return listing;
}

std::vector<std::string> keys_of(const std::string& text, ListFormat format = ListFormat::kAuto,
                                 ObjectListOptions options = {}) {
  return read_list(text, format, std::move(options)).keys;
}

// The message of the std::invalid_argument that reading `text` throws, or "(no error)".
std::string reading_error(const std::string& text, ListFormat format = ListFormat::kAuto,
                          ObjectListOptions options = {}) {
  return test::error_of<std::invalid_argument>(
      [&] { read_list(text, format, std::move(options)); });
}

ObjectListOptions from_bucket(const std::string& bucket) {
  return {.expected_bucket = bucket};
}

// `data` compressed as one gzip member, as gzip(1) and S3 Inventory write it.
std::string gzipped(const std::string& data) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// A stream made up as it is read: `header`, then `count` records, then `footer`. It counts the
// bytes served, so tests can see that a reader yields keys long before the input ends.
class GeneratedInput : public std::streambuf {
 public:
  GeneratedInput(std::string header, std::function<std::string(size_t)> record, size_t count,
                 std::string footer)
      : header_(std::move(header)),
        record_(std::move(record)),
        count_(count),
        footer_(std::move(footer)) {}

  size_t bytes_served() const { return served_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    do {
      // Part 0 is the header, parts 1..count the records, part count + 1 the footer.
      if (part_ > count_ + 1) return traits_type::eof();
      chunk_ = part_ == 0 ? header_ : part_ <= count_ ? record_(part_ - 1) : footer_;
      ++part_;
    } while (chunk_.empty());
    served_ += chunk_.size();
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string header_;
  std::function<std::string(size_t)> record_;
  size_t count_;
  std::string footer_;
  size_t part_ = 0;
  std::string chunk_;
  size_t served_ = 0;
};

// What the reader detects, before reading any key.
ListFormat format_detected(const std::string& text) {
  std::istringstream input(text);
  return ObjectListReader(input, "keys.txt").format();
}

// ---------------------------------------------------------------------------------------------
// Format names.

TEST(ListFormatNames, EveryNameReadsBackToItsFormat) {
  for (size_t i = 0; i < kListFormatNames.size(); ++i) {
    const auto format = static_cast<ListFormat>(i);
    EXPECT_EQ(parse_list_format(list_format_name(format)), format);
  }
  EXPECT_EQ(parse_list_format("aws-ls"), ListFormat::kAwsLs);
  EXPECT_EQ(list_format_name(ListFormat::kInventoryManifest), "inventory-manifest");
}

TEST(ListFormatNames, UnknownNameListsTheValidOnes) {
  EXPECT_EQ(test::error_of<std::invalid_argument>([] { parse_list_format("csv"); }),
            "unknown list format 'csv'; use one of: auto, plain, url, aws-ls, s3cmd-ls, "
            "s3api-json, inventory-csv, inventory-manifest");
}

TEST(ListFormatNames, OnlyPlainKeysAreRelativeToTheSourcePath) {
  EXPECT_FALSE(names_whole_keys(ListFormat::kPlain));
  EXPECT_TRUE(names_whole_keys(ListFormat::kUrl));
  EXPECT_TRUE(names_whole_keys(ListFormat::kAwsLs));
  EXPECT_TRUE(names_whole_keys(ListFormat::kInventoryCsv));
}

// ---------------------------------------------------------------------------------------------
// aws s3 ls --recursive

TEST(ListFormatAwsLs, ReadsEveryKeyOfRealOutput) {
  const Listing listing = read_list(with_long_key(kAwsLsSample));
  EXPECT_EQ(listing.format, ListFormat::kAwsLs);
  EXPECT_EQ(listing.keys, kSampleKeys);
}

TEST(ListFormatAwsLs, ReadsHumanReadableSizesAndSkipsTheSummary) {
  const Listing listing = read_list(with_long_key(kAwsLsHumanSample));
  EXPECT_EQ(listing.format, ListFormat::kAwsLs);
  EXPECT_EQ(listing.keys, kSampleKeys);
}

TEST(ListFormatAwsLs, UnitWordsAreKeysUnlessAlignedLikeHumanReadableSizes) {
  // A byte count ends at column 30; the "6 Bytes" of --human-readable ends there instead.
  EXPECT_EQ(keys_of("2026-11-26 00:15:22          6 Bytes of it.txt\n"),
            std::vector<std::string>{"Bytes of it.txt"});
  EXPECT_EQ(keys_of("2026-11-26 00:15:22    6 Bytes Bytes of it.txt\n"),
            std::vector<std::string>{"Bytes of it.txt"});
  EXPECT_EQ(keys_of("2026-11-26 00:15:22     1 Byte KiB\n"), std::vector<std::string>{"KiB"});
}

TEST(ListFormatAwsLs, SizesWiderThanTenColumnsPushTheKeyRight) {
  EXPECT_EQ(keys_of("2026-11-26 00:15:22 53687091200 video/big.bin\n"),
            std::vector<std::string>{"video/big.bin"});
}

TEST(ListFormatAwsLs, CommentsBlankLinesAndCrLfAreAllowed) {
  EXPECT_EQ(keys_of("# aws s3 ls --recursive s3://b\r\n"
                    "2026-11-26 00:15:17       1234 plain.txt\r\n"
                    "\r\n"
                    "2026-11-26 00:15:21       1234 trailing space \r\n"),
            (std::vector<std::string>{"plain.txt", "trailing space "}));
}

TEST(ListFormatAwsLs, LineNumberIsTheKeysLine) {
  std::istringstream input(with_long_key(kAwsLsSample));
  ObjectListReader reader(input, "keys.txt");
  EXPECT_EQ(reader.line_number(), 0u);
  reader.next();
  reader.next();
  EXPECT_EQ(reader.next(), "dir/with space.txt");
  EXPECT_EQ(reader.line_number(), 3u);
  EXPECT_EQ(reader.bucket(), "");
}

// aws-cli/2.9.19: aws s3 ls s3://lf-samples-1795652116 (no --recursive), its first lines.
const char* const kAwsLsFolderSample =
    "                           PRE dir/\n"
    "                           PRE emoji/\n"
    "                           PRE long/\n"
    "                           PRE unicode/\n"
    "2026-11-26 00:15:20       1234  leading space.txt\n";

TEST(ListFormatAwsLs, FolderLinesAskForRecursive) {
  EXPECT_EQ(format_detected(kAwsLsFolderSample), ListFormat::kAwsLs);
  EXPECT_EQ(reading_error(kAwsLsFolderSample),
            "keys.txt line 1: 'PRE dir/' is a folder line of `aws s3 ls` without --recursive; "
            "list with `aws s3 ls --recursive` so that every line names an object");
  EXPECT_EQ(reading_error("2026-11-26 00:15:20       1234 a.txt\n"
                          "                           PRE dir/\n"),
            "keys.txt line 2: 'PRE dir/' is a folder line of `aws s3 ls` without --recursive; "
            "list with `aws s3 ls --recursive` so that every line names an object");
}

TEST(ListFormatAwsLs, MalformedLineIsReportedWithItsNumber) {
  EXPECT_EQ(reading_error("2026-11-26 00:15:17       1234 plain.txt\n"
                          "2026-11-26 00:15:22 plain.txt\n"),
            "keys.txt line 2: not an `aws s3 ls --recursive` line (expected DATE TIME SIZE KEY); "
            "make the list with `aws s3 ls --recursive`, or name its format with --list-format");
  EXPECT_EQ(reading_error("plain.txt\n", ListFormat::kAwsLs),
            "keys.txt line 1: not an `aws s3 ls --recursive` line (expected DATE TIME SIZE KEY); "
            "make the list with `aws s3 ls --recursive`, or name its format with --list-format");
  EXPECT_EQ(reading_error("2026-11-26 00:15:22    1.2 KiBfoo\n", ListFormat::kAwsLs),
            "keys.txt line 1: not an `aws s3 ls --recursive` line (expected DATE TIME SIZE KEY); "
            "make the list with `aws s3 ls --recursive`, or name its format with --list-format");
}

TEST(ListFormatAwsLs, LineCutAfterTheSizeIsReported) {
  EXPECT_EQ(reading_error("2026-11-26 00:15:22       1234 \n"),
            "keys.txt line 1: no key after the size; the line is cut short");
}

TEST(ListFormatAwsLs, OverlongLinesAreRefusedWithoutBeingKept) {
  EXPECT_EQ(reading_error("2026-11-26 00:15:22       1234 " + std::string(20'000, 'k') + "\n",
                          ListFormat::kAwsLs),
            "keys.txt line 1: the line is 20,031 bytes, longer than any listing line of an S3 "
            "key; is this the right file?");
}

TEST(ListFormatAwsLs, BadKeysAreReportedWithTheirLine) {
  EXPECT_EQ(reading_error("2026-11-26 00:15:22       1234 a\n"
                          "2026-11-26 00:15:22       1234 " +
                          std::string(1025, 'k') + "\n"),
            "keys.txt line 2: key is 1,025 bytes; S3 keys are at most 1,024 bytes");
  EXPECT_EQ(reading_error("2026-11-26 00:15:22       1234 caf\xE9\n"),
            "keys.txt line 1: key is not valid UTF-8 (byte 4); S3 keys are UTF-8 - convert the "
            "text, e.g. with iconv -t UTF-8");
}

// ---------------------------------------------------------------------------------------------
// s3cmd ls -r

TEST(ListFormatS3cmdLs, ReadsEveryKeyOfRealOutput) {
  const Listing listing = read_list(with_long_key(kS3cmdLsSample));
  EXPECT_EQ(listing.format, ListFormat::kS3cmdLs);
  EXPECT_EQ(listing.keys, kSampleKeys);
}

TEST(ListFormatS3cmdLs, ReadsListMd5Output) {
  const Listing listing = read_list(with_long_key(kS3cmdMd5Sample));
  EXPECT_EQ(listing.format, ListFormat::kS3cmdLs);
  EXPECT_EQ(listing.keys, kSampleKeys);
}

TEST(ListFormatS3cmdLs, ReadsLongListingOutput) {
  const Listing listing = read_list(with_long_key(kS3cmdLongSample));
  EXPECT_EQ(listing.format, ListFormat::kS3cmdLs);
  EXPECT_EQ(listing.keys, kSampleKeys);
}

TEST(ListFormatS3cmdLs, ReadsMultipartETagsAndHumanSizes) {
  // s3cmd ls -r --list-md5 -H: a multipart object's ETag, and a size of "5M".
  EXPECT_EQ(keys_of("2026-11-26 00:15     5M  4f1b1ac3f5e8a2c0e1d1c6e3a4b5c6d7-3     "
                    "s3://lf-samples-1795652116/video.bin\n"),
            std::vector<std::string>{"video.bin"});
}

TEST(ListFormatS3cmdLs, ExposesTheBucketAndChecksIt) {
  std::istringstream input(with_long_key(kS3cmdLsSample));
  ObjectListReader reader(input, "keys.txt", ListFormat::kAuto, from_bucket(kSampleBucket));
  EXPECT_EQ(reader.next(), " leading space.txt");
  EXPECT_EQ(reader.bucket(), kSampleBucket);
  EXPECT_EQ(reading_error(kS3cmdLsSample, ListFormat::kAuto, from_bucket("other-bucket")),
            "keys.txt line 1: the object is in bucket 'lf-samples-1795652116', not in the source "
            "bucket 'other-bucket'; list only the source bucket's objects");
}

// s3cmd 2.3.0: s3cmd ls s3://lf-samples-1795652116 (no -r), its first lines.
const char* const kS3cmdFolderSample =
    "                          DIR  s3://lf-samples-1795652116/dir/\n"
    "                          DIR  s3://lf-samples-1795652116/long/\n"
    "2026-11-26 00:15         1234  s3://lf-samples-1795652116/ leading space.txt\n";

TEST(ListFormatS3cmdLs, DirLinesAskForRecursive) {
  EXPECT_EQ(format_detected(kS3cmdFolderSample), ListFormat::kS3cmdLs);
  EXPECT_EQ(reading_error(kS3cmdFolderSample),
            "keys.txt line 1: 'DIR  s3://lf-samples-1795652116/dir/' is a folder line of `s3cmd "
            "ls` without -r; list with `s3cmd ls -r` (--recursive) so that every line names an "
            "object");
}

TEST(ListFormatS3cmdLs, MalformedLinesAreReportedWithTheirNumber) {
  EXPECT_EQ(reading_error("2026-11-26 00:15         1234  s3://b-1/a\n"
                          "2026-11-26 00:15         1234  a\n"),
            "keys.txt line 2: not an `s3cmd ls -r` line (expected DATE TIME SIZE [MD5] "
            "s3://BUCKET/KEY); make the list with `s3cmd ls -r`, or name its format with "
            "--list-format");
  EXPECT_EQ(reading_error("2026-11-26 00:15         1234  s3://b-1/\n"),
            "keys.txt line 1: s3://b-1 names no object (nothing after the bucket); make the list "
            "with `s3cmd ls -r`, or name its format with --list-format");
}

// ---------------------------------------------------------------------------------------------
// s3://bucket/key URLs

TEST(ListFormatUrl, KeyIsEverythingAfterTheBucket) {
  std::istringstream input(
      "s3://b-1/dir/with space.txt\n"
      "s3://b-1/ leading\n"
      "s3://b-1/a//b\n"
      "s3://b-1/percent%20kept\n");
  ObjectListReader reader(input, "keys.txt");
  EXPECT_EQ(reader.format(), ListFormat::kUrl);
  std::vector<std::string> keys;
  while (std::optional<std::string> key = reader.next()) keys.push_back(*key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"dir/with space.txt", " leading", "a//b", "percent%20kept"}));
  EXPECT_EQ(reader.bucket(), "b-1");
}

TEST(ListFormatUrl, OtherBucketIsReportedWithItsLine) {
  EXPECT_EQ(reading_error("s3://src/a\ns3://other/b\n", ListFormat::kAuto, from_bucket("src")),
            "keys.txt line 2: the object is in bucket 'other', not in the source bucket 'src'; "
            "list only the source bucket's objects");
}

TEST(ListFormatUrl, BadUrlsAreReportedWithTheirLine) {
  EXPECT_EQ(reading_error("s3://b-1\n"),
            "keys.txt line 1: s3://b-1 names no object (nothing after the bucket); write one "
            "s3://bucket/key a line, or name the list's format with --list-format");
  EXPECT_EQ(reading_error("s3://b-1/a\nb-1/b\n"),
            "keys.txt line 2: not an s3://bucket/key URL; write one s3://bucket/key a line, or "
            "name the list's format with --list-format");
  EXPECT_EQ(reading_error("s3://b!1/k\n"),
            "keys.txt line 1: bucket 'b!1': a bucket name cannot contain '!' (only letters, "
            "digits, '-', '.' and '_'); write one s3://bucket/key a line, or name the list's "
            "format with --list-format");
}

// ---------------------------------------------------------------------------------------------
// aws s3api list-objects-v2 JSON

TEST(ListFormatS3apiJson, ReadsEveryKeyOfRealOutput) {
  const Listing listing = read_list(with_long_key(kS3apiSample));
  EXPECT_EQ(listing.format, ListFormat::kS3apiJson);
  EXPECT_EQ(listing.keys,
            (std::vector<std::string>{" leading space.txt", "dir/with space.txt",
                                      "emoji/😀 \"quoted\" tab\tx.txt", kLongKey, "plus+sign.txt",
                                      "unicode/naïve café 日本.txt"}));
}

TEST(ListFormatS3apiJson, DecodesEscapesAndSurrogatePairsOfConcatenatedDocuments) {
  const Listing listing = read_list(kPythonEscapedSample);
  EXPECT_EQ(listing.format, ListFormat::kS3apiJson);
  EXPECT_EQ(listing.keys, (std::vector<std::string>{"emoji/\xF0\x9F\x98\x80 \"quoted\" tab\tx.txt",
                                                    "unicode/na\xC3\xAFve caf\xC3\xA9 "
                                                    "\xE6\x97\xA5\xE6\x9C\xAC.txt"}));
}

TEST(ListFormatS3apiJson, ReadsAPageWithItsNextToken) {
  EXPECT_EQ(keys_of(kS3apiPageSample), std::vector<std::string>{"dir/small.txt"});
}

TEST(ListFormatS3apiJson, ReadsTheArrayOfQueryContentsKey) {
  const Listing listing = read_list(kS3apiQuerySample);
  EXPECT_EQ(listing.format, ListFormat::kS3apiJson);
  EXPECT_EQ(listing.keys, (std::vector<std::string>{"dir/small.txt", "dir/with space.txt"}));
  EXPECT_EQ(keys_of(R"([{"Key": "a", "Size": 1}, {"Size": 2, "Key": "b"}])"),
            (std::vector<std::string>{"a", "b"}));
}

TEST(ListFormatS3apiJson, SkipsEveryOtherMemberWhereverTheKeyIs) {
  EXPECT_EQ(keys_of(R"({"Name": "b-1", "Prefix": "", "KeyCount": 2, "IsTruncated": false,
      "Contents": [{"Owner": {"ID": "x", "Key": "not this"}, "ChecksumAlgorithm": ["CRC32"],
                    "Key": "last member"},
                   {"Key": "first member", "RestoreStatus": {"IsRestoreInProgress": true}}],
      "CommonPrefixes": [{"Prefix": "dir/"}]})"),
            (std::vector<std::string>{"last member", "first member"}));
}

TEST(ListFormatS3apiJson, LineNumberIsTheKeysLine) {
  std::istringstream input(with_long_key(kS3apiSample));
  ObjectListReader reader(input, "keys.txt");
  EXPECT_EQ(reader.next(), " leading space.txt");
  EXPECT_EQ(reader.line_number(), 4u);
  EXPECT_EQ(reader.next(), "dir/with space.txt");
  EXPECT_EQ(reader.line_number(), 11u);
}

TEST(ListFormatS3apiJson, EntryWithoutKeyIsReportedWithItsPosition) {
  EXPECT_EQ(reading_error("{\"Contents\": [\n  {\"Key\": \"a\"},\n  {\"Size\": 3}\n]}\n"),
            "keys.txt line 3 column 3: an object without a \"Key\"");
}

TEST(ListFormatS3apiJson, TruncatedOutputIsReported) {
  EXPECT_EQ(reading_error("{\"Contents\": [\n  {\"Key\": \"a\"},\n"),
            "keys.txt line 3 column 1: the input ends inside an array (is the file complete?)");
}

TEST(ListFormatS3apiJson, ListObjectVersionsIsRefused) {
  EXPECT_EQ(reading_error(R"({"Versions": [{"Key": "a", "VersionId": "1"}]})"),
            "keys.txt line 1 column 2: this is `aws s3api list-object-versions` output; list "
            "with `aws s3api list-objects-v2`, which names each object once");
}

TEST(ListFormatS3apiJson, AnotherBucketsListingIsRefused) {
  EXPECT_EQ(
      reading_error(R"({"Name": "other", "Contents": []})", ListFormat::kAuto, from_bucket("src")),
      "keys.txt line 1 column 10: the listing is of bucket 'other', not of the source "
      "bucket 'src'; list the source bucket");
  EXPECT_EQ(keys_of(R"({"Name": "src", "Contents": [{"Key": "a"}]})", ListFormat::kAuto,
                    from_bucket("src")),
            std::vector<std::string>{"a"});
}

TEST(ListFormatS3apiJson, BadKeysAreReportedWithTheirLine) {
  EXPECT_EQ(reading_error("{\"Contents\": [\n{\"Key\": \"nul\\u0000\"}]}"),
            "keys.txt line 2: key contains a NUL byte (byte 4); S3 keys cannot contain NUL - is "
            "this a binary file?");
  EXPECT_EQ(reading_error(R"({"Contents": [{"Key": 7}]})"),
            "keys.txt line 1 column 23: \"Key\" must be a string");
}

TEST(ListFormatS3apiJson, NotAListingIsRefused) {
  EXPECT_EQ(reading_error("\"a\"", ListFormat::kS3apiJson),
            "keys.txt line 1 column 1: expected the JSON object that `aws s3api "
            "list-objects-v2` prints");
  EXPECT_EQ(reading_error("keys", ListFormat::kS3apiJson),
            "keys.txt line 1 column 1: expected a JSON value, found 'k'");
}

// ---------------------------------------------------------------------------------------------
// The JSON tokenizer under s3api-json and the manifest.

struct Token {
  JsonToken kind;
  std::string text;
  bool operator==(const Token&) const = default;
};

std::vector<Token> tokens_of(const std::string& json) {
  std::stringbuf buffer(json);
  JsonReader reader(buffer, "t.json");
  std::vector<Token> tokens;
  for (JsonToken kind = reader.next(); kind != JsonToken::kEnd; kind = reader.next()) {
    const bool has_text =
        kind == JsonToken::kName || kind == JsonToken::kString || kind == JsonToken::kNumber;
    tokens.push_back({kind, has_text ? reader.text() : ""});
  }
  return tokens;
}

std::string json_error(const std::string& json) {
  return test::error_of<std::invalid_argument>([&] { tokens_of(json); });
}

TEST(ListFormatJsonTokens, ReadsEveryKindOfToken) {
  using enum JsonToken;
  EXPECT_EQ(tokens_of(R"( {"a": [0, -2.5e+3, 17, true, false, null, "s"], "b": {}} [] 4)"),
            (std::vector<Token>{{kObjectStart, ""},
                                {kName, "a"},
                                {kArrayStart, ""},
                                {kNumber, "0"},
                                {kNumber, "-2.5e+3"},
                                {kNumber, "17"},
                                {kTrue, ""},
                                {kFalse, ""},
                                {kNull, ""},
                                {kString, "s"},
                                {kArrayEnd, ""},
                                {kName, "b"},
                                {kObjectStart, ""},
                                {kObjectEnd, ""},
                                {kObjectEnd, ""},
                                {kArrayStart, ""},
                                {kArrayEnd, ""},
                                {kNumber, "4"}}));
}

TEST(ListFormatJsonTokens, DecodesEveryEscape) {
  EXPECT_EQ(tokens_of(R"("\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00")"),
            (std::vector<Token>{
                {JsonToken::kString, "\"\\/\b\f\n\r\tA\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"}}));
}

TEST(ListFormatJsonTokens, SkipsAByteOrderMark) {
  EXPECT_EQ(tokens_of("\xEF\xBB\xBF[]"),
            (std::vector<Token>{{JsonToken::kArrayStart, ""}, {JsonToken::kArrayEnd, ""}}));
}

TEST(ListFormatJsonTokens, ErrorsNameLineAndColumn) {
  EXPECT_EQ(json_error("{\n  \"a\": tru\n}"),
            "t.json line 2 column 8: expected a JSON value (did you mean true?)");
  EXPECT_EQ(json_error("[1 2]"),
            "t.json line 1 column 4: expected ',' or ']' after an element, "
            "found '2'");
  EXPECT_EQ(json_error("{\"a\" 1}"),
            "t.json line 1 column 6: expected ':' after the member "
            "name \"a\"");
  EXPECT_EQ(json_error("{\"a\": 1,}"),
            "t.json line 1 column 9: expected a member name in "
            "double quotes, found '}'");
  EXPECT_EQ(json_error("{} x"), "t.json line 1 column 4: expected a JSON value, found 'x'");
  EXPECT_EQ(json_error("\"a\tb\""),
            "t.json line 1 column 3: control byte 0x09 inside a string "
            "(JSON needs \\u escapes)");
  EXPECT_EQ(json_error("\"abc"), "t.json line 1 column 1: a string is not closed");
  EXPECT_EQ(json_error("\"\\x\""), "t.json line 1 column 2: unknown escape \\x in a string");
  EXPECT_EQ(json_error("[-]"), "t.json line 1 column 3: expected a digit in a number");
  EXPECT_EQ(json_error("[1.]"),
            "t.json line 1 column 4: expected a digit after the decimal "
            "point");
}

TEST(ListFormatJsonTokens, UnpairedSurrogatesAreRefused) {
  EXPECT_EQ(json_error(R"("\udc00")"),
            "t.json line 1 column 2: a low surrogate \\u escape without a high one before it");
  EXPECT_EQ(json_error(R"("\ud83d")"),
            "t.json line 1 column 2: a high surrogate \\u escape without its pair");
  EXPECT_EQ(json_error(R"("\ud83d\u0041")"),
            "t.json line 1 column 2: a high surrogate \\u escape without its pair");
  EXPECT_EQ(json_error(R"("\u12G4")"),
            "t.json line 1 column 2: \\u must be followed by 4 hex "
            "digits");
}

TEST(ListFormatJsonTokens, HugeStringsAreRefused) {
  EXPECT_EQ(json_error("[\"" + std::string(70'000, 'a') + "\"]"),
            "t.json line 1 column 2: a string is longer than 65,536 bytes");
}

TEST(ListFormatJsonTokens, DeepNestingIsRefused) {
  EXPECT_EQ(json_error(std::string(300, '[')),
            "t.json line 1 column 257: nested deeper than 256 levels");
}

TEST(ListFormatJsonTokens, SkipValuePassesOverNestedValues) {
  std::stringbuf buffer(R"({"skip": {"a": [1, {"b": []}], "c": "}"}, "keep": 2})");
  JsonReader reader(buffer, "t.json");
  EXPECT_EQ(reader.next(), JsonToken::kObjectStart);
  EXPECT_EQ(reader.next(), JsonToken::kName);
  reader.skip_value(reader.next());
  EXPECT_EQ(reader.next(), JsonToken::kName);
  EXPECT_EQ(reader.text(), "keep");
  EXPECT_EQ(reader.next(), JsonToken::kNumber);
  EXPECT_EQ(reader.depth(), 1u);
}

// ---------------------------------------------------------------------------------------------
// S3 Inventory CSV data files, plain and gzipped

const std::vector<std::string> kInventoryKeys = {
    " leading space.txt", "dir/with space.txt",          "dir/small.txt", "percent%20literal.txt",
    "plus+sign.txt",      "unicode/naïve café 日本.txt", "quote\"d.txt"};

TEST(ListFormatInventoryCsv, DecodesUrlEncodedKeys) {
  std::istringstream input(kInventoryCsvSample);
  ObjectListReader reader(input, "keys.txt");
  EXPECT_EQ(reader.format(), ListFormat::kInventoryCsv);
  std::vector<std::string> keys;
  while (std::optional<std::string> key = reader.next()) keys.push_back(*key);
  EXPECT_EQ(keys, kInventoryKeys);
  EXPECT_EQ(reader.bucket(), "example-source-bucket");
}

TEST(ListFormatInventoryCsv, ReadsGzippedDataFiles) {
  const std::string compressed = gzipped(kInventoryCsvSample);
  ASSERT_TRUE(starts_like_gzip(compressed));
  const Listing listing = read_list(compressed);
  EXPECT_EQ(listing.format, ListFormat::kInventoryCsv);
  EXPECT_EQ(listing.keys, kInventoryKeys);
  EXPECT_EQ(keys_of(compressed, ListFormat::kInventoryCsv), kInventoryKeys);
}

TEST(ListFormatInventoryCsv, ReadsConcatenatedGzipMembers) {
  const std::string first = "\"b-1\",\"one\"\n";
  const std::string second = "\"b-1\",\"two+2\"\n";
  EXPECT_EQ(keys_of(gzipped(first) + gzipped(second)), (std::vector<std::string>{"one", "two 2"}));
}

TEST(ListFormatInventoryCsv, LargeGzippedFilesAreInflatedPieceByPiece) {
  std::string csv;
  for (int i = 0; i < 50'000; ++i) csv += "\"b-1\",\"logs/part-" + std::to_string(i) + "\"\n";
  const std::vector<std::string> keys = keys_of(gzipped(csv));
  ASSERT_EQ(keys.size(), 50'000u);
  EXPECT_EQ(keys.back(), "logs/part-49999");
}

TEST(ListFormatInventoryCsv, TruncatedGzipIsReported) {
  const std::string compressed = gzipped(kInventoryCsvSample);
  EXPECT_EQ(reading_error(compressed.substr(0, compressed.size() - 10)),
            "keys.txt: gzip data ends early; the file is truncated - fetch or copy it again");
}

TEST(ListFormatInventoryCsv, CorruptGzipIsReported) {
  std::string compressed = gzipped(kInventoryCsvSample);
  for (size_t i = 20; i < 40; ++i) compressed[i] = static_cast<char>(~compressed[i]);
  EXPECT_TRUE(reading_error(compressed).starts_with("keys.txt: not valid gzip data ("))
      << reading_error(compressed);
}

TEST(ListFormatInventoryCsv, KeyColumnComesFromTheOptions) {
  ObjectListOptions options;
  options.inventory_columns = {.bucket = 2, .key = 0};
  EXPECT_EQ(keys_of("\"a+b\",\"12\",\"b-1\"\n", ListFormat::kInventoryCsv, options),
            std::vector<std::string>{"a b"});
}

TEST(ListFormatInventoryCsv, OtherBucketIsReported) {
  EXPECT_EQ(reading_error(kInventoryCsvSample, ListFormat::kAuto, from_bucket("src")),
            "keys.txt line 1: the object is in bucket 'example-source-bucket', not in the source "
            "bucket 'src'; list only the source bucket's objects");
}

TEST(ListFormatInventoryCsv, MalformedRecordsAreReportedWithTheirNumber) {
  EXPECT_EQ(reading_error("\"b-1\",\"a\"\n\"b-1\",\"a%zz\"\n"),
            "keys.txt line 2: the key has a '%' not followed by two hex digits (byte 2); S3 "
            "Inventory CSV keys are URL-encoded - is this an inventory data file?");
  EXPECT_EQ(reading_error("\"b-1\",\"a\"\n\"b-1\",\"a\n"),
            "keys.txt line 2: not an S3 Inventory CSV record (a field's double quotes do not pair "
            "up); give the inventory's CSV data files as they are, or name the list's format with "
            "--list-format");
  EXPECT_EQ(reading_error("\"b-1\"\n", ListFormat::kInventoryCsv),
            "keys.txt line 1: an S3 Inventory CSV record with 1 field(s), but the key is field 2; "
            "give the inventory's CSV data files as they are, with the manifest's fileSchema");
  EXPECT_EQ(reading_error("\"b-1\",\"caf%E9\"\n"),
            "keys.txt line 1: key is not valid UTF-8 (byte 4); S3 keys are UTF-8 - convert the "
            "text, e.g. with iconv -t UTF-8");
}

// ---------------------------------------------------------------------------------------------
// S3 Inventory manifest.json

TEST(ListFormatInventoryManifest, ReadsAwsDocumentedExample) {
  std::istringstream input(kManifestSample);
  ObjectListReader reader(input, "manifest.json");
  EXPECT_EQ(reader.format(), ListFormat::kInventoryManifest);
  ASSERT_NE(reader.manifest(), nullptr);
  const InventoryManifest& manifest = *reader.manifest();
  EXPECT_EQ(manifest.source_bucket, "example-source-bucket");
  EXPECT_EQ(manifest.destination_bucket, "example-inventory-destination-bucket");
  EXPECT_EQ(manifest.file_format, "CSV");
  EXPECT_TRUE(manifest.file_schema.starts_with("Bucket, Key, VersionId, IsLatest,"));
  EXPECT_EQ(manifest.columns.bucket, 0u);
  EXPECT_EQ(manifest.columns.key, 1u);
  ASSERT_EQ(manifest.files.size(), 1u);
  EXPECT_EQ(manifest.files[0].key,
            "Inventory/example-source-bucket/2016-11-06T21-32Z/files/"
            "939c6d46-85a9-4ba8-87bd-9db705a579ce.csv.gz");
  EXPECT_EQ(manifest.files[0].size, 2147483647u);
  EXPECT_EQ(manifest.files[0].md5, "f11166069f1990abeb9c97ace9cdfabc");
  // A manifest names data files, not keys.
  EXPECT_EQ(reader.next(), std::nullopt);
}

std::string manifest_with(const std::string& file_format, const std::string& file_schema) {
  return R"({"sourceBucket": "src", "destinationBucket": "arn:aws-cn:s3:::inv",
             "fileFormat": ")" +
         file_format + R"(", "fileSchema": ")" + file_schema +
         R"(", "files": [{"key": "inv/src/a/data/1.csv.gz", "size": 10, "MD5checksum": "x"},
                         {"key": "inv/src/a/data/2.csv.gz", "size": 20, "MD5checksum": "y"}]})";
}

TEST(ListFormatInventoryManifest, KeyColumnComesFromTheFileSchema) {
  std::istringstream input(manifest_with("CSV", "Size, Key, ETag, Bucket"));
  ObjectListReader reader(input, "manifest.json", ListFormat::kInventoryManifest);
  const InventoryManifest& manifest = *reader.manifest();
  EXPECT_EQ(manifest.columns.key, 1u);
  EXPECT_EQ(manifest.columns.bucket, 3u);
  EXPECT_EQ(manifest.destination_bucket, "inv");
  ASSERT_EQ(manifest.files.size(), 2u);
  EXPECT_EQ(manifest.files[1].key, "inv/src/a/data/2.csv.gz");

  // Each data file is then read with the manifest's columns and source bucket.
  const ObjectListOptions options = inventory_data_options(manifest);
  EXPECT_EQ(options.expected_bucket, "src");
  EXPECT_EQ(
      keys_of(gzipped("\"6\",\"a+b.txt\",\"x\",\"src\"\n"), ListFormat::kInventoryCsv, options),
      std::vector<std::string>{"a b.txt"});
  EXPECT_EQ(reading_error("\"6\",\"a.txt\",\"x\",\"other\"\n", ListFormat::kInventoryCsv, options),
            "keys.txt line 1: the object is in bucket 'other', not in the source bucket 'src'; "
            "list only the source bucket's objects");
}

TEST(ListFormatInventoryManifest, OrcAndParquetAreRefused) {
  const std::string expected_fix =
      "; only CSV inventories can be read - configure the inventory with CSV output, or list "
      "the keys another way (e.g. `aws s3api list-objects-v2`)";
  EXPECT_EQ(reading_error(manifest_with("ORC", "struct<bucket:string,key:string>")),
            "keys.txt: the inventory's fileFormat is ORC" + expected_fix);
  EXPECT_EQ(reading_error(manifest_with("Parquet", "message s3.inventory { }")),
            "keys.txt: the inventory's fileFormat is Parquet" + expected_fix);
}

TEST(ListFormatInventoryManifest, SchemaWithoutKeyIsRefused) {
  EXPECT_EQ(reading_error(manifest_with("CSV", "Bucket, Size")),
            "keys.txt: the fileSchema 'Bucket, Size' has no Key column; give the manifest.json "
            "that S3 Inventory wrote");
}

TEST(ListFormatInventoryManifest, MissingMembersAreRefused) {
  EXPECT_EQ(reading_error(R"({"sourceBucket": "src", "fileFormat": "CSV"})",
                          ListFormat::kInventoryManifest),
            "keys.txt: the manifest has no \"fileSchema\"; give the manifest.json that S3 "
            "Inventory wrote");
  EXPECT_EQ(reading_error(R"({"files": [{"size": 1}]})"),
            "keys.txt line 1 column 12: a file of \"files\" has no \"key\"");
}

TEST(ListFormatInventoryManifest, AnotherBucketsInventoryIsRefused) {
  EXPECT_EQ(reading_error(kManifestSample, ListFormat::kAuto, from_bucket("src")),
            "keys.txt: the inventory lists bucket 'example-source-bucket', not the source bucket "
            "'src'; give the manifest of the source bucket's inventory");
}

// ---------------------------------------------------------------------------------------------
// Detection

TEST(ListFormatDetect, EachFormatIsRecognisedFromItsFirstLine) {
  EXPECT_EQ(format_detected("dir/a.txt\n"), ListFormat::kPlain);
  EXPECT_EQ(format_detected("s3://b-1/a.txt\n"), ListFormat::kUrl);
  EXPECT_EQ(format_detected(kAwsLsSample), ListFormat::kAwsLs);
  EXPECT_EQ(format_detected(kAwsLsHumanSample), ListFormat::kAwsLs);
  EXPECT_EQ(format_detected(kS3cmdLsSample), ListFormat::kS3cmdLs);
  EXPECT_EQ(format_detected(kS3cmdMd5Sample), ListFormat::kS3cmdLs);
  EXPECT_EQ(format_detected(kS3cmdLongSample), ListFormat::kS3cmdLs);
  EXPECT_EQ(format_detected(kS3apiSample), ListFormat::kS3apiJson);
  EXPECT_EQ(format_detected(kS3apiQuerySample), ListFormat::kS3apiJson);
  EXPECT_EQ(format_detected("{\"Contents\":[{\"Key\":\"a\"}]}"), ListFormat::kS3apiJson);
  EXPECT_EQ(format_detected(kManifestSample), ListFormat::kInventoryManifest);
  EXPECT_EQ(format_detected(kInventoryCsvSample), ListFormat::kInventoryCsv);
  EXPECT_EQ(format_detected(gzipped(kInventoryCsvSample)), ListFormat::kInventoryCsv);
}

TEST(ListFormatDetect, CommentsBlankLinesAndAByteOrderMarkComeFirst) {
  const Listing listing = read_list("\xEF\xBB\xBF# keys to copy\r\n\n#\ns3://b-1/k\n");
  EXPECT_EQ(listing.format, ListFormat::kUrl);
  EXPECT_EQ(listing.keys, std::vector<std::string>{"k"});
  std::string many_comments;
  for (int i = 0; i < 500; ++i) many_comments += "# comment line " + std::to_string(i) + "\n";
  EXPECT_EQ(format_detected(many_comments + kS3cmdLsSample), ListFormat::kS3cmdLs);
  EXPECT_EQ(format_detected("\n\n   {\"Contents\": []}"), ListFormat::kS3apiJson);
}

TEST(ListFormatDetect, QuotedLinesNeedTwoFieldsToBeInventoryCsv) {
  EXPECT_EQ(format_detected("\"quoted key\"\n"), ListFormat::kPlain);
  EXPECT_EQ(format_detected("\"a\",b\n"), ListFormat::kPlain);
  EXPECT_EQ(format_detected("\"a\",\"b\"\n"), ListFormat::kInventoryCsv);
}

TEST(ListFormatDetect, GzippedPlainKeysAreReadToo) {
  const Listing listing = read_list(gzipped("a\nb c\n"));
  EXPECT_EQ(listing.format, ListFormat::kPlain);
  EXPECT_EQ(listing.keys, (std::vector<std::string>{"a", "b c"}));
}

TEST(ListFormatDetect, KeysThatLookLikeAnotherFormatNeedPlain) {
  const std::string line = "2026-11-26 00:15:17       1234 plain.txt";
  EXPECT_EQ(keys_of(line + "\n"), std::vector<std::string>{"plain.txt"});
  EXPECT_EQ(keys_of(line + "\n", ListFormat::kPlain), std::vector<std::string>{line});
  EXPECT_EQ(keys_of("{braces}.txt\n", ListFormat::kPlain),
            std::vector<std::string>{"{braces}.txt"});
}

TEST(ListFormatDetect, EmptyInputIsAnEmptyPlainList) {
  const Listing listing = read_list("");
  EXPECT_EQ(listing.format, ListFormat::kPlain);
  EXPECT_TRUE(listing.keys.empty());
  EXPECT_TRUE(keys_of("\n# nothing\n").empty());
}

// ---------------------------------------------------------------------------------------------
// plain: KeyListReader's rules

TEST(ListFormatPlain, FollowsKeyListReadersRules) {
  const Listing listing = read_list("# comment\nkey one\n  spaced  \r\n\n#x\n");
  EXPECT_EQ(listing.format, ListFormat::kPlain);
  EXPECT_EQ(listing.keys, (std::vector<std::string>{"key one", "  spaced  "}));
}

TEST(ListFormatPlain, ErrorsNameTheLine) {
  EXPECT_EQ(reading_error("ok\n" + std::string(1025, 'k') + "\n"),
            "keys.txt line 2: key is 1,025 bytes; S3 keys are at most 1,024 bytes");
}

// ---------------------------------------------------------------------------------------------
// Files

TEST(ListFormatFile, OpensFilesAndReadsGzipByContentNotName) {
  test::TempDir dir("list_format_test");
  const std::string path = dir.write("inventory-without-extension", gzipped(kInventoryCsvSample));
  std::unique_ptr<ObjectListFile> list =
      open_object_list(path, ListFormat::kAuto, "example-source-bucket");
  EXPECT_EQ(list->format(), ListFormat::kInventoryCsv);
  EXPECT_EQ(list->display_name(), path);
  std::vector<std::string> keys;
  while (std::optional<std::string> key = list->next()) keys.push_back(*key);
  EXPECT_EQ(keys, kInventoryKeys);
}

TEST(ListFormatFile, UnreadableFilesAreReported) {
  test::TempDir dir("list_format_test");
  EXPECT_EQ(test::error_of<std::invalid_argument>(
                [&] { open_object_list((dir.path() / "none").string(), ListFormat::kAuto, {}); }),
            "cannot read object list '" + (dir.path() / "none").string() +
                "': No such file or directory");
  EXPECT_EQ(test::error_of<std::invalid_argument>(
                [&] { open_object_list(dir.path().string(), ListFormat::kAuto, {}); }),
            "cannot read object list '" + dir.path().string() + "': Is a directory");
}

// ---------------------------------------------------------------------------------------------
// Streaming: keys come out while the input is still being read, so a list of any length takes
// the same memory.

TEST(ListFormatStreaming, JsonKeysArriveLongBeforeTheDocumentEnds) {
  constexpr size_t kEntries = 200'000;
  GeneratedInput generated(
      "{\n    \"Contents\": [\n",
      [](size_t i) {
        return std::string(i == 0 ? "" : ",\n") + "        {\"Key\": \"k/" + std::to_string(i) +
               "\", \"ETag\": \"\\\"b1946ac92492d2347c6235b4d2611184\\\"\", \"Size\": 6}";
      },
      kEntries, "\n    ]\n}\n");
  std::istream input(&generated);
  ObjectListReader reader(input, "standard input");
  EXPECT_EQ(reader.format(), ListFormat::kS3apiJson);
  EXPECT_EQ(reader.next(), "k/0");
  EXPECT_LT(generated.bytes_served(), 100'000u);
  size_t count = 1;
  std::string last;
  while (std::optional<std::string> key = reader.next()) {
    ++count;
    last = *key;
  }
  EXPECT_EQ(count, kEntries);
  EXPECT_EQ(last, "k/199999");
  EXPECT_GT(generated.bytes_served(), 15'000'000u);
}

TEST(ListFormatStreaming, LineKeysArriveLongBeforeTheListEnds) {
  constexpr size_t kLines = 200'000;
  GeneratedInput generated(
      "",
      [](size_t i) {
        return "2026-11-26 00:15:17       1234 logs/part-" + std::to_string(i) + ".gz\n";
      },
      kLines, "");
  std::istream input(&generated);
  ObjectListReader reader(input, "standard input");
  EXPECT_EQ(reader.format(), ListFormat::kAwsLs);
  EXPECT_EQ(reader.next(), "logs/part-0.gz");
  EXPECT_LT(generated.bytes_served(), 100'000u);
  size_t count = 1;
  while (reader.next()) ++count;
  EXPECT_EQ(count, kLines);
  EXPECT_EQ(reader.line_number(), kLines);
}

}  // namespace
}  // namespace s3copy::plan
