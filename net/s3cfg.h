// Reads s3cmd's configuration format (~/.s3cfg) into the handful of settings s3copy uses.
// The format follows s3cmd's own reader, so a file that works with s3cmd works here.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace s3copy::net {

// The s3cmd settings s3copy understands; defaults are s3cmd's. All other names are ignored,
// because s3cmd files carry dozens of options that only matter to s3cmd.
struct S3cfg {
  std::string display_name;  // the file's path, for messages

  std::string access_key;
  std::string secret_key;
  std::string security_token;  // s3cmd calls it access_token; security_token is accepted too

  std::string host_base;    // "s3.amazonaws.com", "ceph.example.com:7480"; never has a scheme
  std::string host_bucket;  // "%(bucket)s.s3.amazonaws.com"; never has a scheme
  bool use_https = true;
  std::string bucket_location;  // as written: "US", "EU" or a region name
  std::string ca_certs_file;
  bool check_ssl_certificate = true;
  std::string proxy_host;
  int proxy_port = 3128;  // validated 1-65535 whenever proxy_host is set
  // Accepted so existing files load, but s3copy signs with Signature Version 4 only.
  bool signature_v2 = false;

  bool has_credentials() const { return !access_key.empty() || !secret_key.empty(); }
};

// Parses s3cmd config text. `display_name` names the file in error messages. `environment`
// resolves s3cmd's "$NAME" values (a value that is exactly "$NAME" is replaced by that variable;
// an unset variable leaves the setting at its default, as in s3cmd).
//
// Like s3cmd: "name = value" lines, whole-line '#' (and ';') comments, blank lines, values in
// double quotes have them removed, "http://"/"https://" is dropped from host_base and host_bucket.
// Section headers are accepted but, as in s3cmd, do not select anything: a later line overrides
// an earlier one wherever it is. No inline comments: '#' and ';' may occur in secrets.
//
// Throws ConfigError naming the file and line for a line that is not "name = value", a boolean
// that is not true/false/yes/no/on/off/1/0, or a proxy_port that is not a number 1-65535.
S3cfg parse_s3cfg(std::string_view text, std::string display_name,
                  const std::map<std::string, std::string>& environment = {});

// Reads and parses the file at `path`. A missing or unreadable file is a ConfigError such as
// "cannot read s3cmd config /x: No such file or directory".
S3cfg load_s3cfg_file(const std::string& path,
                      const std::map<std::string, std::string>& environment = {});

}  // namespace s3copy::net
