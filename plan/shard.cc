// --shard K/N: a stable hash partition of keys, so that N processes on N machines share one job
// with no coordination and no overlap; each takes the keys whose hash modulo N is K.
#include "plan/shard.h"

#include <charconv>
#include <stdexcept>

namespace s3copy::plan {
namespace {

constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

uint64_t fnv1a64(std::string_view bytes) {
  uint64_t hash = kFnvOffsetBasis;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kFnvPrime;
  }
  return hash;
}

uint64_t splitmix64_finalizer(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Digits only, no sign or spaces; -1 when `text` is not such a number or is above `limit`.
int parse_count(std::string_view text, int limit) {
  int value = -1;
  if (text.empty() || text.front() < '0' || text.front() > '9') return -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value > limit) return -1;
  return value;
}

}  // namespace

Shard parse_shard(std::string_view text) {
  const auto fail = [&](const std::string& problem) {
    return std::invalid_argument("--shard '" + std::string(text) + "': " + problem);
  };
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    throw fail("expected K/N, shard K of N counted from 0, e.g. --shard 0/3 (with 1/3 and 2/3)");
  }
  const int count = parse_count(text.substr(slash + 1), kMaxShardCount);
  if (count < 1) {
    throw fail("N must be a whole number from 1 to " + std::to_string(kMaxShardCount) +
               ", the number of shards, e.g. --shard 0/3");
  }
  const int index = parse_count(text.substr(0, slash), kMaxShardCount);
  if (index < 0) {
    throw fail("K must be a whole number from 0 to N-1, the shard to take, e.g. --shard 0/" +
               std::to_string(count));
  }
  if (index >= count) {
    throw fail("K must be below N (shards are numbered from 0: 0/" + std::to_string(count) +
               " to " + std::to_string(count - 1) + "/" + std::to_string(count) +
               " make the whole job)");
  }
  return {index, count};
}

std::string to_string(const Shard& shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

uint64_t shard_hash(std::string_view key) {
  return splitmix64_finalizer(fnv1a64(key));
}

int shard_of(std::string_view key, int count) {
  return static_cast<int>(shard_hash(key) % static_cast<uint64_t>(count));
}

bool owns(const Shard& shard, std::string_view key) {
  return shard_of(key, shard.count) == shard.index;
}

}  // namespace s3copy::plan
