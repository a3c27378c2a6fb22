#!/usr/bin/python3
# Independent checks of what is in a local S3 server, with boto3 (not s3copy's code): tests call it
# as `s3_probe.py COMMAND ...` with S3_PROBE_* naming the server and user; keys travel hex-encoded.
import hashlib
import os
import sys

import boto3
from botocore.config import Config


def client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["S3_PROBE_ENDPOINT"],
        region_name=os.environ["S3_PROBE_REGION"],
        aws_access_key_id=os.environ["S3_PROBE_ACCESS_KEY"],
        aws_secret_access_key=os.environ["S3_PROBE_SECRET_KEY"],
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
    )


def key_of(hex_key):
    return bytes.fromhex(hex_key).decode("utf-8")


def cmd_list(s3, bucket, prefix=""):
    """One line per object: hex(key) TAB size TAB etag."""
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            print("%s\t%d\t%s" % (obj["Key"].encode().hex(), obj["Size"], obj["ETag"].strip('"')))


def cmd_head(s3, bucket, hex_key):
    """name=value lines for the attributes a copy must keep."""
    head = s3.head_object(Bucket=bucket, Key=key_of(hex_key))
    for name in ("ETag", "ContentLength", "ContentType", "CacheControl", "ContentEncoding",
                 "ContentDisposition", "ContentLanguage"):
        if name in head:
            value = str(head[name])
            print("%s=%s" % (name, value.strip('"') if name == "ETag" else value))
    for name, value in sorted(head.get("Metadata", {}).items()):
        print("meta.%s=%s" % (name, value))


def cmd_md5(s3, bucket, hex_key):
    """md5 hex and size of the downloaded content."""
    body = s3.get_object(Bucket=bucket, Key=key_of(hex_key))["Body"]
    digest, size = hashlib.md5(), 0
    for chunk in iter(lambda: body.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    print("%s %d" % (digest.hexdigest(), size))


def cmd_put(s3, bucket, hex_key, size, seed="0"):
    """Uploads `size` deterministic bytes made from `seed`; prints the ETag."""
    data = (hashlib.sha256(seed.encode()).digest() * (int(size) // 32 + 1))[: int(size)]
    print(s3.put_object(Bucket=bucket, Key=key_of(hex_key), Body=data)["ETag"].strip('"'))


def cmd_fill(s3, bucket, prefix, count, size="16"):
    """Uploads `count` objects prefix00000000... of `size` bytes each, 32 at a time."""
    from concurrent.futures import ThreadPoolExecutor
    body = b"x" * int(size)

    def put(i):
        s3.put_object(Bucket=bucket, Key="%s%08d" % (prefix, i), Body=body)

    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(put, range(int(count))))


def split_attributes(attributes):
    """NAME=VALUE attributes (ContentType=..., Metadata.colour=...) as boto3 arguments."""
    extra, metadata = {}, {}
    for attribute in attributes:
        name, value = attribute.split("=", 1)
        if name.startswith("Metadata."):
            metadata[name[len("Metadata."):]] = value
        else:
            extra[name] = value
    return extra, metadata


def cmd_put_with(s3, bucket, hex_key, body, *attributes):
    """Uploads `body` with NAME=VALUE attributes."""
    extra, metadata = split_attributes(attributes)
    print(s3.put_object(Bucket=bucket, Key=key_of(hex_key), Body=body.encode(), Metadata=metadata,
                        **extra)["ETag"].strip('"'))


def cmd_put_multipart(s3, bucket, hex_key, size, part_size, seed="0", *attributes):
    """Uploads `size` deterministic bytes in parts of `part_size` (the last one shorter), or of the
    sizes a comma-separated `part_size` lists (an uneven layout, adding up to `size`), with
    NAME=VALUE attributes as in put-with; prints the ETag."""
    size = int(size)
    if "," in part_size:
        lengths = [int(length) for length in part_size.split(",")]
        if sum(lengths) != size:
            sys.exit("put-multipart: part sizes %s do not add up to %d" % (part_size, size))
    else:
        lengths = [min(int(part_size), size - start) for start in range(0, size, int(part_size))]
    block = hashlib.sha256(seed.encode()).digest() * 4096
    data = (block * (size // len(block) + 1))[:size]
    extra, metadata = split_attributes(attributes)
    key = key_of(hex_key)
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key, Metadata=metadata, **extra)
    parts, start = [], 0
    for number, length in enumerate(lengths, start=1):
        answer = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload["UploadId"],
                                PartNumber=number, Body=data[start:start + length])
        start += length
        parts.append({"PartNumber": number, "ETag": answer["ETag"]})
    s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload["UploadId"],
                                 MultipartUpload={"Parts": parts})
    print(s3.head_object(Bucket=bucket, Key=key)["ETag"].strip('"'))


def cmd_parts(s3, bucket, hex_key):
    """How many parts the in-progress uploads of the key hold (0 when there is none)."""
    key = key_of(hex_key)
    total = 0
    for upload in s3.list_multipart_uploads(Bucket=bucket, Prefix=key).get("Uploads", []):
        if upload["Key"] == key:
            total += len(s3.list_parts(Bucket=bucket, Key=key,
                                       UploadId=upload["UploadId"]).get("Parts", []))
    print(total)


def cmd_acl(s3, bucket, hex_key):
    """PERMISSION TAB type TAB id-or-email-or-uri, one line per grant."""
    for grant in s3.get_object_acl(Bucket=bucket, Key=key_of(hex_key))["Grants"]:
        grantee = grant["Grantee"]
        who = grantee.get("ID") or grantee.get("EmailAddress") or grantee.get("URI") or ""
        print("%s\t%s\t%s" % (grant["Permission"], grantee["Type"], who))


def cmd_tags(s3, bucket, hex_key):
    for tag in s3.get_object_tagging(Bucket=bucket, Key=key_of(hex_key))["TagSet"]:
        print("%s=%s" % (tag["Key"], tag["Value"]))


def cmd_uploads(s3, bucket):
    """hex(key) TAB upload id, one line per multipart upload in progress."""
    for upload in s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []):
        print("%s\t%s" % (upload["Key"].encode().hex(), upload["UploadId"]))


def cmd_start_upload(s3, bucket, hex_key):
    """Starts a multipart upload and leaves it open; prints its id."""
    print(s3.create_multipart_upload(Bucket=bucket, Key=key_of(hex_key))["UploadId"])


def cmd_delete(s3, bucket, hex_key):
    s3.delete_object(Bucket=bucket, Key=key_of(hex_key))


COMMANDS = {"list": cmd_list, "head": cmd_head, "md5": cmd_md5, "put": cmd_put, "acl": cmd_acl,
            "tags": cmd_tags, "uploads": cmd_uploads, "fill": cmd_fill, "put-with": cmd_put_with,
            "put-multipart": cmd_put_multipart, "parts": cmd_parts,
            "start-upload": cmd_start_upload, "delete": cmd_delete}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit("usage: s3_probe.py {%s} ARGS..." % ",".join(sorted(COMMANDS)))
    COMMANDS[sys.argv[1]](client(), *sys.argv[2:])
