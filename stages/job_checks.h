// What stops a job before it starts: CouldNotStart, and the check that each bucket it names is
// there and readable with the credentials given.
#pragma once

#include <stdexcept>
#include <string>

#include "net/s3_client.h"

namespace s3copy::stages {

// Thrown before anything is copied, for a job that cannot start (exit status 2); the message says
// why and what to do.
class CouldNotStart : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Asks for `bucket` (HeadBucket) through `client`; throws CouldNotStart naming it as the `role`
// ("source", "destination") bucket when it is missing or cannot be read. Jobs that list both
// buckets skip it: the first listing page answers the same question (bucket_problem below).
void check_bucket(net::S3Client& client, const std::string& bucket, const std::string& role);

// What to tell the user when `bucket`, the job's `role` bucket, cannot be read: missing, or the
// error, naming where the credentials came from when they were refused.
[[nodiscard]] std::string bucket_problem(const net::S3Client& client, const std::string& bucket,
                                         const std::string& role, const net::S3Error& error);

}  // namespace s3copy::stages
