#!/usr/bin/env bash
# scripts/output-diff.sh OLD_KEYPOLICY NEW_KEYPOLICY: runs both `keypolicy check --format json` builds over every
# policy fixture in tests/data under five contexts (no MWAA profile, none given, commercial, with a key ARN, aws-cn
# with an execution role), over a folder of 200 generated policies (JSON and SARIF, when kps_gen_policies is
# found beside NEW_KEYPOLICY's build) and over the grants listings of tests/data/grants (`check --grants` of an MWAA
# policy and `keypolicy grants`, JSON), and prints the differences. For performance work that must not change a byte
# of output (docs/performance.md, "How it is measured"). Exits 1 when the outputs differ.
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_KEYPOLICY NEW_KEYPOLICY" >&2; exit 2; }
for exe in "$1" "$2"; do
    [ -x "$exe" ] || { echo "$0: $exe is not an executable" >&2; exit 2; }
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

GEN="$(dirname "$(readlink -f "$2")")/../bench/kps_gen_policies"
if [ -x "$GEN" ]; then
    mkdir -p "$WORK/folder"
    "$GEN" "$WORK/folder" 200 >/dev/null
fi

contexts=(
    "--no-mwaa"
    ""
    "--region us-west-2 --account 111122223333 --env analytics"
    "--region eu-west-1 --account 111122223333 --env MyEnv --key arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    "--region cn-north-1 --account 111122223333 --env prod --execution-role arn:aws-cn:iam::111122223333:role/service-role/AmazonMWAA-prod-abc"
)

run() { # run KEYPOLICY OUTDIR
    mkdir -p "$2"
    local i=0
    while IFS= read -r f; do
        i=$((i + 1))
        local c=0
        for ctx in "${contexts[@]}"; do
            c=$((c + 1))
            # shellcheck disable=SC2086
            "$1" check --format json $ctx "$f" >"$2/$i.$c.out" 2>"$2/$i.$c.err"
            echo "exit $? for $f $ctx" >>"$2/$i.$c.out"
        done
    done < <(find "$ROOT/tests/data" -name '*.json' ! -name '*.expect.json' ! -name 'context.json' -size -2M | sort)
    # The grant audit: a policy checked with each grants listing, and `keypolicy grants` on it (issue 16's outputs).
    local policy="$ROOT/tests/data/policies/MWAA_GRANT_MISSING/pass-complete.json"
    while IFS= read -r g; do
        local name
        name=$(basename "$g" .json)
        "$1" check --format json --region eu-west-1 --account 111122223333 --env analytics --grants "$g" "$policy" \
            >"$2/grants-check.$name.out" 2>&1
        echo "exit $?" >>"$2/grants-check.$name.out"
        "$1" grants --env analytics --region eu-west-1 --grants "$g" --format json >"$2/grants.$name.out" 2>&1
        echo "exit $?" >>"$2/grants.$name.out"
    done < <(find "$ROOT/tests/data/grants" -name '*.json' | sort)
    if [ -d "$WORK/folder" ]; then
        "$1" check --format json --region eu-west-1 --account 111122223333 --env MyEnv "$WORK/folder" >"$2/folder.json" 2>&1
        "$1" check --format sarif --region eu-west-1 --account 111122223333 --env MyEnv "$WORK/folder" >"$2/folder.sarif" 2>&1
    fi
}

run "$1" "$WORK/old"
run "$2" "$WORK/new"
if diff -r "$WORK/old" "$WORK/new"; then
    echo "output-diff: identical ($(find "$WORK/new" -name '*.out' | wc -l) runs)"
else
    echo "output-diff: the outputs differ" >&2
    exit 1
fi
