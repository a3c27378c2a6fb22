// Tests for net/aws_profile.h: the AWS CLI's two INI files, profile lookup across them, nested
// "s3 =" and "services" sections, and errors that name the file and line.
#include "net/aws_profile.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "test/support/config_error_of.h"
#include "test/support/temp_dir.h"

namespace s3copy::net {
namespace {

using test::config_error_of;

AwsConfigFile credentials_file(std::string_view text) {
  return parse_aws_config_file(text, "/root/.aws/credentials", AwsFileKind::kCredentials);
}

AwsConfigFile config_file(std::string_view text) {
  return parse_aws_config_file(text, "/root/.aws/config", AwsFileKind::kConfig);
}

std::string config_error(std::string_view text) {
  return config_error_of([&] { config_file(text); });
}

TEST(AwsProfileTest, CredentialsFileSectionsAreProfileNames) {
  const AwsConfigFile file = credentials_file(
      "[default]\naws_access_key_id = AKDEFAULT\naws_secret_access_key = SKDEFAULT\n\n"
      "[dev]\naws_access_key_id=AKDEV\naws_secret_access_key=SKDEV\naws_session_token=TOKDEV\n");
  const std::optional<AwsProfile> dev = find_aws_profile("dev", &file, nullptr);
  ASSERT_TRUE(dev.has_value());
  EXPECT_EQ(dev->name, "dev");
  EXPECT_EQ(dev->access_key_id, "AKDEV");
  EXPECT_EQ(dev->secret_access_key, "SKDEV");
  EXPECT_EQ(dev->session_token, "TOKDEV");
  EXPECT_EQ(dev->keys_file, "/root/.aws/credentials");
  EXPECT_TRUE(dev->has_credentials());
  EXPECT_EQ(find_aws_profile("default", &file, nullptr)->access_key_id, "AKDEFAULT");
}

TEST(AwsProfileTest, ConfigFileNeedsTheProfilePrefixExceptForDefault) {
  const AwsConfigFile file = config_file(
      "[default]\nregion = us-west-2\n[profile dev]\nregion = eu-west-1\n"
      "[dev]\nregion = ap-south-1\n[sso-session corp]\nsso_region = us-east-1\n");
  EXPECT_EQ(find_aws_profile("default", nullptr, &file)->region, "us-west-2");
  EXPECT_EQ(find_aws_profile("dev", nullptr, &file)->region, "eu-west-1");
  EXPECT_EQ(file.ignored_sections, (std::vector<std::string>{"dev", "sso-session corp"}));
}

TEST(AwsProfileTest, ProfileDefaultHeaderIsTheDefaultProfile) {
  const AwsConfigFile file = config_file("[profile default]\nregion = ca-central-1\n");
  EXPECT_EQ(find_aws_profile("default", nullptr, &file)->region, "ca-central-1");
  EXPECT_EQ(config_error("[default]\nregion = a\n[profile default]\nregion = b\n"),
            "/root/.aws/config line 3: profile 'default' is already defined at line 1 — merge "
            "the two sections");
}

// In the credentials file "[profile dev]" is a profile called "profile dev", as in the AWS CLI.
TEST(AwsProfileTest, CredentialsFileTakesSectionNamesLiterally) {
  const AwsConfigFile file = credentials_file("[profile dev]\naws_access_key_id = AK\n");
  EXPECT_FALSE(find_aws_profile("dev", &file, nullptr).has_value());
  EXPECT_TRUE(find_aws_profile("profile dev", &file, nullptr).has_value());
}

TEST(AwsProfileTest, CredentialsFileWinsOverConfigFile) {
  const AwsConfigFile credentials =
      credentials_file("[dev]\naws_access_key_id = AK-CRED\naws_secret_access_key = SK-CRED\n");
  const AwsConfigFile config = config_file(
      "[profile dev]\naws_access_key_id = AK-CONF\naws_secret_access_key = SK-CONF\n"
      "region = eu-north-1\n");
  const AwsProfile dev = *find_aws_profile("dev", &credentials, &config);
  EXPECT_EQ(dev.access_key_id, "AK-CRED");
  EXPECT_EQ(dev.secret_access_key, "SK-CRED");
  EXPECT_EQ(dev.region, "eu-north-1");
  EXPECT_EQ(dev.keys_file, "/root/.aws/credentials");
}

TEST(AwsProfileTest, KeysOnlyInTheConfigFileAreAttributedToIt) {
  const AwsConfigFile credentials = credentials_file("[other]\naws_access_key_id = X\n");
  const AwsConfigFile config =
      config_file("[profile dev]\naws_access_key_id = AK\naws_secret_access_key = SK\n");
  const AwsProfile dev = *find_aws_profile("dev", &credentials, &config);
  EXPECT_EQ(dev.access_key_id, "AK");
  EXPECT_EQ(dev.keys_file, "/root/.aws/config");
}

TEST(AwsProfileTest, MissingProfileIsNotFound) {
  const AwsConfigFile credentials = credentials_file("[default]\naws_access_key_id = AK\n");
  EXPECT_FALSE(find_aws_profile("dev", &credentials, nullptr).has_value());
  EXPECT_FALSE(find_aws_profile("dev", nullptr, nullptr).has_value());
}

TEST(AwsProfileTest, NestedS3SectionGivesEndpointAndAddressingStyle) {
  const AwsConfigFile file = config_file(
      "[profile minio]\nregion = us-east-1\ns3 =\n  endpoint_url = http://127.0.0.1:9000\n"
      "  addressing_style = path\nendpoint_url = http://ignored:1\n");
  const AwsProfile minio = *find_aws_profile("minio", nullptr, &file);
  EXPECT_EQ(minio.endpoint_url, "http://127.0.0.1:9000");
  EXPECT_EQ(minio.path_style, std::optional<bool>(true));
  EXPECT_EQ(file.profiles.at("minio").at("s3.addressing_style"), "path");
}

TEST(AwsProfileTest, AddressingStyleVirtualAndAuto) {
  const AwsConfigFile file = config_file(
      "[profile a]\ns3 =\n    addressing_style = Virtual\n[profile b]\ns3 =\n"
      "    addressing_style = auto\n");
  EXPECT_EQ(find_aws_profile("a", nullptr, &file)->path_style, std::optional<bool>(false));
  EXPECT_EQ(find_aws_profile("b", nullptr, &file)->path_style, std::nullopt);
}

TEST(AwsProfileTest, ProfileWideEndpointUrlIsUsedWithoutAnS3OneAndCaBundleIsRead) {
  const AwsConfigFile file = config_file(
      "[profile ceph]\nendpoint_url = https://ceph.local\nca_bundle = /etc/ceph-ca.pem\n");
  const AwsProfile ceph = *find_aws_profile("ceph", nullptr, &file);
  EXPECT_EQ(ceph.endpoint_url, "https://ceph.local");
  EXPECT_EQ(ceph.ca_bundle, "/etc/ceph-ca.pem");
  EXPECT_EQ(ceph.path_style, std::nullopt);
}

TEST(AwsProfileTest, ServicesSectionEndpointBeatsTheProfilesOwn) {
  const AwsConfigFile file = config_file(
      "[profile dev]\nservices = local\nendpoint_url = http://global:1\ns3 =\n"
      "  endpoint_url = http://nested:2\n[services local]\ns3 =\n  endpoint_url = "
      "http://services:3\n");
  EXPECT_EQ(find_aws_profile("dev", nullptr, &file)->endpoint_url, "http://services:3");
}

TEST(AwsProfileTest, NamesAreCaseInsensitiveAndColonSeparatesToo) {
  const AwsConfigFile file =
      credentials_file("[dev]\nAWS_ACCESS_KEY_ID: AK\nAws_Secret_Access_Key = SK:with:colons\n");
  const AwsProfile dev = *find_aws_profile("dev", &file, nullptr);
  EXPECT_EQ(dev.access_key_id, "AK");
  EXPECT_EQ(dev.secret_access_key, "SK:with:colons");
}

TEST(AwsProfileTest, WholeLineCommentsOnlyAndTrailingCommentAfterHeader) {
  const AwsConfigFile file = credentials_file(
      "# top\n; also\n[dev] # the dev account\n  # indented comment\n"
      "aws_secret_access_key = abc#def ;ghi\n");
  EXPECT_EQ(find_aws_profile("dev", &file, nullptr)->secret_access_key, "abc#def ;ghi");
}

TEST(AwsProfileTest, IndentedEntriesRightAfterAHeaderAreOrdinaryEntries) {
  const AwsConfigFile file = config_file("[default]\n  region = sa-east-1\n  output = json\n");
  EXPECT_EQ(find_aws_profile("default", nullptr, &file)->region, "sa-east-1");
}

TEST(AwsProfileTest, UnsupportedCredentialMethodIsNamed) {
  const AwsConfigFile file = config_file(
      "[profile assume]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n"
      "[profile plain]\nregion = us-east-1\n");
  const AwsProfile assume = *find_aws_profile("assume", nullptr, &file);
  EXPECT_EQ(assume.unsupported_credentials, "role_arn");
  EXPECT_FALSE(assume.has_credentials());
  EXPECT_EQ(find_aws_profile("plain", nullptr, &file)->unsupported_credentials, "");
}

TEST(AwsProfileTest, MalformedLinesNameFileAndLine) {
  EXPECT_EQ(config_error("[default]\nregion us-east-1\n"),
            "/root/.aws/config line 2: expected 'name = value', got 'region...' — fix or remove "
            "that line");
  EXPECT_EQ(config_error("[default\nregion = x\n"),
            "/root/.aws/config line 1: expected a section header like '[default]', got "
            "'[default' — fix or remove that line");
  EXPECT_EQ(config_error("[default] region = x\n"),
            "/root/.aws/config line 1: expected a section header like '[default]', got "
            "'[default]...' — fix or remove that line");
  EXPECT_EQ(config_error("[]\n"),
            "/root/.aws/config line 1: expected a section header like '[default]', got '[]' — "
            "fix or remove that line");
}

TEST(AwsProfileTest, EntryBeforeAnySectionIsAnError) {
  EXPECT_EQ(config_error("\nregion = us-east-1\n"),
            "/root/.aws/config line 2: 'region' comes before any section — put it under "
            "[default] or [profile NAME]");
  EXPECT_EQ(config_error_of([] { credentials_file("aws_access_key_id = AK\n"); }),
            "/root/.aws/credentials line 1: 'aws_access_key_id' comes before any section — put "
            "it under [default] or [NAME]");
}

TEST(AwsProfileTest, NameGivenTwiceInASectionIsAnError) {
  EXPECT_EQ(config_error("[default]\nregion = a\n\nREGION = b\n"),
            "/root/.aws/config line 4: 'region' is already set at line 2 of this section — keep "
            "one of them");
  // The same name in different sections is fine.
  EXPECT_EQ(config_error("[default]\nregion = a\n[profile b]\nregion = b\n"), "(no error)");
}

TEST(AwsProfileTest, IndentedLineUnderAValueIsAnError) {
  EXPECT_EQ(config_error("[default]\nregion = us-east-1\n  output = json\n"),
            "/root/.aws/config line 3: indented line under 'region', which already has a value — "
            "remove the indentation, or leave 'region =' empty to start a sub-section");
}

TEST(AwsProfileTest, NestedLineWithoutEqualsIsAnError) {
  EXPECT_EQ(config_error("[default]\ns3 =\n  addressing_style: path\n"),
            "/root/.aws/config line 3: expected 'name = value' inside 's3 =', got "
            "'addressing_style...' — fix or remove that line");
}

TEST(AwsProfileTest, UnknownAddressingStyleIsAnError) {
  EXPECT_EQ(config_error("[default]\ns3 =\n  addressing_style = dns\n"),
            "/root/.aws/config line 3: addressing_style must be path, virtual or auto, not 'dns'");
}

TEST(AwsProfileTest, MalformedLineDoesNotQuoteWhatMayBeASecret) {
  const std::string message = config_error_of(
      [] { credentials_file("[dev]\naws_secret_access_key wJalrXUtnFEMI/K7MDENG\n"); });
  EXPECT_EQ(message.find("wJalr"), std::string::npos) << message;
}

class AwsProfileFileTest : public ::testing::Test {
 protected:
  test::TempDir temp_dir_{"aws_profile_test"};
  const std::filesystem::path directory_ = temp_dir_.path();
};

TEST_F(AwsProfileFileTest, MissingFileIsNoFile) {
  EXPECT_FALSE(
      load_aws_config_file((directory_ / "absent").string(), AwsFileKind::kConfig).has_value());
}

TEST_F(AwsProfileFileTest, UnreadableFileIsAConfigError) {
  EXPECT_EQ(config_error_of(
                [&] { load_aws_config_file(directory_.string(), AwsFileKind::kCredentials); }),
            "cannot read AWS credentials file " + directory_.string() + ": Is a directory");
}

TEST_F(AwsProfileFileTest, LoadsAndNamesTheFile) {
  const std::string path = (directory_ / "config").string();
  std::ofstream(path) << "[profile dev]\nregion = eu-west-3\n";
  const std::optional<AwsConfigFile> file = load_aws_config_file(path, AwsFileKind::kConfig);
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(file->display_name, path);
  EXPECT_EQ(find_aws_profile("dev", nullptr, &*file)->region, "eu-west-3");
  std::ofstream(path) << "[profile dev]\nregion\n";
  EXPECT_EQ(config_error_of([&] { load_aws_config_file(path, AwsFileKind::kConfig); }),
            path + " line 2: expected 'name = value', got 'region' — fix or remove that line");
}

}  // namespace
}  // namespace s3copy::net
