// Reads saved plans (--apply-plan FILE) one line at a time, so a plan of a billion objects takes no
// more memory than one line: checks the header, skips comments, names file and line in errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "plan/action.h"
#include "plan/input_error.h"
#include "plan/s3_url.h"

namespace s3copy::plan {

// The most bytes one plan line may hold. Two 1,024-byte keys, fully percent-encoded, take 6 KiB;
// an uneven part layout of 10,000 distinct sizes ~110 KiB. A longer line is not a plan line (a
// binary file, say) and is refused without being kept in memory.
inline constexpr size_t kMaxPlanLineBytes = 1 << 20;

// The run that made a plan, from its "# job" comment line: what `s3copy SOURCE DESTINATION` was
// given. Applying needs it only for --cleanup, which works out where a job leaves its temp files
// from these paths.
struct PlanJob {
  S3Url source;
  S3Url destination;

  bool operator==(const PlanJob& other) const {
    return source.to_string() == other.source.to_string() &&
           destination.to_string() == other.destination.to_string();
  }
};

// "# job\ts3://src/path\ts3://dst/path": the paths are written like plan keys (control bytes,
// space, '%' and DEL percent-encoded), so that the line stays one line and splits on tabs.
std::string format_job_line(const S3Url& source, const S3Url& destination);

// The job of a "# job" line; nullopt for any other line. Throws std::invalid_argument naming
// what is wrong for a "# job" line that does not hold two s3:// paths.
std::optional<PlanJob> parse_job_line(std::string_view line);

// The file format is plan/FORMAT.md's: line 1 is kPlanHeader, then one action a line. Lines
// starting with '#' are comments (a "# job" line is noted, see jobs()); empty lines are skipped;
// one '\r' before a line end is dropped. Beyond parse_action()'s checks each line's keys must
// be possible S3 keys (key_problem()), its buckets valid bucket names, and its source and
// destination different objects.
class PlanReader {
 public:
  // `display_name` names the plan in messages: its path, or "standard input". The stream must
  // outlive the reader. Reads and checks the header; throws std::invalid_argument as next() does.
  PlanReader(std::istream& input, std::string display_name);

  // The next action, copy or skip, or nullopt at the end of the plan. Throws InputError, where
  // "<display name> line N", and what is wrong.
  std::optional<Action> next();

  // The line the last action came from (1-based).
  size_t line_number() const { return line_number_; }
  const std::string& display_name() const { return display_name_; }
  // The distinct "# job" lines read so far, in the order first seen: one for a plan s3copy made,
  // several for plans joined with cat, none for a plan made by hand.
  const std::vector<PlanJob>& jobs() const { return jobs_; }

 private:
  // Reads up to the next '\n' into line_ (without it and one '\r' before it). False at the end.
  bool read_line();
  void check_header();
  void note_comment();
  void check_object(const char* role, const std::string& bucket, const std::string& key) const;
  void check_objects(const Action& action) const;
  [[noreturn]] void fail(const std::string& problem) const;

  std::istream& input_;
  std::string display_name_;
  size_t line_number_ = 0;
  std::string line_;
  std::vector<PlanJob> jobs_;
};

// A plan read from a file: `path` is opened, `display_name` names it in messages.
class PlanFile {
 public:
  // Throws std::invalid_argument for a file that cannot be read ("cannot read plan 'x.plan': No
  // such file or directory") and as PlanReader does.
  PlanFile(const std::string& path, const std::string& display_name);

  std::optional<Action> next() { return reader_.next(); }
  size_t line_number() const { return reader_.line_number(); }
  const std::string& display_name() const { return reader_.display_name(); }
  const std::vector<PlanJob>& jobs() const { return reader_.jobs(); }
  PlanReader& reader() { return reader_; }

 private:
  std::unique_ptr<std::istream> stream_;  // declared before reader_, which refers to it
  PlanReader reader_;
};

// What a whole plan holds. Applying reads the plan through once before it copies anything, so
// that a malformed line far down stops the run before it starts, not half-way; this is what that
// first reading learns. Memory: the distinct bucket names only.
struct PlanOverview {
  std::uint64_t copy_lines = 0;
  std::uint64_t skip_lines = 0;
  std::set<std::string> source_buckets;
  std::set<std::string> destination_buckets;
  std::vector<PlanJob> jobs;
};

// Reads `reader` to its end. Throws as PlanReader::next() does.
PlanOverview read_plan_overview(PlanReader& reader);

}  // namespace s3copy::plan
