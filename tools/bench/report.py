# Turns the bench's runs into its report: medians per tool and workload, s3copy's ratios to the best
# peer, the targets as met/missed with their numbers, the machine, as text and Markdown.
import dataclasses
import datetime
import os
import platform
import statistics

W3_ONCE_TOLERANCE = 1.05  # OSD bytes written ÷ object bytes that still counts as "each byte once"
FLAT_GROWTH = 1.10  # peak memory at 10x the keys within 10 %: "flat"


@dataclasses.dataclass
class RunRecord:
    workload: str  # the workload's title
    workload_key: str
    row: object  # tools.ToolRow
    round_number: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    exit_code: int
    requests: int
    listing_requests: int
    other_requests: dict  # "METHOD" -> count, the requests that are not listing pages
    objects: int
    data_bytes: int
    server_cpu_s: float
    bytes_written: int
    problem: str  # "" for a complete copy


@dataclasses.dataclass
class Summary:
    workload: str
    workload_key: str
    row: object
    runs: int
    failures: list  # problems of failed runs
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    requests: float
    listing_requests: float
    other_requests: dict
    req_per_object: float
    server_cpu_s: float
    written_ratio: float  # OSD bytes written ÷ data bytes copied; None when no data was copied

    @property
    def failed(self):
        return bool(self.failures)


def summarize(records):
    """One Summary per workload and tool row, in the order they first ran; medians over rounds."""
    groups = {}
    for record in records:
        groups.setdefault((record.workload, record.row), []).append(record)
    return [summary_of(runs) for runs in groups.values()]


def summary_of(runs):
    first = runs[0]

    def median(field):
        return statistics.median(getattr(run, field) for run in runs)

    written = [run.bytes_written / run.data_bytes for run in runs if run.data_bytes]
    others = {}
    for run in runs:
        for method, number in run.other_requests.items():
            others[method] = max(others.get(method, 0), number)
    return Summary(
        workload=first.workload, workload_key=first.workload_key, row=first.row, runs=len(runs),
        failures=[run.problem for run in runs if run.problem], wall_s=median("wall_s"),
        cpu_s=median("cpu_s"), peak_rss_mb=median("peak_rss_mb"), requests=median("requests"),
        listing_requests=median("listing_requests"), other_requests=others,
        req_per_object=median("requests") / first.objects, server_cpu_s=median("server_cpu_s"),
        written_ratio=statistics.median(written) if written else None)


def best_peer(summaries, workload, field):
    values = [getattr(s, field) for s in summaries
              if s.workload == workload and s.row.is_peer and not s.failed]
    return min(values) if values else None


def ratio_text(summary, summaries, field):
    if summary.row.is_peer:
        return ""
    best = best_peer(summaries, summary.workload, field)
    return "%.2f×" % (getattr(summary, field) / best) if best else "-"


# --- the table ------------------------------------------------------------------------------------

COLUMNS = ["workload", "tool", "settings", "wall s", "wall ×best peer", "client CPU s",
           "CPU ×best peer", "peak RSS MB", "requests (listing)", "req/object", "server CPU s",
           "written ÷ data", "status"]


def table_rows(summaries):
    rows = []
    for s in summaries:
        rows.append([
            s.workload, s.row.tool, s.row.settings, "%.2f" % s.wall_s,
            ratio_text(s, summaries, "wall_s"), "%.2f" % s.cpu_s,
            ratio_text(s, summaries, "cpu_s"), "%.0f" % s.peak_rss_mb,
            "%d (%d)" % (s.requests, s.listing_requests), "%.3f" % s.req_per_object,
            "%.2f" % s.server_cpu_s,
            "%.2f" % s.written_ratio if s.written_ratio is not None else "-",
            "FAILED %d/%d: %s" % (len(s.failures), s.runs, s.failures[0]) if s.failed else "ok"])
    return rows


