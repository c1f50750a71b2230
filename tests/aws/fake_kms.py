#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A local AWS KMS look-alike for the tests (Python 3 standard library only).

It speaks the KMS JSON 1.1 protocol (POST /, X-Amz-Target: TrentService.<Operation>) on 127.0.0.1 only, checks every
request's SigV4 signature with its own implementation (independent of the C++ signer), serves the fixtures of
tests/data/kms (keys, policies, grants, aliases), paginates like KMS (Limit / Marker / Truncated / NextMarker), and
keeps PutKeyPolicy changes in memory. Tests steer it through unsigned control endpoints under /__control/:

  POST /__control/fail      {"operation": "DescribeKey" | "*", "count": 2 (-1: always), "status": 400,
                             "type": "ThrottlingException", "message": "...", "prefix": "com.amazon.coral.service#",
                             "messageField": "message" | "Message", "body": "<raw body instead of JSON>",
                             "delay": seconds before answering (alone: then answer normally),
                             "drop": true (close the connection without answering),
                             "dropAfter": true (carry the operation out, then close without answering)}
  POST /__control/clock     {"skewSeconds": 1800}          server clock = real clock + skew (Date header too)
  POST /__control/policy    {"KeyId": "...", "Policy": "..."}  change a policy behind the client's back
  POST /__control/expire    {"expired": true}               session-token credentials answer ExpiredTokenException
  POST /__control/reset                                     forget failures, skew, log; reload the fixtures
  GET  /__control/log                                       every KMS request seen: operation, body, headers, answer
  GET  /__control/policy?KeyId=...                          the current policy text
  POST /__control/shutdown

It also speaks, for the account audit, Amazon MWAA (REST-JSON: GET /environments, GET /environments/NAME, signing
name "airflow"), IAM (Query protocol, XML answers, signed for the client's region as through an endpoint URL: ListRolePolicies, GetRolePolicy,
ListAttachedRolePolicies, GetPolicy, GetPolicyVersion, documents URL-encoded as IAM returns them) and STS (Query:
AssumeRole, GetCallerIdentity) from tests/data/kms/mwaa.json. Failures are injected the same way, by operation name;
each protocol answers them in its own error format. Credentials issued by AssumeRole are accepted afterwards.

