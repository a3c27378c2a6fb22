// --shard K/N: a stable hash partition of keys, so that N processes on N machines share one job
// with no coordination and no overlap; each takes the keys whose hash modulo N is K.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace s3copy::plan {

// Shard `index` of `count`, 0-based like Kubernetes' JOB_COMPLETION_INDEX and AWS Batch's
// AWS_BATCH_JOB_ARRAY_INDEX: 0 <= index < count. The whole job is {0, 1}.
struct Shard {
  int index = 0;
  int count = 1;

  bool operator==(const Shard&) const = default;
};

// The most shards a job may be split into: far beyond any fleet, small enough to stay an int.
inline constexpr int kMaxShardCount = 1'000'000;

// "K/N" -> {K, N}, digits only. Throws std::invalid_argument naming the fix, e.g. "--shard
// '3/3': K must be below N (shards are numbered from 0: 0/3, 1/3 and 2/3 make the whole job)".
Shard parse_shard(std::string_view text);

// "K/N", as parse_shard() reads it.
std::string to_string(const Shard& shard);

// The stable 64-bit hash of a key's bytes that shards are cut by. THIS IS A FIXED FORMAT: plans
// written on one machine are applied on others, and N processes must agree on every key, across
// builds, compilers and versions. Never change it (unlike std::hash, which may change).
// Definition: FNV-1a 64 over the key's bytes (offset basis 0xcbf29ce484222325, prime
// 0x100000001b3), then splitmix64's finalizer, which spreads FNV's weak low bits over all 64:
//   z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9; z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
//   z ^= z >> 31.
// The key hashed is the source object's whole key (not relative to the source path), as stored:
// UTF-8 bytes, no normalisation.
uint64_t shard_hash(std::string_view key);

// shard_hash(key) % count: which of `count` shards a key belongs to.
int shard_of(std::string_view key, int count);

// True when `key` belongs to `shard`; every key belongs to exactly one shard of a count.
bool owns(const Shard& shard, std::string_view key);

}  // namespace s3copy::plan
