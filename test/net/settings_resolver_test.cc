// Tests for net/settings_resolver.h: every step of the precedence in net/CREDENTIALS.md, the
// errors for named sources that are missing, and the endpoint, region and addressing rules.
#include "net/settings_resolver.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "test/support/config_error_of.h"
#include "test/support/temp_dir.h"

namespace s3copy::net {
namespace {

using test::config_error_of;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Each test gets a fresh home directory; files are written into it as the test needs them.
class SettingsResolverTest : public ::testing::Test {
 protected:
  void SetUp() override { inputs_.home = home_; }

  // Writes `text` to `relative_path` under the home directory; returns the full path.
  std::string write(const std::string& relative_path, std::string_view text) {
    return home_dir_.write(relative_path, text);
  }
  std::string path(const std::string& relative_path) const { return home_ + "/" + relative_path; }

  void write_home_s3cfg(std::string_view text) { write(".s3cfg", text); }
  void write_aws_credentials(std::string_view text) { write(".aws/credentials", text); }
  void write_aws_config(std::string_view text) { write(".aws/config", text); }
  void set_environment_keys() {
    inputs_.environment["AWS_ACCESS_KEY_ID"] = "AK-ENV";
    inputs_.environment["AWS_SECRET_ACCESS_KEY"] = "SK-ENV";
  }

  ConnectionSettings resolve() { return resolve_settings(inputs_, &notes_); }
  std::string resolve_error() {
    return config_error_of([&] { resolve(); });
  }

  test::TempDir home_dir_{"settings_resolver_test"};
  const std::string home_ = home_dir_.path().string();
  SettingsInputs inputs_;
  std::vector<std::string> notes_;
};

constexpr std::string_view kCephS3cfg =
    "[default]\naccess_key = AK-S3CFG\nsecret_key = SK-S3CFG\nhost_base = ceph.local:7480\n"
    "host_bucket = ceph.local:7480\nuse_https = False\nbucket_location = US\n";
constexpr std::string_view kDefaultProfileCredentials =
    "[default]\naws_access_key_id = AK-PROFILE\naws_secret_access_key = SK-PROFILE\n";

// ---- Credentials: -a/-k ----

TEST_F(SettingsResolverTest, FlagsWinOverEverySource) {
  inputs_.access_key = "AK-FLAG";
  inputs_.secret_key = "SK-FLAG";
  set_environment_keys();
  inputs_.environment["AWS_SESSION_TOKEN"] = "TOKEN-ENV";
  write_home_s3cfg(kCephS3cfg);
  write_aws_credentials(kDefaultProfileCredentials);
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials.access_key_id, "AK-FLAG");
  EXPECT_EQ(settings.credentials.secret_access_key, "SK-FLAG");
  EXPECT_EQ(settings.credentials.session_token, "");  // never borrowed from another source
  EXPECT_EQ(settings.credentials_source, "-a/-k");
}

TEST_F(SettingsResolverTest, AccessKeyFlagWithoutSecretKeyIsAnError) {
  inputs_.access_key = "AK-FLAG";
  EXPECT_EQ(resolve_error(),
            "-a (access key) was given without -k (secret key) — give both, or neither to take "
            "credentials from a config file");
  inputs_.access_key.clear();
  inputs_.secret_key = "SK-FLAG";
  EXPECT_EQ(resolve_error(),
            "-k (secret key) was given without -a (access key) — give both, or neither to take "
            "credentials from a config file");
}

// The seed's -c defaulted to ~/.s3cfg, and -a/-k overrode its keys but not its host.
TEST_F(SettingsResolverTest, FlagsKeepTheHomeS3cfgsOtherSettings) {
  inputs_.access_key = "AK-FLAG";
  inputs_.secret_key = "SK-FLAG";
  write_home_s3cfg(kCephS3cfg);
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials.access_key_id, "AK-FLAG");
  EXPECT_EQ(settings.endpoint, "http://ceph.local:7480");
}

// ---- Credentials: named sources (-c, --profile) ----

TEST_F(SettingsResolverTest, NamedS3cfgSuppliesCredentialsAndSettings) {
  inputs_.s3cfg_path = write("ceph.cfg", kCephS3cfg);
  set_environment_keys();
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials.access_key_id, "AK-S3CFG");
  EXPECT_EQ(settings.credentials.secret_access_key, "SK-S3CFG");
  EXPECT_EQ(settings.credentials_source, "s3cfg " + path("ceph.cfg"));
  EXPECT_EQ(settings.endpoint, "http://ceph.local:7480");
  EXPECT_FALSE(settings.endpoint_is_aws);
}

TEST_F(SettingsResolverTest, NamedS3cfgSessionTokenComesAlong) {
  inputs_.s3cfg_path = write("s.cfg", "access_key = A\nsecret_key = S\naccess_token = TOK-CFG\n");
  EXPECT_EQ(resolve().credentials.session_token, "TOK-CFG");
}

