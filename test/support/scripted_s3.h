// Test helper: an S3 peer on 127.0.0.1 that answers from a script, for in-process tests of the
// stage classes. It records every request so a test can assert what a stage asked, and in what
// order.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace s3copy::test {

// One request as received: "PUT", "/bucket/key?partNumber=2&uploadId=u", lower-case headers.
struct ReceivedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;
  std::string body;

  std::string line() const { return method + " " + target; }
};

struct ScriptedReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Example: ScriptedS3 s3; s3.on("HEAD", "/src/a", {.headers = {{"ETag", "\"e\""}}});
// The first rule whose method matches and whose text occurs in the target answers; a rule made
// with `times` answers that often and then no more. A request no rule answers gets a 400 and is
// listed by unanswered(), so a test that forgot a rule fails on what was asked.
class ScriptedS3 {
 public:
  ScriptedS3();
  ~ScriptedS3();
  ScriptedS3(const ScriptedS3&) = delete;
  ScriptedS3& operator=(const ScriptedS3&) = delete;

  void on(const std::string& method, const std::string& target_part, ScriptedReply reply,
          int times = -1);

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<ReceivedRequest> requests() const;
  // The requests' lines ("METHOD target") whose method is `method` (all when empty).
  std::vector<std::string> request_lines(const std::string& method = "") const;
  std::vector<std::string> unanswered() const;

 private:
  struct Rule {
    std::string method;
    std::string target_part;
    ScriptedReply reply;
    int times_left;
  };

  void accept_loop();
  void serve(int connection);
  ScriptedReply answer(const ReceivedRequest& request);

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<Rule> rules_;
  std::vector<ReceivedRequest> received_;
  std::vector<std::string> unanswered_;
  std::vector<std::thread> connections_;
  std::thread acceptor_;
};

// S3's XML answers that the stage tests script.
std::string copy_result_xml(const std::string& etag);
std::string error_xml(const std::string& code, const std::string& message);

}  // namespace s3copy::test
