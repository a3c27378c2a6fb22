// Decides who s3copy is and which S3 service it talks to, from flags, config files and environment.
// Environment and home directory are inputs, and only files they point at are read: testable.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/connection_settings.h"

namespace s3copy::net {

struct SettingsInputs {
  // From the command line.
  std::string access_key, secret_key;     // -a / -k
  std::optional<std::string> s3cfg_path;  // -c FILE (explicit)
  std::optional<std::string> profile;     // --profile NAME
  std::string endpoint_url;               // --endpoint-url
  std::string region;                     // --region
  std::optional<bool> path_style;         // --path-style (true) / --virtual-hosted (false)
  std::optional<bool> verify_tls;         // --no-verify-ssl sets false
  std::string ca_bundle;                  // --ca-bundle
  // The environment and the home directory (injected for tests). An empty home means there is
  // none: ~/.s3cfg and ~/.aws are then not consulted.
  std::map<std::string, std::string> environment;
  std::string home;
};

// Resolves the settings by the rules in net/CREDENTIALS.md. In short:
//
// Credentials come as a whole set from the first source that has them:
//   -a/-k; the -c file; the --profile profile; and only when neither -c nor --profile was
//   given: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY[/AWS_SESSION_TOKEN]; ~/.s3cfg; the profile
//   named by AWS_PROFILE (else "default") in the AWS files.
// The config sources "in use" supply the other settings: the -c file and the --profile profile
// when given; otherwise ~/.s3cfg if it supplied the keys, if -a/-k overrode its keys, or if it
// has no keys and the environment's were used; otherwise the AWS_PROFILE/default profile.
//   endpoint: --endpoint-url > s3cfg host_base+use_https > AWS_ENDPOINT_URL_S3 >
//             AWS_ENDPOINT_URL > profile endpoint_url > https://s3.amazonaws.com
//   region:   --region > the region in an AWS regional endpoint's host > s3cfg bucket_location
//             (US = us-east-1, EU = eu-west-1) > AWS_REGION > AWS_DEFAULT_REGION >
//             profile region > us-east-1
//   addressing: --path-style/--virtual-hosted > profile s3 addressing_style > s3cfg host_bucket
//             (when host_base is the endpoint) > virtual-hosted on AWS, path-style elsewhere
//   TLS:      --no-verify-ssl > s3cfg check_ssl_certificate > verify
//   CA bundle: --ca-bundle > AWS_CA_BUNDLE > s3cfg ca_certs_file > profile ca_bundle
//   proxy:    s3cfg proxy_host:proxy_port
//
// Throws ConfigError for: -a without -k (or the reverse); a named file or profile that is
// missing or holds no credentials; -c and --profile both holding credentials; half a key pair
// anywhere; an invalid endpoint URL or addressing style; an unreadable CA bundle; no
// credentials anywhere (the message lists every place looked at).
ConnectionSettings resolve_settings(const SettingsInputs& inputs);

// The same; `notes` (if not null) also receives advice worth logging, such as "signature_v2 is
// ignored". Notes never contain a secret.
ConnectionSettings resolve_settings(const SettingsInputs& inputs, std::vector<std::string>* notes);

// Checks an endpoint URL and returns it normalised: scheme http or https, a host, an optional
// port 1-65535, nothing else (a single trailing '/' is dropped); scheme and host in lowercase.
// `source` names where the URL came from ("--endpoint-url") in the ConfigError.
std::string normalize_endpoint_url(std::string_view url, std::string_view source);

}  // namespace s3copy::net
