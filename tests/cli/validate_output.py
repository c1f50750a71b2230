#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the real `keypolicy` binary and validates what it prints.

    validate_output.py [--core-only] KEYPOLICY SOURCE_DIR

--format sarif is validated against the official OASIS SARIF 2.1.0 schema (tests/data/sarif) with format checks
(uri, uri-reference) enabled, and --format json against tests/cli/keypolicy-output.schema.json, the cli.md contract.
The JSON of `keypolicy simulate`, `access` and `diff` is validated against keypolicy-simulate.schema.json,
keypolicy-access.schema.json and keypolicy-diff.schema.json, over the access fixtures and every rule fixture, and
`keypolicy grants` against keypolicy-grants.schema.json over every listing of tests/data/grants; `check --grants`
locates grant findings in the listing (a "file" per finding, the listing as its own SARIF artifact). `keypolicy audit`
runs against the fake AWS server of tests/aws (fake_kms.py: MWAA, IAM, STS, KMS), with and without injected faults:
--format json against keypolicy-audit.schema.json, --format sarif against the SARIF schema.
On top of the schemas, the cross-references a schema cannot express are checked (ruleIndex, artifact index, regions
inside the file, results == JSON findings). The validators are first shown to reject broken documents, so this test
cannot pass vacuously. Needs python3-jsonschema (and python3-rfc3987 for the uri formats).
"""
import concurrent.futures
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

import jsonschema

LEVELS = {"error": "error", "security": "error", "warning": "warning", "suggestion": "note"}
GOOD_CONTEXT = ["--region", "eu-west-1", "--account", "111122223333", "--env", "MyEnv"]


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validator(schema):
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())


def errors_of(v, document):
    return sorted(v.iter_errors(document), key=lambda e: list(e.absolute_path))


def run(keypolicy, args, stdin=None):
    proc = subprocess.run([keypolicy, "check", *args], input=stdin, capture_output=True, check=False)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def check_json(name, doc):
    counts = {"error": 0, "security": 0, "warning": 0, "suggestion": 0}
    for file in doc["files"]:
        for finding in file["findings"]:
            counts[finding["severity"]] += 1
    for severity, n in counts.items():
        if doc["summary"][severity] != n:
            fail(f"{name}: summary.{severity} is {doc['summary'][severity]}, findings say {n}")
    if doc["summary"]["files"] != len(doc["files"]):
        fail(f"{name}: summary.files does not match files[]")


def check_sarif(name, log, json_doc):
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    if len(ids) != len(set(ids)):
        fail(f"{name}: duplicate rule ids")
    artifacts = run_.get("artifacts", [])
    findings = [f for file in json_doc["files"] for f in file["findings"]]
    results = run_["results"]
    if len(results) != len(findings):
        fail(f"{name}: {len(results)} results but {len(findings)} JSON findings")
    for result, finding in zip(results, findings):
        if result["ruleId"] != finding["code"]:
            fail(f"{name}: result {result['ruleId']} out of order (expected {finding['code']})")
        if "ruleIndex" in result and rules[result["ruleIndex"]]["id"] != result["ruleId"]:
            fail(f"{name}: ruleIndex of {result['ruleId']} points at {rules[result['ruleIndex']]['id']}")
        if result["level"] != LEVELS[finding["severity"]]:
            fail(f"{name}: {result['ruleId']} has level {result['level']} for severity {finding['severity']}")
        physical = result["locations"][0]["physicalLocation"]
        index = physical["artifactLocation"]["index"]
        if physical["artifactLocation"]["uri"] != artifacts[index]["location"]["uri"]:
            fail(f"{name}: artifact index and uri disagree")
        region = physical["region"]
        if region["startLine"] > region["endLine"] or (
            region["startLine"] == region["endLine"] and region["startColumn"] > region["endColumn"]
        ):
            fail(f"{name}: region ends before it starts: {region}")
        if (region["startLine"], region["startColumn"], region["byteOffset"], region["byteLength"]) != (
            finding["line"], finding["column"], finding["offset"], finding["length"]
        ):
            fail(f"{name}: SARIF region differs from the JSON location of {finding['code']}")
        if ("file" in finding) != ("grantsListing" in artifacts[index]["properties"]):
            fail(f"{name}: {finding['code']} is in {finding.get('file')} but its SARIF artifact disagrees")
        if "file" in finding and urllib.parse.unquote(physical["artifactLocation"]["uri"]) != finding["file"]:
            fail(f"{name}: {finding['code']}: the SARIF artifact is not the grants file {finding['file']}")
        path = urllib.parse.unquote(physical["artifactLocation"]["uri"])
        if os.path.isfile(path) and not artifacts[index]["properties"]["getKeyPolicyWrapper"]:
            size = os.path.getsize(path)
            if region["byteOffset"] + region["byteLength"] > size:
                fail(f"{name}: region beyond the end of {path}")
            for fix in result.get("fixes", []):
                for change in fix["artifactChanges"]:
                    for replacement in change["replacements"]:
                        deleted = replacement["deletedRegion"]
                        if deleted["byteOffset"] + deleted["byteLength"] > size:
                            fail(f"{name}: fix region beyond the end of {path}")


def self_test(sarif_validator, json_validator, sample_sarif, sample_json):
    """The validators must reject broken documents: otherwise a passing run proves nothing."""
    broken = []
    b = copy.deepcopy(sample_sarif)
    del b["version"]
    broken.append(("SARIF without version", sarif_validator, b))
    b = copy.deepcopy(sample_sarif)
    b["runs"][0]["results"][0]["level"] = "fatal"
    broken.append(("SARIF level 'fatal'", sarif_validator, b))
    b = copy.deepcopy(sample_sarif)
    b["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    broken.append(("SARIF startLine 0", sarif_validator, b))
    b = copy.deepcopy(sample_sarif)
    b["runs"][0]["tool"]["driver"]["informationUri"] = "not a uri"
    broken.append(("SARIF informationUri not a URI", sarif_validator, b))
    b = copy.deepcopy(sample_sarif)
    b["runs"][0]["tool"]["driver"]["rules"][0]["unknownKey"] = 1
    broken.append(("SARIF unknown rule key", sarif_validator, b))
    b = copy.deepcopy(sample_json)
    b["files"][0]["findings"][0]["extra"] = True
    broken.append(("JSON extra finding key", json_validator, b))
    b = copy.deepcopy(sample_json)
    del b["files"][0]["context"]["env"]
    broken.append(("JSON context without env", json_validator, b))
    b = copy.deepcopy(sample_json)
    b["files"][0]["findings"][0]["severity"] = "fatal"
    broken.append(("JSON severity 'fatal'", json_validator, b))
    for label, v, document in broken:
        if not errors_of(v, document):
            fail(f"the validator accepted a broken document ({label})")


def run_command(keypolicy, args, stdin=None):
    proc = subprocess.run([keypolicy, *args], input=stdin, capture_output=True, check=False)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def run_many(keypolicy, argument_lists):
    """run_command() for each argument list, several at a time (the processes run in parallel); results in order."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return list(pool.map(lambda args: run_command(keypolicy, args), argument_lists))


