#!/usr/bin/python3
# A fault-injecting HTTP/1.1 reverse proxy for s3copy's tests: between s3copy and radosgw, it answers
# requests chosen by a seed with S3 errors, resets, broken XML or delays, and logs every request.
"""Usage: fault_proxy.py --upstream http://127.0.0.1:7480 [--port 0] [--seed N]
       [--rate KIND=P ...] [--delay-seconds S] [--burst START_S:DURATION_S ...]
       [--latency-ms N] [--fail-key-regex REGEX] [--target-regex REGEX] [--plain-copy-etags]
       [--log FILE]

KIND is one of FAULT_KINDS. Each request draws its fault from a random.Random seeded with --seed and
the request's identity (method, path with buckets numbered in order of appearance, query without
upload ids, and how many times that request was seen), so a rerun with the same seed faults the same
requests, whatever the buckets are called and however the requests interleave.
A burst (seconds after the first request) answers every request in its window with 503 SlowDown;
--fail-key-regex answers 500 to every request whose path?query (percent-decoded) it matches;
--target-regex limits the --rate faults to the requests whose "METHOD path?query" it matches.
--plain-copy-etags makes radosgw answer CopyObject as AWS does: a multipart source's "-N" ETag
comes back as a plain 32-digit one (fault "plain-etag"; the stored copy itself is unchanged).
Log lines (tab-separated): unix time the request arrived, method, path?query, status sent
("000" for none), fault injected ("-" for none).
"""
import argparse
import asyncio
import hashlib
import random
import re
import signal
import socket
import struct
import sys
import time
import urllib.parse

FAULT_KINDS = ("500", "slowdown", "error200", "reset-before", "reset-mid", "bad-xml", "delay")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection"}
MAX_HEAD_BYTES = 1 << 20
UPSTREAM_TIMEOUT_S = 300


class Request:
    def __init__(self, head, body):
        lines = head.decode("latin-1").split("\r\n")
        self.method, self.target, self.version = lines[0].split(" ", 2)
        self.headers = parse_headers(lines[1:])
        self.raw_head = head
        self.body = body
        self.path, _, self.query = self.target.partition("?")
        self.query_names = {name for name, _ in urllib.parse.parse_qsl(self.query,
                                                                       keep_blank_values=True)}

    def header(self, name):
        return self.headers.get(name.lower())

    def operation(self):
        """The S3 operation, for the faults that only some operations may suffer."""
        copies = self.header("x-amz-copy-source") is not None
        if self.method == "PUT" and copies:
            return "UploadPartCopy" if "partNumber" in self.query_names else "CopyObject"
        if self.method == "POST" and "uploadId" in self.query_names:
            return "CompleteMultipartUpload"
        return self.method

    def may_hide_error_in_200(self):
        return self.operation() in ("CopyObject", "UploadPartCopy", "CompleteMultipartUpload")

    def answers_with_xml(self):
        """True for the requests whose success carries an XML document (listings, copy results)."""
        if self.method in ("HEAD", "DELETE"):
            return False
        if self.method == "PUT":
            return self.header("x-amz-copy-source") is not None
        if self.method == "GET":
            bucket_level = self.path.strip("/").count("/") == 0
            subresources = {"uploadId", "uploads", "tagging", "acl", "location"}
            return bucket_level or bool(self.query_names & subresources)
        return True

    def identity(self, bucket_label):
        """What makes two requests "the same" across runs. Tests name their buckets differently
        each run, so a bucket is labelled by the order it first appeared in (path-style paths);
        upload ids are random, so they are left out."""
        bucket, slash, key = self.path.lstrip("/").partition("/")
        query = [(n, v) for n, v in urllib.parse.parse_qsl(self.query, keep_blank_values=True)
                 if n != "uploadId"]
        return "%s /%s%s%s?%s %s" % (self.method, bucket_label(bucket), slash, key,
                                     urllib.parse.urlencode(query),
                                     self.header("x-amz-copy-source-range") or "")


