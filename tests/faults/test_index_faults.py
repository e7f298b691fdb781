"""Fault injection on the index (issue 10): a failed rebuild, a full or read-only disk,
unreadable and looping files, damaged segments, leftovers of killed builds, races with
ingest. The rule throughout: the last good index keeps answering."""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

import bot.index.build as building
import bot.index.manifest as indexing
from bot import Engine
from bot.index.manifest import MANIFEST
from tests.ingest.test_corpus import make_unreadable

NEW_ARTICLE = """---
title: Gempa Guncang Pulau Seram
url: https://gempa.example/seram
source: Gempa Contoh
published: 2024-06-01
---

Gempa bermagnitudo 6,1 mengguncang Pulau Seram pada Sabtu pagi tanpa memicu tsunami.
"""


def texts(engine: Engine, question: str) -> list[str]:
    return [answer.text for answer in engine.ask(question)]


def segment_dirs(index_dir: Path) -> list[Path]:
    return [index_dir / seg["name"] for seg in json.loads((index_dir / MANIFEST).read_text())["segments"]]


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_full_disk_during_rebuild_keeps_the_last_good_index(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    index_dir = tmp_path / "index"
    Engine.open(corpus_dir, index_dir)
    before = (index_dir / MANIFEST).read_text()
    path = next(corpus_dir.glob("*banjir*"))
    path.write_text(path.read_text().replace("Sungai Babon", "Sungai Garang"), encoding="utf-8")

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(building, "write_store", disk_full)
    with caplog.at_level(logging.WARNING):
        engine = Engine.open(corpus_dir, index_dir)
    assert texts(engine, "banjir Semarang")  # still answering, from the old index
    assert engine.index_problem and "No space left on device" in engine.index_problem
    assert len(warnings_of(caplog)) == 1 and "No space left on device" in warnings_of(caplog)[0]
    assert (index_dir / MANIFEST).read_text() == before
    assert not [p for p in index_dir.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    assert Engine.open(corpus_dir, index_dir).rebuilt  # retried once the disk has room


def test_a_crash_in_the_analysis_skips_the_article_not_the_corpus(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (corpus_dir / "gempa.md").write_text(NEW_ARTICLE, encoding="utf-8")
    real = building.index_terms

    def fragile(text: str) -> list[str]:
        if "Seram" in text:
            raise ValueError("Wrong input value: empty string")
        return real(text)

    monkeypatch.setattr(building, "index_terms", fragile)
    with caplog.at_level(logging.WARNING):
        engine = Engine.open(corpus_dir, tmp_path / "index")
    assert engine.article_count == 3 and texts(engine, "banjir Semarang")
    assert [m for m in warnings_of(caplog) if "gempa.md" in m and "cannot be analysed" in m]


def test_a_read_only_index_directory_serves_what_it_holds(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    index_dir = tmp_path / "index"
    Engine.open(corpus_dir, index_dir)
    (corpus_dir / "gempa.md").write_text(NEW_ARTICLE, encoding="utf-8")
    make_read_only(index_dir, monkeypatch)
    try:
        with caplog.at_level(logging.WARNING):
            engine = Engine.open(corpus_dir, index_dir)
        assert texts(engine, "banjir Semarang") and engine.article_count == 3
        assert engine.index_problem and len(warnings_of(caplog)) == 1
    finally:
        index_dir.chmod(0o755)


def make_read_only(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 555, and (for root, whom that does not stop) every write under it failing
    as on a read-only file system."""
    directory.chmod(0o555)
    if os.geteuid() != 0:
        return
    real_open, real_mkdir = Path.open, Path.mkdir

    def under(path: Path) -> bool:
        return directory in Path(path).absolute().parents

    def refuse(path: Path) -> OSError:
        return OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    def guarded_open(self: Path, mode: str = "r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if under(self) and any(flag in mode for flag in "wax+"):
            raise refuse(self)
        return real_open(self, mode, *args, **kwargs)

    def guarded_mkdir(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if under(self):
            raise refuse(self)
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    monkeypatch.setattr(Path, "mkdir", guarded_mkdir)


def test_unreadable_and_looping_files_are_skipped_with_one_warning_each(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    locked = corpus_dir / "locked.md"
    locked.write_text(NEW_ARTICLE, encoding="utf-8")
    make_unreadable(locked, monkeypatch)
    loop = corpus_dir / "loop.md"
    loop.symlink_to(loop)
    (corpus_dir / "dangling.md").symlink_to(corpus_dir / "nowhere.md")
    with caplog.at_level(logging.WARNING):
        engine = Engine.open(corpus_dir, tmp_path / "index")
    assert engine.article_count == 3 and texts(engine, "banjir Semarang")
    messages = warnings_of(caplog)
    assert len([m for m in messages if "locked.md" in m]) == 1
    assert len([m for m in messages if "loop.md" in m]) == 1


@pytest.mark.parametrize(
    "damage", ["truncate-passages", "truncate-docs", "flip-header", "flip-articles", "remove-file", "extra-file"]
)
def test_a_damaged_segment_is_detected_at_open_and_rebuilt(
    corpus_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    index_dir = tmp_path / "index"
    Engine.open(corpus_dir, index_dir)
    segment = segment_dirs(index_dir)[0]
    if damage == "truncate-passages":
        blob = (segment / "passages.bin").read_bytes()
        (segment / "passages.bin").write_bytes(blob[: len(blob) // 2])
    elif damage == "truncate-docs":
        data = (segment / "docs.npy").read_bytes()
        (segment / "docs.npy").write_bytes(data[:-8])
    elif damage == "flip-header":  # same size, another dtype: garbage numbers
        data = (segment / "passage_offsets.npy").read_bytes()
        (segment / "passage_offsets.npy").write_bytes(data.replace(b"<i8", b"<i4", 1))
    elif damage == "flip-articles":  # same size, other text
        data = (segment / "articles.json").read_bytes()
        (segment / "articles.json").write_bytes(data.replace(b"Semarang", b"Sxmarang", 1))
    elif damage == "remove-file":
        (segment / "aliases.json").unlink()
    else:
        np.save(segment / "stray.npy", np.zeros(3))
    with caplog.at_level(logging.WARNING):
        engine = Engine.open(corpus_dir, index_dir)
    assert engine.rebuilt and "corrupt" in caplog.text
    assert any("1.350 warga" in t for t in texts(engine, "berapa warga mengungsi karena banjir di Semarang?"))
    assert all("Sxmarang" not in a.title for a in engine.articles())


def test_leftovers_of_failed_builds_are_removed_at_the_next_open(corpus_dir: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    Engine.open(corpus_dir, index_dir)
    (index_dir / ".seg-deadbeef0000.tmp").mkdir()
    (index_dir / ".seg-deadbeef0000.tmp" / "docs.npy").write_bytes(b"x" * 100)
    shutil.copytree(segment_dirs(index_dir)[0], index_dir / "seg-orphan000000")
    engine = Engine.open(corpus_dir, index_dir)
    assert not engine.rebuilt
    names = sorted(p.name for p in index_dir.iterdir() if "seg-" in p.name)
    assert names == [p.name for p in segment_dirs(index_dir)]


def test_leftovers_are_kept_while_a_build_holds_the_lock(corpus_dir: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    Engine.open(corpus_dir, index_dir)
    staging = index_dir / ".seg-running00000.tmp"
    staging.mkdir()
    with indexing._build_lock(index_dir):
        Engine.open(corpus_dir, index_dir)  # the fast path must not wait for the lock either
        assert staging.exists()


def test_the_corpus_is_listed_under_the_build_lock(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article an `ingest` writes while this process waits for the lock is indexed."""
    index_dir = tmp_path / "index"
    Engine.open(corpus_dir, index_dir)
    (corpus_dir / "gempa.md").write_text(NEW_ARTICLE, encoding="utf-8")  # this process sees it: must update
    real_lock = indexing._build_lock

    @contextlib.contextmanager
    def lock_after_another_ingest(directory: Path):  # type: ignore[no-untyped-def]
        # while waiting, another process ingested one more article
        (corpus_dir / "gempa-2.md").write_text(NEW_ARTICLE.replace("Pulau Seram", "Pulau Buru"), encoding="utf-8")
        with real_lock(directory):
            yield

    monkeypatch.setattr(indexing, "_build_lock", lock_after_another_ingest)
    engine = Engine.open(corpus_dir, index_dir)
    monkeypatch.undo()
    assert engine.article_count == 5
    assert not Engine.open(corpus_dir, index_dir).rebuilt


def test_with_no_good_index_the_failure_is_reported(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(building, "write_store", disk_full)
    with pytest.raises(OSError, match="No space"):
        Engine.open(corpus_dir, tmp_path / "index")
