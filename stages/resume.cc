// Resuming an interrupted multipart copy: which in-progress upload at the destination key is this
// copy's own (started after the source last changed), which are stale, and which parts it keeps.
#include "stages/resume.h"

#include "net/http_date.h"

namespace s3copy::stages {

UploadChoice choose_upload(const std::vector<net::MultipartUpload>& uploads, const std::string& key,
                           std::time_t source_modified) {
  UploadChoice choice;
  std::time_t newest = 0;
  for (const net::MultipartUpload& upload : uploads) {
    if (upload.key != key) continue;
    const std::optional<std::time_t> started = net::parse_iso8601_time(upload.initiated);
    if (!started || *started <= source_modified) {
      choice.stale.push_back(upload);
    } else if (!choice.resume || *started > newest) {
      choice.resume = upload;
      newest = *started;
    }
  }
  return choice;
}

std::vector<net::PartInfo> reusable_parts(const plan::PartLayout& layout,
                                          const std::vector<net::PartInfo>& done) {
  std::vector<net::PartInfo> kept;
  for (const net::PartInfo& part : done) {
    if (part.part_number < 1 || part.part_number > layout.part_count() || part.etag.empty()) {
      continue;
    }
    const std::uint64_t expected =
        layout.last_byte(part.part_number) - layout.first_byte(part.part_number) + 1;
    if (part.size == expected) kept.push_back(part);
  }
  return kept;
}

}  // namespace s3copy::stages
