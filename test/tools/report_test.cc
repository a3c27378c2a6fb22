// Tests for tools/report.h: byte sizes for people, the live progress line, the closing summary in
// each situation, and the --json summary (parsed back to check its shape and escaping).
#include "tools/report.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace s3copy::tools {
namespace {

constexpr std::uint64_t kKiB = 1ull << 10;
constexpr std::uint64_t kMiB = 1ull << 20;
constexpr std::uint64_t kGiB = 1ull << 30;

// A strict reader for the flat JSON object summary_json writes: string keys; string, number,
// true/false/null values. Values come back as their text (strings unescaped). nullopt when the
// text is not exactly one such object followed by a newline.
class FlatJsonReader {
 public:
  explicit FlatJsonReader(std::string_view text) : text_(text) {}

  std::optional<std::map<std::string, std::string>> read() {
    std::map<std::string, std::string> fields;
    if (!consume('{')) return std::nullopt;
    if (consume('}')) return finish(fields);
    do {
      std::optional<std::string> key = string();
      if (!key || !consume(':')) return std::nullopt;
      std::optional<std::string> value = peek() == '"' ? string() : scalar();
      if (!value || fields.count(*key)) return std::nullopt;  // duplicate keys are an error here
      fields[*key] = *value;
    } while (consume(','));
    if (!consume('}')) return std::nullopt;
    return finish(fields);
  }

 private:
  std::optional<std::map<std::string, std::string>> finish(
      const std::map<std::string, std::string>& fields) {
    return text_.substr(at_) == "\n" ? std::optional(fields) : std::nullopt;
  }

  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }

  bool consume(char expected) {
    if (peek() != expected) return false;
    ++at_;
    return true;
  }

  std::optional<std::string> string() {
    if (!consume('"')) return std::nullopt;
    std::string out;
    while (at_ < text_.size()) {
      const char c = text_[at_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;  // must be escaped
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_ >= text_.size()) return std::nullopt;
      const char escaped = text_[at_++];
      switch (escaped) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          if (at_ + 4 > text_.size()) return std::nullopt;
          unsigned value = 0;
          for (int i = 0; i < 4; ++i) {
            const char h = text_[at_++];
            if (!std::isxdigit(static_cast<unsigned char>(h))) return std::nullopt;
            value = value * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h))
                                                           ? h - '0'
                                                           : std::tolower(h) - 'a' + 10);
          }
          if (value >= 0x80) return std::nullopt;  // summary_json only escapes ASCII controls
          out += static_cast<char>(value);
          break;
        }
        default:
          return std::nullopt;
      }
    }
    return std::nullopt;
  }

  // A number (JSON grammar) or true/false/null.
  std::optional<std::string> scalar() {
    for (const std::string_view word : {"true", "false", "null"}) {
      if (text_.substr(at_).starts_with(word)) {
        at_ += word.size();
        return std::string(word);
      }
    }
    const size_t start = at_;
    consume('-');
    if (!std::isdigit(static_cast<unsigned char>(peek()))) return std::nullopt;
    if (!consume('0')) {
      while (std::isdigit(static_cast<unsigned char>(peek()))) ++at_;
    }
    if (consume('.')) {
      if (!std::isdigit(static_cast<unsigned char>(peek()))) return std::nullopt;
      while (std::isdigit(static_cast<unsigned char>(peek()))) ++at_;
    }
    return std::string(text_.substr(start, at_ - start));
  }

  std::string_view text_;
  size_t at_ = 0;
};

std::map<std::string, std::string> parsed_json(const std::string& json) {
  std::optional<std::map<std::string, std::string>> fields = FlatJsonReader(json).read();
  EXPECT_TRUE(fields.has_value()) << "not a flat JSON object and newline: " << json;
  return fields.value_or(std::map<std::string, std::string>{});
}

stages::RunResult finished_run() {
  stages::RunResult result;
  result.status = stages::RunStatus::kOk;
  stages::ObjectCounts& o = result.summary.objects;
  o.listed = 5;
  o.copied = 3;
  o.skipped = 2;
  o.failed = 0;
  o.bytes_listed = 1536 + 512;
  o.bytes_copied = 1536;
  o.bytes_skipped = 512;
  o.listing_done = true;
  result.summary.requests = 10;
  result.summary.retries = 1;
  result.summary.slow_downs = 0;
  result.summary.seconds = 2.5;
  return result;
}

