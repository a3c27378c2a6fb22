// Tests for the splitter (stages/splitter.h): its pure choices (simple or multipart, part sizes
// within S3's 10,000 parts) and, against a scripted S3 peer, the requests of a multipart start.
#include "stages/splitter.h"

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plan/part_layout.h"
#include "stages/copy_job.h"
#include "test/stages/scripted_stage_test.h"

namespace s3copy::stages {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr std::uint64_t kGiB = 1ull << 30;
constexpr std::uint64_t kTiB = 1ull << 40;
const std::string kMd5Etag = "0123456789abcdef0123456789abcdef";
const std::string kMultipartEtag = "0123456789abcdef0123456789abcdef-4";

plan::ObjectEntry object(std::uint64_t size, const std::string& etag = kMd5Etag) {
  return {.key = "k", .size = size, .etag = etag};
}

TEST(PlannedPartSizeTest, MultipartSourcesKeepTheirGuessedLayoutOthersAreCut) {
  const std::uint64_t size = 20'000'000;  // aws-cli: 8 MiB parts -> 3 parts
  EXPECT_EQ(planned_part_size({"k", size, "e28144faea07525444f1fdf91cbb0965-3"}, 64 * kMiB),
            8 * kMiB);
  EXPECT_EQ(planned_part_size({"k", size, "d41d8cd98f00b204e9800998ecf8427e"}, 64 * kMiB),
            64 * kMiB);
  // No uniform layout cuts 3 bytes into 5 parts: cut at the requested size instead.
  EXPECT_EQ(planned_part_size({"k", 3, "e28144faea07525444f1fdf91cbb0965-5"}, 64 * kMiB),
            64 * kMiB);
}

TEST(ChooseMethodTest, SimpleUpToTheThresholdMultipartAbove) {
  const std::uint64_t threshold = 100 * kMiB;
  EXPECT_EQ(choose_method(object(1), threshold), plan::CopyMethod::kSimple);
  EXPECT_EQ(choose_method(object(threshold), threshold), plan::CopyMethod::kSimple);
  EXPECT_EQ(choose_method(object(threshold + 1), threshold), plan::CopyMethod::kMultipart);
}

TEST(ChooseMethodTest, MultipartSourcesAreCopiedInPartsWhateverTheirSize) {
  EXPECT_EQ(choose_method(object(1, kMultipartEtag), 100 * kMiB), plan::CopyMethod::kMultipart);
  EXPECT_EQ(choose_method(object(6 * kMiB, kMultipartEtag), plan::kMaxSingleCopyBytes),
            plan::CopyMethod::kMultipart);
}

TEST(ChooseMethodTest, EmptyObjectsAreAlwaysSimple) {
  EXPECT_EQ(choose_method(object(0), 0), plan::CopyMethod::kSimple);
  EXPECT_EQ(choose_method(object(0, kMultipartEtag), 100 * kMiB), plan::CopyMethod::kSimple);
}

TEST(ChooseMethodTest, FiveGbCopyObjectCapHoldsEvenWithALargerThreshold) {
  EXPECT_EQ(plan::kMaxSingleCopyBytes, 5'368'709'120ull);
  const std::uint64_t huge_threshold = 100 * kGiB;
  EXPECT_EQ(choose_method(object(plan::kMaxSingleCopyBytes), huge_threshold),
            plan::CopyMethod::kSimple);
  EXPECT_EQ(choose_method(object(plan::kMaxSingleCopyBytes + 1), huge_threshold),
            plan::CopyMethod::kMultipart);
  EXPECT_EQ(choose_method(object(kTiB), UINT64_MAX), plan::CopyMethod::kMultipart);
}

TEST(ChoosePartSizeTest, UnchangedWhenTheRequestedSizeIsFine) {
  EXPECT_EQ(choose_part_size(100 * kGiB, 64 * kMiB), 64 * kMiB);
  EXPECT_EQ(choose_part_size(10'000 * 64 * kMiB, 64 * kMiB), 64 * kMiB);  // exactly 10,000 parts
  EXPECT_EQ(choose_part_size(1, 5 * kMiB), 5 * kMiB);
  EXPECT_EQ(choose_part_size(0, 64 * kMiB), 64 * kMiB);
}

TEST(ChoosePartSizeTest, RaisedToAWholeMibSoThatFiveTibFitsInTenThousandParts) {
  const std::uint64_t size = 5 * kTiB;
  const std::uint64_t part_size = choose_part_size(size, 64 * kMiB);
  EXPECT_EQ(part_size, 525 * kMiB);  // 5 TiB / 10,000 = 524.288 MiB, rounded up
  EXPECT_EQ(part_size % kMiB, 0u);
  EXPECT_LE(plan::PartLayout::uniform(size, part_size).part_count(), plan::kMaxParts);
  EXPECT_GT(plan::PartLayout::uniform(size, part_size - kMiB).part_count(),
            plan::kMaxParts);  // no smaller whole MiB would do
}

TEST(ChoosePartSizeTest, OneByteMoreThanTenThousandPartsRaisesByOneMib) {
  const std::uint64_t size = 10'000 * 64 * kMiB + 1;
  const std::uint64_t part_size = choose_part_size(size, 64 * kMiB);
  EXPECT_EQ(part_size, 65 * kMiB);
  EXPECT_LE(plan::PartLayout::uniform(size, part_size).part_count(), plan::kMaxParts);
}

TEST(ChoosePartSizeTest, NeverMoreThanTenThousandParts) {
  for (const std::uint64_t size : {kGiB, 700 * kGiB, 1 * kTiB + 12345, 5 * kTiB, 48 * kTiB}) {
    for (const std::uint64_t requested : {5 * kMiB, 8 * kMiB, 64 * kMiB}) {
      const std::uint64_t part_size = choose_part_size(size, requested);
      EXPECT_GE(part_size, requested) << size << " " << requested;
      EXPECT_LE(plan::PartLayout::uniform(size, part_size).part_count(), plan::kMaxParts)
          << size << " " << requested;
    }
  }
}

TEST(PartCountTest, CoversTheObject) {
  EXPECT_EQ(plan::PartLayout::uniform(0, 64 * kMiB).part_count(), 1);
  EXPECT_EQ(plan::PartLayout::uniform(1, 64 * kMiB).part_count(), 1);
  EXPECT_EQ(plan::PartLayout::uniform(64 * kMiB, 64 * kMiB).part_count(), 1);
  EXPECT_EQ(plan::PartLayout::uniform(64 * kMiB + 1, 64 * kMiB).part_count(), 2);
  EXPECT_EQ(plan::PartLayout::uniform(plan::kMaxSingleCopyBytes, 64 * kMiB).part_count(),
            80);  // the README's 5 GB in 80 parts
  EXPECT_EQ(plan::PartLayout::uniform(5 * kTiB, 525 * kMiB).part_count(), 9987);
}

// The splitter's requests, against a scripted S3 peer: how a multipart copy starts, resumes an
// interrupted upload of the same source version, and refuses a source that changed.
class SplitterTest : public ScriptedStageTest {
 protected:
  WholeCopyTrial trial{false};
  std::mutex mutex;  // the handlers run on the event loop
  std::vector<CopyTask> tasks;
  std::vector<std::shared_ptr<CopyJob>> composed;
  Splitter splitter{SplitterSettings{.multipart_threshold = 5 * kMiB, .part_size = 5 * kMiB},
                    client,
                    ledger,
                    trial,
                    [this](CopyTask task) {
                      std::lock_guard lock(mutex);
                      tasks.push_back(std::move(task));
                    },
                    [this](std::shared_ptr<CopyJob> job) {
                      std::lock_guard lock(mutex);
                      composed.push_back(std::move(job));
                    }};

  std::size_t tasks_emitted() {
    std::lock_guard lock(mutex);
    return tasks.size();
  }

  // The source "a" is 15 MiB, last modified at 10:00, and has no tags.
  void script_source() {
    s3.on("HEAD", "/src/a", head_reply(15 * kMiB, kMd5Etag));
    s3.on("GET", "/src/a?tagging", {.body = "<Tagging><TagSet/></Tagging>"});
  }

  // Finishes the job the tasks belong to, so that the test leaves no object in flight.
  void finish(const std::shared_ptr<CopyJob>& job) {
    ledger.record_copied(std::move(job->ticket), job->action);
    settled();
  }
};

std::string uploads_xml(const std::vector<std::pair<std::string, std::string>>& id_and_started) {
  std::string xml =
      "<ListMultipartUploadsResult><Bucket>dst</Bucket><IsTruncated>false</IsTruncated>";
  for (const auto& [id, started] : id_and_started) {
    xml += "<Upload><Key>a</Key><UploadId>" + id + "</UploadId><Initiated>" + started +
           "</Initiated></Upload>";
  }
  return xml + "</ListMultipartUploadsResult>";
}

std::string part_xml(int number, const std::string& etag, std::uint64_t size) {
  return "<Part><PartNumber>" + std::to_string(number) + "</PartNumber><ETag>\"" + etag +
         "\"</ETag><Size>" + std::to_string(size) + "</Size></Part>";
}

TEST_F(SplitterTest, AMultipartCopyStartsAnUploadCarryingTheSourceEtagAndEmitsEveryPart) {
  script_source();
  s3.on("GET", "uploads", {.body = uploads_xml({})});
  s3.on("POST", "/dst/a?uploads",
        {.body = "<InitiateMultipartUploadResult><Bucket>dst</Bucket><Key>a</Key>"
                 "<UploadId>u2</UploadId></InitiateMultipartUploadResult>"});
  splitter.split(admitted_copy("a", 15 * kMiB, kMd5Etag), nullptr);
  ASSERT_TRUE(eventually([&] { return tasks_emitted() == 3; }));

  for (int number = 1; number <= 3; ++number) {
    const CopyTask& task = tasks[static_cast<std::size_t>(number - 1)];
    EXPECT_EQ(task.part_number, number);
    EXPECT_EQ(task.range->first, static_cast<std::uint64_t>(number - 1) * 5 * kMiB);
    EXPECT_EQ(task.range->last, static_cast<std::uint64_t>(number) * 5 * kMiB - 1);
  }
  EXPECT_EQ(tasks[0].job->upload_id, "u2");
  EXPECT_EQ(tasks[0].job->action.method, plan::CopyMethod::kMultipart);
  const std::vector<test::ReceivedRequest> requests = s3.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].line(), "HEAD /src/a");
  EXPECT_EQ(requests[1].line(), "GET /src/a?tagging=");
  EXPECT_EQ(requests[3].line(), "POST /dst/a?uploads=");
  EXPECT_EQ(requests[3].headers.at("x-amz-meta-s3copy-source-etag"), kMd5Etag);
  finish(tasks[0].job);
}

TEST_F(SplitterTest, AnInterruptedUploadOfTheSameVersionIsResumedAndStaleOnesAborted) {
  script_source();
  s3.on("GET", "uploads",
        {.body = uploads_xml({{"u-old", "2026-12-01T09:00:00.000Z"},   // before the source
                              {"u1", "2026-12-01T11:00:00.000Z"}})});  // after: this version's
  s3.on("DELETE", "/dst/a?uploadId=u-old", {.status = 204});
  s3.on("GET", "/dst/a?uploadId=u1",
        {.body = "<ListPartsResult><IsTruncated>false</IsTruncated>" +
                 part_xml(1, kMd5Etag, 5 * kMiB) + part_xml(2, kOtherEtag, 5 * kMiB) +
                 "</ListPartsResult>"});
  splitter.split(admitted_copy("a", 15 * kMiB, kMd5Etag), nullptr);
  ASSERT_TRUE(eventually([&] { return tasks_emitted() == 1; }));
  ASSERT_TRUE(eventually([&] { return s3.request_lines("DELETE").size() == 1; }));

  const CopyTask& missing = tasks[0];
  EXPECT_EQ(missing.part_number, 3);
  EXPECT_EQ(missing.job->upload_id, "u1");
  EXPECT_EQ(missing.job->parts[0].etag, kMd5Etag);
  EXPECT_EQ(missing.job->parts[1].etag, kOtherEtag);
  EXPECT_EQ(missing.job->parts_remaining.load(), 1);
  EXPECT_EQ(ledger.counts().parts_reused, 2u);
  EXPECT_EQ(s3.request_lines("DELETE"), std::vector<std::string>{"DELETE /dst/a?uploadId=u-old"});
  EXPECT_EQ(s3.request_lines("POST"), std::vector<std::string>{});  // no new upload
  finish(missing.job);
}

TEST_F(SplitterTest, AResumedUploadWithEveryPartGoesStraightToTheComposer) {
  script_source();
  s3.on("GET", "uploads", {.body = uploads_xml({{"u1", "2026-12-01T11:00:00.000Z"}})});
  s3.on("GET", "/dst/a?uploadId=u1",
        {.body = "<ListPartsResult><IsTruncated>false</IsTruncated>" +
                 part_xml(1, kMd5Etag, 5 * kMiB) + part_xml(2, kMd5Etag, 5 * kMiB) +
                 part_xml(3, kMd5Etag, 5 * kMiB) + "</ListPartsResult>"});
  splitter.split(admitted_copy("a", 15 * kMiB, kMd5Etag), nullptr);
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mutex);
    return composed.size() == 1;
  }));
  EXPECT_EQ(tasks_emitted(), 0u);
  EXPECT_EQ(ledger.counts().parts_reused, 3u);
  finish(composed[0]);
}