TEST_F(SettingsResolverTest, MissingNamedS3cfgIsAnError) {
  inputs_.s3cfg_path = path("nope.cfg");
  set_environment_keys();
  EXPECT_EQ(resolve_error(),
            "cannot read s3cmd config " + path("nope.cfg") + ": No such file or directory");
}

TEST_F(SettingsResolverTest, NamedS3cfgPathMayStartWithTilde) {
  write("cfg/ceph.cfg", kCephS3cfg);
  inputs_.s3cfg_path = "~/cfg/ceph.cfg";
  EXPECT_EQ(resolve().credentials_source, "s3cfg " + path("cfg/ceph.cfg"));
}

// Falling back to the environment would quietly use keys the user did not name.
TEST_F(SettingsResolverTest, NamedS3cfgWithoutKeysIsAnErrorEvenWithEnvironmentKeys) {
  inputs_.s3cfg_path = write("hosts.cfg", "host_base = minio:9000\n");
  set_environment_keys();
  EXPECT_EQ(resolve_error(), path("hosts.cfg") +
                                 " has no access_key and secret_key — add the keys there, or give "
                                 "-a and -k");
}

TEST_F(SettingsResolverTest, NamedS3cfgWithoutKeysServesSettingsToFlagKeys) {
  inputs_.s3cfg_path = write("hosts.cfg", "host_base = minio:9000\nuse_https = no\n");
  inputs_.access_key = "AK-FLAG";
  inputs_.secret_key = "SK-FLAG";
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials_source, "-a/-k");
  EXPECT_EQ(settings.endpoint, "http://minio:9000");
}

TEST_F(SettingsResolverTest, NamedS3cfgWithHalfAKeyPairIsAnError) {
  inputs_.s3cfg_path = write("half.cfg", "access_key = AK\n");
  EXPECT_EQ(resolve_error(),
            path("half.cfg") + " has access_key but no secret_key — add it, or remove both");
}

TEST_F(SettingsResolverTest, NamedProfileSuppliesCredentialsFromTheCredentialsFile) {
  write_aws_credentials(
      "[dev]\naws_access_key_id = AK-DEV\naws_secret_access_key = SK-DEV\n"
      "aws_session_token = TOK-DEV\n");
  write_aws_config("[profile dev]\nregion = eu-west-2\n");
  set_environment_keys();
  write_home_s3cfg(kCephS3cfg);
  inputs_.profile = "dev";
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials.access_key_id, "AK-DEV");
  EXPECT_EQ(settings.credentials.secret_access_key, "SK-DEV");
  EXPECT_EQ(settings.credentials.session_token, "TOK-DEV");
  EXPECT_EQ(settings.credentials_source, "profile dev in " + path(".aws/credentials"));
  EXPECT_EQ(settings.region, "eu-west-2");
  EXPECT_EQ(settings.endpoint, "https://s3.eu-west-2.amazonaws.com");  // not ~/.s3cfg's host
}

TEST_F(SettingsResolverTest, NamedProfileThatDoesNotExistIsAnError) {
  write_aws_credentials(kDefaultProfileCredentials);
  write_aws_config("[default]\nregion = us-east-2\n");
  inputs_.profile = "dev";
  EXPECT_EQ(resolve_error(), "profile 'dev' not found in " + path(".aws/credentials") + " or " +
                                 path(".aws/config"));
}

TEST_F(SettingsResolverTest, NamedProfileWithoutAnyAwsFilesSaysSo) {
  inputs_.profile = "dev";
  EXPECT_EQ(resolve_error(), "profile 'dev' not found in " + path(".aws/credentials") + " or " +
                                 path(".aws/config") + " (neither file exists)");
}

TEST_F(SettingsResolverTest, NamedProfileNotFoundPointsAtAMissingProfilePrefix) {
  write_aws_config("[dev]\nregion = us-east-2\n");
  inputs_.profile = "dev";
  EXPECT_EQ(resolve_error(), "profile 'dev' not found in " + path(".aws/credentials") + " or " +
                                 path(".aws/config") + "; " + path(".aws/config") +
                                 " has a section [dev], but the config file needs [profile dev]");
}

TEST_F(SettingsResolverTest, NamedProfileWithoutKeysIsAnError) {
  write_aws_config("[profile dev]\nregion = us-east-2\n");
  set_environment_keys();
  inputs_.profile = "dev";
  EXPECT_EQ(resolve_error(), "profile 'dev' in " + path(".aws/credentials") + " or " +
                                 path(".aws/config") +
                                 " has no aws_access_key_id and aws_secret_access_key — add the "
                                 "keys there, or give -a and -k");
}

TEST_F(SettingsResolverTest, NamedProfileUsingRoleArnIsExplainedAsUnsupported) {
  write_aws_config("[profile admin]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = x\n");
  inputs_.profile = "admin";
  const std::string message = resolve_error();
  EXPECT_TRUE(contains(message,
                       "gets its credentials through role_arn, which s3copy does not "
                       "support"))
      << message;
  EXPECT_TRUE(contains(message, "aws configure export-credentials --profile admin --format env"))
      << message;
}

