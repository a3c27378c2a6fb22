// Tests for WholeCopyTrial (stages/whole_copy_trial.h): which multipart sources are copied with
// one CopyObject, how one trial copy decides for the others, and what counts as its answer.
#include "stages/whole_copy_trial.h"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

namespace s3copy::stages {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr std::uint64_t kThreshold = 5'368'709'120ull;
const std::string kMultipartEtag = "0123456789abcdef0123456789abcdef-8";
const std::string kMd5Etag = "0123456789abcdef0123456789abcdef";

// Tickets play no part in the trial's decisions: these hold none.
AdmittedAction multipart_copy(const std::string& key, std::uint64_t size = 64 * kMiB,
                              const std::string& etag = kMultipartEtag) {
  return {plan::Action{.method = plan::CopyMethod::kMultipart,
                       .source = {.key = key, .size = size, .etag = etag},
                       .part_size = 8 * kMiB},
          {}};
}

using Decision = WholeCopyTrial::Decision;

TEST(WholeCopyTrialTest, TheFirstIsTheTrialTheOthersWaitAndFollowAKeptEtag) {
  WholeCopyTrial trial(true);
  AdmittedAction first = multipart_copy("a");
  AdmittedAction second = multipart_copy("b");
  AdmittedAction third = multipart_copy("c");
  EXPECT_EQ(trial.decide(first, kThreshold), Decision::kWhole);
  EXPECT_EQ(trial.decide(second, kThreshold), Decision::kAfterTrial);
  EXPECT_EQ(trial.decide(third, kThreshold), Decision::kAfterTrial);

  const std::vector<AdmittedAction> waiting = trial.learn(true);
  ASSERT_EQ(waiting.size(), 2u);
  EXPECT_EQ(waiting[0].action.source.key, "b");
  EXPECT_EQ(waiting[1].action.source.key, "c");
  // They come back undecided, for the splitter to choose their method again.
  EXPECT_EQ(waiting[0].action.method, plan::CopyMethod::kNone);
  AdmittedAction again{waiting[0].action, {}};
  again.action.method = plan::CopyMethod::kMultipart;
  EXPECT_EQ(trial.decide(again, kThreshold), Decision::kWhole);
  EXPECT_TRUE(trial.learn(true).empty());
}

// Makes "a" the trial copy and keeps "b" waiting for it.
void start_trial_with_one_waiting(WholeCopyTrial& trial) {
  AdmittedAction first = multipart_copy("a");
  AdmittedAction second = multipart_copy("b");
  ASSERT_EQ(trial.decide(first, kThreshold), Decision::kWhole);
  ASSERT_EQ(trial.decide(second, kThreshold), Decision::kAfterTrial);
}

TEST(WholeCopyTrialTest, ANewEtagSendsEveryMultipartSourceIntoParts) {
  WholeCopyTrial trial(true);
  start_trial_with_one_waiting(trial);
  EXPECT_EQ(trial.learn(false).size(), 1u);
  for (const std::string key : {"a", "b", "c"}) {
    AdmittedAction again = multipart_copy(key);
    EXPECT_EQ(trial.decide(again, kThreshold), Decision::kInParts) << key;
  }
}

TEST(WholeCopyTrialTest, AnInconclusiveTrialLetsTheNextObjectTry) {
  WholeCopyTrial trial(true);
  start_trial_with_one_waiting(trial);
  std::vector<AdmittedAction> waiting = trial.trial_inconclusive();
  ASSERT_EQ(waiting.size(), 1u);
  waiting[0].action.method = plan::CopyMethod::kMultipart;
  EXPECT_EQ(trial.decide(waiting[0], kThreshold), Decision::kWhole);
}

TEST(WholeCopyTrialTest, NotAllowedMeansAlwaysInParts) {
  WholeCopyTrial trial(false);
  AdmittedAction action = multipart_copy("a");
  EXPECT_EQ(trial.decide(action, kThreshold), Decision::kInParts);
}

TEST(WholeCopyTrialTest, OnlyMultipartSourcesUpToTheThresholdAndFiveGbAreEligible) {
  WholeCopyTrial trial(true);
  AdmittedAction simple_source =
      multipart_copy("md5", 64 * kMiB, kMd5Etag);  // cut by the threshold
  EXPECT_EQ(trial.decide(simple_source, 32 * kMiB), Decision::kInParts);
  AdmittedAction small_md5_source = multipart_copy("small md5", 16 * kMiB, kMd5Etag);
  EXPECT_EQ(trial.decide(small_md5_source, 32 * kMiB), Decision::kInParts);  // by its ETag alone
  AdmittedAction over_threshold = multipart_copy("big");
  EXPECT_EQ(trial.decide(over_threshold, 32 * kMiB), Decision::kInParts);
  AdmittedAction over_five_gb = multipart_copy("huge", kThreshold + 1);
  EXPECT_EQ(trial.decide(over_five_gb, kThreshold + kMiB), Decision::kInParts);
  AdmittedAction staged = multipart_copy("staged");
  staged.action.method = plan::CopyMethod::kStaged;
  EXPECT_EQ(trial.decide(staged, kThreshold), Decision::kInParts);
  AdmittedAction at_threshold = multipart_copy("edge", 32 * kMiB);
  EXPECT_EQ(trial.decide(at_threshold, 32 * kMiB), Decision::kWhole);
}

TEST(WholeCopyTrialTest, OnlyAPlainMd5ForAMultipartSourceIsANewEtag) {
  EXPECT_TRUE(WholeCopyTrial::server_made_a_new_etag(kMultipartEtag, kMd5Etag));
  EXPECT_FALSE(WholeCopyTrial::server_made_a_new_etag(kMultipartEtag, kMultipartEtag));
  // Another multipart ETag is a bad or changed copy, for the validator's usual checks.
  EXPECT_FALSE(
      WholeCopyTrial::server_made_a_new_etag(kMultipartEtag, "ffffffffffffffffffffffffffffffff-8"));
  EXPECT_FALSE(WholeCopyTrial::server_made_a_new_etag(kMd5Etag, kMd5Etag));
}

}  // namespace
}  // namespace s3copy::stages
