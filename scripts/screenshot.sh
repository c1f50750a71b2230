#!/usr/bin/env bash
# Builds the editor (or reuses build/release), runs the real application on the bundled samples under Xvfb and
# captures the screenshots of the documentation with ImageMagick into docs/images/:
#   main-window.png  the sample MWAA policy with its findings (main-window-dark.png: the same, View > Theme > Dark)
#   grant-matrix.png the same policy with the sample key's grants (`--grants`) and the environment name
#   report.png       the first page of the change-ticket report (`keypolicy report` as HTML -> the PDF the editor
#                    exports), when the report command exists
# Rerun it when the UI changes. Usage: [KPS_BUILD_DIR=build/dev] scripts/screenshot.sh [OUTPUT_DIR]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KPS_ROOT"

kps_ensure_packages "${KPS_BUILD_PACKAGES[@]}" xvfb xauth x11-utils imagemagick
# KPS_BUILD_DIR reuses another configured build (e.g. build/dev); only the two programs are built.
BUILD=${KPS_BUILD_DIR:-build/release}
if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -S "$KPS_ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF
fi
cmake --build "$BUILD" --target keypolicy-studio keypolicy --parallel "$(nproc)"

outdir=${1:-docs/images}
mkdir -p "$outdir"
samples=$KPS_ROOT/resources/samples
# A fresh home: default layout, no recent files, no autosave to offer.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -m 700 "$home/run"
export ASAN_OPTIONS=detect_leaks=0 # when KPS_BUILD_DIR is a sanitizer build

# shot OUT.png ARGS...: starts keypolicy-studio with ARGS on a 1280x720 screen (the smallest the window is made for), waits for the window and the live
# check, captures the screen.
shot() {
    local out=$1
    shift
    rm -rf "$home/.config" "$home/.local"
    HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" XDG_RUNTIME_DIR="$home/run" \
        xvfb-run -a -s '-screen 0 1280x720x24' bash -c '
            out=$1 app=$2
            shift 2
            "$app" -geometry 1280x720+0+0 "$@" &
            pid=$!
            for _ in $(seq 1 200); do
                xwininfo -root -tree 2>/dev/null | grep -q "Keypolicy Studio" && break
                sleep 0.1
            done
            sleep 3 # the live check, underlines and matrix
            import -window root "$out"
            kill "$pid"
            wait "$pid" 2>/dev/null || true
        ' bash "$out" "$BUILD/app/keypolicy-studio" "$@"
    echo "wrote $out"
}

shot "$outdir/main-window.png" "$samples/mwaa-sample-policy.json"
shot "$outdir/main-window-dark.png" --theme dark "$samples/mwaa-sample-policy.json"
shot "$outdir/grant-matrix.png" "$samples/mwaa-sample-policy.json" --grants "$samples/mwaa-sample-grants.json" \
    --env MyAirflowEnvironment

# The change-ticket report: rendered by the editor's own PDF export path is not scriptable from outside, so the
# screenshot is the first page of the HTML report printed through the same QTextDocument/QPdfWriter code
# (`keypolicy-studio --export-report`), converted with pdftoppm.
if "$BUILD/app/keypolicy" report --help >/dev/null 2>&1 &&
    QT_QPA_PLATFORM=offscreen "$BUILD/app/keypolicy-studio" --help 2>/dev/null | grep -q -- --export-report; then
    pdf=$home/report.pdf
    # The report names the original's absolute path: a short, fixed one, not this checkout's.
    docs=/tmp/keypolicy-docs
    mkdir -p "$docs"
    cp "$samples/mwaa-sample-policy.json" "$docs/"
    QT_QPA_PLATFORM=offscreen "$BUILD/app/keypolicy-studio" --export-report "$pdf" --env MyAirflowEnvironment \
        --grants "$samples/mwaa-sample-grants.json" "$docs/mwaa-sample-policy.json"
    rm -rf "$docs"
    pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$pdf" "$outdir/report"
    echo "wrote $outdir/report.png"
fi
