// The scale benchmark of `make bench`: the differ and the plan reader over synthetic sorted streams
// of millions of keys (more than the local S3 server can hold); prints keys/s and peak RSS as JSON.
//
// Usage: scale_bench differ KEYS
//        scale_bench plan KEYS [DIRECTORY]   (writes a KEYS-line plan there, reads it, removes it)
// One phase per process, so that each phase's peak resident memory is its own.
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "net/http_engine.h"
#include "net/s3_client.h"
#include "plan/action.h"
#include "plan/plan_file.h"
#include "plan/plan_line.h"
#include "stages/channel.h"
#include "stages/differ.h"
#include "stages/ledger.h"

namespace {

using s3copy::plan::Action;
using s3copy::plan::ObjectEntry;
using s3copy::stages::Channel;
using Clock = std::chrono::steady_clock;

// The same sizes the pipeline uses (stages/pipeline.cc: kListingBuffer, object_budget at -t 40), so
// the figures are the real pipeline's.
constexpr std::size_t kListingBuffer = 2000;
constexpr std::size_t kObjectBudget = 4 * 40 + 1000;

// Every hundredth key is missing at the destination, and another hundredth has another size there:
// 1 % new and 1 % changed, the rest the same object on both sides.
constexpr std::uint64_t kEvery = 100;
constexpr std::uint64_t kMissingAt = 1;
constexpr std::uint64_t kChangedAt = 2;
constexpr std::uint64_t kObjectSize = 1024;

// Fixed width, so that numeric order is key order, as listings must be.
std::string key_of(std::uint64_t index) {
  char key[64];
  std::snprintf(key, sizeof key, "bench/2026/11/object-%012llu.bin",
                static_cast<unsigned long long>(index));
  return key;
}

// 32 hex digits that differ per key: what a single-part ETag looks like.
std::string etag_of(std::uint64_t index) {
  char etag[40];
  std::snprintf(etag, sizeof etag, "%016llx%016llx", static_cast<unsigned long long>(index),
                static_cast<unsigned long long>(index * 0x9E3779B97F4A7C15ULL));
  return etag;
}

// VmHWM, the high-water mark of this program's own memory. Not getrusage's ru_maxrss: Linux starts
// that at the resident size of the process we were forked from (it keeps the old memory's peak at
// exec), which would report the bench's Python process instead of this program.
double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::stod(line.substr(6)) / 1024.0;  // in kB
  }
  throw std::runtime_error("no VmHWM in /proc/self/status");
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void print_result(const char* phase, std::uint64_t keys, double seconds, const std::string& extra) {
  std::printf(
      "{\"phase\": \"%s\", \"keys\": %llu, \"seconds\": %.3f, \"keys_per_second\": %.0f, "
      "\"peak_rss_mb\": %.1f%s}\n",
      phase, static_cast<unsigned long long>(keys), seconds, static_cast<double>(keys) / seconds,
      peak_rss_mb(), extra.c_str());
}

// --- differ
// ---------------------------------------------------------------------------------------

void list_source(std::uint64_t keys, Channel<ObjectEntry>& out) {
  for (std::uint64_t i = 0; i < keys; ++i) out.push({key_of(i), kObjectSize, etag_of(i)});
  out.close();
}

void list_destination(std::uint64_t keys, Channel<ObjectEntry>& out) {
  for (std::uint64_t i = 0; i < keys; ++i) {
    if (i % kEvery == kMissingAt) continue;
    const std::uint64_t size = i % kEvery == kChangedAt ? kObjectSize + 1 : kObjectSize;
    out.push({key_of(i), size, etag_of(i)});
  }
  out.close();
}