TEST_F(SettingsResolverTest, AwsFileLocationsComeFromTheEnvironment) {
  const std::string credentials =
      write("elsewhere/creds", "[dev]\naws_access_key_id = AK-X\naws_secret_access_key = SK-X\n");
  const std::string config = write("elsewhere/conf", "[profile dev]\nregion = ap-east-1\n");
  write_aws_credentials("[dev]\naws_access_key_id = AK-HOME\naws_secret_access_key = SK-HOME\n");
  inputs_.environment["AWS_SHARED_CREDENTIALS_FILE"] = credentials;
  inputs_.environment["AWS_CONFIG_FILE"] = "~/elsewhere/conf";
  inputs_.profile = "dev";
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials.access_key_id, "AK-X");
  EXPECT_EQ(settings.credentials_source, "profile dev in " + credentials);
  EXPECT_EQ(settings.region, "ap-east-1");
}

TEST_F(SettingsResolverTest, NamedS3cfgAndNamedProfileBothWithKeysIsAnError) {
  inputs_.s3cfg_path = write("ceph.cfg", kCephS3cfg);
  write_aws_credentials("[dev]\naws_access_key_id = AK-DEV\naws_secret_access_key = SK-DEV\n");
  inputs_.profile = "dev";
  EXPECT_EQ(resolve_error(), "both -c " + path("ceph.cfg") +
                                 " and --profile dev hold credentials — give only one of them "
                                 "(or -a/-k to override both)");
}

TEST_F(SettingsResolverTest, NamedS3cfgWithoutKeysAndNamedProfileWithKeysCombine) {
  inputs_.s3cfg_path = write("hosts.cfg", "host_base = minio:9000\nuse_https = False\n");
  write_aws_credentials("[dev]\naws_access_key_id = AK-DEV\naws_secret_access_key = SK-DEV\n");
  write_aws_config("[profile dev]\nregion = eu-south-1\n");
  inputs_.profile = "dev";
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials.access_key_id, "AK-DEV");
  EXPECT_EQ(settings.endpoint, "http://minio:9000");
  EXPECT_EQ(settings.region, "eu-south-1");
}

// ---- Credentials: nothing named ----

TEST_F(SettingsResolverTest, EnvironmentKeysWinOverHomeS3cfgAndDefaultProfile) {
  set_environment_keys();
  inputs_.environment["AWS_SESSION_TOKEN"] = "TOK-ENV";
  write_home_s3cfg(kCephS3cfg);
  write_aws_credentials(kDefaultProfileCredentials);
  write_aws_config("[default]\nregion = eu-central-1\n");
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials.access_key_id, "AK-ENV");
  EXPECT_EQ(settings.credentials.secret_access_key, "SK-ENV");
  EXPECT_EQ(settings.credentials.session_token, "TOK-ENV");
  EXPECT_EQ(settings.credentials_source, "environment");
  // ~/.s3cfg holds other keys, so its host is not paired with these; the profile is in use.
  EXPECT_EQ(settings.endpoint, "https://s3.eu-central-1.amazonaws.com");
  EXPECT_EQ(settings.region, "eu-central-1");
}

TEST_F(SettingsResolverTest, EnvironmentKeysUseAHomeS3cfgThatHasNoKeys) {
  set_environment_keys();
  write_home_s3cfg("host_base = minio.lan:9000\nuse_https = False\nbucket_location = EU\n");
  write_aws_config("[default]\nregion = eu-central-1\n");
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials_source, "environment");
  EXPECT_EQ(settings.endpoint, "http://minio.lan:9000");
  EXPECT_EQ(settings.region, "eu-west-1");
}

TEST_F(SettingsResolverTest, HalfAKeyPairInTheEnvironmentIsAnError) {
  inputs_.environment["AWS_SECRET_ACCESS_KEY"] = "SK-ENV";
  write_home_s3cfg(kCephS3cfg);
  EXPECT_EQ(resolve_error(),
            "the environment has AWS_SECRET_ACCESS_KEY but no AWS_ACCESS_KEY_ID — add it, or "
            "remove both");
}

TEST_F(SettingsResolverTest, SessionTokenAloneInTheEnvironmentIsNotCredentials) {
  inputs_.environment["AWS_SESSION_TOKEN"] = "TOK-ENV";
  write_home_s3cfg(kCephS3cfg);
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials_source, "s3cfg " + path(".s3cfg"));
  EXPECT_EQ(settings.credentials.session_token, "");
}

TEST_F(SettingsResolverTest, HomeS3cfgWinsOverTheDefaultProfile) {
  write_home_s3cfg(kCephS3cfg);
  write_aws_credentials(kDefaultProfileCredentials);
  write_aws_config("[default]\nregion = eu-central-1\nendpoint_url = https://other.example\n");
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials.access_key_id, "AK-S3CFG");
  EXPECT_EQ(settings.credentials_source, "s3cfg " + path(".s3cfg"));
  EXPECT_EQ(settings.endpoint, "http://ceph.local:7480");
  EXPECT_EQ(settings.region, "us-east-1");  // bucket_location US, not the profile's
}

