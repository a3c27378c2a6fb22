// The S3 operations a copier needs, asynchronous on the shared HttpEngine: each request is signed,
// admitted under the AIMD concurrency limit, retried with backoff, and follows wrong-region
// answers.
#include "net/s3_client.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <unordered_map>

#include "net/addressing.h"
#include "net/aimd_limiter.h"
#include "net/backoff.h"
#include "net/crypto.h"
#include "net/log.h"
#include "net/object_head.h"
#include "net/redact.h"
#include "net/s3_error.h"
#include "net/s3_xml.h"
#include "net/sigv4.h"

namespace s3copy::net {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

// One S3 request as the operation describes it; the client adds addressing and signing.
struct Call {
  std::string method;
  std::string bucket;
  std::optional<std::string> key;  // absent for bucket-level requests
  Query query;
  HeaderList headers;
  std::string body;
  // CopyObject, UploadPartCopy and CompleteMultipartUpload can fail after sending "200 OK".
  bool may_hide_error_in_200 = false;
};

// A Call through its attempts. `deliver` parses a successful answer and hands it to the caller; it
// returns an error instead when the body is unreadable, which is retried like a server error.
struct Exchange {
  Call call;
  std::string payload_hash;
  std::function<std::optional<S3Error>(const HttpResponse&)> deliver;
  std::function<void(S3Error)> fail;
  int attempts = 0;
  int region_changes = 0;
  Admission admission;
  std::chrono::steady_clock::time_point sent_at;
};

constexpr int kMaxRegionChanges = 2;

std::mt19937_64& thread_rng() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}

std::string quoted(std::string_view etag) {
  return "\"" + std::string(etag) + "\"";
}

std::string range_header(const ByteRange& range) {
  return "bytes=" + std::to_string(range.first) + "-" + std::to_string(range.last);
}

S3Error malformed_response(const HttpResponse& response, const std::string& what) {
  S3Error error;
  error.http_status = response.status;
  error.code = "MalformedResponse";
  error.message = what;
  return error;
}

std::string etag_header(const HttpResponse& response) {
  return unquote_etag(response.header("etag").value_or(""));
}

CopyResult with_encryption(CopyResult result, const HttpResponse& response) {
  result.server_side_encryption =
      response.header("x-amz-server-side-encryption-customer-algorithm").has_value()
          ? "SSE-C"
          : response.header("x-amz-server-side-encryption").value_or("");
  return result;
}

}  // namespace

struct S3Client::Impl {
  Impl(HttpEngine& http, ConnectionSettings connection, ClientOptions opts,
       std::shared_ptr<CredentialsProvider> keys)
      : engine(http),
        settings(std::move(connection)),
        credentials(keys ? std::move(keys)
                         : fixed_credentials(settings.credentials, settings.credentials_source)),
        options(opts),
        limiter(AimdOptions{.ceiling = std::max(1, opts.max_in_flight)}),
        backoff(BackoffPolicy{.max_attempts = opts.max_attempts}),
        slow_down_backoff(BackoffPolicy{.base = kSlowDownBackoffPolicy.base,
                                        .cap = kSlowDownBackoffPolicy.cap,
                                        .max_attempts = opts.max_attempts}) {}

  // Starts `call`; `parse` turns a successful answer into T (throwing XmlError on bad bodies).
  template <class T, class Parse>
  void run(Call call, Callback<T> done, Parse parse) {
    auto exchange = std::make_shared<Exchange>();
    static const std::string kEmptyBodyHash = sha256_hex("");
    exchange->payload_hash = call.body.empty() ? kEmptyBodyHash : sha256_hex(call.body);
    exchange->call = std::move(call);
    auto shared_done = std::make_shared<Callback<T>>(std::move(done));
    exchange->deliver = [shared_done,
                         parse](const HttpResponse& response) -> std::optional<S3Error> {
      std::optional<T> value;
      try {
        value.emplace(parse(response));
      } catch (const XmlError& e) {
        return malformed_response(response, e.what());
      }
      (*shared_done)(std::move(*value));
      return std::nullopt;
    };
    exchange->fail = [shared_done](S3Error error) { (*shared_done)(std::move(error)); };
    unfinished.fetch_add(1);
    enqueue(std::move(exchange));
  }