TEST_F(SplitterTest, ASourceThatChangedSinceItWasListedFailsBeforeAnyUploadStarts) {
  s3.on("HEAD", "/src/a", head_reply(15 * kMiB, kOtherEtag));
  const std::string failures =
      failures_while([&] { splitter.split(admitted_copy("a", 15 * kMiB, kMd5Etag), nullptr); });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_NE(failures.find("the source changed since it was listed (ETag now " + kOtherEtag + ")"),
            std::string::npos)
      << failures;
  EXPECT_EQ(s3.request_lines(), std::vector<std::string>{"HEAD /src/a"});
}

// moto answers HEAD ?partNumber=N with the part's own ETag (AWS: the object's). aws-cli's 20 MB
// upload in 8 MiB parts used to fail there with "the source changed since it was listed".
class PartAnswerTest : public SplitterTest {
 protected:
  const std::string listed_etag = "e28144faea07525444f1fdf91cbb0965-3";

  // The object "m" as moto shows it: `lengths` are its parts, each answered with its own ETag.
  void script_parts(const std::vector<std::uint64_t>& lengths) {
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      test::ScriptedReply part = head_reply(lengths[i], kOtherEtag);  // the part's own MD5
      part.headers.emplace_back("x-amz-mp-parts-count", std::to_string(lengths.size()));
      s3.on("HEAD", "/src/m?partNumber=" + std::to_string(i + 1), part);
    }
    s3.on("GET", "/src/m?tagging", {.body = "<Tagging><TagSet/></Tagging>"});
    s3.on("GET", "uploads", {.body = uploads_xml({})});
    s3.on("POST", "/dst/m?uploads",
          {.body = "<InitiateMultipartUploadResult><Bucket>dst</Bucket><Key>m</Key>"
                   "<UploadId>u3</UploadId></InitiateMultipartUploadResult>"});
  }

  // The ranges of the part tasks the splitter emitted, in part order.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> emitted_ranges() {
    std::lock_guard lock(mutex);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    for (const CopyTask& task : tasks) ranges.emplace_back(task.range->first, task.range->last);
    std::sort(ranges.begin(), ranges.end());
    return ranges;
  }
};

