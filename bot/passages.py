"""Sentence passages: the units that are indexed and quoted.

An article becomes its title (position -1) followed by its sentences, numbered in
order, each remembering its paragraph so that context is taken only from sentences that
continue it. In an index segment the passages are stored as one UTF-8 blob plus offset
arrays, so a quote is read by slicing a memory map instead of loading every sentence
into Python objects.
"""

from __future__ import annotations

import json
import mmap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.analysis import find_acronyms
from bot.answers import ArticleInfo
from bot.cleaning import strip_dateline
from bot.corpus import Article
from bot.sentences import split_sentences

TITLE_POSITION = -1


@dataclass(frozen=True, slots=True)
class Passage:
    article: int  # index of the article within its segment
    position: int  # sentence number in the article; TITLE_POSITION for the title
    paragraph: int
    text: str


def article_passages(article: Article, article_index: int) -> Iterator[Passage]:
    yield Passage(article_index, TITLE_POSITION, TITLE_POSITION, article.title)
    position = 0
    for paragraph_number, paragraph in enumerate(article.paragraphs):
        if paragraph_number == 0:
            paragraph = strip_dateline(paragraph)
        for sentence in split_sentences(paragraph):
            yield Passage(article_index, position, paragraph_number, sentence)
            position += 1


def article_info(article: Article) -> ArticleInfo:
    return ArticleInfo(article.id, article.title, article.url, article.source, article.published)


def write_store(directory: Path, articles: list[Article], passages: Iterable[Passage]) -> None:
    blob = bytearray()
    offsets = [0]
    columns: dict[str, list[int]] = {"article": [], "position": [], "paragraph": []}
    for passage in passages:
        blob += passage.text.encode("utf-8")
        offsets.append(len(blob))
        columns["article"].append(passage.article)
        columns["position"].append(passage.position)
        columns["paragraph"].append(passage.paragraph)
    (directory / "passages.bin").write_bytes(bytes(blob))
    np.save(directory / "passage_offsets.npy", np.asarray(offsets, dtype=np.int64))
    for name, values in columns.items():
        np.save(directory / f"passage_{name}.npy", np.asarray(values, dtype=np.int32))
    meta = [{**article_info(a).to_json(), "lang": a.lang} for a in articles]
    (directory / "articles.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    aliases: dict[str, tuple[str, ...]] = {}
    for article in articles:
        aliases.update(find_acronyms("\n".join((article.title, *article.paragraphs))))
    (directory / "aliases.json").write_text(json.dumps(aliases, ensure_ascii=False), encoding="utf-8")


class PassageStore:
    """Read side of one segment's passages."""

    def __init__(self, directory: Path) -> None:
        path = directory / "passages.bin"
        self._blob: bytes | mmap.mmap = b""
        if path.stat().st_size:
            with path.open("rb") as handle:
                self._blob = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self.offsets = np.load(directory / "passage_offsets.npy", mmap_mode="r")
        self.article = np.load(directory / "passage_article.npy", mmap_mode="r")
        self.position = np.load(directory / "passage_position.npy", mmap_mode="r")
        self.paragraph = np.load(directory / "passage_paragraph.npy", mmap_mode="r")
        raw = json.loads((directory / "articles.json").read_text(encoding="utf-8"))
        aliases = json.loads((directory / "aliases.json").read_text(encoding="utf-8"))
        self.aliases: dict[str, tuple[str, ...]] = {acronym: tuple(terms) for acronym, terms in aliases.items()}
        self.articles = [ArticleInfo(a["id"], a["title"], a["url"], a["source"], a["published"]) for a in raw]
        if not (len(self.offsets) - 1 == len(self.article) == len(self.position) == len(self.paragraph)):
            raise ValueError(f"passage store {directory.name} is inconsistent")

    def __len__(self) -> int:
        return len(self.article)

    def text(self, local: int) -> str:
        return bytes(self._blob[int(self.offsets[local]) : int(self.offsets[local + 1])]).decode("utf-8")

    def article_range(self, article: int) -> range:
        """Local passage numbers of one article (its passages are stored together)."""
        start, end = np.searchsorted(self.article, [article, article + 1])
        return range(int(start), int(end))

    def passage(self, local: int) -> Passage:
        return Passage(int(self.article[local]), int(self.position[local]), int(self.paragraph[local]), self.text(local))
