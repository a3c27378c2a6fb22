// Runs the built s3copy binary against the local S3 server for CLI-level integration tests, and
// reads its --json summary back.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "test/support/independent_client.h"

namespace s3copy::test {

// `s3copy --endpoint-url <server> --no-progress args...` with user 1's (or 2's) keys in the
// environment and `input` on standard input.
CommandResult run_s3copy(const std::vector<std::string>& args, int user = 1,
                         const std::string& input = "");

// The same command talking to `endpoint` (a fault-injecting proxy, say) instead of the server.
CommandResult run_s3copy_via(const std::string& endpoint, const std::vector<std::string>& args,
                             int user = 1, const std::string& input = "");

// run_s3copy_via, killed if it still runs after `deadline` (exit code 137, 128 + SIGKILL): for runs
// that a bug could hang, so that the test fails instead of stalling the whole suite.
inline constexpr int kKilledAtDeadline = 137;
CommandResult run_s3copy_with_deadline(std::chrono::seconds deadline, const std::string& endpoint,
                                       const std::vector<std::string>& args, int user = 1);

// Starts the same command in the background; returns its process id.
int start_s3copy(const std::vector<std::string>& args, int user = 1);

// The numbers of the last line of stdout, which --json makes a JSON object ("copied" -> 3).
// Fails the current test when there is no such line.
std::map<std::string, std::int64_t> json_counts(const CommandResult& result);

// key -> "size etag" of every object under `prefix`, as the independent client lists them.
std::map<std::string, std::string> listing(const std::string& bucket,
                                           const std::string& prefix = "", int user = 1);

// The keys only.
std::vector<std::string> keys_in(const std::string& bucket, const std::string& prefix = "",
                                 int user = 1);

// Uploads `body` under `key` with the independent client; returns the ETag.
std::string put(const std::string& bucket, const std::string& key, const std::string& body,
                const std::vector<std::string>& attributes = {}, int user = 1);

}  // namespace s3copy::test
