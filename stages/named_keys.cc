// The keys a job names instead of listing them: the -f keys, then those of the -F list in any
// --list-format (inventory manifests included), and ReadTwiceInput, which lets a list be read
// twice.
#include "stages/named_keys.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "plan/list_format.h"
#include "plan/plan_line.h"
#include "stages/job_checks.h"
#include "stages/object_stream.h"

namespace s3copy::stages {
namespace {

std::unique_ptr<std::ifstream> open_readable(const std::string& path, const std::string& what) {
  auto stream = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*stream) {
    throw std::invalid_argument("cannot read " + what + " '" + path + "': " + std::strerror(errno));
  }
  return stream;
}

}  // namespace

ReadTwiceInput::ReadTwiceInput(const std::string& path_or_dash, const std::string& what) {
  if (path_or_dash != "-") {
    path_ = display_name_ = path_or_dash;
    return;
  }
  display_name_ = "standard input";
  char name[] = "/tmp/s3copy-stdin-XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) {
    throw CouldNotStart("cannot keep the " + what + " read from standard input in /tmp: " +
                        std::strerror(errno) + "; write it to a file and give its path");
  }
  close(fd);
  path_ = spool_ = name;
  std::ofstream copy(name, std::ios::binary);
  copy << std::cin.rdbuf();  // sets failbit (only) when standard input is empty
  copy.flush();
  if (copy.bad()) {
    throw CouldNotStart("cannot keep the " + what + " read from standard input in " + spool_ +
                        " (is /tmp full?); write it to a file and give its path");
  }
}

ReadTwiceInput::~ReadTwiceInput() {
  if (!spool_.empty()) std::remove(spool_.c_str());
}

// The keys of a -F list as it writes them, in any --list-format. An inventory manifest's keys are
// those of its data files, fetched one after the other from the manifest's destination bucket with
// the primary credentials. Throws std::invalid_argument "<list> line N: ..." for a bad line.
class ListedKeys {
 public:
  ListedKeys(const ReadTwiceInput& input, const PipelineConfig& config, net::S3Client& client)
      : client_(client),
        stream_(open_readable(input.path(), "object list")),
        list_(*stream_, input.display_name(), config.list_format,
              plan::ObjectListOptions{.expected_bucket = config.source.bucket}) {}

  std::optional<std::string> next() {
    const plan::InventoryManifest* manifest = list_.manifest();
    if (manifest == nullptr) return list_.next();
    for (;;) {
      if (data_) {
        if (std::optional<std::string> key = data_->next()) return key;
      }
      if (next_file_ == manifest->files.size()) return std::nullopt;
      open_data_file(*manifest, manifest->files[next_file_++]);
    }
  }

  // Plain lists hold keys relative to the source path; every other format names whole keys.
  bool whole_keys() const { return plan::names_whole_keys(list_.format()); }

  // "<list> line N" of the last key, for messages.
  std::string where() const {
    const plan::ObjectListReader& reader = data_ ? *data_ : list_;
    return reader.display_name() + " line " + std::to_string(reader.line_number());
  }

 private:
  void open_data_file(const plan::InventoryManifest& manifest, const plan::InventoryFile& file) {
    data_.reset();
    data_stream_.reset();
    data_buffer_ =
        std::make_unique<RangedObjectBuffer>(client_, manifest.destination_bucket, file.key);
    data_stream_ = std::make_unique<std::istream>(data_buffer_.get());
    data_ = std::make_unique<plan::ObjectListReader>(
        *data_stream_, "s3://" + manifest.destination_bucket + "/" + file.key,
        plan::ListFormat::kInventoryCsv, plan::inventory_data_options(manifest));
  }

  net::S3Client& client_;
  std::unique_ptr<std::ifstream> stream_;  // declared before list_, which reads it
  plan::ObjectListReader list_;
  std::size_t next_file_ = 0;
  // The inventory data file being read, in the order each reads the one before.
  std::unique_ptr<RangedObjectBuffer> data_buffer_;
  std::unique_ptr<std::istream> data_stream_;
  std::unique_ptr<plan::ObjectListReader> data_;
};

NamedKeys::NamedKeys(const PipelineConfig& config, const plan::Selection& selection,
                     net::S3Client& client)
    : config_(config), selection_(selection), client_(client) {
  if (config.files_list.empty()) return;
  list_input_ = std::make_unique<ReadTwiceInput>(config.files_list, "object list");
  // Read whole before copying: a bad line (an InputError) stops the job before it starts.
  ListedKeys keys(*list_input_, config_, client_);
  while (std::optional<std::string> key = keys.next()) source_key(keys, *key);
}

NamedKeys::~NamedKeys() = default;

std::set<std::string> NamedKeys::among(const std::set<std::string>& candidates) const {
  std::set<std::string> named;
  auto note = [&](const std::string& key) {
    if (candidates.count(key)) named.insert(key);
  };
  for (const std::string& file : config_.files) note(selection_.key_for_file(file));
  if (!list_input_) return named;
  ListedKeys list(*list_input_, config_, client_);
  while (std::optional<std::string> key = list.next()) note(source_key(list, *key));
  return named;
}

std::optional<std::string> NamedKeys::next() {
  if (next_file_ < config_.files.size())
    return selection_.key_for_file(config_.files[next_file_++]);
  if (!list_input_) return std::nullopt;
  if (!list_) list_ = std::make_unique<ListedKeys>(*list_input_, config_, client_);
  std::optional<std::string> key = list_->next();
  return key ? std::optional(source_key(*list_, *key)) : std::nullopt;
}

std::string NamedKeys::source_key(const ListedKeys& list, const std::string& listed) const {
  if (!list.whole_keys()) return selection_.key_for_file(listed);
  if (!selection_.rules().selects(listed)) {
    throw std::invalid_argument(
        list.where() + ": " + plan::format_object_url(config_.source.bucket, listed) +
        " is not under the source path " + config_.source.to_string() +
        "; list only keys under it, or give the source path that holds them (whole keys of "
        "this list format are not relative to the source path; plain lists are)");
  }
  return listed;
}

}  // namespace s3copy::stages
