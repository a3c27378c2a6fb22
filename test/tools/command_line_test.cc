// Tests for tools/command_line.h: every option lands in the right field, the seed's examples
// parse as the seed documents them, and every mistake is a UsageError that names the fix.
#include "tools/command_line.h"

#include <functional>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "test/support/temp_dir.h"

namespace s3copy::tools {
namespace {

CommandLine parse(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), "s3copy");
  std::vector<const char*> argv;
  for (const std::string& argument : arguments) argv.push_back(argument.c_str());
  return parse_command_line(static_cast<int>(argv.size()), argv.data());
}

// The two buckets every successful command line needs, followed by `options`.
CommandLine parse_with_buckets(std::vector<std::string> options) {
  options.insert(options.begin(), {"s3://source/path", "s3://dest/path"});
  return parse(std::move(options));
}

// The UsageError message for `arguments`, or "(no error)".
std::string usage_error_of(std::vector<std::string> arguments) {
  try {
    parse(std::move(arguments));
  } catch (const UsageError& error) {
    return error.what();
  }
  return "(no error)";
}

std::string usage_error_with_buckets(std::vector<std::string> options) {
  options.insert(options.begin(), {"s3://source/path", "s3://dest/path"});
  return usage_error_of(std::move(options));
}

// --- The seed's examples -------------------------------------------------------------------

TEST(CommandLineTest, SeedSimpleExampleGivesBucketsPathsAndSeedDefaults) {
  const CommandLine line = parse({"s3://source/path", "s3://dest/path"});
  EXPECT_EQ(line.pipeline.source.bucket, "source");
  EXPECT_EQ(line.pipeline.source.path, "path");
  EXPECT_EQ(line.pipeline.destination.bucket, "dest");
  EXPECT_EQ(line.pipeline.destination.path, "path");
  EXPECT_FALSE(line.pipeline.dry_run);
  EXPECT_EQ(line.pipeline.max_in_flight, 40);
  EXPECT_EQ(line.log_level, net::LogLevel::kCritical);
  EXPECT_EQ(line.log_file, "");
  EXPECT_TRUE(line.pipeline.files.empty());
  EXPECT_TRUE(line.pipeline.prefixes.empty());
  EXPECT_EQ(line.pipeline.files_list, "");
  EXPECT_TRUE(line.pipeline.acl_headers.empty());
  EXPECT_EQ(line.pipeline.part_size, 64ull << 20);
  EXPECT_EQ(line.pipeline.multipart_threshold, 5ull << 30);
  EXPECT_FALSE(line.json);
  EXPECT_FALSE(line.help);
  EXPECT_FALSE(line.version);
  EXPECT_EQ(line.progress, std::nullopt);
  EXPECT_EQ(line.destination_s3cfg, std::nullopt);
}

TEST(CommandLineTest, SeedDryRunExample) {
  EXPECT_TRUE(parse({"s3://source/path", "s3://dest/path", "-n"}).pipeline.dry_run);
  EXPECT_TRUE(parse_with_buckets({"--dry-run"}).pipeline.dry_run);
}

TEST(CommandLineTest, SeedThreadsAndLoggingExample) {
  const CommandLine line =
      parse({"s3://source/path", "s3://dest/path", "-t", "20", "-l", "DEBUG", "-L", "log.txt"});
  EXPECT_EQ(line.pipeline.max_in_flight, 20);
  EXPECT_EQ(line.log_level, net::LogLevel::kDebug);
  EXPECT_EQ(line.log_file, "log.txt");
}

TEST(CommandLineTest, BucketsWithoutPathsOrWithoutTheSchemeAreAccepted) {
  const CommandLine line = parse({"source", "s3://dest"});
  EXPECT_EQ(line.pipeline.source.bucket, "source");
  EXPECT_EQ(line.pipeline.source.path, "");
  EXPECT_EQ(line.pipeline.destination.to_string(), "s3://dest");
}

TEST(CommandLineTest, OptionsMayComeBeforeTheBuckets) {
  const CommandLine line = parse({"-n", "-t", "7", "s3://source/folder-001/*", "s3://dest"});
  EXPECT_EQ(line.pipeline.source.path, "folder-001/*");
  EXPECT_EQ(line.pipeline.max_in_flight, 7);
  EXPECT_TRUE(line.pipeline.dry_run);
}

// --- Selection: -f -p -F -P ----------------------------------------------------------------

TEST(CommandLineTest, FileAndPrefixTakeSeveralValuesAndAccumulate) {
  const CommandLine line = parse_with_buckets(
      {"-f", "a.txt", "b.txt", "--file", "c.txt", "-p", "logs/", "--prefix", "img/", "tmp/"});
  EXPECT_EQ(line.pipeline.files, (std::vector<std::string>{"a.txt", "b.txt", "c.txt"}));
  EXPECT_EQ(line.pipeline.prefixes, (std::vector<std::string>{"logs/", "img/", "tmp/"}));
}

