// The s3copy program: parses the command line, resolves credentials, runs the copy pipeline and
// reports. Exit status: 0 all done, 1 some objects failed, 2 nothing could be started.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "net/acl_grants.h"
#include "net/config_error.h"
#include "net/http_engine.h"
#include "net/log.h"
#include "net/redact.h"
#include "net/s3_client.h"
#include "net/settings_resolver.h"
#include "plan/plan_writer.h"
#include "stages/pipeline.h"
#include "tools/command_line.h"
#include "tools/report.h"

extern char** environ;

namespace s3copy::tools {
namespace {

constexpr int kExitCouldNotStart = 2;
constexpr const char* kVersion = "s3copy 0.1.0";

std::map<std::string, std::string> current_environment() {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const char* equals = std::strchr(*entry, '=');
    if (equals != nullptr)
      variables[std::string(*entry, static_cast<size_t>(equals - *entry))] = equals + 1;
  }
  return variables;
}

net::ConnectionSettings resolve(net::SettingsInputs inputs, const char* role) {
  inputs.environment = current_environment();
  const char* home = std::getenv("HOME");
  inputs.home = home != nullptr ? home : "";
  std::vector<std::string> notes;
  net::ConnectionSettings settings = net::resolve_settings(inputs, &notes);
  net::add_credential_secrets(net::Redactor::global(), settings.credentials);
  for (const std::string& note : notes) net::log_line(net::LogLevel::kWarning, "", note);
  net::log_line(net::LogLevel::kInfo, "",
                std::string(role) + " credentials from " + settings.credentials_source +
                    ", endpoint " + settings.endpoint + ", region " + settings.region);
  return settings;
}

// -d: the destination is listed and read with the keys of another s3cmd config file.
net::SettingsInputs destination_inputs(const CommandLine& command, const std::string& s3cfg) {
  net::SettingsInputs inputs = command.primary;
  inputs.access_key.clear();
  inputs.secret_key.clear();
  inputs.profile.reset();
  inputs.s3cfg_path = s3cfg;
  return inputs;
}

// --acl-grant replaces an object's default ACL; the copies' writer keeps full control so that it
// can still read (verify, sync) what it wrote.
net::HeaderList keep_writer_in_control(net::S3Client& writer, net::HeaderList acl_headers) {
  if (!net::has_grant_headers(acl_headers)) return acl_headers;
  auto caller = net::wait_for<std::string>([&](auto done) { writer.get_caller_id(done); });
  if (caller.ok()) return net::with_writer_full_control(std::move(acl_headers), caller.value());
  std::fprintf(stderr,
               "s3copy: warning: cannot learn the writer's canonical id (%s); with --acl-grant "
               "the copies' ACL holds only the grants given, so their writer may not read them "
               "back. Add --acl-grant full-control:id=YOUR_ID to keep control.\n",
               caller.error().describe().c_str());
  return acl_headers;
}

// Says on stderr what became of the --emit-plan file; false when it could not be written whole.
bool report_plan_file(plan::PlanWriter& plan, bool completed) {
  switch (plan.finish(completed)) {
    case plan::PlanWriter::Finish::kStandardOutput:
      return true;
    case plan::PlanWriter::Finish::kDiscarded:
      std::fprintf(stderr, "s3copy: no plan written to %s: the job did not complete\n",
                   plan.path().c_str());
      return true;
    case plan::PlanWriter::Finish::kWriteFailed:
      std::fprintf(stderr, "s3copy: cannot write the plan to %s: %s (is the disk full?)\n",
                   plan.path().empty() ? "standard output" : plan.path().c_str(),
                   plan.error().c_str());
      return false;
    case plan::PlanWriter::Finish::kKept:
      break;
  }
  std::fprintf(stderr, "s3copy: plan written to %s; apply it with s3copy --apply-plan %s\n",
               plan.path().c_str(), plan.path().c_str());
  return true;
}

void draw_progress(const stages::RunSummary& summary) {
  std::fprintf(stderr, "\r\033[K%s", progress_line(summary).c_str());
  std::fflush(stderr);
}

// For runs without a terminal (cron, a pod): a plain status line each `interval` of run time,
// where the log goes. on_progress comes about once a second; a late call catches up, never bursts.
std::function<void(const stages::RunSummary&)> status_lines_every(std::chrono::seconds interval) {
  return [interval = static_cast<double>(interval.count()),
          next = static_cast<double>(interval.count())](const stages::RunSummary& summary) mutable {
    if (summary.seconds < next) return;
    net::log_status(status_line(summary));
    next = (std::floor(summary.seconds / interval) + 1) * interval;
  };
}

int run(const CommandLine& command) {
  const net::ConnectionSettings primary = resolve(command.primary, "source");
  std::optional<net::ConnectionSettings> destination;
  if (command.destination_s3cfg) {
    destination = resolve(destination_inputs(command, *command.destination_s3cfg), "destination");
  }
  net::HttpEngine engine(net::HttpOptions{.low_speed_window = command.stall_timeout,
                                          .verify_tls = primary.verify_tls,
                                          .ca_bundle = primary.ca_bundle,
                                          .proxy = primary.proxy});
  const net::ClientOptions options{.max_in_flight = command.pipeline.max_in_flight,
                                   .max_attempts = command.max_attempts};
  net::S3Client source_client(engine, primary, options);
  std::optional<net::S3Client> destination_reader;
  if (destination) destination_reader.emplace(engine, *destination, options);

  stages::PipelineConfig config = command.pipeline;
  config.acl_headers = keep_writer_in_control(source_client, std::move(config.acl_headers));
  // AWS gives a CopyObject of a multipart source a new, plain ETag; other servers (radosgw keeps
  // the source's) are asked by a trial copy (stages/whole_copy_trial.h).
  config.whole_copies_may_keep_etags = !primary.endpoint_is_aws;
  const bool show_progress = command.progress.value_or(isatty(STDERR_FILENO) == 1);
  if (show_progress) {
    config.on_progress = draw_progress;
  } else if (command.stats_interval.count() > 0) {
    config.on_progress = status_lines_every(command.stats_interval);
  }
  plan::PlanWriter plan(command.emit_plan);
  const stages::RunResult result = stages::run_pipeline(
      config, source_client, destination_reader ? *destination_reader : source_client, plan);
  if (show_progress) std::fputs("\r\033[K", stderr);
  std::fflush(stdout);
  std::fputs(summary_text(result, config.dry_run).c_str(), stderr);
  const bool plan_written = report_plan_file(
      plan, result.status != stages::RunStatus::kCouldNotStart && result.error.empty());
  if (command.json) std::fputs(summary_json(result, config.dry_run).c_str(), stdout);
  return plan_written ? static_cast<int>(result.status) : kExitCouldNotStart;
}

// Bad settings or input, found before anything was copied: said on stderr, exit status 2.
int could_not_start(const std::exception& error) {
  std::fputs(("s3copy: " + net::Redactor::global().scrub(error.what()) + "\n").c_str(), stderr);
  return kExitCouldNotStart;
}

int main_with_errors_reported(int argc, char** argv) {
  CommandLine command;
  try {
    command = parse_command_line(argc, argv);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "s3copy: %s\n", e.what());
    return kExitCouldNotStart;
  }
  if (command.help) {
    std::fputs(help_text().c_str(), stdout);
    return 0;
  }
  if (command.version) {
    std::puts(kVersion);
    return 0;
  }
  if (!net::configure_log(command.log_level, command.log_file)) {
    std::fprintf(stderr, "s3copy: cannot open log file %s: %s\n", command.log_file.c_str(),
                 std::strerror(errno));
    return kExitCouldNotStart;
  }
  try {
    return run(command);
  } catch (const net::ConfigError& e) {
    return could_not_start(e);
  } catch (const plan::InputError& e) {  // e.g. an --emit-plan file that cannot be made
    return could_not_start(e);
  } catch (const std::exception& e) {  // e.g. no threads or sockets to be had
    std::fputs(("s3copy: cannot run: " + net::Redactor::global().scrub(e.what()) + "\n").c_str(),
               stderr);
    return kExitCouldNotStart;
  }
}

}  // namespace
}  // namespace s3copy::tools

int main(int argc, char** argv) {
  return s3copy::tools::main_with_errors_reported(argc, argv);
}
