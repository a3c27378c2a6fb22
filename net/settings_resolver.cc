// Decides who s3copy is and which S3 service it talks to, from flags, config files and environment.
// The rules and the reasons for them are written up in net/CREDENTIALS.md; keep the two in step.
#include "net/settings_resolver.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/aws_profile.h"
#include "net/config_error.h"
#include "net/s3cfg.h"
#include "net/text.h"

namespace s3copy::net {
namespace {

constexpr std::string_view kAwsGlobalHost = "s3.amazonaws.com";
constexpr std::string_view kDefaultRegion = "us-east-1";
// credentials_source values that the resolution itself tests for.
constexpr std::string_view kFromFlags = "-a/-k";
constexpr std::string_view kFromEnvironment = "environment";

// "~/x" is expanded because config files and variables are not passed through a shell.
std::string expand_home(const std::string& path, const std::string& home) {
  if (home.empty() || !(path == "~" || path.starts_with("~/"))) return path;
  return home + path.substr(1);
}

// ---- Endpoint URLs and the hosts in them ----

[[noreturn]] void reject_endpoint(std::string_view url, std::string_view source,
                                  std::string_view problem) {
  throw ConfigError(std::string(source) + ": endpoint '" + std::string(url) + "' " +
                    std::string(problem) + " — write it as http(s)://host[:port], e.g. " +
                    "http://127.0.0.1:9000");
}

bool valid_port(std::string_view digits) {
  int port = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  return error == std::errc() && end == digits.data() + digits.size() && port >= 1 && port <= 65535;
}

bool valid_host(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') return host.size() > 2 && host.back() == ']';  // IPv6 literal
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') {
      return false;
    }
  }
  return true;
}

// Splits "host:port" / "[v6]:port" into host and port ("" when absent).
std::pair<std::string_view, std::string_view> split_authority(std::string_view authority) {
  const size_t bracket = authority.rfind(']');
  const size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos || (bracket != std::string_view::npos && colon < bracket)) {
    return {authority, {}};
  }
  return {authority.substr(0, colon), authority.substr(colon + 1)};
}

std::string_view host_of(std::string_view normalized_endpoint) {
  const std::string_view authority =
      normalized_endpoint.substr(normalized_endpoint.find("://") + 3);
  return split_authority(authority).first;
}

// "eu-west-1", "us-gov-west-1", "ap-southeast-2": letters, dashes, a final number.
bool looks_like_region(std::string_view label) {
  const size_t last_dash = label.rfind('-');
  if (last_dash == std::string_view::npos || last_dash < 2 || last_dash + 1 == label.size()) {
    return false;
  }
  for (size_t i = 0; i < label.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(label[i]);
    const bool ok = i > last_dash ? std::isdigit(c) : (std::islower(c) || c == '-');
    if (!ok) return false;
  }
  return true;
}

bool is_amazon_host(std::string_view host) {
  return host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn");
}

std::vector<std::string_view> host_labels(std::string_view host) {
  std::vector<std::string_view> labels;
  for (size_t start = 0; start <= host.size();) {
    const size_t dot = std::min(host.find('.', start), host.size());
    labels.push_back(host.substr(start, dot - start));
    start = dot + 1;
  }
  return labels;
}

// The region an AWS host is pinned to: s3.REGION.amazonaws.com, s3-REGION.amazonaws.com,
// s3.dualstack.REGION..., s3-fips.REGION..., bucket.vpce-x.s3.REGION.vpce.amazonaws.com.
std::string region_in_aws_host(std::string_view host) {
  if (!is_amazon_host(host)) return {};
  const std::vector<std::string_view> labels = host_labels(host);
  for (size_t i = 0; i + 1 < labels.size(); ++i) {
    if (labels[i] == "s3-external-1") return std::string(kDefaultRegion);
    if (labels[i].starts_with("s3-") && looks_like_region(labels[i].substr(3))) {
      return std::string(labels[i].substr(3));
    }
    if (labels[i] != "s3" && labels[i] != "s3-fips") continue;
    std::string_view next = labels[i + 1];
    if (next == "dualstack" && i + 2 < labels.size()) next = labels[i + 2];
    if (looks_like_region(next)) return std::string(next);
  }
  return {};
}

