#!/usr/bin/env python3
"""Edit-to-page latency of `wgsite serve`, measured from outside like a reader would see it.

    scripts/serve_latency.py SITE_DIR [--rounds 6] [--mode notes|item] [--bin target/release/wgsite]

Starts `wgsite serve --no-search` on a free port, picks the middle minutes file of SITE_DIR's
content folder, and per round saves an edit, then polls the meeting's page over HTTP every 2 ms
until the edit shows. `notes` types a note under the first agenda item (the common edit while
taking minutes); `item` adds an agenda item citing a new issue (the archive's structure
changes: issue pages, lists and neighbours). Prints each round and the median, debounce
included; in `item` mode also when the new issue is listed on /issues/recent/ (the serve shows
the edited page before it has made the lists; a request for a list waits until it is made).
The file is restored at the end.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.read().decode("utf-8", "replace")
    except OSError:
        return ""


def edited(text, mode, marker):
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if re.match(r"^[*-] .*\]\(https://github\.com/[^)]+/(issues|pull)/\d+\)", line):
            if mode == "notes":
                lines.insert(i + 1, f"  * {marker} typed during the meeting")
            else:
                lines.insert(i, f"* {marker} [#987654](https://github.com/acme/wg/issues/987654)")
            return "\n".join(lines)
    sys.exit("no agenda item found in the minutes file")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--mode", choices=["notes", "item"], default="notes")
    ap.add_argument("--bin", default="target/release/wgsite")
    args = ap.parse_args()

    content = os.path.join(args.site, "content")
    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(content) for f in fs if f.endswith(".md")
    )
    target = files[len(files) // 2]
    date = re.search(r"\d{4}-\d{2}-\d{2}", os.path.basename(target)).group(0)
    original = open(target, encoding="utf-8").read()
    port = free_port()
    server = subprocess.Popen(
        [args.bin, "serve", "--root", args.site, "--port", str(port), "--no-search"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = None
        for line in server.stdout:
            m = re.search(r"http://127\.0\.0\.1:\d+(/[^\s]*)", line)
            if m:
                base = f"http://127.0.0.1:{port}{m.group(1)}"
                break
        if base is None:
            sys.exit("wgsite serve did not print its URL")
        page = f"{base.rstrip('/')}/meetings/{date}/"
        deadline = time.time() + 600
        while "<html" not in fetch(page):
            if time.time() > deadline:
                sys.exit(f"{page} never served")
            time.sleep(0.05)
        times = []
        listed = []
        for r in range(args.rounds):
            marker = f"Latency probe {r} {time.time_ns()}"
            text = edited(original, args.mode, marker)
            time.sleep(0.3)  # let the previous round's rebuild settle
            start = time.perf_counter()
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            while marker not in fetch(page):
                if time.perf_counter() - start > 60:
                    sys.exit(f"round {r}: the edit never showed on {page}")
                time.sleep(0.002)
            ms = (time.perf_counter() - start) * 1000
            times.append(ms)
            if args.mode == "item":
                index = f"{base.rstrip('/')}/issues/recent/"
                while marker not in fetch(index):
                    if time.perf_counter() - start > 60:
                        sys.exit(f"round {r}: the new issue never showed on {index}")
                    time.sleep(0.002)
                listed.append((time.perf_counter() - start) * 1000)
                print(f"round {r}: {ms:.0f} ms, listed after {listed[-1]:.0f} ms")
            else:
                print(f"round {r}: {ms:.0f} ms")
        print(f"mode {args.mode}: median edit -> page served {statistics.median(times):.0f} ms "
              f"over {len(times)} rounds ({len(files)} minutes files)")
        if listed:
            print(f"median edit -> new issue listed {statistics.median(listed):.0f} ms")
    finally:
        with open(target, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
