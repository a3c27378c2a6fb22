// --cleanup: after a job, removes what copying left on the destination bucket — the staged
// method's part files and multipart uploads abandoned by killed runs — of this job's objects only.
#include "stages/cleanup.h"

#include <stdexcept>

#include "net/http_date.h"
#include "net/s3_xml.h"
#include "plan/plan_line.h"
#include "plan/staging_area.h"
#include "plan/up_to_date.h"

namespace s3copy::stages {
namespace {

constexpr size_t kDeleteBatch = 1000;  // S3's most keys in one DeleteObjects

void list_part_files(const CleanupSettings& settings, const std::string& prefix,
                     net::S3Client& client, Leftovers& found) {
  net::ListObjectsRequest request{.bucket = settings.destination_bucket,
                                  .prefix = settings.temp_prefix + prefix};
  do {
    auto page = net::wait_for<net::ListObjectsPage>(
        [&](auto done) { client.list_objects_v2(request, done); });
    if (!page.ok())
      throw std::runtime_error("cannot list the temp area: " + page.error().describe());
    for (const net::ObjectSummary& object : page.value().objects) {
      const auto name = plan::parse_staged_key(settings.temp_prefix, object.key);
      if (name) found.part_files[name->source_key].push_back(object.key);
    }
    request.continuation_token = page.value().next_continuation_token;
    if (!page.value().is_truncated) break;
  } while (true);
}

// An upload belongs to a source key as a temp file of it, or as its copy in progress.
std::optional<std::string> source_key_of_upload(const CleanupSettings& settings,
                                                const plan::Selection& selection,
                                                const std::string& key) {
  if (const auto name = plan::parse_staged_key(settings.temp_prefix, key)) return name->source_key;
  return selection.rules().source_key_of(key);
}

void list_uploads(const CleanupSettings& settings, const plan::Selection& selection,
                  const std::string& prefix, net::S3Client& client, Leftovers& found) {
  std::string key_marker, id_marker;
  do {
    auto page = net::wait_for<net::ListUploadsPage>([&](auto done) {
      client.list_multipart_uploads(settings.destination_bucket, prefix, key_marker, id_marker,
                                    done);
    });
    if (!page.ok()) {
      throw std::runtime_error("cannot list multipart uploads: " + page.error().describe());
    }
    for (const net::MultipartUpload& upload : page.value().uploads) {
      if (auto source_key = source_key_of_upload(settings, selection, upload.key)) {
        found.uploads[*source_key][upload.upload_id] = upload;
      }
    }
    key_marker = page.value().next_key_marker;
    id_marker = page.value().next_upload_id_marker;
    if (!page.value().is_truncated) break;
  } while (true);
}

// True when the destination holds the current source (plan::destination_holds).
bool copy_is_complete(const CleanupSettings& settings, const plan::Selection& selection,
                      const std::string& source_key, net::S3Client& client, net::S3Client& reader) {
  auto source = net::wait_for<net::ObjectHead>([&](auto done) {
    client.head_object(settings.source_bucket, source_key, std::nullopt, done);
  });
  if (!source.ok()) return false;
  auto copy = net::wait_for<net::ObjectHead>([&](auto done) {
    reader.head_object(settings.destination_bucket, selection.rules().destination_key(source_key),
                       std::nullopt, done);
  });
  if (!copy.ok()) return false;
  const plan::ObjectEntry current{
      .key = source_key, .size = source.value().content_length, .etag = source.value().etag};
  return plan::destination_holds(current, {.size = copy.value().content_length,
                                           .etag = copy.value().etag,
                                           .user_metadata = &copy.value().user_metadata}) !=
         plan::UpToDate::kNo;
}

class Remover {
 public:
  Remover(const CleanupSettings& settings, net::S3Client& client)
      : settings_(settings), client_(client) {}

  void delete_file(const std::string& key) {
    ++counts_.files_deleted;
    if (settings_.dry_run) return report("would delete", key);
    if (!net::xml_can_carry(key)) return delete_one(key);
    batch_.push_back(key);
    if (batch_.size() == kDeleteBatch) flush();
  }