// Hosts whose regional siblings follow the plain pattern, so that addressing may derive a
// bucket's regional host from them (net/addressing.cc). Dual-stack, FIPS, VPC and China hosts
// are used as given instead.
bool is_standard_aws_s3_host(std::string_view host) {
  if (host == kAwsGlobalHost || host == "s3-external-1.amazonaws.com") return true;
  if (!host.ends_with(".amazonaws.com")) return false;
  const std::string_view first =
      host.substr(0, host.size() - std::string_view(".amazonaws.com").size());
  if (first.starts_with("s3-")) return looks_like_region(first.substr(3));
  return first.starts_with("s3.") && looks_like_region(first.substr(3));
}

std::string regional_aws_host(std::string_view region) {
  const std::string_view suffix =
      region.starts_with("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com";
  return "s3." + std::string(region) + std::string(suffix);
}

// ---- Credentials ----

struct CredentialChoice {
  Credentials credentials;
  std::string source;  // ConnectionSettings::credentials_source
};

// Half a key pair is always a mistake, wherever it is found.
void require_pair(const std::string& access, const std::string& secret, const std::string& where,
                  std::string_view access_name, std::string_view secret_name) {
  if (access.empty() == secret.empty()) return;
  const std::string_view present = access.empty() ? secret_name : access_name;
  const std::string_view missing = access.empty() ? access_name : secret_name;
  throw ConfigError(where + " has " + std::string(present) + " but no " + std::string(missing) +
                    " — add it, or remove both");
}

std::optional<CredentialChoice> credentials_from_flags(const SettingsInputs& inputs) {
  if (inputs.access_key.empty() && inputs.secret_key.empty()) return std::nullopt;
  if (inputs.secret_key.empty()) {
    throw ConfigError("-a (access key) was given without -k (secret key) — give both, or " +
                      std::string("neither to take credentials from a config file"));
  }
  if (inputs.access_key.empty()) {
    throw ConfigError("-k (secret key) was given without -a (access key) — give both, or " +
                      std::string("neither to take credentials from a config file"));
  }
  return CredentialChoice{{inputs.access_key, inputs.secret_key, ""}, std::string(kFromFlags)};
}

std::optional<CredentialChoice> credentials_from_s3cfg(const S3cfg& config) {
  require_pair(config.access_key, config.secret_key, config.display_name, "access_key",
               "secret_key");
  if (!config.has_credentials()) return std::nullopt;
  return CredentialChoice{{config.access_key, config.secret_key, config.security_token},
                          "s3cfg " + config.display_name};
}

std::optional<CredentialChoice> credentials_from_profile(const AwsProfile& profile) {
  require_pair(profile.access_key_id, profile.secret_access_key,
               "profile '" + profile.name + "' in " + profile.keys_file, "aws_access_key_id",
               "aws_secret_access_key");
  if (!profile.has_credentials()) return std::nullopt;
  return CredentialChoice{{profile.access_key_id, profile.secret_access_key, profile.session_token},
                          "profile " + profile.name + " in " + profile.keys_file};
}

// ---- The AWS shared files ----

struct AwsFiles {
  std::string credentials_path;  // empty when there is neither a variable nor a home directory
  std::string config_path;
  std::optional<AwsConfigFile> credentials;
  std::optional<AwsConfigFile> config;

  // "/root/.aws/credentials or /root/.aws/config", for messages.
  std::string names() const {
    const std::string a = credentials_path.empty() ? "(no credentials file)" : credentials_path;
    const std::string b = config_path.empty() ? "(no config file)" : config_path;
    return a + " or " + b;
  }
};

// Both may be moved by AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, as in the AWS CLI.
AwsFiles load_aws_files(const SettingsInputs& inputs) {
  const auto path = [&](const char* variable, const char* file) -> std::string {
    const auto set = inputs.environment.find(variable);
    if (set != inputs.environment.end() && !set->second.empty()) {
      return expand_home(set->second, inputs.home);
    }
    return inputs.home.empty() ? std::string() : inputs.home + "/.aws/" + file;
  };
  AwsFiles files;
  files.credentials_path = path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
  files.config_path = path("AWS_CONFIG_FILE", "config");
  if (!files.credentials_path.empty()) {
    files.credentials = load_aws_config_file(files.credentials_path, AwsFileKind::kCredentials);
  }
  if (!files.config_path.empty()) {
    files.config = load_aws_config_file(files.config_path, AwsFileKind::kConfig);
  }
  return files;
}

std::optional<AwsProfile> find_profile(const std::string& name, const AwsFiles& files) {
  return find_aws_profile(name, files.credentials ? &*files.credentials : nullptr,
                          files.config ? &*files.config : nullptr);
}

// "[dev]" in the config file is the classic reason a profile is "not found".
std::string missing_profile_hint(const std::string& name, const AwsFiles& files) {
  std::string hint;
  if (!files.credentials && !files.config) hint = " (neither file exists)";
  if (files.config) {
    for (const std::string& section : files.config->ignored_sections) {
      if (section == name) {
        hint += "; " + files.config_path + " has a section [" + name +
                "], but the config file needs [profile " + name + "]";
      }
    }
  }
  return hint;
}

std::string no_keys_reason(const AwsProfile& profile) {
  if (profile.unsupported_credentials.empty()) {
    return "has no aws_access_key_id and aws_secret_access_key";
  }
  return "gets its credentials through " + profile.unsupported_credentials +
         ", which s3copy does not support (it needs static keys; `aws configure " +
         "export-credentials --profile " + profile.name + " --format env` prints some)";
}

// ---- The resolution itself ----

// Holds the sources in use while the settings are worked out one by one.
class Resolution {
 public:
  Resolution(const SettingsInputs& inputs, std::vector<std::string>* notes)
      : inputs_(inputs), notes_(notes) {}

  ConnectionSettings run();

 private:
  std::string variable(const char* name) const {
    const auto found = inputs_.environment.find(name);
    return found == inputs_.environment.end() ? std::string() : found->second;
  }
  void note(std::string text) {
    if (notes_ != nullptr) notes_->push_back(std::move(text));
  }

  CredentialChoice choose_with_named_sources();
  CredentialChoice choose_from_defaults();
  std::optional<CredentialChoice> credentials_from_environment() const;
  std::optional<S3cfg> load_home_s3cfg(std::vector<std::string>& looked_at);
  void use_default_profile(std::vector<std::string>& looked_at);

  void resolve_endpoint();
  void resolve_region();
  void resolve_addressing();
  void resolve_tls();
  void resolve_proxy();

  const SettingsInputs& inputs_;
  std::vector<std::string>* notes_;
  std::optional<S3cfg> s3cfg_;         // the s3cmd file in use, if any
  std::optional<AwsProfile> profile_;  // the AWS profile in use, if any
  std::string profile_files_;          // where profile_ came from, for messages
  bool endpoint_from_s3cfg_ = false;
  ConnectionSettings settings_;
};

ConnectionSettings Resolution::run() {
  const bool named = inputs_.s3cfg_path.has_value() || inputs_.profile.has_value();
  CredentialChoice choice = named ? choose_with_named_sources() : choose_from_defaults();
  settings_.credentials = std::move(choice.credentials);
  settings_.credentials_source = std::move(choice.source);
  resolve_endpoint();
  resolve_region();
  resolve_addressing();
  resolve_tls();
  resolve_proxy();
  if (s3cfg_ && s3cfg_->signature_v2) {
    note(s3cfg_->display_name + ": signature_v2 is ignored; s3copy signs every request with " +
         "Signature Version 4");
  }
  return settings_;
}

// -c and --profile were asked for by name: they must exist, and the credentials must come from
// them (or from -a/-k). Falling through to the environment would quietly use someone else's keys.
CredentialChoice Resolution::choose_with_named_sources() {
  if (inputs_.s3cfg_path) {
    s3cfg_ = load_s3cfg_file(expand_home(*inputs_.s3cfg_path, inputs_.home), inputs_.environment);
  }
  if (inputs_.profile) {
    const AwsFiles files = load_aws_files(inputs_);
    profile_ = find_profile(*inputs_.profile, files);
    profile_files_ = files.names();
    if (!profile_) {
      throw ConfigError("profile '" + *inputs_.profile + "' not found in " + files.names() +
                        missing_profile_hint(*inputs_.profile, files));
    }
  }
  if (std::optional<CredentialChoice> flags = credentials_from_flags(inputs_)) return *flags;

  std::optional<CredentialChoice> from_s3cfg =
      s3cfg_ ? credentials_from_s3cfg(*s3cfg_) : std::nullopt;
  std::optional<CredentialChoice> from_profile =
      profile_ ? credentials_from_profile(*profile_) : std::nullopt;
  if (from_s3cfg && from_profile) {
    throw ConfigError("both -c " + s3cfg_->display_name + " and --profile " + profile_->name +
                      " hold credentials — give only one of them (or -a/-k to override both)");
  }
  if (from_s3cfg) return *from_s3cfg;
  if (from_profile) return *from_profile;

  std::string problems;
  if (s3cfg_) problems = s3cfg_->display_name + " has no access_key and secret_key";
  if (profile_) {
    if (!problems.empty()) problems += ", and ";
    problems +=
        "profile '" + profile_->name + "' in " + profile_files_ + " " + no_keys_reason(*profile_);
  }
  throw ConfigError(problems + " — add the keys there, or give -a and -k");
}

std::optional<CredentialChoice> Resolution::credentials_from_environment() const {
  const std::string access = variable("AWS_ACCESS_KEY_ID");
  const std::string secret = variable("AWS_SECRET_ACCESS_KEY");
  require_pair(access, secret, "the environment", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
  if (access.empty()) return std::nullopt;
  return CredentialChoice{{access, secret, variable("AWS_SESSION_TOKEN")},
                          std::string(kFromEnvironment)};
}

std::optional<S3cfg> Resolution::load_home_s3cfg(std::vector<std::string>& looked_at) {
  if (inputs_.home.empty()) {
    looked_at.push_back("~/.s3cfg (no home directory)");
    return std::nullopt;
  }
  const std::string path = inputs_.home + "/.s3cfg";
  std::FILE* probe = std::fopen(path.c_str(), "rb");
  if (probe == nullptr && errno == ENOENT) {
    looked_at.push_back(path + " (does not exist)");
    return std::nullopt;
  }
  if (probe != nullptr) std::fclose(probe);
  // Only read when no credentials were found, by which time this is the truth.
  looked_at.push_back(path + " (has no access_key and secret_key)");
  return load_s3cfg_file(path, inputs_.environment);
}

// AWS_PROFILE names a profile as deliberately as --profile does, so its absence is an error;
// the "default" profile is only a guess, so its absence is not.
void Resolution::use_default_profile(std::vector<std::string>& looked_at) {
  const std::string requested = variable("AWS_PROFILE");
  const std::string name = requested.empty() ? "default" : requested;
  const AwsFiles files = load_aws_files(inputs_);
  profile_ = find_profile(name, files);
  profile_files_ = files.names();
  if (!profile_ && !requested.empty()) {
    throw ConfigError("AWS_PROFILE names profile '" + name + "', which is not in " + files.names() +
                      missing_profile_hint(name, files));
  }
  looked_at.push_back("profile '" + name + "' in " + files.names() +
                      (profile_ ? " (" + no_keys_reason(*profile_) + ")" : " (not found)"));
}

// Nothing named: the first of -a/-k, the environment, ~/.s3cfg and the AWS_PROFILE/default
// profile that has credentials supplies them. ~/.s3cfg stays in use alongside -a/-k (the seed's
// -c defaulted to it, -a/-k overriding its keys) and alongside the environment's keys when it
// has none of its own (as in s3cmd). An s3cfg holding other keys is never paired with the
// environment's, lest its host_base receive credentials meant for another service; when no
// s3cfg is in use, the AWS profile is, as in the AWS CLI.
CredentialChoice Resolution::choose_from_defaults() {
  std::vector<std::string> looked_at;
  std::optional<CredentialChoice> choice = credentials_from_flags(inputs_);
  if (!choice) looked_at.push_back("-a/-k (not given)");
  if (!choice) choice = credentials_from_environment();
  if (!choice) looked_at.push_back("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (not set)");

  std::optional<S3cfg> home_s3cfg = load_home_s3cfg(looked_at);
  const bool environment_keys = choice && choice->source == kFromEnvironment;
  if (home_s3cfg && !(environment_keys && home_s3cfg->has_credentials())) {
    if (!choice) choice = credentials_from_s3cfg(*home_s3cfg);
    if (choice) s3cfg_ = std::move(home_s3cfg);
  }
  if (!s3cfg_) {
    use_default_profile(looked_at);
    if (!choice && profile_) choice = credentials_from_profile(*profile_);
  }
  if (choice) return *choice;

  std::string list;
  for (const std::string& place : looked_at) list += (list.empty() ? "" : "; ") + place;
  throw ConfigError("no credentials found. Looked at: " + list +
                    ". Give -a and -k, -c FILE or --profile NAME, or set AWS_ACCESS_KEY_ID " +
                    "and AWS_SECRET_ACCESS_KEY");
}

void Resolution::resolve_endpoint() {
  std::string url;
  std::string source;
  if (!inputs_.endpoint_url.empty()) {
    url = inputs_.endpoint_url;
    source = "--endpoint-url";
  } else if (s3cfg_ && !s3cfg_->host_base.empty()) {
    url = (s3cfg_->use_https ? "https://" : "http://") + s3cfg_->host_base;
    source = "host_base in " + s3cfg_->display_name;
    endpoint_from_s3cfg_ = true;
  } else if (!variable("AWS_ENDPOINT_URL_S3").empty()) {
    url = variable("AWS_ENDPOINT_URL_S3");
    source = "AWS_ENDPOINT_URL_S3";
  } else if (!variable("AWS_ENDPOINT_URL").empty()) {
    url = variable("AWS_ENDPOINT_URL");
    source = "AWS_ENDPOINT_URL";
  } else if (profile_ && !profile_->endpoint_url.empty()) {
    url = profile_->endpoint_url;
    source = "endpoint_url of profile '" + profile_->name + "' in " + profile_files_;
  } else {
    url = "https://" + std::string(kAwsGlobalHost);
    source = "the default endpoint";
  }
  settings_.endpoint = normalize_endpoint_url(url, source);
}

std::string region_from_bucket_location(const std::string& location) {
  // s3cmd's legacy location names; everything else is a region name already.
  const std::string name = to_lower(location);
  if (name == "us") return std::string(kDefaultRegion);
  if (name == "eu") return "eu-west-1";
  return location;
}

void Resolution::resolve_region() {
  const std::string pinned_by_host = region_in_aws_host(host_of(settings_.endpoint));
  std::string region = inputs_.region;
  if (region.empty()) region = pinned_by_host;
  if (region.empty() && s3cfg_) region = region_from_bucket_location(s3cfg_->bucket_location);
  if (region.empty()) region = variable("AWS_REGION");
  if (region.empty()) region = variable("AWS_DEFAULT_REGION");
  if (region.empty() && profile_) region = profile_->region;
  if (region.empty()) region = kDefaultRegion;
  settings_.region = region;
  if (!pinned_by_host.empty() && pinned_by_host != region) {
    note("--region " + region + " differs from the region of endpoint " + settings_.endpoint +
         " (" + pinned_by_host + "); requests are signed for " + region);
  }

  // The global host serves us-east-1; other regions' buckets are reached at their own host.
  const std::string host(host_of(settings_.endpoint));
  if (host == kAwsGlobalHost && region != kDefaultRegion) {
    settings_.endpoint.replace(settings_.endpoint.find("://") + 3, host.size(),
                               regional_aws_host(region));
  }
  settings_.endpoint_is_aws = is_standard_aws_s3_host(host_of(settings_.endpoint));
}

void Resolution::resolve_addressing() {
  const bool amazon = is_amazon_host(host_of(settings_.endpoint));
  const std::string host_bucket = s3cfg_ ? s3cfg_->host_bucket : std::string();
  const bool bucket_template = host_bucket.find("%(bucket)s") != std::string::npos;
  if (s3cfg_ && !host_bucket.empty() && !endpoint_from_s3cfg_) {
    note(s3cfg_->display_name + ": host_bucket is ignored because the endpoint (" +
         settings_.endpoint + ") does not come from its host_base");
  }
  if (inputs_.path_style) {
    settings_.path_style = *inputs_.path_style;
  } else if (profile_ && profile_->path_style) {
    settings_.path_style = *profile_->path_style;
  } else if (endpoint_from_s3cfg_ && !host_bucket.empty()) {
    settings_.path_style = !bucket_template;  // s3cmd: no %(bucket)s means path-style
  } else {
    settings_.path_style = !amazon;  // self-hosted servers rarely have wildcard DNS
  }
  // On AWS the bucket host is derived from the region instead (net/addressing.cc).
  if (endpoint_from_s3cfg_ && bucket_template && !settings_.endpoint_is_aws) {
    settings_.host_bucket_template = host_bucket;
  }
}

void Resolution::resolve_tls() {
  settings_.verify_tls = inputs_.verify_tls.value_or(!s3cfg_ || s3cfg_->check_ssl_certificate);
  std::string path = inputs_.ca_bundle;
  std::string source = "--ca-bundle";
  if (path.empty()) {
    path = variable("AWS_CA_BUNDLE");
    source = "AWS_CA_BUNDLE";
  }
  if (path.empty() && s3cfg_) {
    path = s3cfg_->ca_certs_file;
    source = "ca_certs_file in " + s3cfg_->display_name;
  }
  if (path.empty() && profile_) {
    path = profile_->ca_bundle;
    source = "ca_bundle of profile '" + profile_->name + "' in " + profile_files_;
  }
  if (path.empty()) return;
  path = expand_home(path, inputs_.home);
  // Checked now: TLS would otherwise fail later with a message that never names the file.
  std::FILE* bundle = std::fopen(path.c_str(), "rb");
  if (bundle == nullptr) {
    throw ConfigError("CA bundle " + path + " (from " + source +
                      ") cannot be read: " + std::strerror(errno));
  }
  std::fclose(bundle);
  settings_.ca_bundle = path;
}

void Resolution::resolve_proxy() {
  if (!s3cfg_ || s3cfg_->proxy_host.empty()) return;
  const std::string& host = s3cfg_->proxy_host;
  const std::string scheme = host.find("://") == std::string::npos ? "http://" : "";
  settings_.proxy = scheme + host + ":" + std::to_string(s3cfg_->proxy_port);
}

}  // namespace

std::string normalize_endpoint_url(std::string_view url, std::string_view source) {
  const size_t separator = url.find("://");
  if (separator == std::string_view::npos)
    reject_endpoint(url, source, "has no http:// or https://");
  const std::string scheme = to_lower(url.substr(0, separator));
  if (scheme != "http" && scheme != "https") {
    reject_endpoint(url, source, "must start with http:// or https://");
  }
  std::string_view authority = url.substr(separator + 3);
  if (authority.ends_with('/')) authority.remove_suffix(1);
  if (authority.find_first_of("/?#") != std::string_view::npos) {
    reject_endpoint(url, source, "has a path, query or fragment (buckets are not part of it)");
  }
  if (authority.find('@') != std::string_view::npos) {
    reject_endpoint(url, source, "has a user name (credentials do not belong in it)");
  }
  const auto [host, port] = split_authority(authority);
  if (!valid_host(host)) reject_endpoint(url, source, "has no valid host name");
  if (authority.size() > host.size() && !valid_port(port)) {
    reject_endpoint(url, source, "has a port that is not a number from 1 to 65535");
  }
  return scheme + "://" + to_lower(authority);
}

ConnectionSettings resolve_settings(const SettingsInputs& inputs) {
  return resolve_settings(inputs, nullptr);
}

ConnectionSettings resolve_settings(const SettingsInputs& inputs, std::vector<std::string>* notes) {
  return Resolution(inputs, notes).run();
}

}  // namespace s3copy::net
