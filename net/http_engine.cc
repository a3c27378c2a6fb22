// One event-driven HTTP engine on the libcurl multi interface: a few loop threads carry hundreds of
// concurrent requests over reused keep-alive connections (the shape of curl's hiper.c examples).
#include "net/http_engine.h"

#include <curl/curl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <concurrentqueue/concurrentqueue.h>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "net/text.h"

namespace s3copy::net {
namespace {

using Clock = std::chrono::steady_clock;

struct Transfer {
  HttpRequest request;
  HttpEngine::Callback on_done;
  std::chrono::milliseconds timeout{0};
  HttpResponse response;
  curl_slist* header_list = nullptr;
  char error_text[CURL_ERROR_SIZE] = {};
  // The blank line that ends the last response's headers arrived. libcurl reports a connection
  // closed in the middle of the headers as a complete answer (CURLE_OK) with what came so far.
  bool headers_complete = false;
};

struct Timer {
  Clock::time_point due;
  std::function<void()> task;
};

using Task = std::variant<std::unique_ptr<Transfer>, Timer>;

size_t on_body_bytes(char* data, size_t size, size_t count, void* user) {
  static_cast<Transfer*>(user)->response.body.append(data, size * count);
  return size * count;
}

// A new status line (after "100 Continue", or an interim response) starts the header list afresh.
size_t on_header_line(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    transfer->response.headers.clear();
    transfer->headers_complete = false;
    return line.size();
  }
  if (line == "\r\n" || line == "\n") {
    transfer->headers_complete = true;
    return line.size();
  }
  const size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    transfer->response.headers.emplace_back(to_lower(trim(line.substr(0, colon))),
                                            std::string(trim(line.substr(colon + 1))));
  }
  return line.size();
}

curl_slist* build_header_list(const HttpRequest& request) {
  curl_slist* list = nullptr;
  bool has_content_type = false;
  for (const auto& [name, value] : request.headers) {
    has_content_type = has_content_type || name == "content-type";
    // curl drops "name:" headers; "name;" is its syntax for sending a header with an empty value.
    std::string line = value.empty() ? name + ";" : name + ": " + value;
    list = curl_slist_append(list, line.c_str());
  }
  // curl would otherwise add "Expect: 100-continue" (a round trip per upload) and a form
  // Content-Type to every body it sends.
  list = curl_slist_append(list, "Expect:");
  if (!has_content_type) list = curl_slist_append(list, "Content-Type:");
  return list;
}

