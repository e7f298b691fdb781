"""Shared fixtures: a small corpus of our own (not the seeds), indexed in a temp dir."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import Engine

DATA = Path(__file__).parent / "data"


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of the test corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(DATA / "corpus", target)
    return target


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return Engine.open(DATA / "corpus", tmp_path_factory.mktemp("index"))