def json_of(name, args, status, out, err, statuses):
    if status not in statuses:
        fail(f"{name}: {' '.join(args)}: exit status {status}, expected one of {sorted(statuses)}\n{err}")
    try:
        return json.loads(out)
    except json.JSONDecodeError as e:
        fail(f"{name}: {' '.join(args)}: output is not JSON: {e}")
    return None


def validate_all(name, v, documents):
    for args, doc in documents:
        errs = errors_of(v, doc)
        if errs:
            for e in errs[:10]:
                print(f"  at /{'/'.join(map(str, e.absolute_path))}: {e.message}")
            fail(f"{name}: {' '.join(args)} does not match its schema ({len(errs)} errors)")


def access_commands(keypolicy, source, rule_fixtures):
    """simulate, access and diff: their JSON against their schemas, and the validators against broken documents."""
    simulate_v = validator(load(os.path.join(source, "tests/cli/keypolicy-simulate.schema.json")))
    access_v = validator(load(os.path.join(source, "tests/cli/keypolicy-access.schema.json")))
    diff_v = validator(load(os.path.join(source, "tests/cli/keypolicy-diff.schema.json")))
    policies = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk("tests/data/access")
        for name in names
        if name.endswith(".json") and name != "simulate-cases.json"
    ) + sorted(os.path.join("tests/data/policies/_realworld", n) for n in os.listdir("tests/data/policies/_realworld"))
    callers = ["arn:aws:iam::111122223333:role/app", "111122223333", "arn:aws:iam::444455556666:root",
               "logs.eu-west-1.amazonaws.com"]
    requests = []
    for policy in policies:
        for i, caller in enumerate(callers):
            args = ["simulate", policy, "--principal", caller, "--action", ["Decrypt", "kms:PutKeyPolicy",
                    "CreateGrant", "kms:DescribeKey"][i], "--format", "json"]
            requests.append(args)
    requests.append(["simulate", "tests/data/access/conditions.json", "--principal",
                     "arn:aws:iam::111122223333:user/Bob", "--action", "Encrypt", "--context",
                     "kms:EncryptionContextKeys=a", "--context", "kms:EncryptionContextKeys=b", "--absent",
                     "aws:PrincipalOrgID", "--region", "eu-west-1", "--format", "json"])
    documents = []
    decisions = set()
    for args, result in zip(requests, run_many(keypolicy, requests)):
        doc = json_of("simulate", args, *result, {0})
        decisions.add(doc["decision"])
        documents.append((args, doc))
    validate_all("simulate", simulate_v, documents)
    if not {"allow", "allow_if_iam", "implicit_deny", "explicit_deny", "depends"} <= decisions:
        fail(f"simulate: the runs cover only the decisions {sorted(decisions)}")
    print(f"ok: simulate: {len(documents)} outputs valid")
    sample_simulate = documents[0][1]

    # access over every fixture, also the broken ones the rules report: it must never fail on a valid JSON document.
    documents = []
    runs = [["access", policy, "--format", "json"] for policy in policies + rule_fixtures]
    for args, (status, out, err) in zip(runs, run_many(keypolicy, runs)):
        if status == 2 and "not a valid JSON document" in err:
            continue
        documents.append((args, json_of("access", args, status, out, err, {0})))
    validate_all("access", access_v, documents)
    if sum(len(d["rows"]) for _, d in documents) == 0:
        fail("access: no row in any output: nothing was validated")
    print(f"ok: access: {len(documents)} outputs valid")
    sample_access = next(d for _, d in documents if d["rows"])

    documents = []
    pairs = list(zip(policies, policies[1:] + policies[:1])) + list(zip(rule_fixtures[::7], rule_fixtures[3::7]))
    runs = [["diff", a, b, "--format", "json"] for a, b in pairs]
    for args, (status, out, err) in zip(runs, run_many(keypolicy, runs)):
        a, b = args[1], args[2]
        if status == 2 and "not a valid JSON document" in err:
            continue
        doc = json_of("diff", args, status, out, err, {0, 1})
        if (status == 0) != doc["same_access"]:
            fail(f"diff: {a} {b}: exit status {status} but same_access is {doc['same_access']}")
        documents.append((args, doc))
    validate_all("diff", diff_v, documents)
    if not any(d["access"] for _, d in documents):
        fail("diff: no access change in any output: nothing was validated")
    print(f"ok: diff: {len(documents)} outputs valid")
    sample_diff = next(d for _, d in documents if d["access"])

    broken = []
    b = copy.deepcopy(sample_simulate)
    b["decision"] = "maybe"
    broken.append(("simulate decision 'maybe'", simulate_v, b))
    b = copy.deepcopy(sample_simulate)
    b["statements"][0]["extra"] = 1
    broken.append(("simulate extra statement key", simulate_v, b))
    b = copy.deepcopy(sample_simulate)
    del b["unknowns"]
    broken.append(("simulate without unknowns", simulate_v, b))
    b = copy.deepcopy(sample_access)
    del b["rows"][0]["access"]["grants"]
    broken.append(("access without grants", access_v, b))
    b = copy.deepcopy(sample_access)
    b["rows"][0]["access"]["use"] = "yes"
    broken.append(("access decision 'yes'", access_v, b))
    b = copy.deepcopy(sample_diff)
    b["access"][0]["change"] = "improves"
    broken.append(("diff change 'improves'", diff_v, b))
    b = copy.deepcopy(sample_diff)
    del b["same_access"]
    broken.append(("diff without same_access", diff_v, b))
    for label, v, document in broken:
        if not errors_of(v, document):
            fail(f"the validator accepted a broken document ({label})")
    print("ok: the simulate, access and diff validators reject broken documents")


