// The one writer of plans (plan/FORMAT.md): the header, "# job" lines, actions and comments, from
// any thread, to standard output or to a file that appears under its name only once complete.
#include "plan/plan_writer.h"

#include <cerrno>
#include <cstring>

#include "plan/input_error.h"
#include "plan/plan_file.h"
#include "plan/plan_line.h"

namespace s3copy::plan {

PlanWriter::PlanWriter(const std::string& path, std::string_view option)
    : path_(path == "-" ? "" : path), file_(stdout) {
  if (path_.empty()) return;
  partial_ = path_ + ".partial";
  file_ = std::fopen(partial_.c_str(), "w");
  if (file_ == nullptr) {
    throw InputError(std::string(option), "cannot write the plan to " + partial_ + ": " +
                                              std::strerror(errno) +
                                              "; give it a path in a writable directory");
  }
}

PlanWriter::~PlanWriter() {
  if (file_ != nullptr && file_ != stdout) std::fclose(file_);
  if (!partial_.empty()) std::remove(partial_.c_str());
}

void PlanWriter::header() {
  write_line(kPlanHeader);
  write_line(kPlanColumns);
}

void PlanWriter::job(const S3Url& source, const S3Url& destination) {
  write_line(format_job_line(source, destination));
}

void PlanWriter::action(const Action& action) {
  write_line(format_action(action));
}

void PlanWriter::comment(std::string_view text) {
  write_line("# " + std::string(text));
}

void PlanWriter::write_line(std::string_view line) {
  std::lock_guard lock(mutex_);
  if (finished_ && file_ != stdout) return;
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fputc('\n', file_);
}

PlanWriter::Finish PlanWriter::finish(bool completed) {
  std::lock_guard lock(mutex_);
  if (finished_) return *finished_;
  finished_ = settle(completed);
  return *finished_;
}

PlanWriter::Finish PlanWriter::settle(bool completed) {
  if (file_ == stdout) {
    if (std::fflush(stdout) == 0 && std::ferror(stdout) == 0) return Finish::kStandardOutput;
    error_ = std::strerror(errno);
    return Finish::kWriteFailed;
  }
  const bool written = std::fflush(file_) == 0 && std::ferror(file_) == 0;
  const int write_errno = errno;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!completed) return Finish::kDiscarded;  // the destructor removes the .partial file
  if (!written || !closed || std::rename(partial_.c_str(), path_.c_str()) != 0) {
    error_ = std::strerror(written && closed ? errno : write_errno);
    return Finish::kWriteFailed;
  }
  partial_.clear();
  return Finish::kKept;
}

}  // namespace s3copy::plan
