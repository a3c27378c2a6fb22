// Reads an S3 object as a std::streambuf, a range at a time, so that a large object (an inventory
// data file) never sits in memory whole.
#include "stages/object_stream.h"

#include <algorithm>
#include <stdexcept>

namespace s3copy::stages {
namespace {

constexpr std::uint64_t kRangeBytes = 8ull << 20;

}  // namespace

RangedObjectBuffer::RangedObjectBuffer(net::S3Client& client, std::string bucket, std::string key)
    : client_(client), bucket_(std::move(bucket)), key_(std::move(key)) {
  auto head = net::wait_for<net::ObjectHead>(
      [&](auto done) { client_.head_object(bucket_, key_, std::nullopt, done); });
  if (!head.ok()) fail(head.error().describe());
  size_ = head.value().content_length;
  etag_ = head.value().etag;
}

RangedObjectBuffer::int_type RangedObjectBuffer::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (offset_ >= size_) return traits_type::eof();
  const net::ByteRange range{offset_, std::min(size_, offset_ + kRangeBytes) - 1};
  auto got = net::wait_for<net::GetObjectResult>(
      [&](auto done) { client_.get_object(bucket_, key_, range, done); });
  if (!got.ok()) fail(got.error().describe());
  if (got.value().head.etag != etag_) fail("it changed while it was read; run again");
  chunk_ = std::move(got.value().body);
  if (chunk_.empty()) fail("the server sent no bytes for a range it listed");
  offset_ += chunk_.size();
  setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
  return traits_type::to_int_type(*gptr());
}

void RangedObjectBuffer::fail(const std::string& why) const {
  throw std::invalid_argument("cannot read the inventory data file s3://" + bucket_ + "/" + key_ +
                              " that the manifest lists: " + why);
}

}  // namespace s3copy::stages
