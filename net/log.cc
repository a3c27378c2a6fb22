// Process-wide logging: timestamped lines with a level and, where there is one, the object key.
// Every line passes through the Redactor first, so no secret reaches a log at any level.
#include "net/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "net/redact.h"
#include "net/text.h"

namespace s3copy::net {
namespace {

std::atomic<int> g_threshold{static_cast<int>(LogLevel::kCritical)};
std::mutex g_sink_mutex;
FILE* g_sink = nullptr;  // nullptr means stderr

std::string timestamp_now() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t seconds = system_clock::to_time_t(now);
  const auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return text;
}

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view name) {
  if (equals_ignoring_case(name, "DEBUG")) return LogLevel::kDebug;
  if (equals_ignoring_case(name, "INFO")) return LogLevel::kInfo;
  if (equals_ignoring_case(name, "WARNING") || equals_ignoring_case(name, "WARN")) {
    return LogLevel::kWarning;
  }
  if (equals_ignoring_case(name, "ERROR")) return LogLevel::kError;
  if (equals_ignoring_case(name, "CRITICAL")) return LogLevel::kCritical;
  return std::nullopt;
}

std::string_view log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARNING";
    case LogLevel::kError:
      return "ERROR";
    case LogLevel::kCritical:
      return "CRITICAL";
    case LogLevel::kOff:
      break;
  }
  return "OFF";
}

bool configure_log(LogLevel level, const std::string& path) {
  FILE* sink = nullptr;
  if (!path.empty()) {
    sink = std::fopen(path.c_str(), "a");
    if (sink == nullptr) return false;
  }
  std::lock_guard lock(g_sink_mutex);
  if (g_sink != nullptr) std::fclose(g_sink);
  g_sink = sink;
  g_threshold.store(static_cast<int>(level), std::memory_order_relaxed);
  return true;
}

bool log_enabled(LogLevel level) {
  return static_cast<int>(level) >= g_threshold.load(std::memory_order_relaxed);
}

namespace {

void write_line(LogLevel level, std::string_view key, std::string_view message) {
  std::string line = timestamp_now();
  line += ' ';
  line += log_level_name(level);
  if (!key.empty()) {
    line += " [";
    line += key;
    line += ']';
  }
  line += ' ';
  line += message;
  line = Redactor::global().scrub(line);
  line += '\n';
  std::lock_guard lock(g_sink_mutex);
  FILE* out = g_sink != nullptr ? g_sink : stderr;
  std::fwrite(line.data(), 1, line.size(), out);
  std::fflush(out);
}

}  // namespace

void log_line(LogLevel level, std::string_view key, std::string_view message) {
  if (!log_enabled(level) || level == LogLevel::kOff) return;
  write_line(level, key, message);
}

void log_status(std::string_view message) {
  write_line(LogLevel::kInfo, "", message);
}

}  // namespace s3copy::net
