// Tests for net/s3cfg.h: the s3cmd format as s3cmd reads it, the settings s3copy takes from it,
// and errors that name the file, the line and the fix without quoting secrets.
#include "net/s3cfg.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "test/support/config_error_of.h"
#include "test/support/temp_dir.h"

namespace s3copy::net {
namespace {

using test::config_error_of;

std::string parse_error(std::string_view text) {
  return config_error_of([&] { parse_s3cfg(text, "/root/.s3cfg"); });
}

// What `s3cmd --configure` writes, abridged, plus a comment and a blank line.
constexpr std::string_view kConfiguredFile = R"([default]
# written by s3cmd --configure
access_key = AKIAIOSFODNN7EXAMPLE
access_token =
add_encoding_exts =
bucket_location = EU
ca_certs_file = /etc/ssl/ceph.pem
check_ssl_certificate = False
delete_removed = False

host_base = ceph.example.com:7480
host_bucket = %(bucket)s.ceph.example.com:7480
multipart_chunk_size_mb = 15
proxy_host =
proxy_port = 0
secret_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
signature_v2 = True
use_https = False
website_endpoint = http://%(bucket)s.s3-website-%(location)s.amazonaws.com/
)";

TEST(S3cfgTest, ReadsTheSettingsOfAConfiguredFileAndIgnoresTheRest) {
  const S3cfg config = parse_s3cfg(kConfiguredFile, "/root/.s3cfg");
  EXPECT_EQ(config.display_name, "/root/.s3cfg");
  EXPECT_EQ(config.access_key, "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(config.secret_key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  EXPECT_EQ(config.security_token, "");
  EXPECT_EQ(config.bucket_location, "EU");
  EXPECT_EQ(config.ca_certs_file, "/etc/ssl/ceph.pem");
  EXPECT_FALSE(config.check_ssl_certificate);
  EXPECT_EQ(config.host_base, "ceph.example.com:7480");
  EXPECT_EQ(config.host_bucket, "%(bucket)s.ceph.example.com:7480");
  EXPECT_EQ(config.proxy_host, "");
  EXPECT_EQ(config.proxy_port, 0);
  EXPECT_TRUE(config.signature_v2);
  EXPECT_FALSE(config.use_https);
  EXPECT_TRUE(config.has_credentials());
}

TEST(S3cfgTest, AbsentSettingsKeepS3cmdDefaults) {
  const S3cfg config = parse_s3cfg("[default]\nverbosity = WARNING\n", "f");
  EXPECT_TRUE(config.use_https);
  EXPECT_TRUE(config.check_ssl_certificate);
  EXPECT_FALSE(config.signature_v2);
  EXPECT_EQ(config.proxy_port, 3128);
  EXPECT_EQ(config.host_base, "");
  EXPECT_FALSE(config.has_credentials());
}

TEST(S3cfgTest, BooleansAcceptS3cmdSpellingsInAnyCase) {
  const std::vector<std::pair<std::string, bool>> spellings = {
      {"True", true},   {"TRUE", true},   {"yes", true}, {"On", true},   {"1", true},
      {"False", false}, {"false", false}, {"NO", false}, {"off", false}, {"0", false}};
  for (const auto& [spelling, expected] : spellings) {
    const S3cfg config =
        parse_s3cfg("use_https = " + spelling + "\ncheck_ssl_certificate = " + spelling +
                        "\nsignature_v2 = " + spelling,
                    "f");
    EXPECT_EQ(config.use_https, expected) << spelling;
    EXPECT_EQ(config.check_ssl_certificate, expected) << spelling;
    EXPECT_EQ(config.signature_v2, expected) << spelling;
  }
}

TEST(S3cfgTest, AnyOtherBooleanIsAnErrorNamingTheLine) {
  EXPECT_EQ(parse_error("[default]\nhost_base = x\nuse_https = maybe\n"),
            "/root/.s3cfg line 3: use_https must be True or False (or yes/no, on/off, 1/0), not "
            "'maybe' — fix that line");
  EXPECT_EQ(parse_error("check_ssl_certificate =\n"),
            "/root/.s3cfg line 1: check_ssl_certificate must be True or False (or yes/no, on/off, "
            "1/0), not '' — fix that line");
}

TEST(S3cfgTest, LineThatIsNotNameEqualsValueIsAnErrorNamingTheLine) {
  EXPECT_EQ(parse_error("# a\n\n\n\n\naccess_key = a\n[default\n"),
            "/root/.s3cfg line 7: expected 'name = value', got '[default' — fix or remove that "
            "line");
  EXPECT_EQ(parse_error("host-base = x"),
            "/root/.s3cfg line 1: expected 'name = value', got 'host-base...' — fix or remove "
            "that line");
  EXPECT_EQ(parse_error(" = x"),
            "/root/.s3cfg line 1: expected 'name = value', got '...' — fix or remove that line");
}

// s3cmd recognises a section header only at the very start of a line.
TEST(S3cfgTest, IndentedSectionHeaderIsMalformed) {
  EXPECT_EQ(parse_error("  [default]\n"),
            "/root/.s3cfg line 1: expected 'name = value', got '[default]' — fix or remove that "
            "line");
}

TEST(S3cfgTest, MalformedLineErrorDoesNotQuoteWhatMayBeASecret) {
  const std::string message = parse_error("secret_key wJalrXUtnFEMI/K7MDENG\n");
  EXPECT_EQ(message,
            "/root/.s3cfg line 1: expected 'name = value', got 'secret_key...' — fix or remove "
            "that line");
  EXPECT_EQ(message.find("wJalr"), std::string::npos);
}

TEST(S3cfgTest, CommentsBlankLinesAndWindowsLineEndingsAreSkipped) {
  const S3cfg config = parse_s3cfg(
      "; semicolon comment\r\n   # indented comment\r\n\r\n \t \r\naccess_key = AK\r\n"
      "secret_key = SK\r\n",
      "f");
  EXPECT_EQ(config.access_key, "AK");
  EXPECT_EQ(config.secret_key, "SK");
}

// Secrets may contain '#' or ';', so there are no inline comments.
TEST(S3cfgTest, HashAndSemicolonInsideAValueAreKept) {
  const S3cfg config = parse_s3cfg("secret_key = ab#cd;ef # not a comment", "f");
  EXPECT_EQ(config.secret_key, "ab#cd;ef # not a comment");
}

TEST(S3cfgTest, DoubleQuotesAroundAValueAreRemoved) {
  const S3cfg config = parse_s3cfg("secret_key = \"with spaces \"\naccess_key = \"\n", "f");
  EXPECT_EQ(config.secret_key, "with spaces ");
  EXPECT_EQ(config.access_key, "\"");  // a lone quote is a value, not a pair of quotes
}

TEST(S3cfgTest, SchemeIsDroppedFromHostBaseAndHostBucketAsS3cmdDoes) {
  const S3cfg config =
      parse_s3cfg("host_base = http://minio:9000\nhost_bucket = https://%(bucket)s.minio\n", "f");
  EXPECT_EQ(config.host_base, "minio:9000");
  EXPECT_EQ(config.host_bucket, "%(bucket)s.minio");
}

TEST(S3cfgTest, SessionTokenIsReadFromAccessTokenOrSecurityToken) {
  EXPECT_EQ(parse_s3cfg("access_token = FwoGZXIvYXdz1", "f").security_token, "FwoGZXIvYXdz1");
  EXPECT_EQ(parse_s3cfg("security_token = FwoGZXIvYXdz2", "f").security_token, "FwoGZXIvYXdz2");
}

TEST(S3cfgTest, ProxyPortMustBeANumberUpTo65535) {
  EXPECT_EQ(parse_error("proxy_host = proxy\nproxy_port = eighty\n"),
            "/root/.s3cfg line 2: proxy_port must be a number from 1 to 65535, not 'eighty'");
  EXPECT_EQ(parse_error("proxy_port = 65536"),
            "/root/.s3cfg line 1: proxy_port must be a number from 1 to 65535, not '65536'");
  EXPECT_EQ(parse_error("proxy_port = -1"),
            "/root/.s3cfg line 1: proxy_port must be a number from 1 to 65535, not '-1'");
  EXPECT_EQ(parse_error("proxy_port = 80x"),
            "/root/.s3cfg line 1: proxy_port must be a number from 1 to 65535, not '80x'");
  const S3cfg config = parse_s3cfg("proxy_host = proxy.local\nproxy_port = 65535\n", "f");
  EXPECT_EQ(config.proxy_host, "proxy.local");
  EXPECT_EQ(config.proxy_port, 65535);
}

// s3cmd --configure writes port 0 next to an empty proxy_host; 0 only matters with a proxy.
TEST(S3cfgTest, ProxyPortZeroIsAnErrorOnlyWhenThereIsAProxyHost) {
  EXPECT_EQ(parse_s3cfg("proxy_host =\nproxy_port = 0\n", "f").proxy_port, 0);
  EXPECT_EQ(parse_error("proxy_port = 0\nproxy_host = proxy.local\n"),
            "/root/.s3cfg line 1: proxy_port must be a number from 1 to 65535 when proxy_host is "
            "set — set the proxy's port, or empty proxy_host");
}

TEST(S3cfgTest, DollarValueIsReadFromTheEnvironment) {
  const std::map<std::string, std::string> environment = {{"S3_SECRET", "from-env"},
                                                          {"S3_HTTPS", "no"}};
  const S3cfg config = parse_s3cfg(
      "secret_key = $S3_SECRET\nuse_https = $S3_HTTPS\naccess_key = $UNSET\n", "f", environment);
  EXPECT_EQ(config.secret_key, "from-env");
  EXPECT_FALSE(config.use_https);
  EXPECT_EQ(config.access_key, "");  // an unset variable leaves the default
}

TEST(S3cfgTest, UnsetDollarVariableKeepsTheDefaultOfABoolean) {
  EXPECT_TRUE(parse_s3cfg("use_https = $NOT_SET", "f", {}).use_https);
}

// s3cmd does not select by section: every line counts and a later one wins.
TEST(S3cfgTest, SectionsDoNotSelectAndLaterLinesWin) {
  const S3cfg config = parse_s3cfg(
      "access_key = before-any-section\n[default]\nhost_base = first\n[other] trailing\n"
      "host_base = second\n",
      "f");
  EXPECT_EQ(config.access_key, "before-any-section");
  EXPECT_EQ(config.host_base, "second");
}

TEST(S3cfgTest, ValuesAreTrimmedAndNamesMayBeSurroundedBySpace) {
  const S3cfg config = parse_s3cfg("  bucket_location\t=\t us-west-2  \n", "f");
  EXPECT_EQ(config.bucket_location, "us-west-2");
}

class S3cfgFileTest : public ::testing::Test {
 protected:
  test::TempDir temp_dir_{"s3cfg_test"};
  const std::filesystem::path directory_ = temp_dir_.path();
};

TEST_F(S3cfgFileTest, LoadsAFileAndNamesItInMessages) {
  const std::string path = (directory_ / "s3cfg").string();
  std::ofstream(path) << "[default]\naccess_key = AK\nuse_https = sometimes\n";
  EXPECT_EQ(config_error_of([&] { load_s3cfg_file(path); }),
            path +
                " line 3: use_https must be True or False (or yes/no, on/off, 1/0), not "
                "'sometimes' — fix that line");
  std::ofstream(path) << "[default]\naccess_key = AK\nsecret_key = SK\n";
  const S3cfg config = load_s3cfg_file(path);
  EXPECT_EQ(config.display_name, path);
  EXPECT_EQ(config.access_key, "AK");
  EXPECT_EQ(config.secret_key, "SK");
}

TEST_F(S3cfgFileTest, MissingFileIsAConfigError) {
  const std::string path = (directory_ / "missing").string();
  EXPECT_EQ(config_error_of([&] { load_s3cfg_file(path); }),
            "cannot read s3cmd config " + path + ": No such file or directory");
}

TEST_F(S3cfgFileTest, DirectoryIsAConfigError) {
  EXPECT_EQ(config_error_of([&] { load_s3cfg_file(directory_.string()); }),
            "cannot read s3cmd config " + directory_.string() + ": Is a directory");
}

TEST_F(S3cfgFileTest, LoaderPassesTheEnvironmentOn) {
  const std::string path = (directory_ / "s3cfg").string();
  std::ofstream(path) << "secret_key = $MY_SECRET\n";
  EXPECT_EQ(load_s3cfg_file(path, {{"MY_SECRET", "abc123"}}).secret_key, "abc123");
}

}  // namespace
}  // namespace s3copy::net
