"""Reading sentence passages back from an index segment.

The passages of a segment are one UTF-8 blob plus arrays, memory-mapped, so a quote is
read by slicing instead of loading every sentence into Python objects, and where a
passage stands (article, paragraph, position, its article's range) is read by offset.
This module is all that answering needs of them; building them is `bot.index.passages`
(which documents the files).
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import sys
import weakref
from pathlib import Path

import numpy as np

from bot.files import read_at_random
from bot.model import ArticleInfo, Passage

_TWO_OFFSETS = struct.Struct("<qq")


def _mapped(path: Path) -> np.ndarray:
    """A memory-mapped array as a plain ndarray view (indexing a np.memmap costs more)."""
    return np.asarray(np.load(path, mmap_mode="r"))


def _article_info(entry: dict) -> ArticleInfo:
    return ArticleInfo(
        entry["id"], entry["title"], entry["url"], sys.intern(entry["source"]), sys.intern(entry["published"])
    )


class PassageStore:
    """Read side of one segment's passages."""

    def __init__(self, directory: Path) -> None:
        path = directory / "passages.bin"
        # The text is read with pread, not mapped: a quote's page read into the page
        # cache is not mapped into this process with the pages around it, so serving
        # memory holds no passage text (only the quotes shown are read).
        self._fd = -1
        self._blob: bytes | mmap.mmap = b""
        if path.stat().st_size:
            if hasattr(os, "pread"):
                self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
                weakref.finalize(self, os.close, self._fd)
            else:
                with path.open("rb") as handle:
                    self._blob = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self.offsets = _mapped(directory / "passage_offsets.npy")
        self.article = _mapped(directory / "passage_article.npy")
        self.position = _mapped(directory / "passage_position.npy")
        self.paragraph = _mapped(directory / "passage_paragraph.npy")
        self.flags = _mapped(directory / "passage_flags.npy")
        self.article_offsets = _mapped(directory / "article_offsets.npy")
        self.lead = _mapped(directory / "article_lead.npy")  # per article: its lead's paragraph
        read_at_random(self.offsets, self.article, self.position, self.paragraph, self.flags)
        # memoryviews: indexing them gives Python ints, far quicker than numpy scalars.
        self._offsets = memoryview(self.offsets)  # type: ignore[arg-type]  # numpy arrays are buffers
        # With the text read by pread, so are its offsets (two int64 at a passage's place).
        self._offsets_fd, self._offsets_at = -1, 0
        if self._fd >= 0 and self.offsets.dtype == np.dtype("<i8"):
            offsets_path = directory / "passage_offsets.npy"
            with offsets_path.open("rb") as handle:
                if np.lib.format.read_magic(handle) == (1, 0):
                    np.lib.format.read_array_header_1_0(handle)
                else:
                    np.lib.format.read_array_header_2_0(handle)
                self._offsets_at = handle.tell()
            self._offsets_fd = os.open(offsets_path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            weakref.finalize(self, os.close, self._offsets_fd)
        aliases = json.loads((directory / "aliases.json").read_text(encoding="utf-8"))
        self.aliases: dict[str, tuple[str, ...]] = {acronym: tuple(terms) for acronym, terms in aliases.items()}
        # Each article's record is made as it is parsed (no list of dicts held meanwhile), and
        # sources and dates, which repeat from article to article, are one string each.
        self.articles: list[ArticleInfo] = json.loads(
            (directory / "articles.json").read_text(encoding="utf-8"), object_hook=_article_info
        )
        if not isinstance(self.articles, list) or not all(isinstance(a, ArticleInfo) for a in self.articles):
            raise ValueError(f"passage store {directory.name}: articles.json is not a list of articles")
        if not (
            len(self.offsets) - 1 == len(self.article) == len(self.position) == len(self.paragraph) == len(self.flags)
        ) or (
            len(self.article_offsets) != len(self.articles) + 1
            or int(self.article_offsets[-1]) != len(self.article)
            or len(self.lead) != len(self.articles)
        ):
            raise ValueError(f"passage store {directory.name} is inconsistent")

    def __len__(self) -> int:
        return len(self.article)

    def text(self, local: int) -> str:
        if self._offsets_fd >= 0:
            if not 0 <= local < len(self.article):
                raise IndexError(f"passage {local} out of range")
            start, end = _TWO_OFFSETS.unpack(os.pread(self._offsets_fd, 16, self._offsets_at + 8 * local))
            return os.pread(self._fd, end - start, start).decode("utf-8")
        start, end = self._offsets[local], self._offsets[local + 1]
        if self._fd >= 0:
            return os.pread(self._fd, end - start, start).decode("utf-8")
        return bytes(self._blob[start:end]).decode("utf-8")

    def article_range(self, article: int) -> range:
        """Local passage numbers of one article (its passages are stored together)."""
        return range(int(self.article_offsets[article]), int(self.article_offsets[article + 1]))

    def passage(self, local: int) -> Passage:
        return Passage(
            int(self.article[local]), int(self.position[local]), int(self.paragraph[local]), self.text(local)
        )
