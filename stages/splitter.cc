// The splitter stage: chooses how each object is copied (one CopyObject, or a multipart copy of
// UploadPartCopy parts) and turns a copy decision into the copy tasks the part-copier performs.
#include "stages/splitter.h"

#include <algorithm>

#include "net/http_date.h"
#include "net/log.h"
#include "net/object_head.h"
#include "net/uri.h"
#include "plan/etag.h"
#include "plan/part_layout.h"
#include "stages/layout_discovery.h"
#include "stages/resume.h"
#include "stages/stager.h"

namespace s3copy::stages {
namespace {

// x-amz-tagging wants the tag set as a URL query string.
std::string tagging_header(const std::vector<net::Tag>& tags) {
  std::string value;
  for (const net::Tag& tag : tags) {
    if (!value.empty()) value += '&';
    value += net::uri_encode(tag.key, true) + "=" + net::uri_encode(tag.value, true);
  }
  return value;
}

}  // namespace

plan::CopyMethod choose_method(const plan::ObjectEntry& source, std::uint64_t multipart_threshold,
                               bool staged) {
  if (source.size == 0) return plan::CopyMethod::kSimple;
  const std::uint64_t limit = std::min(multipart_threshold, plan::kMaxSingleCopyBytes);
  if (source.size > limit || plan::is_multipart_etag(source.etag)) {
    return staged ? plan::CopyMethod::kStaged : plan::CopyMethod::kMultipart;
  }
  return plan::CopyMethod::kSimple;
}

std::uint64_t choose_part_size(std::uint64_t size, std::uint64_t requested) {
  const std::uint64_t needed = (size + plan::kMaxParts - 1) / plan::kMaxParts;
  if (needed <= requested) return requested;
  return (needed + plan::kMiB - 1) / plan::kMiB * plan::kMiB;
}

Splitter::Splitter(SplitterSettings settings, net::S3Client& client, Ledger& ledger,
                   WholeCopyTrial& trial, std::function<void(CopyTask)> tasks,
                   std::function<void(std::shared_ptr<CopyJob>)> compose)
    : settings_(std::move(settings)),
      client_(client),
      ledger_(ledger),
      trial_(trial),
      tasks_(std::move(tasks)),
      compose_(std::move(compose)) {}

void decide_method(plan::Action& action, std::uint64_t multipart_threshold, std::uint64_t part_size,
                   bool staged) {
  // An applied plan's lines come with their method and part size already decided.
  if (action.verdict != plan::Verdict::kCopy || action.method != plan::CopyMethod::kNone) return;
  action.method = choose_method(action.source, multipart_threshold, staged);
  if (plan::copies_in_parts(action.method)) {
    action.part_size = planned_part_size(action.source, part_size);
  }
}

std::uint64_t planned_part_size(const plan::ObjectEntry& source, std::uint64_t requested) {
  const int source_parts = plan::multipart_part_count(source.etag);
  if (source_parts > 0) {
    const std::vector<std::uint64_t> guesses =
        plan::candidate_part_sizes(source.size, source_parts);
    if (!guesses.empty()) return guesses.front();
  }
  return choose_part_size(source.size, requested);
}

void Splitter::split(AdmittedAction admitted, StageSlot slot) {
  plan::Action& action = admitted.action;
  decide_method(action, settings_.multipart_threshold, settings_.part_size, settings_.staged);
  if (settings_.dry_run) {
    ledger_.record_planned(std::move(admitted.ticket), action);
    return;
  }
  // Also for applied plans: a plan applied then equals a one-shot run, object for object.
  switch (trial_.decide(admitted, settings_.multipart_threshold)) {
    case WholeCopyTrial::Decision::kAfterTrial:
      return;  // split again once the trial copy has answered
    case WholeCopyTrial::Decision::kWhole:
      action.method = plan::CopyMethod::kSimple;
      action.part_size = 0;
      action.part_sizes.clear();
      break;
    case WholeCopyTrial::Decision::kInParts:
      break;
  }
  auto job = std::make_shared<CopyJob>();
  job->action = std::move(action);
  job->ticket = std::move(admitted.ticket);
  if (job->action.method == plan::CopyMethod::kSimple) {
    tasks_(CopyTask{.job = std::move(job)});
    return;
  }
  start_multipart(std::move(job), std::move(slot));
}

void Splitter::start_multipart(std::shared_ptr<CopyJob> job, StageSlot slot) {
  job->splitter_slot = slot;
  const plan::Action& action = job->action;
  const bool multipart_source = plan::is_multipart_etag(action.source.etag);
  client_.head_object(action.source_bucket, action.source.key,
                      multipart_source ? std::optional(1) : std::nullopt,
                      [this, job, slot, multipart_source](net::Result<net::ObjectHead> head) {
                        if (!head.ok())
                          return fail(job, "cannot read the source: " + head.error().describe());
                        if (head.value().etag == job->action.source.etag) {
                          return learn_layout(job, head.value(), head.value(), slot);
                        }
                        if (!multipart_source) return fail_as_changed(job, head.value().etag);
                        // Some servers (moto) answer HEAD ?partNumber=1 with the part's own ETag,
                        // where AWS answers with the object's: only a plain HEAD can say that the
                        // source changed.
                        confirm_unchanged(job, head.value(), slot);
                      });
}

void Splitter::confirm_unchanged(std::shared_ptr<CopyJob> job, const net::ObjectHead& first_part,
                                 StageSlot slot) {
  client_.head_object(job->action.source_bucket, job->action.source.key, std::nullopt,
                      [this, job, slot, first_part](net::Result<net::ObjectHead> head) {
                        if (!head.ok()) {
                          return fail(job, "cannot read the source: " + head.error().describe());
                        }
                        if (head.value().etag != job->action.source.etag) {
                          return fail_as_changed(job, head.value().etag);
                        }
                        learn_layout(job, first_part, head.value(), slot);
                      });
}

void Splitter::learn_layout(std::shared_ptr<CopyJob> job, const net::ObjectHead& first_part,
                            const net::ObjectHead& object, StageSlot slot) {
  // HEAD ?partNumber=1 tells a multipart source's part count and first part where the server
  // supports it (AWS, moto); radosgw answers for the whole object and the guess stands.
  discover_layout(client_, job->action, first_part, [this, job, slot, object](auto layout) {
    if (layout) {
      job->action.part_size = layout->part_size();
      if (!layout->is_uniform()) job->action.part_sizes = layout->sizes();
    }
    read_tags_and_start(job, object, slot);
  });
}

void Splitter::fail_as_changed(const std::shared_ptr<CopyJob>& job, const std::string& etag_now) {
  fail(job, "the source changed since it was listed (ETag now " + etag_now + "); " +
                std::string(kCopyTheNewVersion));
}

void Splitter::read_tags_and_start(std::shared_ptr<CopyJob> job, const net::ObjectHead& head,
                                   StageSlot slot) {
  const std::optional<std::time_t> modified = net::parse_http_date(head.last_modified);
  net::HeaderList headers = net::metadata_headers(head);
  headers.emplace_back("x-amz-meta-" + std::string(plan::kSourceEtagMetadata),
                       job->action.source.etag);
  headers.insert(headers.end(), settings_.acl_headers.begin(), settings_.acl_headers.end());
  client_.get_object_tagging(
      job->action.source_bucket, job->action.source.key,
      [this, job, slot, modified, headers = std::move(headers)](auto tags) mutable {
        if (!tags.ok())
          return fail(job, "cannot read the source's tags: " + tags.error().describe());
        if (!tags.value().empty())
          headers.emplace_back("x-amz-tagging", tagging_header(tags.value()));
        if (!modified) return create_upload(job, std::move(headers), slot);
        resume_or_create(job, std::move(headers), *modified, slot);
      });
}

// An interrupted earlier run left its upload in place: continue it rather than copy again, and
// abort uploads whose parts hold bytes of an older version of the source.
void Splitter::resume_or_create(std::shared_ptr<CopyJob> job, net::HeaderList headers,
                                std::time_t source_modified, StageSlot slot) {
  const plan::Action& action = job->action;
  client_.list_multipart_uploads(
      action.destination_bucket, action.destination_key, "", "",
      [this, job, headers = std::move(headers), source_modified, slot](auto uploads) mutable {
        if (!uploads.ok()) {
          net::log_line(net::LogLevel::kWarning, job->action.source.key,
                        "cannot list in-progress uploads (" + uploads.error().describe() +
                            "); starting a new one");
          return create_upload(job, std::move(headers), slot);
        }
        const UploadChoice choice =
            choose_upload(uploads.value().uploads, job->action.destination_key, source_modified);
        for (const net::MultipartUpload& stale : choice.stale) abort_stale(*job, stale);
        if (!choice.resume) return create_upload(job, std::move(headers), slot);
        job->upload_id = choice.resume->upload_id;
        collect_parts(job, 0, std::make_shared<std::vector<net::PartInfo>>());
      });
}

void Splitter::abort_stale(const CopyJob& job, const net::MultipartUpload& stale) {
  net::log_line(net::LogLevel::kInfo, job.action.source.key,
                "aborting upload " + stale.upload_id + " of an older version of the source");
  client_.abort_multipart_upload(
      job.action.destination_bucket, stale.key, stale.upload_id,
      [key = job.action.source.key, id = stale.upload_id](net::Result<net::Done> aborted) {
        if (!aborted.ok()) {
          net::log_line(net::LogLevel::kWarning, key,
                        "could not abort stale upload " + id + ": " + aborted.error().describe());
        }
      });
}

// Reads the resumed upload's parts page by page, then copies only the ones still missing.
void Splitter::collect_parts(std::shared_ptr<CopyJob> job, int marker,
                             std::shared_ptr<std::vector<net::PartInfo>> found) {
  client_.list_parts(job->action.destination_bucket, job->action.destination_key, job->upload_id,
                     marker, [this, job, found](net::Result<net::ListPartsPage> page) {
                       if (!page.ok()) {
                         return fail(job, "cannot list the parts of upload " + job->upload_id +
                                              ": " + page.error().describe());
                       }
                       found->insert(found->end(), page.value().parts.begin(),
                                     page.value().parts.end());
                       if (page.value().is_truncated) {
                         return collect_parts(job, page.value().next_part_number_marker, found);
                       }
                       const plan::PartLayout layout = plan::layout_of(job->action);
                       emit_parts(job, reusable_parts(layout, *found));
                     });
}

void Splitter::create_upload(std::shared_ptr<CopyJob> job, net::HeaderList headers,
                             StageSlot slot) {
  client_.create_multipart_upload(
      job->action.destination_bucket, job->action.destination_key, std::move(headers),
      [this, job, slot](net::Result<net::MultipartUpload> upload) {
        if (!upload.ok())
          return fail(job, "cannot start the multipart upload: " + upload.error().describe());
        job->upload_id = upload.value().upload_id;
        emit_parts(job, {});
      });
}

void Splitter::emit_parts(const std::shared_ptr<CopyJob>& job,
                          const std::vector<net::PartInfo>& kept) {
  const plan::PartLayout layout = plan::layout_of(job->action);
  const int parts = layout.part_count();
  job->parts.resize(static_cast<size_t>(parts));
  for (const net::PartInfo& part : kept)
    job->parts[static_cast<size_t>(part.part_number - 1)] = part;
  const int missing = parts - static_cast<int>(kept.size());
  ledger_.count_parts(0, kept.size());
  if (missing == 0) return compose_(job);
  job->parts_remaining.store(missing);
  if (job->action.method != plan::CopyMethod::kStaged) return emit_missing_parts(job);
  job->staging_area.emplace(settings_.temp_prefix, job->action.source.key, job->action.source.etag);
  job->staged.resize(static_cast<size_t>(parts));
  survey_staging_area(client_, job, settings_.temp_prefix, settings_.run_started,
                      [this, job](const std::string& error) {
                        if (!error.empty()) return fail(job, error);
                        emit_missing_parts(job);
                      });
}

void Splitter::emit_missing_parts(const std::shared_ptr<CopyJob>& job) {
  const plan::PartLayout layout = plan::layout_of(job->action);
  const int parts = layout.part_count();
  for (int number = 1; number <= parts; ++number) {
    if (!job->parts[static_cast<size_t>(number - 1)].etag.empty()) continue;
    tasks_(CopyTask{.job = job,
                    .part_number = number,
                    .range = net::ByteRange{layout.first_byte(number), layout.last_byte(number)}});
  }
}

void Splitter::fail(const std::shared_ptr<CopyJob>& job, const std::string& why) {
  fail_job(job, why, client_, ledger_);
}

}  // namespace s3copy::stages
