// Reads saved plans (--apply-plan FILE) one line at a time, so a plan of a billion objects takes no
// more memory than one line: checks the header, skips comments, names file and line in errors.
#include "plan/plan_file.h"
#include "plan/text.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "plan/key_list.h"
#include "plan/plan_line.h"

namespace s3copy::plan {
namespace {

constexpr std::string_view kJobComment = "# job\t";
constexpr std::string_view kHeaderStart = "# s3copy plan v";
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kHowToMakeOne =
    "make plans with `s3copy SOURCE DESTINATION --emit-plan FILE`";

// The reverse of the plan's key escaping, for the paths of a "# job" line.
std::string percent_decoded(std::string_view text) {
  std::optional<std::string> decoded = percent_decode(text);
  if (!decoded) throw std::invalid_argument("'" + std::string(text) + "' has a bad %-escape");
  return *decoded;
}

std::string escaped_path(const S3Url& url) {
  // format_object_url escapes the path exactly as plan lines escape keys.
  return format_object_url(url.bucket, url.path);
}

}  // namespace

std::string format_job_line(const S3Url& source, const S3Url& destination) {
  return std::string(kJobComment) + escaped_path(source) + "\t" + escaped_path(destination);
}

std::optional<PlanJob> parse_job_line(std::string_view line) {
  if (!line.starts_with(kJobComment)) return std::nullopt;
  line.remove_prefix(kJobComment.size());
  const size_t tab = line.find('\t');
  if (tab == std::string_view::npos || line.find('\t', tab + 1) != std::string_view::npos) {
    throw std::invalid_argument(
        "a '# job' line holds the source and the destination, "
        "separated by one tab");
  }
  return PlanJob{
      .source = parse_s3_url(percent_decoded(line.substr(0, tab)), "job source"),
      .destination = parse_s3_url(percent_decoded(line.substr(tab + 1)), "job destination")};
}

PlanReader::PlanReader(std::istream& input, std::string display_name)
    : input_(input), display_name_(std::move(display_name)) {
  if (!input_ || input_.rdbuf() == nullptr) {
    throw std::invalid_argument("cannot read plan " + display_name_);
  }
  check_header();
}

void PlanReader::fail(const std::string& problem) const {
  throw InputError(line_of(display_name_, line_number_), problem);
}

bool PlanReader::read_line() {
  std::streambuf& buffer = *input_.rdbuf();
  line_.clear();
  int c = buffer.sbumpc();
  if (c == std::char_traits<char>::eof()) return false;
  ++line_number_;
  for (; c != std::char_traits<char>::eof() && c != '\n'; c = buffer.sbumpc()) {
    if (line_.size() == kMaxPlanLineBytes) {
      fail("the line is longer than " + std::to_string(kMaxPlanLineBytes) +
           " bytes, which no plan line is; is this a plan?");
    }
    line_ += static_cast<char>(c);
  }
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  return true;
}

void PlanReader::check_header() {
  if (!read_line()) {
    throw std::invalid_argument(display_name_ + " is empty, not a plan (its first line must be '" +
                                std::string(kPlanHeader) + "'); " + std::string(kHowToMakeOne));
  }
  if (line_.starts_with(kByteOrderMark)) line_.erase(0, kByteOrderMark.size());
  if (line_ == kPlanHeader) return;
  if (line_.starts_with(kHeaderStart)) {
    fail("'" + line_ + "' is a plan of another version; this s3copy reads '" +
         std::string(kPlanHeader) + "' plans: make the plan again with this s3copy");
  }
  fail("not an s3copy plan: the first line must be '" + std::string(kPlanHeader) + "'; " +
       std::string(kHowToMakeOne) + ", or add that line at the top of a plan made by hand");
}

void PlanReader::note_comment() {
  try {
    std::optional<PlanJob> job = parse_job_line(line_);
    if (!job) return;
    for (const PlanJob& known : jobs_) {
      if (known == *job) return;
    }
    jobs_.push_back(std::move(*job));
  } catch (const std::invalid_argument& bad_job) {
    fail(std::string(bad_job.what()) +
         "; it is written by s3copy: remove the line if it was edited by hand");
  }
}

void PlanReader::check_object(const char* role, const std::string& bucket,
                              const std::string& key) const {
  if (const std::string problem = bucket_name_problem(bucket); !problem.empty()) {
    fail(std::string(role) + " bucket '" + bucket + "': " + problem);
  }
  if (const std::string problem = key_problem(key); !problem.empty()) {
    fail(std::string(role) + " " + problem);
  }
}

void PlanReader::check_objects(const Action& action) const {
  check_object("source", action.source_bucket, action.source.key);
  check_object("destination", action.destination_bucket, action.destination_key);
  if (action.source_bucket == action.destination_bucket &&
      action.source.key == action.destination_key) {
    fail(
        "the source and the destination are the same object; an object cannot be copied onto "
        "itself");
  }
}

std::optional<Action> PlanReader::next() {
  while (read_line()) {
    if (line_.empty()) continue;
    if (line_.front() == '#') {
      note_comment();
      continue;
    }
    Action action;
    try {
      action = parse_action(line_, line_number_);
    } catch (const InputError& bad_line) {
      fail(bad_line.problem());
    }
    check_objects(action);
    return action;
  }
  return std::nullopt;
}

namespace {

std::unique_ptr<std::istream> open_plan(const std::string& path) {
  auto stream = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*stream) {
    throw std::invalid_argument("cannot read plan '" + path + "': " + std::strerror(errno));
  }
  return stream;
}

}  // namespace

PlanFile::PlanFile(const std::string& path, const std::string& display_name)
    : stream_(open_plan(path)), reader_(*stream_, display_name) {}

PlanOverview read_plan_overview(PlanReader& reader) {
  PlanOverview overview;
  while (std::optional<Action> action = reader.next()) {
    ++(action->verdict == Verdict::kCopy ? overview.copy_lines : overview.skip_lines);
    overview.source_buckets.insert(action->source_bucket);
    overview.destination_buckets.insert(action->destination_bucket);
  }
  overview.jobs = reader.jobs();
  return overview;
}

}  // namespace s3copy::plan
