// libFuzzer target for the config file parsers (net/s3cfg.h, net/aws_profile.h, net/config_text.h):
// the same bytes are read as an s3cmd config, an AWS credentials file and an AWS config file.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "net/aws_profile.h"
#include "net/config_error.h"
#include "net/s3cfg.h"

namespace {

using namespace s3copy::net;

// Reports a broken property as a crash, so that libFuzzer keeps the input as an artifact.
[[noreturn]] void property_broken(const char* property) {
  std::fprintf(stderr, "property broken: %s\n", property);
  std::abort();
}

// Variables that "$NAME" values may name, so that s3cmd's environment lookup is exercised.
const std::map<std::string, std::string> kEnvironment = {
    {"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"},
    {"S3_PROXY_PORT", " 8080 "},
    {"EMPTY", ""},
};

void fuzz_s3cfg(std::string_view text) {
  try {
    const S3cfg config = parse_s3cfg(text, "/root/.s3cfg", kEnvironment);
    const bool port_valid = config.proxy_port >= 1 && config.proxy_port <= 65535;
    if (!config.proxy_host.empty() && !port_valid) property_broken("a proxy has a valid port");
  } catch (const ConfigError&) {
    // The documented answer to a malformed file.
  }
}

std::optional<AwsConfigFile> parsed_aws_file(std::string_view text, AwsFileKind kind) {
  try {
    return parse_aws_config_file(text, "/root/.aws/file", kind);
  } catch (const ConfigError&) {
    return std::nullopt;  // the documented answer to a malformed file
  }
}

// Looks up every profile either file defines, as --profile NAME would.
void look_up_profiles(const AwsConfigFile* credentials, const AwsConfigFile* config) {
  for (const AwsConfigFile* file : {credentials, config}) {
    if (file == nullptr) continue;
    for (const auto& [name, section] : file->profiles) {
      const std::optional<AwsProfile> profile = find_aws_profile(name, credentials, config);
      if (!profile || profile->name != name) property_broken("a defined profile is found");
    }
  }
}

void fuzz_aws_files(std::string_view text) {
  const std::optional<AwsConfigFile> credentials = parsed_aws_file(text, AwsFileKind::kCredentials);
  const std::optional<AwsConfigFile> config = parsed_aws_file(text, AwsFileKind::kConfig);
  look_up_profiles(credentials ? &*credentials : nullptr, config ? &*config : nullptr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz_s3cfg(text);
  fuzz_aws_files(text);
  return 0;
}