TEST(HumanBytesTest, BytesBelowOneKibAreExact) {
  EXPECT_EQ(human_bytes(0), "0 B");
  EXPECT_EQ(human_bytes(512), "512 B");
  EXPECT_EQ(human_bytes(1023), "1023 B");
}

TEST(HumanBytesTest, LargerSizesUseBinaryUnitsWithOneDecimal) {
  EXPECT_EQ(human_bytes(kKiB), "1.0 KiB");
  EXPECT_EQ(human_bytes(1536), "1.5 KiB");
  EXPECT_EQ(human_bytes(64 * kMiB), "64.0 MiB");
  EXPECT_EQ(human_bytes(kGiB + kGiB / 2), "1.5 GiB");
  EXPECT_EQ(human_bytes(5ull << 40), "5.0 TiB");
  EXPECT_EQ(human_bytes(3ull << 50), "3.0 PiB");
}

TEST(HumanBytesTest, PibIsTheLargestUnit) {
  EXPECT_EQ(human_bytes(1ull << 60), "1024.0 PiB");
  EXPECT_EQ(human_bytes(UINT64_MAX), "16384.0 PiB");
}

TEST(ProgressLineTest, ShowsCountsRateRetriesAndTime) {
  stages::RunSummary summary;
  summary.objects.copied = 120;
  summary.objects.bytes_copied = 1288490189;  // 1.2 GiB
  summary.objects.skipped = 30;
  summary.objects.failed = 0;
  summary.objects.listed = 150;
  summary.objects.listing_done = true;
  summary.retries = 2;
  summary.seconds = 30;  // 42,949,672 bytes a second: 41.0 MiB/s
  EXPECT_EQ(progress_line(summary),
            "copied 120 (1.2 GiB) skipped 30 failed 0 of 150 listed | 5.0 objects/s 41.0 MiB/s | "
            "retries 2 | 30 s");
}

TEST(ProgressLineTest, MarksAnUnfinishedListingAndAnUnknownRate) {
  stages::RunSummary summary;
  summary.objects.listed = 7;
  summary.objects.failed = 1;
  summary.objects.listing_done = false;
  summary.seconds = 0;
  EXPECT_EQ(progress_line(summary),
            "copied 0 (0 B) skipped 0 failed 1 of 7+ listed | - objects/s - | retries 0 | 0 s");
}

TEST(ProgressLineTest, EstimatesTheRemainingTimeOnceListingIsDone) {
  stages::RunSummary summary;
  summary.objects.listed = 10;
  summary.objects.copied = 4;
  summary.objects.bytes_listed = 4 * kGiB;
  summary.objects.bytes_copied = kGiB;
  summary.objects.bytes_skipped = kGiB;
  summary.objects.listing_done = true;
  summary.seconds = 10;  // 1 GiB in 10 s; 2 GiB left: 20 s
  EXPECT_EQ(progress_line(summary),
            "copied 4 (1.0 GiB) skipped 0 failed 0 of 10 listed | 0.4 objects/s 102.4 MiB/s | "
            "retries 0 | 10 s | ETA 20 s");
  summary.objects.listing_done = false;  // the total is not known yet
  EXPECT_EQ(progress_line(summary).find("ETA"), std::string::npos);
}

TEST(StatusLineTest, SaysDoneOfTotalRatesAndEtaInPlainText) {
  stages::RunSummary summary;
  summary.objects.listed = 10;
  summary.objects.copied = 4;
  summary.objects.skipped = 1;
  summary.objects.failed = 1;
  summary.objects.bytes_listed = 4 * kGiB;
  summary.objects.bytes_copied = kGiB;
  summary.objects.bytes_skipped = kGiB;
  summary.objects.listing_done = true;
  summary.retries = 3;
  summary.seconds = 10;
  EXPECT_EQ(status_line(summary),
            "status: objects 6/10 done (copied 4, skipped 1), failed 1, bytes 2.0 GiB/4.0 GiB, "
            "0.6 objects/s, 102.4 MiB/s, retries 3, 10 s, ETA 20 s");
}

