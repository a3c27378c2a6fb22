// Tests for InputError (plan/input_error.h): the one type for bad input, its place and its
// problem, seen by the handlers of std::invalid_argument as "<where>: <problem>".
#include "plan/input_error.h"

#include <gtest/gtest.h>

namespace s3copy::plan {
namespace {

TEST(InputErrorTest, KeepsThePlaceAndTheProblemAndJoinsThemForTheMessage) {
  const InputError error(line_of("keys.txt", 7), "key is 1,030 bytes; S3 keys are at most 1,024");
  EXPECT_EQ(error.where(), "keys.txt line 7");
  EXPECT_EQ(error.problem(), "key is 1,030 bytes; S3 keys are at most 1,024");
  EXPECT_STREQ(error.what(), "keys.txt line 7: key is 1,030 bytes; S3 keys are at most 1,024");
}

TEST(InputErrorTest, IsCaughtWhereverBadArgumentsAre) {
  try {
    throw InputError("source 'x://b'", "only s3:// URLs are supported");
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "source 'x://b': only s3:// URLs are supported");
    return;
  }
  ADD_FAILURE() << "not caught as std::invalid_argument";
}

}  // namespace
}  // namespace s3copy::plan