class Response:
    def __init__(self, status, reason, headers, body, bodiless=False):
        self.status, self.reason, self.headers, self.body = status, reason, headers, body
        self.bodiless = bodiless  # HEAD answers keep the object's Content-Length and send no body

    def serialize(self, keep_alive):
        lines = ["HTTP/1.1 %d %s" % (self.status, self.reason)]
        lines += ["%s: %s" % (name, value) for name, value in self.headers
                  if name.lower() not in HOP_BY_HOP or (self.bodiless and name.lower() ==
                                                         "content-length")]
        if not self.bodiless:
            lines.append("Content-Length: %d" % len(self.body))
        lines.append("Connection: %s" % ("keep-alive" if keep_alive else "close"))
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        return head, (b"" if self.bodiless else self.body)


def parse_headers(lines):
    headers = {}
    for line in lines:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return headers


def header_pairs(lines):
    return [(n.strip(), v.strip()) for n, v in (l.split(":", 1) for l in lines if ":" in l)]


async def read_chunked(reader):
    body = bytearray()
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";")[0].strip(), 16)
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                pass
            return bytes(body)
        body += await reader.readexactly(size)
        await reader.readexactly(2)


async def read_request(reader, writer):
    """The next request on a client connection, or None when the client closed it."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    request = Request(head, b"")
    if (request.header("expect") or "").lower() == "100-continue":
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    if "chunked" in (request.header("transfer-encoding") or "").lower():
        request.body = await read_chunked(reader)
    else:
        request.body = await reader.readexactly(int(request.header("content-length") or 0))
    return request


def s3_error_xml(code, message):
    request_id = "fault-proxy-%016x" % random.getrandbits(64)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s</Code><Message>%s</Message>'
            '<RequestId>%s</RequestId></Error>' % (code, message, request_id)).encode()


def error_response(request, status, reason, code, message):
    headers = [("Content-Type", "application/xml")]
    if request.method == "HEAD":
        return Response(status, reason, headers + [("Content-Length", "0")], b"", bodiless=True)
    return Response(status, reason, headers, s3_error_xml(code, message))


class Upstream:
    """One kept-alive connection to the S3 server per client connection, reopened when it closes."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def exchange(self, request):
        for attempt in (1, 2):
            reused = self.writer is not None
            if not reused:
                self.reader, self.writer = await asyncio.open_connection(
                    self.host, self.port, limit=MAX_HEAD_BYTES)
            try:
                return await asyncio.wait_for(self.send_and_receive(request), UPSTREAM_TIMEOUT_S)
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                # A kept-alive connection the server closed meanwhile: try once on a fresh one.
                if not reused or attempt == 2:
                    raise

    async def send_and_receive(self, request):
        self.writer.write(request.raw_head)
        if "chunked" in (request.header("transfer-encoding") or "").lower():
            if request.body:
                self.writer.write(b"%x\r\n%s\r\n" % (len(request.body), request.body))
            self.writer.write(b"0\r\n\r\n")
        else:
            self.writer.write(request.body)
        await self.writer.drain()
        while True:
            response, must_close = await self.read_response(request.method)
            if response.status >= 200:
                break  # 1xx answers (100 Continue) are interim
        if must_close:
            self.close()
        return response

    async def read_response(self, method):
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        version, status, reason = (head[0].split(" ", 2) + [""])[:3]
        status = int(status)
        pairs = header_pairs(head[1:-2])
        headers = {n.lower(): v for n, v in pairs}
        must_close = (headers.get("connection", "").lower() == "close" or version == "HTTP/1.0")
        bodiless = method == "HEAD" or status < 200 or status in (204, 304)
        if bodiless:
            body = b""
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            body = await read_chunked(self.reader)
        elif "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        else:
            body, must_close = await self.reader.read(), True
        return Response(status, reason, pairs, body, bodiless=method == "HEAD"), must_close

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class FaultPlan:
    """Which fault, if any, each request gets: from the seed, the rates, bursts and the key regex."""

    def __init__(self, args):
        self.seed = args.seed
        self.rates = dict(args.rate)
        self.bursts = args.burst
        self.fail_key = re.compile(args.fail_key_regex) if args.fail_key_regex else None
        self.target = re.compile(args.target_regex) if args.target_regex else None
        self.first_request_at = None
        self.seen = {}
        self.bucket_labels = {}

    def applies(self, kind, request):
        if kind == "error200":
            return request.may_hide_error_in_200()
        if kind == "bad-xml":
            return request.answers_with_xml()
        return True

    def bucket_label(self, bucket):
        if bucket not in self.bucket_labels:
            self.bucket_labels[bucket] = "bucket%d" % (len(self.bucket_labels) + 1)
        return self.bucket_labels[bucket]

    def in_burst(self, now):
        if self.first_request_at is None:
            self.first_request_at = now
        elapsed = now - self.first_request_at
        return any(start <= elapsed < start + duration for start, duration in self.bursts)

    def choose(self, request, now):
        """(fault kind or None, the request's own random generator for the fault's details)."""
        identity = request.identity(self.bucket_label)
        self.seen[identity] = self.seen.get(identity, 0) + 1
        # Hashed first: Mersenne Twister seeds that differ in one character give correlated draws.
        key = ("%d|%s|%d" % (self.seed, identity, self.seen[identity])).encode()
        rng = random.Random(int.from_bytes(hashlib.sha256(key).digest(), "big"))
        if self.fail_key and self.fail_key.search(urllib.parse.unquote(request.target)):
            return "fail-key", rng
        if self.in_burst(now):
            return "burst", rng
        if self.target and not self.target.search("%s %s" % (request.method,
                                                              urllib.parse.unquote(request.target))):
            return None, rng
        draw = rng.random()
        for kind in FAULT_KINDS:
            rate = self.rates.get(kind, 0.0) if self.applies(kind, request) else 0.0
            if draw < rate:
                return kind, rng
            draw -= rate
        return None, rng


