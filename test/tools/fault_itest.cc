// s3copy under injected faults (issue 6): through test/support/fault_proxy.py it must still copy
// everything exactly, slow down when S3 says so, and name what it could not copy.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "plan/plan_file.h"
#include "test/support/fault_proxy.h"
#include "test/support/independent_client.h"
#include "test/support/s3copy_runner.h"
#include "test/support/temp_dir.h"
#include "test/support/test_server.h"

namespace s3copy::test {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr int kSmallObjects = 2000;
constexpr int kSeed = 20260601;
// Far beyond any of these runs' normal length (20 s at most on a busy machine): past it, s3copy
// is taken to hang, and killed.
constexpr std::chrono::seconds kDeadline{90};

// A fresh bucket whose objects over 1 MiB are deleted when the test is done: these tests write
// hundreds of MiB, and the test server's in-memory store is shared and bounded. (Deleting the
// thousands of small objects too would take longer than the rest of the test.)
class ScopedBucket {
 public:
  explicit ScopedBucket(const std::string& stem) : name_(unique_bucket_name(stem)) {
    create_bucket(name_);
  }
  ~ScopedBucket() {
    std::string objects;
    for (const auto& [key, size_and_etag] : listing(name_)) {
      if (std::stoull(size_and_etag) <= kMiB) continue;
      objects += (objects.empty() ? "" : ",") + std::string("{\"Key\":\"") + key + "\"}";
    }
    if (objects.empty()) return;
    const CommandResult deleted = aws(1, {"s3api", "delete-objects", "--bucket", name_, "--delete",
                                          "{\"Objects\":[" + objects + "],\"Quiet\":true}"});
    if (deleted.exit_code != 0) std::cerr << "cannot clean up " << name_ << ": " << deleted.err;
  }
  ScopedBucket(const ScopedBucket&) = delete;
  ScopedBucket& operator=(const ScopedBucket&) = delete;

  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// Uploads key -> body with one aws-cli process (a process per object would take seconds each).
void upload_objects(const std::string& bucket, const std::map<std::string, std::string>& objects) {
  TempDir dir("s3copy-fault-upload");
  for (const auto& [key, body] : objects) dir.write(key, body);
  aws_ok(1, {"s3", "cp", "--quiet", "--recursive", dir.path().string(), "s3://" + bucket + "/"});
}

// `count` objects small/obj-0000... of different sizes and bytes: a mix-up of two keys' contents
// would show in the byte comparison.
void upload_small_objects(const std::string& bucket, int count) {
  std::map<std::string, std::string> objects;
  for (int i = 0; i < count; ++i) {
    char key[32];
    std::snprintf(key, sizeof key, "small/obj-%04d", i);
    for (int line = 0; line <= i % 37; ++line) {
      objects[key] += std::string(key) + " line " + std::to_string(line) + "\n";
    }
  }
  upload_objects(bucket, objects);
}

// Content headers and metadata for the multipart sources: a multipart copy must restate them, from
// a HEAD of the source that faults may cut short.
std::vector<std::string> attributes_for(const std::string& key) {
  return {"ContentType=application/x-fault-test", "CacheControl=no-cache",
          "Metadata.origin=" + key};
}

void put_multipart(const std::string& bucket, const std::string& key, std::uint64_t size,
                   std::uint64_t part_size) {
  std::vector<std::string> args{"put-multipart",           bucket, hex(key), std::to_string(size),
                                std::to_string(part_size), key};
  for (const std::string& attribute : attributes_for(key)) args.push_back(attribute);
  probe_ok(1, args);
}

// `count` multipart objects PREFIXobject-0, -1, ... of `size` bytes in `part_size` parts.
void put_multiparts(const std::string& bucket, const std::string& prefix, int count,
                    std::uint64_t size, std::uint64_t part_size) {
  for (int i = 0; i < count; ++i) {
    put_multipart(bucket, prefix + "object-" + std::to_string(i), size, part_size);
  }
}

// Every FaultRates run copies the same source: 2,000 small objects, four multipart objects in 5
// and 8 MiB parts, and a simple object that --multipart-threshold 6MiB turns into a multipart copy.
class FaultRates : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    source_ = std::make_unique<ScopedBucket>("faultsrc");
    const std::string& bucket = source_->name();
    upload_small_objects(bucket, kSmallObjects);
    struct Multipart {
      const char* key;
      std::uint64_t size;
      std::uint64_t part_size;
    };
    for (const Multipart& object : {Multipart{"multipart/uniform", 15 * kMiB, 5 * kMiB},
                                    Multipart{"multipart/short-last", 12 * kMiB + 7, 5 * kMiB},
                                    Multipart{"multipart/two-parts", 6 * kMiB + 1, 5 * kMiB},
                                    Multipart{"multipart/eight-mib", 17 * kMiB, 8 * kMiB}}) {
      put_multipart(bucket, object.key, object.size, object.part_size);
    }
    probe_ok(1, {"put", bucket, hex("big/simple"), std::to_string(12 * kMiB + 3), "simple"});
  }
  static void TearDownTestSuite() { source_.reset(); }

