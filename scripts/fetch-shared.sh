#!/bin/sh
# Recreates the folder the conformance tests read as ../shared (the real archives in
# shared/corpus/ and the seed minutes in shared/seeds/) from the working groups' public
# repositories, at the commits the archives were copied from. Where ../shared is provided (this
# project's own CI machines), this is not needed; the GitHub CI workflow runs it.
#
#   scripts/fetch-shared.sh DEST        (DEST is usually ../shared)

set -eu
[ $# -eq 1 ] || {
    echo "usage: fetch-shared.sh DEST" >&2
    exit 2
}
dest=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/wgsite-shared.XXXXXX")
trap 'rm -rf "$work"' EXIT

# folder in corpus/, repository, commit, minutes folder in the repository
fetch() {
    git clone --quiet --filter=blob:none --no-checkout "https://github.com/$2.git" "$work/$1"
    mkdir -p "$dest/corpus/$1"
    mkdir "$work/$1.tree"
    git -C "$work/$1" archive "$3" "$4" | tar -x -C "$work/$1.tree"
    cp -R "$work/$1.tree/$4/." "$dest/corpus/$1/"
}

fetch nodejs-security-wg nodejs/security-wg f1288d0d meetings
fetch nodejs-package-maintenance nodejs/package-maintenance 4257d53e meetings
fetch nodejs-loaders nodejs/loaders afb0736c doc/meetings

# The seed is the Security WG's 2023-06-22 minutes as they were handed over: with the one
# mojibake ("…" read as Windows-1252) that the tests check is repaired.
mkdir -p "$dest/seeds"
sed 's/multi-commits…/multi-commitsâ€¦/' "$dest/corpus/nodejs-security-wg/2023-06-22.md" \
    >"$dest/seeds/000_3603d615ccdf8da6.txt"
echo "fetched the real archives into $dest"
