#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Proves tests/aws/fake_kms.py faithful: Debian's real AWS CLI (package awscli) runs every operation the fake
serves (KMS, and MWAA, IAM and STS for the account audit), and its parsed output is compared with the fixtures of
tests/data/kms (one ctest, offline, 127.0.0.1 only). The fake verifies every SigV4 signature the CLI makes for the
services kms, airflow, iam (us-east-1) and sts: the signatures Keypolicy Studio's clients make are checked by the
same code in the C++ tests.

Usage: check_fake_with_awscli.py --server tests/aws/fake_kms.py --data tests/data/kms [--aws /usr/bin/aws]
Exit status 0 all checks passed, 1 some failed, 77 no AWS CLI installed (ctest reports the test as skipped).
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request

KEY1 = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY2 = "0987dcba-09fe-87dc-65ba-ab0987654321"
KEY_AWS = "5555eeee-55ee-55ee-55ee-5555eeee5555"
KEY_DELETED = "dddd0000-dd00-dd00-dd00-dddd0000dddd"
USER = ("AKIAKPSTEST0000USER1", "kpsTestSecretKeyUser1/DoNotUseAnywhere000")
TEMP = ("ASIAKPSTEST0000TEMP1", "kpsTestSecretKeyTemp1/DoNotUseAnywhere000",
        "IQoJb3JpZ2luX2VjEKPS//////////wEaCWV1LXdlc3QtMSJHMEUCIQDkpsTestSessionToken+/=")
DATE_FIELDS = {"CreationDate", "DeletionDate", "ValidTo", "LastUpdatedDate"}

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def epoch(value):
    """CLI v2 prints timestamps as ISO strings, CLI v1 as numbers: compare as seconds."""
    if isinstance(value, (int, float)):
        return float(value)
    return datetime.datetime.fromisoformat(value).timestamp()


def same(cli, fixture):
    """Every member the CLI printed equals the fixture's (timestamps compared as instants). The CLI drops members
    its model does not know, so the fixture may have more; all model members must be there."""
    if isinstance(cli, dict) and isinstance(fixture, dict):
        for k, v in cli.items():
            if k not in fixture:
                return False
            if k in DATE_FIELDS:
                if abs(epoch(v) - epoch(fixture[k])) > 0.001:
                    return False
            elif not same(v, fixture[k]):
                return False
        return True
    if isinstance(cli, list) and isinstance(fixture, list):
        return len(cli) == len(fixture) and all(same(a, b) for a, b in zip(cli, fixture))
    return cli == fixture


