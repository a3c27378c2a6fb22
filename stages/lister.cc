// The lister stage: streams a bucket's listing, in S3 key order, into a bounded channel (so memory
// stays flat however large the bucket), or looks up explicitly named keys exactly with HeadObject.
#include "stages/lister.h"

#include <future>
#include <memory>

#include "stages/job_checks.h"
#include "stages/semaphore.h"

namespace s3copy::stages {
namespace {

using PageFuture = std::future<net::Result<net::ListObjectsPage>>;

PageFuture request_page(net::S3Client& client, const net::ListObjectsRequest& request) {
  auto promise = std::make_shared<std::promise<net::Result<net::ListObjectsPage>>>();
  PageFuture future = promise->get_future();
  client.list_objects_v2(request, [promise](net::Result<net::ListObjectsPage> page) {
    promise->set_value(std::move(page));
  });
  return future;
}

// Lists one prefix to the end; false when the listing failed (the job is then failed).
// `first_request_checks_bucket`: the job did not check the bucket beforehand, so a first page that
// fails says what is wrong with the bucket.
bool list_prefix(net::S3Client& client, const std::string& bucket, const std::string& role,
                 const std::string& prefix, bool first_request_checks_bucket,
                 const KeyFilter& filter, Channel<plan::ObjectEntry>& out, Ledger& ledger) {
  net::ListObjectsRequest request{.bucket = bucket, .prefix = prefix};
  PageFuture pending = request_page(client, request);
  for (bool first_page = true;; first_page = false) {
    net::Result<net::ListObjectsPage> page = pending.get();
    if (!page.ok()) {
      ledger.fail_job(first_page && first_request_checks_bucket
                          ? bucket_problem(client, bucket, role, page.error())
                          : "cannot list s3://" + bucket + "/" + prefix + ": " +
                                page.error().describe());
      return false;
    }
    const bool more = page.value().is_truncated;
    if (more && page.value().next_continuation_token.empty()) {
      ledger.fail_job("listing s3://" + bucket + "/" + prefix +
                      " is truncated but gives no continuation token");
      return false;
    }
    if (more) {  // ask for the next page before handing this one on: listing never waits on us
      request.continuation_token = page.value().next_continuation_token;
      pending = request_page(client, request);
    }
    for (net::ObjectSummary& object : page.value().objects) {
      std::optional<std::string> key = filter(object.key);
      if (!key) continue;
      out.push(plan::ObjectEntry{std::move(*key), object.size, std::move(object.etag)});
    }
    if (!more || ledger.job_failed()) return !ledger.job_failed();
  }
}

plan::ObjectEntry entry_of(const std::string& key, const net::ObjectHead& head) {
  return plan::ObjectEntry{key, head.content_length, head.etag};
}

bool is_not_found(const net::S3Error& error) {
  return error.http_status == 404;
}

// Collects both HEAD answers of one named key and hands the pair on when the second arrives.
struct NamedLookup {
  NamedObject object;
  std::string source_problem;  // each answer writes only its own fields
  std::string destination_problem;
  std::atomic<int> answers_missing{2};
};

void deliver_when_complete(const std::shared_ptr<NamedLookup>& lookup, Channel<NamedObject>& out,
                           const std::shared_ptr<Semaphore>& slots) {
  if (lookup->answers_missing.fetch_sub(1) != 1) return;
  lookup->object.problem =
      !lookup->source_problem.empty() ? lookup->source_problem : lookup->destination_problem;
  out.push(std::move(lookup->object));
  slots->signal();
}

}  // namespace

void list_bucket(net::S3Client& client, const std::string& bucket, const std::string& role,
                 const std::vector<std::string>& prefixes, const KeyFilter& filter,
                 Channel<plan::ObjectEntry>& out, Ledger& ledger) {
  for (std::size_t i = 0; i < prefixes.size(); ++i) {
    if (!list_prefix(client, bucket, role, prefixes[i], i == 0, filter, out, ledger)) break;
  }
  out.close();
}

void look_up_named_keys(net::S3Client& source_client, net::S3Client& destination_reader,
                        const std::string& source_bucket, const std::string& destination_bucket,
                        const std::function<std::optional<std::string>()>& next_key,
                        const std::function<std::string(const std::string&)>& destination_key_of,
                        int concurrency, Channel<NamedObject>& out, Ledger& ledger) {
  auto slots = std::make_shared<Semaphore>(std::max(1, concurrency));
  while (!ledger.job_failed()) {
    std::optional<std::string> key = next_key();
    if (!key) break;
    slots->wait();
    auto lookup = std::make_shared<NamedLookup>();
    lookup->object.ticket = ledger.admit(source_bucket, *key, 0);
    lookup->object.source.key = *key;
    source_client.head_object(source_bucket, *key, std::nullopt, [=, &out](auto head) {
      if (head.ok()) {
        lookup->object.source = entry_of(lookup->object.source.key, head.value());
      } else {
        lookup->source_problem =
            is_not_found(head.error()) ? "no such source object" : head.error().describe();
      }
      deliver_when_complete(lookup, out, slots);
    });
    destination_reader.head_object(
        destination_bucket, destination_key_of(*key), std::nullopt, [=, &out](auto head) {
          if (head.ok()) {
            lookup->object.destination = entry_of(destination_key_of(*key), head.value());
          } else if (!is_not_found(head.error())) {
            lookup->destination_problem = "cannot read the destination: " + head.error().describe();
          }
          deliver_when_complete(lookup, out, slots);
        });
  }
  // Wait for the lookups still in flight before closing: their answers must reach the differ.
  for (int i = 0; i < std::max(1, concurrency); ++i) slots->wait();
  out.close();
}

}  // namespace s3copy::stages
