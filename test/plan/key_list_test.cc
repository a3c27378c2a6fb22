// Tests for plan/key_list.h: keys are taken exactly as written, comments, blank lines and CRLF
// are handled, and every bad line is reported with its source and line number.
#include "plan/key_list.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "test/support/error_of.h"
#include "test/support/temp_dir.h"

namespace s3copy::plan {
namespace {

// The message of the std::invalid_argument `action` throws, or "(no error)".
std::string error_of(const std::function<void()>& action) {
  return test::error_of<std::invalid_argument>(action);
}

std::vector<std::string> keys_of(const std::string& text) {
  std::istringstream input(text);
  KeyListReader reader(input, "keys.txt");
  std::vector<std::string> keys;
  while (std::optional<std::string> key = reader.next()) keys.push_back(*key);
  return keys;
}

std::string reading_error(const std::string& text) {
  return error_of([&] { keys_of(text); });
}

// Files written by the test, removed afterwards.
class KeyListFileTest : public ::testing::Test {
 protected:
  std::string write_file(const std::string& name, const std::string& text) {
    return directory_.write(name, text);
  }

  test::TempDir directory_{"key_list_test"};
};

TEST(KeyListReaderTest, ReadsOneKeyPerLine) {
  EXPECT_EQ(keys_of("a/b.txt\nc\nd/e/f"), (std::vector<std::string>{"a/b.txt", "c", "d/e/f"}));
}

TEST(KeyListReaderTest, SkipsCommentsAndEmptyLines) {
  EXPECT_EQ(keys_of("# keys to copy\n\nfirst\n\n#second\nthird\n"),
            (std::vector<std::string>{"first", "third"}));
}

TEST(KeyListReaderTest, KeepsLeadingAndTrailingSpacesBecauseTheyArePartOfS3Keys) {
  EXPECT_EQ(
      keys_of(" leading\ntrailing \n \n\ttab\t\n a # not a comment\n"),
      (std::vector<std::string>{" leading", "trailing ", " ", "\ttab\t", " a # not a comment"}));
}

TEST(KeyListReaderTest, StripsOneCarriageReturnOfCrlfLines) {
  EXPECT_EQ(keys_of("first\r\nsecond\r\n\r\nthird\r\r\n"),
            (std::vector<std::string>{"first", "second", "third\r"}));
}

TEST(KeyListReaderTest, DropsAByteOrderMarkOnTheFirstLineOnly) {
  EXPECT_EQ(keys_of("\xEF\xBB\xBF"
                    "first\n\xEF\xBB\xBF"
                    "second\n"),
            (std::vector<std::string>{"first",
                                      "\xEF\xBB\xBF"
                                      "second"}));
  EXPECT_EQ(keys_of("\xEF\xBB\xBF# comment\nkey\n"), (std::vector<std::string>{"key"}));
}

TEST(KeyListReaderTest, KeepsUnicodeAndUnusualCharacters) {
  EXPECT_EQ(keys_of("caf\xC3\xA9/\xF0\x9F\x98\x80 +%?&=//\nend/\n"),
            (std::vector<std::string>{"caf\xC3\xA9/\xF0\x9F\x98\x80 +%?&=//", "end/"}));
}

TEST(KeyListReaderTest, CountsLinesIncludingSkippedOnes) {
  std::istringstream input("# header\n\nfirst\r\n# more\nsecond");
  KeyListReader reader(input, "keys.txt");
  EXPECT_EQ(reader.line_number(), 0u);
  EXPECT_EQ(reader.next(), "first");
  EXPECT_EQ(reader.line_number(), 3u);
  EXPECT_EQ(reader.next(), "second");
  EXPECT_EQ(reader.line_number(), 5u);
  EXPECT_EQ(reader.next(), std::nullopt);
  EXPECT_EQ(reader.next(), std::nullopt);
}

TEST(KeyListReaderTest, AcceptsAKeyOfExactlyTheMaximumLength) {
  const std::string longest(kMaxKeyBytes, 'k');
  EXPECT_EQ(keys_of(longest + "\r\n"), std::vector<std::string>{longest});
}

TEST(KeyListReaderTest, RejectsAKeyLongerThanS3AllowsWithItsLength) {
  EXPECT_EQ(reading_error("ok\n# c\n\n\n\n\n" + std::string(1030, 'k') + "\n"),
            "keys.txt line 7: key is 1,030 bytes; S3 keys are at most 1,024 bytes");
  EXPECT_EQ(reading_error(std::string(1025, 'k') + "\r\n"),
            "keys.txt line 1: key is 1,025 bytes; S3 keys are at most 1,024 bytes");
  EXPECT_EQ(reading_error(std::string(5'000'000, 'k')),
            "keys.txt line 1: key is 5,000,000 bytes; S3 keys are at most 1,024 bytes");
}

TEST(KeyListReaderTest, RejectsANulByte) {
  EXPECT_EQ(reading_error(std::string("good\nab\0c\n", 10)),
            "keys.txt line 2: key contains a NUL byte (byte 3); S3 keys cannot contain NUL - is "
            "this a binary file?");
}

TEST(KeyListReaderTest, RejectsInvalidUtf8) {
  EXPECT_EQ(reading_error("caf\xE9\n"),
            "keys.txt line 1: key is not valid UTF-8 (byte 4); S3 keys are UTF-8 - convert the "
            "text, e.g. with iconv -t UTF-8");
}

TEST(KeyListReaderTest, ReportsTheLineOfTheBadKeyAfterEarlierGoodOnes) {
  std::istringstream input("a\nb\n\xC0\xAF\n");
  KeyListReader reader(input, "list");
  EXPECT_EQ(reader.next(), "a");
  EXPECT_EQ(reader.next(), "b");
  EXPECT_EQ(error_of([&] { reader.next(); }).substr(0, 33), "list line 3: key is not valid UTF");
}

TEST(KeyProblemTest, AcceptsOrdinaryKeys) {
  EXPECT_EQ(key_problem("folder-001/test-001"), "");
  EXPECT_EQ(key_problem(" "), "");
  EXPECT_EQ(key_problem("\xE2\x82\xAC"), "");      // U+20AC
  EXPECT_EQ(key_problem("\xF4\x8F\xBF\xBF"), "");  // U+10FFFF, the last code point
  EXPECT_EQ(key_problem(std::string(kMaxKeyBytes, 'x')), "");
}

TEST(KeyProblemTest, RejectsEmptyAndOverlongKeys) {
  EXPECT_EQ(key_problem(""), "key is empty");
  EXPECT_EQ(key_problem(std::string(1025, 'x')),
            "key is 1,025 bytes; S3 keys are at most 1,024 bytes");
}

TEST(KeyProblemTest, RejectsEveryKindOfInvalidUtf8) {
  for (const char* bad : {"\x80",              // a lone continuation byte
                          "\xC0\xAF",          // overlong '/'
                          "\xE0\x80\xAF",      // overlong '/'
                          "\xED\xA0\x80",      // a UTF-16 surrogate
                          "\xF4\x90\x80\x80",  // above U+10FFFF
                          "\xE2\x82",          // truncated
                          "\xFF"}) {
    EXPECT_TRUE(key_problem(std::string("x") + bad).starts_with("key is not valid UTF-8 (byte 2)"))
        << key_problem(bad);
  }
}

TEST_F(KeyListFileTest, ReadsAFileByPath) {
  const std::string path = write_file("keys.txt", "# list\nalpha\r\nbeta\n");
  KeyListFile list(path);
  EXPECT_EQ(list.display_name(), path);
  EXPECT_EQ(list.next(), "alpha");
  EXPECT_EQ(list.next(), "beta");
  EXPECT_EQ(list.line_number(), 3u);
  EXPECT_EQ(list.next(), std::nullopt);
}

TEST_F(KeyListFileTest, NamesTheFileInLineErrors) {
  const std::string path = write_file("bad.txt", "ok\n" + std::string(2000, 'x') + "\n");
  EXPECT_EQ(error_of([&] { read_key_list(path); }),
            path + " line 2: key is 2,000 bytes; S3 keys are at most 1,024 bytes");
}

TEST_F(KeyListFileTest, ReadKeyListReturnsEveryKey) {
  const std::string path = write_file("prefixes.txt", "logs/2024/\n\nlogs/2025/\n");
  EXPECT_EQ(read_key_list(path), (std::vector<std::string>{"logs/2024/", "logs/2025/"}));
}

TEST_F(KeyListFileTest, ReportsAMissingFile) {
  const std::string path = (directory_.path() / "x.txt").string();
  EXPECT_EQ(error_of([&] { KeyListFile list(path); }),
            "cannot read key list '" + path + "': No such file or directory");
}

TEST_F(KeyListFileTest, ReportsADirectory) {
  EXPECT_EQ(error_of([&] { KeyListFile list(directory_.path().string()); }),
            "cannot read key list '" + directory_.path().string() + "': Is a directory");
}

TEST(KeyListStandardInputTest, DashReadsStandardInput) {
  std::istringstream fake_stdin("from\nstdin\n");
  std::streambuf* real_stdin = std::cin.rdbuf(fake_stdin.rdbuf());
  std::vector<std::string> keys;
  std::string name;
  {
    KeyListFile list("-");
    name = list.display_name();
    while (std::optional<std::string> key = list.next()) keys.push_back(*key);
  }
  std::cin.rdbuf(real_stdin);
  EXPECT_EQ(name, "standard input");
  EXPECT_EQ(keys, (std::vector<std::string>{"from", "stdin"}));
}

TEST_F(KeyListFileTest, ReportsAReadErrorInTheMiddleOfTheStream) {
  // Opening a directory as a file succeeds on Linux; reading it fails with EISDIR.
  std::ifstream directory(directory_.path(), std::ios::binary);
  ASSERT_TRUE(directory.is_open());
  KeyListReader reader(directory, "dir");
  EXPECT_EQ(error_of([&] { reader.next(); }),
            "cannot read key list 'dir': read error after line 0: Is a directory");
}

TEST(KeyListReaderConstructionTest, RejectsAStreamThatFailedToOpen) {
  std::ifstream missing("/nonexistent/keys.txt");
  EXPECT_EQ(error_of([&] { KeyListReader reader(missing, "/nonexistent/keys.txt"); }),
            "cannot read key list '/nonexistent/keys.txt': not readable");
}

}  // namespace
}  // namespace s3copy::plan
