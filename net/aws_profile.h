// Reads the AWS CLI's shared files (~/.aws/credentials, ~/.aws/config) and looks up a profile's
// keys, region, endpoint, addressing style and CA bundle, the way the AWS CLI reads them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace s3copy::net {

// The two files name their sections differently: "[dev]" in credentials, "[profile dev]" (but
// "[default]") in config.
enum class AwsFileKind { kCredentials, kConfig };

// One section's settings. Names are lowercase (the AWS CLI ignores their case). A nested
// sub-section ("s3 =" followed by indented "name = value" lines) appears as "s3.endpoint_url".
using AwsSection = std::map<std::string, std::string>;

struct AwsConfigFile {
  std::string display_name;                                 // the file's path, for messages
  std::map<std::string, AwsSection, std::less<>> profiles;  // by profile name
  std::map<std::string, AwsSection, std::less<>> services;  // "[services NAME]" (config only)
  // Headers that name no profile here, such as "[dev]" in a config file: kept so that a
  // "profile not found" message can point at the likely mistake.
  std::vector<std::string> ignored_sections;
};

// Parses one file's text. Follows the AWS CLI: '#' and ';' start whole-line comments (there are
// no inline comments), "name = value" or "name: value", blank lines anywhere.
// Throws ConfigError naming `display_name` and the line for a line that is neither a section
// header nor an entry, an entry outside any section, a section or name given twice, an indented
// line under a name that already has a value, and an s3 addressing_style other than
// path/virtual/auto.
AwsConfigFile parse_aws_config_file(std::string_view text, std::string display_name,
                                    AwsFileKind kind);

// Reads and parses `path`. nullopt when the file does not exist: the AWS tools treat a missing
// file as an empty one. ConfigError when it exists but cannot be read, or is malformed.
std::optional<AwsConfigFile> load_aws_config_file(const std::string& path, AwsFileKind kind);

// What s3copy uses from one profile, merged from both files.
struct AwsProfile {
  std::string name;
  std::string keys_file;  // display name of the file that supplied aws_access_key_id
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  std::string region;
  // S3's own endpoint ("s3 =" sub-section, or the profile's "services" section) if any, else
  // the profile-wide endpoint_url.
  std::string endpoint_url;
  std::optional<bool>
      path_style;  // s3 addressing_style: path = true, virtual = false, auto = unset
  std::string ca_bundle;
  // A way of getting credentials s3copy does not implement ("role_arn", "credential_process",
  // "sso_session", ...), named so that the error can say so; empty when there is none.
  std::string unsupported_credentials;

  bool has_credentials() const { return !access_key_id.empty() || !secret_access_key.empty(); }
};

// Looks profile `name` up in either file (either may be null). Values in the credentials file
// win over the config file's, as in the AWS CLI. nullopt when neither file has the profile.
std::optional<AwsProfile> find_aws_profile(std::string_view name, const AwsConfigFile* credentials,
                                           const AwsConfigFile* config);

}  // namespace s3copy::net
