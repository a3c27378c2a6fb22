// Tests for FailedPlan (plan/failed_plan.h): the failed objects read back as a plan with its job
// line, every save replaces the whole file, and a file that cannot be written is reported.
#include "plan/failed_plan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "plan/plan_file.h"
#include "test/support/sample_action.h"
#include "test/support/temp_dir.h"

namespace s3copy::plan {
namespace {

class FailedPlanTest : public testing::Test {
 protected:
  const test::TempDir dir{"failed_plan_test"};
  const std::string path = (dir.path() / "failed.plan").string();
  const PlanJob job{parse_s3_url("s3://src/a/", "source"),
                    parse_s3_url("s3://dst/", "destination")};
};

TEST_F(FailedPlanTest, EachSaveWritesEveryFailureSoFarAsAPlanWithItsJob) {
  FailedPlan failed(path, {job});
  EXPECT_FALSE(std::filesystem::exists(path)) << "nothing before the first save";
  failed.add(test::simple_copy_of("a/1"));
  ASSERT_TRUE(failed.save());
  failed.add(test::simple_copy_of("a/2"));
  ASSERT_TRUE(failed.save());
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));

  PlanFile plan(path, "failed.plan");
  std::optional<Action> first = plan.next();
  std::optional<Action> second = plan.next();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->source.key, "a/1");
  EXPECT_EQ(second->source.key, "a/2");
  EXPECT_EQ(second->source.etag, "0123456789abcdef0123456789abcdef");
  EXPECT_FALSE(plan.next().has_value());
  EXPECT_EQ(plan.jobs(), std::vector<PlanJob>{job});
}

TEST_F(FailedPlanTest, ARunWithoutFailuresLeavesAnEmptyPlan) {
  FailedPlan failed(path, {job});
  ASSERT_TRUE(failed.save());
  PlanFile plan(path, "failed.plan");
  EXPECT_FALSE(plan.next().has_value());
}

TEST_F(FailedPlanTest, SavingOnlyIfChangedLeavesAnUnchangedFileAlone) {
  FailedPlan failed(path, {job});
  ASSERT_TRUE(failed.save(/*only_if_changed=*/true));  // the first save always writes
  ASSERT_TRUE(std::filesystem::exists(path));
  std::filesystem::remove(path);
  ASSERT_TRUE(failed.save(/*only_if_changed=*/true));
  EXPECT_FALSE(std::filesystem::exists(path)) << "nothing new: not written again";
  failed.add(test::simple_copy_of("a/3"));
  ASSERT_TRUE(failed.save(/*only_if_changed=*/true));
  EXPECT_TRUE(std::filesystem::exists(path));
}

TEST_F(FailedPlanTest, AnUnwritablePlaceIsReportedWithTheOption) {
  FailedPlan failed((dir.path() / "no-such-dir" / "failed.plan").string(), {job});
  failed.add(test::simple_copy_of("a/1"));
  EXPECT_FALSE(failed.save());
  EXPECT_NE(failed.error().find("--failed-plan"), std::string::npos) << failed.error();
  EXPECT_NE(failed.error().find("no-such-dir"), std::string::npos) << failed.error();
}

}  // namespace
}  // namespace s3copy::plan
