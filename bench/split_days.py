#!/usr/bin/env python3
"""Splits a generated landing folder's collaboration files into one file per source and day, as a
nightly export would land them, and holds back the last day's files (the "one more day").

  split_days.py SRC DEST HELD LAST_DAY

SRC: a landing folder written by `bottomup generate`; DEST: the same folder with
collaboration/<source>-<YYYY-MM-DD>.<ext> files for every day before LAST_DAY; HELD: the files of
LAST_DAY, to be copied into DEST/collaboration for the incremental night. A line is put on the day of
the first date it mentions; a line without one (part of a record spanning lines) stays with the line
before it. The other entities are copied as they are.
"""
import os
import re
import shutil
import sys

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def split(src_file, dest_dir, held_dir, last_day, header):
    name, ext = os.path.splitext(os.path.basename(src_file))
    handles = {}
    day = None
    with open(src_file, encoding="utf-8") as f:
        head = f.readline() if header else ""
        for line in f:
            m = DATE.search(line)
            if m:
                day = m.group()
            key = day or "0000-00-00"
            out = handles.get(key)
            if out is None:
                folder = held_dir if key == last_day else dest_dir
                out = open(os.path.join(folder, f"{name}-{key}{ext}"), "w", encoding="utf-8")
                out.write(head)
                handles[key] = out
            out.write(line)
    for h in handles.values():
        h.close()


def main():
    src, dest, held, last_day = sys.argv[1:5]
    shutil.rmtree(dest, ignore_errors=True)
    shutil.rmtree(held, ignore_errors=True)
    for entity in os.listdir(src):
        if entity != "collaboration" and os.path.isdir(os.path.join(src, entity)):
            shutil.copytree(os.path.join(src, entity), os.path.join(dest, entity))
    os.makedirs(os.path.join(dest, "collaboration"))
    os.makedirs(held)
    for f in sorted(os.listdir(os.path.join(src, "collaboration"))):
        split(os.path.join(src, "collaboration", f), os.path.join(dest, "collaboration"), held, last_day,
              f.endswith(".csv"))


if __name__ == "__main__":
    main()
