// The s3copy command line: the original s3copy's options, spelled exactly as it spelled them, plus
// the options it lacked. Parsing fills the records the pipeline and the settings resolver take.
#include "tools/command_line.h"

#include <array>
#include <charconv>
#include <limits>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "net/acl_grants.h"
#include "net/text.h"
#include "plan/key_list.h"
#include "plan/list_format.h"
#include "plan/s3_limits.h"
#include "plan/s3_url.h"
#include "plan/selection.h"
#include "plan/shard.h"

namespace s3copy::tools {
namespace {

// The seed's --help, word for word (argparse's output for the original s3copy).
constexpr std::string_view kSeedHelp =
    R"(usage: s3copy [-h] [-n] [-f FILE [FILE ...]] [-p PREFIX [PREFIX ...]]
              [-F FILES] [-P PREFIXES] [-a AWS_ACCESS_KEY] [-k AWS_SECRET_KEY]
              [-c S3CFG_FILE] [-d DEST_S3CFG_FILE] [--acl-grant ACL_GRANT]
              [-t NUM_THREADS] [-l LOG_LEVEL] [-L LOG_DEST]
              source_bucket [dest_bucket]

Multithreaded multipart copier for Amazon S3

positional arguments:
  source_bucket         source bucket/path
  dest_bucket           destination bucket/path

optional arguments:
  -h, --help            show this help message and exit
  -n, --dry-run         do no work but report what work would be done
  -f FILE [FILE ...], --file FILE [FILE ...]
                        source file[s] to copy
  -p PREFIX [PREFIX ...], --prefix PREFIX [PREFIX ...]
                        source prefix[es] to copy
  -F FILES, --files FILES
                        file containing a list of files to copy
  -P PREFIXES, --prefixes PREFIXES
                        file containing a list of prefixes to copy
  -a AWS_ACCESS_KEY     AWS Access Key
  -k AWS_SECRET_KEY     AWS Secret Key
  -c S3CFG_FILE, --config_file S3CFG_FILE
                        s3cmd-format config file
  -d DEST_S3CFG_FILE, --dest-config DEST_S3CFG_FILE
                        s3cmd-format config file for destination bucket only
  --acl-grant ACL_GRANT
                        acl to grant as PERMISSION:EMAIL
  -t NUM_THREADS        number of threads (default: 40)
  -l LOG_LEVEL          logging level
  -L LOG_DEST           logging file (appended)
)";

constexpr std::string_view kAddedHelp =
    R"(
options added since the original s3copy:
  --profile NAME        AWS profile (in ~/.aws/credentials and ~/.aws/config)
  --endpoint-url URL    S3 service to talk to (default: from -c, --profile or
                        the environment, else AWS)
  --region REGION       region to sign requests for
  --path-style          address buckets as http(s)://host/bucket
  --virtual-hosted      address buckets as http(s)://bucket.host
  --no-verify-ssl       do not verify the server's TLS certificate
  --ca-bundle FILE      CA certificates to verify TLS with
  --acl CANNED          canned ACL for every object written: private,
                        public-read, public-read-write, authenticated-read,
                        aws-exec-read, bucket-owner-read or
                        bucket-owner-full-control (not with --acl-grant)
  --multipart-threshold SIZE
                        copy sources larger than SIZE in parts (default and
                        maximum: 5GiB, the most one CopyObject can copy)
  --part-size SIZE      part size of multipart copies, 5MiB to 5GiB
                        (default: 64MiB)
  --staged              copy multipart objects the original s3copy's way:
                        each part through a temp area of part files on the
                        destination bucket (three copies of the bytes; see
                        README). Default: one pass in the source's layout
  --temp-prefix PREFIX  where --staged keeps its part files on the destination
                        bucket (default: temp/)
  --cleanup             after the copy, delete the --staged part files of the
                        objects now at the destination and abort abandoned
                        multipart uploads there; with -n, list them only
  --retries N           attempts per request, the first included, 1 to 100
                        (default: 10)
  --timeout SECONDS     give up on a request that receives nothing for
                        SECONDS, then retry it (default: 120)
  --emit-plan FILE      do no work but write the plan (what -n prints) to FILE
                        ('-': standard output), to apply later or elsewhere
  --failed-plan FILE    write the objects that failed to FILE as a plan, at the
                        end and every --stats-interval (60 s if 0); retry them
                        with --apply-plan FILE, without listing
  --apply-plan FILE     copy what a plan says ('-': standard input) instead of
                        listing; give no buckets. A line whose destination
                        already holds its source ETag is skipped, so applying
                        again finishes an interrupted run and copies nothing
                        twice. With -n: check the plan and print the lines it
                        would apply, without looking at the objects
  --shard K/N           take shard K of N (0 <= K < N) of the source keys, cut
                        by a stable hash: N processes given 0/N ... N-1/N share
                        one job with no overlap (listings, -F lists and plans)
  --list-format NAME    how the -F list is written: auto (default), plain,
                        url, aws-ls, s3cmd-ls, s3api-json, inventory-csv or
                        inventory-manifest (see README)
  --stage NAME=N[,NAME=N...]
                        requests in flight for one pipeline stage; NAME is
                        lister, differ, splitter, stager, copier, validator
                        or composer
  --json                print the summary as JSON
  --progress, --no-progress
                        show or hide a live progress line on stderr
                        (default: shown when stderr is a terminal)
  --stats-interval SECONDS
                        without a live progress line, log a plain status
                        line this often (default: 60; 0: none)
  --version             print the version and exit

notes:
  dest_bucket is required. Either bucket may be followed by a path
  (s3://bucket/path); a source path may end in one '*'.
  -f and -p take every argument up to the next option, so put the buckets
  first. They may be repeated, and combined with -F and -P. -F and -P read one
  key or prefix a line ('-' is standard input; '#' starts a comment line).
  ACL_GRANT is PERMISSION:GRANTEE. PERMISSION is read, read-acp, write-acp or
  full-control; GRANTEE is id=CANONICAL_USER_ID,
  uri=http://acs.amazonaws.com/groups/..., or an email address (AWS refuses
  email grantees since October 2025; some S3-compatible servers accept them).
  NUM_THREADS is the number of requests in flight at once, 1 to 10000.
  LOG_LEVEL is DEBUG, INFO, WARNING, ERROR or CRITICAL (default: CRITICAL).
  SIZE is bytes, or a number with K, M, G, T, KiB, MiB, GiB or TiB (powers of
  1024) or KB, MB, GB or TB (powers of 1000).
  Credentials come from -a/-k; else from -c and --profile; else from
  AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.s3cfg or ~/.aws, in that order.
  Exit status: 0 everything copied or up to date, 1 some objects failed,
  2 s3copy could not start (bad arguments, buckets, credentials, key list or
  plan).
)";

