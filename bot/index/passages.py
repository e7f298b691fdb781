"""Sentence passages: the units that are indexed and quoted.

An article becomes its title (position -1) followed by its sentences, numbered in
order, each remembering its paragraph so that context is taken only from sentences that
continue it. They are written into an index segment as one UTF-8 blob plus arrays
(read back by `bot.index.store`):

    passages.bin             the passages' text, UTF-8, one after another
    passage_offsets.npy      int64 per passage + 1: passage p is passages.bin[o[p]:o[p + 1]]
    passage_article.npy      int32 per passage: its article (index into articles.json)
    passage_paragraph.npy    int32 per passage: its paragraph (-1 for the title)
    passage_position.npy     int32 per passage: its sentence number (-1 for the title)
    passage_flags.npy        uint16 per passage: the answer types it carries, whether it
                             leans on the sentence before, holds a number that counts
                             nothing (a date, a label), gives a cause, names a
                             period, counts only shares or may deny
                             (`bot.text.markers.text_flags`)
    article_offsets.npy      int64 per article + 1: article a's passages are
                             [article_offsets[a], article_offsets[a + 1]), its title first
    article_lead.npy         int32 per article: the paragraph of its body's lead (the one
                             after its standfirst, `Article.standfirst`)
    articles.json            per article: id, title, url, source, published, lang
    aliases.json             acronym → the index terms of what it stands for

The analysed terms of each passage are the segment's forward index (`bot.index.segment`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.model import TITLE_POSITION, Article, ArticleInfo, Passage
from bot.text.datelines import strip_dateline
from bot.text.markers import text_flags
from bot.text.sentences import MAX_SENTENCE_CHARS, split_sentences
from bot.text.terms import find_acronyms


def article_passages(article: Article, article_index: int, max_chars: int = MAX_SENTENCE_CHARS) -> Iterator[Passage]:
    yield Passage(article_index, TITLE_POSITION, TITLE_POSITION, article.title[:max_chars])
    position = 0
    for paragraph_number, paragraph in enumerate(article.paragraphs):
        if paragraph_number == article.standfirst:
            paragraph = strip_dateline(paragraph)
        for sentence in split_sentences(paragraph, max_chars):
            yield Passage(article_index, position, paragraph_number, sentence)
            position += 1


def article_info(article: Article) -> ArticleInfo:
    return ArticleInfo(article.id, article.title, article.url, article.source, article.published)


@dataclass(slots=True)
class StoredArticle:
    """One article as the store keeps it, made where its text is analysed (possibly in
    another process): plain data, cheap to send between processes."""

    id: str
    meta: dict  # articles.json entry
    aliases: dict[str, tuple[str, ...]]
    paragraphs: list[int]  # per passage, title first
    positions: list[int]
    texts: list[bytes]  # per passage, UTF-8
    flags: list[int]  # per passage, `text_flags`
    lead: int  # the paragraph of the body's lead


def stored_article(article: Article, passages: Sequence[Passage]) -> StoredArticle:
    return StoredArticle(
        article.id,
        {**article_info(article).to_json(), "lang": article.lang},
        find_acronyms("\n".join((article.title, *article.paragraphs))),
        [p.paragraph for p in passages],
        [p.position for p in passages],
        [p.text.encode("utf-8") for p in passages],
        [text_flags(p.text) for p in passages],
        article.standfirst,
    )


class StoreWriter:
    """Collects articles in corpus order; `write_store` writes them."""

    def __init__(self) -> None:
        self.blob = bytearray()
        self.offsets = [0]
        self.columns: dict[str, list[int]] = {"article": [], "position": [], "paragraph": []}
        self.flags: list[int] = []
        self.article_offsets = [0]
        self.leads: list[int] = []
        self.meta: list[dict] = []
        self.aliases: dict[str, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @property
    def article_count(self) -> int:
        return len(self.meta)

    def add(self, article: StoredArticle) -> None:
        number = len(self.meta)
        offsets = self.offsets
        for text in article.texts:
            self.blob += text
            offsets.append(len(self.blob))
        self.columns["article"].extend([number] * len(article.texts))
        self.columns["position"].extend(article.positions)
        self.columns["paragraph"].extend(article.paragraphs)
        self.flags.extend(article.flags)
        self.article_offsets.append(len(offsets) - 1)
        self.leads.append(article.lead)
        self.meta.append(article.meta)
        self.aliases.update(article.aliases)


def write_store(directory: Path, store: StoreWriter) -> None:
    (directory / "passages.bin").write_bytes(bytes(store.blob))
    np.save(directory / "passage_offsets.npy", np.asarray(store.offsets, dtype=np.int64))
    for name, values in store.columns.items():
        np.save(directory / f"passage_{name}.npy", np.asarray(values, dtype=np.int32))
    np.save(directory / "passage_flags.npy", np.asarray(store.flags, dtype=np.uint16))
    np.save(directory / "article_offsets.npy", np.asarray(store.article_offsets, dtype=np.int64))
    np.save(directory / "article_lead.npy", np.asarray(store.leads, dtype=np.int32))
    (directory / "articles.json").write_text(json.dumps(store.meta, ensure_ascii=False), encoding="utf-8")
    (directory / "aliases.json").write_text(json.dumps(store.aliases, ensure_ascii=False), encoding="utf-8")
