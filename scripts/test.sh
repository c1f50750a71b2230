#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and runs every test through ctest.
# The test build uses AddressSanitizer + UndefinedBehaviorSanitizer and -Werror.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KPS_ROOT"

kps_ensure_packages "${KPS_BUILD_PACKAGES[@]}"

# The checker core must build without Qt: configure it alone, as the fuzzers and benchmarks do.
kps_build build/core-only -DCMAKE_BUILD_TYPE=Debug -DKPS_CORE_ONLY=ON -DKPS_WERROR=ON

BUILD=build/test
kps_build "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DKPS_SANITIZE=ON -DKPS_WERROR=ON -DBUILD_TESTING=ON

(cd "$BUILD" && ctest --output-on-failure --parallel "$(nproc)" "$@")

# libFuzzer (clang, build/fuzz): each target for KPS_FUZZ_SECONDS (CI: 60); any crash fails.
# Off by default until a first full run of the fuzz build has been verified (docs/reliability.md, "Status").
if [ "${KPS_FUZZ_SECONDS:-0}" -gt 0 ]; then
    scripts/fuzz.sh "$KPS_FUZZ_SECONDS"
fi
