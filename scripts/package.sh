#!/usr/bin/env bash
# Builds the Debian package (and a .tar.gz) of Keypolicy Studio on a Debian 12 machine: installs the packages the
# build needs, makes a Release build in build/package and runs cpack. Install the result with
#   sudo apt install ./build/package/packages/keypolicy-studio_<version>_<arch>.deb
# See docs/packaging.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KPS_ROOT"

kps_ensure_packages "${KPS_BUILD_PACKAGES[@]}"
BUILD=build/package
kps_build "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF

OUT=$KPS_ROOT/$BUILD/packages
rm -rf "$OUT"
(cd "$BUILD" && cpack -G "DEB;TGZ" -B "$OUT")
rm -rf "$OUT/_CPack_Packages"
echo
echo "Packages:"
ls -1 "$OUT"/*.deb "$OUT"/*.tar.gz
echo
echo "Install with:  sudo apt install $(ls "$OUT"/*.deb)"
