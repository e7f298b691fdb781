"""Checking that a segment is what its build wrote, cheaply enough to do at every open.

The manifest records, for every file of a segment, its size, the crc32 of the whole file
and the crc32 of its edges (the first and last EDGE bytes). Opening checks:

- every file's size (one stat each): catches truncation and files missing or added;
- files up to SMALL bytes (articles.json, aliases.json, the small arrays, the .npy
  headers' worth of a tiny segment) by their whole crc32;
- larger files (postings, passage text) by the crc32 of their edges, which holds the
  .npy header (dtype, shape) and the end of the data.

At a million passages that reads about 2 MB and costs a few milliseconds, where a full
crc32 of the ~400 MB of arrays would cost a second at every start. What this leaves
unchecked is a change inside a large file that keeps its size; the whole-file crc32 is
recorded for that case, and `verify(..., deep=True)` checks it (no command runs it
yet).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

SMALL = 1 << 20
EDGE = 1 << 16
_READ = 1 << 20


def record(directory: Path) -> dict[str, list[int]]:
    """File name → [size, crc32 of the whole file, crc32 of its edges]."""
    recorded: dict[str, list[int]] = {}
    for path in sorted(directory.iterdir(), key=lambda p: p.name):
        if path.is_file():
            size = path.stat().st_size
            recorded[path.name] = [size, _crc_whole(path), _crc_edges(path, size)]
    return recorded


def verify(directory: Path, recorded: dict[str, list[int]], *, deep: bool = False) -> str | None:
    """What is wrong with `directory` compared with `recorded`; None when it matches."""
    try:
        present = {entry.name: entry.stat().st_size for entry in os.scandir(directory) if entry.is_file()}
    except OSError as exc:
        return f"{directory.name} cannot be read ({exc.strerror or exc})"
    if present.keys() != recorded.keys():
        missing = sorted(recorded.keys() - present.keys())
        extra = sorted(present.keys() - recorded.keys())
        return f"{directory.name}: files missing {missing} or unexpected {extra}"
    for name, (size, whole, edges) in recorded.items():
        path = directory / name
        if present[name] != size:
            return f"{directory.name}/{name} has {present[name]} bytes, {size} were written"
        try:
            if deep or size <= SMALL:
                if _crc_whole(path) != whole:
                    return f"{directory.name}/{name} does not match its checksum"
            elif _crc_edges(path, size) != edges:
                return f"{directory.name}/{name} does not match its checksum"
        except OSError as exc:
            return f"{directory.name}/{name} cannot be read ({exc.strerror or exc})"
    return None


def well_formed(recorded: object) -> bool:
    return isinstance(recorded, dict) and all(
        isinstance(name, str)
        and isinstance(value, list)
        and len(value) == 3
        and all(isinstance(number, int) for number in value)
        for name, value in recorded.items()
    )


def _crc_whole(path: Path) -> int:
    crc = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_READ):
            crc = zlib.crc32(chunk, crc)
    return crc


def _crc_edges(path: Path, size: int) -> int:
    with path.open("rb") as handle:
        crc = zlib.crc32(handle.read(EDGE))
        if size > EDGE:
            handle.seek(max(size - EDGE, EDGE))
            crc = zlib.crc32(handle.read(EDGE), crc)
    return crc
