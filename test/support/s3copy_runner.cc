// Runs the built s3copy binary against the local S3 server for CLI-level integration tests, and
// reads its --json summary back.
#include "test/support/s3copy_runner.h"

#include <gtest/gtest.h>

#include <sstream>

#include "net/crypto.h"
#include "test/support/test_server.h"

namespace s3copy::test {

namespace {

std::vector<std::string> s3copy_arguments(const std::vector<std::string>& args,
                                          const std::string& endpoint) {
  std::vector<std::string> full_args{"--endpoint-url", endpoint, "--no-progress"};
  full_args.insert(full_args.end(), args.begin(), args.end());
  return full_args;
}

std::vector<std::string> s3copy_environment(int user) {
  const TestServer& server = TestServer::get();
  return {"AWS_ACCESS_KEY_ID=" + server.user(user).access_key,
          "AWS_SECRET_ACCESS_KEY=" + server.user(user).secret_key, "AWS_REGION=" + server.region,
          "HOME=/nonexistent-home"};
}

}  // namespace

CommandResult run_s3copy_via(const std::string& endpoint, const std::vector<std::string>& args,
                             int user, const std::string& input) {
  return run_command(S3COPY_BINARY, s3copy_arguments(args, endpoint), s3copy_environment(user),
                     input);
}

CommandResult run_s3copy_with_deadline(std::chrono::seconds deadline, const std::string& endpoint,
                                       const std::vector<std::string>& args, int user) {
  std::vector<std::string> watched{"--signal=KILL", std::to_string(deadline.count()),
                                   S3COPY_BINARY};
  for (const std::string& arg : s3copy_arguments(args, endpoint)) watched.push_back(arg);
  return run_command("/usr/bin/timeout", watched, s3copy_environment(user));
}

CommandResult run_s3copy(const std::vector<std::string>& args, int user, const std::string& input) {
  return run_s3copy_via(TestServer::get().endpoint, args, user, input);
}

int start_s3copy(const std::vector<std::string>& args, int user) {
  return start_command(S3COPY_BINARY, s3copy_arguments(args, TestServer::get().endpoint),
                       s3copy_environment(user));
}

std::map<std::string, std::int64_t> json_counts(const CommandResult& result) {
  std::map<std::string, std::int64_t> counts;
  const size_t start = result.out.rfind("{\"status\"");
  if (start == std::string::npos) {
    ADD_FAILURE() << "no --json summary in stdout: " << result.out << "\nstderr: " << result.err;
    return counts;
  }
  // Flat object of "name":number pairs (strings and booleans are skipped).
  std::istringstream fields(result.out.substr(start + 1));
  std::string field;
  while (std::getline(fields, field, ',')) {
    const size_t colon = field.find("\":");
    if (colon == std::string::npos || field.front() != '"') continue;
    const std::string value = field.substr(colon + 2);
    if (value.empty() || (!std::isdigit(static_cast<unsigned char>(value[0])) && value[0] != '-')) {
      continue;
    }
    counts[field.substr(1, colon - 1)] = std::stoll(value);
  }
  return counts;
}

std::map<std::string, std::string> listing(const std::string& bucket, const std::string& prefix,
                                           int user) {
  std::map<std::string, std::string> objects;
  std::istringstream lines(probe_ok(user, {"list", bucket, prefix}));
  std::string hex_key, size, etag;
  while (std::getline(lines, hex_key, '\t') && std::getline(lines, size, '\t') &&
         std::getline(lines, etag)) {
    objects[*net::from_hex(hex_key)] = size + " " + etag;
  }
  return objects;
}

std::vector<std::string> keys_in(const std::string& bucket, const std::string& prefix, int user) {
  std::vector<std::string> keys;
  for (const auto& [key, size_and_etag] : listing(bucket, prefix, user)) keys.push_back(key);
  return keys;
}

std::string put(const std::string& bucket, const std::string& key, const std::string& body,
                const std::vector<std::string>& attributes, int user) {
  std::vector<std::string> args{"put-with", bucket, hex(key), body};
  args.insert(args.end(), attributes.begin(), attributes.end());
  std::string etag = probe_ok(user, args);
  while (!etag.empty() && etag.back() == '\n') etag.pop_back();
  return etag;
}

}  // namespace s3copy::test
