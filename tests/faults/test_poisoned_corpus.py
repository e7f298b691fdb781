"""Done-when of issue 10: a poisoned corpus still answers from its good articles within a
second of start, in the CLI (here) and in the bot (tests/telegram/test_robust.py)."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest

from bot import Engine
from bot.cli import main
from tests.faults.poison import poisoned_corpus


def test_a_poisoned_corpus_answers_from_the_good_articles_in_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    corpus = poisoned_corpus(tmp_path / "corpus")
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING):
        code = main(
            [
                "ask",
                "berapa warga mengungsi karena banjir di Semarang?",
                "--json",
                "--corpus",
                str(corpus),
                "--index",
                str(tmp_path / "i"),
            ]
        )
    elapsed = time.perf_counter() - started
    out, err = capsys.readouterr()
    assert code == 0, err
    assert any("1.350 warga" in a["text"] for a in json.loads(out)["answers"])
    assert elapsed < 1.0
    for name in ("alias-bomb.md", "nul.md", "not-utf8.md", "bad-date.md", "bad-url.md", "loop.md"):
        assert sum(name in r.getMessage() for r in caplog.records) == 1, name


def test_questions_that_crashed_still_get_answers_on_a_poisoned_corpus(tmp_path: Path) -> None:
    engine = Engine.open(poisoned_corpus(tmp_path / "corpus"), tmp_path / "i")
    for question in ("m", "n", "ng", "nge", "jembatan se dua kilometer", "Pu\u200btin\x00?"):
        engine.ask(question)
    assert engine.ask("jembatan panjangnya dua kilometer")  # the "se dua" article is indexed
    assert {"control", "se-dua"} <= {a.id for a in engine.articles()}
    assert "Judul" in {a.title for a in engine.articles()}
