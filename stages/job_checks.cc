// What stops a job before it starts: CouldNotStart, and the check that each bucket it names is
// there and readable with the credentials given.
#include "stages/job_checks.h"

namespace s3copy::stages {

void check_bucket(net::S3Client& client, const std::string& bucket, const std::string& role) {
  auto head = net::wait_for<net::Done>([&](auto done) { client.head_bucket(bucket, done); });
  if (head.ok()) return;
  throw CouldNotStart(bucket_problem(client, bucket, role, head.error()));
}

std::string bucket_problem(const net::S3Client& client, const std::string& bucket,
                           const std::string& role, const net::S3Error& error) {
  std::string message = "cannot access the " + role + " bucket s3://" + bucket + ": ";
  message += error.http_status == 404 ? "it does not exist" : error.describe();
  if (error.http_status == 403) {
    message += " (check the credentials: " + client.settings().credentials_source + ")";
  }
  return message;
}

}  // namespace s3copy::stages
