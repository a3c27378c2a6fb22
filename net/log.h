// Process-wide logging: timestamped lines with a level and, where there is one, the object key.
// Every line passes through the Redactor first, so no secret reaches a log at any level.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace s3copy::net {

enum class LogLevel { kDebug = 0, kInfo, kWarning, kError, kCritical, kOff };

// "DEBUG", "INFO", "WARNING" (or "WARN"), "ERROR", "CRITICAL", case-insensitive; nullopt otherwise.
std::optional<LogLevel> parse_log_level(std::string_view name);
std::string_view log_level_name(LogLevel level);

// Lines below `level` are dropped. With an empty path lines go to stderr; otherwise they are
// appended to the file (the seed's -L). Returns false, with errno set, when the file cannot be
// opened.
bool configure_log(LogLevel level, const std::string& path);

// Cheap check so callers can skip building a message nobody will read.
bool log_enabled(LogLevel level);

// One line: "2026-11-25T21:40:01.123Z INFO [key] message". `key` may be empty.
void log_line(LogLevel level, std::string_view key, std::string_view message);

// An INFO line written whatever the level: the periodic status lines (--stats-interval) that a
// run without a terminal prints, like its closing summary, unless asked not to.
void log_status(std::string_view message);

}  // namespace s3copy::net
