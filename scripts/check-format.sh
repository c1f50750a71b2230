#!/usr/bin/env bash
# Usage: scripts/check-format.sh [clang-format] — lists and fails on unformatted tracked C++ files.
set -euo pipefail
cd "$(dirname "$0")/.."
fmt=${1:-clang-format}
bad=0
while IFS= read -r f; do
    [ -f "$f" ] || continue
    if ! "$fmt" --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "not formatted: $f (run: $fmt -i $f)"
        bad=1
    fi
done < <(git ls-files -- '*.cpp' '*.h' 2>/dev/null || find core model aws ui app tests bench -name '*.cpp' -o -name '*.h')
exit $bad
