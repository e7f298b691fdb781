"""Building one index segment from corpus files: read, split, analyse, write.

Reading, splitting and analysing (the lemmatiser: most of a build) run in a pool of
worker processes over chunks of files; this process renumbers each chunk's terms into
the segment's ids, in corpus order, and writes the segment.

Only `bot.index.manifest` calls this, when the index is missing, stale or growing; serving
an existing index never imports it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from bot.files import sync_directory
from bot.index.manifest import FileStamp, corpus_path
from bot.index.passages import StoredArticle, StoreWriter, article_passages, stored_article, write_store
from bot.index.segment import TermEncoder, encode_chunk, write_encoded
from bot.ingest.corpus import CorpusError, read_article
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


# Files analysed per task: big enough that sending the work and the results costs
# little next to the analysis, small enough to keep every worker busy to the end.
CHUNK_FILES = 200
# Below this many files the build runs in one process: starting workers costs more.
PARALLEL_MIN_FILES = 2 * CHUNK_FILES


@dataclass(slots=True)
class Chunk:
    """What analysing a run of corpus files gives: per file an article or why it was
    skipped, and the terms of every passage of its articles (chunk-local term ids)."""

    files: list[tuple[str, StoredArticle | None, str]]  # (path, article, error)
    terms: list[str]
    term_ids: np.ndarray
    lengths: np.ndarray


def analyse_files(paths: Sequence[Path], max_chars: int = MAX_SENTENCE_CHARS) -> Chunk:
    """Read, split and analyse corpus files (in a worker process, or in this one);
    passages are at most `max_chars` long."""
    files: list[tuple[str, StoredArticle | None, str]] = []
    analysed: list[list[str]] = []
    for path in paths:
        try:
            article = read_article(path)
        except CorpusError as error:
            files.append((str(path), None, str(error)))
            continue
        try:  # all of an article's passages, or none of them
            passages = list(article_passages(article, 0, max_chars))
            article_terms = [index_terms(passage.text) for passage in passages]
        except Exception as error:  # a bug in the analysis must not stop the whole corpus
            files.append((str(path), None, f"cannot be analysed ({type(error).__name__}: {error})"))
            continue
        analysed.extend(article_terms)
        files.append((str(path), stored_article(article, passages), ""))
    vocabulary, term_ids, lengths = encode_chunk(analysed)
    return Chunk(files, vocabulary, term_ids, lengths)


def _analysed_chunks(paths: list[Path], workers: int, max_chars: int) -> Iterator[Chunk]:
    """Chunks of files analysed in order: in a pool of `workers` processes, or here."""
    chunks = [paths[start : start + CHUNK_FILES] for start in range(0, len(paths), CHUNK_FILES)]
    try:
        if workers <= 1 or len(paths) < PARALLEL_MIN_FILES:
            yield from (analyse_files(chunk, max_chars) for chunk in chunks)
        else:
            yield from _pooled(chunks, workers, max_chars)
    finally:
        forget_token_terms()  # a bot that built its index should not keep the build's cache


def _pooled(chunks: list[list[Path]], workers: int, max_chars: int) -> Iterator[Chunk]:
    # Forked workers start at once and share the loaded lemmatiser; a process running
    # other threads (whose locks a fork would copy mid-use) gets fresh interpreters.
    method = "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        index_terms("memuat kamus")  # loads the lemmatiser's dictionary once, for every worker
    with ProcessPoolExecutor(min(workers, len(chunks)), mp_context=multiprocessing.get_context(method)) as pool:
        pending: deque[Future[Chunk]] = deque()
        ahead = 2 * workers  # results waiting for the parent: bounded, so memory is too
        submitted = 0
        try:
            while submitted < len(chunks) or pending:
                while submitted < len(chunks) and len(pending) < ahead:
                    pending.append(pool.submit(analyse_files, chunks[submitted], max_chars))
                    submitted += 1
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def build_segment(
    index_dir: Path,
    files: dict[str, FileStamp],
    corpus_dirs: Sequence[Path],
    *,
    workers: int | None = None,
    max_chars: int = MAX_SENTENCE_CHARS,
) -> dict:
    """Write one segment for `files` and return its manifest entry.

    A file that is not a readable article, or that the analysis fails on, is skipped
    with a warning (the rest of the corpus still serves); so is a second article with an
    id already taken. The manifest still records the file, so it is not retried until
    it changes. Passages are at most `max_chars` long.

    The text is analysed by `workers` processes (default: every core) over chunks of files; this process takes the chunks in corpus order, so the
    segment is the same byte for byte whatever the number of workers.
    """
    name = f"seg-{uuid.uuid4().hex[:12]}"
    staging = index_dir / f".{name}.tmp"
    paths = [corpus_path(key, corpus_dirs) for key in files]
    progress = Progress(len(paths))
    store = StoreWriter()
    encoder = TermEncoder()
    ids: set[str] = set()
    done = 0
    try:
        staging.mkdir(parents=True)
        for chunk in _analysed_chunks(paths, workers or os.cpu_count() or 1, max_chars):
            keep = np.ones(len(chunk.lengths), dtype=bool)
            passage = 0
            for path, article, error in chunk.files:
                if article is None:
                    log.warning("skipping %s: %s", path, error)
                    continue
                count = len(article.texts)
                if article.id in ids:
                    log.warning("skipping %s: another article already has the id %r", path, article.id)
                    keep[passage : passage + count] = False
                else:
                    ids.add(article.id)
                    store.add(article)
                passage += count
            term_ids, lengths = chunk.term_ids, chunk.lengths
            if not keep.all():
                term_ids = term_ids[np.repeat(keep, lengths)]
                lengths = lengths[keep]
            encoder.add_encoded(chunk.terms, term_ids, lengths)
            done += len(chunk.files)
            progress.update(done, len(store))
        write_encoded(staging, *encoder.result())
        write_store(staging, store)
        progress.update(len(paths), len(store), force=True)
        progress.done()
        sync_directory(staging)
        staging.rename(index_dir / name)
        sync_directory(index_dir, files=False)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info("indexed %d articles, %d sentences", store.article_count, len(store))
    return {"name": name, "files": {path: list(stamp) for path, stamp in files.items()}}