  // Every exchange ends here exactly once, after its caller has been answered.
  void finish(const std::shared_ptr<Exchange>& exchange, std::optional<S3Error> error) {
    if (error) exchange->fail(std::move(*error));
    if (unfinished.fetch_sub(1) == 1) {
      std::lock_guard lock(unfinished_mutex);
      all_finished.notify_all();
    }
  }

  // The client may be destroyed only when no callback of its own can still run.
  ~Impl() {
    std::unique_lock lock(unfinished_mutex);
    all_finished.wait(lock, [&] { return unfinished.load() == 0; });
  }

  void enqueue(std::shared_ptr<Exchange> exchange) {
    {
      std::lock_guard lock(waiting_mutex);
      waiting.push_back(std::move(exchange));
    }
    pump();
  }

  // Starts waiting exchanges while the limiter admits them. Admission and the queue change under
  // one lock, so an exchange queued while the last slot was being freed is never stranded: the
  // thread that freed it pumps again afterwards and finds it.
  void pump() {
    for (;;) {
      std::shared_ptr<Exchange> exchange;
      {
        std::lock_guard lock(waiting_mutex);
        if (waiting.empty()) return;
        const std::optional<Admission> admission = limiter.try_acquire();
        if (!admission) return;
        exchange = std::move(waiting.front());
        waiting.pop_front();
        exchange->admission = *admission;
      }
      send(std::move(exchange));
    }
  }

  // Keys due for a refresh are fetched first. Meanwhile requests go out signed with the keys
  // there are while those still work, and wait for the new ones once they do not.
  void send(std::shared_ptr<Exchange> exchange) {
    const WallClock::time_point now = WallClock::now();
    if (!credentials->due(now)) return transmit(std::move(exchange));
    if (!credentials->expired(now)) {
      // Holds nothing of the request: it goes now. The provider logs a fetch that fails.
      credentials->refresh([](Result<Done>) {});
      return transmit(std::move(exchange));
    }
    credentials->refresh([this, exchange](Result<Done> refreshed) {
      if (refreshed.ok()) return transmit(exchange);
      // On the loop, not here: a provider may answer at once, and failing here would recurse
      // through end_admission -> pump -> send for every request waiting.
      engine.schedule(std::chrono::milliseconds(0), [this, exchange, error = refreshed.error()] {
        end_admission(*exchange, AimdLimiter::Outcome::kSuccess);
        finish(exchange, no_credentials(error));
      });
    });
  }

  S3Error no_credentials(S3Error error) const {
    error.message = "no valid credentials from " + credentials->source() + ": " + error.message;
    return error;
  }

  void transmit(std::shared_ptr<Exchange> exchange) {
    HttpRequest request = build_request(*exchange);
    ++exchange->attempts;
    requests.fetch_add(1, std::memory_order_relaxed);
    exchange->sent_at = std::chrono::steady_clock::now();
    engine.submit(std::move(request), [this, exchange](HttpResponse response) {
      on_response(exchange, std::move(response));
    });
  }

  HttpRequest build_request(const Exchange& exchange) {
    const Call& call = exchange.call;
    const std::string region = region_of(call.bucket);
    const BucketAddress address = address_bucket(settings, call.bucket, region);
    HttpRequest request;
    request.method = call.method;
    request.origin = address.origin;
    request.encoded_path = call.key ? object_path(address, *call.key) : bucket_path(address);
    request.query = call.query;
    request.headers = call.headers;
    request.body = call.body;
    sign_request(request, credentials->current()->credentials, SigningScope{.region = region},
                 std::chrono::system_clock::now(), exchange.payload_hash);
    return request;
  }