void run_differ(std::uint64_t keys) {
  // The differ needs a destination reader for objects of equal size and unequal ETag; the streams
  // hold none, so this client never sends a request (the port is unused on purpose).
  s3copy::net::HttpEngine engine(s3copy::net::HttpOptions{});
  s3copy::net::S3Client reader(
      engine,
      s3copy::net::ConnectionSettings{.endpoint = "http://127.0.0.1:9", .endpoint_is_aws = false});
  s3copy::stages::Ledger ledger(kObjectBudget, nullptr);
  s3copy::stages::Differ differ({.source_bucket = "bench-source",
                                 .destination_bucket = "bench-destination",
                                 .destination_key_of = [](const std::string& key) { return key; }},
                                reader, ledger, [&](s3copy::stages::AdmittedAction admitted) {
                                  ledger.record_planned(std::move(admitted.ticket),
                                                        admitted.action);
                                });
  Channel<ObjectEntry> source(kListingBuffer);
  Channel<ObjectEntry> destination(kListingBuffer);

  const Clock::time_point start = Clock::now();
  std::thread source_lister([&] { list_source(keys, source); });
  std::thread destination_lister([&] { list_destination(keys, destination); });
  differ.join(source, destination);
  source_lister.join();
  destination_lister.join();
  ledger.mark_listing_done();
  ledger.wait_until_idle();
  const double seconds = seconds_since(start);

  const s3copy::stages::ObjectCounts counts = ledger.counts();
  print_result("differ", keys, seconds,
               ", \"to_copy\": " + std::to_string(counts.planned) +
                   ", \"skipped\": " + std::to_string(counts.skipped));
  if (counts.planned + counts.skipped != keys) {
    throw std::runtime_error("the differ judged " +
                             std::to_string(counts.planned + counts.skipped) + " of " +
                             std::to_string(keys) + " keys");
  }
}

// --- plan
// -----------------------------------------------------------------------------------------

Action plan_action(std::uint64_t index) {
  const bool copy = index % kEvery == kMissingAt || index % kEvery == kChangedAt;
  Action action;
  action.verdict = copy ? s3copy::plan::Verdict::kCopy : s3copy::plan::Verdict::kSkip;
  action.method = copy ? s3copy::plan::CopyMethod::kSimple : s3copy::plan::CopyMethod::kNone;
  action.reason = copy ? "new" : "same size and ETag";
  action.source_bucket = "bench-source";
  action.source = {key_of(index), kObjectSize, etag_of(index)};
  action.destination_bucket = "bench-destination";
  action.destination_key = action.source.key;
  return action;
}

void write_plan(const std::filesystem::path& path, std::uint64_t keys) {
  std::ofstream out(path, std::ios::binary);
  out << s3copy::plan::kPlanHeader << '\n' << s3copy::plan::kPlanColumns << '\n';
  for (std::uint64_t i = 0; i < keys; ++i)
    out << s3copy::plan::format_action(plan_action(i)) << '\n';
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

std::uint64_t read_plan(const std::filesystem::path& path) {
  s3copy::plan::PlanFile plan(path.string(), path.string());
  std::uint64_t actions = 0;
  while (plan.next()) ++actions;
  return actions;
}

void run_plan(std::uint64_t keys, const std::filesystem::path& directory) {
  const std::filesystem::path path =
      directory / ("scale_bench." + std::to_string(getpid()) + ".plan");
  Clock::time_point start = Clock::now();
  write_plan(path, keys);
  const double write_seconds = seconds_since(start);
  const std::uintmax_t plan_bytes = std::filesystem::file_size(path);

  start = Clock::now();
  std::uint64_t actions = 0;
  try {
    actions = read_plan(path);
  } catch (...) {
    std::filesystem::remove(path);
    throw;
  }
  const double read_seconds = seconds_since(start);
  std::filesystem::remove(path);

  print_result("plan", keys, read_seconds,
               ", \"write_seconds\": " + std::to_string(write_seconds) +
                   ", \"plan_bytes\": " + std::to_string(plan_bytes));
  if (actions != keys) {
    throw std::runtime_error("read " + std::to_string(actions) + " of " + std::to_string(keys) +
                             " plan lines");
  }
}

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: scale_bench differ KEYS | scale_bench plan KEYS [DIRECTORY]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) usage();
  const std::string phase = argv[1];
  const std::uint64_t keys = std::strtoull(argv[2], nullptr, 10);
  if (keys == 0) usage();
  try {
    if (phase == "differ") {
      run_differ(keys);
    } else if (phase == "plan") {
      const char* tmpdir = std::getenv("TMPDIR");
      run_plan(keys, argc > 3 ? argv[3] : (tmpdir != nullptr ? tmpdir : "/tmp"));
    } else {
      usage();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scale_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