class Proxy:
    def __init__(self, args):
        upstream = urllib.parse.urlsplit(args.upstream)
        self.upstream_host, self.upstream_port = upstream.hostname, upstream.port or 80
        self.plan = FaultPlan(args)
        self.delay_seconds = args.delay_seconds
        self.latency = args.latency_ms / 1000.0
        self.plain_copy_etags = args.plain_copy_etags
        self.log_file = open(args.log, "a", buffering=1) if args.log else None

    def log(self, arrived, request, status, fault):
        if self.log_file:
            self.log_file.write("%.3f\t%s\t%s\t%03d\t%s\n" % (arrived, request.method,
                                                             request.target, status, fault or "-"))

    async def serve_connection(self, reader, writer):
        upstream = Upstream(self.upstream_host, self.upstream_port)
        try:
            while True:
                request = await read_request(reader, writer)
                if request is None or not await self.handle(request, writer, upstream):
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away mid-request: nothing to answer
        except Exception as error:  # the proxy's own failure: report it, keep serving others
            print("fault_proxy: connection error: %r" % (error,), file=sys.stderr, flush=True)
        finally:
            upstream.close()
            writer.close()

    async def handle(self, request, writer, upstream):
        """Answers one request, with its fault if it drew one; False when the connection must end.
        The log line is written before a delayed or cut answer goes out, so that it is there by
        the time the client has given up on the request."""
        arrived = time.time()
        fault, rng = self.plan.choose(request, time.monotonic())
        if self.latency:
            await asyncio.sleep(self.latency)
        response, fault = await self.prepare(request, fault, rng, upstream)
        self.log(arrived, request, response.status if response else 0, fault)
        keep_alive = (request.header("connection") or "").lower() != "close"
        if response is None:
            reset(writer)
            return False
        if fault == "delay":
            await asyncio.sleep(self.delay_seconds)
        if fault == "reset-mid":
            await send_part_then_close(writer, response, keep_alive, rng)
            return False
        head, body = response.serialize(keep_alive)
        writer.write(head + body)
        await writer.drain()
        return keep_alive

    async def prepare(self, request, fault, rng, upstream):
        """The answer to send (None: reset the connection) and the fault it carries. Faults that
        need the server's answer forward the request; the others never reach the server, except
        where S3 itself leaves it open whether the operation happened."""
        if fault == "reset-before":
            if rng.random() < 0.5:
                await self.forward(request, upstream)
            return None, fault
        if fault in ("500", "fail-key"):
            return error_response(request, 500, "Internal Server Error", "InternalError",
                                  "injected by fault_proxy"), fault
        if fault in ("slowdown", "burst"):
            return error_response(request, 503, "Slow Down", "SlowDown",
                                  "Please reduce your request rate."), fault
        if fault == "error200":
            forwarded = rng.random() < 0.5  # the copy happened, yet the answer says it failed
            if forwarded:
                await self.forward(request, upstream)
            return (error_response(request, 200, "OK", "InternalError",
                                   "We encountered an internal error. Please try again."),
                    "error200-forwarded" if forwarded else "error200-not-forwarded")
        response = await self.forward(request, upstream)
        if fault == "bad-xml" and not truncate_xml(response, rng):
            fault = None  # the answer had no XML to break (an error, or an empty body)
        if self.plain_copy_etags and request.operation() == "CopyObject" and make_etag_plain(
                response):
            fault = "plain-etag"
        return response, fault

    async def forward(self, request, upstream):
        try:
            return await upstream.exchange(request)
        except Exception as error:
            upstream.close()
            print("fault_proxy: upstream failed for %s %s: %r" % (request.method, request.target,
                                                                error), file=sys.stderr, flush=True)
            return error_response(request, 502, "Bad Gateway", "BadGateway",
                                  "fault_proxy could not reach the S3 server")


