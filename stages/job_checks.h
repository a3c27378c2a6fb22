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
// ("source", "destination") bucket when it is missing or cannot be read.
void check_bucket(net::S3Client& client, const std::string& bucket, const std::string& role);

}  // namespace s3copy::stages
