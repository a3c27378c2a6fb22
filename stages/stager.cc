// The stager stage (--staged only): makes each part's files in the temp area the original s3copy's
// way — a one-part multipart temp file, then a simple part file — before the part is composed.
#include "stages/stager.h"

#include "net/http_date.h"
#include "net/log.h"
#include "plan/etag.h"
#include "plan/object_entry.h"
#include "stages/ledger.h"

namespace s3copy::stages {
namespace {

using plan::StagedFileKind;

std::uint64_t range_bytes(const net::ByteRange& range) {
  return range.last - range.first + 1;
}

// Pages through the temp area's files and then its open uploads, one request at a time.
class AreaSurvey : public std::enable_shared_from_this<AreaSurvey> {
 public:
  AreaSurvey(net::S3Client& client, std::shared_ptr<CopyJob> job, std::string temp_prefix,
             std::time_t run_started, std::function<void(std::string)> done)
      : client_(client),
        job_(std::move(job)),
        temp_prefix_(std::move(temp_prefix)),
        run_started_(run_started),
        done_(std::move(done)) {}

  void list_files(const std::string& continuation) {
    net::ListObjectsRequest request{.bucket = job_->action.destination_bucket,
                                    .prefix = job_->staging_area->directory(),
                                    .continuation_token = continuation};
    client_.list_objects_v2(request, [self = shared_from_this()](auto page) {
      if (!page.ok()) return self->done_("cannot list the temp area: " + page.error().describe());
      for (const net::ObjectSummary& object : page.value().objects) self->record(object);
      if (page.value().is_truncated) return self->list_files(page.value().next_continuation_token);
      self->list_uploads("", "");
    });
  }

 private:
  void record(const net::ObjectSummary& object) {
    const std::optional<plan::StagedFileName> name =
        plan::parse_staged_key(temp_prefix_, object.key);
    if (!name || name->part_number > static_cast<int>(job_->staged.size())) return;
    StagedFiles& files = job_->staged[static_cast<size_t>(name->part_number - 1)];
    if (name->kind == StagedFileKind::kTemp) {
      files.temp_etag = object.etag;
      files.temp_size = object.size;
    } else {
      files.part_etag = object.etag;
      files.part_size = object.size;
    }
  }

  void list_uploads(const std::string& key_marker, const std::string& id_marker) {
    client_.list_multipart_uploads(
        job_->action.destination_bucket, job_->staging_area->directory(), key_marker, id_marker,
        [self = shared_from_this()](auto page) {
          if (!page.ok()) {
            return self->done_("cannot list the temp area's uploads: " + page.error().describe());
          }
          for (const net::MultipartUpload& upload : page.value().uploads) {
            self->abort_if_abandoned(upload);
          }
          if (page.value().is_truncated) {
            return self->list_uploads(page.value().next_key_marker,
                                      page.value().next_upload_id_marker);
          }
          self->done_("");
        });
  }

  // A temp file's upload lives for three requests; one older than this run was left by a run
  // that was killed between them.
  void abort_if_abandoned(const net::MultipartUpload& upload) {
    const std::optional<std::time_t> started = net::parse_iso8601_time(upload.initiated);
    if (!started || *started >= run_started_) return;
    net::log_line(net::LogLevel::kInfo, upload.key,
                  "aborting temp-file upload " + upload.upload_id + " left by an earlier run");
    client_.abort_multipart_upload(
        job_->action.destination_bucket, upload.key, upload.upload_id,
        [key = upload.key](net::Result<net::Done> aborted) {
          if (!aborted.ok()) {
            net::log_line(net::LogLevel::kWarning, key,
                          "could not abort a temp-file upload: " + aborted.error().describe());
          }
        });
  }

