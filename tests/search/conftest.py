"""Fixtures of the search tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import Engine

DATA = Path(__file__).resolve().parent.parent / "data"
REPO_CORPUS = DATA.parent.parent / "corpus"


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The repository's articles and the test corpus: real Indonesian news text."""
    corpus = tmp_path_factory.mktemp("news")
    for path in [*(DATA / "corpus").glob("*.md"), *REPO_CORPUS.glob("*.md")]:
        shutil.copy(path, corpus / path.name)
    return Engine.open(corpus, tmp_path_factory.mktemp("news-index"))
