"""The engine being served, kept current: feeds polled, a fresher engine opened when the
corpus grew, and the status an operator asks for.

Why a layer of its own, between the Telegram layer and the engine: the bot must not
reach into ingest or index internals, and the search engine has no business fetching
pages, so what keeping a corpus current needs from both is gathered behind this one
class; the bot only schedules its methods (in worker threads, all of them block) and
swaps the engine it hands to questions.

An `Engine` is immutable once open (memory-mapped segments), so a fresh one is opened
beside it; a question already being answered keeps the old one and finishes on it. If
opening fails, the old engine keeps serving and the reason is logged and shown in
/status. Corpus changes made by another process (`python -m bot ingest`/`follow`) are
noticed by the corpus directories' stamps: articles are written by atomic rename, which
changes the directory.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.ingest.feeds import load_state, poll_feeds
from bot.ingest.fetch import FetchPolicy, PoliteFetcher
from bot.ingest.registry import Added
from bot.ingest.status import format_status
from bot.search.engine import Engine

logger = logging.getLogger(__name__)

CorpusStamp = tuple[tuple[str, int, int], ...]


def corpus_stamp(corpus_dirs: Sequence[Path]) -> CorpusStamp:
    """Per directory: its mtime and how many articles it holds. A stat and a listing per
    directory: cheap enough to run every minute on a corpus of any size."""
    stamps = []
    for directory in corpus_dirs:
        try:
            mtime = os.stat(directory).st_mtime_ns
            count = sum(1 for name in os.listdir(directory) if name.endswith(".md"))
        except OSError:
            mtime, count = 0, 0
        stamps.append((str(directory), mtime, count))
    return tuple(stamps)


class LiveEngine:
    """The engine being served, how to open a fresher one, and the feeds that feed it."""

    def __init__(
        self,
        engine: Engine,
        open_engine: Callable[[], Engine],
        corpus_dirs: Sequence[Path],
        index_dir: Path,
        *,
        feeds: Sequence[str] = (),
        fetch_policy: FetchPolicy | None = None,
        feed_interval_seconds: float = 900.0,
    ) -> None:
        self.engine = engine
        self.opened_at = time.time()
        self.last_refresh_error: str | None = None
        self.feeds = list(feeds)
        self._open = open_engine
        self._corpus_dirs = [Path(d) for d in corpus_dirs]
        self._index_dir = Path(index_dir)
        self._interval = feed_interval_seconds
        self._fetcher = PoliteFetcher(fetch_policy or FetchPolicy()) if self.feeds else None
        self._stamp = corpus_stamp(self._corpus_dirs)

    def corpus_changed(self) -> bool:
        return corpus_stamp(self._corpus_dirs) != self._stamp

    def reopen(self, *, only_if_changed: bool = False) -> Engine | None:
        """A fresh engine over the corpus as it is now (None, the old one kept and the
        reason logged, when opening fails). Blocks: run it in a worker thread."""
        stamp = corpus_stamp(self._corpus_dirs)
        if only_if_changed and stamp == self._stamp:
            return None
        try:
            engine = self._open()
        except Exception as exc:  # whatever broke, the old engine keeps answering
            self.last_refresh_error = f"{type(exc).__name__}: {exc}"
            logger.error("Index refresh failed; still serving the previous index: %s", self.last_refresh_error)
            self._stamp = stamp  # retried when the corpus changes again, not every minute
            return None
        self.engine, self._stamp, self.opened_at, self.last_refresh_error = engine, stamp, time.time(), None
        logger.info("Now serving %d articles, %d sentences", engine.article_count, engine.sentence_count)
        return engine

    def poll_feeds(self) -> bool:
        """One feed round into the first corpus directory; True when it added articles.
        A round that crashes is logged; the next one runs anyway. Blocks."""
        if self._fetcher is None:
            return False
        try:
            reports = poll_feeds(
                self.feeds,
                corpus_dir=self._corpus_dirs[0],
                corpus_dirs=self._corpus_dirs,
                index_dir=self._index_dir,
                fetcher=self._fetcher,
                interval_seconds=self._interval,
            )
        except Exception:
            logger.exception("Feed round failed")
            return False
        for report in reports:
            logger.info("Feed %s", report.summary())
        added = [item for report in reports for item in report.added]
        if not added:
            return False
        _, refused = index_or_roll_back(added, self._open)
        for item, reason in refused:
            logger.warning("%s could not be indexed (%s); removed from the corpus again", item.path, reason)
        return len(refused) < len(added)

    def status(self) -> str:
        """The operator's report (the same as `python -m bot status`)."""
        text = format_status(
            articles=self.engine.article_count,
            sentences=self.engine.sentence_count,
            index_updated=self.opened_at,
            feeds=self.feeds,
            state=load_state(self._index_dir),
            now=time.time(),
            index_label="index opened",
        )
        if self.last_refresh_error:
            text += f"\nlast refresh failed: {self.last_refresh_error}"
        return text

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


def index_or_roll_back(
    added: Sequence[Added], open_engine: Callable[[], Engine]
) -> tuple[Engine | None, list[tuple[Added, str]]]:
    """Index what was just added; an article the index cannot take (or every one, when
    the index cannot be built) leaves the corpus again, so the corpus never holds what
    is not served. Returns the engine over the corpus as it then is (None when it could
    not be opened) and each article removed, with why."""
    try:
        engine: Engine | None = open_engine()
        assert engine is not None
        problem, indexed = engine.index_problem, {article.id for article in engine.articles()}
    except Exception as exc:  # whatever broke the build, nothing added may stay unserved
        engine, problem, indexed = None, f"{type(exc).__name__}: {exc}", set()
    refused = [
        (item, problem or "the index left it out; see the warning above")
        for item in added
        if item.created and (problem is not None or item.article.id not in indexed)
    ]
    for item, _ in refused:
        item.path.unlink(missing_ok=True)
    if refused and engine is not None:
        engine = open_engine()
    return engine, refused
