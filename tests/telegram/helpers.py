"""Helpers for the Telegram tests: fake articles and answers, a canned engine, and the
real Application running against the local fake Bot API (fixtures are in conftest.py)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

from bot.model import Answer, ArticleInfo
from bot.search.analyzer import Analyzer
from bot.search.question import AnalyzedQuestion, analyze_question
from bot.settings import Settings
from tests.telegram.fake_bot_api import FakeBotApi, Request

# Well-formed (it passes Settings.require_token) but fake.
TOKEN = "123456789:AAH-fakeTokenForTests_abcdefghijklmnopq"
BOT_USERNAME = "KutipanTestBot"
BOT_ID = 123456789
REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"


def article(number: int = 1, **fields: str) -> ArticleInfo:
    values = {
        "id": f"a{number}",
        "title": f"Judul artikel {number}",
        "url": f"https://example.com/berita/{number}",
        "source": "Kompas",
        "published": f"2024-04-2{number % 10}",
    }
    values.update(fields)
    return ArticleInfo(**values)


def answer(
    text: str,
    source: ArticleInfo | None = None,
    *,
    before: tuple[str, ...] = (),
    after: tuple[str, ...] = (),
    matched: tuple[str, ...] = (),
    also_in: tuple[ArticleInfo, ...] = (),
    score: float = 1.0,
) -> Answer:
    return Answer(text, before, after, score, source or article(), matched, also_in)


class FakeEngine:
    """An engine with canned answers, for behaviour the real corpus cannot provoke
    (a crash, a huge answer)."""

    def __init__(self, answers: list[Answer] | None = None, error: Exception | None = None) -> None:
        default = [answer("Raisi bertemu Putin di Moskow.", matched=("Putin",))]
        self.answers = answers if answers is not None else default
        self.error = error
        self.questions: list[str] = []
        self.days: list[date | None] = []  # the day each question was asked on
        self.article_count = 1
        self.sentence_count = 1

    def ask(self, question: str, k: int = 3, today: date | None = None) -> list[Answer]:
        self.questions.append(question)
        self.days.append(today)
        if self.error is not None:
            raise self.error
        return self.answers[:k]

    def articles(self) -> list[ArticleInfo]:
        return [a.article for a in self.answers]

    def language(self, text: str) -> str:
        return Analyzer.packaged().detect_language(text)

    def analyze(self, question: str) -> AnalyzedQuestion:
        """The real analysis against an empty index: every content word is unknown."""
        return analyze_question(question, frozenset(), Analyzer.packaged())


def settings_for(api: FakeBotApi, **overrides: Any) -> Settings:
    """Settings pointing at the fake server; `.env` is not read, so the tests do not
    depend on the developer's configuration (DATA_DIR comes from the test's temp dir)."""
    values: dict[str, Any] = {
        "telegram_bot_token": TOKEN,
        "telegram_api_base_url": api.base_url,
        "corpus_dirs": [CORPUS],
        "rate_limit_per_minute": 100,
        "rate_limit_burst": 100,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@contextlib.asynccontextmanager
async def running_bot(api: FakeBotApi, engine: Any, **overrides: Any) -> AsyncIterator[Any]:
    """The real Application, started the way run_polling starts it, against `api`."""
    from bot.telegram.app import ALLOWED_UPDATES, build_application

    application = build_application(settings_for(api, **overrides), engine)
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def settle(api: FakeBotApi, application: Any, update_id: int, timeout: float = 5.0) -> None:
    """Waits until the bot has fetched `update_id` and finished handling everything, so
    that "nothing was sent" is a real observation and not a race."""
    await api.wait_until_fetched(update_id, timeout)
    deadline = time.monotonic() + timeout
    quiet_checks = 0
    while quiet_checks < 3:
        idle = application.update_queue.empty() and application.update_processor.current_concurrent_updates == 0
        quiet_checks = quiet_checks + 1 if idle else 0
        if time.monotonic() > deadline:
            raise TimeoutError("the bot did not become idle")
        await asyncio.sleep(0.02)


async def ask_privately(
    api: FakeBotApi, text: str | None = None, *, user: dict | None = None, replies: int = 1, **content: Any
) -> Request:
    user = user or api.user()
    before = len(api.delivered(user["id"]))
    await api.push(api.message(api.private_chat(user), text, sender=user, **content))
    delivered = await api.wait_for_reply(user["id"], count=before + replies)
    return delivered[-1]


async def say_in_group(
    api: FakeBotApi,
    text: str | None,
    *,
    chat_id: int = -1001,
    reply_to: dict | None = None,
    entities: list | None = None,
    **content: Any,
) -> dict:
    message = api.message(
        api.group_chat(chat_id), text, sender=api.user(2001), reply_to=reply_to, entities=entities, **content
    )
    message["update_id"] = await api.push(message)
    return message