TEST(StatusLineTest, MarksTotalsNotKnownYetAndHasNoEtaThen) {
  stages::RunSummary summary;
  summary.objects.listed = 7;
  summary.objects.bytes_listed = 700;
  summary.seconds = 0;
  EXPECT_EQ(status_line(summary),
            "status: objects 0/7+ done (copied 0, skipped 0), failed 0, bytes 0 B/700 B+, "
            "- objects/s, -, retries 0, 0 s");
}

TEST(SummaryTextTest, NormalRun) {
  EXPECT_EQ(summary_text(finished_run(), false),
            "s3copy: copied 3 objects (1.5 KiB), skipped 2 up to date (512 B), failed 0 in 2.5 s; "
            "10 requests, 1 retries\n");
}

TEST(SummaryTextTest, DryRunSaysWhatWouldHappenAndThatNothingChanged) {
  stages::RunResult result = finished_run();
  result.summary.objects.copied = 0;
  result.summary.objects.bytes_copied = 0;
  result.summary.objects.planned = 4;
  result.summary.objects.bytes_planned = 2 * kMiB;
  result.summary.objects.skipped = 1;
  EXPECT_EQ(summary_text(result, true),
            "s3copy: dry run: would copy 4 objects (2.0 MiB), would skip 1 up to date; nothing "
            "was changed\n");
}

TEST(SummaryTextTest, FailuresSayHowManyAndWhatToDo) {
  stages::RunResult result = finished_run();
  result.status = stages::RunStatus::kSomeFailed;
  result.summary.objects.copied = 1;
  result.summary.objects.failed = 2;
  const std::string text = summary_text(result, false);
  const std::string first_line =
      "s3copy: copied 1 objects (1.5 KiB), skipped 2 up to date (512 B), failed 2 in 2.5 s; "
      "10 requests, 1 retries\n";
  ASSERT_TRUE(text.starts_with(first_line)) << text;
  const std::string advice = text.substr(first_line.size());
  EXPECT_TRUE(advice.starts_with("s3copy: 2 objects failed")) << advice;
  EXPECT_TRUE(advice.ends_with("run the same command again to finish the job\n")) << advice;
  EXPECT_EQ(std::count(advice.begin(), advice.end(), '\n'), 1) << advice;
}

TEST(SummaryTextTest, NoAdviceWithoutFailures) {
  EXPECT_EQ(summary_text(finished_run(), false).find("failed ("), std::string::npos);
  EXPECT_EQ(summary_text(finished_run(), false).find("run the same command"), std::string::npos);
}

TEST(SummaryTextTest, AnErrorIsTheLastLine) {
  stages::RunResult result;
  result.status = stages::RunStatus::kCouldNotStart;
  result.error = "cannot list s3://source: AccessDenied";
  const std::string text = summary_text(result, false);
  EXPECT_TRUE(text.starts_with("s3copy: copied 0 objects (0 B)")) << text;
  EXPECT_TRUE(text.ends_with("\ns3copy: cannot list s3://source: AccessDenied\n")) << text;
}

TEST(SummaryJsonTest, IsOneFlatObjectWithEveryCounter) {
  stages::RunResult result = finished_run();
  result.summary.objects.planned = 0;
  result.summary.slow_downs = 4;
  result.summary.objects.parts_copied = 7;
  result.summary.objects.parts_reused = 3;
  const std::string json = summary_json(result, false);
  const std::map<std::string, std::string> fields = parsed_json(json);
  const std::map<std::string, std::string> expected = {
      {"status", "ok"},         {"dry_run", "false"},     {"listed", "5"},
      {"copied", "3"},          {"skipped", "2"},         {"failed", "0"},
      {"planned", "0"},         {"bytes_listed", "2048"}, {"bytes_copied", "1536"},
      {"bytes_skipped", "512"}, {"bytes_planned", "0"},   {"parts_copied", "7"},
      {"parts_reused", "3"},    {"requests", "10"},       {"retries", "1"},
      {"slow_downs", "4"},      {"seconds", "2.500"},     {"error", ""},
  };
  EXPECT_EQ(fields, expected) << json;
}