def text_table(summaries):
    rows = [COLUMNS] + table_rows(summaries)
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(columns, rows):
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# --- the targets ----------------------------------------------------------------------------------

@dataclasses.dataclass
class Target:
    name: str
    status: str  # met, missed, n/a
    detail: str


def verdict(condition):
    return "met" if condition else "missed"


def fastest(summaries, key, tool=None, peers=False):
    candidates = [s for s in summaries if s.workload_key == key and not s.failed
                  and (tool is None or s.row.tool == tool) and (not peers or s.row.is_peer)]
    return min(candidates, key=lambda s: s.wall_s) if candidates else None


def s3copy_row(summaries, key, tuned, variant=""):
    return next((s for s in summaries if s.workload_key == key and s.row.tool == "s3copy"
                 and s.row.tuned == tuned and s.row.variant == variant), None)


def evaluate_targets(summaries, listing_floors, scale, cores):
    targets = []
    targets += w1_targets(summaries, cores)
    targets += w2_targets(summaries, listing_floors)
    for workload in sorted({s.workload for s in summaries if s.workload_key == "W3"}):
        targets += w3_targets([s for s in summaries if s.workload == workload], workload)
    targets += w5_targets(summaries)
    targets += memory_targets(summaries, scale)
    return targets


def w1_targets(summaries, cores):
    best = fastest(summaries, "W1")
    ours = fastest(summaries, "W1", tool="s3copy")
    peer = fastest(summaries, "W1", peers=True)
    if not best or not ours:
        return [Target("W1", "n/a", "no complete W1 runs of s3copy")]
    floor = best.server_cpu_s / cores
    targets = [Target(
        "W1 wall ≤ 1.15× server floor", verdict(ours.wall_s <= 1.15 * floor),
        "%s: %.2f s = %.2f× the floor %.2f s (radosgw+OSD CPU %.2f s during %s %s's run, "
        "the fastest, / %d cores)" % (name(ours), ours.wall_s, ours.wall_s / floor, floor,
                                      best.server_cpu_s, best.row.tool, best.row.settings, cores))]
    if peer:
        peer_cpu = min(s.cpu_s for s in summaries if s.workload_key == "W1" and s.row.is_peer
                       and not s.failed)
        targets.append(Target(
            "W1 client CPU ≤ 0.1× best peer", verdict(ours.cpu_s <= 0.1 * peer_cpu),
            "%s: %.3f s vs best peer %.3f s: %.3f×" % (name(ours), ours.cpu_s, peer_cpu,
                                                      ours.cpu_s / peer_cpu)))
    targets.append(Target("W1 ≤ 1.01 requests/object", verdict(ours.req_per_object <= 1.01),
                          "%s: %d requests for %s objects = %.3f" % (
                              name(ours), ours.requests, objects_of(ours), ours.req_per_object)))
    return targets


def w2_targets(summaries, listing_floors):
    ours = fastest(summaries, "W2", tool="s3copy")
    floors = listing_floors.get("W2")
    if not ours or not floors:
        return [Target("W2", "n/a", "no complete W2 runs of s3copy or no listing floor")]
    floor = statistics.median(floors)
    others = sum(ours.other_requests.values())
    return [
        Target("W2 no-op wall ≤ 1.5× listing floor", verdict(ours.wall_s <= 1.5 * floor),
               "%s: %.3f s = %.2f× the floor %.3f s (both buckets' ListObjectsV2 pages, one "
               "thread each, by tools/bench/s3.py: Python http.client, SigV4, kept-alive)"
               % (name(ours), ours.wall_s, ours.wall_s / floor, floor)),
        Target("W2 no-op requests = listing pages only", verdict(others == 0),
               "%s: %d requests: %d listing pages, %d others%s" % (
                   name(ours), ours.requests, ours.listing_requests, others,
                   " (%s)" % ", ".join("%d %s" % (n, m) for m, n in ours.other_requests.items())
                   if others else ""))]


