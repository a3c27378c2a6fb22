// The HTTP engine's transport behaviour against plain local TCP peers (no S3 involved): refused
// connections, silent servers and timeouts, timers, and many submissions from many threads.
#include "net/http_engine.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace s3copy::net {
namespace {

// A listening socket on 127.0.0.1 that accepts connections and then, depending on `reply`, either
// stays silent or answers every request with a fixed HTTP/1.1 response on a kept-alive connection.
class LocalPeer {
 public:
  explicit LocalPeer(std::string reply = "") : reply_(std::move(reply)) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(listener_, 64);
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  ~LocalPeer() {
    stopping_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    acceptor_.join();
    for (std::thread& t : connections_) t.join();
  }

  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections_accepted() const { return accepted_.load(); }
  // The request line of the first request received ("GET /x HTTP/1.1").
  std::string first_request_line() {
    std::lock_guard lock(mutex_);
    return first_request_line_;
  }

 private:
  void accept_loop() {
    while (!stopping_) {
      const int connection = accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      ++accepted_;
      connections_.emplace_back([this, connection] { serve(connection); });
    }
  }

  // Answers once per request head ("\r\n\r\n"); bodiless requests only.
  void serve(int connection) {
    std::string pending;
    char buffer[4096];
    timeval timeout{0, 200'000};
    setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    while (!stopping_) {
      const ssize_t got = recv(connection, buffer, sizeof buffer, 0);
      if (got == 0) break;
      if (got < 0) continue;  // receive timeout: check stopping_ again
      pending.append(buffer, static_cast<size_t>(got));
      remember_request_line(pending);
      for (size_t end; !reply_.empty() && (end = pending.find("\r\n\r\n")) != std::string::npos;) {
        pending.erase(0, end + 4);
        send(connection, reply_.data(), reply_.size(), MSG_NOSIGNAL);
      }
    }
    close(connection);
  }

  void remember_request_line(const std::string& received) {
    const size_t end = received.find("\r\n");
    std::lock_guard lock(mutex_);
    if (first_request_line_.empty() && end != std::string::npos) {
      first_request_line_ = received.substr(0, end);
    }
  }

  std::string reply_;
  std::mutex mutex_;
  std::string first_request_line_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::thread acceptor_;
  std::vector<std::thread> connections_;
};

constexpr char kOkReply[] =
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Test: yes\r\nConnection: keep-alive\r\n\r\nhello";

HttpResponse exchange(HttpEngine& engine, HttpRequest request,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds{-1}) {
  std::promise<HttpResponse> answer;
  engine.submit(
      std::move(request), [&](HttpResponse r) { answer.set_value(std::move(r)); }, timeout);
  return answer.get_future().get();
}

TEST(HttpEngineTest, ReadsStatusHeadersAndBody) {
  LocalPeer peer(kOkReply);
  HttpEngine engine(HttpOptions{});
  HttpResponse response =
      exchange(engine, HttpRequest{.origin = peer.origin(), .encoded_path = "/x"});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "hello");
  EXPECT_EQ(response.header("x-test"), "yes");
  EXPECT_TRUE(response.transport_error.empty());
}

TEST(HttpEngineTest, ConfiguredProxyCarriesTheRequest) {
  LocalPeer proxy(kOkReply);
  HttpEngine engine(HttpOptions{.proxy = proxy.origin()});
  HttpResponse response = exchange(
      engine,
      HttpRequest{.origin = "http://s3copy-unreachable.invalid:7480", .encoded_path = "/b/k"});
  EXPECT_EQ(response.status, 200);
  // A proxy receives the absolute URL of the real destination.
  EXPECT_EQ(proxy.first_request_line(), "GET http://s3copy-unreachable.invalid:7480/b/k HTTP/1.1");
}

TEST(HttpEngineTest, RefusedConnectionIsATransportError) {
  int port = 0;
  {
    LocalPeer closed_soon;  // learn a free port, then close it
    port = std::stoi(closed_soon.origin().substr(closed_soon.origin().rfind(':') + 1));
  }
  HttpEngine engine(HttpOptions{});
  HttpResponse response = exchange(
      engine,
      HttpRequest{.origin = "http://127.0.0.1:" + std::to_string(port), .encoded_path = "/"});
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.transport_error.empty());
  EXPECT_FALSE(response.timed_out);
}

TEST(HttpEngineTest, SilentServerTimesOut) {
  LocalPeer silent;
  HttpEngine engine(HttpOptions{});
  HttpResponse response =
      exchange(engine, HttpRequest{.origin = silent.origin(), .encoded_path = "/"},
               std::chrono::milliseconds{300});
  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.timed_out);
}

TEST(HttpEngineTest, StalledTransferIsAbortedByTheLowSpeedLimit) {
  LocalPeer silent;
  HttpEngine engine(
      HttpOptions{.low_speed_bytes_per_second = 1, .low_speed_window = std::chrono::seconds{1}});
  HttpResponse response =
      exchange(engine, HttpRequest{.origin = silent.origin(), .encoded_path = "/"});
  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.timed_out) << response.transport_error;
}

TEST(HttpEngineTest, ScheduledTaskRunsAfterItsDelay) {
  HttpEngine engine(HttpOptions{});
  std::promise<std::chrono::steady_clock::time_point> ran;
  const auto start = std::chrono::steady_clock::now();
  engine.schedule(std::chrono::milliseconds{50},
                  [&] { ran.set_value(std::chrono::steady_clock::now()); });
  EXPECT_GE(ran.get_future().get() - start, std::chrono::milliseconds{50});
}

TEST(HttpEngineTest, ManyRequestsFromManyThreadsReuseKeptAliveConnections) {
  LocalPeer peer(kOkReply);
  HttpEngine engine(HttpOptions{.loop_threads = 2});
  constexpr int kThreads = 4;
  constexpr int kPerThread = 100;
  std::atomic<int> ok{0};
  std::vector<std::thread> submitters;
  // Four request streams, each waiting for its answer before sending the next: at most four
  // requests in flight, so keep-alive needs only a handful of connections for all 400.
  for (int t = 0; t < kThreads; ++t) {
    submitters.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        HttpResponse r =
            exchange(engine, HttpRequest{.origin = peer.origin(), .encoded_path = "/k"});
        if (r.status == 200 && r.body == "hello") ++ok;
      }
    });
  }
  for (std::thread& t : submitters) t.join();
  EXPECT_EQ(ok.load(), kThreads * kPerThread);
  EXPECT_LE(peer.connections_accepted(), 2 * kThreads);
}

TEST(HttpEngineTest, HundredsOfRequestsInFlightAtOnceAllComplete) {
  LocalPeer peer(kOkReply);
  HttpEngine engine(HttpOptions{});
  constexpr int kRequests = 300;
  std::atomic<int> ok{0};
  std::atomic<int> done{0};
  std::promise<void> all_done;
  for (int i = 0; i < kRequests; ++i) {
    engine.submit(HttpRequest{.origin = peer.origin(), .encoded_path = "/k"}, [&](HttpResponse r) {
      if (r.status == 200 && r.body == "hello") ++ok;
      if (++done == kRequests) all_done.set_value();
    });
  }
  all_done.get_future().wait();
  EXPECT_EQ(ok.load(), kRequests);
}

}  // namespace
}  // namespace s3copy::net