  static const std::string& source() { return source_->name(); }

 private:
  static inline std::unique_ptr<ScopedBucket> source_;
};

constexpr const char* kSimpleCopiedInParts = "big/simple";

// fault_proxy.py's fault kinds as its log names them; error200 is logged by whether the request
// reached the server before the <Error> answer.
const std::vector<std::string> kEveryFault = {"500",
                                              "slowdown",
                                              "error200-forwarded",
                                              "error200-not-forwarded",
                                              "reset-before",
                                              "reset-mid",
                                              "bad-xml",
                                              "delay"};

// --rate options spreading `total` over every kind (error200 and bad-xml apply to the requests
// that can carry them only).
std::vector<std::string> rates_totalling(double total) {
  const std::vector<std::pair<std::string, double>> shares = {
      {"500", 0.20},       {"slowdown", 0.10}, {"error200", 0.20}, {"reset-before", 0.15},
      {"reset-mid", 0.15}, {"bad-xml", 0.15},  {"delay", 0.05}};
  std::vector<std::string> options;
  for (const auto& [kind, share] : shares) {
    options.push_back("--rate");
    options.push_back(kind + "=" + std::to_string(total * share));
  }
  return options;
}

std::string head_of(const std::string& bucket, const std::string& key) {
  return probe_ok(1, {"head", bucket, hex(key)});
}

std::string field_of(const std::string& head, const std::string& name) {
  const size_t at = head.find("\n" + name + "=");
  const size_t start = head.starts_with(name + "=") ? 0 : at;
  if (start == std::string::npos) return "";
  const size_t value = head.find('=', start) + 1;
  return head.substr(value, head.find('\n', value) - value);
}

// Every source object is at the destination with its size and ETag; the one simple object copied
// in parts has a multipart ETag instead, and carries the source's in its metadata.
void expect_same_listing(const std::string& source, const std::string& dest) {
  const auto source_objects = listing(source);
  auto dest_objects = listing(dest);
  ASSERT_EQ(dest_objects.size(), source_objects.size());
  for (const auto& [key, size_and_etag] : source_objects) {
    if (key == kSimpleCopiedInParts) continue;
    EXPECT_EQ(dest_objects[key], size_and_etag) << key;
  }
  const std::string source_head = head_of(source, kSimpleCopiedInParts);
  const std::string dest_head = head_of(dest, kSimpleCopiedInParts);
  EXPECT_EQ(field_of(dest_head, "ContentLength"), field_of(source_head, "ContentLength"));
  EXPECT_EQ(field_of(dest_head, "meta.s3copy-source-etag"), field_of(source_head, "ETag"))
      << dest_head;
}

// The run's duration from the summary on stderr ("... failed 0 in 6.5 s; ...").
std::string run_seconds(const CommandResult& run) {
  static const std::regex duration(" in ([0-9.]+) s;");
  std::smatch match;
  return std::regex_search(run.err, match, duration) ? match[1].str() : "?";
}

