"""Shared fixtures: a small corpus of our own (not the seeds), indexed in a temp dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import Engine
from bot.settings import Settings

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the settings they set: not the developer's environment or .env."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setitem(Settings.model_config, "env_file", None)


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of the test corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(DATA / "corpus", target)
    return target


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return Engine.open(DATA / "corpus", tmp_path_factory.mktemp("index"))