TEST(SummaryTextTest, CleanupSaysWhatWentWhatStayedAndWhatFailed) {
  stages::RunResult result = finished_run();
  result.summary.cleanup =
      stages::CleanupCounts{.files_deleted = 6,
                            .uploads_aborted = 1,
                            .files_kept = 4,
                            .problems = {"cannot delete s3://d/temp/k/0123456/parts/part-00001: "
                                         "AccessDenied"}};
  const std::string text = summary_text(result, false);
  EXPECT_TRUE(text.ends_with(
      "s3copy: cleanup deleted 6 temp files and aborted 1 abandoned uploads; kept 4 temp files "
      "of objects whose copy is not complete (a rerun uses them)\n"
      "s3copy: cleanup: cannot delete s3://d/temp/k/0123456/parts/part-00001: AccessDenied\n"))
      << text;
  result.summary.cleanup->files_kept = 0;
  result.summary.cleanup->problems.clear();
  EXPECT_TRUE(summary_text(result, true)
                  .ends_with("s3copy: cleanup would have deleted 6 temp files and would have "
                             "aborted 1 abandoned uploads\n"))
      << summary_text(result, true);
}

TEST(SummaryJsonTest, CleanupCountersAppearOnlyWithCleanup) {
  stages::RunResult result = finished_run();
  EXPECT_EQ(parsed_json(summary_json(result, false)).count("temp_files_deleted"), 0u);
  result.summary.cleanup = stages::CleanupCounts{.files_deleted = 6, .files_kept = 2};
  std::map<std::string, std::string> fields = parsed_json(summary_json(result, false));
  EXPECT_EQ(fields["temp_files_deleted"], "6");
  EXPECT_EQ(fields["uploads_aborted"], "0");
  EXPECT_EQ(fields["temp_files_kept"], "2");
}

TEST(SummaryJsonTest, StatusNamesAndDryRun) {
  stages::RunResult result = finished_run();
  result.status = stages::RunStatus::kSomeFailed;
  EXPECT_EQ(parsed_json(summary_json(result, true))["status"], "some_failed");
  EXPECT_EQ(parsed_json(summary_json(result, true))["dry_run"], "true");
  result.status = stages::RunStatus::kCouldNotStart;
  EXPECT_EQ(parsed_json(summary_json(result, false))["status"], "could_not_start");
}

TEST(SummaryJsonTest, EscapesQuotesBackslashesAndControlCharactersInTheError) {
  stages::RunResult result;
  result.status = stages::RunStatus::kCouldNotStart;
  result.error = std::string("bad \"key\" in C:\\keys.txt\nline\t2\x01 \x1f end");
  const std::string json = summary_json(result, false);
  EXPECT_NE(json.find(R"("error":"bad \"key\" in C:\\keys.txt\u000aline\u00092\u0001 \u001f end")"),
            std::string::npos)
      << json;
  EXPECT_EQ(json.find('\n'), json.size() - 1) << "only the final newline is raw";
  EXPECT_EQ(parsed_json(json)["error"], result.error);
}

TEST(SummaryJsonTest, KeepsUtf8InTheErrorReadable) {
  stages::RunResult result;
  result.error = "clé/日本語 missing";
  EXPECT_EQ(parsed_json(summary_json(result, false))["error"], "clé/日本語 missing");
}

TEST(SummaryJsonTest, KeepsRequestSignaturesOutOfTheError) {
  stages::RunResult result;
  result.status = stages::RunStatus::kCouldNotStart;
  result.error = "GET /?X-Amz-Signature=0123456789abcdef0123 failed: AccessDenied";
  for (const std::string& output : {summary_text(result, false), summary_json(result, false)}) {
    EXPECT_EQ(output.find("0123456789abcdef0123"), std::string::npos) << output;
    EXPECT_NE(output.find("Signature=***"), std::string::npos) << output;
    EXPECT_NE(output.find("failed: AccessDenied"), std::string::npos) << output;
  }
}

}  // namespace
}  // namespace s3copy::tools