  net::S3Client& client_;
  const std::shared_ptr<CopyJob> job_;
  const std::string temp_prefix_;
  const std::time_t run_started_;
  const std::function<void(std::string)> done_;
};

}  // namespace

void survey_staging_area(net::S3Client& client, const std::shared_ptr<CopyJob>& job,
                         const std::string& temp_prefix, std::time_t run_started,
                         std::function<void(std::string)> done) {
  std::make_shared<AreaSurvey>(client, job, temp_prefix, run_started, std::move(done))
      ->list_files("");
}

Stager::Stager(net::S3Client& client, Ledger& ledger, std::function<void(CopyTask)> composed_parts)
    : client_(client), ledger_(ledger), composed_parts_(std::move(composed_parts)) {}

// Restart: a part file is reused only when its temp file is there too and vouches for its ETag;
// a temp file alone saves the copy across buckets.
void Stager::stage(CopyTask task, StageSlot slot) {
  if (task.job->failed.load()) return;
  const StagedFiles& found = task.job->staged[static_cast<size_t>(task.part_number - 1)];
  const std::uint64_t bytes = range_bytes(*task.range);
  const bool temp_ready = found.temp_size == bytes && plan::is_multipart_etag(found.temp_etag);
  if (temp_ready && found.part_size == bytes &&
      plan::matches_temp_file(found.part_etag, found.temp_etag)) {
    return hand_on(std::move(task), found.part_etag, found.temp_etag);
  }
  if (temp_ready) return make_part_file(std::move(task), found.temp_etag, std::move(slot));
  make_temp_file(std::move(task), std::move(slot));
}

// Step 1: S3 cannot copy part of an object into a simple one, so the range goes into a
// multipart upload of one part.
void Stager::make_temp_file(CopyTask task, StageSlot slot) {
  const CopyJob& job = *task.job;
  client_.create_multipart_upload(
      job.action.destination_bucket,
      job.staging_area->file_key(StagedFileKind::kTemp, task.part_number), {},
      [this, task = std::move(task), slot](net::Result<net::MultipartUpload> upload) mutable {
        if (!upload.ok()) {
          return fail(task, "cannot start temp file: " + upload.error().describe());
        }
        fill_temp_file(std::move(task), upload.value().upload_id, std::move(slot));
      });
}

void Stager::fill_temp_file(CopyTask task, std::string temp_upload, StageSlot slot) {
  const CopyJob& job = *task.job;
  const std::string temp_key = job.staging_area->file_key(StagedFileKind::kTemp, task.part_number);
  net::UploadPartCopyRequest request{.source_bucket = job.action.source_bucket,
                                     .source_key = job.action.source.key,
                                     .source_etag = job.action.source.etag,
                                     .source_range = task.range,
                                     .bucket = job.action.destination_bucket,
                                     .key = temp_key,
                                     .upload_id = temp_upload,
                                     .part_number = 1};
  client_.upload_part_copy(request, [this, task = std::move(task), temp_upload,
                                     slot](net::Result<net::CopyResult> copied) mutable {
    if (!copied.ok() || !plan::looks_like_md5(copied.value().etag)) {
      abandon_temp_upload(task, temp_upload);
      return fail(task, copied.ok() ? "the temp file's part came back without an MD5 ETag ('" +
                                          copied.value().etag + "')"
                                    : copied.error().describe());
    }
    net::PartInfo part{
        .part_number = 1, .etag = copied.value().etag, .size = range_bytes(*task.range)};
    complete_temp_file(std::move(task), std::move(temp_upload), std::move(part), std::move(slot));
  });
}

void Stager::complete_temp_file(CopyTask task, std::string temp_upload, net::PartInfo part,
                                StageSlot slot) {
  const CopyJob& job = *task.job;
  const std::string temp_key = job.staging_area->file_key(StagedFileKind::kTemp, task.part_number);
  client_.complete_multipart_upload(
      job.action.destination_bucket, temp_key, temp_upload, {part},
      [this, task = std::move(task), temp_upload, part, slot](auto completed) mutable {
        if (!completed.ok()) {
          abandon_temp_upload(task, temp_upload);
          return fail(task, "cannot complete the temp file: " + completed.error().describe());
        }
        // The MD5 S3 reported while copying is what the part file must prove (seed step 2).
        make_part_file(std::move(task), plan::multipart_etag({part.etag}), std::move(slot));
      });
}

// Step 2: a simple copy of the temp file, whose ETag S3 computes from the bytes again.
void Stager::make_part_file(CopyTask task, std::string temp_etag, StageSlot slot) {
  const CopyJob& job = *task.job;
  net::CopyObjectRequest request{
      .source_bucket = job.action.destination_bucket,
      .source_key = job.staging_area->file_key(StagedFileKind::kTemp, task.part_number),
      .source_etag = temp_etag,
      .bucket = job.action.destination_bucket,
      .key = job.staging_area->file_key(StagedFileKind::kPart, task.part_number)};
  client_.copy_object(request, [this, task = std::move(task), temp_etag,
                                slot](net::Result<net::CopyResult> copied) mutable {
    if (!copied.ok()) return fail(task, "cannot make the part file: " + copied.error().describe());
    if (!plan::matches_temp_file(copied.value().etag, temp_etag)) {
      return fail(task, "the part file's ETag " + copied.value().etag +
                            " does not match its temp file's " + temp_etag);
    }
    hand_on(std::move(task), copied.value().etag, std::move(temp_etag));
  });
}

void Stager::hand_on(CopyTask task, std::string part_etag, std::string temp_etag) {
  const std::string key = task.job->staging_area->file_key(StagedFileKind::kPart, task.part_number);
  task.part_file =
      PartFile{.key = key, .etag = std::move(part_etag), .temp_etag = std::move(temp_etag)};
  composed_parts_(std::move(task));
}

void Stager::abandon_temp_upload(const CopyTask& task, const std::string& temp_upload) {
  const CopyJob& job = *task.job;
  client_.abort_multipart_upload(
      job.action.destination_bucket,
      job.staging_area->file_key(StagedFileKind::kTemp, task.part_number), temp_upload,
      [](net::Result<net::Done>) {});
}

void Stager::fail(const CopyTask& task, const std::string& why) {
  fail_job(task.job, "part " + std::to_string(task.part_number) + ": " + why, client_, ledger_);
}

}  // namespace s3copy::stages
