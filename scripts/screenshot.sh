#!/usr/bin/env bash
# Builds the editor (or reuses build/release), runs it on the bundled sample MWAA policy under Xvfb, and captures
# docs/images/main-window.png with ImageMagick. Usage: [KPS_BUILD_DIR=build/dev] scripts/screenshot.sh [output.png]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KPS_ROOT"

kps_ensure_packages "${KPS_BUILD_PACKAGES[@]}" xvfb xauth x11-utils imagemagick
# KPS_BUILD_DIR reuses another configured build (e.g. build/dev); only the editor target is built.
BUILD=${KPS_BUILD_DIR:-build/release}
if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -S "$KPS_ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF
fi
cmake --build "$BUILD" --target keypolicy-studio --parallel "$(nproc)"

out=${1:-docs/images/main-window.png}
mkdir -p "$(dirname "$out")"
# A fresh home: default layout, no recent files, no autosave to offer.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -m 700 "$home/run"

HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_RUNTIME_DIR="$home/run" \
    xvfb-run -a -s '-screen 0 1400x900x24' bash -c '
        app=$1 policy=$2 out=$3
        "$app" -geometry 1400x900+0+0 "$policy" &
        pid=$!
        # Wait until the window is mapped, then give the live check a moment to underline the findings.
        for _ in $(seq 1 100); do
            xwininfo -root -tree 2>/dev/null | grep -q "Keypolicy Studio" && break
            sleep 0.1
        done
        sleep 2
        import -window root "$out"
        kill "$pid"
        wait "$pid" 2>/dev/null || true
    ' bash "$BUILD/app/keypolicy-studio" "$KPS_ROOT/resources/samples/mwaa-sample-policy.json" "$out"
echo "wrote $out"
