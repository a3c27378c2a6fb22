// Reads an S3 object as a std::streambuf, a range at a time, so that a large object (an inventory
// data file) never sits in memory whole.
#pragma once

#include <cstdint>
#include <streambuf>
#include <string>

#include "net/s3_client.h"

namespace s3copy::stages {

// Wrap it in a std::istream to read the object. Each range is fetched when the last one is used
// up, with blocking requests through `client`. A failed read, or an object that changes while it
// is read, throws std::invalid_argument naming the object as an inventory data file.
class RangedObjectBuffer : public std::streambuf {
 public:
  // Asks for the object's size and ETag (HeadObject); throws as above when it cannot.
  RangedObjectBuffer(net::S3Client& client, std::string bucket, std::string key);

 protected:
  int_type underflow() override;

 private:
  [[noreturn]] void fail(const std::string& why) const;

  net::S3Client& client_;
  std::string bucket_;
  std::string key_;
  std::string etag_;
  std::uint64_t size_ = 0;
  std::uint64_t offset_ = 0;
  std::string chunk_;
};

}  // namespace s3copy::stages