  void on_response(const std::shared_ptr<Exchange>& exchange, HttpResponse response) {
    log_exchange(*exchange, response);
    if (!response_is_error(response, exchange->call.may_hide_error_in_200)) {
      end_admission(*exchange, AimdLimiter::Outcome::kSuccess);
      if (std::optional<S3Error> unreadable = exchange->deliver(response)) {
        retry_later(exchange, std::move(*unreadable), ErrorDisposition::kRetry);
      } else {
        finish(exchange, std::nullopt);
      }
      return;
    }
    S3Error error = error_from_response(response);
    // A request cut off by the engine's shutdown must not be retried on that engine.
    const ErrorDisposition disposition = response.transport_error == kEngineShuttingDown
                                             ? ErrorDisposition::kFinal
                                             : classify(error);
    end_admission(*exchange, outcome_for(disposition));
    switch (disposition) {
      case ErrorDisposition::kWrongRegion:
        follow_region(exchange, std::move(error));
        return;
      case ErrorDisposition::kRetry:
      case ErrorDisposition::kSlowDown:
        retry_later(exchange, std::move(error), disposition);
        return;
      case ErrorDisposition::kFinal:
        finish(exchange, std::move(error));
        return;
    }
  }

  static AimdLimiter::Outcome outcome_for(ErrorDisposition disposition) {
    switch (disposition) {
      case ErrorDisposition::kSlowDown:
        return AimdLimiter::Outcome::kSlowDown;
      case ErrorDisposition::kRetry:
        return AimdLimiter::Outcome::kOtherFailure;
      default:
        return AimdLimiter::Outcome::kSuccess;  // an answered request: capacity was fine
    }
  }

  void end_admission(const Exchange& exchange, AimdLimiter::Outcome outcome) {
    if (outcome == AimdLimiter::Outcome::kSlowDown) slow_downs.fetch_add(1);
    const std::optional<LimitChange> change = limiter.release(exchange.admission, outcome);
    if (change && change->lowered()) {
      log_line(LogLevel::kWarning, "",
               "S3 asked to slow down: allowed concurrency lowered from " +
                   std::to_string(change->from) + " to " + std::to_string(change->to));
    } else if (change && log_enabled(LogLevel::kDebug)) {
      log_line(LogLevel::kDebug, "", "allowed concurrency raised to " + std::to_string(change->to));
    }
    pump();
  }

  void retry_later(const std::shared_ptr<Exchange>& exchange, S3Error error,
                   ErrorDisposition disposition) {
    if (!backoff.may_retry(exchange->attempts)) {
      error.message += error.message.empty() ? "" : "; ";
      error.message += "gave up after " + std::to_string(exchange->attempts) + " attempts";
      finish(exchange, std::move(error));
      return;
    }
    const Backoff& policy =
        disposition == ErrorDisposition::kSlowDown ? slow_down_backoff : backoff;
    const auto delay = policy.delay_before_retry(exchange->attempts - 1, thread_rng());
    retries.fetch_add(1, std::memory_order_relaxed);
    if (log_enabled(LogLevel::kInfo)) {
      log_line(LogLevel::kInfo, exchange->call.key.value_or(exchange->call.bucket),
               exchange->call.method + " failed (" + error.describe() + "), retry " +
                   std::to_string(exchange->attempts) + " in " + std::to_string(delay.count()) +
                   " ms");
    }
    engine.schedule(delay, [this, exchange] { enqueue(exchange); });
  }

  void follow_region(const std::shared_ptr<Exchange>& exchange, S3Error error) {
    const std::string current = region_of(exchange->call.bucket);
    if (error.region.empty() || error.region == current ||
        exchange->region_changes >= kMaxRegionChanges) {
      finish(exchange, std::move(error));
      return;
    }
    ++exchange->region_changes;
    log_line(LogLevel::kInfo, exchange->call.bucket,
             "bucket is in region " + error.region + ", not " + current + ": re-signing");
    remember_region(exchange->call.bucket, error.region);
    enqueue(exchange);
  }

  std::string region_of(const std::string& bucket) {
    std::lock_guard lock(regions_mutex);
    const auto found = bucket_regions.find(bucket);
    return found != bucket_regions.end() ? found->second : settings.region;
  }

