"""A progress line for long ingests, on a terminal only.

Why only there: in logs, CI and under systemd a self-overwriting line is noise; the
summary printed at the end says the same.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class TerminalProgress:
    """`progress(done, total)` rewrites one stderr line, at most five times a second."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty()
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (done < total and now - self._last < 0.2):
            return
        self._last = now
        self._shown = True
        self.stream.write(f"\r{self.label}: {done}/{total}   ")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\n")
            self.stream.flush()
