// Learning a multipart source's own part layout from the server (HEAD ?partNumber=K), so that the
// copy gets the same parts and with them the source's very ETag.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "net/s3_client.h"
#include "plan/action.h"
#include "plan/part_layout.h"

namespace s3copy::stages {

// The layout that part lengths reported for every part describe, when they add up to `size`.
std::optional<plan::PartLayout> layout_from_part_lengths(std::uint64_t size,
                                                         const std::vector<std::uint64_t>& lengths);

// Given the answer to HEAD ?partNumber=1 (`first_part`), asks for what else the layout needs:
// one more HEAD (the last part) when the first part's length explains a uniform layout, one per
// part otherwise. Calls `done` with the reported layout, or nullopt when the server reports no
// parts (radosgw ignores partNumber) or its answers do not add up; the caller then guesses.
void discover_layout(net::S3Client& client, const plan::Action& action,
                     const net::ObjectHead& first_part,
                     std::function<void(std::optional<plan::PartLayout>)> done);

}  // namespace s3copy::stages
