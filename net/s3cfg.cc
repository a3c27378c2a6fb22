// Reads s3cmd's configuration format (~/.s3cfg) into the handful of settings s3copy uses.
// The line rules mirror s3cmd's S3/Config.py so that files written by `s3cmd --configure` load.
#include "net/s3cfg.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <utility>

#include "net/config_error.h"
#include "net/config_text.h"
#include "net/text.h"

namespace s3copy::net {
namespace {

bool is_name_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Carries the file name and line number into every message about the line being parsed.
class LineParser {
 public:
  LineParser(S3cfg& config, const std::map<std::string, std::string>& environment)
      : config_(config), environment_(environment) {}

  void parse_line(std::string_view raw_line, int line_number);
  void check_proxy() const;

 private:
  [[noreturn]] void fail(int line_number, const std::string& problem) const {
    fail_at_line(config_.display_name, line_number, problem);
  }
  std::optional<std::string> value_after_environment(std::string_view value) const;
  void apply(const std::string& name, const std::string& value, int line_number);
  bool parse_bool(const std::string& name, const std::string& value, int line_number) const;
  void set_proxy_port(const std::string& value, int line_number);

  S3cfg& config_;
  const std::map<std::string, std::string>& environment_;
  int proxy_port_line_ = 0;  // where proxy_port was set, for the check made after the last line
};

void LineParser::parse_line(std::string_view raw_line, int line_number) {
  const std::string_view line = trim(raw_line);
  if (line.empty() || line.front() == '#' || line.front() == ';') return;
  // s3cmd recognises "[name]" only at the start of the line and ignores what follows the ']'.
  if (raw_line.front() == '[' && raw_line.find(']') != std::string_view::npos) return;

  const size_t equals = line.find('=');
  const std::string_view name = trim(line.substr(0, equals == std::string_view::npos ? 0 : equals));
  const bool well_formed = equals != std::string_view::npos && !name.empty() &&
                           std::all_of(name.begin(), name.end(), is_name_character);
  if (!well_formed) {
    fail(line_number,
         "expected 'name = value', got '" + safe_excerpt(line) + "' — fix or remove that line");
  }
  std::string_view value = trim(line.substr(equals + 1));
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  if (const std::optional<std::string> resolved = value_after_environment(value)) {
    apply(std::string(name), *resolved, line_number);
  }
}

// s3cmd reads a value of "$NAME" from the environment variable NAME; an unset variable means
// the line does not count.
std::optional<std::string> LineParser::value_after_environment(std::string_view value) const {
  if (value.empty() || value.front() != '$') return std::string(value);
  const auto found = environment_.find(std::string(value.substr(1)));
  if (found == environment_.end()) return std::nullopt;
  return std::string(trim(found->second));
}

bool LineParser::parse_bool(const std::string& name, const std::string& value,
                            int line_number) const {
  const std::string word = to_lower(value);
  if (word == "true" || word == "yes" || word == "on" || word == "1") return true;
  if (word == "false" || word == "no" || word == "off" || word == "0") return false;
  fail(line_number, name + " must be True or False (or yes/no, on/off, 1/0), not '" + value +
                        "' — fix that line");
}

std::string without_scheme(const std::string& host) {
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (host.starts_with(scheme)) return host.substr(scheme.size());
  }
  return host;
}

// The settings held as text, by their s3cmd names. Unknown names yield null: they are ignored.
std::string* text_setting(S3cfg& config, const std::string& name) {
  static const std::map<std::string, std::string S3cfg::*> kSettings = {
      {"access_key", &S3cfg::access_key},
      {"secret_key", &S3cfg::secret_key},
      {"access_token", &S3cfg::security_token},
      {"security_token", &S3cfg::security_token},
      {"host_base", &S3cfg::host_base},
      {"host_bucket", &S3cfg::host_bucket},
      {"bucket_location", &S3cfg::bucket_location},
      {"ca_certs_file", &S3cfg::ca_certs_file},
      {"proxy_host", &S3cfg::proxy_host},
  };
  const auto found = kSettings.find(name);
  return found == kSettings.end() ? nullptr : &(config.*(found->second));
}

bool* boolean_setting(S3cfg& config, const std::string& name) {
  static const std::map<std::string, bool S3cfg::*> kSettings = {
      {"use_https", &S3cfg::use_https},
      {"check_ssl_certificate", &S3cfg::check_ssl_certificate},
      {"signature_v2", &S3cfg::signature_v2},
  };
  const auto found = kSettings.find(name);
  return found == kSettings.end() ? nullptr : &(config.*(found->second));
}

void LineParser::apply(const std::string& name, const std::string& value, int line_number) {
  if (std::string* setting = text_setting(config_, name)) {
    const bool is_host = name == "host_base" || name == "host_bucket";
    *setting = is_host ? without_scheme(value) : value;
  } else if (bool* flag = boolean_setting(config_, name)) {
    *flag = parse_bool(name, value, line_number);
  } else if (name == "proxy_port") {
    set_proxy_port(value, line_number);
  }
}

void LineParser::set_proxy_port(const std::string& value, int line_number) {
  int port = -1;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), port);
  if (error != std::errc() || end != value.data() + value.size() || port < 0 || port > 65535) {
    fail(line_number, "proxy_port must be a number from 1 to 65535, not '" + value + "'");
  }
  config_.proxy_port = port;
  proxy_port_line_ = line_number;
}

// s3cmd --configure writes "proxy_port = 0" next to an empty proxy_host, so port 0 is only wrong
// once there is a proxy to talk to.
void LineParser::check_proxy() const {
  if (config_.proxy_host.empty() || config_.proxy_port != 0) return;
  const std::string where =
      proxy_port_line_ > 0 ? " line " + std::to_string(proxy_port_line_) : std::string();
  throw ConfigError(config_.display_name + where + ": proxy_port must be a number from 1 to " +
                    "65535 when proxy_host is set — set the proxy's port, or empty proxy_host");
}

}  // namespace

S3cfg parse_s3cfg(std::string_view text, std::string display_name,
                  const std::map<std::string, std::string>& environment) {
  S3cfg config;
  config.display_name = std::move(display_name);
  LineParser parser(config, environment);
  for_each_line(
      text, [&](std::string_view line, int line_number) { parser.parse_line(line, line_number); });
  parser.check_proxy();
  return config;
}

S3cfg load_s3cfg_file(const std::string& path,
                      const std::map<std::string, std::string>& environment) {
  return parse_s3cfg(read_config_file(path, "s3cmd config"), path, environment);
}

}  // namespace s3copy::net
