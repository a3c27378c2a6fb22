// Secrets never leave s3copy (DEBUG logs, plans, errors, --json), and TLS certificates are verified
// unless the user says otherwise: checked end to end against radosgw behind a TLS front.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "test/support/independent_client.h"
#include "test/support/s3copy_runner.h"
#include "test/support/temp_dir.h"
#include "test/support/test_server.h"

namespace s3copy::test {
namespace {

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Everything a run let out: its stdout, stderr and log file.
std::string everything_from(const CommandResult& run, const std::filesystem::path& log) {
  return run.out + "\n" + run.err + "\n" + file_text(log);
}

void expect_no_secret(const std::string& output, const std::string& secret,
                      const std::string& what) {
  EXPECT_EQ(output.find(secret), std::string::npos) << what << " shows the secret";
  EXPECT_EQ(output.find("Signature="), std::string::npos) << what << " shows a signature";
  EXPECT_EQ(output.find("X-Amz-Signature"), std::string::npos) << what << " shows a signature";
}

TEST(Secrets, NeverInDebugLogsPlansErrorsOrJson) {
  const TestServer& server = TestServer::get();
  const std::string source = fresh_bucket("secsrc");
  const std::string dest = fresh_bucket("secdst");
  for (const char* key : {"a", "b/c", "odd key+%"}) put(source, key, std::string("body ") + key);
  probe_ok(1, {"put", source, hex("big"), std::to_string(11 << 20), "big"});
  TempDir dir("s3copy-secrets");
  const std::filesystem::path log = dir.path() / "debug.log";
  const std::vector<std::string> logged{"-l", "DEBUG", "-L", log.string(), "--json"};
  auto with_log = [&](std::vector<std::string> args) {
    args.insert(args.end(), logged.begin(), logged.end());
    return args;
  };
  const std::string& secret = server.user1.secret_key;

  const CommandResult plan = run_s3copy(with_log({"s3://" + source, "s3://" + dest, "-n"}));
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  ASSERT_NE(plan.out.find("# s3copy plan v1"), std::string::npos) << "the plan is on stdout";
  expect_no_secret(everything_from(plan, log), secret, "a dry run's plan and DEBUG log");

  const CommandResult copy = run_s3copy(with_log(
      {"s3://" + source, "s3://" + dest, "--multipart-threshold", "6MiB", "--part-size", "5MiB"}));
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  ASSERT_NE(file_text(log).find("DEBUG"), std::string::npos) << "the log has DEBUG lines";
  expect_no_secret(everything_from(copy, log), secret, "a copy's DEBUG log and --json");

  const std::string wrong_secret = "wrong-secret-that-must-never-be-printed-0123456789";
  const CommandResult refused = run_s3copy(with_log(
      {"s3://" + source, "s3://" + dest, "-a", server.user1.access_key, "-k", wrong_secret}));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("check the credentials"), std::string::npos) << refused.err;
  expect_no_secret(everything_from(refused, log), wrong_secret, "an authentication error");

  const std::string token = "FAKE-SESSION-TOKEN-that-must-never-be-printed";
  const CommandResult with_token = run_command(
      S3COPY_BINARY,
      with_log(
          {"--endpoint-url", server.endpoint, "--no-progress", "s3://" + source, "s3://" + dest}),
      {"AWS_ACCESS_KEY_ID=" + server.user1.access_key, "AWS_SECRET_ACCESS_KEY=" + secret,
       "AWS_SESSION_TOKEN=" + token, "AWS_REGION=" + server.region, "HOME=/nonexistent-home"});
  const std::string token_output = everything_from(with_token, log);
  EXPECT_EQ(token_output.find(token), std::string::npos) << "the session token was printed";
  expect_no_secret(token_output, secret, "a run with a session token");
}

// A self-signed certificate for 127.0.0.1, made with the openssl command.
struct SelfSignedCertificate {
  explicit SelfSignedCertificate(const std::filesystem::path& dir)
      : cert((dir / "cert.pem").string()), key((dir / "key.pem").string()) {
    const CommandResult made =
        run_command("/usr/bin/openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                                         key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                                         "-addext", "subjectAltName=IP:127.0.0.1"});
    EXPECT_EQ(made.exit_code, 0) << made.err;
  }
  std::string cert;
  std::string key;
};

// test/support/tls_proxy.py in front of the local server, stopped when it goes out of scope.
class TlsFront {
 public:
  TlsFront(const SelfSignedCertificate& certificate, const std::filesystem::path& dir) {
    const std::string server = TestServer::get().endpoint;
    const std::string upstream_port = server.substr(server.rfind(':') + 1);
    const std::filesystem::path port_file = dir / "tls-port";
    pid_ = start_command("/usr/bin/python3",
                         {std::string(S3COPY_SOURCE_DIR) + "/test/support/tls_proxy.py",
                          certificate.cert, certificate.key, upstream_port, port_file.string()});
    for (int poll = 0; poll < 500 && !std::filesystem::exists(port_file); ++poll) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    endpoint_ = "https://127.0.0.1:" + file_text(port_file);
  }
  ~TlsFront() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  const std::string& endpoint() const { return endpoint_; }

 private:
  int pid_ = -1;
  std::string endpoint_;
};

TEST(Tls, ASelfSignedCertificateFailsClearlyUnlessItsCaIsGiven) {
  const std::string source = fresh_bucket("tlssrc");
  const std::string dest = fresh_bucket("tlsdst");
  put(source, "k", "over TLS");
  TempDir dir("s3copy-tls");
  const SelfSignedCertificate certificate(dir.path());
  const TlsFront front(certificate, dir.path());
  const std::vector<std::string> copy{"s3://" + source, "s3://" + dest, "--json"};

  const CommandResult refused = run_s3copy_via(front.endpoint(), copy);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("TLS certificate is not trusted"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--ca-bundle"), std::string::npos) << refused.err;
  EXPECT_EQ(json_counts(refused)["retries"], 0) << "a certificate is not retried";
  EXPECT_TRUE(keys_in(dest).empty());

  std::vector<std::string> with_ca = copy;
  with_ca.insert(with_ca.end(), {"--ca-bundle", certificate.cert});
  const CommandResult trusted = run_s3copy_via(front.endpoint(), with_ca);
  ASSERT_EQ(trusted.exit_code, 0) << trusted.err;
  EXPECT_EQ(json_counts(trusted)["copied"], 1);
  EXPECT_EQ(keys_in(dest), std::vector<std::string>{"k"});

  std::vector<std::string> unverified = copy;
  unverified.push_back("--no-verify-ssl");
  const CommandResult insecure = run_s3copy_via(front.endpoint(), unverified);
  EXPECT_EQ(insecure.exit_code, 0) << insecure.err;
  EXPECT_EQ(json_counts(insecure)["skipped"], 1);
}

}  // namespace
}  // namespace s3copy::test