def grants_command(keypolicy, source):
    """keypolicy grants: its JSON against keypolicy-grants.schema.json over every listing, and the validator against
    broken documents."""
    grants_v = validator(load(os.path.join(source, "tests/cli/keypolicy-grants.schema.json")))
    listings = sorted(os.path.join("tests/data/grants", n) for n in os.listdir("tests/data/grants") if n.endswith(".json"))
    runs = [["grants", "--env", "MyEnv", "--region", "eu-west-1", "--format", "json"]]
    for listing in listings:
        runs.append(["grants", "--grants", listing, "--format", "json"])
        runs.append(["grants", "--grants", listing, "--env", "analytics", "--region", "eu-west-1", "--account",
                     "111122223333", "--format", "json"])
    documents = []
    for args, result in zip(runs, run_many(keypolicy, runs)):
        doc = json_of("grants", args, *result, {0, 1})
        for finding in doc["findings"]:
            if finding["file"] != doc["grants_file"]:
                fail(f"grants: {' '.join(args)}: {finding['code']} is not located in the listing")
            size = os.path.getsize(finding["file"])
            if finding["offset"] + finding["length"] > size:
                fail(f"grants: {' '.join(args)}: {finding['code']} lies beyond the end of {finding['file']}")
        documents.append((args, doc))
    validate_all("grants", grants_v, documents)
    classes = {g["class"] for _, d in documents for g in d["grants"]}
    cells = {c for _, d in documents for m in d["environments"] for r in m["rows"] for c in r["cells"].values()}
    if not {"mwaa", "aws-service", "key-account", "other-account"} <= classes:
        fail(f"grants: the runs cover only the classes {sorted(classes)}")
    if not {"present", "missing", "wrong-principal", "depends", "required"} <= cells:
        fail(f"grants: the runs cover only the cells {sorted(cells)}")
    print(f"ok: grants: {len(documents)} outputs valid")
    sample = next(d for _, d in documents if d["findings"] and d["grants"])
    broken = []
    b = copy.deepcopy(sample)
    b["matrix"]["rows"][0]["cells"]["Encrypt"] = "granted"
    broken.append("cell 'granted'")
    b2 = copy.deepcopy(sample)
    del b2["findings"][0]["file"]
    b3 = copy.deepcopy(sample)
    b3["grants"][0]["class"] = "friend"
    for label, document in (("cell 'granted'", b), ("finding without file", b2), ("class 'friend'", b3)):
        if not errors_of(grants_v, document):
            fail(f"the grants validator accepted a broken document ({label})")
    print("ok: the grants validator rejects broken documents")


