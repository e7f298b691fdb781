"""The running bot keeps up: it answers about an article that appeared in a feed after it
started (no restart, no lost question), notices articles another process ingested,
keeps serving when a refresh fails, and shows /status to operators only.

The real Application polls the fake Bot API (tests/fake_bot_api.py); the feed and the
pages come from a local news site (pytest-httpserver)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import time
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from bot.search.engine import Engine
from bot.serving import LiveEngine
from bot.telegram.freshness import LIVE, REFRESH_LOCK, refresh
from bot.telegram.handlers import SERVICES
from tests.ingest.news_site import FLOOD, VOLCANO, Site, article_page, article_url
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.helpers import running_bot

DATA = Path(__file__).resolve().parent.parent / "data"
QUESTION = "Berapa warga mengungsi karena banjir bandang di Garut?"
ADMIN = 4242


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "corpus", tmp_path / "corpus")
    return tmp_path / "corpus"


def overrides_for(corpus: Path, **overrides: Any) -> dict[str, Any]:
    """A writable corpus, feeds polled every second, no fetch delay, one admin chat."""
    values: dict[str, Any] = {
        "corpus_dirs": [corpus],
        "index_dir": corpus.parent / "index",
        "rate_limit_per_minute": 0,
        "fetch_delay_seconds": 0,
        "feed_interval_minutes": 1 / 60,
        "index_check_seconds": 0.3,
        "admin_chats": [ADMIN],
    }
    values.update(overrides)
    return values


@contextlib.asynccontextmanager
async def bot_on(api: FakeBotApi, corpus: Path, **overrides: Any) -> AsyncIterator[Any]:
    """The real Application (JobQueue included) serving `corpus`, started before any test step."""
    values = overrides_for(corpus, **overrides)
    engine = Engine.open(values["corpus_dirs"], values["index_dir"])
    async with running_bot(api, engine, **values) as application:
        yield application


async def served(application: Any, articles: int, timeout: float = 8.0) -> None:
    """Waits until the bot serves `articles` articles."""
    deadline = time.monotonic() + timeout
    while application.bot_data[LIVE].engine.article_count != articles:
        assert time.monotonic() < deadline, f"not serving {articles} articles in time"
        await asyncio.sleep(0.05)


async def ask(api: FakeBotApi, text: str, user_id: int = 1001) -> str:
    user = api.user(user_id, language_code="id")
    before = len(api.delivered(user_id))
    await api.push(api.message(api.private_chat(user), text, sender=user))
    replies = await api.wait_for_reply(user_id, count=before + 1, timeout=10)
    return replies[before].params["text"]


def plain(reply: str) -> str:
    """The reply as read: without the tags that highlight words and link titles."""
    return re.sub(r"<[^>]+>", "", reply)


async def test_answers_about_an_article_that_appeared_in_a_feed_after_it_started(
    api: FakeBotApi, httpserver: HTTPServer, corpus: Path
) -> None:
    site = Site(httpserver, [VOLCANO])
    async with bot_on(api, corpus, feeds=[site.base + "/feed.xml"]) as application:
        await served(application, articles=len(list(corpus.glob("*.md"))) + 1)  # the first round: the volcano
        assert "412" not in plain(await ask(api, QUESTION))  # nothing about Garut yet

        site.publish(FLOOD)
        published = time.monotonic()
        asked = 1
        while True:  # keep asking while the bot polls, indexes and swaps engines
            reply = await ask(api, QUESTION)
            asked += 1
            if "412 warga mengungsi" in plain(reply):
                break
            assert time.monotonic() - published < 8, "the new article was not served within a few rounds"
            await asyncio.sleep(0.2)
        assert article_url(site.base, FLOOD) in reply
        assert len(api.delivered(1001)) == asked  # every question got its reply
        assert sorted(site.page_requests()) == sorted(article_url("", s) for s in (VOLCANO, FLOOD))


async def test_notices_articles_another_process_ingested(api: FakeBotApi, corpus: Path, tmp_path: Path) -> None:
    from bot.cli import main

    async with bot_on(api, corpus) as application:
        assert "412" not in plain(await ask(api, QUESTION))
        saved = tmp_path / "garut.html"
        saved.write_text(article_page(FLOOD, "https://wartanusantara.test"), encoding="utf-8")
        code = await asyncio.to_thread(
            main, ["ingest", str(saved), "--corpus", str(corpus), "--index", str(corpus.parent / "index")]
        )
        assert code == 0
        await served(application, articles=len(list((DATA / "corpus").glob("*.md"))) + 1)
        assert "412 warga mengungsi" in plain(await ask(api, QUESTION))


async def test_status_is_for_admin_chats_only(api: FakeBotApi, httpserver: HTTPServer, corpus: Path) -> None:
    site = Site(httpserver, [])
    feeds = [site.base + "/feed.xml", site.base + "/rusak.xml"]
    async with bot_on(api, corpus, feeds=feeds, feed_interval_minutes=60):
        await asyncio.sleep(1.5)  # the first round runs a second after the start
        status = await ask(api, "/status", user_id=ADMIN)
        assert "serving" in status and "sentences" in status and "index opened" in status
        assert site.base + "/feed.xml" in status and "rusak.xml" in status and "HTTP 500" in status
        other = await ask(api, "/status", user_id=1001)
        assert "serving" not in other


async def test_a_failed_refresh_keeps_the_old_engine_serving(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    old = SimpleNamespace(article_count=1, sentence_count=2)
    services = SimpleNamespace(engine=old)
    application = SimpleNamespace(bot_data={SERVICES: services, REFRESH_LOCK: asyncio.Lock()})

    def broken() -> Engine:
        raise OSError("disk full")

    application.bot_data[LIVE] = live = LiveEngine(old, broken, [tmp_path], tmp_path)  # type: ignore[arg-type]
    assert await refresh(application) is False  # type: ignore[arg-type]
    assert live.engine is old and application.bot_data[SERVICES] is services
    assert "still serving the previous index" in caplog.text and "disk full" in caplog.text
    assert "last refresh failed: OSError: disk full" in live.status()
