#!/usr/bin/env bash
# Usage: check-manpage.sh KEYPOLICY_1 KEYPOLICY_EXE [COMMAND...]
# The generated man page is clean roff (groff -ww, whatis can parse its NAME) and documents what the built
# keypolicy says about itself: its version, every command `keypolicy --help` lists (and the COMMANDs given: those
# of packaging/aws-commands.txt) and, for each, the usage line, every option and every example of
# `keypolicy COMMAND --help`.
set -euo pipefail
page=$1 exe=$2
shift 2
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

warnings=$(groff -man -Tascii -ww -z "$page" 2>&1)
[ -z "$warnings" ] || fail "groff warns about $page: $warnings"
lexgrog "$page" | grep -q 'keypolicy - ' || fail "lexgrog cannot read the NAME section of $page"
rendered=$(groff -man -Tascii -P-c -P-b -P-u -rLL=200n "$page" 2>/dev/null)
has() {
    grep -qF -- "$1" <<<"$rendered" || fail "the man page lacks: $1"
}

version=$("$exe" --version)
has "$version"

commands=$("$exe" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$commands" ] || fail "keypolicy --help lists no commands"
for cmd in $(printf '%s\n' $commands "$@" | awk '!seen[$0]++'); do
    help=$("$exe" "$cmd" --help) || fail "keypolicy $cmd --help failed"
    usage=$(sed -n 's/^Usage: //p' <<<"$help" | head -1)
    [ -n "$usage" ] || fail "keypolicy $cmd --help has no usage line"
    has "$usage"
    # Option lines: two spaces, then -x or --name; the label ends at a gap of two spaces (the description
    # follows there or on the next, deeper indented lines).
    while IFS= read -r line; do
        label=$(sed -E 's/^ +//; s/  .*$//' <<<"$line")
        case "$label" in -h | "-h, --help" | --help) continue ;; esac
        has "$label"
    done < <(grep -E '^  -' <<<"$help")
    while IFS= read -r example; do
        has "$(sed -E 's/^ +//' <<<"$example")"
    done < <(sed -n '/^Examples:/,/^$/p' <<<"$help" | sed '1d; /^$/d')
    echo "keypolicy $cmd: documented"
done
echo OK
