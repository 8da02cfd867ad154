#!/bin/sh
# Packs a built wgsite into its release archive and writes the archive's checksum beside it.
#
#   scripts/pack-release.sh VERSION TARGET BINARY OUTDIR
#
# writes OUTDIR/wgsite-vVERSION-TARGET.tar.gz (.zip for a Windows target) holding
# wgsite-vVERSION-TARGET/wgsite (wgsite.exe on Windows), LICENSE and README.md, and
# OUTDIR/ARCHIVE.sha256 in `sha256sum` format ("HASH  ARCHIVE"), which scripts/install.sh and
# the GitHub Action check. Run from the repository's root (the release workflow does).

set -eu

[ $# -eq 4 ] || {
    echo "usage: pack-release.sh VERSION TARGET BINARY OUTDIR" >&2
    exit 2
}
version=${1#v}
target=$2
binary=$3
outdir=$4

case "$target" in
    *windows*) ext=zip; exe=wgsite.exe ;;
    *) ext=tar.gz; exe=wgsite ;;
esac
name="wgsite-v$version-$target"
archive="$name.$ext"

[ -f "$binary" ] || {
    echo "pack-release.sh: no binary at $binary" >&2
    exit 1
}
mkdir -p "$outdir"
work=$(mktemp -d "${TMPDIR:-/tmp}/wgsite-pack.XXXXXX")
trap 'rm -rf "$work"' EXIT

mkdir "$work/$name"
cp "$binary" "$work/$name/$exe"
chmod 755 "$work/$name/$exe"
cp LICENSE README.md "$work/$name/"

out=$(cd "$outdir" && pwd)
(
    cd "$work"
    case "$ext" in
        zip) if command -v 7z >/dev/null 2>&1; then 7z a -tzip -bd "$out/$archive" "$name" >/dev/null; else zip -qr "$out/$archive" "$name"; fi ;;
        *) tar -czf "$out/$archive" "$name" ;;
    esac
)
(
    cd "$out"
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$archive" >"$archive.sha256"
    else
        shasum -a 256 "$archive" >"$archive.sha256"
    fi
)
echo "$out/$archive"
