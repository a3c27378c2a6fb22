// Decompresses gzip data as it is read (S3 Inventory writes its CSV files gzipped), through a
// std::streambuf, so that a compressed list of any size is read in constant memory.
#include "plan/gzip_stream.h"

#include <zlib.h>

#include <stdexcept>
#include "plan/input_error.h"

namespace s3copy::plan {
namespace {

constexpr size_t kInputBytes = 64 * 1024;
constexpr size_t kOutputBytes = 256 * 1024;
// windowBits 15 plus 16: zlib reads the gzip wrapper (header and CRC) rather than raw zlib data.
constexpr int kGzipWindowBits = 15 + 16;

}  // namespace

bool starts_like_gzip(std::string_view first_bytes) {
  return first_bytes.size() >= 2 && static_cast<unsigned char>(first_bytes[0]) == 0x1F &&
         static_cast<unsigned char>(first_bytes[1]) == 0x8B;
}

struct GzipInputBuffer::Inflater {
  z_stream stream{};
  bool member_ended = false;  // the last member's trailer was read; more input starts a new one

  Inflater() {
    if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) throw std::bad_alloc();
  }
  ~Inflater() { inflateEnd(&stream); }
};

GzipInputBuffer::GzipInputBuffer(std::streambuf& compressed, std::string display_name)
    : compressed_(compressed),
      display_name_(std::move(display_name)),
      inflater_(std::make_unique<Inflater>()),
      input_(kInputBytes),
      output_(kOutputBytes) {}

GzipInputBuffer::~GzipInputBuffer() = default;

void GzipInputBuffer::fail(const std::string& problem) const {
  throw InputError(display_name_, problem);
}

bool GzipInputBuffer::fill_input() {
  const std::streamsize got = compressed_.sgetn(input_.data(), std::streamsize(input_.size()));
  if (got <= 0) return false;
  inflater_->stream.next_in = reinterpret_cast<Bytef*>(input_.data());
  inflater_->stream.avail_in = static_cast<uInt>(got);
  return true;
}

GzipInputBuffer::int_type GzipInputBuffer::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  z_stream& stream = inflater_->stream;
  while (!finished_) {
    if (stream.avail_in == 0 && !fill_input()) {
      if (inflater_->member_ended) {
        finished_ = true;
        break;
      }
      fail("gzip data ends early; the file is truncated - fetch or copy it again");
    }
    if (inflater_->member_ended) {
      // Another gzip member follows (concatenated .gz files): start decoding it afresh.
      inflateReset(&stream);
      inflater_->member_ended = false;
    }
    stream.next_out = reinterpret_cast<Bytef*>(output_.data());
    stream.avail_out = static_cast<uInt>(output_.size());
    const int result = inflate(&stream, Z_NO_FLUSH);
    if (result == Z_STREAM_END) {
      inflater_->member_ended = true;
    } else if (result != Z_OK && result != Z_BUF_ERROR) {
      const std::string reason = stream.msg != nullptr ? stream.msg : "zlib error";
      fail("not valid gzip data (" + reason + ")");
    }
    const size_t produced = output_.size() - stream.avail_out;
    if (produced > 0) {
      setg(output_.data(), output_.data(), output_.data() + produced);
      return traits_type::to_int_type(*gptr());
    }
  }
  return traits_type::eof();
}

}  // namespace s3copy::plan