// An s3cmd user's AWS files must not leak into a run that uses ~/.s3cfg.
TEST_F(SettingsResolverTest, HomeS3cfgInUseMeansTheAwsProfileIsNotRead) {
  write_home_s3cfg("access_key = A\nsecret_key = S\n");
  write_aws_credentials(kDefaultProfileCredentials);
  write_aws_config(
      "[default]\nregion = eu-central-1\nendpoint_url = http://other:1\nca_bundle = /x.pem\n"
      "s3 =\n  addressing_style = path\n");
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials_source, "s3cfg " + path(".s3cfg"));
  EXPECT_EQ(settings.endpoint, "https://s3.amazonaws.com");
  EXPECT_EQ(settings.region, "us-east-1");
  EXPECT_FALSE(settings.path_style);
  EXPECT_EQ(settings.ca_bundle, "");
}

TEST_F(SettingsResolverTest, DefaultProfileIsTheLastResort) {
  write_aws_credentials(kDefaultProfileCredentials);
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials.access_key_id, "AK-PROFILE");
  EXPECT_EQ(settings.credentials_source, "profile default in " + path(".aws/credentials"));
}

// A keyless ~/.s3cfg is not paired with a profile's keys: the profile's own settings apply.
TEST_F(SettingsResolverTest, DefaultProfileKeysBringTheProfileSettingsNotAKeylessS3cfgs) {
  write_home_s3cfg("host_base = minio.lan:9000\n");
  write_aws_credentials(kDefaultProfileCredentials);
  write_aws_config("[default]\nendpoint_url = http://garage.lan:3900\nregion = garage\n");
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials_source, "profile default in " + path(".aws/credentials"));
  EXPECT_EQ(settings.endpoint, "http://garage.lan:3900");
  EXPECT_EQ(settings.region, "garage");
}

TEST_F(SettingsResolverTest, AwsProfileVariableSelectsTheProfile) {
  write_aws_credentials(std::string(kDefaultProfileCredentials) +
                        "[work]\naws_access_key_id = AK-WORK\naws_secret_access_key = SK-WORK\n");
  inputs_.environment["AWS_PROFILE"] = "work";
  EXPECT_EQ(resolve().credentials_source, "profile work in " + path(".aws/credentials"));
}

TEST_F(SettingsResolverTest, AwsProfileVariableNamingAMissingProfileIsAnError) {
  write_aws_credentials(kDefaultProfileCredentials);
  inputs_.environment["AWS_PROFILE"] = "wrok";
  EXPECT_EQ(resolve_error(), "AWS_PROFILE names profile 'wrok', which is not in " +
                                 path(".aws/credentials") + " or " + path(".aws/config"));
}

TEST_F(SettingsResolverTest, NoCredentialsAnywhereListsEveryPlaceLookedAt) {
  EXPECT_EQ(resolve_error(),
            "no credentials found. Looked at: -a/-k (not given); AWS_ACCESS_KEY_ID/"
            "AWS_SECRET_ACCESS_KEY (not set); " +
                path(".s3cfg") + " (does not exist); profile 'default' in " +
                path(".aws/credentials") + " or " + path(".aws/config") +
                " (not found). Give -a and -k, -c FILE or --profile NAME, or set "
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
}

TEST_F(SettingsResolverTest, NoCredentialsSaysWhyEachExistingSourceDidNotCount) {
  write_home_s3cfg("host_base = x\n");
  const std::string keyless_s3cfg = resolve_error();
  EXPECT_TRUE(contains(keyless_s3cfg, path(".s3cfg") + " (has no access_key and secret_key)"))
      << keyless_s3cfg;
  std::filesystem::remove(path(".s3cfg"));
  write_aws_config("[default]\ncredential_process = /bin/get-keys\n");
  const std::string process_profile = resolve_error();
  EXPECT_TRUE(contains(process_profile, "(gets its credentials through credential_process"))
      << process_profile;
}

TEST_F(SettingsResolverTest, WithoutAHomeDirectoryOnlyFlagsAndEnvironmentCount) {
  inputs_.home.clear();
  EXPECT_TRUE(contains(resolve_error(), "~/.s3cfg (no home directory)"));
  set_environment_keys();
  EXPECT_EQ(resolve().credentials_source, "environment");
}

TEST_F(SettingsResolverTest, CredentialsSourceNeverContainsASecret) {
  write_home_s3cfg(kCephS3cfg);
  const ConnectionSettings from_file = resolve();
  EXPECT_FALSE(contains(from_file.credentials_source, "SK-S3CFG"));
  EXPECT_FALSE(contains(from_file.credentials_source, "AK-S3CFG"));
  set_environment_keys();
  const ConnectionSettings from_environment = resolve();
  EXPECT_FALSE(contains(from_environment.credentials_source, "SK-ENV"));
  EXPECT_FALSE(contains(from_environment.credentials_source, "AK-ENV"));
}

// ---- Endpoint ----

TEST_F(SettingsResolverTest, DefaultEndpointIsAwsWithVirtualHostedAddressing) {
  set_environment_keys();
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.endpoint, "https://s3.amazonaws.com");
  EXPECT_TRUE(settings.endpoint_is_aws);
  EXPECT_FALSE(settings.path_style);
  EXPECT_EQ(settings.region, "us-east-1");
  EXPECT_TRUE(settings.verify_tls);
  EXPECT_EQ(settings.ca_bundle, "");
  EXPECT_EQ(settings.proxy, "");
  EXPECT_EQ(settings.host_bucket_template, "");
  EXPECT_TRUE(notes_.empty());
}

