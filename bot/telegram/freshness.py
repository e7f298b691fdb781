"""Keeping the running bot current: `LiveEngine` (bot.serving) scheduled on the
JobQueue — a feed round every FEED_INTERVAL_MINUTES, a cheap corpus check every
INDEX_CHECK_SECONDS — a fresher engine swapped in where handlers look it up, and the
operator's /status for ADMIN_CHATS.

Why the swap is safe: a handler takes the engine from `Services` when a question
arrives and keeps it until the reply, so a question in flight finishes on the engine it
started with; the next one gets the new engine.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from bot.search.engine import Engine
from bot.serving import LiveEngine
from bot.settings import Settings
from bot.telegram.handlers import SERVICES, Services

logger = logging.getLogger(__name__)

LIVE = "kutipan.live"
REFRESH_LOCK = "kutipan.refresh_lock"
#: The first feed round starts this many seconds after the bot, once it is answering.
FIRST_POLL_DELAY = 1.0


def install(application: Application, settings: Settings, engine: Engine) -> None:
    """Feed polling and index checks on the JobQueue, and /status for ADMIN_CHATS."""

    feeds = settings.feed_urls()
    live = LiveEngine(
        engine,
        settings.open_engine,
        settings.corpus_dirs,
        settings.index_dir,
        feeds=feeds,
        fetch_policy=settings.fetch_policy(),
        feed_interval_seconds=settings.feed_interval_minutes * 60,
    )
    application.bot_data[LIVE] = live
    application.bot_data[REFRESH_LOCK] = asyncio.Lock()
    if settings.admin_chats:
        application.add_handler(CommandHandler("status", status_command, filters=filters.Chat(settings.admin_chats)))
    jobs = application.job_queue
    if jobs is None:  # the job-queue extra is missing: serve, but say what is lost
        logger.warning("No JobQueue (install python-telegram-bot[job-queue]): feeds are not polled")
        return
    every = settings.index_check_seconds
    jobs.run_repeating(_check_corpus, interval=every, first=every, name="index check")
    if feeds:
        interval = settings.feed_interval_minutes * 60
        jobs.run_repeating(_poll_feeds, interval=interval, first=FIRST_POLL_DELAY, name="feeds")
        logger.info("Following %d feed(s) every %g min", len(feeds), settings.feed_interval_minutes)


async def refresh(application: Application, *, only_if_changed: bool = False) -> bool:
    """Open a fresher engine in a worker thread and swap it into `Services`; False when
    nothing changed or opening failed (the old engine keeps serving). One at a time."""
    live: LiveEngine = application.bot_data[LIVE]
    async with application.bot_data[REFRESH_LOCK]:
        engine = await asyncio.to_thread(live.reopen, only_if_changed=only_if_changed)
        if engine is None:
            return False
        services: Services = application.bot_data[SERVICES]
        application.bot_data[SERVICES] = replace(services, engine=engine)
        return True


async def _poll_feeds(context: ContextTypes.DEFAULT_TYPE) -> None:
    live: LiveEngine = context.application.bot_data[LIVE]
    if await asyncio.to_thread(live.poll_feeds):
        await refresh(context.application)


async def _check_corpus(context: ContextTypes.DEFAULT_TYPE) -> None:
    live: LiveEngine = context.application.bot_data[LIVE]
    if live.corpus_changed():
        logger.info("The corpus changed; opening the new index")
        await refresh(context.application, only_if_changed=True)


async def status_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/status for the operator: the same report as `python -m bot status`."""
    live: LiveEngine = context.application.bot_data[LIVE]
    text = await asyncio.to_thread(live.status)
    if update.effective_message is not None:
        await update.effective_message.reply_text(text[:4096])
