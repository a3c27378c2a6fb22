# How the bench invokes s3copy and each peer (aws-cli, rclone, s3cmd), with their defaults and a
# tuned row: the command line, the config files they read, and a clean environment for each.
import dataclasses
import os
import subprocess

AWS = "/usr/bin/aws"  # explicitly: an `aws` earlier on PATH (pyenv) may be another version
RCLONE = "/usr/bin/rclone"
S3CMD = "/usr/bin/s3cmd"


@dataclasses.dataclass(frozen=True)
class ToolRow:
    tool: str  # s3copy, aws, rclone, s3cmd
    settings: str  # what the table prints in its "settings" column
    tuned: bool
    variant: str = ""  # names a row that is neither the defaults nor the tuned one
    args: tuple = ()  # added to the command line
    workloads: tuple = ()  # the workload keys it runs in; empty: all

    @property
    def name(self):
        return "%s %s" % (self.tool, self.variant or ("tuned" if self.tuned else "defaults"))

    def runs_in(self, workload_key):
        return not self.workloads or workload_key in self.workloads

    @property
    def is_peer(self):
        return self.tool != "s3copy"


# s3cmd has no concurrency setting (it copies one object at a time): no tuned row to give it.
ROWS = [
    ToolRow("s3copy", "defaults (-t 40)", False),
    ToolRow("s3copy", "-t 200", True),
    # radosgw keeps a multipart source's ETag on CopyObject, so s3copy copies W3's objects whole
    # by default (by reference: no bytes move); this row shows its copy in parts (as on AWS).
    ToolRow("s3copy", "in parts (--multipart-threshold 8MiB)", False, variant="in parts",
            args=("--multipart-threshold", "8MiB"), workloads=("W3",)),
    ToolRow("aws", "defaults (s3 sync, 10 requests)", False),
    ToolRow("aws", "max_concurrent_requests 64", True),
    ToolRow("rclone", "defaults (copy, 4 transfers, 8 checkers)", False),
    ToolRow("rclone", "--transfers 64 --checkers 64 --checksum", True),
    ToolRow("s3cmd", "defaults (sync, one at a time)", False),
]


class Tools:
    """Writes each tool's config under work_dir and builds its command line and environment. Every
    tool runs with HOME in work_dir, so no ~/.aws, ~/.s3cfg or rclone.conf of the machine leaks in,
    and without AWS_CA_BUNDLE (rclone fails with LoadCustomCABundleError when it is set)."""

    def __init__(self, s3copy_binary, work_dir, credentials):
        self.s3copy = s3copy_binary
        self.work_dir = work_dir
        self.credentials = credentials  # access_key, secret_key, region
        self.home = os.path.join(work_dir, "home")
        os.makedirs(self.home, exist_ok=True)
        self.aws_tuned_config = self.write("aws-tuned.config", aws_config(tuned=True))
        self.aws_default_config = self.write("aws-default.config", aws_config(tuned=False))

    def write(self, name, text):
        path = os.path.join(self.work_dir, name)
        with open(path, "w") as config:
            config.write(text)
        os.chmod(path, 0o600)
        return path

    def command(self, row, source_bucket, destination_bucket, endpoint):
        """(argv, environment) that copy every object of source_bucket into destination_bucket."""
        build = {"s3copy": self.s3copy_command, "aws": self.aws_command,
                 "rclone": self.rclone_command, "s3cmd": self.s3cmd_command}[row.tool]
        return build(row, source_bucket, destination_bucket, endpoint)

    def base_environment(self):
        return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": self.home, "LANG": "C.UTF-8"}

    def credential_environment(self):
        return {"AWS_ACCESS_KEY_ID": self.credentials["access_key"],
                "AWS_SECRET_ACCESS_KEY": self.credentials["secret_key"]}

    def s3copy_command(self, row, source, destination, endpoint):
        argv = [self.s3copy, "--endpoint-url", endpoint, "s3://" + source, "s3://" + destination]
        if row.tuned:
            argv += ["-t", "200"]
        argv += list(row.args)
        environment = dict(self.base_environment(), **self.credential_environment(),
                           AWS_REGION=self.credentials["region"])
        return argv, environment

    def aws_command(self, row, source, destination, endpoint):
        # --no-progress and --only-show-errors change what is printed, nothing about the copying.
        argv = [AWS, "s3", "sync", "s3://" + source, "s3://" + destination, "--endpoint-url",
                endpoint, "--no-progress", "--only-show-errors"]
        environment = dict(self.base_environment(), **self.credential_environment(),
                           AWS_DEFAULT_REGION=self.credentials["region"], AWS_PAGER="",
                           AWS_CONFIG_FILE=self.aws_tuned_config if row.tuned
                           else self.aws_default_config)
        return argv, environment

    def rclone_command(self, row, source, destination, endpoint):
        config = self.write("rclone-%s.conf" % port_of(endpoint), rclone_config(
            endpoint, self.credentials))
        # copy, not sync: like s3copy, aws s3 sync and s3cmd sync it never deletes.
        argv = [RCLONE, "copy", "--config", config, "bench:" + source, "bench:" + destination]
        if row.tuned:
            # --checksum: compare size and MD5 (the ETag), as s3copy does, instead of modification
            # times, which rclone reads with one HEAD per object.
            argv += ["--transfers", "64", "--checkers", "64", "--checksum"]
        return argv, self.base_environment()

    def s3cmd_command(self, row, source, destination, endpoint):
        config = self.write("s3cmd-%s.cfg" % port_of(endpoint), s3cmd_config(
            endpoint, self.credentials))
        argv = [S3CMD, "-c", config, "--no-progress", "--quiet", "sync",
                "s3://%s/" % source, "s3://%s/" % destination]
        return argv, self.base_environment()

    def versions(self):
        return {"s3copy": git_description(self.s3copy),
                "aws-cli": first_line([AWS, "--version"]),
                "rclone": first_line([RCLONE, "version"]),
                "s3cmd": first_line([S3CMD, "--version"])}


def port_of(endpoint):
    return endpoint.rsplit(":", 1)[1]


def aws_config(tuned):
    text = "[default]\n"
    if tuned:
        text += "s3 =\n  max_concurrent_requests = 64\n  max_queue_size = 10000\n"
    return text


def rclone_config(endpoint, credentials):
    return ("[bench]\ntype = s3\nprovider = Ceph\nenv_auth = false\naccess_key_id = %s\n"
            "secret_access_key = %s\nendpoint = %s\nregion = %s\n"
            % (credentials["access_key"], credentials["secret_key"], endpoint,
               credentials["region"]))


def s3cmd_config(endpoint, credentials):
    host = endpoint.split("://", 1)[1]
    return ("[default]\naccess_key = %s\nsecret_key = %s\nhost_base = %s\nhost_bucket = %s\n"
            "use_https = False\nbucket_location = %s\nsignature_v2 = False\n"
            % (credentials["access_key"], credentials["secret_key"], host, host,
               credentials["region"]))


def first_line(argv):
    try:
        output = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except OSError as error:
        return "unavailable (%s)" % error
    lines = (output.stdout or output.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"


def git_description(s3copy_binary):
    """The commit s3copy was built from (and whether the tree had changes), read-only git."""
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    git = ["git", "--no-optional-locks", "-C", repo]  # reads only: no index refresh either
    try:
        commit = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(git + ["status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return s3copy_binary
    return "commit %s%s (%s)" % (commit, " with local changes" if dirty else "", s3copy_binary)