constexpr std::string_view kSeeHelp = " (see s3copy --help)";
constexpr int kMaxRequestsInFlight = 10000;

// Every option as typed, before it is checked and converted.
struct RawOptions {
  std::vector<std::string> buckets;
  bool dry_run = false;
  std::vector<std::string> files, prefixes;
  std::string files_list, prefixes_list;
  std::string access_key, secret_key, s3cfg, dest_s3cfg;
  std::vector<std::string> acl_grants;
  std::string threads, log_level, log_file;
  std::string profile, endpoint_url, region, ca_bundle, acl;
  bool path_style = false, virtual_hosted = false, no_verify_ssl = false;
  std::string multipart_threshold, part_size;
  std::vector<std::string> stages;
  bool staged = false, cleanup = false;
  std::string temp_prefix, retries, timeout;
  bool json = false, progress = false, no_progress = false;
  std::string stats_interval;
  bool stats_interval_given = false;  // even with an empty value
  bool help = false, version = false;
  std::string emit_plan, apply_plan, failed_plan, shard, list_format;
  // Given at all, even with an empty value.
  bool emit_plan_given = false, apply_plan_given = false, failed_plan_given = false;
};

[[noreturn]] void usage_error(const std::string& message) {
  throw UsageError(message);
}

// Like argparse, a single-valued option given twice keeps its last value.
CLI::Option* add_single(CLI::App& app, const std::string& names, std::string& value) {
  return app.add_option(names, value)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

void add_seed_options(CLI::App& app, RawOptions& raw) {
  app.add_option("buckets", raw.buckets);
  app.add_flag("-h,--help", raw.help);
  app.add_flag("-n,--dry-run", raw.dry_run);
  app.add_option("-f,--file", raw.files);
  app.add_option("-p,--prefix", raw.prefixes);
  add_single(app, "-F,--files", raw.files_list);
  add_single(app, "-P,--prefixes", raw.prefixes_list);
  add_single(app, "-a", raw.access_key);
  add_single(app, "-k", raw.secret_key);
  add_single(app, "-c,--config_file", raw.s3cfg);
  add_single(app, "-d,--dest-config", raw.dest_s3cfg);
  app.add_option("--acl-grant", raw.acl_grants)->allow_extra_args(false);
  add_single(app, "-t", raw.threads);
  add_single(app, "-l", raw.log_level);
  add_single(app, "-L", raw.log_file);
}

void add_new_options(CLI::App& app, RawOptions& raw) {
  add_single(app, "--profile", raw.profile);
  add_single(app, "--endpoint-url", raw.endpoint_url);
  add_single(app, "--region", raw.region);
  app.add_flag("--path-style", raw.path_style);
  app.add_flag("--virtual-hosted", raw.virtual_hosted);
  app.add_flag("--no-verify-ssl", raw.no_verify_ssl);
  add_single(app, "--ca-bundle", raw.ca_bundle);
  add_single(app, "--acl", raw.acl);
  add_single(app, "--multipart-threshold", raw.multipart_threshold);
  add_single(app, "--part-size", raw.part_size);
  app.add_option("--stage", raw.stages)->allow_extra_args(false);
  app.add_flag("--staged", raw.staged);
  add_single(app, "--temp-prefix", raw.temp_prefix);
  app.add_flag("--cleanup", raw.cleanup);
  add_single(app, "--retries", raw.retries);
  add_single(app, "--timeout", raw.timeout);
  add_single(app, "--stats-interval", raw.stats_interval);
  app.add_flag("--json", raw.json);
  app.add_flag("--progress", raw.progress);
  app.add_flag("--no-progress", raw.no_progress);
  app.add_flag("--version", raw.version);
  add_single(app, "--emit-plan", raw.emit_plan);
  add_single(app, "--failed-plan", raw.failed_plan);
  add_single(app, "--apply-plan", raw.apply_plan);
  add_single(app, "--shard", raw.shard);
  add_single(app, "--list-format", raw.list_format);
}

// CLI11 reports a missing value as "-t: 1 required TEXT missing"; say it the way a person would.
std::string missing_value_message(const CLI::ArgumentMismatch& error) {
  const std::string what = error.what();
  return "option " + what.substr(0, what.find(':')) + " needs a value" + std::string(kSeeHelp);
}

// Arguments CLI11 did not recognise: unknown options. CLI11 also lists the "--" that ends the
// options here; the arguments after it have gone to the buckets, where extras are caught.
void reject_unknown_options(const std::vector<std::string>& extras) {
  for (const std::string& extra : extras) {
    if (extra == "--") continue;
    const char* kind = extra.starts_with("-") ? "unknown option '" : "unexpected argument '";
    usage_error(kind + extra + "'" + std::string(kSeeHelp));
  }
}

RawOptions parse_raw(int argc, const char* const* argv) {
  RawOptions raw;
  CLI::App app("s3copy", "s3copy");
  app.set_help_flag();  // help_text() is printed instead of CLI11's generated help
  app.allow_extras();   // unknown options are reported by reject_unknown_options()
  add_seed_options(app, raw);
  add_new_options(app, raw);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ArgumentMismatch& error) {
    usage_error(missing_value_message(error));
  } catch (const CLI::ParseError& error) {
    usage_error(std::string(error.what()) + std::string(kSeeHelp));
  }
  if (!raw.help && !raw.version) reject_unknown_options(app.remaining());
  raw.emit_plan_given = app.count("--emit-plan") > 0;
  raw.failed_plan_given = app.count("--failed-plan") > 0;
  raw.stats_interval_given = app.count("--stats-interval") > 0;
  raw.apply_plan_given = app.count("--apply-plan") > 0;
  return raw;
}

