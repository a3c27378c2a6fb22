#!/usr/bin/python3
# `make bench`: s3copy against aws-cli, rclone and s3cmd on the bench's own radosgw (issue 7):
# workloads W1-W5 in alternating order, medians of rounds, targets, and the scale benchmark.
"""Usage: tools/bench/run.py [--rounds N] [--quick] [--build DIR] [--output FILE] [--only W1,W4]

Starts its own radosgw (tools/s3-server in --server-dir on --port; never the shared test server),
fills the sources, runs every workload for every tool row, prints the table and writes --output
(Markdown). The server is stopped at the end, also on failure (unless --keep-server)."""
import argparse
import collections
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure  # noqa: E402
import report  # noqa: E402
import s3  # noqa: E402
import server  # noqa: E402
import tools  # noqa: E402
import workloads  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description="benchmark s3copy against its peers")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true",
                        help="1 round, small workloads: a smoke test of the harness")
    parser.add_argument("--build", default="build", help="where s3copy and scale_bench are")
    parser.add_argument("--output", default="bench/results.md")
    parser.add_argument("--only", default="", help="comma-separated workload keys, e.g. W1,W4")
    parser.add_argument("--no-scale", action="store_true", help="skip the scale benchmark")
    parser.add_argument("--server-dir", default="/tmp/s3copy-bench-server")
    parser.add_argument("--port", type=int, default=7490)
    parser.add_argument("--mon-port", type=int, default=16790)
    parser.add_argument("--memstore-gib", type=int, default=8)
    parser.add_argument("--timeout", type=int, default=3600, help="seconds a tool run may take")
    parser.add_argument("--keep-server", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds = 1
    return args


def say(text):
    print("bench: " + text, file=sys.stderr, flush=True)


class Bench:
    """What the workloads share: the server, an admin client, the tools, and state across rows."""

    def __init__(self, args, bench_server, work_dir):
        self.args, self.server, self.work_dir, self.repo = args, bench_server, work_dir, REPO
        settings = bench_server.settings
        self.admin = s3.S3(settings["endpoint"], settings["access_key"], settings["secret_key"],
                           settings["region"])
        self.tools = tools.Tools(os.path.join(REPO, args.build, "s3copy"), work_dir, settings)
        self.log = bench_server.request_log()
        self.w1_copies = {}  # tool row -> (its W1 destination bucket this round, complete?)
        self.listing_floors = {}  # workload key -> [seconds of bare listings, one per round]
        self.records = []

    def remove_w1_copies(self):
        for copy, _ in self.w1_copies.values():
            self.admin.remove_bucket(copy)
        self.w1_copies.clear()

    def run(self, workload, row, round_number):
        target = workload.target(self, row, round_number)
        argv, environment = self.tools.command(row, target.source, target.destination,
                                               target.endpoint)
        cpu_before, written_before = self.server.cpu_seconds(), self.server.osd_bytes_written()
        self.log.begin()
        measured = measure.run_measured(argv, environment,
                                        os.path.join(self.work_dir, "tools.log"),
                                        self.args.timeout)
        requests = self.log.end()
        server_cpu = self.server.cpu_seconds() - cpu_before
        written = self.server.osd_bytes_written() - written_before
        record = report.RunRecord(
            workload=workload.title, workload_key=workload.key, row=row,
            round_number=round_number, wall_s=measured.wall_s, cpu_s=measured.cpu_s,
            peak_rss_mb=measured.peak_rss_mb, exit_code=measured.exit_code,
            requests=len(requests),
            listing_requests=sum(server.is_listing(m, t) for m, t, _ in requests),
            other_requests=dict(collections.Counter(m for m, t, _ in requests
                                                    if not server.is_listing(m, t))),
            objects=target.objects, data_bytes=target.data_bytes, server_cpu_s=server_cpu,
            bytes_written=written, problem=problem_of(workload, self, target, measured))
        self.records.append(record)
        workload.after_run(self, row, target, record)
        say("round %d  %-26s %-16s %7.2f s  CPU %6.2f s  RSS %4.0f MB  %6d requests  %s" % (
            round_number + 1, workload.title[:26], row.name, record.wall_s, record.cpu_s,
            record.peak_rss_mb, record.requests, record.problem or "ok"))


def problem_of(workload, bench, target, measured):
    if measured.timed_out:
        return "killed after %d s" % bench.args.timeout
    if measured.exit_code != 0:
        return "exit status %d (see %s)" % (measured.exit_code,
                                            os.path.join(bench.work_dir, "tools.log"))
    return target.problem or workload.verify(bench, target)


def rotated(rows, round_number):
    """Each round starts with another tool, so no tool always runs first (cold) or last."""
    shift = round_number % len(rows)
    return rows[shift:] + rows[:shift]


def run_rounds(bench, chosen):
    for round_number in range(bench.args.rounds):
        for workload in chosen:
            workload.before_rows(bench, round_number)
            try:
                rows = [row for row in tools.ROWS if row.runs_in(workload.key)]
                for row in rotated(rows, round_number):
                    bench.run(workload, row, round_number)
            finally:
                workload.after_rows(bench, round_number)
        bench.remove_w1_copies()  # when W2, which re-syncs them, did not run


def chosen_workloads(args):
    every = workloads.all_workloads(args.quick)
    if not args.only:
        return every
    keys = set(args.only.split(","))
    # W2 and W5 need W1's buckets (W1 makes the copies W2 re-syncs; W5 copies W1's source).
    if keys & {"W2", "W5"}:
        keys.add("W1")
    if "W2" in keys:
        keys.add("W2 1%")
    return [w for w in every if w.key in keys]


def set_up(bench, chosen):
    for workload in chosen:
        started = time.monotonic()
        workload.setup(bench)
        say("set up %s in %.0f s" % (workload.title, time.monotonic() - started))


def run_scale_bench(args, work_dir):
    """The differ and the plan reader at two sizes; "flat" compares their peak memory."""
    binary = os.path.join(REPO, args.build, "scale_bench")
    sizes = (100_000, 1_000_000) if args.quick else (1_000_000, 10_000_000)
    results = []
    for phase in ("differ", "plan"):
        for keys in sizes:
            output = subprocess.run([binary, phase, str(keys), work_dir], check=True,
                                    capture_output=True, text=True).stdout
            results.append(json.loads(output))
            say("scale %s %s keys: %s keys/s, peak RSS %.1f MB" % (
                phase, "{:,}".format(keys), "{:,.0f}".format(results[-1]["keys_per_second"]),
                results[-1]["peak_rss_mb"]))
    return results


def command_descriptions(bench):
    example = []
    for row in tools.ROWS:
        argv, environment = bench.tools.command(row, "SOURCE", "DESTINATION", bench.server.endpoint)
        shown = " ".join(os.path.basename(a) if a == argv[0] else a for a in argv)
        shown = shown.replace(bench.work_dir + "/", "")
        extra = ""
        if "AWS_CONFIG_FILE" in environment:
            with open(environment["AWS_CONFIG_FILE"]) as config:
                extra = " (AWS_CONFIG_FILE: `%s`)" % " ".join(config.read().split())
        example.append("%s %s: `%s`%s" % (row.tool, row.settings, shown, extra))
    return example


NOTES = [
    "The bench runs its own radosgw (tools/s3-server with S3COPY_SERVER_DIR=%(dir)s, "
    "S3COPY_S3_PORT=%(port)d, S3COPY_MON_PORT=%(mon)d; beast with tcp_nodelay=1, memstore), "
    "on the same cores as the tools: every CPU-second a client spends is taken from the server.",
    "Each run copies into a new, empty destination bucket (W1, W3, W5); W2 re-syncs the copy the "
    "same tool made in W1 of the same round, first unchanged, then after new contents for 1 %% of "
    "the source objects; W4 syncs a bucket into an equal copy of itself.",
    "The sources carry rclone's x-amz-meta-mtime (set at upload), so rclone's defaults compare "
    "equal modification times instead of rewriting every object's metadata on the first sync; "
    "rclone still reads them with a HEAD of each object on both sides (its tuned row compares "
    "size and MD5 with --checksum instead).",
    "W5 runs through test/support/fault_proxy.py with --latency-ms 20 and no faults: each request "
    "waits 20 ms before it is forwarded. The proxy (Python) shares the two cores too, so its CPU "
    "cost is part of every tool's W5 time.",
    "W3's sources are uploaded in 8 MiB parts (aws-cli's size). radosgw copies a multipart "
    "object with CopyObject by reference (no bytes move), and with UploadPartCopy by copying "
    "the bytes: written ÷ data shows which one a tool did.",
    "Server floor (W1): the radosgw+OSD CPU time of the fastest W1 row's median run ÷ cores. "
    "Listing floor (W2): both buckets' ListObjectsV2 pages fetched at once (one thread each) by "
    "tools/bench/s3.py, a minimal SigV4 client on Python's http.client, median of rounds.",
    "Tool output and errors: %(work)s/tools.log.",
]


def main(argv):
    args = parse_arguments(argv)
    work_dir = tempfile.mkdtemp(prefix="s3copy-bench-")
    bench_server = server.BenchServer(REPO, args.server_dir, args.port, args.mon_port,
                                      args.memstore_gib << 30)
    chosen = chosen_workloads(args)
    say("work directory %s; starting the bench server on port %d" % (work_dir, args.port))
    bench_server.stop()  # a clean server: nothing left from an earlier run
    bench_server.start()
    try:
        bench = Bench(args, bench_server, work_dir)
        set_up(bench, chosen)
        run_rounds(bench, chosen)
        versions = dict(bench.tools.versions(), radosgw=bench_server.version())
    finally:
        if not args.keep_server:
            bench_server.stop()
    scale = [] if args.no_scale else run_scale_bench(args, work_dir)
    write_report(args, bench, versions, scale, work_dir)
    return 0


def write_report(args, bench, versions, scale, work_dir):
    summaries = report.summarize(bench.records)
    targets = report.evaluate_targets(summaries, bench.listing_floors, scale, os.cpu_count())
    print(report.text_report(summaries, targets, scale))
    notes = [note % {"dir": args.server_dir, "port": args.port, "mon": args.mon_port,
                     "work": work_dir} for note in NOTES]
    settings = {"rounds": args.rounds, "quick": args.quick,
                "commands": command_descriptions(bench), "notes": notes}
    output = os.path.join(REPO, args.output)
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w") as markdown:
        markdown.write(report.markdown_report(summaries, targets, scale,
                                              report.machine(versions), settings))
    with open(os.path.join(work_dir, "runs.json"), "w") as raw:
        json.dump([dict(dataclasses.asdict(r), row=r.row.name) for r in bench.records], raw,
                  indent=1)
    say("wrote %s (every run: %s)" % (output, os.path.join(work_dir, "runs.json")))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
