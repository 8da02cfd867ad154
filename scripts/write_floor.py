#!/usr/bin/env python3
"""The kernel's share of writing a site: reads every file of a built output folder into memory,
then writes them all again into a fresh folder beside it (one thread), three times, printing the
wall, user and system time of the writing. The system time is what putting those bytes and
files on that file system costs, whatever program writes them.

    scripts/write_floor.py /dev/shm/out-10k
"""
import os
import shutil
import sys
import time

src = sys.argv[1].rstrip("/")
dst = src + ".write-floor"
files = []
for folder, _, names in os.walk(src):
    for name in names:
        path = os.path.join(folder, name)
        with open(path, "rb") as f:
            files.append((os.path.relpath(path, src), f.read()))
print(f"{len(files)} files, {sum(len(b) for _, b in files) / 1e6:.0f} MB")
for _ in range(3):
    shutil.rmtree(dst, ignore_errors=True)
    made = set()
    before, start = os.times(), time.time()
    for rel, data in files:
        folder = os.path.dirname(rel)
        if folder not in made:
            os.makedirs(os.path.join(dst, folder), exist_ok=True)
            made.add(folder)
        with open(os.path.join(dst, rel), "wb") as f:
            f.write(data)
    after, end = os.times(), time.time()
    print(f"wall {end - start:.2f} s, user {after.user - before.user:.2f} s, "
          f"system {after.system - before.system:.2f} s")
shutil.rmtree(dst, ignore_errors=True)