TEST(CommandLineTest, FileValuesKeepSpaces) {
  EXPECT_EQ(parse_with_buckets({"-f", " spaced key "}).pipeline.files,
            std::vector<std::string>{" spaced key "});
}

TEST(CommandLineTest, FilesListIsStoredAsAPathForThePipelineToStream) {
  EXPECT_EQ(parse_with_buckets({"-F", "/no/such/keys.txt"}).pipeline.files_list,
            "/no/such/keys.txt");
  EXPECT_EQ(parse_with_buckets({"--files", "-"}).pipeline.files_list, "-");
  const CommandLine both = parse_with_buckets({"-f", "x", "-F", "keys.txt"});
  EXPECT_EQ(both.pipeline.files, std::vector<std::string>{"x"});
  EXPECT_EQ(both.pipeline.files_list, "keys.txt");
}

TEST(CommandLineTest, PrefixesFileIsReadAndJoinsThePrefixOption) {
  test::TempDir dir("command_line_test");
  const std::string path = dir.write("prefixes.txt", "# wanted\nlogs/2024/\r\n\nlogs/2025/\n");
  EXPECT_EQ(parse_with_buckets({"-p", "img/", "-P", path}).pipeline.prefixes,
            (std::vector<std::string>{"img/", "logs/2024/", "logs/2025/"}));
  EXPECT_EQ(parse_with_buckets({"--prefixes", path}).pipeline.prefixes,
            (std::vector<std::string>{"logs/2024/", "logs/2025/"}));
}

TEST(CommandLineTest, PrefixesFileErrorsNameTheOptionFileAndLine) {
  test::TempDir dir("command_line_test");
  const std::string missing = (dir.path() / "none.txt").string();
  EXPECT_EQ(usage_error_with_buckets({"-P", missing}),
            "-P: cannot read key list '" + missing + "': No such file or directory");
  const std::string bad = dir.write("bad.txt", "ok/\ncaf\xE9/\n");
  EXPECT_EQ(usage_error_with_buckets({"-P", bad}),
            "-P: " + bad +
                " line 2: key is not valid UTF-8 (byte 4); S3 keys are UTF-8 - convert the text, "
                "e.g. with iconv -t UTF-8");
}

TEST(CommandLineTest, OnlyOneListCanReadStandardInput) {
  EXPECT_EQ(usage_error_with_buckets({"-F", "-", "-P", "-"}),
            "-F - and -P - cannot both read standard input; give one of them a file");
}

TEST(CommandLineTest, RejectsEmptyAndImpossibleFileAndPrefixValues) {
  EXPECT_EQ(usage_error_with_buckets({"-f", ""}),
            "-f '': an empty value selects nothing in particular; leave the option out to copy "
            "the whole source path");
  EXPECT_EQ(
      usage_error_with_buckets({"-p", std::string(1025, 'p')}),
      "-p '" + std::string(1025, 'p') + "': key is 1,025 bytes; S3 keys are at most 1,024 bytes");
}

// --- Credentials and connection --------------------------------------------------------------

