// s3copy's main job end to end against radosgw (and moto), checked with an independent client: the
// seed's path rules, restart and sync, dry runs, metadata, two credential sets, ACLs and exit
// codes.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "test/support/each_server.h"
#include "test/support/independent_client.h"
#include "test/support/s3copy_runner.h"
#include "test/support/temp_dir.h"
#include "test/support/test_server.h"

namespace s3copy::test {
namespace {

using Keys = std::vector<std::string>;

// The seed README's example bucket, plus neighbours that must never be picked up by mistake.
std::string seed_example_bucket() {
  static const std::string bucket = [] {
    const std::string name = fresh_bucket("seed");
    for (const char* key : {"folder-001/test-001", "folder-001/test-002", "folder-0010/test-003",
                            "folder-001x", "other/test-004"}) {
      put(name, key, std::string("content of ") + key);
    }
    return name;
  }();
  return bucket;
}

Keys copy_and_list(const std::vector<std::string>& args, const std::string& destination) {
  const CommandResult run = run_s3copy(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return keys_in(destination);
}

// --- the seed's "Source and Destination Paths" table, every row -----------------------------

TEST(SeedPathTable, WholeBucketToBucketRoot) {
  const std::string dest = fresh_bucket("row1");
  EXPECT_EQ(copy_and_list({"s3://" + seed_example_bucket(), "s3://" + dest}, dest),
            (Keys{"folder-001/test-001", "folder-001/test-002", "folder-0010/test-003",
                  "folder-001x", "other/test-004"}));
}

TEST(SeedPathTable, WholeBucketIntoDestinationPath) {
  const std::string dest = fresh_bucket("row2");
  EXPECT_EQ(copy_and_list({"s3://" + seed_example_bucket(), "s3://" + dest + "/foo"}, dest),
            (Keys{"foo/folder-001/test-001", "foo/folder-001/test-002", "foo/folder-0010/test-003",
                  "foo/folder-001x", "foo/other/test-004"}));
}

TEST(SeedPathTable, FolderKeepsItsName) {
  const std::string dest = fresh_bucket("row3");
  EXPECT_EQ(copy_and_list({"s3://" + seed_example_bucket() + "/folder-001", "s3://" + dest}, dest),
            (Keys{"folder-001/test-001", "folder-001/test-002"}));
}

TEST(SeedPathTable, TrailingStarCopiesTheFolderContents) {
  const std::string dest = fresh_bucket("row4");
  EXPECT_EQ(
      copy_and_list({"s3://" + seed_example_bucket() + "/folder-001/*", "s3://" + dest}, dest),
      (Keys{"test-001", "test-002"}));
}

TEST(SeedPathTable, PartialNameWithStar) {
  const std::string dest = fresh_bucket("star");
  EXPECT_EQ(
      copy_and_list({"s3://" + seed_example_bucket() + "/folder-00*", "s3://" + dest}, dest),
      (Keys{"folder-001/test-001", "folder-001/test-002", "folder-0010/test-003", "folder-001x"}));
}

TEST(SeedPathTable, InternalStarIsRefusedAndNothingIsCopied) {
  const std::string dest = fresh_bucket("badstar");
  const CommandResult run =
      run_s3copy({"s3://" + seed_example_bucket() + "/fold*/test-001", "s3://" + dest});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("'*'"), std::string::npos) << run.err;
  EXPECT_TRUE(keys_in(dest).empty());
}

// --- selecting by prefix and by name ----------------------------------------------------------

TEST(Selection, PrefixesFromOptionsAndFiles) {
  const std::string dest = fresh_bucket("prefixes");
  EXPECT_EQ(
      copy_and_list(
          {"s3://" + seed_example_bucket(), "s3://" + dest, "-p", "other/", "folder-0010/"}, dest),
      (Keys{"folder-0010/test-003", "other/test-004"}));

  const std::string dest2 = fresh_bucket("prefixfile");
  TempDir dir("s3copy-itest");
  const std::string prefixes = dir.write("prefixes.txt", "# prefixes to copy\n\nother/\n");
  EXPECT_EQ(
      copy_and_list({"s3://" + seed_example_bucket(), "s3://" + dest2, "-P", prefixes}, dest2),
      (Keys{"other/test-004"}));
}

TEST(Selection, NamedFileIsExactNotAPrefix) {
  const std::string source = fresh_bucket("exact");
  put(source, "foo", "foo");
  put(source, "foo1", "foo1");
  put(source, "foo/bar", "foo/bar");
  const std::string dest = fresh_bucket("exactdst");
  EXPECT_EQ(copy_and_list({"s3://" + source, "s3://" + dest, "-f", "foo"}, dest), (Keys{"foo"}));
}

TEST(Selection, KeyListsFromFileAndStandardInput) {
  const std::string source = fresh_bucket("keylist");
  for (const char* key : {"a", "b c", "d+e", "f/g", "unwanted"}) put(source, key, key);
  TempDir dir("s3copy-itest");
  const std::string keys = dir.write("keys.txt", "# wanted\na\n\nb c\n");
  const std::string dest = fresh_bucket("keylistdst");
  EXPECT_EQ(copy_and_list({"s3://" + source, "s3://" + dest, "-F", keys}, dest),
            (Keys{"a", "b c"}));

  const std::string dest2 = fresh_bucket("stdindst");
  const CommandResult run =
      run_s3copy({"s3://" + source, "s3://" + dest2, "-F", "-"}, 1, "d+e\nf/g\n");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(keys_in(dest2), (Keys{"d+e", "f/g"}));
}

TEST(Selection, MissingNamedFileFailsThatObjectOnly) {
  const std::string source = fresh_bucket("missing");
  put(source, "present", "x");
  const std::string dest = fresh_bucket("missingdst");
  const CommandResult run =
      run_s3copy({"s3://" + source, "s3://" + dest, "-f", "present", "absent", "--json"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(json_counts(run)["copied"], 1);
  EXPECT_EQ(json_counts(run)["failed"], 1);
  EXPECT_NE(run.err.find("FAILED s3://" + source + "/absent: no such source object"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(keys_in(dest), (Keys{"present"}));
}

TEST(Selection, MalformedKeyListStopsBeforeCopyingAnything) {
  const std::string source = fresh_bucket("badlist");
  put(source, "a", "a");
  TempDir dir("s3copy-itest");
  const std::string keys = dir.write("keys.txt", "a\n" + std::string(1100, 'k') + "\n");
  const std::string dest = fresh_bucket("badlistdst");
  const CommandResult run = run_s3copy({"s3://" + source, "s3://" + dest, "-F", keys});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("line 2"), std::string::npos) << run.err;
  EXPECT_TRUE(keys_in(dest).empty());
}

TEST(Selection, DestinationInsideTheSourceIsNotCopiedAgain) {
  const std::string bucket = fresh_bucket("inside");
  put(bucket, "a", "a");
  put(bucket, "dir/b", "b");
  for (int round = 0; round < 2; ++round) {
    const CommandResult run = run_s3copy({"s3://" + bucket, "s3://" + bucket + "/backup"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
  }
  EXPECT_EQ(keys_in(bucket), (Keys{"a", "backup/a", "backup/dir/b", "dir/b"}));
}

TEST(Selection, CopyOntoItselfIsRefused) {
  const std::string bucket = fresh_bucket("itself");
  put(bucket, "a", "a");
  const CommandResult run = run_s3copy({"s3://" + bucket + "/a", "s3://" + bucket});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("itself"), std::string::npos) << run.err;
}

// --- restart and sync -------------------------------------------------------------------------

// The up-to-date rule reads sizes and ETags as each server gives them: run on both.
class Sync : public OnEachServer {};
INSTANTIATE_TEST_SUITE_P(Servers, Sync, kEachServer, each_server_name);

TEST_P(Sync, RerunCopiesOnlyWhatChangedAndNeverDeletes) {
  const std::string source = fresh_bucket("sync");
  const std::string dest = fresh_bucket("syncdst");
  for (int i = 0; i < 20; ++i)
    put(source, "obj/" + std::to_string(i), "version 1 of " + std::to_string(i));
  const std::vector<std::string> args{"s3://" + source, "s3://" + dest, "--json"};

  CommandResult first = run_s3copy(args);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(json_counts(first)["copied"], 20);

  CommandResult again = run_s3copy(args);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json_counts(again)["copied"], 0);
  EXPECT_EQ(json_counts(again)["skipped"], 20);

  put(source, "obj/3", "version 2 of 3, longer");  // size changes
  put(source, "obj/4", "version 2 of 4");          // same size, new content
  put(source, "obj/new", "brand new");
  probe_ok(1, {"put", source, hex("obj/5"), "0"});  // emptied
  aws_ok(1, {"s3api", "delete-object", "--bucket", source, "--key", "obj/7"});
  CommandResult sync = run_s3copy(args);
  EXPECT_EQ(sync.exit_code, 0) << sync.err;
  EXPECT_EQ(json_counts(sync)["copied"], 4);
  EXPECT_EQ(json_counts(sync)["skipped"], 16);
  EXPECT_EQ(listing(dest, "obj/").size(), 21u);  // obj/7 is still there: no deletions
  auto source_listing = listing(source, "obj/");
  auto dest_listing = listing(dest, "obj/");
  for (const auto& [key, size_and_etag] : source_listing)
    EXPECT_EQ(dest_listing[key], size_and_etag) << key;
}

TEST_P(Sync, DryRunChangesNothingAndNamesExactlyWhatARealRunDoes) {
  const std::string source = fresh_bucket("dry");
  const std::string dest = fresh_bucket("drydst");
  for (const char* key : {"same", "changed", "new one", "odd%key+?"}) put(source, key, key);
  put(dest, "same", "same");
  put(dest, "changed", "old content");
  const auto before = listing(dest);

  const CommandResult dry = run_s3copy({"s3://" + source, "s3://" + dest, "-n"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(listing(dest), before);
  std::set<std::string> planned;
  std::istringstream lines(dry.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("copy\t", 0) == 0) planned.insert(line.substr(line.find("s3://" + dest + "/")));
  }
  EXPECT_NE(dry.out.find("skip\t"), std::string::npos) << dry.out;

  const CommandResult real = run_s3copy({"s3://" + source, "s3://" + dest, "-l", "INFO"});
  ASSERT_EQ(real.exit_code, 0) << real.err;
  std::set<std::string> copied;
  std::istringstream log(real.err);
  for (std::string line; std::getline(log, line);) {
    const size_t at = line.find("copied to ");
    if (at != std::string::npos) copied.insert(line.substr(at + 10, line.rfind(" (") - at - 10));
  }
  std::set<std::string> planned_destinations;
  for (const std::string& rest : planned) {
    planned_destinations.insert(rest.substr(0, rest.find('\t')));
  }
  // The plan percent-encodes keys; the log does not. Compare decoded forms.
  EXPECT_EQ(planned_destinations,
            (std::set<std::string>{"s3://" + dest + "/changed", "s3://" + dest + "/new%20one",
                                   "s3://" + dest + "/odd%25key+?"}));
  EXPECT_EQ(copied, (std::set<std::string>{"s3://" + dest + "/changed", "s3://" + dest + "/new one",
                                           "s3://" + dest + "/odd%key+?"}));
}

// --- what a copy keeps ------------------------------------------------------------------------

// What CopyObject keeps by default (x-amz-metadata-directive COPY) is each server's own doing.
class Metadata : public OnEachServer {};
INSTANTIATE_TEST_SUITE_P(Servers, Metadata, kEachServer, each_server_name);

TEST_P(Metadata, ContentHeadersAndUserMetadataSurvive) {
  const std::string source = fresh_bucket("meta");
  const std::string dest = fresh_bucket("metadst");
  put(source, "doc.html", "<p>hi</p>",
      {"ContentType=text/html; charset=utf-8", "CacheControl=max-age=3600",
       "ContentEncoding=identity", "ContentDisposition=inline; filename=\"doc.html\"",
       "ContentLanguage=en", "Metadata.origin=unit test", "Metadata.colour=blue"});
  const CommandResult run = run_s3copy({"s3://" + source, "s3://" + dest});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(probe_ok(1, {"head", dest, hex("doc.html")}),
            probe_ok(1, {"head", source, hex("doc.html")}));
}

// --- credentials and ACLs ---------------------------------------------------------------------

std::string write_s3cfg(TempDir& dir, const std::string& name, int user) {
  const TestServer& server = TestServer::get();
  const std::string host = server.endpoint.substr(server.endpoint.find("://") + 3);
  return dir.write(name, "[default]\naccess_key = " + server.user(user).access_key +
                             "\nsecret_key = " + server.user(user).secret_key + "\nhost_base = " +
                             host + "\nhost_bucket = " + host + "\nuse_https = False\n");
}

TEST(Credentials, SecondSetListsTheDestinationTheFirstCannot) {
  const TestServer& server = TestServer::get();
  const std::string source = fresh_bucket("twocreds", 1);
  const std::string dest = fresh_bucket("twocredsdst", 2);
  // User 1 may write into user 2's bucket but not list it.
  aws_ok(2, {"s3api", "put-bucket-acl", "--bucket", dest, "--grant-write", "id=" + server.user1.id,
             "--grant-full-control", "id=" + server.user2.id});
  put(source, "a", "a");
  put(source, "b", "b");
  EXPECT_NE(probe(1, {"list", dest}).exit_code, 0) << "user 1 must not be able to list";

  TempDir dir("s3copy-itest");
  const std::vector<std::string> args{"s3://" + source,
                                      "s3://" + dest,
                                      "-c",
                                      write_s3cfg(dir, "user1.s3cfg", 1),
                                      "-d",
                                      write_s3cfg(dir, "user2.s3cfg", 2),
                                      "--acl",
                                      "bucket-owner-full-control",
                                      "--json"};
  const CommandResult first = run_s3copy(args);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(json_counts(first)["copied"], 2);
  EXPECT_EQ(keys_in(dest, "", 2), (Keys{"a", "b"}));
  const CommandResult rerun = run_s3copy(args);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(json_counts(rerun)["skipped"], 2);

  const CommandResult without_second_set =
      run_s3copy({"s3://" + source, "s3://" + dest, "-c", write_s3cfg(dir, "only1.s3cfg", 1)});
  EXPECT_EQ(without_second_set.exit_code, 2);
  EXPECT_NE(without_second_set.err.find("destination"), std::string::npos)
      << without_second_set.err;
}

TEST(Acl, GrantsByIdEmailAndCannedAclAreOnTheCopies) {
  const TestServer& server = TestServer::get();
  const std::string source = fresh_bucket("acl");
  put(source, "x", "x");
  struct Case {
    std::vector<std::string> options;
    std::string expected_grant;
  };
  const std::vector<Case> cases = {
      {{"--acl-grant", "read:id=" + server.user2.id}, "READ\tCanonicalUser\t" + server.user2.id},
      {{"--acl-grant", "read-acp:emailAddress=" + server.user2.email},
       "READ_ACP\tCanonicalUser\t" + server.user2.id},
      {{"--acl-grant", "full-control:" + server.user2.email},
       "FULL_CONTROL\tCanonicalUser\t" + server.user2.id},
      {{"--acl", "public-read"}, "READ\tGroup\thttp://acs.amazonaws.com/groups/global/AllUsers"},
  };
  for (const Case& c : cases) {
    const std::string dest = fresh_bucket("acldst");
    std::vector<std::string> args{"s3://" + source, "s3://" + dest};
    args.insert(args.end(), c.options.begin(), c.options.end());
    const CommandResult run = run_s3copy(args);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const std::string grants = probe_ok(1, {"acl", dest, hex("x")});
    EXPECT_NE(grants.find(c.expected_grant), std::string::npos) << c.options[1] << "\n" << grants;
    // The grants add to the ACL: the copy's writer can still read what it wrote.
    EXPECT_EQ(probe(1, {"head", dest, hex("x")}).exit_code, 0) << c.options[1] << "\n" << grants;
  }
}

// --- exit codes and the summary ---------------------------------------------------------------

TEST(ExitStatus, SomeObjectsFailThenARerunFinishes) {
  const TestServer& server = TestServer::get();
  // User 2's bucket: user 1 may list it, but may read only the objects granted to it.
  const std::string source = fresh_bucket("partial", 2);
  aws_ok(2, {"s3api", "put-bucket-acl", "--bucket", source, "--grant-read", "id=" + server.user1.id,
             "--grant-full-control", "id=" + server.user2.id});
  for (const char* key : {"ok-1", "ok-2", "ok-3", "locked-1", "locked-2"})
    put(source, key, key, {}, 2);
  for (const char* key : {"ok-1", "ok-2", "ok-3"}) {
    aws_ok(2, {"s3api", "put-object-acl", "--bucket", source, "--key", key, "--grant-read",
               "id=" + server.user1.id, "--grant-full-control", "id=" + server.user2.id});
  }
  const std::string dest = fresh_bucket("partialdst");
  const std::vector<std::string> args{"s3://" + source, "s3://" + dest, "--json"};
  const CommandResult run = run_s3copy(args);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(json_counts(run)["copied"], 3);
  EXPECT_EQ(json_counts(run)["failed"], 2);
  EXPECT_NE(run.err.find("FAILED s3://" + source + "/locked-1: AccessDenied"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("FAILED s3://" + source + "/locked-2: AccessDenied"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("failed 2"), std::string::npos) << run.err;

  for (const char* key : {"locked-1", "locked-2"}) {
    aws_ok(2, {"s3api", "put-object-acl", "--bucket", source, "--key", key, "--grant-read",
               "id=" + server.user1.id, "--grant-full-control", "id=" + server.user2.id});
  }
  const CommandResult rerun = run_s3copy(args);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(json_counts(rerun)["copied"], 2);
  EXPECT_EQ(json_counts(rerun)["skipped"], 3);
}

TEST(ExitStatus, MissingBucketAndWrongKeysAreClearErrorsBeforeCopying) {
  const std::string dest = fresh_bucket("errs");
  const CommandResult missing = run_s3copy({"s3://s3copy-it-no-such-bucket", "s3://" + dest});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("s3copy-it-no-such-bucket"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;

  const CommandResult wrong_keys =
      run_s3copy({"s3://" + dest, "s3://" + dest + "/x", "-a", "S3COPYWRONGKEY000000", "-k",
                  "wrong-secret-that-must-not-be-printed"});
  EXPECT_EQ(wrong_keys.exit_code, 2);
  EXPECT_EQ(wrong_keys.err.find("wrong-secret-that-must-not-be-printed"), std::string::npos);
  EXPECT_NE(wrong_keys.err.find("-a/-k"), std::string::npos) << wrong_keys.err;
}

TEST(Memory, TenThousandObjectsKeepResidentMemoryFlat) {
  const std::string source = fresh_bucket("many");
  probe_ok(1, {"fill", source, "small/", "1000"});
  probe_ok(1, {"fill", source, "large/", "10000"});
  const std::string dest = fresh_bucket("manydst");
  const CommandResult thousand =
      run_s3copy({"s3://" + source + "/small", "s3://" + dest, "--json"});
  ASSERT_EQ(thousand.exit_code, 0) << thousand.err;
  EXPECT_EQ(json_counts(thousand)["copied"], 1000);
  const CommandResult ten_thousand =
      run_s3copy({"s3://" + source + "/large", "s3://" + dest, "--json"});
  ASSERT_EQ(ten_thousand.exit_code, 0) << ten_thousand.err;
  EXPECT_EQ(json_counts(ten_thousand)["copied"], 10000);
  EXPECT_EQ(listing(dest, "large/").size(), 10000u);
  // Ten times the objects may not cost ten times the memory: at most a few MiB more (buffers
  // are bounded by the ledger's object budget, not by the bucket).
  EXPECT_LT(ten_thousand.peak_resident_kib, thousand.peak_resident_kib + 8 * 1024)
      << "1,000 objects: " << thousand.peak_resident_kib
      << " KiB, 10,000 objects: " << ten_thousand.peak_resident_kib << " KiB";
}

}  // namespace
}  // namespace s3copy::test
