// Tests for plan/plan_line.h: every key survives format_action/parse_action unchanged, and each
// kind of malformed line is refused with its line number and the reason.
#include "plan/plan_line.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

namespace s3copy::plan {
namespace {

Action simple_copy(const std::string& source_key, const std::string& destination_key) {
  Action action;
  action.verdict = Verdict::kCopy;
  action.method = CopyMethod::kSimple;
  action.reason = "new";
  action.source_bucket = "source-bucket";
  action.source =
      ObjectEntry{.key = source_key, .size = 1234, .etag = "0123456789abcdef0123456789abcdef"};
  action.destination_bucket = "dest-bucket";
  action.destination_key = destination_key;
  return action;
}

// The InputError that parsing `line` as line `line_number` throws; fails the test if none.
struct ParseFailure {
  std::string message;
  std::string where;
};

ParseFailure parse_failure(const std::string& line, size_t line_number = 7) {
  try {
    parse_action(line, line_number);
  } catch (const InputError& error) {
    return {error.what(), error.where()};
  }
  ADD_FAILURE() << "no InputError for: " << line;
  return {"(no error)", ""};
}

// A well-formed line with one field replaced.
std::string line_with(size_t field, const std::string& value) {
  std::vector<std::string> fields = {"copy",
                                     "simple",
                                     "1234",
                                     "0123456789abcdef0123456789abcdef",
                                     "s3://source-bucket/a",
                                     "s3://dest-bucket/a",
                                     "0",
                                     "new"};
  fields[field] = value;
  std::string line = fields[0];
  for (size_t i = 1; i < fields.size(); ++i) line += "\t" + fields[i];
  return line;
}

TEST(PlanLineTest, FormatsTheFieldsInColumnOrder) {
  EXPECT_EQ(format_action(simple_copy("a b", "dir/a b")),
            "copy\tsimple\t1234\t0123456789abcdef0123456789abcdef\ts3://source-bucket/a%20b\t"
            "s3://dest-bucket/dir/a%20b\t0\tnew");
}

TEST(PlanLineTest, FormatsASkipAndAMultipartCopy) {
  Action skip = simple_copy("k", "k");
  skip.verdict = Verdict::kSkip;
  skip.method = CopyMethod::kNone;
  skip.reason = "same size and ETag";
  EXPECT_EQ(format_action(skip),
            "skip\t-\t1234\t0123456789abcdef0123456789abcdef\ts3://source-bucket/k\t"
            "s3://dest-bucket/k\t0\tsame size and ETag");

  Action multipart = simple_copy("big", "big");
  multipart.method = CopyMethod::kMultipart;
  multipart.part_size = 64ull << 20;
  multipart.source.etag = "0123456789abcdef0123456789abcdef-3";
  EXPECT_EQ(format_action(multipart),
            "copy\tmultipart\t1234\t0123456789abcdef0123456789abcdef-3\ts3://source-bucket/big\t"
            "s3://dest-bucket/big\t67108864\tnew");
}

TEST(PlanLineTest, HostileKeysRoundTrip) {
  const std::vector<std::string> keys = {
      "with space",
      " leading and trailing ",
      "tab\there",
      "new\nline",
      "carriage\rreturn",
      "percent%20not-an-escape",
      "%",
      "%%",
      "plus+sign",
      "#hash",
      "unicode/日本語/ключ/🙂",
      std::string("control\x01"
                  "byte"),
      std::string("delete\x7f"
                  "byte"),
      std::string(1024, 'k'),
      "trailing/slash/",
      "s3://looks/like/a/url",
  };
  for (const std::string& key : keys) {
    const Action action = simple_copy(key, "copies/" + key);
    const std::string line = format_action(action);
    EXPECT_EQ(std::count(line.begin(), line.end(), '\t'), 7) << line;
    EXPECT_EQ(line.find_first_of("\n\r"), std::string::npos) << line;
    EXPECT_EQ(parse_action(line, 1), action) << line;
  }
}

TEST(PlanLineTest, EveryByteRoundTrips) {
  std::string every_byte;
  for (int c = 1; c < 256; ++c) every_byte += static_cast<char>(c);
  const Action action = simple_copy(every_byte, every_byte);
  EXPECT_EQ(parse_action(format_action(action), 1), action);
}

TEST(PlanLineTest, BothVerdictsAndEveryMethodRoundTrip) {
  Action simple = simple_copy("a", "b");
  Action multipart = simple_copy("a", "b");
  multipart.method = CopyMethod::kMultipart;
  multipart.part_size = 8ull << 20;
  multipart.source.size = 5'368'709'121ull;
  multipart.reason = "size differs";
  Action staged = multipart;
  staged.method = CopyMethod::kStaged;
  Action uneven = multipart;
  uneven.source.size = 3 * (8ull << 20) + 5;
  uneven.part_size = 8ull << 20;
  uneven.part_sizes = {8ull << 20, 8ull << 20, 5, 8ull << 20};
  Action skip = simple_copy("a", "b");
  skip.verdict = Verdict::kSkip;
  skip.method = CopyMethod::kNone;
  skip.reason = "copy of this source ETag recorded";
  EXPECT_NE(format_action(uneven).find("\t8388608x2,5,8388608\t"), std::string::npos);
  for (const Action& action : {simple, multipart, staged, uneven, skip}) {
    EXPECT_EQ(parse_action(format_action(action), 3), action) << format_action(action);
  }
}

// A multipart copy of `size` bytes whose part_size field is `part_sizes`.
std::string multipart_line(const std::string& size, const std::string& part_sizes) {
  return "copy\tmultipart\t" + size + "\t0123456789abcdef0123456789abcdef-3\t" +
         "s3://source-bucket/a\ts3://dest-bucket/a\t" + part_sizes + "\tnew";
}

// Found by test/fuzz/plan_line_fuzz.cc: "5x1" was read as the uneven sizes {5} but written back
// as "5", which reads as part_size 5 with no sizes: another Action.
TEST(PlanLineTest, PartSizesThatOnePartSizeDescribesReadAsThatPartSize) {
  for (const auto& [size, part_sizes, part_size] :
       {std::tuple{"5", "5x1", 5u}, std::tuple{"19", "8x2,3", 8u}}) {
    const Action parsed = parse_action(multipart_line(size, part_sizes), 1);
    EXPECT_EQ(parsed.part_size, part_size) << part_sizes;
    EXPECT_TRUE(parsed.part_sizes.empty()) << part_sizes;
    EXPECT_EQ(parse_action(format_action(parsed), 1), parsed) << part_sizes;
  }
}

// Found by test/fuzz/plan_line_fuzz.cc: 2 + (2^64 - 1) wrapped around to the object's 1 byte.
TEST(PlanLineTest, RefusesPartSizesWhoseSumWouldWrapAround) {
  EXPECT_NE(parse_failure(multipart_line("1", "2,18446744073709551615"))
                .message.find("part sizes '2,18446744073709551615' add up to more than the "
                              "object's 1 bytes"),
            std::string::npos);
}

TEST(PlanLineTest, ParsesLowercaseHexEscapes) {
  const Action parsed = parse_action(line_with(4, "s3://source-bucket/a%2fb%0a"), 1);
  EXPECT_EQ(parsed.source.key, "a/b\n");
}

TEST(PlanLineTest, ObjectUrlEscapesOnlyControlBytesSpacePercentAndDelete) {
  EXPECT_EQ(format_object_url("b",
                              "a b%c\td\x7f"
                              "é+#?"),
            "s3://b/a%20b%25c%09d%7Fé+#?");
}

TEST(PlanLineTest, ErrorsNameTheLineNumber) {
  const ParseFailure failure = parse_failure(line_with(0, "maybe"), 42);
  EXPECT_EQ(failure.where, "plan line 42");
  EXPECT_EQ(failure.message.rfind("plan line 42: ", 0), 0u) << failure.message;
}

TEST(PlanLineTest, RefusesTheWrongNumberOfFields) {
  EXPECT_NE(
      parse_failure("copy\tsimple\t1").message.find("expected 8 tab-separated fields, found 3"),
      std::string::npos);
  EXPECT_NE(parse_failure(line_with(7, "new\textra")).message.find("found 9"), std::string::npos);
  EXPECT_NE(parse_failure("").message.find("found 1"), std::string::npos);
}

TEST(PlanLineTest, RefusesABadVerdict) {
  EXPECT_NE(
      parse_failure(line_with(0, "maybe")).message.find("verdict 'maybe' is not copy or skip"),
      std::string::npos);
  EXPECT_NE(parse_failure(line_with(0, "COPY")).message.find("verdict 'COPY'"), std::string::npos);
}

TEST(PlanLineTest, RefusesABadMethod) {
  EXPECT_NE(parse_failure(line_with(1, "fast"))
                .message.find("method 'fast' is not simple, multipart, staged or -"),
            std::string::npos);
}

TEST(PlanLineTest, RefusesANonNumericSize) {
  for (const std::string size : {"12x", "", "-5", "1.5", " 12"}) {
    EXPECT_NE(
        parse_failure(line_with(2, size)).message.find("size '" + size + "' is not a whole number"),
        std::string::npos)
        << size;
  }
  EXPECT_NE(parse_failure(line_with(6, "lots")).message.find("part_size 'lots'"),
            std::string::npos);
}

TEST(PlanLineTest, RefusesABadPercentEscape) {
  for (const std::string url : {"s3://source-bucket/a%zz", "s3://source-bucket/a%4",
                                "s3://source-bucket/a%", "s3://source-bucket/%g0"}) {
    EXPECT_NE(parse_failure(line_with(4, url)).message.find("source key has a bad %-escape"),
              std::string::npos)
        << url;
  }
  EXPECT_NE(parse_failure(line_with(5, "s3://dest-bucket/%2")).message.find("destination key"),
            std::string::npos);
}

TEST(PlanLineTest, RefusesObjectsWithoutS3Scheme) {
  EXPECT_NE(parse_failure(line_with(4, "source-bucket/a"))
                .message.find("source does not start with s3://"),
            std::string::npos);
  EXPECT_NE(parse_failure(line_with(5, "https://dest-bucket/a"))
                .message.find("destination does not start with s3://"),
            std::string::npos);
}

TEST(PlanLineTest, RefusesAnObjectWithoutBucketOrKey) {
  EXPECT_NE(
      parse_failure(line_with(4, "s3://source-bucket")).message.find("is not s3://bucket/key"),
      std::string::npos);
  EXPECT_NE(parse_failure(line_with(4, "s3:///a")).message.find("is not s3://bucket/key"),
            std::string::npos);
}

TEST(PlanLineTest, RefusesAnEmptyKey) {
  EXPECT_NE(parse_failure(line_with(4, "s3://source-bucket/")).message.find("source key is empty"),
            std::string::npos);
  EXPECT_NE(
      parse_failure(line_with(5, "s3://dest-bucket/")).message.find("destination key is empty"),
      std::string::npos);
}

TEST(PlanLineTest, RefusesAnEmptyEtag) {
  EXPECT_NE(parse_failure(line_with(3, "")).message.find("source_etag is empty"),
            std::string::npos);
}

TEST(PlanLineTest, RefusesASkipWithAMethodAndACopyWithout) {
  const std::string expected = "a skip has method '-' and a copy has simple, multipart or staged";
  std::string skip_with_method = line_with(0, "skip");  // method stays "simple"
  EXPECT_NE(parse_failure(skip_with_method).message.find(expected), std::string::npos);
  EXPECT_NE(parse_failure(line_with(1, "-")).message.find(expected), std::string::npos);
}

TEST(PlanLineTest, RefusesAMultipartCopyWithoutPartSize) {
  EXPECT_NE(
      parse_failure(line_with(1, "multipart")).message.find("a multipart copy needs a part_size"),
      std::string::npos);
  EXPECT_NE(parse_failure(line_with(1, "staged")).message.find("a staged copy needs a part_size"),
            std::string::npos);
}

TEST(PlanLineTest, RefusesUnevenPartSizesThatDoNotAddUp) {
  EXPECT_NE(
      parse_failure(line_with(6, "5x2,3")).message.find("add up to 13 bytes, not the object's"),
      std::string::npos);
  EXPECT_NE(parse_failure(line_with(6, "5x,3")).message.find("is not SIZE or SIZExCOUNT"),
            std::string::npos);
}

TEST(PlanLineTest, HeaderConstants) {
  EXPECT_EQ(kPlanHeader, "# s3copy plan v1");
  EXPECT_EQ(kPlanColumns,
            "# verdict\tmethod\tsize\tsource_etag\tsource\tdestination\tpart_size\treason");
  // One column name per field of a formatted line.
  const std::string line = format_action(simple_copy("a", "b"));
  EXPECT_EQ(std::count(kPlanColumns.begin(), kPlanColumns.end(), '\t'),
            std::count(line.begin(), line.end(), '\t'));
}

}  // namespace
}  // namespace s3copy::plan
