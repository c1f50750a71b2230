#!/usr/bin/env bash
# scripts/shipped-cli-check.sh TESTED_KEYPOLICY SHIPPED_KEYPOLICY: the `keypolicy` that ships links mimalloc, which the
# sanitizer tree the tests run in cannot (cmake/Allocator.cmake). This runs both builds over every policy fixture in
# tests/data at once per context (JSON and SARIF, five contexts as scripts/output-diff.sh) and fails when a byte of
# output or an exit status differs; then the shipped binary's JSON and SARIF are validated against their schemas
# (tests/cli/validate_output.py). scripts/test.sh runs it, so CI tests the allocator that ships.
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: $0 TESTED_KEYPOLICY SHIPPED_KEYPOLICY" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ldd "$2" | grep mimalloc >/dev/null || { echo "$0: $2 does not link mimalloc" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mapfile -t files < <(find "$ROOT/tests/data" -name '*.json' ! -name '*.expect.json' ! -name 'context.json' -size -2M | sort)
contexts=(
    "--no-mwaa"
    ""
    "--region us-west-2 --account 111122223333 --env analytics"
    "--region eu-west-1 --account 111122223333 --env MyEnv --org-id o-a1b2c3d4e5 --key arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    "--region cn-north-1 --account 111122223333 --env prod --execution-role arn:aws-cn:iam::111122223333:role/service-role/AmazonMWAA-prod-abc"
)
status=0
c=0
for ctx in "${contexts[@]}"; do
    c=$((c + 1))
    for format in json sarif text; do
        for build in tested shipped; do
            exe=$1
            [ "$build" = shipped ] && exe=$2
            # shellcheck disable=SC2086
            ASAN_OPTIONS=detect_leaks=1 "$exe" check --format "$format" $ctx "${files[@]}" >"$WORK/$build.$c.$format" 2>&1
            echo "exit $?" >>"$WORK/$build.$c.$format"
        done
        if ! cmp -s "$WORK/tested.$c.$format" "$WORK/shipped.$c.$format"; then
            echo "shipped-cli-check: --format $format $ctx: the shipped build's output differs" >&2
            diff "$WORK/tested.$c.$format" "$WORK/shipped.$c.$format" | head -20 >&2
            status=1
        fi
    done
done
[ $status -eq 0 ] && echo "shipped-cli-check: identical output over ${#files[@]} fixtures x ${#contexts[@]} contexts x 3 formats"
PY=/usr/bin/python3 # Debian's: it has python3-jsonschema and python3-rfc3987 (scripts/lib.sh)
[ -x "$PY" ] || PY=python3
"$PY" "$ROOT/tests/cli/validate_output.py" --core-only "$2" "$ROOT" || status=1
exit $status
