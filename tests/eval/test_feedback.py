"""The votes store and its export as evaluation questions (no telegram involved)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.eval.feedback import FeedbackStore, Vote, evaluation_lines, export


def test_a_changed_vote_replaces_the_first(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "nested" / "data")
    vote = Vote(1, 2, "q?", "en", "A.", "a1", "https://x", 1)
    assert store.record([vote]) is True
    assert store.record([vote]) is False
    assert store.record([Vote(1, 2, "q?", "en", "A.", "a1", "https://x", -1)]) is True
    (tally,) = store.tallies()
    assert (tally.up, tally.down) == (0, 1)
    assert list(evaluation_lines(iter([tally]))) == []  # voted down: not gold unless asked for


def test_an_export_that_fails_midway_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FeedbackStore(tmp_path / "data")
    store.record([Vote(1, 2, "Apa kata Raisi?", "id", "Raisi bertemu Putin.", "a1", "https://x", 1)])
    target = tmp_path / "out" / "questions.jsonl"
    assert export(store, target) == 1
    before = target.read_bytes()
    assert json.loads(before)["question"] == "Apa kata Raisi?"

    store.record([Vote(1, 2, "Siapa presiden Rusia?", "id", "Putin.", "a2", "https://y", 1)])

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        export(store, target)
    assert target.read_bytes() == before  # the old export, not half of the new one
    assert sorted(p.name for p in target.parent.iterdir()) == ["questions.jsonl"]  # no temporary left
    monkeypatch.undo()
    assert export(store, target) == 2