  void remember_region(const std::string& bucket, const std::string& region) {
    std::lock_guard lock(regions_mutex);
    bucket_regions[bucket] = region;
  }

  void log_exchange(const Exchange& exchange, const HttpResponse& response) {
    if (!log_enabled(LogLevel::kDebug)) return;
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - exchange.sent_at);
    const std::string outcome = response.status != 0 ? "HTTP " + std::to_string(response.status)
                                                     : "failed: " + response.transport_error;
    log_line(LogLevel::kDebug, exchange.call.key.value_or(""),
             exchange.call.method + " s3://" + exchange.call.bucket + " -> " + outcome + " in " +
                 std::to_string(elapsed.count()) + " ms");
  }

  HttpEngine& engine;
  const ConnectionSettings settings;
  const std::shared_ptr<CredentialsProvider> credentials;
  const ClientOptions options;
  AimdLimiter limiter;
  const Backoff backoff;
  const Backoff slow_down_backoff;
  std::mutex waiting_mutex;
  std::deque<std::shared_ptr<Exchange>> waiting;  // admitted in order, oldest first
  std::mutex regions_mutex;
  std::unordered_map<std::string, std::string> bucket_regions;
  std::atomic<std::int64_t> unfinished{0};  // exchanges started and not yet answered
  std::mutex unfinished_mutex;
  std::condition_variable all_finished;
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> retries{0};
  std::atomic<std::uint64_t> slow_downs{0};
};

S3Client::S3Client(HttpEngine& engine, ConnectionSettings settings, ClientOptions options,
                   std::shared_ptr<CredentialsProvider> credentials)
    : impl_(std::make_unique<Impl>(engine, std::move(settings), options, std::move(credentials))) {}

S3Client::~S3Client() = default;

ClientStats S3Client::stats() const {
  return ClientStats{.requests = impl_->requests.load(),
                     .retries = impl_->retries.load(),
                     .slow_downs = impl_->slow_downs.load(),
                     .current_concurrency = impl_->limiter.current_limit()};
}

const ConnectionSettings& S3Client::settings() const {
  return impl_->settings;
}

void S3Client::list_objects_v2(const ListObjectsRequest& request, Callback<ListObjectsPage> done) {
  Call call{.method = "GET", .bucket = request.bucket};
  call.query = {
      {"list-type", "2"}, {"encoding-type", "url"}, {"max-keys", std::to_string(request.max_keys)}};
  const std::pair<const char*, const std::string*> optional_parameters[] = {
      {"prefix", &request.prefix},
      {"delimiter", &request.delimiter},
      {"start-after", &request.start_after},
      {"continuation-token", &request.continuation_token},
  };
  for (const auto& [name, value] : optional_parameters) {
    if (!value->empty()) call.query.emplace_back(name, *value);
  }
  impl_->run(std::move(call), std::move(done),
             [](const HttpResponse& r) { return parse_list_objects_v2(r.body); });
}

void S3Client::head_object(const std::string& bucket, const std::string& key,
                           std::optional<int> part_number, Callback<ObjectHead> done) {
  Call call{.method = "HEAD", .bucket = bucket, .key = key};
  if (part_number) call.query.emplace_back("partNumber", std::to_string(*part_number));
  impl_->run(std::move(call), std::move(done),
             [](const HttpResponse& r) { return object_head_from_headers(r.headers); });
}

void S3Client::get_object(const std::string& bucket, const std::string& key,
                          std::optional<ByteRange> range, Callback<GetObjectResult> done) {
  Call call{.method = "GET", .bucket = bucket, .key = key};
  if (range) call.headers.emplace_back("range", range_header(*range));
  impl_->run(std::move(call), std::move(done), [](const HttpResponse& r) {
    return GetObjectResult{object_head_from_headers(r.headers), r.body};
  });
}