TEST_F(PartAnswerTest, APartsOwnEtagIsCheckedWithAPlainHeadAndItsLayoutIsUsed) {
  const std::uint64_t size = 20'000'000;
  script_parts({8 * kMiB, 8 * kMiB, size - 16 * kMiB});
  s3.on("HEAD", "/src/m", head_reply(size, listed_etag));
  splitter.split(admitted_copy("m", size, listed_etag), nullptr);
  ASSERT_TRUE(eventually([&] { return tasks_emitted() == 3; }));

  EXPECT_EQ(emitted_ranges(),
            (std::vector<std::pair<std::uint64_t, std::uint64_t>>{
                {0, 8 * kMiB - 1}, {8 * kMiB, 16 * kMiB - 1}, {16 * kMiB, size - 1}}));
  EXPECT_EQ(tasks[0].job->action.part_size, 8 * kMiB);
  const std::vector<std::string> heads = s3.request_lines("HEAD");
  EXPECT_EQ(std::count(heads.begin(), heads.end(), "HEAD /src/m"), 1) << heads.size();
  EXPECT_EQ(ledger.counts().failed, 0u);
  finish(tasks[0].job);
}

TEST_F(PartAnswerTest, AnUnevenLayoutReportedPartByPartIsCopiedInTheSameParts) {
  const std::uint64_t size = 13 * kMiB;
  const std::string uneven_etag = "0123456789abcdef0123456789abcdef-2";
  script_parts({5 * kMiB, 8 * kMiB});
  s3.on("HEAD", "/src/m", head_reply(size, uneven_etag));
  splitter.split(admitted_copy("m", size, uneven_etag), nullptr);
  ASSERT_TRUE(eventually([&] { return tasks_emitted() == 2; }));

  EXPECT_EQ(emitted_ranges(), (std::vector<std::pair<std::uint64_t, std::uint64_t>>{
                                  {0, 5 * kMiB - 1}, {5 * kMiB, size - 1}}));
  EXPECT_EQ(tasks[0].job->action.part_sizes, (std::vector<std::uint64_t>{5 * kMiB, 8 * kMiB}));
  finish(tasks[0].job);
}

