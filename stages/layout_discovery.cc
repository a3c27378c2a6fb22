// Learning a multipart source's own part layout from the server (HEAD ?partNumber=K), so that the
// copy gets the same parts and with them the source's very ETag.
#include "stages/layout_discovery.h"

#include <atomic>
#include <memory>
#include <mutex>

#include "plan/object_entry.h"

namespace s3copy::stages {
namespace {

using LayoutCallback = std::function<void(std::optional<plan::PartLayout>)>;

// HEADs parts 2..N at once and collects their lengths.
class PartLengthSurvey : public std::enable_shared_from_this<PartLengthSurvey> {
 public:
  PartLengthSurvey(net::S3Client& client, const plan::Action& action, std::uint64_t first_length,
                   int parts, LayoutCallback done)
      : client_(client),
        bucket_(action.source_bucket),
        key_(action.source.key),
        size_(action.source.size),
        lengths_(static_cast<size_t>(parts)),
        remaining_(parts - 1),
        done_(std::move(done)) {
    lengths_[0] = first_length;
  }

  void start() {
    if (remaining_.load() == 0) return finish();
    for (int part = 2; part <= static_cast<int>(lengths_.size()); ++part) {
      client_.head_object(bucket_, key_, part, [self = shared_from_this(), part](auto head) {
        self->record(part, head);
      });
    }
  }

 private:
  void record(int part, const net::Result<net::ObjectHead>& head) {
    {
      std::lock_guard lock(mutex_);
      if (head.ok()) {
        lengths_[static_cast<size_t>(part - 1)] = head.value().content_length;
      } else {
        failed_ = true;
      }
    }
    if (remaining_.fetch_sub(1) == 1) finish();
  }

  void finish() {
    std::lock_guard lock(mutex_);
    done_(failed_ ? std::nullopt : layout_from_part_lengths(size_, lengths_));
  }

  net::S3Client& client_;
  const std::string bucket_;
  const std::string key_;
  const std::uint64_t size_;
  std::mutex mutex_;
  std::vector<std::uint64_t> lengths_;
  bool failed_ = false;
  std::atomic<int> remaining_;
  LayoutCallback done_;
};

void survey_every_part(net::S3Client& client, const plan::Action& action,
                       std::uint64_t first_length, int parts, LayoutCallback done) {
  std::make_shared<PartLengthSurvey>(client, action, first_length, parts, std::move(done))->start();
}

}  // namespace

std::optional<plan::PartLayout> layout_from_part_lengths(
    std::uint64_t size, const std::vector<std::uint64_t>& lengths) {
  std::uint64_t total = 0;
  for (std::uint64_t length : lengths) total += length;
  if (total != size) return std::nullopt;
  return plan::PartLayout::of_sizes(lengths);
}

void discover_layout(net::S3Client& client, const plan::Action& action,
                     const net::ObjectHead& first_part, LayoutCallback done) {
  const int parts = plan::multipart_part_count(action.source.etag);
  if (!first_part.parts_count || *first_part.parts_count != parts || parts < 1) {
    return done(std::nullopt);
  }
  const std::uint64_t first_length = first_part.content_length;
  const plan::PartLayout uniform = plan::PartLayout::uniform(action.source.size, first_length);
  if (uniform.part_count() != parts || parts == 1) {
    return survey_every_part(client, action, first_length, parts, std::move(done));
  }
  // Uniform as far as the first part tells; the last part's length confirms it.
  const std::uint64_t last_length = uniform.last_byte(parts) - uniform.first_byte(parts) + 1;
  client.head_object(action.source_bucket, action.source.key, parts,
                     [&client, action, first_length, parts, last_length, uniform,
                      done = std::move(done)](net::Result<net::ObjectHead> last) mutable {
                       if (last.ok() && last.value().content_length == last_length)
                         return done(uniform);
                       survey_every_part(client, action, first_length, parts, std::move(done));
                     });
}

}  // namespace s3copy::stages
