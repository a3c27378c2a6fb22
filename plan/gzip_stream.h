// Decompresses gzip data as it is read (S3 Inventory writes its CSV files gzipped), through a
// std::streambuf, so that a compressed list of any size is read in constant memory.
#pragma once

#include <memory>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace s3copy::plan {

// True when `first_bytes` begins with the gzip magic number 1F 8B. Lists are recognised as gzip by
// these bytes, never by a file name (standard input has none).
bool starts_like_gzip(std::string_view first_bytes);

// Reads the gzip data of `compressed` and serves the bytes it inflates to. Concatenated gzip
// members (`cat a.gz b.gz`) are read one after another, as gzip -d does. Corrupt or truncated data
// throws std::invalid_argument from the read that meets it, e.g. "inventory.csv.gz: gzip data ends
// early; the file is truncated - fetch it again".
class GzipInputBuffer : public std::streambuf {
 public:
  // `compressed` must outlive this buffer; `display_name` names the data in messages.
  GzipInputBuffer(std::streambuf& compressed, std::string display_name);
  ~GzipInputBuffer() override;

  GzipInputBuffer(const GzipInputBuffer&) = delete;
  GzipInputBuffer& operator=(const GzipInputBuffer&) = delete;

 protected:
  int_type underflow() override;

 private:
  struct Inflater;  // zlib's state, kept out of this header

  // Refills the compressed input; false at its end.
  bool fill_input();
  [[noreturn]] void fail(const std::string& problem) const;

  std::streambuf& compressed_;
  std::string display_name_;
  std::unique_ptr<Inflater> inflater_;
  std::vector<char> input_;
  std::vector<char> output_;
  bool finished_ = false;
};

}  // namespace s3copy::plan
