"""Atomic, durable file writes: a crash or power loss mid-write never leaves a broken file behind.

Files get the permissions an ordinary `open()` would give them (0666 less the umask, so
0644 by default): the bot may run as another user than the one who ran `ingest`.
"""

from __future__ import annotations

import mmap
import os
import tempfile
from pathlib import Path


def current_umask() -> int:
    """The process's umask, read without changing it where Linux allows (/proc), since
    setting it to read it back races with threads creating files."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_temporary(directory: Path, name: str, data: bytes) -> str:
    """A fsynced temporary file beside the target, with the umask's permissions
    (mkstemp would make it 0600)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync it, then rename over `path`.

    rename() within one directory is atomic on POSIX, so readers see the old file or the
    new one, never half of it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temporary(path.parent, path.name, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    sync_directory(path.parent, files=False)  # make the rename itself survive a power loss


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_create_bytes(path: Path, data: bytes) -> bool:
    """Create `path` holding `data`, complete or not at all, never replacing a file.

    The data goes to a temporary file that is then hard-linked to `path`; link() fails
    when `path` exists, so of two writers racing for one name exactly one creates it.
    Returns False, touching nothing, when `path` already holds exactly `data`; raises
    FileExistsError when it holds something else.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if _holds(path, data):
        return False
    tmp = _write_temporary(path.parent, path.name, data)
    try:
        os.link(tmp, path)
    except FileExistsError:
        if _holds(path, data):
            return False
        raise FileExistsError(f"{path} already exists with other content") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    sync_directory(path.parent, files=False)
    return True


def _holds(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def sync_directory(directory: Path, *, files: bool = True) -> None:
    """fsync the files in `directory` (unless `files` is false) and the directory itself,
    so that what a manifest is about to point at is on disk before it does."""
    if files:
        for path in directory.iterdir():
            if path.is_file():
                with path.open("rb") as handle:
                    os.fsync(handle.fileno())
    handle_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle_fd)
    finally:
        os.close(handle_fd)


def read_at_random(*arrays: object) -> None:
    """Tell the kernel that these memory-mapped files (mmap objects, or numpy arrays
    over one) are read at random: a page fault then maps that page, not the pages
    around it (read-ahead), so answering keeps in memory what it reads, not its
    neighbours. Nothing where the platform has no madvise."""
    advice = getattr(mmap, "MADV_RANDOM", None)
    if advice is None:
        return
    for array in arrays:
        base = array
        while base is not None and not isinstance(base, mmap.mmap):
            base = getattr(base, "base", None)
        if isinstance(base, mmap.mmap):
            try:
                base.madvise(advice)
            except (OSError, ValueError):  # an empty map, or a kernel that refuses
                pass
