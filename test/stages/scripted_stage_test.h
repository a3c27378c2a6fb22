// Shared by the in-process tests of the stage classes: a scripted S3 peer on loopback, a client
// that talks to it (path style, no retries) and the ledger whose outcomes the tests assert.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "net/http_engine.h"
#include "net/s3_client.h"
#include "stages/copy_job.h"
#include "stages/ledger.h"
#include "stages/stage_worker.h"
#include "test/support/scripted_s3.h"

namespace s3copy::stages {

inline const std::string kSourceEtag = "0123456789abcdef0123456789abcdef";
inline const std::string kOtherEtag = "fedcba9876543210fedcba9876543210";

class ScriptedStageTest : public testing::Test {
 protected:
  // Outlives the client (it answers until the client is gone) and the ledger (tickets call it).
  test::ScriptedS3 s3;
  Ledger ledger{100, nullptr};
  net::HttpEngine engine{net::HttpOptions{}};
  net::S3Client client{engine,
                       net::ConnectionSettings{
                           .endpoint = s3.endpoint(), .endpoint_is_aws = false, .path_style = true},
                       net::ClientOptions{.max_attempts = 1}};

  void TearDown() override { EXPECT_TRUE(s3.unanswered().empty()) << s3.unanswered().front(); }

  // A copy of s3://src/`key` to s3://dst/`key`, admitted into the ledger.
  AdmittedAction admitted_copy(const std::string& key, std::uint64_t size,
                               const std::string& etag = kSourceEtag) {
    plan::Action action{.verdict = plan::Verdict::kCopy,
                        .reason = "new",
                        .source_bucket = "src",
                        .source = {.key = key, .size = size, .etag = etag},
                        .destination_bucket = "dst",
                        .destination_key = key};
    return {action, ledger.admit("src", key, size)};
  }

  std::shared_ptr<CopyJob> job_for(const std::string& key, std::uint64_t size,
                                   const std::string& etag = kSourceEtag) {
    AdmittedAction admitted = admitted_copy(key, size, etag);
    auto job = std::make_shared<CopyJob>();
    job->action = std::move(admitted.action);
    job->ticket = std::move(admitted.ticket);
    return job;
  }

  // Waits (at most 10 s) until `condition` holds; false (and a test failure) when it never does.
  template <class Condition>
  bool eventually(Condition&& condition) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!condition()) {
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "a stage did not get there within 10 s";
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  // Waits (at most 10 s: a stage that lost an object fails the test, not hangs it) until every
  // admitted object has its outcome, and returns the books.
  ObjectCounts settled() {
    eventually([&] {
      const ObjectCounts counts = ledger.counts();
      return counts.copied + counts.skipped + counts.failed + counts.planned == counts.listed;
    });
    return ledger.counts();
  }

  // Starts a stage's handler with a slot and waits (at most 10 s) until the stage lets go of it:
  // the handler's work, requests and continuations included, is then over.
  template <class Start>
  void until_slot_released(Start&& start) {
    auto released = std::make_shared<std::promise<void>>();
    std::future<void> done = released->get_future();
    start(StageSlot(nullptr, [released](void*) { released->set_value(); }));
    if (done.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      ADD_FAILURE() << "the stage still holds its slot after 10 s";
    }
  }

  // The stderr a failure writes ("s3copy: FAILED s3://src/key: why") while `run` settles.
  template <class Run>
  std::string failures_while(Run&& run) {
    testing::internal::CaptureStderr();
    run();
    settled();
    return testing::internal::GetCapturedStderr();
  }
};

// A HEAD answer for an object of `size` bytes with `etag`.
inline test::ScriptedReply head_reply(std::uint64_t size, const std::string& etag,
                                      const std::string& encryption = "") {
  test::ScriptedReply reply{.headers = {{"ETag", "\"" + etag + "\""},
                                        {"Content-Length", std::to_string(size)},
                                        {"Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT"}}};
  if (!encryption.empty()) reply.headers.emplace_back("x-amz-server-side-encryption", encryption);
  return reply;
}

}  // namespace s3copy::stages