size_t occurrences(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

// What a copy keeps of an object, as the independent client's HEAD shows it: everything but the
// ETag (compared with the listing) and the source ETag s3copy records on multipart copies.
std::string kept_attributes(const std::string& head) {
  std::istringstream lines(head);
  std::string kept;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("ETag=") || line.starts_with("meta.s3copy-source-etag=")) continue;
    kept += line + "\n";
  }
  return kept;
}

// Returns how many objects were compared.
int expect_same_attributes(const std::string& source, const std::string& dest,
                           const std::string& prefix) {
  int compared = 0;
  for (const std::string& key : keys_in(source, prefix)) {
    EXPECT_EQ(kept_attributes(head_of(dest, key)), kept_attributes(head_of(source, key))) << key;
    ++compared;
  }
  return compared;
}

struct Comparison {
  int objects = 0;
  std::uint64_t bytes = 0;
};

// Downloads the same sample of both buckets with aws-cli (every multipart and big object and every
// hundredth small one) and compares them byte for byte.
Comparison compare_sample(const std::string& source, const std::string& dest) {
  const std::vector<std::string> sample = {"--exclude", "*",     "--include", "multipart/*",
                                           "--include", "big/*", "--include", "small/obj-??00"};
  TempDir source_copy("s3copy-fault-src"), dest_copy("s3copy-fault-dst");
  for (const auto& [bucket, dir] : {std::pair{source, &source_copy}, {dest, &dest_copy}}) {
    std::vector<std::string> args{
        "s3", "cp", "--quiet", "--recursive", "s3://" + bucket + "/", dir->path().string()};
    args.insert(args.end(), sample.begin(), sample.end());
    aws_ok(1, args);
  }
  Comparison compared;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source_copy.path())) {
    if (!entry.is_regular_file()) continue;
    const auto relative = std::filesystem::relative(entry.path(), source_copy.path());
    const std::string original = read_file(entry.path());
    const std::string copy = read_file(dest_copy.path() / relative);
    EXPECT_EQ(copy.size(), original.size()) << relative;
    EXPECT_TRUE(copy == original) << relative << ": the copy's bytes differ from the source's";
    ++compared.objects;
    compared.bytes += original.size();
  }
  return compared;
}

// Failures the proxy answered (injected or the server's own) that s3copy had to see: every one of
// them is a retry, except the resets that libcurl resent by itself on a reused connection.
int failed_answers(const std::vector<ProxyRequest>& requests) {
  return static_cast<int>(std::ranges::count_if(requests, [](const ProxyRequest& request) {
    return request.fault != "-" || request.status >= 500 || request.status == 0;
  }));
}

// "METHOD fault" -> count of the failed answers, to tell which ones a miscount missed.
std::map<std::string, int> failures_by_method(const std::vector<ProxyRequest>& requests) {
  std::map<std::string, int> failures;
  for (const ProxyRequest& request : requests) {
    if (request.fault != "-") ++failures[request.method + " " + request.fault];
  }
  return failures;
}

std::string describe(const std::map<std::string, int>& counts) {
  std::string text;
  for (const auto& [fault, count] : counts) {
    text += (text.empty() ? "" : ", ") + fault + "=" + std::to_string(count);
  }
  return text;
}