// -h and --version win over everything else on the line, as with argparse: "s3copy --bogus -h"
// still prints help. Scanning argv also catches them when CLI11 would stop at an earlier error.
bool asks_for(int argc, const char* const* argv, std::initializer_list<std::string_view> names) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument = argv[i];
    if (argument == "--") return false;
    for (std::string_view name : names) {
      if (argument == name) return true;
    }
  }
  return false;
}

// A whole number from 1 to `max`, or nullopt.
std::optional<int> parse_count(std::string_view text, int max) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1 || value > max) {
    return std::nullopt;
  }
  return value;
}

std::uint64_t multiplier_of(std::string_view suffix) {
  const std::string lower = net::to_lower(suffix);
  if (lower.empty() || lower == "b") return 1;
  constexpr std::array<char, 4> kUnits{'k', 'm', 'g', 't'};
  for (size_t i = 0; i < kUnits.size(); ++i) {
    const std::string unit(1, kUnits[i]);
    std::uint64_t binary = 1, decimal = 1;
    for (size_t power = 0; power <= i; ++power) binary *= 1024, decimal *= 1000;
    if (lower == unit || lower == unit + "i" || lower == unit + "ib") return binary;
    if (lower == unit + "b") return decimal;
  }
  return 0;
}

constexpr std::string_view kStageNames =
    "lister, differ, splitter, stager, copier, validator or composer";