def fake_aws(source):
    """tests/aws/fake_kms.py on 127.0.0.1 (a free port), the server check_fake_with_awscli.py drives."""
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.join(source, "tests/aws"))
    from check_fake_with_awscli import Server  # pylint: disable=import-outside-toplevel

    return Server(os.path.join(source, "tests/aws/fake_kms.py"), os.path.join(source, "tests/data/kms"))


def check_audit(name, doc, sarif):
    """What the audit schema cannot express: the summaries add up, verdicts agree with mwaa_ready, SARIF results are
    the JSON findings (one artifact per checked key policy), each failed call is an error notification."""
    counts = {"error": 0, "security": 0, "warning": 0, "suggestion": 0}
    verdicts = {"ready": 0, "not-ready": 0, "depends": 0, "incomplete": 0, "aws-owned-key": 0}
    findings = []
    for e in doc["environments"]:
        mine = {"error": 0, "security": 0, "warning": 0, "suggestion": 0}
        for f in e["findings"]:
            mine[f["severity"]] += 1
            findings.append(f)
        if mine != e["summary"]:
            fail(f"{name}: {e['name']}: summary {e['summary']} but findings say {mine}")
        for k in counts:
            counts[k] += mine[k]
        verdicts[e["verdict"]] += 1
        expected = {"ready": True, "not-ready": False}.get(e["verdict"])
        if e["mwaa_ready"] != expected:
            fail(f"{name}: {e['name']}: verdict {e['verdict']} but mwaa_ready {e['mwaa_ready']}")
        if e["mwaa_ready"] is True and (e["errors"] or not e["complete"]):
            fail(f"{name}: {e['name']}: ready although a call failed")
        if e["aws_owned_key"] != (e["key_arn"] is None and e["verdict"] == "aws-owned-key"):
            fail(f"{name}: {e['name']}: aws_owned_key disagrees with key_arn and verdict")
    for k, n in list(counts.items()) + list(verdicts.items()):
        if doc["summary"][k] != n:
            fail(f"{name}: summary.{k} is {doc['summary'][k]}, the environments say {n}")
    if doc["summary"]["environments"] != len(doc["environments"]):
        fail(f"{name}: summary.environments does not match environments[]")
    run_ = sarif["runs"][0]
    results = run_["results"]
    if len(results) != len(findings):
        fail(f"{name}: {len(results)} SARIF results but {len(findings)} JSON findings")
    for result, finding in zip(results, findings):
        if result["ruleId"] != finding["code"] or result["level"] != LEVELS[finding["severity"]]:
            fail(f"{name}: SARIF result {result['ruleId']} does not match JSON finding {finding['code']}")
    checked = sum(1 for e in doc["environments"] if e["key"] is not None and e["verdict"] != "aws-owned-key"
                  and (e["findings"] or e["verdict"] in ("ready", "not-ready", "depends")))
    if len(run_.get("artifacts", [])) < checked:
        fail(f"{name}: {len(run_.get('artifacts', []))} SARIF artifacts for {checked} checked key policies")
    failed = sum(len(e["errors"]) for e in doc["environments"]) + len(doc["failures"])
    notes = run_["invocations"][0].get("toolExecutionNotifications", [])
    if len([n for n in notes if n.get("level") == "error"]) != failed:
        fail(f"{name}: {failed} failed calls but {len(notes)} SARIF notifications")
    if run_["invocations"][0]["executionSuccessful"] != (failed == 0):
        fail(f"{name}: executionSuccessful disagrees with the failed calls")