class Server:
    def __init__(self, script, data):
        self.proc = subprocess.Popen([sys.executable, script, "--data", data], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        if len(line) != 2 or line[0] != "PORT":
            raise RuntimeError("fake KMS did not start")
        self.url = "http://127.0.0.1:%s" % line[1]

    def control(self, path, payload=None):
        data = None if payload is None else json.dumps(payload).encode()
        req = urllib.request.Request(self.url + path, data=data, method="GET" if payload is None else "POST")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy: loopback only
        with opener.open(req, timeout=10) as r:
            return json.loads(r.read() or b"{}")

    def log(self, operation=None):
        return [r for r in self.control("/__control/log")["Requests"]
                if operation is None or r["operation"] == operation]

    def stop(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Cli:
    def __init__(self, aws, url, home):
        self.aws, self.url, self.home = aws, url, home

    def run(self, *args, creds=USER, extra_env=None, service="kms"):
        env = {"PATH": "/usr/bin:/bin", "HOME": self.home, "AWS_DEFAULT_REGION": "eu-west-1",
               "AWS_ACCESS_KEY_ID": creds[0], "AWS_SECRET_ACCESS_KEY": creds[1],
               "AWS_EC2_METADATA_DISABLED": "true", "AWS_PAGER": "", "NO_PROXY": "*",
               "AWS_CONFIG_FILE": os.path.join(self.home, "config"),
               "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.home, "credentials"), "LC_ALL": "C.UTF-8"}
        if len(creds) > 2:
            env["AWS_SESSION_TOKEN"] = creds[2]
        if service == "mwaa":
            # MWAA's model adds the host prefix "api." even to --endpoint-url: reach the fake as a proxy (it accepts
            # absolute-form request lines; the CLI signs Host api.127.0.0.1:PORT, which the fake verifies).
            env.update({"HTTP_PROXY": self.url, "http_proxy": self.url, "NO_PROXY": "", "no_proxy": ""})
        env.update(extra_env or {})
        p = subprocess.run([self.aws, "--endpoint-url", self.url, "--output", "json", service] + list(args),
                           env=env, capture_output=True, text=True, timeout=120)
        out = json.loads(p.stdout) if p.stdout.strip() else None
        return p.returncode, out, p.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--aws", default="/usr/bin/aws")
    args = parser.parse_args()
    if not os.access(args.aws, os.X_OK):
        print("SKIP: no AWS CLI at %s (Debian package awscli)" % args.aws)
        return 77

    with open(os.path.join(args.data, "keys.json"), encoding="utf-8") as f:
        keys = {k["KeyId"]: k for k in json.load(f)["Keys"]}
    with open(os.path.join(args.data, "aliases.json"), encoding="utf-8") as f:
        aliases = json.load(f)["Aliases"]
    with open(os.path.join(args.data, "grants", KEY1 + ".json"), encoding="utf-8") as f:
        grants = json.load(f)["Grants"]

    def policy_text(key):
        with open(os.path.join(args.data, "policies", key + ".json"), encoding="utf-8") as f:
            return f.read()

    home = tempfile.mkdtemp(prefix="kps-awscli-")
    server = Server(args.server, args.data)
    try:
        cli = Cli(args.aws, server.url, home)

        # DescribeKey by id, ARN, alias name and alias ARN.
        for key_id in keys:
            rc, out, err = cli.run("describe-key", "--key-id", key_id)
            check(rc == 0 and same(out["KeyMetadata"], keys[key_id]), "describe-key %s matches the fixture" % key_id)
            check(rc == 0 and "SomeFutureField" not in out["KeyMetadata"], "describe-key: unknown members dropped")
        rc, out, err = cli.run("describe-key", "--key-id", keys[KEY1]["Arn"])
        check(rc == 0 and out["KeyMetadata"]["KeyId"] == KEY1, "describe-key by key ARN")
        rc, out, err = cli.run("describe-key", "--key-id", "alias/mwaa-key")
        check(rc == 0 and out["KeyMetadata"]["Arn"] == keys[KEY1]["Arn"], "describe-key by alias name")
        rc, out, err = cli.run("describe-key", "--key-id", "arn:aws:kms:eu-west-1:111122223333:alias/other")
        check(rc == 0 and out["KeyMetadata"]["KeyId"] == KEY2, "describe-key by alias ARN")

        # GetKeyPolicy returns the stored text byte for byte (as a JSON string).
        for key_id in keys:
            if key_id == KEY_DELETED:
                continue
            rc, out, err = cli.run("get-key-policy", "--key-id", key_id, "--policy-name", "default")
            check(rc == 0 and out["Policy"] == policy_text(key_id), "get-key-policy %s equals the fixture" % key_id)
        rc, out, err = cli.run("get-key-policy", "--key-id", KEY_DELETED, "--policy-name", "default")
        check(rc == 254 and "KMSInvalidStateException" in err, "get-key-policy on a key pending deletion")
        rc, out, err = cli.run("get-key-policy", "--key-id", "alias/mwaa-key", "--policy-name", "default")
        check(rc == 254 and "NotFoundException" in err, "get-key-policy refuses an alias")

        rc, out, err = cli.run("list-key-policies", "--key-id", KEY1)
        check(rc == 0 and out["PolicyNames"] == ["default"], "list-key-policies")

        # ListGrants: the CLI pages by itself (Limit 3 -> 3 requests chained by NextMarker).
        server.control("/__control/reset", {})
        rc, out, err = cli.run("list-grants", "--key-id", KEY1, "--page-size", "3")
        check(rc == 0 and same(out["Grants"], grants), "list-grants (3 pages) equals the fixture")
        calls = [json.loads(r["body"]) for r in server.log("ListGrants")]
        check(len(calls) == 3 and "Marker" not in calls[0] and all(c.get("Limit") == 3 for c in calls)
              and calls[1].get("Marker") and calls[2].get("Marker") and calls[1]["Marker"] != calls[2]["Marker"],
              "list-grants paginated with Limit/Marker")
        rc, out, err = cli.run("list-grants", "--key-id", KEY2)
        check(rc == 0 and out["Grants"] == [], "list-grants on a key without grants")
        rc, out, err = cli.run("list-grants", "--key-id", KEY1, "--grant-id", grants[2]["GrantId"])
        check(rc == 0 and same(out["Grants"], [grants[2]]), "list-grants --grant-id filter")
        rc, out, err = cli.run("list-grants", "--key-id", KEY1, "--starting-token", "bm90LWEtbWFya2Vy")
        check(rc == 254 and "InvalidMarkerException" in err, "list-grants with a bad marker")

        server.control("/__control/reset", {})
        rc, out, err = cli.run("list-aliases", "--page-size", "2")
        check(rc == 0 and same(out["Aliases"], aliases), "list-aliases (4 pages) equals the fixture")
        check(len(server.log("ListAliases")) == 4, "list-aliases paginated")
        rc, out, err = cli.run("list-aliases", "--key-id", KEY1)
        check(rc == 0 and [a["AliasName"] for a in out["Aliases"]] == ["alias/mwaa/MyAirflowEnvironment",
                                                                        "alias/mwaa-key"], "list-aliases --key-id")

        # PutKeyPolicy: empty 200 body accepted, the state changes, the lockout check works.
        server.control("/__control/reset", {})
        new_policy = policy_text(KEY2).replace('"Id" : "key-default-1"', '"Id" : "key-default-2"')
        policy_file = os.path.join(home, "policy.json")
        with open(policy_file, "w", encoding="utf-8") as f:
            f.write(new_policy)
        rc, out, err = cli.run("put-key-policy", "--key-id", KEY2, "--policy-name", "default", "--policy",
                               "file://" + policy_file)
        check(rc == 0 and out is None, "put-key-policy succeeds with an empty body")
        rc, out, err = cli.run("get-key-policy", "--key-id", KEY2, "--policy-name", "default")
        check(rc == 0 and out["Policy"] == new_policy, "put-key-policy changed the policy")
        check(all("BypassPolicyLockoutSafetyCheck" not in r["body"] for r in server.log("PutKeyPolicy")),
              "put-key-policy body carries no BypassPolicyLockoutSafetyCheck")
        lockout = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
            "AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "kms:Decrypt", "Resource": "*"}]})
        with open(policy_file, "w", encoding="utf-8") as f:
            f.write(lockout)
        rc, out, err = cli.run("put-key-policy", "--key-id", KEY2, "--policy-name", "default", "--policy",
                               "file://" + policy_file)
        check(rc == 254 and "MalformedPolicyDocumentException" in err and "update the key policy" in err,
              "put-key-policy: lockout safety check")
        check(server.control("/__control/policy?KeyId=" + KEY2)["Policy"] == new_policy,
              "a refused put-key-policy leaves the policy alone")
        rc, out, err = cli.run("put-key-policy", "--key-id", KEY_AWS, "--policy-name", "default", "--policy",
                               "file://" + policy_file)
        check(rc == 254 and "AccessDeniedException" in err, "put-key-policy on an AWS managed key")

        # Authentication: session tokens, wrong secrets, unknown keys, clock skew.
        rc, out, err = cli.run("describe-key", "--key-id", KEY1, creds=TEMP)
        check(rc == 0 and out["KeyMetadata"]["KeyId"] == KEY1, "session-token credentials are accepted")
        signed = server.log("DescribeKey")[-1]["headers"]
        check("x-amz-security-token" in signed.get("authorization", ""), "the CLI signs the session token")
        rc, out, err = cli.run("describe-key", "--key-id", KEY1, creds=(TEMP[0], TEMP[1], "wrong"))
        check(rc == 254 and "UnrecognizedClientException" in err, "a wrong session token is refused")
        server.control("/__control/expire", {"expired": True})
        rc, out, err = cli.run("describe-key", "--key-id", KEY1, creds=TEMP)
        check(rc == 254 and "ExpiredTokenException" in err, "expired session token")
        server.control("/__control/expire", {"expired": False})
        rc, out, err = cli.run("describe-key", "--key-id", KEY1, creds=(USER[0], "not-the-secret"))
        check(rc == 254 and "InvalidSignatureException" in err and "signature we calculated" in err,
              "a wrong secret fails the signature check")
        rc, out, err = cli.run("describe-key", "--key-id", KEY1, creds=("AKIAUNKNOWNUNKNOWN00", USER[1]))
        check(rc == 254 and "UnrecognizedClientException" in err, "an unknown access key is refused")
        rc, out, err = cli.run("describe-key", "--key-id", KEY1, extra_env={"AWS_DEFAULT_REGION": "us-east-1"})
        check(rc == 254 and "InvalidSignatureException" in err, "a signature scoped to another region is refused")
        server.control("/__control/clock", {"skewSeconds": 1800})
        rc, out, err = cli.run("describe-key", "--key-id", KEY1)
        check(rc == 254 and "Signature expired" in err, "clock skew: signature expired")
        server.control("/__control/clock", {"skewSeconds": 0})

        # Errors on demand, retries.
        rc, out, err = cli.run("describe-key", "--key-id", "1234abcd-12ab-34cd-56ef-000000000000")
        check(rc == 254 and "NotFoundException" in err and "does not exist" in err, "describe-key: not found")
        server.control("/__control/reset", {})
        server.control("/__control/fail", {"operation": "DescribeKey", "count": 2, "type": "ThrottlingException",
                                           "message": "Rate exceeded"})
        rc, out, err = cli.run("describe-key", "--key-id", KEY1)
        check(rc == 0 and len(server.log("DescribeKey")) == 3, "throttled twice, the CLI's third attempt succeeds")
        server.control("/__control/fail", {"operation": "DescribeKey", "count": 1, "type": "ThrottlingException",
                                           "message": "Rate exceeded"})
        rc, out, err = cli.run("describe-key", "--key-id", KEY1, extra_env={"AWS_MAX_ATTEMPTS": "1"})
        check(rc == 254 and "ThrottlingException" in err and "Rate exceeded" in err, "throttling without retries")
        server.control("/__control/reset", {})
        server.control("/__control/fail", {"operation": "GetKeyPolicy", "count": 1, "status": 500,
                                           "type": "KMSInternalException", "message": "internal"})
        rc, out, err = cli.run("get-key-policy", "--key-id", KEY1, "--policy-name", "default")
        check(rc == 0 and len(server.log("GetKeyPolicy")) == 2, "a 500 KMSInternalException is retried")
        server.control("/__control/fail", {"operation": "GetKeyPolicy", "count": 1, "status": 503,
                                           "body": "<html>Service Unavailable</html>"})
        rc, out, err = cli.run("get-key-policy", "--key-id", KEY1, "--policy-name", "default")
        check(rc == 0 and out["Policy"] == policy_text(KEY1), "an HTML 503 is retried")
        server.control("/__control/fail", {"operation": "GetKeyPolicy", "count": 1, "type": "AccessDeniedException",
                                           "prefix": "com.amazon.coral.service#", "messageField": "Message",
                                           "message": "User: arn:aws:iam::111122223333:user/policy-editor is not "
                                                      "authorized to perform: kms:GetKeyPolicy"})
        rc, out, err = cli.run("get-key-policy", "--key-id", KEY1, "--policy-name", "default")
        check(rc == 254 and "(AccessDeniedException)" in err and "kms:GetKeyPolicy" in err,
              "AccessDenied with a namespaced __type and a capital Message")

        # MWAA (REST-JSON, signing name airflow): every page, each environment, errors.
        with open(os.path.join(args.data, "mwaa.json"), encoding="utf-8") as f:
            mwaa = json.load(f)
        names = [e["Name"] for e in mwaa["Environments"]]
        server.control("/__control/reset", {})
        rc, out, err = cli.run("list-environments", "--page-size", "1", service="mwaa")
        check(rc == 0 and out["Environments"] == names, "mwaa list-environments (3 pages) equals the fixture")
        check(len(server.log("ListEnvironments")) == 3, "mwaa list-environments paginated with NextToken")
        for env in mwaa["Environments"]:
            rc, out, err = cli.run("get-environment", "--name", env["Name"], service="mwaa")
            check(rc == 0 and same({k: v for k, v in out["Environment"].items() if k != "CreatedAt"}, env)
                  and abs(epoch(out["Environment"]["CreatedAt"]) - env["CreatedAt"]) < 0.001,
                  "mwaa get-environment %s matches the fixture" % env["Name"])
        rc, out, err = cli.run("get-environment", "--name", "Missing", service="mwaa")
        check(rc == 254 and "ResourceNotFoundException" in err, "mwaa get-environment: not found")
        server.control("/__control/fail", {"operation": "GetEnvironment", "count": 1, "status": 403,
                                           "type": "AccessDeniedException", "message": "not allowed"})
        rc, out, err = cli.run("get-environment", "--name", names[0], service="mwaa")
        check(rc == 254 and "AccessDeniedException" in err and "not allowed" in err, "mwaa AccessDenied")
        before = len(server.log("GetEnvironment"))
        server.control("/__control/fail", {"operation": "GetEnvironment", "count": 2, "status": 429,
                                           "type": "ThrottlingException", "message": "Rate exceeded"})
        rc, out, err = cli.run("get-environment", "--name", names[0], service="mwaa")
        check(rc == 0 and len(server.log("GetEnvironment")) == before + 3, "mwaa throttled twice, third attempt succeeds")
        rc, out, err = cli.run("get-environment", "--name", names[0], service="mwaa",
                               creds=(USER[0], "not-the-secret"))
        check(rc == 254 and "InvalidSignatureException" in err, "mwaa: a wrong secret fails the signature check")

        # IAM (Query protocol, XML; through an endpoint URL signed for the client's region): documents come back URL-encoded and the CLI decodes them.
        roles = mwaa["Roles"]
        rc, out, err = cli.run("list-role-policies", "--role-name", "mwaa-ready-role", service="iam")
        check(rc == 0 and out["PolicyNames"] == list(roles["mwaa-ready-role"]["InlinePolicies"]),
              "iam list-role-policies")
        rc, out, err = cli.run("list-role-policies", "--role-name", "mwaa-ready-role", "--page-size", "1",
                               service="iam")
        check(rc == 0 and out["PolicyNames"] == ["kms-read"], "iam list-role-policies with MaxItems")
        rc, out, err = cli.run("get-role-policy", "--role-name", "mwaa-ready-role", "--policy-name", "kms-read",
                               service="iam")
        check(rc == 0 and out["PolicyDocument"] == roles["mwaa-ready-role"]["InlinePolicies"]["kms-read"],
              "iam get-role-policy: URL-encoded document decoded by the CLI equals the fixture")
        rc, out, err = cli.run("list-attached-role-policies", "--role-name", "mwaa-ready-role", service="iam")
        arn = roles["mwaa-ready-role"]["AttachedPolicies"][0]
        check(rc == 0 and out["AttachedPolicies"] == [{"PolicyName": "MwaaKmsWrite", "PolicyArn": arn}],
              "iam list-attached-role-policies")
        rc, out, err = cli.run("list-attached-role-policies", "--role-name", "mwaa-broken-role", service="iam")
        check(rc == 0 and out["AttachedPolicies"] == [], "iam list-attached-role-policies: empty list")
        rc, out, err = cli.run("get-policy", "--policy-arn", arn, service="iam")
        check(rc == 0 and out["Policy"]["DefaultVersionId"] == "v2" and out["Policy"]["Arn"] == arn, "iam get-policy")
        rc, out, err = cli.run("get-policy-version", "--policy-arn", arn, "--version-id", "v2", service="iam")
        check(rc == 0 and out["PolicyVersion"]["Document"] == mwaa["ManagedPolicies"][arn]["Versions"]["v2"]
              and out["PolicyVersion"]["IsDefaultVersion"] is True, "iam get-policy-version decoded")
        rc, out, err = cli.run("get-role-policy", "--role-name", "nobody", "--policy-name", "x", service="iam")
        check(rc == 254 and "NoSuchEntity" in err, "iam NoSuchEntity")
        server.control("/__control/fail", {"operation": "GetRolePolicy", "count": 1, "status": 403,
                                           "type": "AccessDenied", "message": "not authorized to perform: "
                                                                            "iam:GetRolePolicy"})
        rc, out, err = cli.run("get-role-policy", "--role-name", "mwaa-ready-role", "--policy-name", "kms-read",
                               service="iam")
        check(rc == 254 and "(AccessDenied)" in err and "iam:GetRolePolicy" in err, "iam AccessDenied (XML error)")
        rc, out, err = cli.run("get-policy", "--policy-arn", arn, service="iam", creds=(USER[0], "not-the-secret"))
        check(rc == 254 and "SignatureDoesNotMatch" in err, "iam: a wrong secret fails the signature check")

        # STS (Query protocol): AssumeRole, and the credentials it issues are accepted.
        rc, out, err = cli.run("assume-role", "--role-arn", "arn:aws:iam::111122223333:role/Auditor",
                               "--role-session-name", "kps-check", "--external-id", "kps-external-id",
                               "--duration-seconds", "900", service="sts")
        ok = rc == 0 and out["Credentials"]["AccessKeyId"].startswith("ASIA")
        check(ok, "sts assume-role")
        if ok:
            c = out["Credentials"]
            rc, out, err = cli.run("get-caller-identity", service="sts",
                                   creds=(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]))
            check(rc == 0 and out["Arn"].endswith(":assumed-role/Auditor/kps-check"),
                  "sts: the assumed role's credentials are accepted")
        rc, out, err = cli.run("assume-role", "--role-arn", "arn:aws:iam::111122223333:role/Auditor",
                               "--role-session-name", "kps-check", service="sts")
        check(rc == 254 and "AccessDenied" in err and "sts:AssumeRole" in err, "sts assume-role without ExternalId")
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)

    print("%d check(s) failed" % len(failures) if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
