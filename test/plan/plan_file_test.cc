// Tests for plan/plan_file.h: plans read back exactly what format_action wrote, hostile keys
// included; every malformed plan is refused naming file, line and fix; reading streams.
#include "plan/plan_file.h"

#include <sys/resource.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plan/plan_line.h"
#include "test/support/error_of.h"
#include "test/support/temp_dir.h"

namespace s3copy::plan {
namespace {

Action copy_of(const std::string& key, const std::string& destination_key) {
  Action action;
  action.verdict = Verdict::kCopy;
  action.method = CopyMethod::kSimple;
  action.reason = "new";
  action.source_bucket = "source-bucket";
  action.source = ObjectEntry{.key = key, .size = 6, .etag = "b1946ac92492d2347c6235b4d2611184"};
  action.destination_bucket = "dest-bucket";
  action.destination_key = destination_key;
  return action;
}

std::string plan_text(const std::vector<std::string>& lines) {
  std::string text = std::string(kPlanHeader) + "\n" + std::string(kPlanColumns) + "\n";
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

std::vector<Action> read_all(const std::string& text, const std::string& name = "job.plan") {
  std::istringstream input(text);
  PlanReader reader(input, name);
  std::vector<Action> actions;
  while (std::optional<Action> action = reader.next()) actions.push_back(std::move(*action));
  return actions;
}

std::string error_reading(const std::string& text) {
  return test::error_of<std::invalid_argument>([&] { read_all(text); });
}

const std::string kGoodLine = format_action(copy_of("a", "a"));

TEST(PlanFileTest, HostileKeysRoundTripThroughAPlan) {
  const std::vector<std::string> keys = {"tab\there",
                                         "new\nline",
                                         "carriage\rreturn",
                                         "100% sure",
                                         "%41 is not A",
                                         " leading space",
                                         "trailing space ",
                                         "#not a comment",
                                         "caf\xC3\xA9",
                                         "emoji \xF0\x9F\x98\x80",
                                         "del\x7F",
                                         "bell\x07",
                                         "a+b=c&d?e",
                                         "dir//double/",
                                         "s3://looks/like/a/url",
                                         std::string(1024, 'k')};
  std::vector<std::string> lines;
  std::vector<Action> written;
  for (const std::string& key : keys) {
    written.push_back(copy_of(key, "copies/" + key.substr(0, 1000)));
    lines.push_back(format_action(written.back()));
  }
  EXPECT_EQ(read_all(plan_text(lines)), written);
}

TEST(PlanFileTest, SkipsCommentsAndBlankLinesAndDropsCarriageReturns) {
  Action skip = copy_of("b", "b");
  skip.verdict = Verdict::kSkip;
  skip.method = CopyMethod::kNone;
  skip.reason = "same size and ETag";
  const std::string text =
      plan_text({"# a comment", "", kGoodLine + "\r", "#", format_action(skip)});
  EXPECT_EQ(read_all(text), (std::vector<Action>{copy_of("a", "a"), skip}));
}

TEST(PlanFileTest, AcceptsAByteOrderMarkBeforeTheHeader) {
  EXPECT_EQ(read_all("\xEF\xBB\xBF" + plan_text({kGoodLine})).size(), 1u);
}

TEST(PlanFileTest, ErrorsNameThePlanTheLineAndTheProblem) {
  EXPECT_EQ(error_reading(plan_text({kGoodLine, "# fine", "copy\tsimple"})),
            "job.plan line 5: expected 8 tab-separated fields, found 2");
  std::string bad_verdict = kGoodLine;
  bad_verdict.replace(0, 4, "kopy");
  EXPECT_EQ(error_reading(plan_text({bad_verdict})),
            "job.plan line 3: verdict 'kopy' is not copy or skip");
}

// The place and the problem stay apart: the reader places the line parser's problem in the file,
// it does not cut the parser's own "plan line N: " off a message.
TEST(PlanFileTest, ABadLineIsAnInputErrorWithItsPlaceApart) {
  std::string bad_verdict = kGoodLine;
  bad_verdict.replace(0, 4, "kopy");
  try {
    read_all(plan_text({bad_verdict}));
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(error.where(), "job.plan line 3");
    EXPECT_EQ(error.problem(), "verdict 'kopy' is not copy or skip");
  }
}

TEST(PlanFileTest, MissingHeaderIsRefusedWithTheFix) {
  EXPECT_EQ(error_reading(kGoodLine + "\n"),
            "job.plan line 1: not an s3copy plan: the first line must be '# s3copy plan v1'; make "
            "plans with `s3copy SOURCE DESTINATION --emit-plan FILE`, or add that line at the top "
            "of a plan made by hand");
  EXPECT_EQ(error_reading(""),
            "job.plan is empty, not a plan (its first line must be '# s3copy plan v1'); make "
            "plans with `s3copy SOURCE DESTINATION --emit-plan FILE`");
}

TEST(PlanFileTest, OtherVersionsAreRefusedByName) {
  EXPECT_EQ(error_reading("# s3copy plan v2\n" + kGoodLine + "\n"),
            "job.plan line 1: '# s3copy plan v2' is a plan of another version; this s3copy reads "
            "'# s3copy plan v1' plans: make the plan again with this s3copy");
}

TEST(PlanFileTest, KeysThatCannotBeS3KeysAreRefused) {
  std::string not_utf8 = kGoodLine;
  not_utf8.replace(not_utf8.find("s3://source-bucket/a"), 20, "s3://source-bucket/caf%E9");
  EXPECT_EQ(error_reading(plan_text({not_utf8})),
            "job.plan line 3: source key is not valid UTF-8 (byte 4); S3 keys are UTF-8 - convert "
            "the text, e.g. with iconv -t UTF-8");
  std::string bad_bucket = kGoodLine;
  bad_bucket.replace(bad_bucket.find("s3://dest-bucket"), 16, "s3://ab");
  EXPECT_TRUE(error_reading(plan_text({bad_bucket}))
                  .starts_with("job.plan line 3: destination bucket 'ab': a bucket name has 3 to "
                               "63 characters"))
      << error_reading(plan_text({bad_bucket}));
}

TEST(PlanFileTest, ALineCopyingAnObjectOntoItselfIsRefused) {
  Action onto_itself = copy_of("a", "a");
  onto_itself.destination_bucket = onto_itself.source_bucket;
  EXPECT_EQ(error_reading(plan_text({format_action(onto_itself)})),
            "job.plan line 3: the source and the destination are the same object; an object "
            "cannot be copied onto itself");
}

TEST(PlanFileTest, OverlongLinesAreRefusedWithoutBeingKept) {
  EXPECT_EQ(error_reading(plan_text({std::string(kMaxPlanLineBytes + 1, 'x')})),
            "job.plan line 3: the line is longer than 1048576 bytes, which no plan line is; is "
            "this a plan?");
}

TEST(PlanFileTest, JobLinesRoundTripOddPaths) {
  const S3Url source{.bucket = "src", .path = "my folder/100%/*"};
  const S3Url destination{.bucket = "dst", .path = "tab\there"};
  const std::string line = format_job_line(source, destination);
  EXPECT_EQ(line, "# job\ts3://src/my%20folder/100%25/*\ts3://dst/tab%09here");
  const std::optional<PlanJob> job = parse_job_line(line);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->source.to_string(), "s3://src/my folder/100%/*");
  EXPECT_EQ(job->destination.to_string(), "s3://dst/tab\there");
  EXPECT_EQ(parse_job_line("# just a comment"), std::nullopt);
}

TEST(PlanFileTest, DistinctJobLinesAreNotedInOrder) {
  const std::string first = format_job_line({"aaa", ""}, {"bbb", "x"});
  const std::string second = format_job_line({"ccc", "p"}, {"ddd", ""});
  std::istringstream input(plan_text({first, kGoodLine, first, second, kGoodLine}));
  PlanReader reader(input, "joined.plan");
  while (reader.next()) {
  }
  ASSERT_EQ(reader.jobs().size(), 2u);
  EXPECT_EQ(reader.jobs()[0].destination.to_string(), "s3://bbb/x");
  EXPECT_EQ(reader.jobs()[1].source.to_string(), "s3://ccc/p");
}

TEST(PlanFileTest, BrokenJobLinesAreRefused) {
  EXPECT_EQ(error_reading(plan_text({"# job\ts3://src/"})),
            "job.plan line 3: a '# job' line holds the source and the destination, separated by "
            "one tab; it is written by s3copy: remove the line if it was edited by hand");
  EXPECT_TRUE(error_reading(plan_text({"# job\ts3://src/%ZZ\ts3://dst/"}))
                  .starts_with("job.plan line 3: 's3://src/%ZZ' has a bad %-escape"));
}

TEST(PlanFileTest, OverviewCountsLinesAndBuckets) {
  Action other = copy_of("b", "b");
  other.destination_bucket = "other-dest";
  other.verdict = Verdict::kSkip;
  other.method = CopyMethod::kNone;
  std::istringstream input(plan_text({kGoodLine, format_action(other), kGoodLine}));
  PlanReader reader(input, "job.plan");
  const PlanOverview overview = read_plan_overview(reader);
  EXPECT_EQ(overview.copy_lines, 2u);
  EXPECT_EQ(overview.skip_lines, 1u);
  EXPECT_EQ(overview.source_buckets, (std::set<std::string>{"source-bucket"}));
  EXPECT_EQ(overview.destination_buckets, (std::set<std::string>{"dest-bucket", "other-dest"}));
}

TEST(PlanFileTest, MissingFileIsNamed) {
  test::TempDir dir("plan_file_test");
  const std::string path = (dir.path() / "none.plan").string();
  EXPECT_EQ(test::error_of<std::invalid_argument>([&] { PlanFile plan(path, path); }),
            "cannot read plan '" + path + "': No such file or directory");
  const std::string good = dir.write("good.plan", plan_text({kGoodLine}));
  PlanFile plan(good, "good.plan");
  EXPECT_TRUE(plan.next());
  EXPECT_FALSE(plan.next());
}

// Serves a plan of `lines` copy lines, made as they are read: the test itself holds no more than
// one line either, so the reader's own memory is what is measured.
class GeneratedPlan : public std::streambuf {
 public:
  explicit GeneratedPlan(size_t lines) : lines_(lines) {
    current_ = std::string(kPlanHeader) + "\n";
    setg(current_.data(), current_.data(), current_.data() + current_.size());
  }

