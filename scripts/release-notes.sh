#!/bin/sh
# Prints the CHANGELOG.md section of a version: the lines after its `## X.Y.Z` heading (which may
# go on with ` - DATE`) up to the next `## ` heading. Fails when the version has no section or
# an empty one, so that no release goes out without notes.
#
#   scripts/release-notes.sh VERSION [CHANGELOG]

set -eu
[ $# -ge 1 ] || {
    echo "usage: release-notes.sh VERSION [CHANGELOG]" >&2
    exit 2
}
version=${1#v}
changelog=${2:-CHANGELOG.md}
notes=$(awk -v v="$version" '
    /^## / {
        if (inside) exit
        heading = substr($0, 4)
        sub(/[ \t]+-.*$/, "", heading)
        sub(/^\[/, "", heading); sub(/\].*$/, "", heading)
        inside = (heading == v)
        next
    }
    inside { print }
' "$changelog")
if [ -z "$(printf '%s' "$notes" | tr -d '[:space:]')" ]; then
    echo "release-notes.sh: $changelog has no notes under '## $version'" >&2
    exit 1
fi
printf '%s\n' "$notes"
