// What s3copy tells the user about a run: the live progress line, the closing summary, and the
// same summary as JSON (--json). Pure formatting, so it is unit-tested.
#pragma once

#include <string>

#include "stages/pipeline.h"

namespace s3copy::tools {

// "1.5 GiB", "512 B".
std::string human_bytes(std::uint64_t bytes);

// One line, no newline: "copied 120 (1.2 GiB) skipped 30 failed 0 of 150 listed | 4.0 objects/s
// 41.0 MiB/s | retries 2 | 12 s | ETA 30 s" (the ETA once listing is complete).
std::string progress_line(const stages::RunSummary& summary);

// The same facts as one plain line for logs (no control codes, stable field names), no newline:
// "status: objects 150/150 done (copied 120, skipped 30), failed 0, bytes 1.2 GiB/3.0 GiB,
// 4.0 objects/s, 41.0 MiB/s, retries 2, 30 s, ETA 30 s". A total not known yet ends in "+".
std::string status_line(const stages::RunSummary& summary);

// The closing summary, one or more lines ending in a newline; says what happened, what failed and
// what to do next.
std::string summary_text(const stages::RunResult& result, bool dry_run);

// The summary as one JSON object and a newline.
std::string summary_json(const stages::RunResult& result, bool dry_run);

}  // namespace s3copy::tools
