// Resuming an interrupted multipart copy: which in-progress upload at the destination key is this
// copy's own (started after the source last changed), which are stale, and which parts it keeps.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "net/s3_types.h"
#include "plan/part_layout.h"

namespace s3copy::stages {

struct UploadChoice {
  // The newest upload of this key started after the source was last modified: its parts can only
  // hold the source's current bytes. Absent when there is none.
  std::optional<net::MultipartUpload> resume;
  // Uploads of this key started before the source last changed: their parts hold old bytes.
  std::vector<net::MultipartUpload> stale;
};

// `uploads` as ListMultipartUploads returned them for the key as prefix (other keys are ignored);
// `source_modified` is the source's Last-Modified. An upload whose start cannot be read, or that
// started in the same second, is treated as stale: only a later start proves the bytes current.
UploadChoice choose_upload(const std::vector<net::MultipartUpload>& uploads, const std::string& key,
                           std::time_t source_modified);

// The parts of `done` (ListParts) that fit `layout`: right number and right size, with an ETag.
std::vector<net::PartInfo> reusable_parts(const plan::PartLayout& layout,
                                          const std::vector<net::PartInfo>& done);

}  // namespace s3copy::stages
