// Runs test/support/fault_proxy.py between s3copy and the local S3 server for fault tests: starts
// it, gives its endpoint, stops it when the FaultProxy goes, and reads back its request log.
#include "test/support/fault_proxy.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "test/support/test_server.h"

extern char** environ;

namespace s3copy::test {
namespace {

constexpr int kStartTimeoutMs = 10'000;
constexpr auto kStopGrace = std::chrono::seconds(5);

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<char*> as_argv(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Starts `argv` with stdout on `stdout_fd`, stderr into `stderr_path`, stdin from /dev/null.
int spawn(std::vector<std::string> argv, int stdout_fd, const std::string& stderr_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> pointers = as_argv(argv);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, pointers.data(), environ) != 0) {
    pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// Waits up to `grace` for `pid` to exit; true when it did (and was reaped).
bool reaped_within(int pid, std::chrono::milliseconds grace) {
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

ProxyRequest parse_log_line(const std::string& line) {
  std::istringstream fields(line);
  ProxyRequest request;
  std::string arrived, status;
  std::getline(fields, arrived, '\t');
  std::getline(fields, request.method, '\t');
  std::getline(fields, request.target, '\t');
  std::getline(fields, status, '\t');
  std::getline(fields, request.fault);
  request.arrived = std::stod(arrived);
  request.status = std::stoi(status);
  return request;
}

}  // namespace

FaultProxy::FaultProxy(const std::vector<std::string>& options) : dir_("s3copy-fault-proxy") {
  std::vector<std::string> argv{"/usr/bin/python3",
                                std::string(S3COPY_SOURCE_DIR) + "/test/support/fault_proxy.py",
                                "--upstream",
                                TestServer::get().endpoint,
                                "--port",
                                "0",
                                "--log",
                                (dir_.path() / "requests.log").string()};
  argv.insert(argv.end(), options.begin(), options.end());
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("fault proxy: pipe failed");
  pid_ = spawn(argv, pipe_fds[1], (dir_.path() / "stderr.txt").string());
  close(pipe_fds[1]);
  try {
    if (pid_ < 0) throw std::runtime_error("fault proxy: cannot start /usr/bin/python3");
    wait_for_port(pipe_fds[0]);
  } catch (...) {
    close(pipe_fds[0]);
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    throw;
  }
  close(pipe_fds[0]);  // the proxy prints nothing after its port line
}

// The proxy's first line on stdout is "listening PORT".
void FaultProxy::wait_for_port(int stdout_fd) {
  std::string output;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kStartTimeoutMs);
  while (output.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd readable{.fd = stdout_fd, .events = POLLIN, .revents = 0};
    if (left.count() <= 0 || poll(&readable, 1, static_cast<int>(left.count())) <= 0) break;
    char buffer[256];
    const ssize_t got = read(stdout_fd, buffer, sizeof buffer);
    if (got <= 0) break;
    output.append(buffer, static_cast<size_t>(got));
  }
  constexpr std::string_view kPrefix = "listening ";
  if (!output.starts_with(kPrefix) || output.find('\n') == std::string::npos) {
    throw std::runtime_error("fault proxy did not start: stdout '" + output + "', stderr '" +
                             errors() + "'");
  }
  endpoint_ =
      "http://127.0.0.1:" + output.substr(kPrefix.size(), output.find('\n') - kPrefix.size());
}

FaultProxy::~FaultProxy() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  if (!reaped_within(pid_, kStopGrace)) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

std::vector<ProxyRequest> FaultProxy::requests() const {
  std::vector<ProxyRequest> requests;
  std::istringstream lines(read_whole_file((dir_.path() / "requests.log").string()));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) requests.push_back(parse_log_line(line));
  }
  return requests;
}

std::map<std::string, int> FaultProxy::fault_counts() const {
  std::map<std::string, int> counts;
  for (const ProxyRequest& request : requests()) ++counts[request.fault];
  return counts;
}

std::string FaultProxy::errors() const {
  return read_whole_file((dir_.path() / "stderr.txt").string());
}

double request_rate(const std::vector<ProxyRequest>& requests, double from, double to) {
  if (to <= from) return 0;
  int count = 0;
  for (const ProxyRequest& request : requests) {
    if (request.arrived >= from && request.arrived < to) ++count;
  }
  return count / (to - from);
}

}  // namespace s3copy::test
