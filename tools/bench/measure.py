# Runs one tool and measures it: wall time, CPU time of its whole process tree, peak resident
# memory, exit status; os.wait4 gives the rusage of the child together with its reaped children.
"""Peak memory comes from GNU time, not from our own os.wait4: a process's ru_maxrss starts at the
resident size of the process it was forked from (Linux records the old memory's high-water mark
at exec), so a child of this Python process would report the bench's own size, hundreds of MB
after W4's listings. GNU time is a ~1 MB process; the tool it forks reports its own peak."""
import dataclasses
import os
import signal
import subprocess
import threading
import time

GNU_TIME = "/usr/bin/time"


@dataclasses.dataclass
class Measurement:
    wall_s: float
    # user + system of the tool's process and every child it waited for (plus GNU time's own
    # ~1 ms), from os.wait4: microseconds, where GNU time prints hundredths.
    cpu_s: float
    # ru_maxrss of the tool's tree: its largest single process's peak, not a sum (wait4's meaning).
    peak_rss_mb: float
    exit_code: int
    timed_out: bool = False


def run_measured(argv, environment, log_path, timeout_s):
    """Runs argv (no shell) under GNU time with its output appended to log_path. A run that
    outlives timeout_s is killed with its whole process group."""
    stats_path = log_path + ".rusage"
    with open(log_path, "ab") as log:
        log.write(("\n$ %s\n" % " ".join(argv)).encode())
        log.flush()
        started = time.monotonic()
        child = subprocess.Popen([GNU_TIME, "-o", stats_path, "-f", "%M", *argv],
                                 env=environment, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                 start_new_session=True)
        timed_out = threading.Event()
        watchdog = threading.Timer(timeout_s, kill_group, (child.pid, timed_out))
        watchdog.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            watchdog.cancel()
        wall = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return Measurement(wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime,
                       peak_rss_mb=peak_kib(stats_path) / 1024.0, exit_code=child.returncode,
                       timed_out=timed_out.is_set())


def peak_kib(stats_path):
    """GNU time's %M; its last line (a killed command gets a "Command terminated" line first)."""
    with open(stats_path) as stats:
        lines = stats.read().split()
    os.remove(stats_path)
    return int(lines[-1]) if lines and lines[-1].isdigit() else 0


def kill_group(pid, timed_out):
    timed_out.set()
    try:
        os.killpg(pid, signal.SIGKILL)  # the group of the child we started (start_new_session)
    except ProcessLookupError:
        pass