void S3Client::put_object(const std::string& bucket, const std::string& key, std::string body,
                          HeaderList headers, Callback<std::string> done) {
  Call call{.method = "PUT", .bucket = bucket, .key = key, .headers = std::move(headers)};
  call.headers.emplace_back("content-md5", base64_encode(md5(body)));
  call.body = std::move(body);
  impl_->run(std::move(call), std::move(done), etag_header);
}

void S3Client::copy_object(const CopyObjectRequest& request, Callback<CopyResult> done) {
  Call call{.method = "PUT",
            .bucket = request.bucket,
            .key = request.key,
            .headers = request.headers,
            .may_hide_error_in_200 = true};
  call.headers.emplace_back("x-amz-copy-source",
                            copy_source(request.source_bucket, request.source_key));
  if (!request.source_etag.empty()) {
    call.headers.emplace_back("x-amz-copy-source-if-match", quoted(request.source_etag));
  }
  impl_->run(std::move(call), std::move(done), [](const HttpResponse& r) {
    return with_encryption(parse_copy_object_result(r.body), r);
  });
}

void S3Client::create_multipart_upload(const std::string& bucket, const std::string& key,
                                       HeaderList headers, Callback<MultipartUpload> done) {
  Call call{.method = "POST",
            .bucket = bucket,
            .key = key,
            .query = {{"uploads", ""}},
            .headers = std::move(headers)};
  impl_->run(std::move(call), std::move(done),
             [](const HttpResponse& r) { return parse_initiate_multipart_upload(r.body); });
}

void S3Client::upload_part_copy(const UploadPartCopyRequest& request, Callback<CopyResult> done) {
  Call call{.method = "PUT",
            .bucket = request.bucket,
            .key = request.key,
            .query = {{"partNumber", std::to_string(request.part_number)},
                      {"uploadId", request.upload_id}},
            .may_hide_error_in_200 = true};
  call.headers.emplace_back("x-amz-copy-source",
                            copy_source(request.source_bucket, request.source_key));
  if (request.source_range) {
    call.headers.emplace_back("x-amz-copy-source-range", range_header(*request.source_range));
  }
  if (!request.source_etag.empty()) {
    call.headers.emplace_back("x-amz-copy-source-if-match", quoted(request.source_etag));
  }
  impl_->run(std::move(call), std::move(done), [](const HttpResponse& r) {
    return with_encryption(parse_copy_part_result(r.body), r);
  });
}

void S3Client::upload_part(const std::string& bucket, const std::string& key,
                           const std::string& upload_id, int part_number, std::string body,
                           Callback<std::string> done) {
  Call call{.method = "PUT",
            .bucket = bucket,
            .key = key,
            .query = {{"partNumber", std::to_string(part_number)}, {"uploadId", upload_id}}};
  call.headers.emplace_back("content-md5", base64_encode(md5(body)));
  call.body = std::move(body);
  impl_->run(std::move(call), std::move(done), etag_header);
}

void S3Client::complete_multipart_upload(const std::string& bucket, const std::string& key,
                                         const std::string& upload_id,
                                         const std::vector<PartInfo>& parts,
                                         Callback<CompleteResult> done) {
  Call call{.method = "POST",
            .bucket = bucket,
            .key = key,
            .query = {{"uploadId", upload_id}},
            .headers = {{"content-type", "application/xml"}},
            .body = build_complete_multipart_upload(parts),
            .may_hide_error_in_200 = true};
  impl_->run(std::move(call), std::move(done),
             [](const HttpResponse& r) { return parse_complete_multipart_upload(r.body); });
}

void S3Client::abort_multipart_upload(const std::string& bucket, const std::string& key,
                                      const std::string& upload_id, Callback<Done> done) {
  Call call{.method = "DELETE", .bucket = bucket, .key = key, .query = {{"uploadId", upload_id}}};
  impl_->run(std::move(call), std::move(done), [](const HttpResponse&) { return Done{}; });
}

