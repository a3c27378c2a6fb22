// Runs Debian's aws-cli (/usr/bin/aws) against the local S3 server, as the independent client
// that sets up fixtures and checks s3copy's results: s3copy's own code never grades itself.
#include "test/support/independent_client.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "test/support/test_server.h"

extern char** environ;

namespace s3copy::test {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// The current environment minus AWS_* (so a developer's own settings never leak into checks),
// plus `extra`.
std::vector<std::string> child_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::string_view(*entry).starts_with("AWS_")) continue;
    variables.emplace_back(*entry);
  }
  variables.insert(variables.end(), extra.begin(), extra.end());
  return variables;
}

std::vector<char*> as_argv(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

CommandResult run_command(const std::string& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& extra_environment,
                          const std::string& input) {
  char in_path[] = "/tmp/s3copy-test-in-XXXXXX";
  char out_path[] = "/tmp/s3copy-test-out-XXXXXX";
  char err_path[] = "/tmp/s3copy-test-err-XXXXXX";
  const int in_fd = mkstemp(in_path);
  const int out_fd = mkstemp(out_path);
  const int err_fd = mkstemp(err_path);
  if (write(in_fd, input.data(), input.size()) != static_cast<ssize_t>(input.size())) {
    ADD_FAILURE() << "cannot write the standard input file " << in_path;
  }
  lseek(in_fd, 0, SEEK_SET);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  posix_spawn_file_actions_adddup2(&actions, in_fd, STDIN_FILENO);

  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings = child_environment(extra_environment);
  std::vector<char*> argv = as_argv(argv_strings);
  std::vector<char*> envp = as_argv(env_strings);

  CommandResult result;
  pid_t pid = 0;
  if (posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data()) == 0) {
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.peak_resident_kib = usage.ru_maxrss;
  }
  posix_spawn_file_actions_destroy(&actions);
  close(in_fd);
  close(out_fd);
  close(err_fd);
  unlink(in_path);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  unlink(out_path);
  unlink(err_path);
  return result;
}

int start_command(const std::string& program, const std::vector<std::string>& args,
                  const std::vector<std::string>& extra_environment) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    posix_spawn_file_actions_addopen(&actions, fd, "/dev/null",
                                     fd == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0);
  }
  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings = child_environment(extra_environment);
  std::vector<char*> argv = as_argv(argv_strings);
  std::vector<char*> envp = as_argv(env_strings);
  pid_t pid = -1;
  if (posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data()) != 0)
    pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

CommandResult aws(int user, const std::vector<std::string>& args) {
  const TestServer& server = TestServer::get();
  std::vector<std::string> full_args{"--endpoint-url", server.endpoint};
  full_args.insert(full_args.end(), args.begin(), args.end());
  return run_command(
      "/usr/bin/aws", full_args,
      {"AWS_ACCESS_KEY_ID=" + server.user(user).access_key,
       "AWS_SECRET_ACCESS_KEY=" + server.user(user).secret_key,
       "AWS_DEFAULT_REGION=" + server.region, "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER="});
}

std::string aws_ok(int user, const std::vector<std::string>& args) {
  CommandResult result = aws(user, args);
  if (result.exit_code != 0) {
    std::string command;
    for (const std::string& arg : args) command += " " + arg;
    ADD_FAILURE() << "aws" << command << " exited " << result.exit_code << ": " << result.err;
  }
  return result.out;
}

CommandResult probe(int user, const std::vector<std::string>& args) {
  const TestServer& server = TestServer::get();
  std::vector<std::string> full_args{std::string(S3COPY_SOURCE_DIR) + "/test/support/s3_probe.py"};
  full_args.insert(full_args.end(), args.begin(), args.end());
  return run_command("/usr/bin/python3", full_args,
                     {"S3_PROBE_ENDPOINT=" + server.endpoint, "S3_PROBE_REGION=" + server.region,
                      "S3_PROBE_ACCESS_KEY=" + server.user(user).access_key,
                      "S3_PROBE_SECRET_KEY=" + server.user(user).secret_key});
}

std::string probe_ok(int user, const std::vector<std::string>& args) {
  CommandResult result = probe(user, args);
  if (result.exit_code != 0) {
    ADD_FAILURE() << "s3_probe.py " << (args.empty() ? "" : args[0]) << " exited "
                  << result.exit_code << ": " << result.err;
  }
  return result.out;
}

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

void create_bucket(const std::string& bucket, int user) {
  aws_ok(user, {"s3api", "create-bucket", "--bucket", bucket});
}

std::string fresh_bucket(const std::string& stem, int user) {
  const std::string bucket = unique_bucket_name(stem);
  create_bucket(bucket, user);
  return bucket;
}

}  // namespace s3copy::test
