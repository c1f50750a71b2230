#!/usr/bin/env bash
# Shared by scripts/*.sh: install missing Debian packages, configure and build.
# Sourced, not run.

KPS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian 12 packages the build, the tests and the app need. One list, used by every script.
KPS_BUILD_PACKAGES=(cmake ninja-build g++ pkg-config git
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libgl-dev
    nlohmann-json3-dev libyaml-cpp-dev libssl-dev libmimalloc-dev clang-format libbenchmark-dev clang-14 libclang-rt-14-dev
    qt6-qpa-plugins libqt6svg6 fonts-dejavu-core
    poppler-utils desktop-file-utils appstream awscli
    dpkg-dev file man-db
    python3-jsonschema python3-rfc3987)

kps_missing_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    echo "${missing[@]}"
}

# kps_ensure_packages pkg... — apt-get installs whatever is missing (needs root or sudo).
kps_ensure_packages() {
    local missing
    missing=$(kps_missing_packages "$@")
    [ -z "$missing" ] && return 0
    echo "== installing Debian packages: $missing"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq || true
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing
}

# kps_build DIR [cmake args...] — configure once, then build incrementally with Ninja.
kps_build() {
    local dir=$1
    shift
    if [ ! -f "$dir/build.ninja" ]; then
        cmake -S "$KPS_ROOT" -B "$dir" -G Ninja "$@"
    fi
    cmake --build "$dir" --parallel "$(nproc)"
}