Usage: fake_kms.py --data DIR [--region eu-west-1] [--port 0] [--tls-cert F --tls-key K]
Prints "PORT <n>" on stdout when it listens. It stops on SIGTERM, on /__control/shutdown, and when its stdin closes
(so a crashed test never leaves it behind).
"""

import argparse
import base64
import datetime
import email.utils
import fnmatch
import hashlib
import hmac
import json
import os
import re
import signal
import ssl
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SKEW_LIMIT = 300  # seconds; AWS accepts requests signed up to 5 minutes off
MAX_POLICY_BYTES = 32768
POLICY_CHARS = re.compile(r"^[\u0009\u000A\u000D\u0020-\u00FF]+$")
KEY_ID = re.compile(r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$")


class KmsError(Exception):
    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def hmac_sha256(key, msg):
    return hmac.new(key, msg.encode("utf-8") if isinstance(msg, str) else msg, hashlib.sha256).digest()


def uri_encode(text, keep_slash):
    safe = "-._~" + ("/" if keep_slash else "")
    return urllib.parse.quote(text, safe=safe)


def canonical_path(path):
    segments = []
    for seg in path.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if segments:
                segments.pop()
            continue
        segments.append(seg)
    out = "/" + "/".join(segments)
    if path.endswith("/") and out != "/":
        out += "/"
    return uri_encode(urllib.parse.unquote(out), True)


def canonical_query(query):
    params = []
    for part in query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        params.append((uri_encode(urllib.parse.unquote(name), False), uri_encode(urllib.parse.unquote(value), False)))
    return "&".join("%s=%s" % p for p in sorted(params))


class State:
    def __init__(self, data_dir, region):
        self.data_dir = data_dir
        self.region = region
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with open(os.path.join(self.data_dir, "keys.json"), encoding="utf-8") as f:
            keys = json.load(f)
        self.account = keys["Account"]
        self.keys = {k["KeyId"]: k for k in keys["Keys"]}
        self.policies = {}
        self.grants = {}
        for key_id in self.keys:
            path = os.path.join(self.data_dir, "policies", key_id + ".json")
            with open(path, encoding="utf-8") as f:
                self.policies[key_id] = f.read()
            path = os.path.join(self.data_dir, "grants", key_id + ".json")
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    self.grants[key_id] = json.load(f)["Grants"]
            else:
                self.grants[key_id] = []
        with open(os.path.join(self.data_dir, "aliases.json"), encoding="utf-8") as f:
            self.aliases = json.load(f)["Aliases"]
        with open(os.path.join(self.data_dir, "credentials.json"), encoding="utf-8") as f:
            self.credentials = {c["AccessKeyId"]: c for c in json.load(f)["Credentials"]}
        path = os.path.join(self.data_dir, "mwaa.json")
        mwaa = {}
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                mwaa = json.load(f)
        self.environments = mwaa.get("Environments", [])
        self.roles = mwaa.get("Roles", {})
        self.managed = mwaa.get("ManagedPolicies", {})
        self.assumable = mwaa.get("AssumableRoles", {})
        self.failures = []
        self.skew = 0
        self.expired = False
        self.log = []

    def now(self):
        return time.time() + self.skew


STATE = None


def amz_time(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeKMS/1.0"

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    def date_time_string(self, timestamp=None):
        return email.utils.formatdate(STATE.now() if timestamp is None else timestamp, usegmt=True)

    # ---- plumbing -------------------------------------------------------------------------------------------------

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status, body, content_type="application/x-amz-json-1.1"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.end_headers()
        self.wfile.write(body)

    def _send_json(self, status, obj):
        self._send(status, json.dumps(obj).encode("utf-8"))

    def _target(self):
        parts = urllib.parse.urlsplit(self.path)  # also accepts absolute-form request lines (proxies)
        return parts.path or "/", parts.query

    # ---- control --------------------------------------------------------------------------------------------------

    def do_GET(self):
        path, query = self._target()
        if path == "/__control/log":
            with STATE.lock:
                self._send_json(200, {"Requests": STATE.log})
            return
        if path == "/__control/policy":
            key_id = urllib.parse.parse_qs(query).get("KeyId", [""])[0]
            with STATE.lock:
                self._send_json(200, {"Policy": STATE.policies.get(key_id)})
            return
        if path == "/environments" or path.startswith("/environments/"):
            name = urllib.parse.unquote(path[len("/environments/"):]) if path.startswith("/environments/") else None
            operation = "GetEnvironment" if name else "ListEnvironments"
            params = {k: v[0] for k, v in urllib.parse.parse_qs(query).items()}
            self._serve(operation, "rest-json", "airflow", path, query, b"",
                        lambda principal: self._mwaa(operation, name, params))
            return
        self._send_json(400, {"__type": "UnknownOperationException"})

    def _control(self, path, body):
        args = json.loads(body or b"{}")
        with STATE.lock:
            if path == "/__control/fail":
                args.setdefault("operation", "*")
                args.setdefault("count", 1)
                args.setdefault("status", 400)
                STATE.failures.append(args)
            elif path == "/__control/clock":
                STATE.skew = float(args.get("skewSeconds", 0))
            elif path == "/__control/policy":
                STATE.policies[args["KeyId"]] = args["Policy"]
            elif path == "/__control/grants":
                STATE.grants[args["KeyId"]] = args["Grants"]
            elif path == "/__control/expire":
                STATE.expired = bool(args.get("expired", True))
            elif path == "/__control/reset":
                STATE.reset()
            elif path == "/__control/shutdown":
                threading.Thread(target=self.server.shutdown, daemon=True).start()
            else:
                return False
        self._send_json(200, {})
        return True

    # ---- KMS ------------------------------------------------------------------------------------------------------

    def do_POST(self):
        path, query = self._target()
        body = self._body()
        if path.startswith("/__control/"):
            if not self._control(path, body):
                self._send_json(400, {"__type": "UnknownOperationException"})
            return
        target = self.headers.get("X-Amz-Target", "")
        if not target and self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            params = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
            operation = params.get("Action", "")
            service = "sts" if operation in ("AssumeRole", "GetCallerIdentity") else "iam"
            self._serve(operation, "query-" + service, service, path, query, body,
                        lambda principal: self._query(operation, params, principal))
            return
        operation = target.split(".", 1)[1] if target.startswith("TrentService.") else target
        self._serve(operation, "json", "kms", path, query, body,
                    lambda principal: self._dispatch(operation, body, principal))

    def _serve(self, operation, protocol, service, path, query, body, dispatch):
        entry = {
            "operation": operation,
            "service": service,
            "method": self.command,
            "path": self.path,
            "body": body.decode("utf-8", "replace"),
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "time": time.time(),
            "status": None,  # filled in when answered: tests see a request as soon as it arrived
            "error": None,
        }
        with STATE.lock:
            STATE.log.append(entry)

        def answered(status, error):
            with STATE.lock:
                entry["status"], entry["error"] = status, error
        try:
            principal = self._authenticate(path, query, body, service)
            rule = self._failure_for(operation)
            if rule is not None:
                if rule.get("delay"):
                    time.sleep(float(rule["delay"]))
                if rule.get("drop") or rule.get("dropAfter"):
                    if rule.get("dropAfter"):
                        dispatch(principal)
                    answered(0, "dropped")
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if rule.get("type") or rule.get("body") is not None:
                    answered(rule["status"], rule.get("type", ""))
                    if rule.get("body") is None and protocol != "json":
                        self._send_error(protocol, rule["status"], rule["type"], rule.get("message") or "")
                    else:
                        self._send_failure(rule)
                    return
            result = dispatch(principal)
        except KmsError as e:
            answered(e.status, e.code)
            self._send_error(protocol, e.status, e.code, e.message)
            return
        answered(200, None)
        if protocol == "json":
            self._send(200, b"" if result is None else json.dumps(result).encode("utf-8"))
        elif protocol == "rest-json":
            self._send(200, json.dumps(result).encode("utf-8"), "application/json")
        else:
            self._send(200, query_response(protocol[len("query-"):], operation, result).encode("utf-8"), "text/xml")

    QUERY_CODES = {"InvalidSignatureException": ("SignatureDoesNotMatch", 403),
                   "UnrecognizedClientException": ("InvalidClientTokenId", 403),
                   "ExpiredTokenException": ("ExpiredToken", 400),
                   "IncompleteSignatureException": ("IncompleteSignature", 400),
                   "MissingAuthenticationTokenException": ("MissingAuthenticationToken", 403)}
    REST_STATUS = {"InvalidSignatureException": 403, "UnrecognizedClientException": 403,
                   "AccessDeniedException": 403, "ResourceNotFoundException": 404}

    def _send_error(self, protocol, status, code, message):
        if protocol == "json":
            self._send_json(status, {"__type": code, "message": message})
        elif protocol == "rest-json":
            status = self.REST_STATUS.get(code, status)
            body = json.dumps({"Message": message}).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
            self.send_header("x-amzn-ErrorType", code)
            self.end_headers()
            self.wfile.write(body)
        else:
            code, status = self.QUERY_CODES.get(code, (code, status))
            service = protocol[len("query-"):]
            xml = ('<ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>'
                   '<RequestId>%s</RequestId></ErrorResponse>' % (XMLNS[service], xml_escape(code),
                                                                  xml_escape(message), uuid.uuid4()))
            self._send(status, xml.encode("utf-8"), "text/xml")

    def _failure_for(self, operation):
        with STATE.lock:
            for rule in STATE.failures:
                if rule["count"] != 0 and rule["operation"] in ("*", operation):
                    if rule["count"] > 0:
                        rule["count"] -= 1
                    return dict(rule)
        return None

    def _send_failure(self, rule):
        if rule.get("body") is not None:
            self._send(rule["status"], rule["body"].encode("utf-8"), rule.get("contentType", "text/html"))
            return
        field = rule.get("messageField", "message")
        obj = {"__type": rule.get("prefix", "") + rule["type"]}
        if rule.get("message") is not None:
            obj[field] = rule["message"]
        self._send_json(rule["status"], obj)

    def _authenticate(self, path, query, body, expected_service="kms"):
        auth = self.headers.get("Authorization")
        if not auth:
            raise KmsError("MissingAuthenticationTokenException", "Missing Authentication Token")
        m = re.match(r"^AWS4-HMAC-SHA256 Credential=([^/,]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
                     r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$", auth)
        if not m:
            raise KmsError("IncompleteSignatureException", "Authorization header requires 'Credential', "
                           "'Signature' and 'SignedHeaders' parameters in the expected form.")
        akid, day, region, service, signed_headers, signature = m.groups()
        names = signed_headers.split(";")
        if "host" not in names or "x-amz-date" not in names:
            raise KmsError("IncompleteSignatureException",
                           "'Host' and 'X-Amz-Date' must be SignedHeaders in the AWS Authorization.")
        # IAM is global (signed for us-east-1 at iam.amazonaws.com), but a client reaching it through an endpoint URL
        # signs for its own region, as the AWS CLI does: that is how requests reach this server.
        expected_region = STATE.region
        if service != expected_service or region != expected_region:
            raise KmsError("InvalidSignatureException", "Credential should be scoped to a valid region and service "
                           "(%s, %s)." % (expected_region, expected_service))
        creds = STATE.credentials.get(akid)
        if creds is None:
            raise KmsError("UnrecognizedClientException", "The security token included in the request is invalid.")
        token = self.headers.get("X-Amz-Security-Token")
        if creds.get("SessionToken"):
            if token != creds["SessionToken"]:
                raise KmsError("UnrecognizedClientException",
                               "The security token included in the request is invalid.")
            if STATE.expired:
                raise KmsError("ExpiredTokenException", "The security token included in the request is expired")
            if "x-amz-security-token" not in names:
                raise KmsError("IncompleteSignatureException", "X-Amz-Security-Token must be signed.")
        amz_date = self.headers.get("X-Amz-Date", "")
        try:
            signed_at = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
                tzinfo=datetime.timezone.utc).timestamp()
        except ValueError:
            raise KmsError("IncompleteSignatureException", "X-Amz-Date must be in ISO8601 basic format.")
        if amz_date[:8] != day:
            raise KmsError("InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from "
                           "ISO-8601 version of date from HTTP: '%s' != '%s'" % (day, amz_date[:8]))
        now = STATE.now()
        if signed_at < now - SKEW_LIMIT:
            raise KmsError("InvalidSignatureException", "Signature expired: %s is now earlier than %s (%s - 5 min.)"
                           % (amz_date, amz_time(now - SKEW_LIMIT), amz_time(now)))
        if signed_at > now + SKEW_LIMIT:
            raise KmsError("InvalidSignatureException", "Signature not yet current: %s is still later than %s "
                           "(%s + 5 min.)" % (amz_date, amz_time(now + SKEW_LIMIT), amz_time(now)))

        lines = []
        for name in names:
            values = self.headers.get_all(name)
            if values is None:
                raise KmsError("InvalidSignatureException", "Signed header '%s' is missing." % name)
            lines.append("%s:%s\n" % (name, ",".join(" ".join(v.split()) for v in values)))
        canonical = "\n".join(["POST" if self.command == "POST" else self.command, canonical_path(path),
                               canonical_query(query), "".join(lines), signed_headers, sha256_hex(body)])
        scope = "%s/%s/%s/aws4_request" % (day, region, service)
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, sha256_hex(canonical.encode("utf-8"))])
        key = hmac_sha256(("AWS4" + creds["SecretAccessKey"]).encode("utf-8"), day)
        for part in (region, service, "aws4_request"):
            key = hmac_sha256(key, part)
        expected = hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            raise KmsError("InvalidSignatureException",
                           "The request signature we calculated does not match the signature you provided. Check "
                           "your AWS Secret Access Key and signing method. Consult the service documentation for "
                           "details.")
        return creds["Principal"]

    # ---- operations -----------------------------------------------------------------------------------------------

    def _dispatch(self, operation, body, principal):
        try:
            args = json.loads(body or b"{}")
        except ValueError:
            raise KmsError("SerializationException", "Start of structure or map found where not expected.")
        if not isinstance(args, dict):
            raise KmsError("SerializationException", "Start of structure or map found where not expected.")
        handler = {
            "DescribeKey": self._describe_key,
            "GetKeyPolicy": self._get_key_policy,
            "ListKeyPolicies": self._list_key_policies,
            "ListGrants": self._list_grants,
            "ListAliases": self._list_aliases,
            "PutKeyPolicy": self._put_key_policy,
        }.get(operation)
        if handler is None:
            raise KmsError("UnknownOperationException", "")
        with STATE.lock:
            return handler(args, principal)

    def _key(self, key_id, allow_alias=False):
        if not isinstance(key_id, str) or not key_id:
            raise KmsError("ValidationException", "1 validation error detected: Value null at 'keyId' failed to "
                           "satisfy constraint: Member must not be null")
        arn_prefix = "arn:aws:kms:%s:%s:" % (STATE.region, STATE.account)
        alias = None
        if key_id.startswith("alias/"):
            alias = key_id
        elif key_id.startswith("arn:") and ":alias/" in key_id:
            if not key_id.startswith(arn_prefix):
                raise KmsError("NotFoundException", "Alias %s is not found." % key_id)
            alias = key_id[len(arn_prefix):]
        if alias is not None:
            if not allow_alias:
                raise KmsError("NotFoundException", "Invalid keyId %s" % key_id)
            target = next((a.get("TargetKeyId") for a in STATE.aliases if a["AliasName"] == alias), None)
            if target is None:
                raise KmsError("NotFoundException", "Alias %s%s is not found." % (arn_prefix, alias))
            return STATE.keys[target]
        bare = key_id
        if key_id.startswith("arn:"):
            if not key_id.startswith(arn_prefix + "key/"):
                if re.match(r"^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/.+$", key_id):
                    raise KmsError("NotFoundException", "Key '%s' does not exist" % key_id)
                raise KmsError("InvalidArnException", "ARN %s is not a valid key ARN" % key_id)
            bare = key_id[len(arn_prefix) + 4:]
        if not KEY_ID.match(bare):
            raise KmsError("NotFoundException", "Invalid keyId '%s'" % key_id)
        if bare not in STATE.keys:
            raise KmsError("NotFoundException", "Key '%skey/%s' does not exist" % (arn_prefix, bare))
        return STATE.keys[bare]

    @staticmethod
    def _limit(args, default, maximum):
        limit = args.get("Limit", default)
        if not isinstance(limit, int) or limit < 1 or limit > maximum:
            raise KmsError("ValidationException", "1 validation error detected: Value '%s' at 'limit' failed to "
                           "satisfy constraint: Member must have value less than or equal to %d" % (limit, maximum))
        return limit

    @staticmethod
    def _page(items, args, default, maximum, kind, result_key):
        limit = Handler._limit(args, default, maximum)
        start = 0
        marker = args.get("Marker")
        if marker is not None:
            try:
                decoded = base64.urlsafe_b64decode(marker.encode("ascii")).decode("ascii")
                prefix, offset = decoded.rsplit(":", 1)
                if prefix != kind:
                    raise ValueError
                start = int(offset)
            except (ValueError, UnicodeError):
                raise KmsError("InvalidMarkerException", "Marker %s is invalid" % marker)
        page = items[start:start + limit]
        result = {result_key: page, "Truncated": start + limit < len(items)}
        if result["Truncated"]:
            result["NextMarker"] = base64.urlsafe_b64encode(("%s:%d" % (kind, start + limit)).encode()).decode()
        return result

    def _describe_key(self, args, principal):
        return {"KeyMetadata": self._key(args.get("KeyId"), allow_alias=True)}

    def _get_key_policy(self, args, principal):
        key = self._key(args.get("KeyId"))
        if args.get("PolicyName", "default") != "default":
            raise KmsError("NotFoundException", "No such policy exists")
        self._usable(key)
        return {"Policy": STATE.policies[key["KeyId"]], "PolicyName": "default"}

    def _list_key_policies(self, args, principal):
        key = self._key(args.get("KeyId"))
        return self._page(["default"], args, 100, 1000, "policies/" + key["KeyId"], "PolicyNames")

    def _list_grants(self, args, principal):
        key = self._key(args.get("KeyId"))
        grants = STATE.grants[key["KeyId"]]
        if args.get("GrantId"):
            grants = [g for g in grants if g["GrantId"] == args["GrantId"]]
        return self._page(grants, args, 50, 100, "grants/" + key["KeyId"], "Grants")

    def _list_aliases(self, args, principal):
        aliases = STATE.aliases
        if args.get("KeyId"):
            key = self._key(args["KeyId"])
            aliases = [a for a in aliases if a.get("TargetKeyId") == key["KeyId"]]
        return self._page(aliases, args, 50, 100, "aliases/" + args.get("KeyId", ""), "Aliases")

    @staticmethod
    def _usable(key):
        if key["KeyState"] == "PendingDeletion":
            raise KmsError("KMSInvalidStateException", "%s is pending deletion." % key["Arn"])

    def _put_key_policy(self, args, principal):
        key = self._key(args.get("KeyId"))
        if args.get("PolicyName", "default") != "default":
            raise KmsError("NotFoundException", "No such policy exists")
        policy = args.get("Policy")
        if not isinstance(policy, str) or not policy:
            raise KmsError("ValidationException", "1 validation error detected: Value null at 'policy' failed to "
                           "satisfy constraint: Member must not be null")
        if len(policy.encode("utf-8")) > MAX_POLICY_BYTES:
            raise KmsError("LimitExceededException", "Policy document exceeds the maximum size of 32768 bytes.")
        if not POLICY_CHARS.match(policy):
            raise KmsError("ValidationException", "1 validation error detected: Value at 'policy' failed to "
                           "satisfy constraint: Member must satisfy regular expression pattern: "
                           "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+")
        if key["KeyManager"] == "AWS":
            raise KmsError("AccessDeniedException", "User: %s is not authorized to perform: kms:PutKeyPolicy on "
                           "resource: %s because the key is an AWS managed key" % (principal, key["Arn"]))
        self._usable(key)
        try:
            document = json.loads(policy)
        except ValueError:
            raise KmsError("MalformedPolicyDocumentException", "Policy contains a statement with invalid JSON.")
        if args.get("BypassPolicyLockoutSafetyCheck") is not True and not self._allows_put(document, principal):
            raise KmsError("MalformedPolicyDocumentException",
                           "The new key policy will not allow you to update the key policy in the future.")
        STATE.policies[key["KeyId"]] = policy
        return None  # KMS answers PutKeyPolicy with an empty body

    @staticmethod
    def _allows_put(document, principal):
        """KMS's lockout safety check, approximated: some unconditional Allow must let the caller (directly or
        through the account root, which delegates to IAM) call kms:PutKeyPolicy, and no Deny may block it."""
        def as_list(v):
            return v if isinstance(v, list) else [v]

        def matches_action(stmt):
            return any(fnmatch.fnmatchcase("kms:putkeypolicy", a.lower()) or a == "*"
                       for a in as_list(stmt.get("Action", [])) if isinstance(a, str))

        def matches_principal(stmt):
            p = stmt.get("Principal")
            if p == "*":
                return True
            if not isinstance(p, dict):
                return False
            account = STATE.account
            callers = {principal, "arn:aws:iam::%s:root" % account, account, "*"}
            if ":assumed-role/" in principal:
                role = principal.split(":assumed-role/", 1)[1].split("/", 1)[0]
                callers.add("arn:aws:iam::%s:role/%s" % (account, role))
            return any(a in callers for a in as_list(p.get("AWS", [])))

        statements = as_list(document.get("Statement", [])) if isinstance(document, dict) else []
        statements = [s for s in statements if isinstance(s, dict)]
        for s in statements:
            if s.get("Effect") == "Deny" and matches_action(s) and matches_principal(s) and "Condition" not in s:
                return False
        return any(s.get("Effect") == "Allow" and matches_action(s) and matches_principal(s) and "Condition" not in s
                   for s in statements)

    # ---- MWAA (REST-JSON) -----------------------------------------------------------------------------------------

    def _mwaa(self, operation, name, params):
        with STATE.lock:
            if operation == "ListEnvironments":
                names = [e["Name"] for e in STATE.environments]
                limit = int(params.get("MaxResults", 25))
                if limit < 1 or limit > 25:
                    raise KmsError("ValidationException", "MaxResults must be between 1 and 25")
                start = int(params["NextToken"]) if params.get("NextToken") else 0
                result = {"Environments": names[start:start + limit]}
                if start + limit < len(names):
                    result["NextToken"] = str(start + limit)
                return result
            env = next((e for e in STATE.environments if e["Name"] == name), None)
            if env is None:
                raise KmsError("ResourceNotFoundException", "Environment %s not found" % name, 404)
            return {"Environment": env}

    # ---- IAM and STS (Query protocol) -----------------------------------------------------------------------------

    @staticmethod
    def _iam_page(items, params, result_key):
        limit = int(params.get("MaxItems", 100))
        start = int(params["Marker"]) if params.get("Marker") else 0
        result = {result_key: items[start:start + limit], "IsTruncated": start + limit < len(items)}
        if result["IsTruncated"]:
            result["Marker"] = str(start + limit)
        return result

    @staticmethod
    def _role(params):
        name = params.get("RoleName", "")
        role = STATE.roles.get(name)
        if role is None:
            raise KmsError("NoSuchEntity", "The role with name %s cannot be found." % name, 404)
        return name, role

    @staticmethod
    def _managed(arn):
        policy = STATE.managed.get(arn)
        if policy is None:
            raise KmsError("NoSuchEntity", "Policy %s does not exist or is not attachable." % arn, 404)
        return policy

    def _query(self, operation, params, principal):
        with STATE.lock:
            if operation == "ListRolePolicies":
                _, role = self._role(params)
                return self._iam_page(list(role["InlinePolicies"]), params, "PolicyNames")
            if operation == "GetRolePolicy":
                name, role = self._role(params)
                document = role["InlinePolicies"].get(params.get("PolicyName", ""))
                if document is None:
                    raise KmsError("NoSuchEntity", "The role policy with name %s cannot be found."
                                   % params.get("PolicyName", ""), 404)
                return {"RoleName": name, "PolicyName": params["PolicyName"],
                        "PolicyDocument": urllib.parse.quote(json.dumps(document), safe="")}
            if operation == "ListAttachedRolePolicies":
                _, role = self._role(params)
                attached = [{"PolicyName": STATE.managed[arn]["PolicyName"], "PolicyArn": arn}
                            for arn in role["AttachedPolicies"]]
                return self._iam_page(attached, params, "AttachedPolicies")
            if operation == "GetPolicy":
                arn = params.get("PolicyArn", "")
                policy = self._managed(arn)
                return {"Policy": {"PolicyName": policy["PolicyName"], "PolicyId": "ANPAKPSTEST" + policy["PolicyName"].upper(),
                                   "Arn": arn, "Path": "/", "DefaultVersionId": policy["DefaultVersionId"],
                                   "AttachmentCount": 1, "IsAttachable": True,
                                   "CreateDate": "2023-11-14T22:13:20Z", "UpdateDate": "2023-11-14T22:13:20Z"}}
            if operation == "GetPolicyVersion":
                arn = params.get("PolicyArn", "")
                policy = self._managed(arn)
                version = params.get("VersionId", "")
                if version not in policy["Versions"]:
                    raise KmsError("NoSuchEntity", "Policy %s version %s does not exist." % (arn, version), 404)
                return {"PolicyVersion": {"Document": urllib.parse.quote(json.dumps(policy["Versions"][version]), safe=""),
                                          "VersionId": version, "IsDefaultVersion": version == policy["DefaultVersionId"],
                                          "CreateDate": "2023-11-14T22:13:20Z"}}
            if operation == "GetCallerIdentity":
                return {"UserId": "AIDAKPSTEST", "Account": STATE.account, "Arn": principal}
            if operation == "AssumeRole":
                arn = params.get("RoleArn", "")
                role = STATE.assumable.get(arn)
                if role is None or role.get("ExternalId", "") != params.get("ExternalId", ""):
                    raise KmsError("AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole on "
                                   "resource: %s" % (principal, arn), 403)
                session = params.get("RoleSessionName", "")
                if not re.match(r"^[\w+=,.@-]{2,64}$", session):
                    raise KmsError("ValidationError", "RoleSessionName is invalid", 400)
                duration = int(params.get("DurationSeconds", 3600))
                key = "ASIAKPSASSUMED%06d" % len(STATE.credentials)
                creds = {"AccessKeyId": key, "SecretAccessKey": "kpsAssumed/" + uuid.uuid4().hex,
                         "SessionToken": "kpsAssumedToken" + uuid.uuid4().hex,
                         "Principal": "arn:aws:sts::%s:assumed-role/%s/%s" % (STATE.account, arn.rsplit("/", 1)[1],
                                                                              session)}
                STATE.credentials[key] = creds
                expiration = datetime.datetime.fromtimestamp(STATE.now() + duration, datetime.timezone.utc)
                return {"Credentials": {"AccessKeyId": key, "SecretAccessKey": creds["SecretAccessKey"],
                                        "SessionToken": creds["SessionToken"],
                                        "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ")},
                        "AssumedRoleUser": {"AssumedRoleId": "AROAKPSTEST:" + session, "Arn": creds["Principal"]}}
        raise KmsError("InvalidAction", "Could not find operation %s" % operation, 400)


XMLNS = {"iam": "https://iam.amazonaws.com/doc/2010-05-08/", "sts": "https://sts.amazonaws.com/doc/2011-06-15/"}


def xml_escape(text):
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def to_xml(value):
    if isinstance(value, dict):
        return "".join("<%s>%s</%s>" % (k, to_xml(v), k) for k, v in value.items())
    if isinstance(value, list):
        return "".join("<member>%s</member>" % to_xml(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_escape(value)


def query_response(service, operation, result):
    return ('<%sResponse xmlns="%s"><%sResult>%s</%sResult><ResponseMetadata><RequestId>%s</RequestId>'
            '</ResponseMetadata></%sResponse>' % (operation, XMLNS[service], operation, to_xml(result), operation,
                                                  uuid.uuid4(), operation))


def main():
    global STATE
    parser = argparse.ArgumentParser(description="Local fake AWS KMS for tests")
    parser.add_argument("--data", required=True)
    parser.add_argument("--region", default=None)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    with open(os.path.join(args.data, "keys.json"), encoding="utf-8") as f:
        region = args.region or json.load(f)["Region"]
    STATE = State(args.data, region)

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            pass  # clients that time out or cancel close their end; that is expected here

    server = Server(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(1024):
                pass
        except (OSError, ValueError):
            pass
        stop()

    if not os.isatty(0):
        threading.Thread(target=watch_stdin, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