  void abort_upload(const net::MultipartUpload& upload) {
    ++counts_.uploads_aborted;
    if (settings_.dry_run)
      return report("would abort upload " + upload.upload_id + " of", upload.key);
    auto aborted = net::wait_for<net::Done>([&](auto done) {
      client_.abort_multipart_upload(settings_.destination_bucket, upload.key, upload.upload_id,
                                     done);
    });
    if (!aborted.ok())
      problem("cannot abort upload " + upload.upload_id, upload.key, aborted.error());
  }

  void keep(size_t files) { counts_.files_kept += files; }

  CleanupCounts finish() {
    flush();
    return counts_;
  }

 private:
  void flush() {
    if (batch_.empty()) return;
    auto deleted = net::wait_for<std::vector<net::DeleteFailure>>(
        [&](auto done) { client_.delete_objects(settings_.destination_bucket, batch_, done); });
    if (!deleted.ok()) {
      counts_.files_deleted -= batch_.size();
      counts_.problems.push_back("cannot delete " + std::to_string(batch_.size()) +
                                 " temp files: " + deleted.error().describe());
    } else {
      for (const net::DeleteFailure& failure : deleted.value()) {
        --counts_.files_deleted;
        counts_.problems.push_back(
            "cannot delete " + plan::format_object_url(settings_.destination_bucket, failure.key) +
            ": " + failure.code + " " + failure.message);
      }
    }
    batch_.clear();
  }

  void delete_one(const std::string& key) {
    auto deleted = net::wait_for<net::Done>(
        [&](auto done) { client_.delete_object(settings_.destination_bucket, key, done); });
    if (!deleted.ok()) {
      --counts_.files_deleted;
      problem("cannot delete", key, deleted.error());
    }
  }

  void report(const std::string& what, const std::string& key) {
    settings_.report->comment(what + " " +
                              plan::format_object_url(settings_.destination_bucket, key));
  }

  void problem(const std::string& what, const std::string& key, const net::S3Error& error) {
    counts_.problems.push_back(what + " " +
                               plan::format_object_url(settings_.destination_bucket, key) + ": " +
                               error.describe());
  }

  const CleanupSettings& settings_;
  net::S3Client& client_;
  std::vector<std::string> batch_;
  CleanupCounts counts_;
};

bool started_before(const net::MultipartUpload& upload, std::time_t moment) {
  const std::optional<std::time_t> started = net::parse_iso8601_time(upload.initiated);
  return started && *started < moment;
}

}  // namespace

std::set<std::string> Leftovers::source_keys() const {
  std::set<std::string> keys;
  for (const auto& [key, files] : part_files) keys.insert(key);
  for (const auto& [key, found] : uploads) keys.insert(key);
  return keys;
}

Leftovers find_leftovers(const CleanupSettings& settings, const plan::Selection& selection,
                         net::S3Client& client) {
  Leftovers found;
  for (const std::string& prefix : selection.source_prefixes()) {
    list_part_files(settings, prefix, client, found);
    list_uploads(settings, selection, settings.temp_prefix + prefix, client, found);
  }
  for (const std::string& prefix : selection.destination_prefixes()) {
    list_uploads(settings, selection, prefix, client, found);
  }
  return found;
}

CleanupCounts remove_leftovers(const CleanupSettings& settings, const plan::Selection& selection,
                               const Leftovers& leftovers,
                               const std::function<bool(const std::string&)>& in_job,
                               net::S3Client& client, net::S3Client& reader) {
  Remover remover(settings, client);
  for (const auto& [source_key, uploads] : leftovers.uploads) {
    if (!in_job(source_key)) continue;
    for (const auto& [id, upload] : uploads) {
      if (started_before(upload, settings.run_started)) remover.abort_upload(upload);
    }
  }
  for (const auto& [source_key, files] : leftovers.part_files) {
    if (!in_job(source_key)) continue;
    if (!copy_is_complete(settings, selection, source_key, client, reader)) {
      remover.keep(files.size());
      continue;
    }
    for (const std::string& key : files) remover.delete_file(key);
  }
  return remover.finish();
}

}  // namespace s3copy::stages
