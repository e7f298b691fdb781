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


def floods_a_year_apart(corpus: Path) -> Path:
    """Two articles alike but for their date and a number: only a date tells them apart."""
    corpus.mkdir()
    for published, amount in (("2024-03-06", "300"), ("2023-03-08", "120")):
        (corpus / f"{published}.md").write_text(
            f"---\ntitle: Banjir di Kudus\nurl: https://k.example/{published}\nsource: K\npublished: {published}\n---\n\n"
            f"Banjir merendam {amount} rumah warga di Kudus setelah hujan deras semalaman.\n",
            encoding="utf-8",
        )
    return corpus


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of the test corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(DATA / "corpus", target)
    return target


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return Engine.open(DATA / "corpus", tmp_path_factory.mktemp("index"))