MULTIPART_ETAG_XML = re.compile(
    rb"(<ETag>(?:&quot;|\")?)([0-9a-f]{32}-[0-9]+)((?:&quot;|\")?</ETag>)")


def make_etag_plain(response):
    """Replaces a multipart ETag in a 200 copy result with 32 hex digits; False when it had none."""
    if response.status != 200:
        return False
    plain = lambda match: (match.group(1) + hashlib.md5(match.group(2)).hexdigest().encode() +
                           match.group(3))
    response.body, replaced = MULTIPART_ETAG_XML.subn(plain, response.body)
    return replaced > 0


def truncate_xml(response, rng):
    """Cuts a 200 XML body before its closing root tag; serialize() then sends the shorter body's
    Content-Length, so the client gets well-formed HTTP carrying broken XML. False if no XML."""
    body = response.body
    if response.status != 200 or response.bodiless or not body.lstrip().startswith(b"<"):
        return False
    response.body = body[:rng.randrange(1, max(2, body.rstrip().rfind(b"</")))]
    return True


async def send_part_then_close(writer, response, keep_alive, rng):
    """Sends the status line and part of the answer, then closes: a connection lost mid-body."""
    head, body = response.serialize(keep_alive)
    if body:
        cut = len(head) + rng.randrange(0, len(body))
    else:
        cut = rng.randrange(len(head.split(b"\r\n", 1)[0]) + 2, len(head) - 2)
    writer.write((head + body)[:cut])
    await writer.drain()
    writer.close()


def reset(writer):
    """Closes with a TCP RST (SO_LINGER 0) instead of a FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def parse_rate(text):
    kind, _, rate = text.partition("=")
    if kind not in FAULT_KINDS:
        raise argparse.ArgumentTypeError("unknown fault kind %r (use %s)" % (kind,
                                                                          ", ".join(FAULT_KINDS)))
    return kind, float(rate)


def parse_burst(text):
    start, _, duration = text.partition(":")
    return float(start), float(duration)


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description="fault-injecting S3 proxy for s3copy's tests")
    parser.add_argument("--upstream", required=True, help="the S3 server, e.g. http://127.0.0.1:7480")
    parser.add_argument("--port", type=int, default=0, help="0: pick a free port")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=parse_rate, action="append", default=[])
    parser.add_argument("--delay-seconds", type=float, default=5.0)
    parser.add_argument("--burst", type=parse_burst, action="append", default=[])
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--fail-key-regex", default="", help="always 500 for matching path?query")
    parser.add_argument("--target-regex", default="",
                        help="--rate faults only for requests whose 'METHOD path?query' matches")
    parser.add_argument("--plain-copy-etags", action="store_true",
                        help="answer CopyObject of a multipart source with a plain ETag, as AWS")
    parser.add_argument("--log", default="")
    return parser.parse_args(argv)


async def main(argv):
    args = parse_arguments(argv)
    proxy = Proxy(args)
    server = await asyncio.start_server(proxy.serve_connection, "127.0.0.1", args.port,
                                        limit=MAX_HEAD_BYTES, backlog=1024)
    print("listening %d" % server.sockets[0].getsockname()[1], flush=True)
    stopped = asyncio.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signal_number, stopped.set)
    async with server:
        await stopped.wait()
    if proxy.log_file:
        proxy.log_file.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
