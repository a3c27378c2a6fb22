// What the two config file parsers (net/s3cfg.cc, net/aws_profile.cc) share: reading the file,
// splitting it into numbered lines, and error messages that name the line without leaking secrets.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace s3copy::net {

// The whole file at `path`. Any failure is a ConfigError naming `what` and the reason, e.g.
// "cannot read s3cmd config /root/.s3cfg: Is a directory".
std::string read_config_file(const std::string& path, std::string_view what);

// Same, except that a file that does not exist (ENOENT) is nullopt rather than an error: for
// files that are optional, such as ~/.aws/config.
std::optional<std::string> read_config_file_if_present(const std::string& path,
                                                       std::string_view what);

// Calls `on_line` for each '\n'-terminated line of `text` (the last may lack its '\n'), numbered
// from 1. A '\r' before the '\n' is left on the line.
void for_each_line(std::string_view text,
                   const std::function<void(std::string_view line, int line_number)>& on_line);

// Throws ConfigError("<file> line <line_number>: <problem>").
[[noreturn]] void fail_at_line(std::string_view file, int line_number, std::string_view problem);

// The start of a malformed line, safe to put in a message: a line such as "secret_key abc..."
// (its '=' forgotten) may hold a secret, so only its first word is quoted, at most 40 characters,
// followed by "..." when anything was cut.
std::string safe_excerpt(std::string_view line);

}  // namespace s3copy::net