void copy_through_faults(const std::string& source, double total_rate) {
  const ScopedBucket dest_bucket("faultdst");
  const std::string& dest = dest_bucket.name();
  std::vector<std::string> proxy_options{"--seed", std::to_string(kSeed), "--delay-seconds", "4"};
  for (const std::string& rate : rates_totalling(total_rate)) proxy_options.push_back(rate);
  FaultProxy proxy(proxy_options);

  const CommandResult run =
      run_s3copy_with_deadline(kDeadline, proxy.endpoint(),
                               {"s3://" + source, "s3://" + dest, "--json", "--timeout", "2",
                                "--multipart-threshold", "6MiB", "--part-size", "5MiB"});
  EXPECT_EQ(proxy.errors(), "") << "the proxy's own errors";
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto counts = json_counts(run);
  EXPECT_EQ(counts["copied"], kSmallObjects + 5);
  expect_same_listing(source, dest);
  const Comparison compared = compare_sample(source, dest);
  EXPECT_EQ(compared.objects, 5 + kSmallObjects / 100);
  const int attributes_compared = expect_same_attributes(source, dest, "multipart/") +
                                  expect_same_attributes(source, dest, "big/");

  const std::vector<ProxyRequest> requests = proxy.requests();
  const std::map<std::string, int> faults = proxy.fault_counts();
  for (const std::string& kind : kEveryFault) {
    EXPECT_GT(faults.count(kind) ? faults.at(kind) : 0, 0) << kind << " was never injected";
  }
  const int resent_by_libcurl = static_cast<int>(requests.size()) - counts["requests"];
  EXPECT_GT(counts["retries"], 0);
  EXPECT_EQ(counts["retries"], failed_answers(requests) - resent_by_libcurl)
      << "every failed answer is one retry in the summary; failed answers: "
      << describe(failures_by_method(requests));
  std::cout << "[fault rate " << total_rate * 100 << "%] requests at the proxy " << requests.size()
            << ", faults injected: " << describe(faults) << "; s3copy: requests "
            << counts["requests"] << ", retries " << counts["retries"] << ", slow_downs "
            << counts["slow_downs"] << ", " << counts["copied"] << " objects copied in "
            << run_seconds(run) << " s; verified " << counts["copied"] << " listings, "
            << compared.objects << " objects (" << compared.bytes
            << " bytes) compared byte for byte, " << attributes_compared
            << " objects' metadata compared; uploads left at the destination: "
            << std::ranges::count(probe_ok(1, {"uploads", dest}), '\n') << std::endl;
  std::cout << "[fault rate " << total_rate * 100
            << "%] faults by method: " << describe(failures_by_method(requests)) << std::endl;
}

TEST_F(FaultRates, FivePercentOfRequestsFailAndTheCopyIsStillExact) {
  copy_through_faults(source(), 0.05);
}

TEST_F(FaultRates, TwentyPercentOfRequestsFailAndTheCopyIsStillExact) {
  copy_through_faults(source(), 0.20);
}

// --- a burst of SlowDown ----------------------------------------------------------------------

// Unix seconds of a log line's "2026-01-02T03:04:05.678Z" timestamp.
double log_time(const std::string& line) {
  std::tm utc{};
  int millis = 0;
  if (std::sscanf(line.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &utc.tm_year, &utc.tm_mon, &utc.tm_mday,
                  &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &millis) != 7) {
    return 0;
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return static_cast<double>(timegm(&utc)) + millis / 1000.0;
}

struct ConcurrencyChange {
  double time = 0;
  int limit = 0;
};

// s3copy's allowed concurrency over time, from its log: "...lowered from A to B" (WARNING) and
// "allowed concurrency raised to N" (DEBUG).
std::vector<ConcurrencyChange> concurrency_changes(const std::string& log) {
  static const std::regex change("allowed concurrency (lowered from [0-9]+ to|raised to) ([0-9]+)");
  std::vector<ConcurrencyChange> changes;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, change)) {
      changes.push_back({log_time(line), std::stoi(match[2].str())});
    }
  }
  return changes;
}

int limit_at(const std::vector<ConcurrencyChange>& changes, double time, int initial) {
  int limit = initial;
  for (const ConcurrencyChange& change : changes) {
    if (change.time <= time) limit = change.limit;
  }
  return limit;
}

