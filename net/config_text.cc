// What the two config file parsers (net/s3cfg.cc, net/aws_profile.cc) share: reading the file,
// splitting it into numbered lines, and error messages that name the line without leaking secrets.
#include "net/config_text.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "net/config_error.h"

namespace s3copy::net {
namespace {

// Appends the file's bytes to `contents`; returns 0, or the errno of the failure. A directory
// opens fine on Linux and fails only when read (EISDIR), which is why the read itself is checked.
int read_whole_file(const std::string& path, std::string& contents) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return errno;
  char buffer[8192];
  size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file)) > 0) contents.append(buffer, count);
  const int reason = std::ferror(file) != 0 ? errno : 0;
  std::fclose(file);
  return reason;
}

[[noreturn]] void fail_to_read(const std::string& path, std::string_view what, int reason) {
  throw ConfigError("cannot read " + std::string(what) + " " + path + ": " + std::strerror(reason));
}

}  // namespace

std::string read_config_file(const std::string& path, std::string_view what) {
  std::string contents;
  if (const int reason = read_whole_file(path, contents); reason != 0) {
    fail_to_read(path, what, reason);
  }
  return contents;
}

std::optional<std::string> read_config_file_if_present(const std::string& path,
                                                       std::string_view what) {
  std::string contents;
  const int reason = read_whole_file(path, contents);
  if (reason == ENOENT) return std::nullopt;
  if (reason != 0) fail_to_read(path, what, reason);
  return contents;
}

void for_each_line(std::string_view text,
                   const std::function<void(std::string_view line, int line_number)>& on_line) {
  int line_number = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    on_line(text.substr(0, end), ++line_number);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
}

void fail_at_line(std::string_view file, int line_number, std::string_view problem) {
  throw ConfigError(std::string(file) + " line " + std::to_string(line_number) + ": " +
                    std::string(problem));
}

std::string safe_excerpt(std::string_view line) {
  constexpr size_t kMaxExcerpt = 40;
  const size_t end = std::min(line.find_first_of(" \t:="), kMaxExcerpt);
  if (end >= line.size()) return std::string(line);
  return std::string(line.substr(0, end)) + "...";
}

}  // namespace s3copy::net
