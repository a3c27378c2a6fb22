# The bench's workloads W1-W5 (issue 7): the objects each one needs, the fresh destination of each
# run, the check that a tool's copy is complete, and the cleanup that keeps memstore small.
import concurrent.futures
import dataclasses
import os
import subprocess
import threading
import time

import s3

KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30
FILL_THREADS = 16
# rclone keeps modification times in this metadata (it sets it on its own uploads). The sources and
# W4's copy carry it, so that rclone with its defaults sees equal times where the other tools see
# equal objects, instead of rewriting every object's metadata on its first sync.
RCLONE_MTIME = "x-amz-meta-mtime"


@dataclasses.dataclass
class RunTarget:
    source: str
    destination: str
    endpoint: str
    objects: int  # in the source: requests per object are counted against this
    data_bytes: int
    problem: str = ""  # known before the run (its W1 copy failed, say)


def slug(row):
    variant = row.variant.replace(" ", "-") or ("tuned" if row.tuned else "default")
    return "%s-%s" % (row.tool, variant)


def fill(client, bucket, keys, body_of, mtime=None):
    """PUTs keys in parallel, each thread on its own kept-alive connection. mtime: the modification
    time to record for rclone (default: now, as rclone's own upload would)."""
    local = threading.local()

    def put(key):
        if not hasattr(local, "client"):
            local.client = client.clone()
        local.client.request("PUT", s3.object_path(bucket, key),
                             headers={RCLONE_MTIME: "%.9f" % (mtime or time.time())},
                             body=body_of(key))

    with concurrent.futures.ThreadPoolExecutor(FILL_THREADS) as pool:
        for _ in pool.map(put, keys):
            pass


def object_keys(prefix, count):
    return ["%s/object-%07d" % (prefix, index) for index in range(count)]


def compare_listings(expected, actual):
    """'' when actual holds every object of expected with its size and ETag, else what differs."""
    missing = [key for key in expected if key not in actual]
    different = [key for key in expected if key in actual and actual[key] != expected[key]]
    if not missing and not different:
        return ""
    return "incomplete copy: %d of %d objects missing, %d differ (first: %s)" % (
        len(missing), len(expected), len(different), (missing + different)[0])


def bare_listing_time(client, buckets):
    """Seconds to list the buckets at once (one thread each) with signed ListObjectsV2 pages and
    nothing else: what no tool that lists both sides can beat."""
    clients = [client.clone() for _ in buckets]
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(len(buckets)) as pool:
        list(pool.map(lambda pair: pair[0].bare_listing(pair[1]), zip(clients, buckets)))
    elapsed = time.monotonic() - started
    for each in clients:
        each.close()
    return elapsed


class Workload:
    key = ""  # W1 ... W5: what the targets refer to
    title = ""

    def setup(self, bench):
        pass

    def before_rows(self, bench, round_number):
        pass

    def target(self, bench, row, round_number):
        raise NotImplementedError

    def verify(self, bench, target):
        return ""

    def after_run(self, bench, row, target, record):
        pass

    def after_rows(self, bench, round_number):
        pass


class FreshCopy(Workload):
    """W1: every object of a bucket of small objects into a new, empty bucket."""
    key = "W1"
    source = "bench-w1-source"
    destinations = "bench-w1"  # each run's destination: bench-w1-r<round>-<tool row>

    def __init__(self, objects, object_size=KIB):
        self.objects, self.object_size = objects, object_size
        self.title = "W1 fresh copy, %s × %s" % (count(objects), size(object_size))

    def setup(self, bench):
        bench.admin.create_bucket(self.source)
        fill(bench.admin, self.source, object_keys("data", self.objects),
             lambda key: os.urandom(self.object_size))

    def target(self, bench, row, round_number):
        destination = "%s-r%d-%s" % (self.destinations, round_number, slug(row))
        bench.admin.create_bucket(destination)
        return RunTarget(self.source, destination, bench.server.endpoint, self.objects,
                         self.objects * self.object_size)

    def verify(self, bench, target):
        return compare_listings(bench.admin.listing(target.source),
                                bench.admin.listing(target.destination))

    def after_run(self, bench, row, target, record):
        # W2 re-syncs each tool's own copy, made just now, if it is complete.
        bench.w1_copies[row] = (target.destination, not record.problem)


