// The text helpers plan/'s parsers share: hex digits, %-decoding, byte counts for messages.
#include "plan/text.h"

#include <gtest/gtest.h>

namespace s3copy::plan {
namespace {

TEST(HexValueTest, DigitsOfEitherCaseAndNothingElse) {
  EXPECT_EQ(hex_value('0'), 0);
  EXPECT_EQ(hex_value('9'), 9);
  EXPECT_EQ(hex_value('a'), 10);
  EXPECT_EQ(hex_value('F'), 15);
  for (int c : {int{'g'}, int{'G'}, int{'/'}, int{':'}, int{'@'}, int{'`'}, int{' '}, -1}) {
    EXPECT_EQ(hex_value(c), -1) << c;
  }
}

TEST(PercentDecodeTest, EscapesBecomeTheirBytes) {
  EXPECT_EQ(percent_decode("a%20b%0a%25%2f+"), std::optional<std::string>("a b\n%/+"));
  EXPECT_EQ(percent_decode(""), std::optional<std::string>(""));
  EXPECT_EQ(percent_decode("%00"), std::optional<std::string>(std::string(1, '\0')));
}

TEST(PercentDecodeTest, ABadEscapeIsNoText) {
  for (const char* bad : {"%", "%2", "a%", "%zz", "%2g", "x%4"}) {
    EXPECT_FALSE(percent_decode(bad).has_value()) << bad;
  }
}

TEST(ThousandsSeparatorsTest, GroupsOfThree) {
  EXPECT_EQ(with_thousands_separators(0), "0");
  EXPECT_EQ(with_thousands_separators(999), "999");
  EXPECT_EQ(with_thousands_separators(1030), "1,030");
  EXPECT_EQ(with_thousands_separators(1234567), "1,234,567");
}

}  // namespace
}  // namespace s3copy::plan
