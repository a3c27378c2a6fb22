// Tests for PlanWriter (plan/plan_writer.h): what a plan file holds, and that it appears under its
// name only when the job completed.
#include "plan/plan_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "plan/plan_file.h"
#include "plan/plan_line.h"
#include "test/support/error_of.h"
#include "test/support/sample_action.h"
#include "test/support/temp_dir.h"

namespace s3copy::plan {
namespace {

class PlanWriterTest : public testing::Test {
 protected:
  const test::TempDir dir{"plan_writer_test"};
  const std::string path = (dir.path() / "job.plan").string();
};

TEST_F(PlanWriterTest, AKeptPlanHoldsItsHeaderJobLineActionsAndComments) {
  PlanWriter plan(path);
  plan.header();
  plan.job(parse_s3_url("s3://src/a/", "source"), parse_s3_url("s3://dst/b/", "destination"));
  plan.action(test::simple_copy_of("a/1"));
  plan.comment("would delete s3://dst/temp/x");
  EXPECT_FALSE(std::filesystem::exists(path));  // not under its name before it is complete
  EXPECT_TRUE(std::filesystem::exists(path + ".partial"));
  EXPECT_EQ(plan.finish(true), PlanWriter::Finish::kKept);

  EXPECT_EQ(dir.read("job.plan"), std::string(kPlanHeader) + "\n" + std::string(kPlanColumns) +
                                      "\n" +
                                      format_job_line(parse_s3_url("s3://src/a/", "source"),
                                                      parse_s3_url("s3://dst/b/", "destination")) +
                                      "\n" + format_action(test::simple_copy_of("a/1")) +
                                      "\n# would delete s3://dst/temp/x\n");
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST_F(PlanWriterTest, TheKeptFileReadsBackAsThePlan) {
  {
    PlanWriter plan(path);
    plan.header();
    plan.action(test::simple_copy_of("k"));
    plan.finish(true);
  }
  PlanFile read(path, "job.plan");
  const std::optional<Action> line = read.next();
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->source.key, "k");
  EXPECT_FALSE(read.next().has_value());
}

TEST_F(PlanWriterTest, APlanOfAJobThatDidNotCompleteIsNotLeftBehind) {
  {
    PlanWriter plan(path);
    plan.header();
    plan.action(test::simple_copy_of("a"));
    EXPECT_EQ(plan.finish(false), PlanWriter::Finish::kDiscarded);
    EXPECT_EQ(plan.finish(true), PlanWriter::Finish::kDiscarded);  // the answer stands
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST_F(PlanWriterTest, AWriterDestroyedUnfinishedRemovesItsPartialFile) {
  { PlanWriter plan(path); }
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(PlanWriterTest, APlanThatCannotBeMadeSaysWhereAndHowToFixIt) {
  const std::string nowhere = (dir.path() / "missing" / "job.plan").string();
  EXPECT_EQ(test::error_of<InputError>([&] { PlanWriter plan(nowhere); }),
            "--emit-plan: cannot write the plan to " + nowhere +
                ".partial: No such file or directory; give it a path in a writable directory");
}

TEST(PlanWriterStdoutTest, DashIsStandardOutput) {
  PlanWriter plan("-");
  EXPECT_EQ(plan.finish(true), PlanWriter::Finish::kStandardOutput);
}

}  // namespace
}  // namespace s3copy::plan