// Where `name`'s concurrency lives in `stages`, or nullptr for an unknown name.
int* stage_field(stages::StageConcurrency& stages, std::string_view name) {
  if (name == "lister") return &stages.lister;
  if (name == "differ") return &stages.differ;
  if (name == "splitter") return &stages.splitter;
  if (name == "stager") return &stages.stager;
  if (name == "copier") return &stages.copier;
  if (name == "validator") return &stages.validator;
  if (name == "composer") return &stages.composer;
  return nullptr;
}

// One NAME=N item of a --stage value.
void apply_stage_setting(std::string_view whole, std::string_view item,
                         stages::StageConcurrency& stages) {
  const std::string quoted = "--stage '" + std::string(whole) + "': ";
  const size_t equals = item.find('=');
  if (equals == std::string_view::npos) {
    usage_error(quoted + "expected NAME=N[,NAME=N...], e.g. --stage copier=100,lister=4");
  }
  const std::string_view name = net::trim(item.substr(0, equals));
  int* field = stage_field(stages, name);
  if (field == nullptr) {
    usage_error(quoted + "unknown stage '" + std::string(name) + "' (use " +
                std::string(kStageNames) + ")");
  }
  const std::optional<int> count =
      parse_count(net::trim(item.substr(equals + 1)), kMaxRequestsInFlight);
  if (!count) {
    usage_error(quoted + "the number of requests for " + std::string(name) +
                " must be a whole number from 1 to " + std::to_string(kMaxRequestsInFlight));
  }
  *field = *count;
}