class NoOpResync(Workload):
    """W2, nothing changed: the same tool again over its own complete W1 copy."""
    key = "W2"

    def __init__(self, fresh_copy):
        self.fresh_copy = fresh_copy
        self.title = "W2 re-sync, nothing changed (%s objects)" % count(fresh_copy.objects)

    def before_rows(self, bench, round_number):
        copies = [copy for copy, complete in bench.w1_copies.values() if complete]
        if copies:
            bench.listing_floors.setdefault(self.key, []).append(
                bare_listing_time(bench.admin, [self.fresh_copy.source, copies[0]]))

    def target(self, bench, row, round_number):
        copy, complete = bench.w1_copies[row]
        return RunTarget(self.fresh_copy.source, copy, bench.server.endpoint,
                         self.fresh_copy.objects, 0,
                         problem="" if complete else "its W1 copy was incomplete")

    def verify(self, bench, target):
        return self.fresh_copy.verify(bench, target)


class ChangedResync(NoOpResync):
    """W2, 1 % changed: new contents for 1 % of the source objects, then each tool re-syncs its
    own W1 copy (which the no-op re-sync left complete)."""
    key = "W2 1%"

    def __init__(self, fresh_copy, fraction=0.01):
        super().__init__(fresh_copy)
        self.fraction = fraction
        self.changed = max(1, round(fresh_copy.objects * fraction))
        self.title = "W2 re-sync, %g %% changed (%s objects)" % (fraction * 100,
                                                                 count(self.changed))

    def before_rows(self, bench, round_number):
        # Another hundredth each round; the new bytes also give the objects a newer Last-Modified,
        # which is what aws-cli compares.
        keys = object_keys("data", self.fresh_copy.objects)
        changed = keys[round_number % len(keys)::max(1, len(keys) // self.changed)][:self.changed]
        time.sleep(1)  # Last-Modified has one-second resolution
        fill(bench.admin, self.fresh_copy.source, changed,
             lambda key: os.urandom(self.fresh_copy.object_size))

    def target(self, bench, row, round_number):
        target = super().target(bench, row, round_number)
        return dataclasses.replace(target, data_bytes=self.changed * self.fresh_copy.object_size)

    def after_rows(self, bench, round_number):
        bench.remove_w1_copies()


class MultipartCopy(Workload):
    """W3: big multipart objects (uploaded in 8 MiB parts, as aws-cli does) into a new bucket."""
    key = "W3"
    part_size = 8 * MIB

    def __init__(self, objects, object_size):
        self.objects, self.object_size = objects, object_size
        self.source = "bench-w3-source-%s" % size(object_size).replace(" ", "").lower()
        self.title = "W3 multipart copy, %s × %s" % (count(objects), size(object_size))

    def setup(self, bench):
        bench.admin.create_bucket(self.source)
        for key in object_keys("big", self.objects):
            bench.admin.multipart_upload(self.source, key, self.parts())

    def parts(self):
        """Random parts, made one at a time: a GiB object never sits in memory."""
        for _ in range(0, self.object_size, self.part_size):
            yield os.urandom(self.part_size)

    def target(self, bench, row, round_number):
        destination = "bench-w3-r%d-%s" % (round_number, slug(row))
        bench.admin.create_bucket(destination)
        return RunTarget(self.source, destination, bench.server.endpoint, self.objects,
                         self.objects * self.object_size)

    def verify(self, bench, target):
        copied = bench.admin.listing(target.destination)
        wrong = [key for key in object_keys("big", self.objects)
                 if copied.get(key, (None,))[0] != self.object_size]
        if wrong:
            return "incomplete copy: %d of %d objects missing or of another size" % (
                len(wrong), self.objects)
        return ""

    def after_run(self, bench, row, target, record):
        bench.admin.remove_bucket(target.destination)
        bench.server.collect_garbage()


class ListingDiff(Workload):
    """W4: a no-op sync of a big bucket against a copy of itself: listing and diff only."""
    key = "W4"
    source = "bench-w4-source"
    destination = "bench-w4-copy"
    object_size = 256

    def __init__(self, objects):
        self.objects = objects
        self.title = "W4 no-op sync, %s objects" % count(objects)

    def setup(self, bench):
        keys = object_keys("data", self.objects)
        bodies = {}
        bench.admin.create_bucket(self.source)
        bench.admin.create_bucket(self.destination)
        mtime = time.time()  # one for both sides: equal for rclone too
        fill(bench.admin, self.source, keys, lambda key: bodies.setdefault(
            key, os.urandom(self.object_size)), mtime)
        # The copy is written after the source, so it is newer (aws-cli's test) and equal.
        fill(bench.admin, self.destination, keys, bodies.pop, mtime)

    def before_rows(self, bench, round_number):
        bench.listing_floors.setdefault(self.key, []).append(
            bare_listing_time(bench.admin, [self.source, self.destination]))

    def target(self, bench, row, round_number):
        return RunTarget(self.source, self.destination, bench.server.endpoint, self.objects, 0)

    def verify(self, bench, target):
        return compare_listings(bench.admin.listing(target.source),
                                bench.admin.listing(target.destination))


class LatencyCopy(FreshCopy):
    """W5: W1 through a proxy that delays every request by 20 ms (WAN latency without netem)."""
    key = "W5"
    destinations = "bench-w5"

    def __init__(self, fresh_copy, latency_ms=20):
        super().__init__(fresh_copy.objects, fresh_copy.object_size)
        self.source = fresh_copy.source  # the same objects as W1
        self.latency_ms = latency_ms
        self.title = "W5 = W1 + %d ms a request, %s × %s" % (latency_ms, count(self.objects),
                                                             size(self.object_size))
        self.proxy = None

    def setup(self, bench):
        pass  # W1's source

    def before_rows(self, bench, round_number):
        self.proxy = LatencyProxy(bench.repo, bench.server.endpoint, self.latency_ms,
                                  os.path.join(bench.work_dir, "proxy.log"))

    def target(self, bench, row, round_number):
        target = super().target(bench, row, round_number)
        return dataclasses.replace(target, endpoint=self.proxy.endpoint)

    def after_run(self, bench, row, target, record):
        bench.admin.remove_bucket(target.destination)

    def after_rows(self, bench, round_number):
        self.proxy.stop()


class LatencyProxy:
    """test/support/fault_proxy.py with no faults and --latency-ms: every request waits that long
    before it is forwarded."""

    def __init__(self, repo, upstream, latency_ms, log_path):
        script = os.path.join(repo, "test", "support", "fault_proxy.py")
        with open(log_path, "ab") as errors:
            self.process = subprocess.Popen(
                ["/usr/bin/python3", script, "--upstream", upstream, "--port", "0",
                 "--latency-ms", str(latency_ms)], stdout=subprocess.PIPE, stderr=errors)
        line = self.process.stdout.readline().decode()
        if not line.startswith("listening "):
            self.stop()
            raise RuntimeError("fault_proxy.py did not start (see %s)" % log_path)
        self.endpoint = "http://127.0.0.1:%d" % int(line.split()[1])

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def count(number):
    return "{:,}".format(number)


def size(number_of_bytes):
    for unit, name in ((GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")):
        if number_of_bytes >= unit and number_of_bytes % unit == 0:
            return "%d %s" % (number_of_bytes // unit, name)
    return "%d B" % number_of_bytes


def all_workloads(quick):
    """The issue's workloads, or their small quick-mode versions (a smoke test, not figures)."""
    w1 = FreshCopy(200 if quick else 2000)
    w3 = [MultipartCopy(1, 64 * MIB)] if quick else [MultipartCopy(16, 64 * MIB),
                                                      MultipartCopy(1, GIB)]
    return [w1, NoOpResync(w1), ChangedResync(w1), *w3, ListingDiff(10_000 if quick else 100_000),
            LatencyCopy(w1)]