def w3_targets(summaries, workload):
    direct = s3copy_row(summaries, "W3", tuned=False, variant="in parts")
    ours = fastest(summaries, "W3", tool="s3copy")
    peer = fastest(summaries, "W3", peers=True)
    targets = []
    if direct and direct.written_ratio is not None and not direct.failed:
        targets.append(Target(
            "%s: direct mode in parts moves each byte once" % workload,
            verdict(direct.written_ratio <= W3_ONCE_TOLERANCE),
            "s3copy in parts: the OSD took in %.2f× the objects' bytes" % direct.written_ratio))
    if ours and peer:
        targets.append(Target(
            "%s: wall ≤ 0.7× best peer" % workload, verdict(ours.wall_s <= 0.7 * peer.wall_s),
            "%s: %.2f s vs %s %s: %.2f s = %.2f× (that peer's written ÷ data: %s)" % (
                name(ours), ours.wall_s, peer.row.tool, peer.row.settings, peer.wall_s,
                ours.wall_s / peer.wall_s, "%.2f" % peer.written_ratio
                if peer.written_ratio is not None else "-")))
    return targets or [Target(workload, "n/a", "no complete runs to compare")]


def w5_targets(summaries):
    latency = s3copy_row(summaries, "W5", tuned=True)
    plain = s3copy_row(summaries, "W1", tuned=True)
    if not latency or not plain or latency.failed or plain.failed:
        return [Target("W5", "n/a", "no complete W1 and W5 runs of s3copy -t 200")]
    return [Target("W5 at -t 200 within 1.5× its own no-latency time",
                   verdict(latency.wall_s <= 1.5 * plain.wall_s),
                   "s3copy -t 200: %.2f s with latency vs %.2f s in W1 = %.2f× (the proxy's own "
                   "cost included)" % (latency.wall_s, plain.wall_s,
                                       latency.wall_s / plain.wall_s))]


def memory_targets(summaries, scale):
    targets = []
    ours = [s for s in summaries if s.workload_key == "W4" and s.row.tool == "s3copy"]
    if ours:
        peak = max(s.peak_rss_mb for s in ours)
        targets.append(Target("W4 memory ≤ 100 MB", verdict(peak <= 100),
                              "s3copy's peak RSS %.0f MB (both rows)" % peak))
    for phase in ("differ", "plan"):
        runs = sorted((r for r in scale if r["phase"] == phase), key=lambda r: r["keys"])
        if len(runs) >= 2:
            small, large = runs[0], runs[-1]
            targets.append(Target(
                "%s memory flat at %s keys" % (phase, "{:,}".format(large["keys"])),
                verdict(large["peak_rss_mb"] <= FLAT_GROWTH * small["peak_rss_mb"]),
                "peak RSS %.1f MB at %s keys, %.1f MB at %s" % (
                    large["peak_rss_mb"], "{:,}".format(large["keys"]), small["peak_rss_mb"],
                    "{:,}".format(small["keys"]))))
    return targets


def name(summary):
    return "%s %s" % (summary.row.tool, summary.row.settings)


def objects_of(summary):
    return "{:,}".format(round(summary.requests / summary.req_per_object))


# --- the machine and the document -----------------------------------------------------------------

def machine(versions):
    return {"date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "CPU": cpu_model(), "cores": str(os.cpu_count()), "memory": memory_total(),
            "kernel": platform.release(), "OS": os_name(), **versions}


def cpu_model():
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_total():
    with open("/proc/meminfo") as meminfo:
        kib = int(meminfo.readline().split()[1])
    return "%.1f GiB" % (kib / (1 << 20))


def os_name():
    try:
        with open("/etc/os-release") as release:
            for line in release:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.system()


def target_lines(targets):
    return ["%-7s %s: %s" % (t.status.upper(), t.name, t.detail) for t in targets]


def scale_rows(scale):
    return [[r["phase"], "{:,}".format(r["keys"]), "%.2f" % r["seconds"],
             "{:,.0f}".format(r["keys_per_second"]), "%.1f" % r["peak_rss_mb"]] for r in scale]