TEST_F(SettingsResolverTest, DefaultEndpointOfAnotherRegionIsThatRegionsHost) {
  set_environment_keys();
  inputs_.region = "eu-west-1";
  EXPECT_EQ(resolve().endpoint, "https://s3.eu-west-1.amazonaws.com");
  inputs_.region = "cn-north-1";
  const ConnectionSettings china = resolve();
  EXPECT_EQ(china.endpoint, "https://s3.cn-north-1.amazonaws.com.cn");
  EXPECT_FALSE(china.endpoint_is_aws);  // used as given: addressing derives .com hosts only
  EXPECT_FALSE(china.path_style);
}

TEST_F(SettingsResolverTest, EndpointFlagWinsOverEveryOtherSource) {
  inputs_.s3cfg_path = write("ceph.cfg", kCephS3cfg);
  inputs_.environment["AWS_ENDPOINT_URL_S3"] = "http://env-s3:1";
  inputs_.environment["AWS_ENDPOINT_URL"] = "http://env:2";
  inputs_.endpoint_url = "http://127.0.0.1:7480";
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.endpoint, "http://127.0.0.1:7480");
  EXPECT_FALSE(settings.endpoint_is_aws);
  EXPECT_TRUE(settings.path_style);
}

TEST_F(SettingsResolverTest, S3cfgHostBaseWinsOverEndpointVariables) {
  write_home_s3cfg(kCephS3cfg);
  inputs_.environment["AWS_ENDPOINT_URL_S3"] = "http://env-s3:1";
  EXPECT_EQ(resolve().endpoint, "http://ceph.local:7480");
}

TEST_F(SettingsResolverTest, S3cfgUseHttpsDefaultsToTrue) {
  write_home_s3cfg("access_key = A\nsecret_key = S\nhost_base = ceph.local\n");
  EXPECT_EQ(resolve().endpoint, "https://ceph.local");
}

TEST_F(SettingsResolverTest, EndpointVariablesThenProfileEndpoint) {
  write_aws_credentials(kDefaultProfileCredentials);
  write_aws_config("[default]\nendpoint_url = http://profile:3\n");
  inputs_.environment["AWS_ENDPOINT_URL_S3"] = "http://env-s3:1";
  inputs_.environment["AWS_ENDPOINT_URL"] = "http://env:2";
  EXPECT_EQ(resolve().endpoint, "http://env-s3:1");
  inputs_.environment.erase("AWS_ENDPOINT_URL_S3");
  EXPECT_EQ(resolve().endpoint, "http://env:2");
  inputs_.environment.erase("AWS_ENDPOINT_URL");
  EXPECT_EQ(resolve().endpoint, "http://profile:3");
}

TEST_F(SettingsResolverTest, ProfileNestedS3EndpointIsUsed) {
  write_aws_credentials(kDefaultProfileCredentials);
  write_aws_config("[default]\ns3 =\n  endpoint_url = http://minio:9000\n");
  EXPECT_EQ(resolve().endpoint, "http://minio:9000");
}

TEST_F(SettingsResolverTest, InvalidEndpointNamesItsSource) {
  set_environment_keys();
  inputs_.endpoint_url = "minio:9000";
  EXPECT_EQ(resolve_error(),
            "--endpoint-url: endpoint 'minio:9000' has no http:// or https:// — write it as "
            "http(s)://host[:port], e.g. http://127.0.0.1:9000");
  inputs_.endpoint_url.clear();
  inputs_.environment["AWS_ENDPOINT_URL"] = "https://minio/bucket";
  EXPECT_TRUE(contains(resolve_error(),
                       "AWS_ENDPOINT_URL: endpoint 'https://minio/bucket' has a "
                       "path, query or fragment"));
}

TEST_F(SettingsResolverTest, InvalidHostBaseNamesTheS3cfg) {
  write_home_s3cfg("access_key = A\nsecret_key = S\nhost_base = minio:99999\n");
  EXPECT_EQ(resolve_error(), "host_base in " + path(".s3cfg") +
                                 ": endpoint 'https://minio:99999' has a port that is not a "
                                 "number from 1 to 65535 — write it as http(s)://host[:port], "
                                 "e.g. http://127.0.0.1:9000");
}