def audit_command(keypolicy, source, sarif_validator):
    """keypolicy audit against the fake AWS server: JSON and SARIF of the scenario (a ready, a broken and an AWS-owned
    key environment), of injected faults (a denied call, a failure before any environment) and of --env."""
    audit_v = validator(load(os.path.join(source, "tests/cli/keypolicy-audit.schema.json")))
    server = fake_aws(source)
    home = tempfile.mkdtemp(prefix="kps-audit-")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
           "AWS_ACCESS_KEY_ID": "AKIAKPSTEST0000USER1",
           "AWS_SECRET_ACCESS_KEY": "kpsTestSecretKeyUser1/DoNotUseAnywhere000",
           "AWS_CONFIG_FILE": os.path.join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "creds")}
    for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if name in os.environ:
            env[name] = os.environ[name]
    denied_role_policy = {"operation": "GetRolePolicy", "status": 403, "type": "AccessDenied", "count": -1,
                          "message": "injected"}
    denied_list = {"operation": "ListEnvironments", "status": 403, "type": "AccessDeniedException", "count": -1,
                   "message": "injected"}
    cases = [
        ("scenario", [], None, {1}),
        ("one environment", ["--env", "MyAirflowEnvironment"], None, {0}),
        ("GetRolePolicy denied", [], denied_role_policy, {2}),
        ("ListEnvironments denied", [], denied_list, {2}),
    ]
    documents = []
    verdicts = set()
    try:
        for name, extra, fault, statuses in cases:
            outputs = {}
            for fmt in ("json", "sarif"):
                server.control("/__control/reset", {})
                if fault:
                    server.control("/__control/fail", fault)
                args = ["audit", "--region", "eu-west-1", "--endpoint-url", server.url, "--format", fmt] + extra
                proc = subprocess.run([keypolicy, *args], capture_output=True, check=False, env=env, timeout=240)
                outputs[fmt] = json_of(f"audit {name} ({fmt})", args, proc.returncode, proc.stdout.decode("utf-8"),
                                       proc.stderr.decode("utf-8"), statuses)
            errs = errors_of(sarif_validator, outputs["sarif"])
            if errs:
                for e in errs[:10]:
                    print(f"  sarif at /{'/'.join(map(str, e.absolute_path))}: {e.message}")
                fail(f"audit {name}: --format sarif does not match the SARIF schema ({len(errs)} errors)")
            validate_all(f"audit {name}", audit_v, [(["audit", name], outputs["json"])])
            check_audit(f"audit {name}", outputs["json"], outputs["sarif"])
            verdicts |= {e["verdict"] for e in outputs["json"]["environments"]}
            documents.append(outputs["json"])
            print(f"ok: audit {name}: {len(outputs['json']['environments'])} environments, "
                  f"{len(outputs['sarif']['runs'][0]['results'])} results valid")
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)
    if not {"ready", "not-ready", "incomplete", "aws-owned-key"} <= verdicts:
        fail(f"audit: the runs cover only the verdicts {sorted(verdicts)}")
    if not any(e["errors"] for d in documents for e in d["environments"]) or not any(d["failures"] for d in documents):
        fail("audit: no run recorded a failed call: the errors and failures were not validated")
    sample = documents[0]
    broken = []
    b = copy.deepcopy(sample)
    b["environments"][0]["verdict"] = "fine"
    broken.append(("verdict 'fine'", b))
    b = copy.deepcopy(sample)
    b["environments"][0]["mwaa_ready"] = "yes"
    broken.append(("mwaa_ready 'yes'", b))
    b = copy.deepcopy(sample)
    del b["environments"][0]["errors"]
    broken.append(("environment without errors", b))
    b = copy.deepcopy(sample)
    b["environments"][1]["findings"][0]["severity"] = "fatal"
    broken.append(("finding severity 'fatal'", b))
    b = copy.deepcopy(sample)
    b["failures"].append({"call": "ListEnvironments"})
    broken.append(("failure without message", b))
    for label, document in broken:
        if not errors_of(audit_v, document):
            fail(f"the audit validator accepted a broken document ({label})")
    print("ok: the audit validator rejects broken documents")