TEST(FaultSlowDownBurst, RequestRateDropsDuringTheBurstAndRecoversAfterIt) {
  constexpr int kObjects = 3000;
  constexpr int kThreads = 64;
  constexpr double kBurstStart = 1.0, kBurstLength = 2.0;  // seconds after the first request
  const ScopedBucket source_bucket("burstsrc");
  const std::string& source = source_bucket.name();
  probe_ok(1, {"fill", source, "burst/", std::to_string(kObjects)});
  const ScopedBucket dest_bucket("burstdst");
  const std::string& dest = dest_bucket.name();
  FaultProxy proxy({"--burst", std::to_string(kBurstStart) + ":" + std::to_string(kBurstLength)});
  TempDir logs("s3copy-fault-burst");
  const std::string log_file = (logs.path() / "s3copy.log").string();

  const CommandResult run =
      run_s3copy_with_deadline(kDeadline, proxy.endpoint(),
                               {"s3://" + source, "s3://" + dest, "--json", "-t",
                                std::to_string(kThreads), "-l", "DEBUG", "-L", log_file});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_counts(run)["copied"], kObjects);
  EXPECT_EQ(listing(dest).size(), static_cast<size_t>(kObjects));
  const std::string log = read_file(log_file);
  EXPECT_NE(log.find("allowed concurrency lowered"), std::string::npos);

  const std::vector<ProxyRequest> requests = proxy.requests();
  ASSERT_FALSE(requests.empty());
  double first = requests.front().arrived, last = first;
  for (const ProxyRequest& request : requests) {
    first = std::min(first, request.arrived);
    last = std::max(last, request.arrived);
  }
  const double burst_start = first + kBurstStart, burst_end = burst_start + kBurstLength;
  ASSERT_GT(last, burst_end + 1) << "the copy ended before the burst was over: nothing to measure";
  // The first quarter second of the burst still sees the requests sent at full concurrency.
  const double before = request_rate(requests, first + 0.2, burst_start);
  const double during = request_rate(requests, burst_start + 0.25, burst_end);
  const double during_and_next_second = request_rate(requests, burst_start, burst_end + 1);
  const double after = request_rate(requests, burst_end, std::min(last, burst_end + 2));
  const auto changes = concurrency_changes(log);
  int lowest = kThreads;
  for (const ConcurrencyChange& change : changes) lowest = std::min(lowest, change.limit);
  std::cout << "[SlowDown burst " << kBurstLength << " s] requests/s before " << before
            << ", during " << during << ", during and the second after " << during_and_next_second
            << ", in the 2 s after " << after << "; allowed concurrency: " << kThreads
            << " before, " << lowest << " lowest, " << limit_at(changes, burst_end, kThreads)
            << " at the burst's end, " << limit_at(changes, burst_end + 1, kThreads)
            << " a second later, " << limit_at(changes, last, kThreads) << " at the end; "
            << json_counts(run)["slow_downs"] << " SlowDown answers, run " << run_seconds(run)
            << " s" << std::endl;
  EXPECT_LT(during, 0.5 * before) << "s3copy did not slow down";
  EXPECT_LT(during_and_next_second, before);
  EXPECT_GT(after, 2 * during) << "s3copy did not speed up again";
  EXPECT_LT(lowest, kThreads / 4);
}

// --- a server that gives whole copies a new ETag (AWS) ------------------------------------------