TEST(NormalizeEndpointUrlTest, AcceptsAndNormalisesValidUrls) {
  EXPECT_EQ(normalize_endpoint_url("HTTP://MinIO.Local:9000/", "x"), "http://minio.local:9000");
  EXPECT_EQ(normalize_endpoint_url("https://s3.amazonaws.com", "x"), "https://s3.amazonaws.com");
  EXPECT_EQ(normalize_endpoint_url("http://[::1]:9000", "x"), "http://[::1]:9000");
  EXPECT_EQ(normalize_endpoint_url("http://[fd00::1]", "x"), "http://[fd00::1]");
  EXPECT_EQ(normalize_endpoint_url("http://s3_server", "x"), "http://s3_server");
}

TEST(NormalizeEndpointUrlTest, RejectsWhatIsNotSchemeHostAndPort) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ftp://host", "must start with http:// or https://"},
      {"host:9000", "has no http:// or https://"},
      {"http://", "has no valid host name"},
      {"http://:9000", "has no valid host name"},
      {"http://ho st", "has no valid host name"},
      {"http://host:", "has a port that is not a number from 1 to 65535"},
      {"http://host:0", "has a port that is not a number from 1 to 65535"},
      {"http://host:65536", "has a port that is not a number from 1 to 65535"},
      {"http://host:80a", "has a port that is not a number from 1 to 65535"},
      {"http://host/path", "has a path, query or fragment"},
      {"http://host//", "has a path, query or fragment"},
      {"http://host?x=1", "has a path, query or fragment"},
      {"http://user:pw@host", "has a user name"},
  };
  for (const auto& [url, problem] : cases) {
    const std::string message = config_error_of([&] { normalize_endpoint_url(url, "SOURCE"); });
    EXPECT_TRUE(contains(message, "SOURCE: endpoint '" + url + "' " + problem)) << message;
  }
}

// ---- Region ----

TEST_F(SettingsResolverTest, RegionPrecedence) {
  write_aws_credentials(kDefaultProfileCredentials);
  write_aws_config("[default]\nregion = ap-northeast-1\n");
  EXPECT_EQ(resolve().region, "ap-northeast-1");
  inputs_.environment["AWS_DEFAULT_REGION"] = "ap-northeast-2";
  EXPECT_EQ(resolve().region, "ap-northeast-2");
  inputs_.environment["AWS_REGION"] = "ap-northeast-3";
  EXPECT_EQ(resolve().region, "ap-northeast-3");
  inputs_.region = "me-south-1";
  EXPECT_EQ(resolve().region, "me-south-1");
}

TEST_F(SettingsResolverTest, S3cfgBucketLocationBeatsRegionVariables) {
  write_home_s3cfg("access_key = A\nsecret_key = S\nbucket_location = eu-north-1\n");
  inputs_.environment["AWS_REGION"] = "ap-northeast-3";
  EXPECT_EQ(resolve().region, "eu-north-1");
}

TEST_F(SettingsResolverTest, S3cmdLocationNamesMapToRegions) {
  const std::vector<std::pair<std::string, std::string>> locations = {
      {"US", "us-east-1"}, {"us", "us-east-1"}, {"EU", "eu-west-1"}, {"eu-west-3", "eu-west-3"}};
  for (const auto& [location, region] : locations) {
    write_home_s3cfg("access_key = A\nsecret_key = S\nbucket_location = " + location + "\n");
    EXPECT_EQ(resolve().region, region) << location;
  }
}

// s3cmd's default bucket_location (US) must not override a host that only signs for its region.
TEST_F(SettingsResolverTest, RegionalAwsHostPinsTheRegion) {
  write_home_s3cfg(
      "access_key = A\nsecret_key = S\nhost_base = s3.eu-central-1.amazonaws.com\n"
      "host_bucket = %(bucket)s.s3.eu-central-1.amazonaws.com\nbucket_location = US\n");
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.region, "eu-central-1");
  EXPECT_EQ(settings.endpoint, "https://s3.eu-central-1.amazonaws.com");
  EXPECT_TRUE(settings.endpoint_is_aws);
  EXPECT_FALSE(settings.path_style);
  EXPECT_EQ(settings.host_bucket_template, "");  // on AWS the host follows the bucket's region
}

