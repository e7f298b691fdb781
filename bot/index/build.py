"""Building one index segment from corpus files: read, split, analyse, write.

Only `bot.index.manifest` calls this, when the index is missing, stale or growing; serving
an existing index never imports it.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from bot.files import sync_directory
from bot.index.manifest import FileStamp, corpus_path
from bot.index.passages import article_passages, write_store
from bot.index.segment import write_segment
from bot.ingest.corpus import CorpusError, read_article
from bot.model import Article, Passage
from bot.text.sentences import MAX_SENTENCE_CHARS
from bot.text.terms import forget_token_terms, index_terms

log = logging.getLogger(__name__)


class Progress:
    """One self-overwriting status line on a terminal; silent when not attached to one."""

    def __init__(self, total_articles: int, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty()
        self.total = total_articles
        self.start = time.monotonic()
        self.last = 0.0

    def update(self, articles: int, sentences: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self.last < 0.2):
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        rate = articles / elapsed
        left = (self.total - articles) / rate if rate else 0.0
        self.stream.write(
            f"\rindexing: {articles}/{self.total} articles, {sentences} sentences, "
            f"{rate:.0f} articles/s, {left:.0f}s left   "
        )
        self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def build_segment(
    index_dir: Path, files: dict[str, FileStamp], corpus_dirs: Sequence[Path], *, max_chars: int = MAX_SENTENCE_CHARS
) -> dict:
    """Write one segment for `files` and return its manifest entry.

    A file that is not a readable article, or that the analysis fails on, is skipped
    with a warning (the rest of the corpus still serves); so is a second article with an
    id already taken. The manifest still records the file, so it is not retried until
    it changes. Passages are at most `max_chars` long.
    """
    name = f"seg-{uuid.uuid4().hex[:12]}"
    staging = index_dir / f".{name}.tmp"
    paths = [corpus_path(key, corpus_dirs) for key in files]
    progress = Progress(len(paths))
    articles: list[Article] = []
    passages: list[Passage] = []
    ids: set[str] = set()

    def analysed() -> Iterator[list[str]]:
        for number, path in enumerate(paths):
            progress.update(number + 1, len(passages))
            try:
                article = read_article(path)
            except CorpusError as error:
                log.warning("skipping %s: %s", path, error)
                continue
            if article.id in ids:
                log.warning("skipping %s: another article already has the id %r", path, article.id)
                continue
            try:  # all of an article's passages, or none of them
                analysed_article = [
                    (passage, index_terms(passage.text))
                    for passage in article_passages(article, len(articles), max_chars)
                ]
            except Exception as error:  # a bug in the analysis must not stop the whole corpus
                log.warning("skipping %s: cannot be analysed (%s: %s)", path, type(error).__name__, error)
                continue
            ids.add(article.id)
            for passage, terms in analysed_article:
                passages.append(passage)
                yield terms
            articles.append(article)

    try:
        staging.mkdir(parents=True)
        write_segment(staging, analysed())
        write_store(staging, articles, passages)
        progress.update(len(paths), len(passages), force=True)
        progress.done()
        sync_directory(staging)
        staging.rename(index_dir / name)
        sync_directory(index_dir, files=False)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        forget_token_terms()  # a bot that built its index should not keep the build's cache
    log.info("indexed %d articles, %d sentences", len(articles), len(passages))
    return {"name": name, "files": {path: list(stamp) for path, stamp in files.items()}}
