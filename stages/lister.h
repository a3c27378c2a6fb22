// The lister stage: streams a bucket's listing, in S3 key order, into a bounded channel (so memory
// stays flat however large the bucket), or looks up explicitly named keys exactly with HeadObject.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "net/s3_client.h"
#include "plan/object_entry.h"
#include "stages/channel.h"
#include "stages/ledger.h"

namespace s3copy::stages {

// Maps a listed key to the key the differ joins on (the source key), or drops it (nullopt).
using KeyFilter = std::function<std::optional<std::string>(const std::string& listed_key)>;

// Lists `bucket` under each of `prefixes` in turn (sorted and non-overlapping, so the output is in
// key order), keeping one page request ahead of the consumer. Closes `out` at the end. A listing
// that fails for good fails the whole job through the ledger; when its very first page fails, the
// message names the bucket as the job's `role` ("source", "destination") bucket, as
// check_bucket() would have. It runs on the calling thread (pages arrive through futures), which
// is also the one that pushes into `out`.
void list_bucket(net::S3Client& client, const std::string& bucket, const std::string& role,
                 const std::vector<std::string>& prefixes, const KeyFilter& filter,
                 Channel<plan::ObjectEntry>& out, Ledger& ledger);

// A source object named exactly (-f, -F) and what the destination holds under its copy's key.
struct NamedObject {
  plan::ObjectEntry source;
  std::optional<plan::ObjectEntry> destination;
  std::string problem;  // why the source could not be looked up; empty when it was
  ObjectTicket ticket;  // admitted before the lookup
};

// Looks up each named key with HeadObject (never a listing: -f foo must not find foo1), on both
// sides, at most `concurrency` keys at a time; admits each key into the ledger before looking it
// up. `next_key` yields source keys until nullopt. Closes `out` at the end. Keys are read on the
// calling thread; each pair is pushed into `out` on the event-loop thread of its second answer.
void look_up_named_keys(net::S3Client& source_client, net::S3Client& destination_reader,
                        const std::string& source_bucket, const std::string& destination_bucket,
                        const std::function<std::optional<std::string>()>& next_key,
                        const std::function<std::string(const std::string&)>& destination_key_of,
                        int concurrency, Channel<NamedObject>& out, Ledger& ledger);

}  // namespace s3copy::stages
