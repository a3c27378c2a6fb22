# A minimal S3 client on the Python standard library (SigV4 over one kept-alive http.client
# connection): the bench fills, lists, checks and empties buckets with it, and times bare listings.
"""Not thread-safe: give each thread its own S3 object (S3.clone())."""
import base64
import datetime
import hashlib
import hmac
import http.client
import re
import urllib.parse
import xml.etree.ElementTree as ElementTree
from xml.sax.saxutils import escape

UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
S3_NAMESPACE = "{http://s3.amazonaws.com/doc/2006-03-01/}"
# Bare listings (the W2 floor) only need these two from a page; a regex is cheaper than a parser.
NEXT_TOKEN = re.compile(rb"<NextContinuationToken>([^<]*)</NextContinuationToken>")
KEY_COUNT = re.compile(rb"<KeyCount>(\d+)</KeyCount>")


class S3Error(Exception):
    pass


def uri_encode(text, safe="-_.~"):
    return urllib.parse.quote(text, safe=safe)


def object_path(bucket, key=""):
    return "/" + bucket + ("/" + uri_encode(key, safe="-_.~/") if key else "")


def sign(secret, message):
    return hmac.new(secret, message.encode(), hashlib.sha256).digest()


class S3:
    def __init__(self, endpoint, access_key, secret_key, region):
        self.endpoint, self.access_key, self.secret_key, self.region = (endpoint, access_key,
                                                                        secret_key, region)
        parts = urllib.parse.urlsplit(endpoint)
        self.host, self.port = parts.hostname, parts.port or 80
        self.connection = None

    def clone(self):
        return S3(self.endpoint, self.access_key, self.secret_key, self.region)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    # --- signing and sending ----------------------------------------------------------------------

    def authorization(self, method, path, query, headers, payload_hash, amz_date):
        names = sorted(headers)
        canonical_headers = "".join("%s:%s\n" % (name, headers[name].strip()) for name in names)
        canonical_query = "&".join("%s=%s" % (uri_encode(k), uri_encode(v))
                                   for k, v in sorted(query))
        canonical_request = "\n".join([method, path, canonical_query, canonical_headers,
                                       ";".join(names), payload_hash])
        scope = "%s/%s/s3/aws4_request" % (amz_date[:8], self.region)
        string_to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                                    hashlib.sha256(canonical_request.encode()).hexdigest()])
        key = ("AWS4" + self.secret_key).encode()
        for part in (amz_date[:8], self.region, "s3", "aws4_request"):
            key = sign(key, part)
        signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
        return ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s"
                % (self.access_key, scope, ";".join(names), signature))

    def request(self, method, path, query=(), headers=None, body=b"", expect=(200,)):
        """(status, response headers, body); raises S3Error for a status not in `expect`."""
        amz_date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        payload_hash = EMPTY_SHA256 if not body else UNSIGNED_PAYLOAD
        signed = {"host": "%s:%d" % (self.host, self.port), "x-amz-date": amz_date,
                  "x-amz-content-sha256": payload_hash}
        signed.update({name.lower(): value for name, value in (headers or {}).items()})
        signed["authorization"] = self.authorization(method, path, query, signed, payload_hash,
                                                     amz_date)
        target = path + ("?" + "&".join("%s=%s" % (uri_encode(k), uri_encode(v))
                                        for k, v in query) if query else "")
        status, response_headers, response_body = self.send(method, target, signed, body)
        if status not in expect:
            raise S3Error("%s %s: HTTP %d %s" % (method, target, status, response_body[:300]))
        return status, response_headers, response_body

    def send(self, method, target, headers, body):
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=600)
            try:
                self.connection.request(method, target, body=body, headers=headers)
                response = self.connection.getresponse()
                return response.status, dict(response.getheaders()), response.read()
            except (ConnectionError, http.client.HTTPException):
                # A kept-alive connection the server closed meanwhile: once more on a new one.
                self.close()
                if attempt == 2:
                    raise

    # --- buckets ----------------------------------------------------------------------------------

    def create_bucket(self, bucket):
        self.request("PUT", object_path(bucket), expect=(200, 409))

    def delete_bucket(self, bucket):
        self.request("DELETE", object_path(bucket), expect=(204, 404))

    def list_pages(self, bucket, prefix=""):
        """Yields each ListObjectsV2 page's objects as [(key, size, etag)]."""
        token = None
        while True:
            body = self.list_page(bucket, prefix, token)
            root = ElementTree.fromstring(body)
            yield [(item.findtext(S3_NAMESPACE + "Key"),
                    int(item.findtext(S3_NAMESPACE + "Size")),
                    item.findtext(S3_NAMESPACE + "ETag").strip('"'))
                   for item in root.iter(S3_NAMESPACE + "Contents")]
            token = root.findtext(S3_NAMESPACE + "NextContinuationToken")
            if not token:
                return

    def list_page(self, bucket, prefix, token):
        query = [("list-type", "2"), ("max-keys", "1000"), ("prefix", prefix)]
        if token:
            query.append(("continuation-token", token))
        return self.request("GET", object_path(bucket), query)[2]

    def bare_listing(self, bucket):
        """Lists the whole bucket and keeps nothing: (objects, pages)."""
        objects = pages = 0
        token = None
        while True:
            body = self.list_page(bucket, "", token)
            pages += 1
            objects += int(KEY_COUNT.search(body).group(1))
            found = NEXT_TOKEN.search(body)
            if not found:
                return objects, pages
            token = found.group(1).decode()

    def listing(self, bucket, prefix=""):
        """{key: (size, etag)} of the whole bucket (or prefix)."""
        return {key: (size, etag) for page in self.list_pages(bucket, prefix)
                for key, size, etag in page}

    def delete_keys(self, bucket, keys):
        """DeleteObjects, 1,000 keys a request."""
        keys = list(keys)
        for start in range(0, len(keys), 1000):
            body = ("<Delete><Quiet>true</Quiet>%s</Delete>" % "".join(
                "<Object><Key>%s</Key></Object>" % escape(key)
                for key in keys[start:start + 1000])).encode()
            md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
            self.request("POST", object_path(bucket), [("delete", "")],
                         {"Content-MD5": md5, "Content-Type": "application/xml"}, body)

    def abort_uploads(self, bucket):
        body = self.request("GET", object_path(bucket), [("uploads", "")])[2]
        root = ElementTree.fromstring(body)
        for upload in root.iter(S3_NAMESPACE + "Upload"):
            key = upload.findtext(S3_NAMESPACE + "Key")
            upload_id = upload.findtext(S3_NAMESPACE + "UploadId")
            self.request("DELETE", object_path(bucket, key), [("uploadId", upload_id)],
                         expect=(204, 404))

    def remove_bucket(self, bucket):
        """Deletes every object and unfinished upload, then the bucket."""
        for page in self.list_pages(bucket):
            self.delete_keys(bucket, [key for key, _, _ in page])
        self.abort_uploads(bucket)
        self.delete_bucket(bucket)

    # --- objects ----------------------------------------------------------------------------------

    def put_object(self, bucket, key, body):
        self.request("PUT", object_path(bucket, key), body=body)

    def multipart_upload(self, bucket, key, parts):
        """Uploads the byte strings `parts` as one multipart object."""
        path = object_path(bucket, key)
        body = self.request("POST", path, [("uploads", "")])[2]
        upload_id = ElementTree.fromstring(body).findtext(S3_NAMESPACE + "UploadId")
        etags = []
        for number, part in enumerate(parts, start=1):
            headers = self.request("PUT", path, [("partNumber", str(number)),
                                                 ("uploadId", upload_id)], body=part)[1]
            etags.append({k.lower(): v for k, v in headers.items()}["etag"])
        complete = "<CompleteMultipartUpload>%s</CompleteMultipartUpload>" % "".join(
            "<Part><PartNumber>%d</PartNumber><ETag>%s</ETag></Part>" % (number, etag)
            for number, etag in enumerate(etags, start=1))
        self.request("POST", path, [("uploadId", upload_id)], body=complete.encode())
