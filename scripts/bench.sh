#!/usr/bin/env bash
# Whole-build benchmark: times `wgsite build` on synthetic archives of 1k and 10k meetings (and
# 100k with --100k) and prints a markdown table: files written, wall time, CPU time (user+sys),
# peak memory, and wgsite's own per-stage timings (`--timings`).
#
#   scripts/bench.sh                     # 1k and 10k, search index off and on
#   scripts/bench.sh --100k              # also 100k (search on at 100k needs ~27 GB, more than
#                                        # a 24 GB machine, and its search stage grows faster
#                                        # than the archive; prefer --sizes 100000 --search off)
#   scripts/bench.sh --sizes "1000 30000" --search off --runs 3
#   scripts/bench.sh --table             # print the table of the last run again (from its logs)
#
# For each size and search setting (site.toml `[search] enabled`): a fresh build with the output
# on tmpfs (/dev/shm: our own work, without the disk's slow and noisy file creation), a rebuild
# over that output ("files rewritten" counts files whose mtime changed), then the same two on
# disk. Above 10k only a fresh build with the output on disk is run (the output, ~1 GB per 10k
# meetings, would take from tmpfs the memory the build needs). Each build runs under `ulimit -v`
# (BENCH_MEM_GB, default 3/4 of the memory available at the start): a build that runs out is a
# "failed" row instead of an OOM kill of the machine's other work. With --runs K every
# measurement is taken K times and the run with the median wall time is shown. --keep keeps the
# generated archives ($BENCH_TMP/wgsite-bench/archive-N-search-on|off), e.g. for profiling.
#
# Environment: BENCH_TMP (default /dev/shm, else $TMPDIR) holds the archives and tmpfs output;
# BENCH_DISK (default target/bench) holds the on-disk output; BENCH_SEED (default 42).
# Logs go to $BENCH_TMP/wgsite-bench/logs/, the table also to $BENCH_TMP/wgsite-bench/results.md.
set -euo pipefail

sizes="1000 10000"
searches="off on"
runs=1
keep=0
table_only=0
while [ $# -gt 0 ]; do
    case "$1" in
        --100k) sizes="1000 10000 100000" ;;
        --sizes) sizes="$2"; shift ;;
        --search) searches="$2"; [ "$2" = both ] && searches="off on"; shift ;;
        --runs) runs="$2"; shift ;;
        --keep) keep=1 ;;
        --table) table_only=1 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
if [ -n "${BENCH_TMP:-}" ]; then tmp="$BENCH_TMP"
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then tmp=/dev/shm
else tmp="${TMPDIR:-/tmp}"; fi
work="$tmp/wgsite-bench"
disk="${BENCH_DISK:-$repo/target/bench}"
seed="${BENCH_SEED:-42}"
logs="$work/logs"

secs() { # GNU time's "h:mm:ss" or "m:ss.ss" → seconds
    awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }' <<<"$1"
}
field() { sed -n "s/^$1=//p" "$2" | tail -1; }

# row LOG → one table row from a kept log (its `key=value` lines and GNU time's report)
row() {
    local log="$1" n search kind place
    n="$(field n "$log")" search="$(field search "$log")"
    kind="$(field kind "$log")" place="$(field place "$log")"
    if [ "$(field failed "$log")" = memory ]; then
        echo "| $n | $search | $kind | $place | - | - | failed | - | > $(field limit_gb "$log") GB (limit) | out of memory: $(grep -m1 -o 'memory allocation of [0-9]* bytes failed' "$log" || echo 'an allocation failed') |"
        return
    fi
    local wall user sys rss stages
    wall="$(secs "$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$log")")"
    user="$(sed -n 's/.*User time (seconds): //p' "$log")"
    sys="$(sed -n 's/.*System time (seconds): //p' "$log")"
    rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")"
    # wgsite's "  stage   123.4 ms" lines → "load 77 · parse 294 · …"
    stages="$(awk '/^  [a-z]+ +[0-9.]+ ms$/ {printf "%s%s %.0f", sep, $1, $2; sep=" · "}' "$log")"
    awk -v n="$n" -v search="$search" -v kind="$kind" -v place="$place" \
        -v pages="$(field pages "$log")" -v rw="$(field rewritten "$log")" -v wall="$wall" \
        -v user="$user" -v sys="$sys" -v rss="$rss" -v stages="$stages" \
        'BEGIN { printf "| %s | %s | %s | %s | %s | %s | %.2f | %.2f (%.2f + %.2f) | %.0f | %s ms |\n",
                 n, search, kind, place, pages, rw, wall, user + sys, user, sys, rss / 1024, stages }'
}

table() {
    cat "$work/machine.txt"
    echo
    echo "| meetings | search | build | output | files written | files rewritten | wall (s) | CPU user+sys (s) | peak RSS (MB) | stages (wgsite --timings) |"
    echo "|---:|---|---|---|---:|---:|---:|---:|---:|---|"
    while read -r label; do row "$logs/$label.log"; done <"$work/labels.txt"
}

