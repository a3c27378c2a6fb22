// Reads the AWS CLI's shared files (~/.aws/credentials, ~/.aws/config) and looks up a profile.
// The line rules follow Python's configparser plus botocore's nested sections, which the CLI uses.
#include "net/aws_profile.h"

#include <utility>

#include "net/config_text.h"
#include "net/text.h"

namespace s3copy::net {
namespace {

// Parses one file line by line, remembering enough to spot duplicates and nested sub-sections.
class Parser {
 public:
  Parser(std::string display_name, AwsFileKind kind) : kind_(kind) {
    file_.display_name = std::move(display_name);
  }

  void parse_line(std::string_view raw_line, int line_number);
  AwsConfigFile finish() { return std::move(file_); }

 private:
  [[noreturn]] void fail(int line_number, const std::string& problem) const {
    fail_at_line(file_.display_name, line_number, problem);
  }
  void start_section(std::string_view line, int line_number);
  AwsSection& section_for(std::string_view header, int line_number);
  void add_entry(std::string_view line, size_t indent, int line_number);
  void add_nested_entry(std::string_view line, int line_number);
  void store(const std::string& name, std::string value, int line_number);

  AwsFileKind kind_;
  AwsConfigFile file_;
  std::map<std::string, int> section_lines_;  // "profile dev" -> line of its header
  AwsSection* section_ = nullptr;             // null before the first header
  AwsSection discarded_;                      // entries of ignored sections land here
  std::map<std::string, int> entry_lines_;    // names seen in the current section
  std::string open_name_;                     // the last entry's name, for indented lines
  std::string open_value_;
  size_t open_indent_ = 0;
};

void Parser::parse_line(std::string_view raw_line, int line_number) {
  const std::string_view line = trim(raw_line);
  if (line.empty() || line.front() == '#' || line.front() == ';') return;
  const size_t indent = raw_line.find_first_not_of(kAsciiWhitespace);
  // configparser: a line indented deeper than the entry above continues that entry.
  if (!open_name_.empty() && indent > open_indent_) return add_nested_entry(line, line_number);
  if (line.front() == '[') return start_section(line, line_number);
  add_entry(line, indent, line_number);
}

void Parser::start_section(std::string_view line, int line_number) {
  const size_t close = line.find(']');
  const std::string_view after =
      close == std::string_view::npos ? "" : trim(line.substr(close + 1));
  const std::string_view header =
      close == std::string_view::npos ? "" : trim(line.substr(1, close - 1));
  const bool trailing_comment_only = after.empty() || after.front() == '#' || after.front() == ';';
  if (header.empty() || !trailing_comment_only) {
    fail(line_number, "expected a section header like '[default]', got '" + safe_excerpt(line) +
                          "' — fix or remove that line");
  }
  section_ = &section_for(header, line_number);
  entry_lines_.clear();
  open_name_.clear();
}

// Maps a header to where its entries go, refusing a section defined twice (the AWS CLI refuses it).
AwsSection& Parser::section_for(std::string_view header, int line_number) {
  std::string kind = "profile";
  std::string name(header);
  if (kind_ == AwsFileKind::kConfig && header != "default") {
    const size_t space = header.find_first_of(" \t");
    kind = std::string(header.substr(0, space));
    name = space == std::string_view::npos ? "" : std::string(trim(header.substr(space)));
    if ((kind != "profile" && kind != "services") || name.empty()) {
      file_.ignored_sections.emplace_back(header);
      discarded_.clear();
      return discarded_;
    }
  }
  const auto [previous, inserted] = section_lines_.emplace(kind + " " + name, line_number);
  if (!inserted) {
    fail(line_number, kind + " '" + name + "' is already defined at line " +
                          std::to_string(previous->second) + " — merge the two sections");
  }
  return kind == "services" ? file_.services[name] : file_.profiles[name];
}

void Parser::add_entry(std::string_view line, size_t indent, int line_number) {
  const size_t delimiter = line.find_first_of("=:");
  const std::string name =
      to_lower(trim(line.substr(0, delimiter == std::string_view::npos ? 0 : delimiter)));
  if (delimiter == std::string_view::npos || name.empty()) {
    fail(line_number,
         "expected 'name = value', got '" + safe_excerpt(line) + "' — fix or remove that line");
  }
  if (section_ == nullptr) {
    const std::string sections =
        kind_ == AwsFileKind::kConfig ? "[default] or [profile NAME]" : "[default] or [NAME]";
    fail(line_number, "'" + name + "' comes before any section — put it under " + sections);
  }
  std::string value(trim(line.substr(delimiter + 1)));
  store(name, value, line_number);
  open_name_ = name;
  open_value_ = std::move(value);
  open_indent_ = indent;
}

// botocore reads "s3 =" followed by indented "name = value" lines as a sub-section.
void Parser::add_nested_entry(std::string_view line, int line_number) {
  if (!open_value_.empty()) {
    fail(line_number, "indented line under '" + open_name_ + "', which already has a value — " +
                          "remove the indentation, or leave '" + open_name_ +
                          " =' empty to start a sub-section");
  }
  const size_t equals = line.find('=');
  const std::string name =
      to_lower(trim(line.substr(0, equals == std::string_view::npos ? 0 : equals)));
  if (equals == std::string_view::npos || name.empty()) {
    fail(line_number, "expected 'name = value' inside '" + open_name_ + " =', got '" +
                          safe_excerpt(line) + "' — fix or remove that line");
  }
  store(open_name_ + "." + name, std::string(trim(line.substr(equals + 1))), line_number);
}

void Parser::store(const std::string& name, std::string value, int line_number) {
  const auto [previous, inserted] = entry_lines_.emplace(name, line_number);
  if (!inserted) {
    fail(line_number, "'" + name + "' is already set at line " + std::to_string(previous->second) +
                          " of this section — keep one of them");
  }
  if (name == "s3.addressing_style") {
    value = to_lower(value);
    if (value != "path" && value != "virtual" && value != "auto") {
      fail(line_number, "addressing_style must be path, virtual or auto, not '" + value + "'");
    }
  }
  (*section_)[name] = std::move(value);
}

const AwsSection* find_section(const AwsConfigFile* file, std::string_view name) {
  if (file == nullptr) return nullptr;
  const auto found = file->profiles.find(name);
  return found == file->profiles.end() ? nullptr : &found->second;
}

std::string value_of(const AwsSection& section, const std::string& name) {
  const auto found = section.find(name);
  return found == section.end() ? std::string() : found->second;
}

// The endpoint for S3 specifically: a "services" section beats the profile's own "s3 =" block.
std::string s3_endpoint(const AwsSection& profile, const AwsConfigFile* config) {
  const std::string services_name = value_of(profile, "services");
  if (config != nullptr && !services_name.empty()) {
    const auto services = config->services.find(services_name);
    if (services != config->services.end()) {
      const std::string endpoint = value_of(services->second, "s3.endpoint_url");
      if (!endpoint.empty()) return endpoint;
    }
  }
  const std::string nested = value_of(profile, "s3.endpoint_url");
  return nested.empty() ? value_of(profile, "endpoint_url") : nested;
}

std::string unsupported_credentials(const AwsSection& profile) {
  for (const char* name : {"role_arn", "credential_process", "sso_session", "sso_start_url",
                           "web_identity_token_file", "credential_source"}) {
    if (profile.contains(name)) return name;
  }
  return {};
}

}  // namespace

AwsConfigFile parse_aws_config_file(std::string_view text, std::string display_name,
                                    AwsFileKind kind) {
  Parser parser(std::move(display_name), kind);
  for_each_line(
      text, [&](std::string_view line, int line_number) { parser.parse_line(line, line_number); });
  return parser.finish();
}

std::optional<AwsConfigFile> load_aws_config_file(const std::string& path, AwsFileKind kind) {
  const char* what = kind == AwsFileKind::kConfig ? "AWS config file" : "AWS credentials file";
  const std::optional<std::string> contents = read_config_file_if_present(path, what);
  if (!contents) return std::nullopt;
  return parse_aws_config_file(*contents, path, kind);
}

std::optional<AwsProfile> find_aws_profile(std::string_view name, const AwsConfigFile* credentials,
                                           const AwsConfigFile* config) {
  const AwsSection* from_credentials = find_section(credentials, name);
  const AwsSection* from_config = find_section(config, name);
  if (from_credentials == nullptr && from_config == nullptr) return std::nullopt;

  AwsSection merged = from_config != nullptr ? *from_config : AwsSection();
  if (from_credentials != nullptr) {
    for (const auto& [key, value] : *from_credentials) merged[key] = value;
  }
  AwsProfile profile;
  profile.name = std::string(name);
  const bool keys_in_credentials =
      from_credentials != nullptr && from_credentials->contains("aws_access_key_id");
  profile.keys_file = keys_in_credentials || from_config == nullptr ? credentials->display_name
                                                                    : config->display_name;
  profile.access_key_id = value_of(merged, "aws_access_key_id");
  profile.secret_access_key = value_of(merged, "aws_secret_access_key");
  profile.session_token = value_of(merged, "aws_session_token");
  profile.region = value_of(merged, "region");
  profile.endpoint_url = s3_endpoint(merged, config);
  profile.ca_bundle = value_of(merged, "ca_bundle");
  const std::string style = value_of(merged, "s3.addressing_style");
  if (style == "path") profile.path_style = true;
  if (style == "virtual") profile.path_style = false;
  profile.unsupported_credentials = unsupported_credentials(merged);
  return profile;
}

}  // namespace s3copy::net
