"""When the index is reused, extended, or rebuilt, and that a failed build never breaks it."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest

import bot.index.build as building
import bot.index.manifest as indexing
from bot import Engine
from bot.index.manifest import MANIFEST

NEW_ARTICLE = """---
title: Gempa Guncang Pulau Seram
url: https://gempa.example/seram
source: Gempa Contoh
published: 2024-06-01
lang: id
---

Gempa bermagnitudo 6,1 mengguncang Pulau Seram pada Sabtu pagi tanpa memicu tsunami.
"""


def segments(index_dir: Path) -> list[str]:
    return [seg["name"] for seg in json.loads((index_dir / MANIFEST).read_text())["segments"]]


def texts(engine: Engine, question: str) -> list[str]:
    return [answer.text for answer in engine.ask(question)]


def test_reused_when_nothing_changed(corpus_dir: Path, tmp_path: Path) -> None:
    first = Engine.open(corpus_dir, tmp_path / "index")
    second = Engine.open(corpus_dir, tmp_path / "index")
    assert first.rebuilt and not second.rebuilt
    assert second.sentence_count == first.sentence_count > 0


def test_moving_the_checkout_keeps_the_index(corpus_dir: Path, tmp_path: Path) -> None:
    Engine.open(corpus_dir, tmp_path / "index")
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    corpus_dir.rename(moved / "corpus")
    (tmp_path / "index").rename(moved / "index")
    engine = Engine.open(moved / "corpus", moved / "index")
    assert not engine.rebuilt and texts(engine, "banjir Semarang")


def test_other_corpus_directories_get_a_fresh_index(corpus_dir: Path, tmp_path: Path) -> None:
    Engine.open(corpus_dir, tmp_path / "index")
    other = tmp_path / "other"
    other.mkdir()
    (other / "gempa.md").write_text(NEW_ARTICLE, encoding="utf-8")
    engine = Engine.open(other, tmp_path / "index")
    assert engine.rebuilt and engine.article_count == 1


def test_new_article_is_appended_as_a_segment(corpus_dir: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    before = Engine.open(corpus_dir, index_dir)
    old = segments(index_dir)
    (corpus_dir / "gempa.md").write_text(NEW_ARTICLE, encoding="utf-8")
    after = Engine.open(corpus_dir, index_dir)
    assert segments(index_dir)[: len(old)] == old and len(segments(index_dir)) == len(old) + 1
    assert after.article_count == before.article_count + 1
    assert any("Pulau Seram" in text for text in texts(after, "gempa Pulau Seram"))


def test_changed_article_triggers_full_rebuild(corpus_dir: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    Engine.open(corpus_dir, index_dir)
    path = next(corpus_dir.glob("*banjir*"))
    path.write_text(path.read_text().replace("Sungai Babon", "Sungai Garang"), encoding="utf-8")
    engine = Engine.open(corpus_dir, index_dir)
    assert engine.rebuilt and len(segments(index_dir)) == 1
    assert any("Garang" in text for text in texts(engine, "tanggul Sungai Garang jebol"))


def test_removed_article_disappears(corpus_dir: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    Engine.open(corpus_dir, index_dir)
    next(corpus_dir.glob("*kereta*")).unlink()
    engine = Engine.open(corpus_dir, index_dir)
    assert engine.article_count == 2
    assert not any("kereta" in text.lower() for text in texts(engine, "penumpang kereta cepat"))


def test_analyzer_change_triggers_rebuild(corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Engine.open(corpus_dir, tmp_path / "index")
    monkeypatch.setattr(indexing, "ANALYZER_VERSION", "changed")
    assert Engine.open(corpus_dir, tmp_path / "index").rebuilt


@pytest.mark.parametrize("damage", ["manifest", "manifest-shape", "segment"])
def test_corrupt_index_is_rebuilt_with_a_warning(
    corpus_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    index_dir = tmp_path / "index"
    Engine.open(corpus_dir, index_dir)
    if damage == "manifest":
        (index_dir / MANIFEST).write_text("{not json")
    elif damage == "manifest-shape":
        manifest = json.loads((index_dir / MANIFEST).read_text())
        manifest["segments"] = [{}]
        (index_dir / MANIFEST).write_text(json.dumps(manifest))
    else:
        (index_dir / segments(index_dir)[0] / "docs.npy").write_bytes(b"garbage")
    with caplog.at_level(logging.WARNING):
        engine = Engine.open(corpus_dir, index_dir)
    assert engine.rebuilt and "rebuilding" in caplog.text
    assert texts(engine, "banjir Semarang")


def test_crash_during_rebuild_leaves_previous_index_serving(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    Engine.open(corpus_dir, index_dir)
    manifest_before = (index_dir / MANIFEST).read_text()

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(building, "write_store", crash)
    with pytest.raises(KeyboardInterrupt):
        Engine.open(corpus_dir, index_dir, rebuild=True)
    monkeypatch.undo()
    assert (index_dir / MANIFEST).read_text() == manifest_before
    assert not [p for p in index_dir.iterdir() if p.name.endswith(".tmp")]
    engine = Engine.open(corpus_dir, index_dir)
    assert not engine.rebuilt and texts(engine, "banjir Semarang")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_and_stays_quiet_elsewhere() -> None:
    terminal, log = Terminal(), io.StringIO()
    for stream in (terminal, log):
        progress = building.Progress(10, stream)
        progress.update(5, 120, force=True)
        progress.done()
    assert "5/10 articles, 120 sentences" in terminal.getvalue() and "s left" in terminal.getvalue()
    assert log.getvalue() == ""


def test_a_bad_article_file_is_skipped_with_a_warning(
    corpus_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (corpus_dir / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nTeks.\n", encoding="utf-8")
    (corpus_dir / "bom.md").write_bytes("\ufeff".encode() + NEW_ARTICLE.encode())
    with caplog.at_level(logging.WARNING):
        engine = Engine.open(corpus_dir, tmp_path / "index")
    assert "skipping" in caplog.text and "broken.md" in caplog.text
    assert engine.article_count == 4  # the three articles and the one with a BOM
    assert any("Pulau Seram" in text for text in texts(engine, "gempa Pulau Seram"))
    assert not Engine.open(corpus_dir, tmp_path / "index").rebuilt  # the bad file is not retried


def test_a_second_article_with_the_same_id_is_skipped(corpus_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "gempa.md").write_text(NEW_ARTICLE, encoding="utf-8")
    (corpus_dir / "gempa.md").write_text(NEW_ARTICLE.replace("Pulau Seram", "Pulau Buru"), encoding="utf-8")
    engine = Engine.open([corpus_dir, other], tmp_path / "index")
    assert engine.article_count == 4
    assert [a.id for a in engine.articles()].count("gempa") == 1
