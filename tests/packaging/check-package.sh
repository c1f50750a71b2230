#!/usr/bin/env bash
# Usage: check-package.sh BUILD_DIR VERSION APP_ID SAMPLE_POLICY
# Builds the .deb and .tar.gz of an already built tree with cpack (no rebuild), unpacks the .deb into a temporary
# root with dpkg -x and checks what a user gets: the control fields, every installed file, the desktop file,
# metainfo and man page, and that the packaged programs run (both print the project version; keypolicy check on
# the sample gives exactly what the build tree's keypolicy gives).
set -euo pipefail
build=$1 version=$2 appid=$3 sample=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

echo "== cpack (DEB, TGZ) into $tmp/out"
if ! cpack --config "$build/CPackConfig.cmake" -G "DEB;TGZ" -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
    cat "$tmp/cpack.log"
    fail "cpack failed"
fi
debs=("$tmp"/out/*.deb)
tgzs=("$tmp"/out/*.tar.gz)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one .deb in $tmp/out: $(ls "$tmp/out")"
[ ${#tgzs[@]} -eq 1 ] && [ -f "${tgzs[0]}" ] || fail "expected one .tar.gz in $tmp/out: $(ls "$tmp/out")"
deb=${debs[0]}
echo "   $(basename "$deb") $(basename "${tgzs[0]}")"

echo "== control fields"
[ "$(dpkg-deb -f "$deb" Package)" = keypolicy-studio ] || fail "Package is $(dpkg-deb -f "$deb" Package)"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is $(dpkg-deb -f "$deb" Version), not $version"
depends=$(dpkg-deb -f "$deb" Depends)
echo "   Depends: $depends"
for dep in libqt6widgets6 libqt6core6 libstdc++6 qt6-qpa-plugins; do
    [[ ",$depends," == *[\ ,]"$dep"[\ ,\(]* ]] || fail "Depends lacks $dep"
done

echo "== files"
root=$tmp/root
dpkg -x "$deb" "$root"
for f in usr/bin/keypolicy usr/bin/keypolicy-studio \
    "usr/share/applications/$appid.desktop" \
    "usr/share/metainfo/$appid.metainfo.xml" \
    "usr/share/icons/hicolor/scalable/apps/$appid.svg" \
    usr/share/man/man1/keypolicy.1 \
    usr/share/doc/keypolicy-studio/findings.md \
    usr/share/doc/keypolicy-studio/user-guide.md \
    usr/share/doc/keypolicy-studio/copyright; do
    [ -f "$root/$f" ] || fail "the package lacks /$f"
done
[ -x "$root/usr/bin/keypolicy" ] && [ -x "$root/usr/bin/keypolicy-studio" ] || fail "executables are not executable"
tar -tzf "${tgzs[0]}" >"$tmp/tgz.list"
grep -q '/bin/keypolicy$' "$tmp/tgz.list" || fail "the .tar.gz lacks bin/keypolicy"
grep -q "/share/metainfo/$appid.metainfo.xml$" "$tmp/tgz.list" || fail "the .tar.gz lacks the metainfo"

echo "== desktop file and metainfo as installed"
desktop-file-validate "$root/usr/share/applications/$appid.desktop"
grep -qx "Exec=keypolicy-studio %F" "$root/usr/share/applications/$appid.desktop" || fail "Exec is not keypolicy-studio %F"
grep -qx "MimeType=application/json;" "$root/usr/share/applications/$appid.desktop" || fail "MimeType"
appstreamcli validate --no-net "$root/usr/share/metainfo/$appid.metainfo.xml"
grep -q "<release version=\"$version\"" "$root/usr/share/metainfo/$appid.metainfo.xml" ||
    fail "the metainfo has no release $version"

echo "== man page"
warnings=$(groff -man -Tutf8 -ww -z "$root/usr/share/man/man1/keypolicy.1" 2>&1)
[ -z "$warnings" ] || fail "groff warns about keypolicy.1: $warnings"
man -l "$root/usr/share/man/man1/keypolicy.1" 2>/dev/null | grep -q "keypolicy $version" ||
    fail "man -l keypolicy.1 does not show keypolicy $version"

echo "== the packaged keypolicy runs"
out=$("$root/usr/bin/keypolicy" --version) || fail "keypolicy --version failed"
echo "   $out"
[ "$out" = "keypolicy $version" ] || fail "keypolicy --version prints '$out', not 'keypolicy $version'"
out=$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/keypolicy-studio" --version 2>/dev/null) ||
    fail "keypolicy-studio --version failed"
echo "   $out"
[[ "$out" == *" $version" ]] || fail "keypolicy-studio --version prints '$out', not version $version"
set +e
"$root/usr/bin/keypolicy" check "$sample" >"$tmp/packaged.out" 2>&1
packaged=$?
"$build/app/keypolicy" check "$sample" >"$tmp/built.out" 2>&1
built=$?
set -e
cat "$tmp/packaged.out"
[ $packaged -le 1 ] || fail "keypolicy check on the sample exits $packaged"
[ $packaged -eq $built ] || fail "packaged keypolicy exits $packaged, the build tree's $built"
diff -u "$tmp/built.out" "$tmp/packaged.out" || fail "packaged and built keypolicy disagree on the sample"
echo "OK"
