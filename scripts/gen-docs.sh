#!/usr/bin/env bash
# Regenerates the documentation that is made from the code: docs/findings.md, from the finding catalogue
# (core/checker/Rules.cpp) and the rule fixtures (tests/data/policies/<CODE>/fail-*.json). Run it after changing
# either, or the checker's messages; the test docs_findings_reference fails until you do.
# Builds only the Qt-free core and the generator (build/docs), so it is quick.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KPS_ROOT"

kps_ensure_packages cmake ninja-build g++ nlohmann-json3-dev libyaml-cpp-dev libssl-dev
BUILD=build/docs
kps_build "$BUILD" -DKPS_CORE_ONLY=ON

tmp=$(mktemp docs/.findings.md.XXXXXX)
trap 'rm -f "$tmp"' EXIT
"$BUILD/tools/kps-findingref" --fixtures tests/data/policies >"$tmp"
chmod 644 "$tmp"
if cmp -s "$tmp" docs/findings.md; then
    echo "docs/findings.md is up to date"
else
    mv "$tmp" docs/findings.md
    echo "docs/findings.md regenerated: review and commit it"
    git --no-pager diff --stat -- docs/findings.md || true
fi
