// The keys a job names instead of listing them: the -f keys, then those of the -F list in any
// --list-format (inventory manifests included), and ReadTwiceInput, which lets a list be read
// twice.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "net/s3_client.h"
#include "plan/selection.h"
#include "stages/pipeline.h"

namespace s3copy::stages {

// Where a -F list or a plan is read from. Both are read twice: checked whole before anything is
// copied, so that a bad line far down stops the job before it starts, not half-way, and then
// used. Standard input ("-") is therefore first kept in a temporary file, removed with this.
class ReadTwiceInput {
 public:
  // `what` ("object list", "plan") names the input in messages. Throws CouldNotStart when
  // standard input cannot be kept.
  ReadTwiceInput(const std::string& path_or_dash, const std::string& what);
  ~ReadTwiceInput();
  ReadTwiceInput(const ReadTwiceInput&) = delete;
  ReadTwiceInput& operator=(const ReadTwiceInput&) = delete;

  // The file to open, each time it is read.
  const std::string& path() const { return path_; }
  // The input's name in messages: its path, or "standard input".
  const std::string& display_name() const { return display_name_; }

 private:
  std::string path_;
  std::string display_name_;
  std::string spool_;  // the temporary file that keeps standard input, if any
};

class ListedKeys;

// Yields the -f keys, then the -F list's keys, as whole source keys: a plain list's lines (like -f
// values) are relative to the source path; the other formats name whole keys, which must lie
// under the source path. An inventory manifest's keys are those of its data files, read from the
// manifest's destination bucket through `client`. `config` and `selection` must outlive this.
class NamedKeys {
 public:
  // Checks the -F list whole (InputError "<list> line N: ..." for a bad line).
  NamedKeys(const PipelineConfig& config, const plan::Selection& selection, net::S3Client& client);
  ~NamedKeys();

  // The keys of `candidates` that the job names; reads the keys again from the start.
  std::set<std::string> among(const std::set<std::string>& candidates) const;

  // The next named source key, or nullopt after the last. Throws std::invalid_argument for a
  // line that cannot be read (a list changed since it was checked).
  std::optional<std::string> next();

 private:
  std::string source_key(const ListedKeys& list, const std::string& listed) const;

  const PipelineConfig& config_;
  const plan::Selection& selection_;
  net::S3Client& client_;
  std::size_t next_file_ = 0;
  std::unique_ptr<ReadTwiceInput> list_input_;
  std::unique_ptr<ListedKeys> list_;
};

}  // namespace s3copy::stages
