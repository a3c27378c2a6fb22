// Runs test/support/fault_proxy.py between s3copy and the local S3 server for fault tests: starts
// it, gives its endpoint, stops it when the FaultProxy goes, and reads back its request log.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "test/support/temp_dir.h"

namespace s3copy::test {

// One line of the proxy's log: a request as the proxy saw it and what it did to it.
struct ProxyRequest {
  double arrived = 0;  // unix time, seconds
  std::string method;
  std::string target;  // path?query, as sent
  int status = 0;      // status sent to the client; 0 when none was (a reset)
  std::string fault;   // "-" when none was injected
};

// Example: FaultProxy proxy({"--seed", "7", "--rate", "500=0.05"});
//          run_s3copy_via(proxy.endpoint(), {...}); proxy.fault_counts()["500"]
class FaultProxy {
 public:
  // Starts the proxy in front of TestServer's endpoint with `options` (fault_proxy.py's own
  // options; --upstream, --port and --log are added here). Throws std::runtime_error when it
  // does not report its port within a few seconds.
  explicit FaultProxy(const std::vector<std::string>& options);
  ~FaultProxy();  // SIGTERM, then SIGKILL if it lingers

  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  const std::string& endpoint() const { return endpoint_; }

  // Every request logged so far, in the order the proxy finished them.
  std::vector<ProxyRequest> requests() const;
  // Requests per injected fault kind ("-" counts the requests left alone).
  std::map<std::string, int> fault_counts() const;
  // What the proxy wrote on stderr (its own errors), for failure messages.
  std::string errors() const;

 private:
  void wait_for_port(int stdout_fd);

  TempDir dir_;
  int pid_ = -1;
  std::string endpoint_;
};

// Requests per second that arrived in [from, to) (unix seconds); 0 for an empty window.
double request_rate(const std::vector<ProxyRequest>& requests, double from, double to);

}  // namespace s3copy::test
