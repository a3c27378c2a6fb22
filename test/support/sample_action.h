// A plan action for tests that write and read plans: a simple copy of one small object from
// bucket "src" to the same key in bucket "dst".
#pragma once

#include <string>

#include "plan/action.h"

namespace s3copy::test {

inline plan::Action simple_copy_of(const std::string& key) {
  return plan::Action{.verdict = plan::Verdict::kCopy,
                      .method = plan::CopyMethod::kSimple,
                      .reason = "new",
                      .source_bucket = "src",
                      .source = {.key = key, .size = 3, .etag = "0123456789abcdef0123456789abcdef"},
                      .destination_bucket = "dst",
                      .destination_key = key};
}

}  // namespace s3copy::test
