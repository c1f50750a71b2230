#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and runs every test through ctest.
# The test build uses AddressSanitizer + UndefinedBehaviorSanitizer and -Werror.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KPS_ROOT"

# Each phase prints its wall-clock time, so CI logs show where the time budget goes.
kps_phase() { echo "== test.sh: $1 took $((SECONDS - KPS_PHASE_START)) s (total ${SECONDS} s)"; KPS_PHASE_START=$SECONDS; }
KPS_PHASE_START=$SECONDS

kps_ensure_packages "${KPS_BUILD_PACKAGES[@]}"
kps_phase "packages"

# The checker core must build without Qt: the libFuzzer tree (clang, ASan+UBSan, build/fuzz) is configured with
# KPS_CORE_ONLY, so building all of it (checker, keypolicy, tools, fuzz targets) is that proof.
scripts/fuzz.sh 0
kps_phase "core-only fuzz tree build"

# The test tree is compiled with clang-14 (installed above for the fuzzers): with ASan+UBSan it compiles this code in
# about half the CPU time of GCC 12 (845 against about 1,440 CPU seconds on the 2-core machines), which keeps a clean
# build plus all tests inside the 20-minute budget. Release builds (run.sh, packaging, benchmarks) stay on GCC.
# An existing build/test keeps the compiler it was configured with.
BUILD=build/test
CC=$(command -v clang-14 || command -v gcc) CXX=$(command -v clang++-14 || command -v g++) \
    kps_build "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DKPS_SANITIZE=ON -DKPS_WERROR=ON -DBUILD_TESTING=ON
kps_phase "test build (ASan/UBSan)"

(cd "$BUILD" && ctest --output-on-failure --parallel "$(nproc)" "$@")
kps_phase "ctest"

# The allocator that ships: `keypolicy` links mimalloc only outside sanitizer trees, so the tests above never run it.
# A Release core-only tree builds the shipped binary (GCC, as scripts/run.sh and packaging do); its output over every
# fixture must equal the tested build's, and its JSON and SARIF must validate (scripts/shipped-cli-check.sh).
kps_build build/cli-release -DCMAKE_BUILD_TYPE=Release -DKPS_CORE_ONLY=ON -DBUILD_TESTING=OFF
scripts/shipped-cli-check.sh "$BUILD/app/keypolicy" build/cli-release/app/keypolicy
kps_phase "shipped (mimalloc) keypolicy against the tested one"

# libFuzzer (build/fuzz, built above): each target for KPS_FUZZ_SECONDS (default 30; 0 skips); any crash, leak or
# sanitizer report fails. The grown corpus stays in build/fuzz/corpus between runs.
if [ "${KPS_FUZZ_SECONDS:-30}" -gt 0 ]; then
    scripts/fuzz.sh "${KPS_FUZZ_SECONDS:-30}"
    kps_phase "fuzzing"
fi
