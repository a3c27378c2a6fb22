// Test helper: an S3 peer on 127.0.0.1 that answers from a script, for in-process tests of the
// stage classes. It records every request so a test can assert what a stage asked, and in what
// order.
#include "test/support/scripted_s3.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace s3copy::test {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  const auto last = text.find_last_not_of(" \t\r");
  return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

// The request line and headers of one request head (up to, not including, the blank line).
ReceivedRequest parse_head(const std::string& head) {
  ReceivedRequest request;
  std::size_t line_end = head.find("\r\n");
  const std::string request_line = head.substr(0, line_end);
  const std::size_t first_space = request_line.find(' ');
  const std::size_t second_space = request_line.find(' ', first_space + 1);
  request.method = request_line.substr(0, first_space);
  request.target = request_line.substr(first_space + 1, second_space - first_space - 1);
  while (line_end != std::string::npos && line_end + 2 < head.size()) {
    const std::size_t next = head.find("\r\n", line_end + 2);
    const std::string header = head.substr(line_end + 2, next - line_end - 2);
    const std::size_t colon = header.find(':');
    if (colon != std::string::npos) {
      request.headers[lower(header.substr(0, colon))] = trimmed(header.substr(colon + 1));
    }
    line_end = next;
  }
  return request;
}

std::string format_reply(const ReceivedRequest& request, const ScriptedReply& reply) {
  std::string text = "HTTP/1.1 " + std::to_string(reply.status) + " Scripted\r\n";
  for (const auto& [name, value] : reply.headers) text += name + ": " + value + "\r\n";
  const bool has_length = std::any_of(reply.headers.begin(), reply.headers.end(),
                                      [](auto& h) { return lower(h.first) == "content-length"; });
  if (!has_length) text += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n";
  text += "\r\n";
  if (request.method != "HEAD") text += reply.body;
  return text;
}

void send_all(int connection, const std::string& text) {
  std::size_t sent = 0;
  while (sent < text.size()) {
    const ssize_t n = send(connection, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

}  // namespace

ScriptedS3::ScriptedS3() {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (listener_ < 0 ||
      bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener_, 64) != 0) {
    throw std::runtime_error("ScriptedS3: cannot listen on 127.0.0.1");
  }
  socklen_t length = sizeof address;
  getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

ScriptedS3::~ScriptedS3() {
  stopping_ = true;
  shutdown(listener_, SHUT_RDWR);
  close(listener_);
  acceptor_.join();
  for (std::thread& connection : connections_) connection.join();
}

void ScriptedS3::on(const std::string& method, const std::string& target_part, ScriptedReply reply,
                    int times) {
  std::lock_guard lock(mutex_);
  rules_.push_back(Rule{method, target_part, std::move(reply), times});
}

std::vector<ReceivedRequest> ScriptedS3::requests() const {
  std::lock_guard lock(mutex_);
  return received_;
}

std::vector<std::string> ScriptedS3::request_lines(const std::string& method) const {
  std::vector<std::string> lines;
  for (const ReceivedRequest& request : requests()) {
    if (method.empty() || request.method == method) lines.push_back(request.line());
  }
  return lines;
}

std::vector<std::string> ScriptedS3::unanswered() const {
  std::lock_guard lock(mutex_);
  return unanswered_;
}

void ScriptedS3::accept_loop() {
  while (!stopping_) {
    const int connection = accept(listener_, nullptr, nullptr);
    if (connection < 0) return;
    std::lock_guard lock(mutex_);
    connections_.emplace_back([this, connection] { serve(connection); });
  }
}

// Keep-alive HTTP/1.1: one answer per request, bodies read by Content-Length.
void ScriptedS3::serve(int connection) {
  std::string pending;
  bool continue_sent = false;  // "100 Continue" already sent for the request in `pending`
  char buffer[8192];
  timeval timeout{0, 100'000};
  setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  while (!stopping_) {
    const std::size_t head_end = pending.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      ReceivedRequest request = parse_head(pending.substr(0, head_end));
      const std::size_t body_start = head_end + 4;
      const auto length = request.headers.find("content-length");
      const std::size_t body_length =
          length == request.headers.end() ? 0 : std::stoul(length->second);
      if (pending.size() >= body_start + body_length) {
        request.body = pending.substr(body_start, body_length);
        pending.erase(0, body_start + body_length);
        continue_sent = false;
        send_all(connection, format_reply(request, answer(request)));
        continue;
      }
      if (!continue_sent && request.headers["expect"] == "100-continue") {
        send_all(connection, "HTTP/1.1 100 Continue\r\n\r\n");
        continue_sent = true;
      }
    }
    const ssize_t got = recv(connection, buffer, sizeof buffer, 0);
    if (got == 0) break;
    if (got < 0) continue;  // the receive timeout: look at stopping_ again
    pending.append(buffer, static_cast<std::size_t>(got));
  }
  close(connection);
}

ScriptedReply ScriptedS3::answer(const ReceivedRequest& request) {
  std::lock_guard lock(mutex_);
  received_.push_back(request);
  for (Rule& rule : rules_) {
    if (rule.method != request.method || rule.target_part.empty() ||
        request.target.find(rule.target_part) == std::string::npos || rule.times_left == 0) {
      continue;
    }
    if (rule.times_left > 0) --rule.times_left;
    return rule.reply;
  }
  unanswered_.push_back(request.line());
  // A 400, which the client does not retry: the test ends soon, failing on what was asked.
  return ScriptedReply{.status = 400, .body = error_xml("NoScriptedReply", request.line())};
}

std::string copy_result_xml(const std::string& etag) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyObjectResult><LastModified>"
         "2026-12-01T00:00:00.000Z</LastModified><ETag>\"" +
         etag + "\"</ETag></CopyObjectResult>";
}

std::string error_xml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" +
         message + "</Message></Error>";
}

}  // namespace s3copy::test
