"""Keeping the running bot current: feeds polled on a schedule, a new engine swapped in
when the corpus grew, and the operator's /status.

Why a swap and not a reload in place: an `Engine` is immutable once open (memory-mapped
segments), so a fresh one is opened beside it, in a worker thread, and only then put
where handlers look it up. A question already being answered holds the old engine and
finishes on it; the old one is freed when the last such question is done. If opening
fails, the old engine keeps serving and the reason is logged.

Two things trigger a refresh: this bot's own feed round adding articles, and a cheap
periodic check (every INDEX_CHECK_SECONDS) of the corpus directories' modification
stamps, which notices articles added by `python -m bot ingest` or `follow` in another
process (corpus files are written by atomic rename, which changes the directory).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from bot.ingest.feeds import FeedReport, load_state, poll_feeds
from bot.ingest.fetch import PoliteFetcher
from bot.ingest.status import format_status
from bot.search.engine import Engine
from bot.settings import Settings
from bot.telegram.handlers import SERVICES, Services

logger = logging.getLogger(__name__)

LIVE = "kutipan.live"
SETTINGS = "kutipan.settings"
#: The first feed round starts this many seconds after the bot, once it is answering.
FIRST_POLL_DELAY = 1.0

CorpusStamp = tuple[tuple[str, int, int], ...]


def corpus_stamp(corpus_dirs: Sequence[Path]) -> CorpusStamp:
    """Per directory: its mtime and how many articles it holds. A stat and a listing
    per directory: cheap enough to run every minute on a corpus of any size."""
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
    """The engine being served, and how to open a fresher one."""

    def __init__(self, engine: Engine, open_engine: Callable[[], Engine], corpus_dirs: Sequence[Path]) -> None:
        self.engine = engine
        self.opened_at = time.time()
        self.last_refresh_error: str | None = None
        self._open = open_engine
        self._corpus_dirs = list(corpus_dirs)
        self._stamp = corpus_stamp(self._corpus_dirs)
        self._lock = asyncio.Lock()

    def corpus_changed(self) -> bool:
        return corpus_stamp(self._corpus_dirs) != self._stamp

    async def refresh(self, application: Application, *, only_if_changed: bool = False) -> bool:
        """Open a new engine in a worker thread and swap it in; False (old one kept,
        reason logged) when that fails. One refresh at a time; with `only_if_changed`,
        none when another refresh already caught up with the corpus."""
        async with self._lock:
            stamp = corpus_stamp(self._corpus_dirs)
            if only_if_changed and stamp == self._stamp:
                return True
            try:
                engine = await asyncio.to_thread(self._open)
            except Exception as exc:  # whatever broke, the old engine keeps answering
                self.last_refresh_error = f"{type(exc).__name__}: {exc}"
                logger.error("Index refresh failed; still serving the previous index: %s", self.last_refresh_error)
                self._stamp = stamp  # retried when the corpus changes again, not every minute
                return False
            self.engine, self._stamp, self.opened_at = engine, stamp, time.time()
            self.last_refresh_error = None
            services: Services = application.bot_data[SERVICES]
            application.bot_data[SERVICES] = replace(services, engine=engine)
            logger.info("Now serving %d articles, %d sentences", engine.article_count, engine.sentence_count)
            return True


def install(application: Application, settings: Settings, engine: Engine) -> None:
    """Feed polling and index checks on the JobQueue, and /status for ADMIN_CHATS."""

    def open_engine() -> Engine:
        return Engine.open(settings.corpus_dirs, settings.index_dir, params=settings.bm25_params())

    live = LiveEngine(engine, open_engine, settings.corpus_dirs)
    application.bot_data[LIVE] = live
    application.bot_data[SETTINGS] = settings
    if settings.admin_chats:
        application.add_handler(CommandHandler("status", status_command, filters=filters.Chat(settings.admin_chats)))
    jobs = application.job_queue
    if jobs is None:  # the job-queue extra is missing: serve, but say what is lost
        logger.warning("No JobQueue (install python-telegram-bot[job-queue]): feeds are not polled")
        return
    jobs.run_repeating(
        _check_corpus, interval=settings.index_check_seconds, first=settings.index_check_seconds, name="index check"
    )
    feeds = settings.feed_urls()
    if feeds:
        fetcher = PoliteFetcher(settings.fetch_policy())
        interval = settings.feed_interval_minutes * 60

        async def poll(context: ContextTypes.DEFAULT_TYPE) -> None:
            await _poll(context.application, feeds, settings, fetcher, interval)

        jobs.run_repeating(poll, interval=interval, first=FIRST_POLL_DELAY, name="feeds")
        logger.info("Following %d feed(s) every %g min", len(feeds), settings.feed_interval_minutes)


async def _poll(
    application: Application, feeds: list[str], settings: Settings, fetcher: PoliteFetcher, interval: float
) -> None:
    """One feed round in a worker thread (fetching and writing block), then a refresh
    when it added articles. A crash of the round is logged; the next round runs anyway."""
    corpus_dir = Path(settings.corpus_dirs[0])
    try:
        reports: list[FeedReport] = await asyncio.to_thread(
            poll_feeds,
            feeds,
            corpus_dir=corpus_dir,
            corpus_dirs=settings.corpus_dirs,
            index_dir=settings.index_dir,
            fetcher=fetcher,
            interval_seconds=interval,
        )
    except Exception:
        logger.exception("Feed round failed")
        return
    for report in reports:
        logger.info("Feed %s", report.summary())
    if any(report.added for report in reports):
        await application.bot_data[LIVE].refresh(application)


async def _check_corpus(context: ContextTypes.DEFAULT_TYPE) -> None:
    live: LiveEngine = context.application.bot_data[LIVE]
    if live.corpus_changed():
        logger.info("The corpus changed; opening the new index")
        await live.refresh(context.application, only_if_changed=True)


async def status_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/status for the operator: the same report as `python -m bot status`."""
    live: LiveEngine = context.application.bot_data[LIVE]
    settings: Settings = context.application.bot_data[SETTINGS]
    state = await asyncio.to_thread(load_state, settings.index_dir)
    text = format_status(
        articles=live.engine.article_count,
        sentences=live.engine.sentence_count,
        index_updated=live.opened_at,
        feeds=settings.feed_urls(),
        state=state,
        now=time.time(),
        index_label="index opened",
    )
    if live.last_refresh_error:
        text += f"\nlast refresh failed: {live.last_refresh_error}"
    if update.effective_message is not None:
        await update.effective_message.reply_text(text[:4096])
