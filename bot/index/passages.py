"""Sentence passages: the units that are indexed and quoted.

An article becomes its title (position -1) followed by its sentences, numbered in
order, each remembering its paragraph so that context is taken only from sentences that
continue it. They are written into an index segment as one UTF-8 blob plus offset
arrays (read back by `bot.index.store`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from bot.model import TITLE_POSITION, Article, ArticleInfo, Passage
from bot.text.datelines import strip_dateline
from bot.text.sentences import MAX_SENTENCE_CHARS, split_sentences
from bot.text.terms import find_acronyms


def article_passages(article: Article, article_index: int, max_chars: int = MAX_SENTENCE_CHARS) -> Iterator[Passage]:
    yield Passage(article_index, TITLE_POSITION, TITLE_POSITION, article.title[:max_chars])
    position = 0
    for paragraph_number, paragraph in enumerate(article.paragraphs):
        if paragraph_number == 0:
            paragraph = strip_dateline(paragraph)
        for sentence in split_sentences(paragraph, max_chars):
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