TEST_F(PartAnswerTest, ASourceIsCalledChangedOnlyWhenThePlainHeadSaysSo) {
  const std::uint64_t size = 20'000'000;
  const std::string new_etag = "99999999999999999999999999999999-3";
  script_parts({8 * kMiB, 8 * kMiB, size - 16 * kMiB});
  s3.on("HEAD", "/src/m", head_reply(size, new_etag));
  const std::string failures =
      failures_while([&] { splitter.split(admitted_copy("m", size, listed_etag), nullptr); });
  EXPECT_EQ(ledger.counts().failed, 1u);
  EXPECT_NE(failures.find("the source changed since it was listed (ETag now " + new_etag + ")"),
            std::string::npos)
      << failures;
  EXPECT_EQ(tasks_emitted(), 0u);
  EXPECT_EQ(s3.request_lines("POST"), std::vector<std::string>{});  // no upload was started
}

TEST_F(SplitterTest, ASmallObjectBecomesOneWholeCopyTaskWithoutRequests) {
  splitter.split(admitted_copy("a", 1 * kMiB, kMd5Etag), nullptr);
  ASSERT_EQ(tasks_emitted(), 1u);
  EXPECT_EQ(tasks[0].part_number, 0);
  EXPECT_EQ(tasks[0].job->action.method, plan::CopyMethod::kSimple);
  EXPECT_TRUE(s3.requests().empty());
  finish(tasks[0].job);
}

}  // namespace
}  // namespace s3copy::stages
