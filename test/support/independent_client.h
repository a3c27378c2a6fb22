// Runs Debian's aws-cli (/usr/bin/aws) against the local S3 server, as the independent client
// that sets up fixtures and checks s3copy's results: s3copy's own code never grades itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace s3copy::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  long peak_resident_kib = 0;  // the process's maximum resident set size
};

// Runs `program args...` with extra environment variables (NAME=value), `input` on its standard
// input, and captures its output.
CommandResult run_command(const std::string& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& extra_environment = {},
                          const std::string& input = "");

// Starts `program args...` in the background (output discarded) and returns its process id.
int start_command(const std::string& program, const std::vector<std::string>& args,
                  const std::vector<std::string>& extra_environment = {});

// `aws --endpoint-url <server> args...` as test user 1 or 2.
CommandResult aws(int user, const std::vector<std::string>& args);

// Like aws() but fails the current test (ADD_FAILURE) on a non-zero exit; returns stdout.
std::string aws_ok(int user, const std::vector<std::string>& args);

// test/support/s3_probe.py (boto3 under Debian's /usr/bin/python3) as test user 1 or 2: for checks
// that need exact keys (hex-encoded on its command line and in its output). See the script.
CommandResult probe(int user, const std::vector<std::string>& args);
std::string probe_ok(int user, const std::vector<std::string>& args);

// Lowercase hex of arbitrary bytes, the way s3_probe.py takes and prints keys.
std::string hex(std::string_view bytes);

// Creates a bucket owned by `user`; fails the current test if that fails.
void create_bucket(const std::string& bucket, int user = 1);

// Creates a bucket no other test uses (test_server.h's unique_bucket_name) and returns its name.
std::string fresh_bucket(const std::string& stem, int user = 1);

}  // namespace s3copy::test