TEST_F(SettingsResolverTest, RegionIsFoundInTheFormsOfAwsHosts) {
  set_environment_keys();
  const std::vector<std::pair<std::string, std::string>> hosts = {
      {"https://s3-us-west-2.amazonaws.com", "us-west-2"},
      {"https://s3.dualstack.eu-west-1.amazonaws.com", "eu-west-1"},
      {"https://s3-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
      {"https://bucket.vpce-1a2b.s3.ap-south-1.vpce.amazonaws.com", "ap-south-1"},
      {"https://s3-external-1.amazonaws.com", "us-east-1"},
      {"https://s3.cn-north-1.amazonaws.com.cn", "cn-north-1"},
      {"https://minio.example.com", "us-east-1"},
  };
  for (const auto& [url, region] : hosts) {
    inputs_.endpoint_url = url;
    EXPECT_EQ(resolve().region, region) << url;
  }
}

TEST_F(SettingsResolverTest, RegionFlagContradictingTheHostIsObeyedWithANote) {
  set_environment_keys();
  inputs_.endpoint_url = "https://s3.eu-central-1.amazonaws.com";
  inputs_.region = "eu-west-1";
  EXPECT_EQ(resolve().region, "eu-west-1");
  ASSERT_EQ(notes_.size(), 1u);
  EXPECT_EQ(notes_[0],
            "--region eu-west-1 differs from the region of endpoint "
            "https://s3.eu-central-1.amazonaws.com (eu-central-1); requests are signed for "
            "eu-west-1");
}

TEST_F(SettingsResolverTest, OnlyPlainAwsHostsAreMarkedAsAws) {
  set_environment_keys();
  const std::vector<std::pair<std::string, bool>> hosts = {
      {"https://s3.amazonaws.com", true},
      {"https://s3.us-west-2.amazonaws.com", true},
      {"https://s3-us-west-2.amazonaws.com", true},
      {"https://s3.dualstack.us-west-2.amazonaws.com", false},
      {"https://bucket.vpce-1a2b.s3.us-west-2.vpce.amazonaws.com", false},
      {"https://s3-accelerate.amazonaws.com", false},
      {"https://storage.googleapis.com", false},
  };
  for (const auto& [url, is_aws] : hosts) {
    inputs_.endpoint_url = url;
    EXPECT_EQ(resolve().endpoint_is_aws, is_aws) << url;
  }
}

// ---- Addressing ----

TEST_F(SettingsResolverTest, AmazonHostsDefaultToVirtualHostedOthersToPathStyle) {
  set_environment_keys();
  inputs_.endpoint_url = "https://s3-accelerate.amazonaws.com";
  EXPECT_FALSE(resolve().path_style);
  inputs_.endpoint_url = "http://localhost:9000";
  EXPECT_TRUE(resolve().path_style);
}

TEST_F(SettingsResolverTest, AddressingFlagWinsOverProfileAndS3cfg) {
  inputs_.s3cfg_path = write("c.cfg", "host_base = ceph\nhost_bucket = %(bucket)s.ceph\n");
  write_aws_credentials(kDefaultProfileCredentials);
  write_aws_config("[default]\ns3 =\n  addressing_style = virtual\n");
  inputs_.profile = "default";
  inputs_.path_style = true;
  EXPECT_TRUE(resolve().path_style);
  inputs_.path_style = false;
  inputs_.endpoint_url = "http://localhost:9000";
  EXPECT_FALSE(resolve().path_style);
}

TEST_F(SettingsResolverTest, ProfileAddressingStyleWinsOverS3cfgHostBucket) {
  inputs_.s3cfg_path = write("c.cfg", "host_base = ceph\nhost_bucket = %(bucket)s.ceph\n");
  write_aws_credentials(kDefaultProfileCredentials);
  write_aws_config("[default]\ns3 =\n  addressing_style = path\n");
  inputs_.profile = "default";
  EXPECT_TRUE(resolve().path_style);
}

TEST_F(SettingsResolverTest, ProfileAddressingStyleVirtualOnACustomEndpoint) {
  write_aws_credentials(kDefaultProfileCredentials);
  write_aws_config(
      "[default]\ns3 =\n  endpoint_url = http://minio.lan:9000\n  addressing_style = virtual\n");
  const ConnectionSettings settings = resolve();
  EXPECT_FALSE(settings.path_style);
  EXPECT_EQ(settings.host_bucket_template, "");
}

TEST_F(SettingsResolverTest, S3cfgHostBucketTemplateMeansVirtualHosted) {
  write_home_s3cfg(
      "access_key = A\nsecret_key = S\nhost_base = ceph.lan:7480\n"
      "host_bucket = %(bucket)s.ceph.lan:7480\n");
  const ConnectionSettings settings = resolve();
  EXPECT_FALSE(settings.path_style);
  EXPECT_EQ(settings.host_bucket_template, "%(bucket)s.ceph.lan:7480");
}

TEST_F(SettingsResolverTest, S3cfgHostBucketWithoutTemplateMeansPathStyle) {
  write_home_s3cfg(
      "access_key = A\nsecret_key = S\nhost_base = s3.amazonaws.com\n"
      "host_bucket = s3.amazonaws.com\n");
  const ConnectionSettings settings = resolve();
  EXPECT_TRUE(settings.path_style);
  EXPECT_TRUE(settings.endpoint_is_aws);
}

TEST_F(SettingsResolverTest, S3cfgHostBucketIsIgnoredWhenTheEndpointIsOverridden) {
  inputs_.s3cfg_path = write(
      "c.cfg", "access_key = A\nsecret_key = S\nhost_base = ceph\nhost_bucket = %(bucket)s.ceph\n");
  inputs_.endpoint_url = "http://other:9000";
  const ConnectionSettings settings = resolve();
  EXPECT_TRUE(settings.path_style);
  EXPECT_EQ(settings.host_bucket_template, "");
  ASSERT_EQ(notes_.size(), 1u);
  EXPECT_EQ(notes_[0], path("c.cfg") +
                           ": host_bucket is ignored because the endpoint "
                           "(http://other:9000) does not come from its host_base");
}

// What `s3cmd --configure` writes for AWS: global host, template, US, https.
TEST_F(SettingsResolverTest, S3cmdDefaultAwsFileGivesAwsSettings) {
  write_home_s3cfg(
      "[default]\naccess_key = A\nsecret_key = S\nhost_base = s3.amazonaws.com\n"
      "host_bucket = %(bucket)s.s3.amazonaws.com\nbucket_location = US\nuse_https = True\n"
      "proxy_host =\nproxy_port = 0\nsignature_v2 = False\n");
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.endpoint, "https://s3.amazonaws.com");
  EXPECT_TRUE(settings.endpoint_is_aws);
  EXPECT_FALSE(settings.path_style);
  EXPECT_EQ(settings.host_bucket_template, "");
  EXPECT_EQ(settings.region, "us-east-1");
  EXPECT_EQ(settings.proxy, "");
  EXPECT_TRUE(notes_.empty());
}

