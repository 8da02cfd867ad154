#!/usr/bin/env bash
# Whole-build benchmark: times `wgsite build` on synthetic archives of 1k and 10k meetings (and
# 100k with --100k) and prints a markdown table: pages written, wall time, CPU time (user+sys),
# peak memory, and wgsite's own per-stage timings.
#
#   scripts/bench.sh                 # 1k and 10k
#   scripts/bench.sh --100k          # 1k, 10k and 100k
#   scripts/bench.sh --sizes "1000 5000" --runs 3
#
# For each size, once with the search index off and once on (site.toml `[search] enabled`): a
# fresh build with the output on tmpfs (/dev/shm: our own work, without the disk's slow and noisy
# file creation), a rebuild over that output ("files rewritten" counts files whose mtime changed),
# then the same two on disk. Above 10k only the fresh tmpfs build is run. With --runs K every
# measurement is taken K times and the run with the median wall time is shown. --keep keeps the
# generated archives (in $BENCH_TMP/wgsite-bench/archive-N-search-on|off) for profiling.
#
# Environment: BENCH_TMP (default /dev/shm, else $TMPDIR) holds the archives and tmpfs output;
# BENCH_DISK (default target/bench) holds the on-disk output; BENCH_SEED (default 42).
# Full logs go to $BENCH_TMP/wgsite-bench/logs/, the table also to .../results.md.
set -euo pipefail

sizes="1000 10000"
runs=1
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --100k) sizes="1000 10000 100000" ;;
        --sizes) sizes="$2"; shift ;;
        --runs) runs="$2"; shift ;;
        --keep) keep=1 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

TIME=/usr/bin/time
if [ ! -x "$TIME" ] || ! "$TIME" -v true >/dev/null 2>&1; then
    echo "error: GNU time is needed for wall/CPU/peak-memory figures; install it with:" >&2
    echo "    apt-get install -y time" >&2
    exit 1
fi

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
if [ -n "${BENCH_TMP:-}" ]; then tmp="$BENCH_TMP"
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then tmp=/dev/shm
else tmp="${TMPDIR:-/tmp}"; fi
work="$tmp/wgsite-bench"
disk="${BENCH_DISK:-$repo/target/bench}"
seed="${BENCH_SEED:-42}"
logs="$work/logs"
mkdir -p "$work" "$logs" "$disk"

echo "building (release) ..." >&2
# One cargo invocation for both, so the library is compiled once with one feature set.
cargo build --release --quiet --bin wgsite --example gen_archive
target_dir="$(cargo metadata --format-version 1 --no-deps 2>/dev/null \
    | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
bin="${target_dir:-$repo/target}/release/wgsite"
gen="${target_dir:-$repo/target}/release/examples/gen_archive"

cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
mem_gb="$(awk '/^MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo)"
fs_tmp="$(df -T "$work" | awk 'NR==2 {print $2}')"
fs_disk="$(df -T "$disk" | awk 'NR==2 {print $2}')"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo '+dirty')"

secs() { # GNU time's "h:mm:ss" or "m:ss.ss" → seconds
    awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }' <<<"$1"
}

# measure LABEL ROOT OUT N KIND PLACE SEARCH → one table row (the log is kept as $logs/LABEL.log)
measure() {
    local label="$1" root="$2" out="$3" n="$4" kind="$5" place="$6" search="$7" best_log="" walls=()
    local marker="$work/.marker"
    for ((r = 1; r <= runs; r++)); do
        local log="$logs/$label.run$r.log"
        [ "$kind" = fresh ] && rm -rf "$out"
        touch "$marker"; sleep 0.01
        if ! "$TIME" -v "$bin" build --timings --root "$root" --output "$out" >"$log" 2>&1; then
            echo "error: wgsite build failed ($label); see $log" >&2
            tail -20 "$log" >&2
            exit 1
        fi
        # Files whose bytes were (re)written in this run: newer than the marker.
        echo "rewritten=$(find "$out" -type f -newer "$marker" | wc -l)" >>"$log"
        walls+=("$(secs "$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$log")") $log")
    done
    best_log="$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p" | cut -d' ' -f2)"
    cp "$best_log" "$logs/$label.log"
    local log="$logs/$label.log"
    local wall user sys rss pages rewritten stages
    wall="$(secs "$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$log")")"
    user="$(sed -n 's/.*User time (seconds): //p' "$log")"
    sys="$(sed -n 's/.*System time (seconds): //p' "$log")"
    rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")"
    pages="$(find "$out" -type f | wc -l)"
    rewritten="$(sed -n 's/^rewritten=//p' "$log")"
    # wgsite's "  stage   123.4 ms" lines → "load 77 · parse 294 · …"
    stages="$(awk '/^  [a-z]+ +[0-9.]+ ms$/ {printf "%s%s %.0f", sep, $1, $2; sep=" · "}' "$log")"
    awk -v n="$n" -v search="$search" -v kind="$kind" -v place="$place" -v pages="$pages" \
        -v rw="$rewritten" -v wall="$wall" -v user="$user" -v sys="$sys" -v rss="$rss" \
        -v stages="$stages" \
        'BEGIN { printf "| %s | %s | %s | %s | %s | %s | %.2f | %.2f (%.2f + %.2f) | %.0f | %s ms |\n",
                 n, search, kind, place, pages, rw, wall, user + sys, user, sys, rss / 1024, stages }'
}

rows=()
for n in $sizes; do
    for search in off on; do
        root="$work/archive-$n-search-$search"
        echo "generating $n meetings (search $search) into $root ..." >&2
        flag=""; [ "$search" = off ] && flag="--no-search"
        "$gen" --meetings "$n" --out "$root" --seed "$seed" --force $flag
        # Above 10k only the headline figure (fresh, tmpfs): the others take long and add little.
        if [ "$n" -gt 10000 ]; then cases="tmpfs:fresh"
        else cases="tmpfs:fresh tmpfs:rebuild disk:fresh disk:rebuild"; fi
        for case in $cases; do
            place="${case%%:*}" kind="${case##*:}"
            if [ "$place" = tmpfs ]; then out="$work/out-$n"; else out="$disk/out-$n"; fi
            echo "  $n meetings, search $search, $kind, output on $place ..." >&2
            row="$(measure "$n-search-$search-$place-$kind" "$root" "$out" "$n" "$kind" "$place" "$search")" || exit 1
            rows+=("$row")
        done
        rm -rf "$disk/out-$n" "$work/out-$n"
    done
    [ "$keep" = 1 ] || rm -rf "$work/archive-$n-search-off" "$work/archive-$n-search-on"
done

{
    echo "machine: $(nproc) cores, $cpu, ${mem_gb} GB RAM, $(uname -sr); wgsite $commit;" \
        "load average before the run: $load; tmpfs = $work ($fs_tmp), disk = $disk ($fs_disk)"
    echo
    echo "| meetings | search | build | output | files written | files rewritten | wall (s) | CPU user+sys (s) | peak RSS (MB) | stages (wgsite --timings) |"
    echo "|---:|---|---|---|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${rows[@]}"
} | tee "$work/results.md"
echo >&2
echo "(table also in $work/results.md; logs in $logs)" >&2
