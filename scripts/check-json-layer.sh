#!/usr/bin/env bash
# scripts/check-json-layer.sh: fails when core/json includes anything of core/ outside core/json. core/json is the
# layer below the checker (docs/design.md, "Layers"): the parser reports ParseProblems, and core/checker turns them
# into findings; a checker header in core/json would make the two depend on each other again.
set -uo pipefail
cd "$(dirname "$0")/.."
bad=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](core|model|aws|ui|app)/' core/json/*.h core/json/*.cpp \
    | grep -vE '[<"]core/json/')
if [ -n "$bad" ]; then
    echo "core/json must include only core/json (and the standard library, nlohmann/json):"
    echo "$bad"
    exit 1
fi
echo "check-json-layer: core/json includes only core/json"