void apply_stages(const std::vector<std::string>& values, stages::StageConcurrency& stages) {
  for (const std::string& value : values) {
    std::string_view rest = value;
    while (true) {
      const size_t comma = rest.find(',');
      apply_stage_setting(value, rest.substr(0, comma), stages);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
}

std::uint64_t size_option(std::string_view option, const std::string& text) {
  const std::optional<std::uint64_t> size = parse_size(text);
  if (!size) {
    usage_error(std::string(option) + " '" + text +
                "': not a size (write bytes, or a number with K, M, G, T, KiB, MiB, GiB, TiB, "
                "KB, MB, GB or TB, e.g. 64MiB)");
  }
  return *size;
}

void apply_sizes(const RawOptions& raw, stages::PipelineConfig& pipeline) {
  if (!raw.part_size.empty()) {
    pipeline.part_size = size_option("--part-size", raw.part_size);
    if (pipeline.part_size < plan::kMinPartBytes || pipeline.part_size > plan::kMaxPartBytes) {
      usage_error("--part-size '" + raw.part_size +
                  "': a part must be 5MiB to 5GiB (5242880 to 5368709120 bytes), S3's limits "
                  "for one part of a multipart upload");
    }
  }
  if (!raw.multipart_threshold.empty()) {
    pipeline.multipart_threshold = size_option("--multipart-threshold", raw.multipart_threshold);
    if (pipeline.multipart_threshold < 1) {
      usage_error("--multipart-threshold '" + raw.multipart_threshold +
                  "': must be at least 1 byte");
    }
    if (pipeline.multipart_threshold > plan::kMaxSingleCopyBytes) {
      usage_error("--multipart-threshold '" + raw.multipart_threshold +
                  "': at most 5GiB (5368709120 bytes), because a single CopyObject cannot copy "
                  "more; larger sources must be copied in parts");
    }
  }
}

// -f and -p values are relative to the source path and must be usable in a key.
void check_selection_values(std::string_view option, const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    if (value.empty()) {
      usage_error(std::string(option) +
                  " '': an empty value selects nothing in particular; "
                  "leave the option out to copy the whole source path");
    }
    if (const std::string problem = plan::key_problem(value); !problem.empty()) {
      usage_error(std::string(option) + " '" + value + "': " + problem);
    }
  }
}

void apply_selection(const RawOptions& raw, stages::PipelineConfig& pipeline) {
  check_selection_values("-f", raw.files);
  check_selection_values("-p", raw.prefixes);
  if (raw.files_list == "-" && raw.prefixes_list == "-") {
    usage_error("-F - and -P - cannot both read standard input; give one of them a file");
  }
  pipeline.files = raw.files;
  pipeline.prefixes = raw.prefixes;
  pipeline.files_list = raw.files_list;
  if (raw.prefixes_list.empty()) return;
  try {
    for (std::string& prefix : plan::read_key_list(raw.prefixes_list)) {
      pipeline.prefixes.push_back(std::move(prefix));
    }
  } catch (const std::invalid_argument& error) {
    usage_error(std::string("-P: ") + error.what());
  }
}

// The buckets may have been swallowed by a preceding -f or -p, which take every argument up to
// the next option: say so, since the message would otherwise be baffling.
std::string swallowed_hint(const RawOptions& raw) {
  if (raw.files.empty() && raw.prefixes.empty()) return "";
  return " (-f and -p take every argument up to the next option: put the buckets before them)";
}

void apply_buckets(const RawOptions& raw, stages::PipelineConfig& pipeline) {
  if (raw.buckets.empty()) {
    usage_error("a source is required: s3copy [options] s3://source/path s3://dest/path" +
                swallowed_hint(raw) + std::string(kSeeHelp));
  }
  if (raw.buckets.size() == 1) {
    usage_error("a destination is required after '" + raw.buckets[0] +
                "': s3copy [options] s3://source/path s3://dest/path" + swallowed_hint(raw));
  }
  if (raw.buckets.size() > 2) {
    usage_error("unexpected argument '" + raw.buckets[2] +
                "': s3copy takes one source and one destination" + std::string(kSeeHelp));
  }
  try {
    pipeline.source = plan::parse_s3_url(raw.buckets[0], "source");
    pipeline.destination = plan::parse_s3_url(raw.buckets[1], "destination");
    // Checks the path patterns and refuses a copy of every object onto itself.
    const plan::Selection checked(pipeline.source, pipeline.destination, {});
  } catch (const std::invalid_argument& error) {
    usage_error(error.what());
  }
}

void apply_threads_and_log(const RawOptions& raw, CommandLine& line) {
  if (!raw.threads.empty()) {
    const std::optional<int> threads = parse_count(raw.threads, kMaxRequestsInFlight);
    if (!threads) {
      usage_error("-t '" + raw.threads + "': NUM_THREADS must be a whole number from 1 to " +
                  std::to_string(kMaxRequestsInFlight) + " (default: 40)");
    }
    line.pipeline.max_in_flight = *threads;
  }
  if (!raw.log_level.empty()) {
    const std::optional<net::LogLevel> level = net::parse_log_level(raw.log_level);
    if (!level) {
      usage_error("-l '" + raw.log_level +
                  "': unknown log level (use DEBUG, INFO, WARNING, ERROR or CRITICAL)");
    }
    line.log_level = *level;
  }
  line.log_file = raw.log_file;
}

void apply_acl(const RawOptions& raw, stages::PipelineConfig& pipeline) {
  const std::optional<std::string> canned =
      raw.acl.empty() ? std::nullopt : std::optional<std::string>(raw.acl);
  try {
    pipeline.acl_headers = net::acl_headers(raw.acl_grants, canned);
  } catch (const std::invalid_argument& error) {
    usage_error(error.what());
  }
}

void apply_connection(const RawOptions& raw, CommandLine& line) {
  if (raw.access_key.empty() != raw.secret_key.empty()) {
    usage_error(raw.access_key.empty()
                    ? "-k was given without -a: give both the access key and the secret key"
                    : "-a was given without -k: give both the access key and the secret key");
  }
  if (raw.path_style && raw.virtual_hosted) {
    usage_error("--path-style and --virtual-hosted contradict each other: give one of them");
  }
  net::SettingsInputs& primary = line.primary;
  primary.access_key = raw.access_key;
  primary.secret_key = raw.secret_key;
  if (!raw.s3cfg.empty()) primary.s3cfg_path = raw.s3cfg;
  if (!raw.profile.empty()) primary.profile = raw.profile;
  primary.endpoint_url = raw.endpoint_url;
  primary.region = raw.region;
  if (raw.path_style || raw.virtual_hosted) primary.path_style = raw.path_style;
  if (raw.no_verify_ssl) primary.verify_tls = false;
  primary.ca_bundle = raw.ca_bundle;
  if (!raw.dest_s3cfg.empty()) line.destination_s3cfg = raw.dest_s3cfg;
}

void apply_multipart_method(const RawOptions& raw, stages::PipelineConfig& pipeline) {
  pipeline.staged = raw.staged;
  pipeline.cleanup = raw.cleanup;
  if (raw.temp_prefix.empty()) return;
  if (!raw.staged && !raw.cleanup) {
    usage_error("--temp-prefix '" + raw.temp_prefix +
                "' applies to --staged and --cleanup only: add one of them or leave it out");
  }
  if (const std::string problem = plan::key_problem(raw.temp_prefix); !problem.empty()) {
    usage_error("--temp-prefix '" + raw.temp_prefix + "': " + problem);
  }
  pipeline.temp_prefix = raw.temp_prefix;
}

void apply_request_limits(const RawOptions& raw, CommandLine& line) {
  constexpr int kMaxAttempts = 100;
  constexpr int kMaxTimeoutSeconds = 86'400;
  if (!raw.retries.empty()) {
    const std::optional<int> attempts = parse_count(raw.retries, kMaxAttempts);
    if (!attempts) {
      usage_error("--retries '" + raw.retries + "': must be a whole number from 1 to " +
                  std::to_string(kMaxAttempts) + " (attempts per request, the first included)");
    }
    line.max_attempts = *attempts;
  }
  if (!raw.timeout.empty()) {
    const std::optional<int> seconds = parse_count(raw.timeout, kMaxTimeoutSeconds);
    if (!seconds) {
      usage_error("--timeout '" + raw.timeout + "': must be a whole number of seconds from 1 to " +
                  std::to_string(kMaxTimeoutSeconds));
    }
    line.stall_timeout = std::chrono::seconds(*seconds);
  }
}

void apply_output(const RawOptions& raw, CommandLine& line) {
  if (raw.progress && raw.no_progress) {
    usage_error("--progress and --no-progress contradict each other: give one of them");
  }
  if (raw.progress || raw.no_progress) line.progress = raw.progress;
  line.json = raw.json;
  constexpr int kMaxStatsIntervalSeconds = 86'400;
  if (raw.stats_interval_given) {
    const std::optional<int> seconds =
        raw.stats_interval == "0" ? std::optional<int>(0)
                                  : parse_count(raw.stats_interval, kMaxStatsIntervalSeconds);
    if (!seconds) {
      usage_error("--stats-interval '" + raw.stats_interval +
                  "': must be a whole number of seconds from 0 (no status lines) to " +
                  std::to_string(kMaxStatsIntervalSeconds));
    }
    line.stats_interval = std::chrono::seconds(*seconds);
  }
}

void check_plan_path(std::string_view option, const std::string& path, const char* dash_means) {
  if (path.empty()) {
    usage_error(std::string(option) + " '': name the plan file, or '-' for " + dash_means);
  }
}

// --apply-plan takes the objects, buckets, methods and part sizes from the plan: the options that
// would choose them are refused rather than silently ignored.
void check_nothing_chosen_besides_the_plan(const RawOptions& raw) {
  const std::string select_instead =
      ": the plan names every object; select objects when making the plan (s3copy SOURCE "
      "DESTINATION ... --emit-plan FILE), or keep some of its lines with grep";
  const std::string size_instead =
      ": the plan fixes each object's method and part size; give it when making the plan";
  const std::pair<bool, std::string> conflicts[] = {
      {!raw.files.empty(), "-f" + select_instead},
      {!raw.files_list.empty(), "-F" + select_instead},
      {!raw.prefixes.empty(), "-p" + select_instead},
      {!raw.prefixes_list.empty(), "-P" + select_instead},
      {!raw.list_format.empty(), "--list-format" + select_instead},
      {raw.emit_plan_given,
       "--emit-plan: a plan is applied or made, not both; to keep a shard's lines of a plan, "
       "run --apply-plan FILE --shard K/N -n > PART"},
      {!raw.multipart_threshold.empty(), "--multipart-threshold" + size_instead},
      {!raw.part_size.empty(), "--part-size" + size_instead},
  };
  for (const auto& [given, problem] : conflicts) {
    if (given) usage_error("--apply-plan cannot be combined with " + problem);
  }
}

void apply_plan_options(const RawOptions& raw, CommandLine& line) {
  if (!raw.buckets.empty()) {
    usage_error("unexpected argument '" + raw.buckets[0] +
                "': --apply-plan takes the buckets from the plan; leave out the source and "
                "destination");
  }
  check_plan_path("--apply-plan", raw.apply_plan, "standard input");
  check_nothing_chosen_besides_the_plan(raw);
  line.pipeline.apply_plan = raw.apply_plan;
}

void emit_plan_options(const RawOptions& raw, CommandLine& line) {
  if (!raw.emit_plan_given) return;
  check_plan_path("--emit-plan", raw.emit_plan, "standard output");
  if (raw.emit_plan == "-" && raw.json) {
    usage_error(
        "--emit-plan - and --json both write to standard output: write the plan to a "
        "file (--emit-plan FILE) or leave out --json");
  }
  line.emit_plan = raw.emit_plan;
  line.pipeline.dry_run = true;
}

// After the dry-run options: a dry run copies nothing, so nothing can fail to be copied.
void failed_plan_options(const RawOptions& raw, CommandLine& line) {
  if (!raw.failed_plan_given) return;
  if (raw.failed_plan.empty() || raw.failed_plan == "-") {
    usage_error("--failed-plan '" + raw.failed_plan +
                "': name a file to write the failed objects' plan to (standard output carries "
                "the plan of -n and the --json summary)");
  }
  if (line.pipeline.dry_run) {
    usage_error(
        "--failed-plan with a dry run (-n, --emit-plan): a dry run copies nothing, so nothing can "
        "fail; leave out one of them");
  }
  line.pipeline.failed_plan = raw.failed_plan;
  line.pipeline.failed_plan_every =
      line.stats_interval.count() > 0 ? line.stats_interval : std::chrono::seconds(60);
}

void apply_shard_and_list_format(const RawOptions& raw, stages::PipelineConfig& pipeline) {
  try {
    if (!raw.shard.empty()) pipeline.shard = plan::parse_shard(raw.shard);
  } catch (const std::invalid_argument& error) {
    usage_error(error.what());
  }
  if (raw.list_format.empty()) return;
  if (raw.files_list.empty()) {
    usage_error("--list-format '" + raw.list_format +
                "' says how a -F list is written: add -F FILE (or -F - for standard input), or "
                "leave it out");
  }
  try {
    pipeline.list_format = plan::parse_list_format(raw.list_format);
  } catch (const std::invalid_argument& error) {
    usage_error("--list-format: " + std::string(error.what()));
  }
}

}  // namespace