// radosgw keeps a multipart source's ETag on CopyObject; the proxy makes its answers look like
// AWS's (a plain MD5). The trial copy must then be made again in parts, and so must every other
// multipart source, which waited for the trial instead of being copied whole.
TEST(FaultPlainCopyEtags, AServerThatChangesTheEtagGetsEveryMultipartSourceInParts) {
  const ScopedBucket source_bucket("plainsrc");
  const std::string& source = source_bucket.name();
  const ScopedBucket dest_bucket("plaindst");
  const std::string& dest = dest_bucket.name();
  constexpr int kObjects = 3;
  put_multiparts(source, "plain/", kObjects, 12 * kMiB, 5 * kMiB);
  FaultProxy proxy({"--plain-copy-etags"});
  const CommandResult run = run_s3copy_with_deadline(kDeadline, proxy.endpoint(),
                                                     {"s3://" + source, "s3://" + dest, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err << proxy.errors();
  std::map<std::string, std::int64_t> counts = json_counts(run);
  EXPECT_EQ(counts["copied"], kObjects);
  EXPECT_EQ(counts["parts_copied"], 3 * kObjects);  // 12 MiB in 5 MiB parts: 3 each
  // Only the trial was a CopyObject, and its answer was the one made to look like AWS's.
  EXPECT_EQ(proxy.fault_counts()["plain-etag"], 1);
  EXPECT_EQ(listing(dest), listing(source));  // keys, sizes and ETags
}

// --- answers cut off inside their headers --------------------------------------------------------

// A connection lost in the middle of a HEAD answer's headers must be retried like any other lost
// connection, never taken for an object without ETag, size or metadata.
TEST(FaultCutHeaders, HeadAnswersCutShortAreRetriedNotBelieved) {
  const ScopedBucket source_bucket("cutsrc");
  const std::string& source = source_bucket.name();
  const ScopedBucket dest_bucket("cutdst");
  const std::string& dest = dest_bucket.name();
  constexpr int kObjects = 8;
  put_multiparts(source, "cut/", kObjects, 5 * kMiB + 1, 5 * kMiB);
  FaultProxy proxy({"--seed", std::to_string(kSeed), "--rate", "reset-mid=0.3", "--target-regex",
                    "^HEAD [^?]*/cut/"});
  // In parts, which begin with a HEAD of the source (whole copies of them would not).
  const CommandResult run = run_s3copy_with_deadline(
      kDeadline, proxy.endpoint(),
      {"s3://" + source, "s3://" + dest, "--json", "--multipart-threshold", "5MiB"});
  const int cut = proxy.fault_counts()["reset-mid"];
  std::cout << "[cut headers] " << cut << " of "
            << std::ranges::count(proxy.requests(), std::string("HEAD"), &ProxyRequest::method)
            << " HEAD answers cut; s3copy exit " << run.exit_code << ", retries "
            << json_counts(run)["retries"] << std::endl;
  ASSERT_GT(cut, 0) << "nothing was cut: the test tests nothing";
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_counts(run)["copied"], kObjects);
  EXPECT_EQ(listing(dest), listing(source));
  EXPECT_EQ(expect_same_attributes(source, dest, "cut/"), kObjects);
}

// --- faults that outlast the retries ----------------------------------------------------------

TEST(FaultPersistent, ObjectsThatKeepFailingAreNamedAndTheirFailedPlanFinishesThem) {
  const ScopedBucket source_bucket("persistsrc");
  const std::string& source = source_bucket.name();
  const ScopedBucket dest_bucket("persistdst");
  const std::string& dest = dest_bucket.name();
  constexpr int kGood = 30, kDoomedSmall = 4;
  std::map<std::string, std::string> objects;
  for (int i = 0; i < kGood; ++i) {
    objects["persist/ok-" + std::to_string(i)] = "fine " + std::to_string(i);
  }
  std::vector<std::string> doomed;
  for (int i = 0; i < kDoomedSmall; ++i) {
    doomed.push_back("persist/doomed-small-" + std::to_string(i));
    objects[doomed.back()] = "doomed " + std::to_string(i);
  }
  upload_objects(source, objects);
  doomed.push_back("persist/doomed-big");
  probe_ok(1, {"put", source, hex(doomed.back()), std::to_string(12 * kMiB), "doomed"});
  // Every request for a small doomed object, and the big one's CreateMultipartUpload. (A part
  // failing while others are in flight is FaultPartsInFlight's case.)
  FaultProxy proxy(
      {"--fail-key-regex", "^/[^?]*/doomed-small-[0-9]+$|^/[^?]*/doomed-big\\?uploads"});
  const std::vector<std::string> options{"--json", "--retries",   "2",   "--multipart-threshold",
                                         "6MiB",   "--part-size", "5MiB"};
  std::vector<std::string> args{"s3://" + source, "s3://" + dest};
  args.insert(args.end(), options.begin(), options.end());

  TempDir dir("s3copy-failed-plan");
  const std::string failed_plan = (dir.path() / "failed.plan").string();
  std::vector<std::string> faulty_args = args;
  faulty_args.insert(faulty_args.end(), {"--failed-plan", failed_plan});
  const CommandResult faulty = run_s3copy_with_deadline(kDeadline, proxy.endpoint(), faulty_args);
  EXPECT_EQ(faulty.exit_code, 1) << faulty.err;
  EXPECT_EQ(json_counts(faulty)["copied"], kGood);
  EXPECT_EQ(json_counts(faulty)["failed"], static_cast<std::int64_t>(doomed.size()));
  for (const std::string& key : doomed) {
    EXPECT_NE(faulty.err.find("s3copy: FAILED s3://" + source + "/" + key + ": "),
              std::string::npos)
        << key << " is not named in:\n"
        << faulty.err;
  }
  EXPECT_EQ(occurrences(faulty.err, "s3copy: FAILED "), doomed.size()) << faulty.err;
  EXPECT_EQ(keys_in(dest).size(), static_cast<size_t>(kGood));
  EXPECT_EQ(probe_ok(1, {"uploads", dest}), "");
  std::cout << "[persistent faults] " << proxy.fault_counts()["fail-key"]
            << " requests refused; s3copy: " << json_counts(faulty)["retries"] << " retries, "
            << doomed.size() << " objects named as failed" << std::endl;

  // The failed plan holds exactly the failed objects, and applying it (no listing, no proxy)
  // copies them; a full run afterwards finds nothing left to do.
  std::set<std::string> planned;
  plan::PlanFile plan(failed_plan, "failed.plan");
  while (const std::optional<plan::Action> line = plan.next()) planned.insert(line->source.key);
  EXPECT_EQ(planned, std::set<std::string>(doomed.begin(), doomed.end()));
  const CommandResult applied = run_s3copy({"--apply-plan", failed_plan, "--json"});
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(json_counts(applied)["copied"], static_cast<std::int64_t>(doomed.size()));
  const CommandResult rerun = run_s3copy(args);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(json_counts(rerun)["copied"], 0);
  EXPECT_EQ(json_counts(rerun)["skipped"], static_cast<std::int64_t>(objects.size() + 1));
  EXPECT_EQ(keys_in(dest), keys_in(source));
}

// A multipart copy whose part 2 keeps failing while parts 1 and 3 are still being copied: the run
// must end (exit 1, the object named) and its upload must be aborted only once no part is in
// flight any more. AWS: "If any part uploads are currently in progress, those part uploads might or
// might not succeed", and a part that succeeds after the abort keeps costing storage.
TEST(FaultPartsInFlight, APartThatKeepsFailingEndsTheCopyOnceTheOtherPartsAreBack) {
  constexpr double kSlowParts = 2.0;  // seconds parts 1 and 3 are answered late
  const ScopedBucket source_bucket("inflightsrc");
  const std::string& source = source_bucket.name();
  const ScopedBucket dest_bucket("inflightdst");
  const std::string& dest = dest_bucket.name();
  probe_ok(1, {"put", source, hex("inflight/big"), std::to_string(15 * kMiB), "in flight"});
  FaultProxy proxy({"--fail-key-regex", "^/[^?]*/inflight/big\\?.*partNumber=2(&|$)", "--rate",
                    "delay=1", "--target-regex", "^PUT [^?]*/inflight/big\\?.*partNumber=[13](&|$)",
                    "--delay-seconds", std::to_string(kSlowParts)});
  const std::vector<std::string> args{
      "s3://" + source,        "s3://" + dest, "--json",      "--retries", "2",
      "--multipart-threshold", "6MiB",         "--part-size", "5MiB"};

  const CommandResult faulty =
      run_s3copy_with_deadline(std::chrono::seconds(30), proxy.endpoint(), args);
  EXPECT_NE(faulty.exit_code, kKilledAtDeadline) << "s3copy hung after the failure:\n"
                                                 << faulty.err;
  EXPECT_EQ(faulty.exit_code, 1) << faulty.err;
  EXPECT_NE(faulty.err.find("s3copy: FAILED s3://" + source + "/inflight/big: part 2: "),
            std::string::npos)
      << faulty.err;
  EXPECT_EQ(probe_ok(1, {"uploads", dest}), "");
  double parts_answered = 0, aborted = 0;
  for (const ProxyRequest& request : proxy.requests()) {
    if (request.fault == "delay")
      parts_answered = std::max(parts_answered, request.arrived + kSlowParts);
    if (request.method == "DELETE") aborted = request.arrived;
  }
  EXPECT_GT(aborted, 0) << "the upload was never aborted";
  EXPECT_GE(aborted, parts_answered) << "the upload was aborted " << parts_answered - aborted
                                     << " s before its last part in flight was answered";

  const CommandResult rerun = run_s3copy(args);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(json_counts(rerun)["copied"], 1);
}

}  // namespace
}  // namespace s3copy::test