 protected:
  int_type underflow() override {
    if (made_ == lines_) return traits_type::eof();
    const std::string key = "logs/" + std::to_string(made_++) + "/part.gz";
    current_ = "copy\tsimple\t1048576\t0123456789abcdef0123456789abcdef\ts3://source-bucket/" +
               key + "\ts3://dest-bucket/" + key + "\t0\tnew\n";
    setg(current_.data(), current_.data(), current_.data() + current_.size());
    return traits_type::to_int_type(*gptr());
  }

 private:
  size_t lines_;
  size_t made_ = 0;
  std::string current_;
};

long peak_resident_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// The process's peak resident memory (VmHWM), after resetting it to the current use where the
// kernel allows (so that earlier tests' peaks cannot hide this one's).
long reset_peak_resident_kib() {
  std::ofstream("/proc/self/clear_refs") << "5";
  return peak_resident_kib();
}

// Sanitizers keep freed memory in quarantine on purpose, so memory is measured without them.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

TEST(PlanFileTest, AMillionLinePlanIsReadInFlatMemory) {
  if (kSanitized) GTEST_SKIP() << "memory is measured in the build without sanitizers";
  constexpr size_t kLines = 1'000'000;  // ~125 MB of plan text
  GeneratedPlan generated(kLines);
  std::istream input(&generated);
  const long before = reset_peak_resident_kib();
  PlanReader reader(input, "million.plan");
  const PlanOverview overview = read_plan_overview(reader);
  EXPECT_EQ(overview.copy_lines, kLines);
  // Keeping the lines would take over 100 MB; a streaming reader needs one line.
  EXPECT_LT(peak_resident_kib() - before, 8 * 1024);
}

}  // namespace
}  // namespace s3copy::plan
