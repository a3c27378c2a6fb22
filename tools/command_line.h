// The s3copy command line: the original s3copy's options, spelled exactly as it spelled them, plus
// the options it lacked. Parsing fills the records the pipeline and the settings resolver take.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "net/log.h"
#include "net/settings_resolver.h"
#include "stages/pipeline.h"

namespace s3copy::tools {

// A command line that cannot be run. The message names the option (or argument) and the fix, and
// never contains a secret (values of -k are not quoted).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CommandLine {
  // source/destination (both required), -f, -p and -P (read here), -F (the path only: the pipeline
  // streams it), -n, -t, --stage, --multipart-threshold, --part-size, --acl-grant/--acl (as
  // headers). show_progress is left false: main decides it from `progress` and the terminal.
  // --shard, --list-format and --apply-plan (the path only) go here too; --emit-plan sets dry_run.
  stages::PipelineConfig pipeline;
  // --emit-plan: where main writes the plan ("-" is standard output); empty without the option.
  std::string emit_plan;
  // -a -k -c --profile --endpoint-url --region --path-style/--virtual-hosted --no-verify-ssl
  // --ca-bundle. environment and home are left empty for main to fill.
  net::SettingsInputs primary;
  std::optional<std::string> destination_s3cfg;        // -d: lists and reads the destination
  net::LogLevel log_level = net::LogLevel::kCritical;  // -l (the seed's default)
  std::string log_file;                                // -L (appended); empty means stderr
  int max_attempts = 10;                               // --retries
  std::chrono::seconds stall_timeout{120};             // --timeout
  bool json = false;                                   // --json
  // --progress (true) / --no-progress (false); nullopt: show progress when stderr is a terminal.
  std::optional<bool> progress;
  // --stats-interval: without a live line, a plain status line this often; 0 = none.
  std::chrono::seconds stats_interval{60};
  // -h/--help or --version anywhere: nothing else is parsed or checked, the rest of the record
  // keeps its defaults, and main prints help_text() or the version.
  bool help = false;
  bool version = false;
};

// Parses argv (argv[0] is the program name and is ignored). Throws UsageError for an unknown
// option, a missing or extra bucket argument, a bad value, or options that contradict each other.
//
// Decisions beyond the seed:
// - dest_bucket is required, although the seed's usage shows it in brackets: there is nothing
//   sensible to copy to without one. Either *path* may be omitted.
// - -f, -p, --acl-grant and --stage accumulate when repeated (argparse kept only the last -f/-p);
//   other options given twice keep the last value, as in argparse.
// - A copy whose every key would land on itself (same bucket, same place) is refused.
// - --apply-plan takes no buckets, and refuses the options that would choose objects or part
//   sizes (-f -F -p -P --list-format --multipart-threshold --part-size) and --emit-plan.
CommandLine parse_command_line(int argc, const char* const* argv);

// The --help text: the seed's help, word for word, then the options and notes it did not have.
std::string help_text();

// "64MiB" -> 67108864. Plain bytes; K, M, G, T, KiB, MiB, GiB, TiB (powers of 1024); KB, MB, GB,
// TB (powers of 1000); an optional B; suffixes in any case. nullopt when `text` is not a size or
// the size does not fit in 64 bits.
std::optional<std::uint64_t> parse_size(std::string_view text);

}  // namespace s3copy::tools