// ---- TLS, CA bundle, proxy, notes ----

TEST_F(SettingsResolverTest, TlsVerificationFlagThenS3cfg) {
  write_home_s3cfg("access_key = A\nsecret_key = S\ncheck_ssl_certificate = False\n");
  EXPECT_FALSE(resolve().verify_tls);
  inputs_.verify_tls = true;
  EXPECT_TRUE(resolve().verify_tls);
  write_home_s3cfg("access_key = A\nsecret_key = S\n");
  inputs_.verify_tls = false;
  EXPECT_FALSE(resolve().verify_tls);
}

TEST_F(SettingsResolverTest, CaBundlePrecedence) {
  const std::string flag = write("ca/flag.pem", "x");
  const std::string variable = write("ca/env.pem", "x");
  const std::string s3cfg = write("ca/s3cfg.pem", "x");
  const std::string profile = write("ca/profile.pem", "x");
  inputs_.s3cfg_path = write("c.cfg", "ca_certs_file = " + s3cfg + "\n");
  write_aws_credentials(kDefaultProfileCredentials);
  write_aws_config("[default]\nca_bundle = " + profile + "\n");
  inputs_.profile = "default";
  EXPECT_EQ(resolve().ca_bundle, s3cfg);
  inputs_.environment["AWS_CA_BUNDLE"] = variable;
  EXPECT_EQ(resolve().ca_bundle, variable);
  inputs_.ca_bundle = flag;
  EXPECT_EQ(resolve().ca_bundle, flag);
  inputs_.s3cfg_path.reset();
  inputs_.ca_bundle.clear();
  inputs_.environment.erase("AWS_CA_BUNDLE");
  EXPECT_EQ(resolve().ca_bundle, profile);
}

TEST_F(SettingsResolverTest, UnreadableCaBundleIsAnErrorNamingItsSource) {
  set_environment_keys();
  inputs_.ca_bundle = "~/missing.pem";
  EXPECT_EQ(resolve_error(), "CA bundle " + path("missing.pem") +
                                 " (from --ca-bundle) cannot be read: No such file or directory");
}

TEST_F(SettingsResolverTest, S3cfgProxyBecomesAnHttpUrl) {
  write_home_s3cfg("access_key = A\nsecret_key = S\nproxy_host = proxy.lan\nproxy_port = 8080\n");
  EXPECT_EQ(resolve().proxy, "http://proxy.lan:8080");
  write_home_s3cfg("access_key = A\nsecret_key = S\nproxy_host = proxy.lan\n");
  EXPECT_EQ(resolve().proxy, "http://proxy.lan:3128");
}

TEST_F(SettingsResolverTest, SignatureV2IsAcceptedWithANote) {
  write_home_s3cfg("access_key = A\nsecret_key = S\nsignature_v2 = True\n");
  const ConnectionSettings settings = resolve();
  EXPECT_EQ(settings.credentials_source, "s3cfg " + path(".s3cfg"));
  ASSERT_EQ(notes_.size(), 1u);
  EXPECT_EQ(notes_[0], path(".s3cfg") +
                           ": signature_v2 is ignored; s3copy signs every request with Signature "
                           "Version 4");
}

TEST_F(SettingsResolverTest, OverloadWithoutNotesGivesTheSameSettings) {
  write_home_s3cfg(kCephS3cfg);
  const ConnectionSettings with_notes = resolve();
  const ConnectionSettings without_notes = resolve_settings(inputs_);
  EXPECT_EQ(without_notes.endpoint, with_notes.endpoint);
  EXPECT_EQ(without_notes.credentials.access_key_id, with_notes.credentials.access_key_id);
}

}  // namespace
}  // namespace s3copy::net
