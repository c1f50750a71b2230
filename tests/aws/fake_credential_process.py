#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A credential_process for the tests: prints Version 1 credentials JSON (as `aws configure export-credentials
--format process` does). --count-file appends one line per run; --fail prints the credentials anyway (they must
not leak into messages) but exits 1 with a message on stderr; --garbage prints something that is not JSON."""
import argparse
import datetime
import json
import sys

p = argparse.ArgumentParser()
p.add_argument("--key", required=True)
p.add_argument("--secret", required=True)
p.add_argument("--token")
p.add_argument("--expires-in", type=int)
p.add_argument("--version", type=int, default=1)
p.add_argument("--count-file")
p.add_argument("--fail", action="store_true")
p.add_argument("--garbage", action="store_true")
a = p.parse_args()
if a.count_file:
    with open(a.count_file, "a") as f:
        f.write("run\n")
out = {"Version": a.version, "AccessKeyId": a.key, "SecretAccessKey": a.secret}
if a.token:
    out["SessionToken"] = a.token
if a.expires_in is not None:
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=a.expires_in)
    out["Expiration"] = t.strftime("%Y-%m-%dT%H:%M:%SZ")
if a.garbage:
    print("not json " + a.secret)
    sys.exit(0)
print(json.dumps(out))
if a.fail:
    print("Error loading SSO Token: the SSO session has expired or is invalid", file=sys.stderr)
    sys.exit(1)