TEST(CommandLineTest, ConnectionOptionsFillThePrimarySettingsInputs) {
  const CommandLine line = parse_with_buckets(
      {"-a", "AKIAIOSFODNN7EXAMPLE", "-k", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "-c",
       "my.s3cfg", "--profile", "dev", "--endpoint-url", "http://127.0.0.1:7480", "--region",
       "eu-west-1", "--path-style", "--no-verify-ssl", "--ca-bundle", "/etc/ca.pem"});
  const net::SettingsInputs& primary = line.primary;
  EXPECT_EQ(primary.access_key, "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(primary.secret_key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  EXPECT_EQ(primary.s3cfg_path, "my.s3cfg");
  EXPECT_EQ(primary.profile, "dev");
  EXPECT_EQ(primary.endpoint_url, "http://127.0.0.1:7480");
  EXPECT_EQ(primary.region, "eu-west-1");
  EXPECT_EQ(primary.path_style, true);
  EXPECT_EQ(primary.verify_tls, false);
  EXPECT_EQ(primary.ca_bundle, "/etc/ca.pem");
  EXPECT_TRUE(primary.environment.empty());
  EXPECT_EQ(primary.home, "");
}

TEST(CommandLineTest, UnsetConnectionOptionsStayUnset) {
  const net::SettingsInputs primary = parse_with_buckets({}).primary;
  EXPECT_EQ(primary.access_key, "");
  EXPECT_EQ(primary.s3cfg_path, std::nullopt);
  EXPECT_EQ(primary.profile, std::nullopt);
  EXPECT_EQ(primary.path_style, std::nullopt);
  EXPECT_EQ(primary.verify_tls, std::nullopt);
}

TEST(CommandLineTest, VirtualHostedAndLongConfigNames) {
  const CommandLine line = parse_with_buckets(
      {"--virtual-hosted", "--config_file", "a.s3cfg", "--dest-config", "b.s3cfg"});
  EXPECT_EQ(line.primary.path_style, false);
  EXPECT_EQ(line.primary.s3cfg_path, "a.s3cfg");
  EXPECT_EQ(line.destination_s3cfg, "b.s3cfg");
  EXPECT_EQ(parse_with_buckets({"-d", "dest.s3cfg"}).destination_s3cfg, "dest.s3cfg");
}

TEST(CommandLineTest, HalfAKeyPairIsRefusedWithoutQuotingTheSecret) {
  EXPECT_EQ(usage_error_with_buckets({"-a", "AKIAIOSFODNN7EXAMPLE"}),
            "-a was given without -k: give both the access key and the secret key");
  const std::string message = usage_error_with_buckets({"-k", "wJalrXUtnFEMIsecret"});
  EXPECT_EQ(message, "-k was given without -a: give both the access key and the secret key");
}

TEST(CommandLineTest, AddressingStylesExcludeEachOther) {
  EXPECT_EQ(usage_error_with_buckets({"--path-style", "--virtual-hosted"}),
            "--path-style and --virtual-hosted contradict each other: give one of them");
}

// --- ACLs --------------------------------------------------------------------------------------

TEST(CommandLineTest, AclGrantsBecomeHeaders) {
  const CommandLine line =
      parse_with_buckets({"--acl-grant", "read:id=abc", "--acl-grant", "READ:ops@example.com",
                          "--acl-grant", "full-control:id=owner"});
  const net::HeaderList expected{
      {"x-amz-grant-read", "id=\"abc\", emailAddress=\"ops@example.com\""},
      {"x-amz-grant-full-control", "id=\"owner\""}};
  EXPECT_EQ(line.pipeline.acl_headers, expected);
}

TEST(CommandLineTest, AclGrantTakesOneValueSoTheBucketsMayFollow) {
  const CommandLine line = parse({"--acl-grant", "read:id=abc", "s3://source", "s3://dest"});
  EXPECT_EQ(line.pipeline.source.bucket, "source");
  EXPECT_EQ(line.pipeline.acl_headers.size(), 1u);
}

TEST(CommandLineTest, CannedAclBecomesXAmzAcl) {
  EXPECT_EQ(parse_with_buckets({"--acl", "bucket-owner-full-control"}).pipeline.acl_headers,
            (net::HeaderList{{"x-amz-acl", "bucket-owner-full-control"}}));
}

TEST(CommandLineTest, BadAclValuesAreUsageErrors) {
  EXPECT_EQ(usage_error_with_buckets({"--acl-grant", "reed:id=abc"}),
            "--acl-grant 'reed:id=abc': unknown permission 'reed' (use read, read-acp, write-acp "
            "or full-control)");
  EXPECT_TRUE(usage_error_with_buckets({"--acl", "private", "--acl-grant", "read:id=a"})
                  .starts_with("--acl and --acl-grant cannot be used together"));
  EXPECT_TRUE(usage_error_with_buckets({"--acl", "open"}).starts_with("--acl 'open': unknown"));
}

// --- Numbers: -t, -l, sizes, stages -------------------------------------------------------------

TEST(CommandLineTest, ThreadsAcceptTheWholeRange) {
  EXPECT_EQ(parse_with_buckets({"-t", "1"}).pipeline.max_in_flight, 1);
  EXPECT_EQ(parse_with_buckets({"-t10000"}).pipeline.max_in_flight, 10000);
  EXPECT_EQ(parse_with_buckets({"-t", "5", "-t", "7"}).pipeline.max_in_flight, 7);
}

TEST(CommandLineTest, RejectsBadThreadCounts) {
  for (const char* bad : {"0", "10001", "abc", "2.5", "-5", "20x"}) {
    EXPECT_EQ(usage_error_with_buckets({"-t", bad}),
              "-t '" + std::string(bad) +
                  "': NUM_THREADS must be a whole number from 1 to 10000 (default: 40)");
  }
}

TEST(CommandLineTest, LogLevelsAreTheSeedsAnyCase) {
  EXPECT_EQ(parse_with_buckets({"-l", "INFO"}).log_level, net::LogLevel::kInfo);
  EXPECT_EQ(parse_with_buckets({"-l", "warning"}).log_level, net::LogLevel::kWarning);
  EXPECT_EQ(parse_with_buckets({"-l", "Error"}).log_level, net::LogLevel::kError);
  EXPECT_EQ(parse_with_buckets({"-l", "CRITICAL"}).log_level, net::LogLevel::kCritical);
}

TEST(CommandLineTest, RejectsAnUnknownLogLevel) {
  EXPECT_EQ(usage_error_with_buckets({"-l", "LOUD"}),
            "-l 'LOUD': unknown log level (use DEBUG, INFO, WARNING, ERROR or CRITICAL)");
}

TEST(ParseSizeTest, UnderstandsBinaryAndDecimalSuffixes) {
  EXPECT_EQ(parse_size("0"), 0u);
  EXPECT_EQ(parse_size("1234"), 1234u);
  EXPECT_EQ(parse_size("100B"), 100u);
  EXPECT_EQ(parse_size("8K"), 8192u);
  EXPECT_EQ(parse_size("8k"), 8192u);
  EXPECT_EQ(parse_size("8KiB"), 8192u);
  EXPECT_EQ(parse_size("8KB"), 8000u);
  EXPECT_EQ(parse_size("64M"), 64ull << 20);
  EXPECT_EQ(parse_size("64MiB"), 64ull << 20);
  EXPECT_EQ(parse_size("64mb"), 64'000'000u);
  EXPECT_EQ(parse_size("5G"), 5ull << 30);
  EXPECT_EQ(parse_size("5GB"), 5'000'000'000u);
  EXPECT_EQ(parse_size("2TiB"), 2ull << 40);
  EXPECT_EQ(parse_size("2TB"), 2'000'000'000'000u);
}

TEST(ParseSizeTest, RejectsWhatIsNotASize) {
  for (const char* bad : {"", "MiB", "64X", "64 MiB", "1.5G", "-1", "64MiBs", "64iB",
                          "18446744073709551616", "20000000T"}) {
    EXPECT_EQ(parse_size(bad), std::nullopt) << bad;
  }
}

TEST(CommandLineTest, SizeOptionsFillThePipeline) {
  const CommandLine line =
      parse_with_buckets({"--part-size", "128MiB", "--multipart-threshold", "1GB"});
  EXPECT_EQ(line.pipeline.part_size, 128ull << 20);
  EXPECT_EQ(line.pipeline.multipart_threshold, 1'000'000'000u);
  EXPECT_EQ(parse_with_buckets({"--part-size", "5MiB"}).pipeline.part_size, 5ull << 20);
  EXPECT_EQ(parse_with_buckets({"--part-size", "5GiB"}).pipeline.part_size, 5ull << 30);
  EXPECT_EQ(parse_with_buckets({"--multipart-threshold", "1"}).pipeline.multipart_threshold, 1u);
  EXPECT_EQ(parse_with_buckets({"--multipart-threshold=5G"}).pipeline.multipart_threshold,
            5ull << 30);
}

TEST(CommandLineTest, RejectsSizesOutsideS3Limits) {
  const std::string part_limits =
      "': a part must be 5MiB to 5GiB (5242880 to 5368709120 bytes), S3's limits for one part of "
      "a multipart upload";
  EXPECT_EQ(usage_error_with_buckets({"--part-size", "5242879"}),
            "--part-size '5242879" + part_limits);
  EXPECT_EQ(usage_error_with_buckets({"--part-size", "6GiB"}), "--part-size '6GiB" + part_limits);
  EXPECT_EQ(usage_error_with_buckets({"--multipart-threshold", "5368709121"}),
            "--multipart-threshold '5368709121': at most 5GiB (5368709120 bytes), because a single "
            "CopyObject cannot copy more; larger sources must be copied in parts");
  EXPECT_EQ(usage_error_with_buckets({"--multipart-threshold", "0"}),
            "--multipart-threshold '0': must be at least 1 byte");
  EXPECT_EQ(usage_error_with_buckets({"--part-size", "64X"}),
            "--part-size '64X': not a size (write bytes, or a number with K, M, G, T, KiB, MiB, "
            "GiB, TiB, KB, MB, GB or TB, e.g. 64MiB)");
}

TEST(CommandLineTest, StageSettingsSetTheirStageOnly) {
  const CommandLine line =
      parse_with_buckets({"--stage", "copier=100,lister=4", "--stage", "validator=8"});
  const stages::StageConcurrency defaults;
  EXPECT_EQ(line.pipeline.stages.copier, 100);
  EXPECT_EQ(line.pipeline.stages.lister, 4);
  EXPECT_EQ(line.pipeline.stages.validator, 8);
  EXPECT_EQ(line.pipeline.stages.differ, defaults.differ);
  EXPECT_EQ(line.pipeline.stages.splitter, defaults.splitter);
  EXPECT_EQ(line.pipeline.stages.composer, defaults.composer);
  const stages::StageConcurrency all =
      parse_with_buckets({"--stage", "differ=1,splitter=2,composer=3"}).pipeline.stages;
  EXPECT_EQ(all.differ, 1);
  EXPECT_EQ(all.splitter, 2);
  EXPECT_EQ(all.composer, 3);
}

TEST(CommandLineTest, StagedMethodAndCleanupOptions) {
  const CommandLine plain = parse_with_buckets({});
  EXPECT_FALSE(plain.pipeline.staged);
  EXPECT_FALSE(plain.pipeline.cleanup);
  EXPECT_EQ(plain.pipeline.temp_prefix, "temp/");
  const CommandLine staged =
      parse_with_buckets({"--staged", "--cleanup", "--temp-prefix", "work/parts/"});
  EXPECT_TRUE(staged.pipeline.staged);
  EXPECT_TRUE(staged.pipeline.cleanup);
  EXPECT_EQ(staged.pipeline.temp_prefix, "work/parts/");
  EXPECT_EQ(usage_error_with_buckets({"--temp-prefix", "t/"}),
            "--temp-prefix 't/' applies to --staged and --cleanup only: add one of them or leave "
            "it out");
  EXPECT_EQ(parse_with_buckets({"--stage", "stager=3"}).pipeline.stages.stager, 3);
}

TEST(CommandLineTest, RetriesAndTimeoutBoundEachRequest) {
  const CommandLine defaults = parse_with_buckets({});
  EXPECT_EQ(defaults.max_attempts, 10);
  EXPECT_EQ(defaults.stall_timeout, std::chrono::seconds(120));
  const CommandLine set = parse_with_buckets({"--retries", "3", "--timeout", "5"});
  EXPECT_EQ(set.max_attempts, 3);
  EXPECT_EQ(set.stall_timeout, std::chrono::seconds(5));
  EXPECT_EQ(usage_error_with_buckets({"--retries", "0"}),
            "--retries '0': must be a whole number from 1 to 100 (attempts per request, the first "
            "included)");
  EXPECT_EQ(usage_error_with_buckets({"--timeout", "1.5"}),
            "--timeout '1.5': must be a whole number of seconds from 1 to 86400");
}

TEST(CommandLineTest, StatsIntervalIsWholeSecondsAndZeroTurnsItOff) {
  EXPECT_EQ(parse_with_buckets({}).stats_interval, std::chrono::seconds(60));
  EXPECT_EQ(parse_with_buckets({"--stats-interval", "5"}).stats_interval, std::chrono::seconds(5));
  EXPECT_EQ(parse_with_buckets({"--stats-interval", "0"}).stats_interval, std::chrono::seconds(0));
  for (const char* bad : {"-1", "1.5", "", "86401", "00x"}) {
    EXPECT_EQ(usage_error_with_buckets({"--stats-interval", bad}),
              std::string("--stats-interval '") + bad +
                  "': must be a whole number of seconds from 0 (no status lines) to 86400")
        << bad;
  }
}

TEST(CommandLineTest, FailedPlanNamesAFileAndIsSavedEveryStatsInterval) {
  const CommandLine set = parse_with_buckets({"--failed-plan", "retry.plan"});
  EXPECT_EQ(set.pipeline.failed_plan, "retry.plan");
  EXPECT_EQ(set.pipeline.failed_plan_every, std::chrono::seconds(60));
  EXPECT_EQ(parse_with_buckets({"--failed-plan", "r", "--stats-interval", "5"})
                .pipeline.failed_plan_every,
            std::chrono::seconds(5));
  EXPECT_EQ(parse_with_buckets({"--failed-plan", "r", "--stats-interval", "0"})
                .pipeline.failed_plan_every,
            std::chrono::seconds(60));
  EXPECT_TRUE(parse_with_buckets({}).pipeline.failed_plan.empty());
  EXPECT_EQ(usage_error_with_buckets({"--failed-plan", "-"}),
            "--failed-plan '-': name a file to write the failed objects' plan to (standard output "
            "carries the plan of -n and the --json summary)");
  EXPECT_EQ(usage_error_with_buckets({"--failed-plan", "r", "-n"}),
            "--failed-plan with a dry run (-n, --emit-plan): a dry run copies nothing, so nothing "
            "can fail; leave out one of them");
}

TEST(CommandLineTest, RejectsBadStageSettings) {
  EXPECT_EQ(usage_error_with_buckets({"--stage", "copier"}),
            "--stage 'copier': expected NAME=N[,NAME=N...], e.g. --stage copier=100,lister=4");
  EXPECT_EQ(usage_error_with_buckets({"--stage", "copier=4,listr=2"}),
            "--stage 'copier=4,listr=2': unknown stage 'listr' (use lister, differ, splitter, "
            "stager, copier, validator or composer)");
  EXPECT_EQ(usage_error_with_buckets({"--stage", "copier=0"}),
            "--stage 'copier=0': the number of requests for copier must be a whole number from 1 "
            "to 10000");
  EXPECT_EQ(usage_error_with_buckets({"--stage", "copier=4,"}),
            "--stage 'copier=4,': expected NAME=N[,NAME=N...], e.g. --stage copier=100,lister=4");
}

// --- Output ----------------------------------------------------------------------------------

TEST(CommandLineTest, JsonAndProgressFlags) {
  EXPECT_TRUE(parse_with_buckets({"--json"}).json);
  EXPECT_EQ(parse_with_buckets({"--progress"}).progress, true);
  EXPECT_EQ(parse_with_buckets({"--no-progress"}).progress, false);
  EXPECT_EQ(usage_error_with_buckets({"--progress", "--no-progress"}),
            "--progress and --no-progress contradict each other: give one of them");
}

// --- Help and version
// -----------------------------------------------------------------------------

TEST(CommandLineTest, HelpAndVersionWinOverEverythingElse) {
  EXPECT_TRUE(parse({"-h"}).help);
  EXPECT_TRUE(parse({"--help"}).help);
  EXPECT_TRUE(parse({"--bogus", "-t", "0", "--help"}).help);
  EXPECT_TRUE(parse({"s3://source", "s3://dest", "-nh"}).help);
  EXPECT_TRUE(parse({"--version"}).version);
  EXPECT_FALSE(parse({"--version"}).help);
}

TEST(CommandLineTest, HelpAfterDoubleDashIsAnArgument) {
  const CommandLine line = parse({"s3://source", "--", "--help"});
  EXPECT_FALSE(line.help);
  EXPECT_EQ(line.pipeline.destination.bucket, "--help");
}

// The seed's on-line help, verbatim from its README (without the README's indentation).
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

TEST(HelpTextTest, StartsWithTheSeedsHelpVerbatim) {
  const std::string help = help_text();
  EXPECT_EQ(help.substr(0, kSeedHelp.size()), kSeedHelp);
}

TEST(HelpTextTest, DescribesEveryAddedOption) {
  const std::string added = help_text().substr(kSeedHelp.size());
  for (const char* option :
       {"--profile NAME", "--endpoint-url URL", "--region REGION", "--path-style",
        "--virtual-hosted", "--no-verify-ssl", "--ca-bundle FILE", "--acl CANNED",
        "--multipart-threshold SIZE", "--part-size SIZE", "--stage NAME=N[,NAME=N...]", "--json",
        "--progress, --no-progress", "--version", "--emit-plan FILE", "--apply-plan FILE",
        "--shard K/N", "--list-format NAME", "dest_bucket is required"}) {
    EXPECT_NE(added.find(option), std::string::npos) << option;
  }
}

TEST(HelpTextTest, FitsInEightyColumns) {
  std::istringstream lines(help_text());
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 80u) << line;
}

// --- Mistakes --------------------------------------------------------------------------------

TEST(CommandLineTest, UnknownOptionsAreNamed) {
  EXPECT_EQ(usage_error_with_buckets({"--bogus"}), "unknown option '--bogus' (see s3copy --help)");
  EXPECT_EQ(usage_error_with_buckets({"-q"}), "unknown option '-q' (see s3copy --help)");
  // argparse accepted unambiguous prefixes of long options; s3copy does not.
  EXPECT_EQ(usage_error_with_buckets({"--dry"}), "unknown option '--dry' (see s3copy --help)");
}

TEST(CommandLineTest, MissingBucketsAreUsageErrors) {
  EXPECT_EQ(usage_error_of({}),
            "a source is required: s3copy [options] s3://source/path s3://dest/path (see s3copy "
            "--help)");
  EXPECT_EQ(usage_error_of({"s3://source/path"}),
            "a destination is required after 's3://source/path': s3copy [options] "
            "s3://source/path s3://dest/path");
  EXPECT_EQ(usage_error_of({"s3://source/x", "s3://dest", "s3://third"}),
            "unexpected argument 's3://third': s3copy takes one source and one destination (see "
            "s3copy --help)");
}

TEST(CommandLineTest, ExplainsBucketsSwallowedByFileValues) {
  EXPECT_EQ(usage_error_of({"-f", "a.txt", "s3://source", "s3://dest"}),
            "a source is required: s3copy [options] s3://source/path s3://dest/path (-f and -p "
            "take every argument up to the next option: put the buckets before them) (see s3copy "
            "--help)");
}

TEST(CommandLineTest, AnOptionWithoutItsValueIsNamed) {
  EXPECT_EQ(usage_error_with_buckets({"-t"}), "option -t needs a value (see s3copy --help)");
  EXPECT_EQ(usage_error_with_buckets({"--acl-grant"}),
            "option --acl-grant needs a value (see s3copy --help)");
}

TEST(CommandLineTest, BadBucketArgumentsPassOnTheUrlParsersMessage) {
  EXPECT_EQ(usage_error_of({"http://source/path", "s3://dest"}),
            "source 'http://source/path': only s3:// URLs are supported (write s3://bucket/path)");
  EXPECT_EQ(usage_error_of({"s3://source", "s3://d"}),
            "destination 's3://d': a bucket name has 3 to 63 characters (255 for legacy buckets) "
            "(write s3://bucket/path)");
}

TEST(CommandLineTest, RejectsPatternsThePathRulesCannotHonour) {
  EXPECT_TRUE(usage_error_of({"s3://source/a*b", "s3://dest"})
                  .starts_with("source path 'a*b': '*' is not supported there"));
  EXPECT_TRUE(usage_error_of({"s3://source", "s3://dest/x*"})
                  .starts_with("destination path 'x*': '*' is not supported there"));
}

TEST(CommandLineTest, RefusesToCopyEveryObjectOntoItself) {
  EXPECT_EQ(usage_error_of({"s3://bucket", "s3://bucket"}),
            "source 's3://bucket' and destination 's3://bucket' are the same place: every object "
            "would be copied onto itself");
  EXPECT_EQ(usage_error_of({"s3://bucket/a/b", "s3://bucket/a"}),
            "source 's3://bucket/a/b' and destination 's3://bucket/a' are the same place: every "
            "object would be copied onto itself");
  EXPECT_EQ(parse({"s3://bucket/a", "s3://bucket/backup"}).pipeline.destination.path, "backup");
}

// --- Plans, shards and list formats (issue 5) ---------------------------------------------

TEST(PlanOptionsTest, EmitPlanIsADryRunThatWritesToTheGivenPlace) {
  const CommandLine to_file = parse_with_buckets({"--emit-plan", "job.plan"});
  EXPECT_EQ(to_file.emit_plan, "job.plan");
  EXPECT_TRUE(to_file.pipeline.dry_run);
  EXPECT_EQ(to_file.pipeline.source.bucket, "source");
  EXPECT_EQ(parse_with_buckets({"--emit-plan", "-"}).emit_plan, "-");
  EXPECT_EQ(parse_with_buckets({"-n"}).emit_plan, "");
}

TEST(PlanOptionsTest, EmitPlanMistakesNameTheFix) {
  EXPECT_EQ(usage_error_with_buckets({"--emit-plan", ""}),
            "--emit-plan '': name the plan file, or '-' for standard output");
  EXPECT_EQ(usage_error_with_buckets({"--emit-plan", "-", "--json"}),
            "--emit-plan - and --json both write to standard output: write the plan to a file "
            "(--emit-plan FILE) or leave out --json");
  EXPECT_EQ(usage_error_of({"--emit-plan", "job.plan"}),
            "a source is required: s3copy [options] s3://source/path s3://dest/path (see s3copy "
            "--help)");
}

TEST(PlanOptionsTest, ApplyPlanTakesNoBucketsAndKeepsTheCopyOptions) {
  const CommandLine line = parse({"--apply-plan", "job.plan", "-t", "5", "--staged", "--cleanup",
                                  "--acl", "bucket-owner-full-control", "--stage", "copier=3"});
  EXPECT_EQ(line.pipeline.apply_plan, "job.plan");
  EXPECT_EQ(line.pipeline.source.bucket, "");
  EXPECT_EQ(line.pipeline.max_in_flight, 5);
  EXPECT_TRUE(line.pipeline.staged);
  EXPECT_TRUE(line.pipeline.cleanup);
  EXPECT_FALSE(line.pipeline.acl_headers.empty());
  EXPECT_EQ(line.pipeline.stages.copier, 3);
  EXPECT_FALSE(line.pipeline.dry_run);
  EXPECT_TRUE(parse({"--apply-plan", "-", "-n"}).pipeline.dry_run);
  EXPECT_EQ(parse({"--apply-plan", "-"}).pipeline.apply_plan, "-");
}

TEST(PlanOptionsTest, ApplyPlanRefusesBuckets) {
  EXPECT_EQ(usage_error_of({"--apply-plan", "job.plan", "s3://source", "s3://dest"}),
            "unexpected argument 's3://source': --apply-plan takes the buckets from the plan; "
            "leave out the source and destination");
  EXPECT_EQ(usage_error_of({"--apply-plan", ""}),
            "--apply-plan '': name the plan file, or '-' for standard input");
}

TEST(PlanOptionsTest, ApplyPlanRefusesWhatWouldChooseObjectsOrParts) {
  const std::string selects =
      ": the plan names every object; select objects when making the plan (s3copy SOURCE "
      "DESTINATION ... --emit-plan FILE), or keep some of its lines with grep";
  const std::string sizes =
      ": the plan fixes each object's method and part size; give it when making the plan";
  const std::string prefix = "--apply-plan cannot be combined with ";
  EXPECT_EQ(usage_error_of({"--apply-plan", "p", "-f", "a"}), prefix + "-f" + selects);
  EXPECT_EQ(usage_error_of({"--apply-plan", "p", "-F", "keys"}), prefix + "-F" + selects);
  EXPECT_EQ(usage_error_of({"--apply-plan", "p", "-p", "logs/"}), prefix + "-p" + selects);
  test::TempDir dir("command_line_test");
  const std::string prefixes = dir.write("prefixes.txt", "logs/\n");
  EXPECT_EQ(usage_error_of({"--apply-plan", "p", "-P", prefixes}), prefix + "-P" + selects);
  EXPECT_EQ(usage_error_of({"--apply-plan", "p", "--list-format", "url"}),
            prefix + "--list-format" + selects);
  EXPECT_EQ(usage_error_of({"--apply-plan", "p", "--part-size", "8MiB"}),
            prefix + "--part-size" + sizes);
  EXPECT_EQ(usage_error_of({"--apply-plan", "p", "--multipart-threshold", "8MiB"}),
            prefix + "--multipart-threshold" + sizes);
  EXPECT_EQ(usage_error_of({"--apply-plan", "p", "--emit-plan", "q"}),
            prefix +
                "--emit-plan: a plan is applied or made, not both; to keep a shard's lines of a "
                "plan, run --apply-plan FILE --shard K/N -n > PART");
}

TEST(PlanOptionsTest, ShardIsParsedForListingsListsAndPlans) {
  EXPECT_EQ(parse_with_buckets({}).pipeline.shard, (plan::Shard{0, 1}));
  EXPECT_EQ(parse_with_buckets({"--shard", "2/3"}).pipeline.shard, (plan::Shard{2, 3}));
  EXPECT_EQ(parse_with_buckets({"--shard", "0/4", "--emit-plan", "p"}).pipeline.shard,
            (plan::Shard{0, 4}));
  EXPECT_EQ(parse({"--apply-plan", "p", "--shard", "1/2"}).pipeline.shard, (plan::Shard{1, 2}));
}

TEST(PlanOptionsTest, BadShardsAreNamedWithTheZeroBasedRange) {
  EXPECT_EQ(usage_error_with_buckets({"--shard", "3/3"}),
            "--shard '3/3': K must be below N (shards are numbered from 0: 0/3 to 2/3 make the "
            "whole job)");
  EXPECT_TRUE(usage_error_with_buckets({"--shard", "3"}).starts_with("--shard '3': expected K/N"))
      << usage_error_with_buckets({"--shard", "3"});
}

TEST(PlanOptionsTest, ListFormatNamesHowTheFilesListIsWritten) {
  EXPECT_EQ(parse_with_buckets({"-F", "-"}).pipeline.list_format, plan::ListFormat::kAuto);
  EXPECT_EQ(parse_with_buckets({"-F", "-", "--list-format", "aws-ls"}).pipeline.list_format,
            plan::ListFormat::kAwsLs);
  EXPECT_EQ(parse_with_buckets({"-F", "m.json", "--list-format", "inventory-manifest"})
                .pipeline.list_format,
            plan::ListFormat::kInventoryManifest);
}

TEST(PlanOptionsTest, ListFormatMistakesNameTheFix) {
  EXPECT_EQ(usage_error_with_buckets({"--list-format", "url"}),
            "--list-format 'url' says how a -F list is written: add -F FILE (or -F - for "
            "standard input), or leave it out");
  EXPECT_EQ(usage_error_with_buckets({"-F", "-", "--list-format", "csv"}),
            "--list-format: unknown list format 'csv'; use one of: auto, plain, url, aws-ls, "
            "s3cmd-ls, s3api-json, inventory-csv, inventory-manifest");
}

}  // namespace
}  // namespace s3copy::tools