std::optional<std::uint64_t> parse_size(std::string_view text) {
  std::uint64_t number = 0;
  const char* const end = text.data() + text.size();
  const auto [suffix, error] = std::from_chars(text.data(), end, number);
  if (error != std::errc() || suffix == text.data()) return std::nullopt;
  const std::uint64_t multiplier = multiplier_of(std::string_view(suffix, end - suffix));
  if (multiplier == 0) return std::nullopt;
  if (number > std::numeric_limits<std::uint64_t>::max() / multiplier) return std::nullopt;
  return number * multiplier;
}

CommandLine parse_command_line(int argc, const char* const* argv) {
  CommandLine line;
  line.help = asks_for(argc, argv, {"-h", "--help"});
  line.version = asks_for(argc, argv, {"--version"});
  if (line.help || line.version) return line;
  const RawOptions raw = parse_raw(argc, argv);
  // Combined short flags ("-nh") reach CLI11 only.
  if (raw.help || raw.version) {
    line.help = raw.help;
    line.version = raw.version;
    return line;
  }
  line.pipeline.dry_run = raw.dry_run;
  if (raw.apply_plan_given) {
    apply_plan_options(raw, line);
  } else {
    apply_buckets(raw, line.pipeline);
    apply_selection(raw, line.pipeline);
    emit_plan_options(raw, line);
  }
  apply_shard_and_list_format(raw, line.pipeline);
  apply_threads_and_log(raw, line);
  apply_stages(raw.stages, line.pipeline.stages);
  apply_sizes(raw, line.pipeline);
  apply_acl(raw, line.pipeline);
  apply_multipart_method(raw, line.pipeline);
  apply_request_limits(raw, line);
  apply_connection(raw, line);
  apply_output(raw, line);
  failed_plan_options(raw, line);
  return line;
}

std::string help_text() {
  return std::string(kSeedHelp) + std::string(kAddedHelp);
}

}  // namespace s3copy::tools