if [ "$table_only" = 1 ]; then
    table
    exit 0
fi

TIME=/usr/bin/time
if [ ! -x "$TIME" ] || ! "$TIME" -v true >/dev/null 2>&1; then
    echo "error: GNU time is needed for wall/CPU/peak-memory figures; install it with:" >&2
    echo "    apt-get install -y time" >&2
    exit 1
fi

mkdir -p "$work" "$logs" "$disk"
echo "building (release) ..." >&2
# One cargo invocation for both, so the library is compiled once with one feature set.
cargo build --release --quiet --bin wgsite --example gen_archive
target_dir="$(cargo metadata --format-version 1 --no-deps 2>/dev/null \
    | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
bin="${target_dir:-$repo/target}/release/wgsite"
gen="${target_dir:-$repo/target}/release/examples/gen_archive"

# Address-space limit for each build, in GB.
mem_limit_gb="${BENCH_MEM_GB:-$(awk '/^MemAvailable/ {printf "%d", $2 * 0.75 / 1048576}' /proc/meminfo)}"
mem_limit_kb=$((mem_limit_gb * 1024 * 1024))
{
    cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    mem_gb="$(awk '/^MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo)"
    commit="$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    git diff --quiet HEAD -- src 2>/dev/null || commit="$commit+uncommitted"
    echo "machine: $(nproc) cores ($cpu), ${mem_gb} GB RAM, $(uname -sr); wgsite $commit;" \
        "load average at the start $(cut -d' ' -f1-3 /proc/loadavg); tmpfs: $work" \
        "($(df -T "$work" | awk 'NR==2 {print $2}')), disk: $disk" \
        "($(df -T "$disk" | awk 'NR==2 {print $2}')); memory limit per build ${mem_limit_gb} GB"
} >"$work/machine.txt"
: >"$work/labels.txt"

# measure LABEL ROOT OUT N KIND PLACE SEARCH → keeps the median run's log as $logs/LABEL.log
measure() {
    local label="$1" root="$2" out="$3" n="$4" kind="$5" place="$6" search="$7" walls=()
    local marker="$work/.marker"
    echo "$label" >>"$work/labels.txt"
    for ((r = 1; r <= runs; r++)); do
        local log="$logs/$label.run$r.log"
        [ "$kind" = fresh ] && rm -rf "$out"
        touch "$marker"
        sleep 0.01
        if ! (ulimit -v "$mem_limit_kb"; exec "$TIME" -v "$bin" build --timings --root "$root" \
            --output "$out") >"$log" 2>&1; then
            if grep -q "memory allocation\|Cannot allocate\|out of memory" "$log"; then
                echo "    ran out of memory (limit ${mem_limit_gb} GB); see $log" >&2
                printf 'n=%s\nsearch=%s\nkind=%s\nplace=%s\nfailed=memory\nlimit_gb=%s\n' \
                    "$n" "$search" "$kind" "$place" "$mem_limit_gb" >>"$log"
                cp "$log" "$logs/$label.log"
                return 0
            fi
            echo "error: wgsite build failed ($label); see $log" >&2
            tail -20 "$log" >&2
            exit 1
        fi
        # Files whose mtime changed in this run, and all files in the output.
        printf 'n=%s\nsearch=%s\nkind=%s\nplace=%s\nrewritten=%s\npages=%s\n' "$n" "$search" \
            "$kind" "$place" "$(find "$out" -type f -newer "$marker" | wc -l)" \
            "$(find "$out" -type f | wc -l)" >>"$log"
        walls+=("$(secs "$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$log")") $log")
    done
    cp "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p" | cut -d' ' -f2)" \
        "$logs/$label.log"
}

for n in $sizes; do
    for search in $searches; do
        root="$work/archive-$n-search-$search"
        echo "generating $n meetings (search $search) into $root ..." >&2
        flag=""
        [ "$search" = off ] && flag="--no-search"
        "$gen" --meetings "$n" --out "$root" --seed "$seed" --force $flag
        if [ "$n" -gt 10000 ]; then cases="disk:fresh"
        else cases="tmpfs:fresh tmpfs:rebuild disk:fresh disk:rebuild"; fi
        for case in $cases; do
            place="${case%%:*}" kind="${case##*:}"
            if [ "$place" = tmpfs ]; then out="$work/out-$n"; else out="$disk/out-$n"; fi
            echo "  $n meetings, search $search, $kind, output on $place ..." >&2
            measure "$n-search-$search-$place-$kind" "$root" "$out" "$n" "$kind" "$place" "$search"
        done
        rm -rf "$disk/out-$n" "$work/out-$n"
        [ "$keep" = 1 ] || rm -rf "$root"
    done
done

table | tee "$work/results.md"
echo >&2
echo "(table also in $work/results.md; logs in $logs)" >&2
