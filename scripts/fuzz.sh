#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang in build/fuzz (ASan + UBSan + libFuzzer, core only) and runs
# each for SECONDS (default 60). Any crash, leak, sanitizer report or invariant violation fails the script; the
# offending input is left in build/fuzz/artifacts/ and should become a regression fixture in tests/data/hostile/.
# Usage: scripts/fuzz.sh [SECONDS] [target...]
# SECONDS 0 builds everything of the core-only fuzz tree (checker, keypolicy, tools, fuzz targets) and runs nothing:
# scripts/test.sh uses that as its proof that core/ builds without Qt.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KPS_ROOT"

SECONDS_PER_TARGET=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(fuzz_check fuzz_grants fuzz_cli fuzz_template)

kps_ensure_packages clang-14 libclang-rt-14-dev cmake ninja-build nlohmann-json3-dev libyaml-cpp-dev libssl-dev
CC=$(command -v clang-14 || command -v clang || true)
CXX=$(command -v clang++-14 || command -v clang++ || true)
if [ -z "$CXX" ]; then
    echo "== fuzz: SKIPPED — clang is not available (install clang-14 and libclang-rt-14-dev)"
    if [ "$SECONDS_PER_TARGET" -eq 0 ]; then
        # Still prove that the checker core builds without Qt, with the default compiler.
        kps_build build/core-only -DCMAKE_BUILD_TYPE=Debug -DKPS_CORE_ONLY=ON -DKPS_WERROR=ON
    fi
    exit 0
fi

BUILD=build/fuzz
if [ ! -f "$BUILD/build.ninja" ]; then
    CC=$CC CXX=$CXX cmake -S "$KPS_ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DKPS_CORE_ONLY=ON -DKPS_FUZZ=ON -DKPS_WERROR=ON -DBUILD_TESTING=OFF
fi
if [ "$SECONDS_PER_TARGET" -eq 0 ]; then
    cmake --build "$BUILD" --parallel "$(nproc)"
    exit 0
fi
cmake --build "$BUILD" --parallel "$(nproc)" --target "${TARGETS[@]}"

# Seed corpus: every fixture of the test suite (policies, get-key-policy wrappers, grants, hostile inputs).
SEEDS="$BUILD/seeds"
rm -rf "$SEEDS"
mkdir -p "$SEEDS/check" "$SEEDS/grants" "$SEEDS/template" "$BUILD/artifacts"
find tests/data/policies tests/data/editor tests/data/kms/policies tests/data/hostile tests/cli/data \
    -type f -size -64k 2>/dev/null | while read -r f; do cp "$f" "$SEEDS/check/$(echo "$f" | tr / _)"; done
find tests/data/grants tests/data/kms/grants tests/data/hostile -type f -size -64k 2>/dev/null \
    | while read -r f; do cp "$f" "$SEEDS/grants/$(echo "$f" | tr / _)"; done
# Templates and plans (tests/data/iac, fuzz/template-seeds: short pieces of YAML that reach the tags and intrinsics).
find tests/data/iac fuzz/template-seeds -type f -size -64k 2>/dev/null \
    | while read -r f; do cp "$f" "$SEEDS/template/$(echo "$f" | tr / _)"; done

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for target in "${TARGETS[@]}"; do
    case $target in
        fuzz_grants) seeds=$SEEDS/grants ;;
        fuzz_template) seeds=$SEEDS/template ;;
        *) seeds=$SEEDS/check ;;
    esac
    corpus="$BUILD/corpus/$target"
    mkdir -p "$corpus"
    echo "== fuzz: $target for ${SECONDS_PER_TARGET}s"
    if ! "$BUILD/fuzz/$target" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -dict=fuzz/policy.dict -artifact_prefix="$BUILD/artifacts/$target-" -print_final_stats=1 \
        "$corpus" "$seeds" >"$BUILD/$target.log" 2>&1; then
        tail -n 60 "$BUILD/$target.log"
        echo "== fuzz: $target FAILED (input in $BUILD/artifacts/)"
        status=1
    else
        grep -E '^stat::number_of_executed_units|^Done' "$BUILD/$target.log" || true
    fi
done
exit $status
