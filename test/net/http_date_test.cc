// Tests for net/http_date.h: S3's header dates and XML times read as the same instants, and
// anything else is refused.
#include "net/http_date.h"

#include <gtest/gtest.h>

namespace s3copy::net {
namespace {

constexpr std::time_t k20261125T222124Z = 1'795'645'284;

TEST(HttpDateTest, BothFormsOfOneInstant) {
  EXPECT_EQ(parse_http_date("Wed, 25 Nov 2026 22:21:24 GMT"), k20261125T222124Z);
  EXPECT_EQ(parse_iso8601_time("2026-11-25T22:21:24.000Z"), k20261125T222124Z);
  EXPECT_EQ(parse_iso8601_time("2026-11-25T22:21:24Z"), k20261125T222124Z);
}

TEST(HttpDateTest, OtherTextIsRefused) {
  EXPECT_EQ(parse_http_date(""), std::nullopt);
  EXPECT_EQ(parse_http_date("2026-11-25T22:21:24.000Z"), std::nullopt);
  EXPECT_EQ(parse_http_date("Wed, 25 Nov 2026 22:21:24 GMT trailing"), std::nullopt);
  EXPECT_EQ(parse_iso8601_time("Wed, 25 Nov 2026 22:21:24 GMT"), std::nullopt);
  EXPECT_EQ(parse_iso8601_time("2026-11-25"), std::nullopt);
  EXPECT_EQ(parse_iso8601_time("2026-11-25T22:21:24+02:00"), std::nullopt);
}

}  // namespace
}  // namespace s3copy::net