SCALE_COLUMNS = ["phase", "keys", "seconds", "keys/s", "peak RSS MB"]


def text_report(summaries, targets, scale):
    parts = [text_table(summaries), "", "Targets (tests never assert timings):"]
    parts += ["  " + line for line in target_lines(targets)]
    if scale:
        parts += ["", "Scale benchmark (build/scale_bench):"]
        rows = [SCALE_COLUMNS] + scale_rows(scale)
        widths = [max(len(row[i]) for row in rows) for i in range(len(SCALE_COLUMNS))]
        parts += ["  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(parts)


def markdown_report(summaries, targets, scale, machine_info, settings):
    """settings: rounds, quick, the tool rows' command lines, notes."""
    title = "# s3copy benchmark%s" % (" — QUICK MODE (a smoke test, not figures)"
                                       if settings["quick"] else "")
    parts = [
        "<!-- Generated by tools/bench/run.py (`make bench`); do not edit by hand. -->",
        title, "",
        "%d round(s), tools alternating within each round, medians of rounds. Generated %s."
        % (settings["rounds"], machine_info["date"]), "",
        "## Machine", "",
        markdown_table(["", ""], [[k, v] for k, v in machine_info.items() if k != "date"]), "",
        "## Results", "",
        markdown_table(COLUMNS, table_rows(summaries)), "",
        "## Targets", "",
        "Tests never assert timings; the bench prints these beside the figures.", ""]
    parts += ["- **%s** %s: %s" % (t.status, t.name, t.detail) for t in targets]
    if scale:
        parts += ["", "## Scale benchmark", "",
                  "`build/scale_bench`: the differ (Differ::join over two synthetic sorted "
                  "listings; 1 % of keys missing and 1 % changed at the destination) and the plan "
                  "reader (PlanFile, which parses each line with parse_action, over a plan "
                  "scale_bench wrote first), one process per phase.", "",
                  markdown_table(SCALE_COLUMNS, scale_rows(scale))]
    parts += ["", "## How each tool ran", ""]
    parts += ["- %s" % line for line in settings["commands"]]
    parts += ["", "## Columns", ""] + ["- %s" % line for line in COLUMN_NOTES]
    parts += ["", "## Notes", ""] + ["- %s" % line for line in settings["notes"]]
    return "\n".join(parts) + "\n"


COLUMN_NOTES = [
    "**wall s**: median wall-clock time of the tool's process, start to exit.",
    "**wall/CPU ×best peer**: s3copy's median divided by the best (lowest) median among the peer "
    "rows that copied everything in every round.",
    "**client CPU s**: user+system CPU of the tool's process tree: os.wait4 of GNU time, which ran "
    "the tool, so the tool, every child it waited for, and about 1 ms of GNU time itself.",
    "**peak RSS MB**: the tool's ru_maxrss as GNU time's wait4 reports it: the peak of the largest "
    "single process of its tree (not the bench's own os.wait4, whose ru_maxrss would start at "
    "the size of the Python process the tool was forked from).",
    "**requests (listing)**: HTTP requests radosgw served during the run, counted in its access "
    "log (the beast frontend's line per request) between two marker requests; in brackets those "
    "that were ListObjects pages.",
    "**req/object**: requests ÷ objects in the source.",
    "**server CPU s**: user+system CPU that radosgw and the OSD spent during the run "
    "(/proc/PID/stat before and after).",
    "**written ÷ data**: bytes the OSD took in for writes (its op_in_bytes counter) ÷ the bytes "
    "of the objects that had to be copied; about 1 when each byte is copied once, about 0 when "
    "radosgw copies by reference (CopyObject of a multipart object within one pool).",
    "**status**: ok when every round's destination held every source object (count, size, and "
    "for W1/W2/W4/W5 the ETag) and the tool exited 0; else FAILED with the first problem.",
]
