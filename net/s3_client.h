// The S3 operations a copier needs, asynchronous on the shared HttpEngine: each request is signed,
// admitted under the AIMD concurrency limit, retried with backoff, and follows wrong-region
// answers.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/connection_settings.h"
#include "net/credentials_provider.h"
#include "net/http_engine.h"
#include "net/http_message.h"
#include "net/result.h"
#include "net/s3_types.h"

namespace s3copy::net {

struct ClientOptions {
  int max_in_flight = 40;  // the seed's -t: requests in flight at once, not OS threads
  int max_attempts = 10;   // per request, the first one included
};

// Counters for summaries and logs; monotonic over the client's life.
struct ClientStats {
  std::uint64_t requests = 0;  // attempts sent, retries included
  std::uint64_t retries = 0;
  std::uint64_t slow_downs = 0;  // 503 SlowDown and alike
  int current_concurrency = 0;   // the AIMD limit now
};

struct ListObjectsRequest {
  std::string bucket;
  std::string prefix;
  std::string delimiter;
  std::string start_after;
  std::string continuation_token;
  int max_keys = 1000;
};

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive, as in HTTP
};

struct GetObjectResult {
  ObjectHead head;
  std::string body;
};

struct CopyObjectRequest {
  std::string source_bucket;
  std::string source_key;
  std::string source_etag;  // pins the source with x-amz-copy-source-if-match when non-empty
  std::string bucket;
  std::string key;
  // ACL, metadata directive, replacement metadata, tagging: already-formed S3 request headers.
  HeaderList headers;
};

struct UploadPartCopyRequest {
  std::string source_bucket;
  std::string source_key;
  std::string source_etag;                // as in CopyObjectRequest
  std::optional<ByteRange> source_range;  // whole object when absent
  std::string bucket;
  std::string key;
  std::string upload_id;
  int part_number = 1;
};

class S3Client {
 public:
  template <class T>
  using Callback = std::function<void(Result<T>)>;

  // Signs with `credentials`; without, with the settings' fixed keys (settings.credentials).
  S3Client(HttpEngine& engine, ConnectionSettings settings, ClientOptions options = {},
           std::shared_ptr<CredentialsProvider> credentials = nullptr);
  // Waits until every operation started has had its callback run; the engine must outlive it.
  ~S3Client();
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  // Every operation returns at once; its callback runs later on an engine loop thread, exactly
  // once.
  void list_objects_v2(const ListObjectsRequest& request, Callback<ListObjectsPage> done);
  // part_number asks for one part's length and the part count (AWS; some servers ignore it).
  void head_object(const std::string& bucket, const std::string& key,
                   std::optional<int> part_number, Callback<ObjectHead> done);
  void get_object(const std::string& bucket, const std::string& key, std::optional<ByteRange> range,
                  Callback<GetObjectResult> done);
  // Returns the new object's ETag. Content-MD5 is sent so the server verifies the bytes.
  void put_object(const std::string& bucket, const std::string& key, std::string body,
                  HeaderList headers, Callback<std::string> done);
  void copy_object(const CopyObjectRequest& request, Callback<CopyResult> done);
  void create_multipart_upload(const std::string& bucket, const std::string& key,
                               HeaderList headers, Callback<MultipartUpload> done);
  void upload_part_copy(const UploadPartCopyRequest& request, Callback<CopyResult> done);
  // Returns the part's ETag.
  void upload_part(const std::string& bucket, const std::string& key, const std::string& upload_id,
                   int part_number, std::string body, Callback<std::string> done);
  void complete_multipart_upload(const std::string& bucket, const std::string& key,
                                 const std::string& upload_id, const std::vector<PartInfo>& parts,
                                 Callback<CompleteResult> done);
  void abort_multipart_upload(const std::string& bucket, const std::string& key,
                              const std::string& upload_id, Callback<Done> done);
  void list_parts(const std::string& bucket, const std::string& key, const std::string& upload_id,
                  int part_number_marker, Callback<ListPartsPage> done);
  void list_multipart_uploads(const std::string& bucket, const std::string& prefix,
                              const std::string& key_marker, const std::string& upload_id_marker,
                              Callback<ListUploadsPage> done);
  // Deletes up to 1000 keys in one request (quiet mode); answers the keys S3 could not delete.
  // Keys that XML cannot carry (net::xml_can_carry) must go through delete_object instead.
  void delete_objects(const std::string& bucket, const std::vector<std::string>& keys,
                      Callback<std::vector<DeleteFailure>> done);
  void delete_object(const std::string& bucket, const std::string& key, Callback<Done> done);
  void get_object_tagging(const std::string& bucket, const std::string& key,
                          Callback<std::vector<Tag>> done);
  void get_object_acl(const std::string& bucket, const std::string& key,
                      Callback<AccessControlPolicy> done);
  void put_object_acl(const std::string& bucket, const std::string& key,
                      const AccessControlPolicy& policy, Callback<Done> done);
  void head_bucket(const std::string& bucket, Callback<Done> done);
  // The bucket's region ("us-east-1" when S3 answers an empty LocationConstraint).
  void get_bucket_location(const std::string& bucket, Callback<std::string> done);

  // The caller's canonical user id, from ListBuckets.
  void get_caller_id(Callback<std::string> done);

  ClientStats stats() const;
  const ConnectionSettings& settings() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs one asynchronous operation and waits for it. Never call it from an engine loop thread
// (a callback): that thread is the one that would have to deliver the answer.
template <class T, class Operation>
Result<T> wait_for(Operation&& start) {
  std::promise<Result<T>> promise;
  auto future = promise.get_future();
  start([&promise](Result<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

}  // namespace s3copy::net
