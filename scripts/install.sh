#!/bin/sh
# Installs a released wgsite binary, checked against its published SHA-256.
#
#   scripts/install.sh VERSION [DEST]
#   curl -fsSL https://raw.githubusercontent.com/wgsite/wgsite/v0.1.0/scripts/install.sh | sh -s -- VERSION [DEST]
#
# VERSION is a release such as 0.1.0 (or v0.1.0); DEST the folder to install `wgsite` into
# (default: ~/.local/bin). The archive wgsite-vVERSION-TARGET.tar.gz (.zip on Windows) and its
# .sha256 are downloaded from $WGSITE_RELEASES/vVERSION/ (default: this project's GitHub
# releases). TARGET is worked out from the machine; WGSITE_TARGET overrides it. On any failure
# (no binary for this machine, a download that fails, a checksum that does not match, an archive
# without the binary) it exits non-zero and leaves DEST as it was; otherwise it replaces
# DEST/wgsite in one rename, so a running wgsite is never half-written.
#
# POSIX sh; needs curl or wget, tar (unzip on Windows) and one of sha256sum, shasum or openssl.
# Everything runs from main, at the end: a download cut short runs nothing.

set -eu

RELEASES_DEFAULT=https://github.com/wgsite/wgsite/releases/download
TARGETS="x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc"

say() { printf 'wgsite install: %s\n' "$*" >&2; }
fail() {
    say "error: $*"
    exit 1
}

usage() {
    cat >&2 <<'EOF'
usage: install.sh VERSION [DEST]
  VERSION  the release to install, such as 0.1.0
  DEST     the folder to put wgsite in (default: ~/.local/bin)
environment:
  WGSITE_TARGET    the target to install (default: this machine's)
  WGSITE_RELEASES  where releases are downloaded from (default: this project's GitHub releases)
EOF
}

# This machine's target, as the release archives name it.
detect_target() {
    os=$(uname -s)
    arch=$(uname -m)
    case "$arch" in
        x86_64 | amd64) arch=x86_64 ;;
        aarch64 | arm64) arch=aarch64 ;;
        *) fail "no release binary for the processor '$arch'; build from source: cargo install --locked --git https://github.com/wgsite/wgsite" ;;
    esac
    case "$os" in
        Linux) echo "$arch-unknown-linux-musl" ;;
        Darwin) echo "$arch-apple-darwin" ;;
        MINGW* | MSYS* | CYGWIN* | Windows_NT) echo "$arch-pc-windows-msvc" ;;
        *) fail "no release binary for the system '$os'; build from source: cargo install --locked --git https://github.com/wgsite/wgsite" ;;
    esac
}

download() { # URL FILE
    if command -v curl >/dev/null 2>&1; then
        curl --proto '=https,http' --fail --silent --show-error --location --retry 2 --output "$2" "$1"
    elif command -v wget >/dev/null 2>&1; then
        wget --quiet --output-document="$2" "$1"
    else
        fail "neither curl nor wget is installed"
    fi
}

sha256_of() { # FILE
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    elif command -v openssl >/dev/null 2>&1; then
        openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1
    else
        fail "no sha256sum, shasum or openssl to check the download with"
    fi
}

# Removes what an install leaves behind, whether it succeeded or not.
cleanup() {
    rm -rf "$tmp"
    if [ -n "$staged" ]; then rm -f "$staged"; fi
}

main() {
    if [ $# -lt 1 ] || [ $# -gt 2 ]; then
        usage
        exit 2
    fi
    case "$1" in -h | --help) usage; exit 0 ;; esac
    version=${1#v}
    # A version is digits and dots with an optional pre-release: nothing that could reach
    # outside the download folder or into a URL's query.
    case "$version" in
        '' | *[!0-9A-Za-z.+-]* | .* | *..*) fail "'$1' is not a version (such as 0.1.0)" ;;
    esac
    dest=${2:-${HOME:?HOME is not set; give DEST}/.local/bin}
    target=${WGSITE_TARGET:-$(detect_target)}
    known=no
    for t in $TARGETS; do
        [ "$t" = "$target" ] && known=yes
    done
    [ "$known" = yes ] || fail "no release binary for the target '$target' (there are: $TARGETS)"

    case "$target" in
        *windows*) ext=zip; exe=wgsite.exe ;;
        *) ext=tar.gz; exe=wgsite ;;
    esac
    name="wgsite-v$version-$target"
    archive="$name.$ext"
    base="${WGSITE_RELEASES:-$RELEASES_DEFAULT}/v$version"

    tmp=$(mktemp -d "${TMPDIR:-/tmp}/wgsite-install.XXXXXX")
    staged=
    trap cleanup EXIT
    trap 'exit 130' INT TERM

    say "downloading $archive"
    download "$base/$archive" "$tmp/$archive" || fail "could not download $base/$archive"
    download "$base/$archive.sha256" "$tmp/$archive.sha256" ||
        fail "could not download $base/$archive.sha256"

    # The checksum file is `sha256sum` output: the hash, two spaces (or a space and `*`), the
    # archive's name.
    read -r expected listed <"$tmp/$archive.sha256" || fail "$archive.sha256 is empty"
    listed=${listed#\*}
    [ "$listed" = "$archive" ] || fail "$archive.sha256 is for '$listed', not $archive"
    actual=$(sha256_of "$tmp/$archive")
    [ "$actual" = "$expected" ] ||
        fail "$archive does not match its checksum (expected $expected, got $actual); nothing was installed"

    mkdir "$tmp/unpacked"
    case "$ext" in
        zip) unzip -q "$tmp/$archive" -d "$tmp/unpacked" || fail "could not unpack $archive" ;;
        *) tar -xzf "$tmp/$archive" -C "$tmp/unpacked" || fail "could not unpack $archive" ;;
    esac
    binary="$tmp/unpacked/$name/$exe"
    [ -f "$binary" ] && [ ! -L "$binary" ] || fail "$archive holds no $name/$exe"

    mkdir -p "$dest" || fail "could not create $dest"
    # Copied beside its final place, then renamed over it: the rename is atomic on one file
    # system, so DEST/wgsite is always either the old binary or the whole new one.
    staged="$dest/.$exe.install-$$"
    cp "$binary" "$staged" || fail "could not write into $dest"
    chmod 755 "$staged" || fail "could not make $staged executable"
    mv -f "$staged" "$dest/$exe" || fail "could not replace $dest/$exe"
    staged=
    say "installed wgsite $version ($target) as $dest/$exe"
    case ":${PATH:-}:" in
        *":$dest:"*) ;;
        *) say "note: $dest is not on your PATH; add it, e.g. export PATH=\"$dest:\$PATH\"" ;;
    esac
}

main "$@"
