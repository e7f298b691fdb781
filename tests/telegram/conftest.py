"""Fixtures for the Telegram tests: the local fake Bot API server and the real engine."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.helpers import BOT_ID, BOT_USERNAME, CORPUS, TOKEN


@pytest.fixture(scope="session")
def real_engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The real engine on the bundled corpus, indexed once per test session."""
    from bot import Engine

    return Engine.open([CORPUS], tmp_path_factory.mktemp("index"))


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi(TOKEN, bot_id=BOT_ID, username=BOT_USERNAME)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture(autouse=True)
def data_dir_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bot's data (votes) goes to the test's temp dir, never the repository's data/."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"