// One thread, one multi handle, its own connection cache and timer heap. The loop waits in epoll
// for the sockets libcurl names and hands it only those that are ready (curl_multi_socket_action,
// as in curl's ephiperfifo.c): polling every connection on every wake-up (curl_multi_perform and
// curl_multi_poll) cost s3copy most of its CPU at a few hundred connections (measured with perf).
class Loop {
 public:
  explicit Loop(const HttpOptions& options)
      : options_(options),
        multi_(curl_multi_init()),
        epoll_(epoll_create1(EPOLL_CLOEXEC)),
        wakeup_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (multi_ == nullptr || epoll_ < 0 || wakeup_ < 0) {
      throw std::runtime_error(
          "cannot set up the HTTP event loop (curl_multi_init, epoll, eventfd)");
    }
    watch(wakeup_, EPOLLIN);
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, options_.max_cached_connections);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, on_socket_change);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, on_timer_change);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    thread_ = std::thread([this] { run(); });
  }

  ~Loop() {
    stop();
    for (CURL* easy : idle_handles_) curl_easy_cleanup(easy);
    curl_multi_cleanup(multi_);
    close(wakeup_);
    close(epoll_);
  }

  // Ends the loop thread after failing what it still holds. Idempotent.
  void stop() {
    stopping_.store(true);
    wake_up();
    if (thread_.joinable()) thread_.join();
  }

  void post(Task task) {
    inbox_.enqueue(std::move(task));
    wake_up();
  }

 private:
  void run() {
    constexpr int kMaxEvents = 256;
    epoll_event events[kMaxEvents];
    while (!stopping_.load()) {
      take_inbox();
      const int ready = epoll_wait(epoll_, events, kMaxEvents, wait_ms());
      for (int i = 0; i < ready; ++i) on_ready(events[i]);
      if (curl_due_ && Clock::now() >= *curl_due_) {
        curl_due_.reset();
        act_on(CURL_SOCKET_TIMEOUT, 0);
      }
      fire_due_timers();
    }
    fail_everything_left();
  }

  void wake_up() {
    const std::uint64_t one = 1;
    // Only fails when the counter is about to overflow, and then the loop is awake anyway.
    [[maybe_unused]] const ssize_t written = write(wakeup_, &one, sizeof one);
  }

  void on_ready(const epoll_event& event) {
    if (event.data.fd == wakeup_) {
      std::uint64_t count = 0;
      [[maybe_unused]] const ssize_t got = read(wakeup_, &count, sizeof count);
      return;
    }
    int flags = 0;
    if (event.events & EPOLLIN) flags |= CURL_CSELECT_IN;
    if (event.events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
    if (event.events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
    act_on(event.data.fd, flags);
  }

  void act_on(curl_socket_t socket, int flags) {
    int still_running = 0;
    curl_multi_socket_action(multi_, socket, flags, &still_running);
    finish_done_transfers();
  }

  // libcurl's CURLMOPT_SOCKETFUNCTION: which events it wants on a socket, or none any more.
  static int on_socket_change(CURL*, curl_socket_t socket, int what, void* loop, void*) {
    auto* self = static_cast<Loop*>(loop);
    if (what == CURL_POLL_REMOVE) {
      epoll_ctl(self->epoll_, EPOLL_CTL_DEL, socket, nullptr);
      return 0;
    }
    std::uint32_t events = 0;
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) events |= EPOLLIN;
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) events |= EPOLLOUT;
    self->watch(socket, events);
    return 0;
  }

  // The kernel forgets a closed descriptor by itself, so a number libcurl reuses may be new to
  // epoll, or still known when libcurl only changes the events it wants.
  void watch(int fd, std::uint32_t events) {
    epoll_event event{};
    event.events = events;
    event.data.fd = fd;
    if (epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &event) != 0 && errno == ENOENT) {
      epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
    }
  }

  // libcurl's CURLMOPT_TIMERFUNCTION: when it next needs curl_multi_socket_action(TIMEOUT).
  static int on_timer_change(CURLM*, long timeout_ms, void* loop) {
    auto* self = static_cast<Loop*>(loop);
    if (timeout_ms < 0) {
      self->curl_due_.reset();
    } else {
      self->curl_due_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
    }
    return 0;
  }

  void take_inbox() {
    Task task;
    while (inbox_.try_dequeue(task)) {
      if (auto* transfer = std::get_if<std::unique_ptr<Transfer>>(&task)) {
        start(std::move(*transfer));
      } else {
        auto& timer = std::get<Timer>(task);
        timers_.emplace(timer.due, std::move(timer.task));
      }
    }
  }

  CURL* take_easy_handle() {
    if (idle_handles_.empty()) return curl_easy_init();
    CURL* easy = idle_handles_.back();
    idle_handles_.pop_back();
    curl_easy_reset(easy);
    return easy;
  }

  void start(std::unique_ptr<Transfer> transfer) {
    CURL* easy = take_easy_handle();
    configure(easy, *transfer);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
    if (curl_multi_add_handle(multi_, easy) != CURLM_OK) {
      transfer->response.transport_error = "curl_multi_add_handle failed";
      complete(easy, std::move(transfer));
      return;
    }
    active_.insert(easy);
    transfer.release();  // owned by the easy handle's CURLOPT_PRIVATE until finish_done_transfers
  }

  void configure(CURL* easy, Transfer& transfer) {
    const HttpRequest& request = transfer.request;
    transfer.header_list = build_header_list(request);
    const std::string url = request.url();
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    // S3 keys may contain "/../" or "/./"; curl would otherwise squash them and sign a different
    // path.
    curl_easy_setopt(easy, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.header_list);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.error_text);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body_bytes);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header_line);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
    configure_method(easy, request);
    configure_limits(easy, transfer.timeout);
    configure_tls_and_proxy(easy);
  }

  static void configure_method(CURL* easy, const HttpRequest& request) {
    if (request.method == "HEAD") {
      curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
      return;
    }
    if (request.method != "GET")
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    // PUT and POST always carry a Content-Length, even 0: servers answer a bodiless copy with 411.
    if (request.method == "PUT" || request.method == "POST") {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    }
  }

  void configure_limits(CURL* easy, std::chrono::milliseconds timeout) const {
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes_per_second);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME,
                     static_cast<long>(options_.low_speed_window.count()));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  }

  void configure_tls_and_proxy(CURL* easy) const {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    if (!options_.ca_bundle.empty()) {
      curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_bundle.c_str());
    }
    if (!options_.proxy.empty()) curl_easy_setopt(easy, CURLOPT_PROXY, options_.proxy.c_str());
  }

  void finish_done_transfers() {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      const CURLcode result = message->data.result;
      Transfer* raw = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &raw);
      std::unique_ptr<Transfer> transfer(raw);
      curl_multi_remove_handle(multi_, easy);
      active_.erase(easy);
      record_result(easy, result, *transfer);
      complete(easy, std::move(transfer));
    }
  }

  static void record_result(CURL* easy, CURLcode result, Transfer& transfer) {
    if (result == CURLE_OK && transfer.headers_complete) {
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &transfer.response.status);
      return;
    }
    if (result == CURLE_OK) {
      transfer.response.status = 0;
      transfer.response.transport_error =
          "connection closed before the end of the response headers";
      return;
    }
    // A half-received response is not a response: the caller must treat it as a transport failure.
    transfer.response.status = 0;
    transfer.response.timed_out = result == CURLE_OPERATION_TIMEDOUT;
    transfer.response.certificate_rejected =
        result == CURLE_PEER_FAILED_VERIFICATION || result == CURLE_SSL_CACERT_BADFILE ||
        result == CURLE_SSL_CERTPROBLEM || result == CURLE_SSL_PINNEDPUBKEYNOTMATCH;
    transfer.response.transport_error =
        transfer.error_text[0] != '\0' ? transfer.error_text : curl_easy_strerror(result);
  }

  void complete(CURL* easy, std::unique_ptr<Transfer> transfer) {
    curl_slist_free_all(transfer->header_list);
    transfer->header_list = nullptr;
    idle_handles_.push_back(easy);
    transfer->on_done(std::move(transfer->response));
  }

  void fire_due_timers() {
    const auto now = Clock::now();
    while (!timers_.empty() && timers_.begin()->first <= now) {
      auto task = std::move(timers_.begin()->second);
      timers_.erase(timers_.begin());
      task();
    }
  }

  // Until the first of libcurl's deadline and the timers, at most a second.
  int wait_ms() const {
    constexpr int kIdleWaitMs = 1000;
    std::optional<Clock::time_point> due = curl_due_;
    if (!timers_.empty() && (!due || timers_.begin()->first < *due)) due = timers_.begin()->first;
    if (!due) return kIdleWaitMs;
    // Rounded up: waking a moment early would only spin until the deadline.
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*due - Clock::now());
    return static_cast<int>(std::clamp<long long>(wait.count(), 0, kIdleWaitMs));
  }

  void fail_everything_left() {
    for (CURL* easy : std::exchange(active_, {})) {
      Transfer* raw = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &raw);
      curl_multi_remove_handle(multi_, easy);
      fail_shutdown(easy, std::unique_ptr<Transfer>(raw));
    }
    Task task;
    while (inbox_.try_dequeue(task)) {
      if (auto* transfer = std::get_if<std::unique_ptr<Transfer>>(&task)) {
        fail_shutdown(take_easy_handle(), std::move(*transfer));
      }
    }
  }

  void fail_shutdown(CURL* easy, std::unique_ptr<Transfer> transfer) {
    transfer->response.status = 0;
    transfer->response.transport_error = std::string(kEngineShuttingDown);
    complete(easy, std::move(transfer));
  }

  const HttpOptions& options_;
  CURLM* multi_;
  const int epoll_;
  const int wakeup_;  // an eventfd: post() and stop() write to it to end the wait
  std::optional<Clock::time_point> curl_due_;
  moodycamel::ConcurrentQueue<Task> inbox_;
  std::multimap<Clock::time_point, std::function<void()>> timers_;
  std::vector<CURL*> idle_handles_;
  std::unordered_set<CURL*> active_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace

