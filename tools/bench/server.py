# The bench's own radosgw (tools/s3-server with its own directory and ports, never the shared test
# server) and what the bench reads from it: daemon CPU time, OSD bytes written, requests per run.
import http.client
import json
import os
import re
import socket
import struct
import subprocess
import time
import uuid

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
RGW_NAME = "client.rgw.s3copy"
# radosgw's beast frontend logs one access line per request at the default `debug rgw = 1`:
#   ... beast: 0x7f..: 127.0.0.1 - user [date] "GET /bucket?list-type=2 HTTP/1.1" 200 ...
ACCESS_LINE = re.compile(rb' beast: \S+ \S+ - \S+ \[[^\]]*\] "(\S+) (\S+) [^"]*" (\d+)')
LOG_WAIT_S = 30  # radosgw writes its log from a thread; markers must show up well within this


class BenchServer:
    def __init__(self, repo, directory, port, mon_port, memstore_bytes):
        self.repo, self.directory, self.port = repo, directory, port
        self.script = os.path.join(repo, "tools", "s3-server")
        self.environment = dict(os.environ, S3COPY_SERVER_DIR=directory,
                                S3COPY_S3_PORT=str(port), S3COPY_MON_PORT=str(mon_port),
                                S3COPY_SERVER_MEMSTORE_BYTES=str(memstore_bytes))
        self.endpoint = "http://127.0.0.1:%d" % port
        self.config = os.path.join(directory, "ceph.conf")
        self.settings = {}

    # --- life cycle -------------------------------------------------------------------------------

    def start(self):
        subprocess.run([self.script, "start"], env=self.environment, check=True)
        self.settings = self.read_settings()

    def stop(self):
        subprocess.run([self.script, "stop"], env=self.environment, check=False)

    def read_settings(self):
        """tools/s3-server env: the endpoint, region and the first user's keys."""
        output = subprocess.run([self.script, "env"], env=self.environment, check=True,
                                capture_output=True, text=True).stdout
        settings = dict(re.findall(r"^export (\w+)=(\S*)$", output, re.M))
        return {"endpoint": settings["S3COPY_TEST_ENDPOINT"],
                "region": settings["S3COPY_TEST_REGION"],
                "access_key": settings["S3COPY_TEST_ACCESS_KEY"],
                "secret_key": settings["S3COPY_TEST_SECRET_KEY"]}

    def pid(self, name):
        with open(os.path.join(self.directory, "run", name + ".pid")) as pid_file:
            return int(pid_file.read().strip())

    def version(self):
        return subprocess.run(["radosgw", "--version"], capture_output=True,
                              text=True).stdout.strip()

    # --- what the server spent --------------------------------------------------------------------

    def cpu_seconds(self):
        """User+system CPU time so far of radosgw and the OSD (all their threads)."""
        total = 0
        for name in (RGW_NAME, "osd.0"):
            with open("/proc/%d/stat" % self.pid(name)) as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return total / CLOCK_TICKS

    def osd_bytes_written(self):
        """Bytes the OSD received in write operations so far (its op_in_bytes counter)."""
        return self.admin_command("osd.0", {"prefix": "perf dump"})["osd"]["op_in_bytes"]

    def admin_command(self, name, command):
        """One command on a daemon's admin socket: NUL-terminated JSON in, a length-prefixed
        answer out (what `ceph daemon` does, without starting a Python interpreter each time)."""
        path = os.path.join(self.directory, "run", name + ".asok")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as admin:
            admin.connect(path)
            admin.sendall(json.dumps(command).encode() + b"\0")
            length = struct.unpack(">I", receive_exactly(admin, 4))[0]
            return json.loads(receive_exactly(admin, length))

    def collect_garbage(self):
        """Frees the tails of deleted objects now (radosgw's GC waits 2 h by default), so that
        memstore does not fill up with the copies of W3."""
        subprocess.run(["radosgw-admin", "-c", self.config, "gc", "process", "--include-all"],
                       check=False, capture_output=True)

    def memstore_used_bytes(self):
        return self.admin_command("osd.0", {"prefix": "perf dump"})["osd"]["stat_bytes_used"]

    # --- requests ---------------------------------------------------------------------------------

    def request_log(self):
        return RequestLog(os.path.join(self.directory, "log", RGW_NAME + ".log"), self.port)


def receive_exactly(connection, count):
    data = b""
    while len(data) < count:
        chunk = connection.recv(count - len(data))
        if not chunk:
            raise ConnectionError("admin socket closed early")
        data += chunk
    return data


class RequestLog:
    """Counts the requests radosgw served between begin() and end(), from its access log lines.
    Each end is marked by an unsigned HEAD of a bucket that does not exist, whose line shows
    where the run's requests start and stop, however late the log thread writes them."""

    def __init__(self, path, port):
        self.path, self.port = path, port
        self.offset = os.path.getsize(path)

    def begin(self):
        self.offset = self.read_through_marker(self.send_marker())[1]

    def end(self):
        """The run's requests as [(method, target, status)]."""
        lines, self.offset = self.read_through_marker(self.send_marker())
        requests = []
        for line in lines:
            found = ACCESS_LINE.search(line)
            if found:
                requests.append((found.group(1).decode(), found.group(2).decode(),
                                 int(found.group(3))))
        return requests

    def send_marker(self):
        marker = "bench-marker-" + uuid.uuid4().hex
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("HEAD", "/" + marker)
            connection.getresponse().read()
        finally:
            connection.close()
        return marker.encode()

    def read_through_marker(self, marker):
        """The lines from the offset up to the marker's, and the offset just after it."""
        deadline = time.monotonic() + LOG_WAIT_S
        lines = []
        offset = self.offset
        with open(self.path, "rb") as log:
            while True:
                log.seek(offset)
                for line in iter(log.readline, b""):
                    if not line.endswith(b"\n"):
                        break  # half-written: read it again next time
                    offset += len(line)
                    if marker in line and b" beast: " in line:
                        return lines, offset
                    lines.append(line)
                if time.monotonic() > deadline:
                    raise RuntimeError("marker %s never reached %s" % (marker.decode(), self.path))
                time.sleep(0.02)


def is_listing(method, target):
    """A ListObjects(V2) page: a GET of the bucket itself with listing parameters only."""
    path, _, query = target.partition("?")
    if method != "GET" or "/" in path.strip("/") or not path.strip("/"):
        return False
    names = {pair.split("=", 1)[0] for pair in query.split("&") if pair}
    return names <= {"list-type", "prefix", "delimiter", "marker", "max-keys", "continuation-token",
                     "start-after", "encoding-type", "fetch-owner"}
