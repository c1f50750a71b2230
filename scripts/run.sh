#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds, and opens the editor on the bundled sample MWAA policy.
# Extra arguments go to the editor (e.g. another policy file).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KPS_ROOT"

kps_ensure_packages "${KPS_BUILD_PACKAGES[@]}"
BUILD=build/release
kps_build "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF

if [ $# -eq 0 ]; then
    set -- "$KPS_ROOT/resources/samples/mwaa-sample-policy.json"
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "No display: checking the sample with the command line instead of opening the editor."
    exec "$BUILD/app/keypolicy" check "$@"
fi
exec "$BUILD/app/keypolicy-studio" "$@"