struct HttpEngine::Impl {
  explicit Impl(HttpOptions opts) : options(std::move(opts)) {
    static std::once_flag curl_global;
    std::call_once(curl_global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    for (int i = 0; i < std::max(1, options.loop_threads); ++i) {
      loops.push_back(std::make_unique<Loop>(options));
    }
  }

  Loop& next_loop() { return *loops[next.fetch_add(1, std::memory_order_relaxed) % loops.size()]; }

  // Every loop stops before any is destroyed: a callback failed on one loop may still post to
  // another.
  ~Impl() {
    for (auto& loop : loops) loop->stop();
  }

  HttpOptions options;
  std::vector<std::unique_ptr<Loop>> loops;
  std::atomic<size_t> next{0};
};

HttpEngine::HttpEngine(HttpOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpEngine::~HttpEngine() = default;

void HttpEngine::submit(HttpRequest request, Callback on_done,
                        std::chrono::milliseconds request_timeout) {
  auto transfer = std::make_unique<Transfer>();
  transfer->request = std::move(request);
  transfer->on_done = std::move(on_done);
  transfer->timeout =
      request_timeout.count() >= 0 ? request_timeout : impl_->options.request_timeout;
  impl_->next_loop().post(std::move(transfer));
}

void HttpEngine::schedule(std::chrono::milliseconds delay, std::function<void()> task) {
  impl_->next_loop().post(Timer{Clock::now() + delay, std::move(task)});
}

}  // namespace s3copy::net
