// What s3copy tells the user about a run: the live progress line, the closing summary, and the
// same summary as JSON (--json). Pure formatting, so it is unit-tested.
#include "tools/report.h"

#include <cstdio>

#include "net/redact.h"

namespace s3copy::tools {
namespace {

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string status_name(stages::RunStatus status) {
  switch (status) {
    case stages::RunStatus::kOk:
      return "ok";
    case stages::RunStatus::kSomeFailed:
      return "some_failed";
    case stages::RunStatus::kCouldNotStart:
      return "could_not_start";
  }
  return "unknown";
}

std::string rate(std::uint64_t bytes, double seconds) {
  return seconds > 0 ? human_bytes(static_cast<std::uint64_t>(bytes / seconds)) + "/s" : "-";
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// Objects settled (copied, skipped or failed) a second.
std::string object_rate(const stages::ObjectCounts& o, double seconds) {
  if (seconds <= 0) return "- objects/s";
  return fixed(static_cast<double>(o.copied + o.skipped + o.failed) / seconds, 1) + " objects/s";
}

// " | ETA 30 s"-style remainder, once listing is over (the total is known only then): the bytes
// left at the rate bytes were copied so far. Empty when there is nothing to estimate.
std::string eta_seconds(const stages::RunSummary& summary) {
  const stages::ObjectCounts& o = summary.objects;
  const std::uint64_t settled = o.bytes_copied + o.bytes_skipped;
  if (!o.listing_done || o.bytes_copied == 0 || summary.seconds <= 0 || o.bytes_listed <= settled) {
    return "";
  }
  const double per_second = static_cast<double>(o.bytes_copied) / summary.seconds;
  return fixed(static_cast<double>(o.bytes_listed - settled) / per_second, 0) + " s";
}

}  // namespace

std::string human_bytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 5) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? std::to_string(bytes) + " B" : fixed(value, 1) + " " + kUnits[unit];
}

std::string progress_line(const stages::RunSummary& summary) {
  const stages::ObjectCounts& o = summary.objects;
  std::string line = "copied " + std::to_string(o.copied) + " (" + human_bytes(o.bytes_copied) +
                     ") skipped " + std::to_string(o.skipped) + " failed " +
                     std::to_string(o.failed) + " of " + std::to_string(o.listed) +
                     (o.listing_done ? "" : "+") + " listed";
  line += " | " + object_rate(o, summary.seconds) + " " + rate(o.bytes_copied, summary.seconds);
  line += " | retries " + std::to_string(summary.retries);
  line += " | " + fixed(summary.seconds, 0) + " s";
  const std::string eta = eta_seconds(summary);
  if (!eta.empty()) line += " | ETA " + eta;
  return line;
}

std::string status_line(const stages::RunSummary& summary) {
  const stages::ObjectCounts& o = summary.objects;
  const std::string more = o.listing_done ? "" : "+";
  std::string line =
      "status: objects " + std::to_string(o.copied + o.skipped + o.failed) + "/" +
      std::to_string(o.listed) + more + " done (copied " + std::to_string(o.copied) + ", skipped " +
      std::to_string(o.skipped) + "), failed " + std::to_string(o.failed) + ", bytes " +
      human_bytes(o.bytes_copied + o.bytes_skipped) + "/" + human_bytes(o.bytes_listed) + more +
      ", " + object_rate(o, summary.seconds) + ", " + rate(o.bytes_copied, summary.seconds) +
      ", retries " + std::to_string(summary.retries) + ", " + fixed(summary.seconds, 0) + " s";
  const std::string eta = eta_seconds(summary);
  if (!eta.empty()) line += ", ETA " + eta;
  return line;
}

namespace {

std::string cleanup_text(const stages::CleanupCounts& cleanup, bool dry_run) {
  const std::string would = dry_run ? "would have " : "";
  std::string text = "s3copy: cleanup " + would + "deleted " +
                     std::to_string(cleanup.files_deleted) + " temp files and " + would +
                     "aborted " + std::to_string(cleanup.uploads_aborted) + " abandoned uploads";
  if (cleanup.files_kept > 0) {
    text += "; kept " + std::to_string(cleanup.files_kept) +
            " temp files of objects whose copy is not complete (a rerun uses them)";
  }
  text += "\n";
  for (const std::string& problem : cleanup.problems) {
    text += "s3copy: cleanup: " + net::Redactor::global().scrub(problem) + "\n";
  }
  return text;
}

}  // namespace

std::string summary_text(const stages::RunResult& result, bool dry_run) {
  const stages::RunSummary& s = result.summary;
  const stages::ObjectCounts& o = s.objects;
  std::string text;
  if (dry_run) {
    text = "s3copy: dry run: would copy " + std::to_string(o.planned) + " objects (" +
           human_bytes(o.bytes_planned) + "), would skip " + std::to_string(o.skipped) +
           " up to date; nothing was changed\n";
  } else {
    text = "s3copy: copied " + std::to_string(o.copied) + " objects (" +
           human_bytes(o.bytes_copied) + "), skipped " + std::to_string(o.skipped) +
           " up to date (" + human_bytes(o.bytes_skipped) + "), failed " +
           std::to_string(o.failed) + " in " + fixed(s.seconds, 1) + " s; " +
           std::to_string(s.requests) + " requests, " + std::to_string(s.retries) + " retries\n";
  }
  if (o.failed > 0) {
    text += "s3copy: " + std::to_string(o.failed) +
            " objects failed (each is named above with the reason); run the same command again to "
            "finish the job\n";
  }
  if (s.cleanup) text += cleanup_text(*s.cleanup, dry_run);
  if (!result.error.empty())
    text += "s3copy: " + net::Redactor::global().scrub(result.error) + "\n";
  return text;
}

std::string summary_json(const stages::RunResult& result, bool dry_run) {
  const stages::RunSummary& s = result.summary;
  const stages::ObjectCounts& o = s.objects;
  std::string json = "{\"status\":" + json_string(status_name(result.status));
  json += ",\"dry_run\":" + std::string(dry_run ? "true" : "false");
  const std::pair<const char*, std::uint64_t> numbers[] = {
      {"listed", o.listed},
      {"bytes_listed", o.bytes_listed},
      {"copied", o.copied},
      {"skipped", o.skipped},
      {"failed", o.failed},
      {"planned", o.planned},
      {"bytes_copied", o.bytes_copied},
      {"bytes_skipped", o.bytes_skipped},
      {"bytes_planned", o.bytes_planned},
      {"parts_copied", o.parts_copied},
      {"parts_reused", o.parts_reused},
      {"requests", s.requests},
      {"retries", s.retries},
      {"slow_downs", s.slow_downs},
  };
  for (const auto& [name, value] : numbers) {
    json += ",\"" + std::string(name) + "\":" + std::to_string(value);
  }
  if (s.cleanup) {
    json += ",\"temp_files_deleted\":" + std::to_string(s.cleanup->files_deleted);
    json += ",\"uploads_aborted\":" + std::to_string(s.cleanup->uploads_aborted);
    json += ",\"temp_files_kept\":" + std::to_string(s.cleanup->files_kept);
  }
  json += ",\"seconds\":" + fixed(s.seconds, 3);
  json += ",\"error\":" + json_string(net::Redactor::global().scrub(result.error));
  return json + "}\n";
}

}  // namespace s3copy::tools