void S3Client::delete_objects(const std::string& bucket, const std::vector<std::string>& keys,
                              Callback<std::vector<DeleteFailure>> done) {
  Call call{.method = "POST",
            .bucket = bucket,
            .query = {{"delete", ""}},
            .headers = {{"content-type", "application/xml"}},
            .body = build_delete_objects(keys, true)};
  call.headers.emplace_back("content-md5", base64_encode(md5(call.body)));
  impl_->run(std::move(call), std::move(done),
             [](const HttpResponse& r) { return parse_delete_result(r.body); });
}

void S3Client::delete_object(const std::string& bucket, const std::string& key,
                             Callback<Done> done) {
  Call call{.method = "DELETE", .bucket = bucket, .key = key};
  impl_->run(std::move(call), std::move(done), [](const HttpResponse&) { return Done{}; });
}

void S3Client::list_parts(const std::string& bucket, const std::string& key,
                          const std::string& upload_id, int part_number_marker,
                          Callback<ListPartsPage> done) {
  Call call{.method = "GET", .bucket = bucket, .key = key, .query = {{"uploadId", upload_id}}};
  if (part_number_marker > 0) {
    call.query.emplace_back("part-number-marker", std::to_string(part_number_marker));
  }
  impl_->run(std::move(call), std::move(done),
             [](const HttpResponse& r) { return parse_list_parts(r.body); });
}

void S3Client::list_multipart_uploads(const std::string& bucket, const std::string& prefix,
                                      const std::string& key_marker,
                                      const std::string& upload_id_marker,
                                      Callback<ListUploadsPage> done) {
  Call call{
      .method = "GET", .bucket = bucket, .query = {{"uploads", ""}, {"encoding-type", "url"}}};
  if (!prefix.empty()) call.query.emplace_back("prefix", prefix);
  if (!key_marker.empty()) call.query.emplace_back("key-marker", key_marker);
  if (!upload_id_marker.empty()) call.query.emplace_back("upload-id-marker", upload_id_marker);
  impl_->run(std::move(call), std::move(done),
             [](const HttpResponse& r) { return parse_list_multipart_uploads(r.body, true); });
}

void S3Client::get_object_tagging(const std::string& bucket, const std::string& key,
                                  Callback<std::vector<Tag>> done) {
  Call call{.method = "GET", .bucket = bucket, .key = key, .query = {{"tagging", ""}}};
  impl_->run(std::move(call), std::move(done),
             [](const HttpResponse& r) { return parse_tagging(r.body); });
}

void S3Client::get_object_acl(const std::string& bucket, const std::string& key,
                              Callback<AccessControlPolicy> done) {
  Call call{.method = "GET", .bucket = bucket, .key = key, .query = {{"acl", ""}}};
  impl_->run(std::move(call), std::move(done),
             [](const HttpResponse& r) { return parse_access_control_policy(r.body); });
}

void S3Client::put_object_acl(const std::string& bucket, const std::string& key,
                              const AccessControlPolicy& policy, Callback<Done> done) {
  Call call{.method = "PUT",
            .bucket = bucket,
            .key = key,
            .query = {{"acl", ""}},
            .headers = {{"content-type", "application/xml"}},
            .body = build_access_control_policy(policy)};
  impl_->run(std::move(call), std::move(done), [](const HttpResponse&) { return Done{}; });
}

void S3Client::head_bucket(const std::string& bucket, Callback<Done> done) {
  Call call{.method = "HEAD", .bucket = bucket};
  impl_->run(std::move(call), std::move(done), [](const HttpResponse&) { return Done{}; });
}

void S3Client::get_bucket_location(const std::string& bucket, Callback<std::string> done) {
  Call call{.method = "GET", .bucket = bucket, .query = {{"location", ""}}};
  impl_->run(std::move(call), std::move(done),
             [](const HttpResponse& r) { return parse_location_constraint(r.body); });
}

void S3Client::get_caller_id(Callback<std::string> done) {
  Call call{.method = "GET"};
  impl_->run(std::move(call), std::move(done),
             [](const HttpResponse& r) { return parse_list_buckets_owner(r.body); });
}

}  // namespace s3copy::net
