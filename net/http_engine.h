// One event-driven HTTP engine on the libcurl multi interface: a few loop threads carry hundreds of
// concurrent requests over reused keep-alive connections (the shape of curl's hiper.c examples).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "net/http_message.h"

namespace s3copy::net {

// transport_error of requests still queued or in flight when the engine is destroyed.
inline constexpr std::string_view kEngineShuttingDown = "shutting down";

struct HttpOptions {
  int loop_threads = 1;
  // Connections kept open per loop for reuse; should be at least the number of requests in flight.
  long max_cached_connections = 256;
  std::chrono::milliseconds connect_timeout{10'000};
  // A transfer slower than low_speed_bytes_per_second for low_speed_window is aborted as stalled.
  long low_speed_bytes_per_second = 1;
  std::chrono::seconds low_speed_window{120};
  // Whole-request ceiling; zero means none (server-side copies of 5 GB can legitimately be slow).
  std::chrono::milliseconds request_timeout{0};
  bool verify_tls = true;
  std::string ca_bundle;  // empty: the system's CA store
  std::string proxy;      // empty: libcurl's own handling of http_proxy / https_proxy / no_proxy
};

class HttpEngine {
 public:
  // Runs on a loop thread when the exchange is over, successful or not. It must not block; it may
  // submit further requests and schedule timers.
  using Callback = std::function<void(HttpResponse)>;

  explicit HttpEngine(HttpOptions options);
  // Requests still in flight complete with transport_error kEngineShuttingDown; timers not yet due
  // are dropped. Destroy the engine's users (S3Client) first: they wait for their requests.
  ~HttpEngine();
  HttpEngine(const HttpEngine&) = delete;
  HttpEngine& operator=(const HttpEngine&) = delete;

  // Thread-safe and non-blocking: the request is queued for a loop thread, which is woken up.
  // `request_timeout` overrides the engine's whole-request ceiling for this one request.
  void submit(HttpRequest request, Callback on_done,
              std::chrono::milliseconds request_timeout = std::chrono::milliseconds{-1});

  // Runs `task` on a loop thread once `delay` has passed (retry backoff without sleeping a thread).
  void schedule(std::chrono::milliseconds delay, std::function<void()> task);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s3copy::net