def main():
    args = sys.argv[1:]
    # --core-only: KEYPOLICY is a core-only build (no Qt, so no AWS commands: the shipped allocator's check,
    # scripts/shipped-cli-check.sh); the audit, which needs the AWS client, is validated with the full build (ctest).
    core_only = "--core-only" in args
    args = [a for a in args if a != "--core-only"]
    if len(args) != 2:
        print(__doc__)
        return 2
    keypolicy, source = args
    sarif_validator = validator(load(os.path.join(source, "tests/data/sarif/sarif-schema-2.1.0.json")))
    json_validator = validator(load(os.path.join(source, "tests/cli/keypolicy-output.schema.json")))
    for required in ("uri", "uri-reference"):
        if required not in jsonschema.FormatChecker.checkers:
            print(f"note: format '{required}' is not checked (install python3-rfc3987)")

    os.chdir(source)  # relative paths, as a CI job would pass them
    cli_data = "tests/cli/data"
    wrapped = open(os.path.join(cli_data, "wrapped-duplicate-key.json"), "rb").read()
    cases = [
        ("cli fixtures", [cli_data] + GOOD_CONTEXT, {1}, None),
        ("cli fixtures, generic", ["--no-mwaa", cli_data], {1}, None),
        ("unreadable + good", ["nosuch.json", os.path.join(cli_data, "good-mwaa.json")] + GOOD_CONTEXT, {2}, None),
        ("stdin wrapper", ["-"], {1}, wrapped),
        ("good policy", [os.path.join(cli_data, "good-mwaa.json")] + GOOD_CONTEXT, {0, 1}, None),
    ]
    # Key policies of CloudFormation, CDK and Terraform files (tests/data/iac): the `source` member, SARIF's
    # resource logicalLocations.
    iac = sorted(os.path.join("tests/data/iac", n) for n in os.listdir("tests/data/iac"))
    cases.append(("templates and plans", iac + ["--region", "eu-west-1", "--account", "111122223333"], {1}, None))
    rule_fixtures = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk("tests/data/policies")
        for name in names
        if name.startswith(("fail-", "pass-")) and name.endswith(".json") and not name.endswith(".expect.json")
    )
    if rule_fixtures:
        cases.append(("rule fixtures", rule_fixtures, {0, 1}, None))
        cases.append(("rule fixtures with context", rule_fixtures + GOOD_CONTEXT, {0, 1}, None))
    # Grant findings are located in the listing: JSON names it per finding, SARIF makes it an artifact of its own.
    for listing in ("cross-account.json", "paginated-truncated.json", "policy-notation.json", "two-environments.json"):
        cases.append((f"grants {listing}",
                      [os.path.join(cli_data, "good-mwaa.json"), os.path.join(cli_data, "duplicate-key.json"),
                       "--grants", os.path.join("tests/data/grants", listing)] + GOOD_CONTEXT, {0, 1}, None))

    samples = {}
    total_results = 0
    for name, args, statuses, stdin in cases:
        outputs = {}
        for fmt in ("json", "sarif"):
            status, out, err = run(keypolicy, ["--format", fmt] + args, stdin)
            if status not in statuses:
                fail(f"{name} ({fmt}): exit status {status}, expected one of {sorted(statuses)}\n{err}")
            try:
                outputs[fmt] = json.loads(out)
            except json.JSONDecodeError as e:
                fail(f"{name} ({fmt}): output is not JSON: {e}")
        for fmt, v in (("json", json_validator), ("sarif", sarif_validator)):
            errs = errors_of(v, outputs[fmt])
            if errs:
                for e in errs[:10]:
                    print(f"  {fmt} at /{'/'.join(map(str, e.absolute_path))}: {e.message}")
                fail(f"{name}: --format {fmt} does not match its schema ({len(errs)} errors)")
        check_json(name, outputs["json"])
        check_sarif(name, outputs["sarif"], outputs["json"])
        total_results += len(outputs["sarif"]["runs"][0]["results"])
        if outputs["sarif"]["runs"][0]["results"] and outputs["json"]["files"] and outputs["json"]["files"][0]["findings"]:
            samples.setdefault("pair", (outputs["sarif"], outputs["json"]))
        print(f"ok: {name}: {len(outputs['sarif']['runs'][0]['results'])} results valid")

    if "pair" not in samples or total_results == 0:
        fail("no run produced a finding: nothing was validated")
    self_test(sarif_validator, json_validator, *samples["pair"])
    print("ok: the validators reject broken documents")
    access_commands(keypolicy, source, rule_fixtures)
    grants_command(keypolicy, source)
    if core_only:
        print("skipped: audit (a core-only build has no AWS commands; the full build's run validates it)")
    else:
        audit_command(keypolicy, source, sarif_validator)
    return 0


if __name__ == "__main__":
    sys.exit(main())
