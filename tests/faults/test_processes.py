"""Faults that need a real process (issue 10): SIGKILL at random points of a build, a
file-size limit (a full disk as the kernel reports it), concurrent ingests."""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot import Engine
from bot.index.manifest import MANIFEST
from tests.test_cli import RAW_PAGE

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def bot(*argv: str | Path, **kwargs) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *map(str, argv)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        **kwargs,
    )


def test_sigkill_at_random_points_of_a_rebuild_leaves_an_index_that_answers(corpus_dir: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    Engine.open(corpus_dir, index)
    rng = random.Random(10)
    for _ in range(4):
        process = bot("index", "--corpus", corpus_dir, "--index", index)
        time.sleep(rng.uniform(0.05, 0.9))  # imports, listing, analysis, writing, renaming
        process.send_signal(signal.SIGKILL)
        process.wait()
        engine = Engine.open(corpus_dir, index)
        assert any("Semarang" in a.text for a in engine.ask("banjir Semarang"))
        leftovers = [p.name for p in index.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".MANIFEST")]
        assert not [name for name in leftovers if name.startswith(".seg-")]


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))


def test_a_file_size_limit_during_rebuild_keeps_the_last_good_index(corpus_dir: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    Engine.open(corpus_dir, index)
    manifest = (index / MANIFEST).read_text()
    path = next(corpus_dir.glob("*banjir*"))
    path.write_text(path.read_text().replace("Sungai Babon", "Sungai Garang"), encoding="utf-8")
    process = bot("ask", "banjir Semarang", "--corpus", corpus_dir, "--index", index, preexec_fn=_limit_file_size)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Semarang" in out
    assert "serving the last good index" in err and "File too large" in err
    assert (index / MANIFEST).read_text() == manifest
    assert Engine.open(corpus_dir, index).rebuilt  # without the limit it is brought up to date


def test_concurrent_ingests_of_one_title_never_lose_an_article(corpus_dir: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    Engine.open(corpus_dir, index)
    pages = []
    for number in range(4):
        page = tmp_path / f"raw{number}.txt"
        page.write_text(RAW_PAGE.replace("Kediri", f"Kediri {number}"), encoding="utf-8")
        pages.append(page)
    common = ("--source", "Pasar", "--published", "2024-04-01", "--corpus", corpus_dir, "--index", index)
    processes = [bot("ingest", page, "--url", f"https://pasar.example/{n}", *common) for n, page in enumerate(pages)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    succeeded = [r for r in results if r[0] == 0]
    failed = [r for r in results if r[0] != 0]
    # Each ingest either adds its own file (same title: the name gets the outlet and a
    # number) or fails saying why; none replaces another's article.
    assert all("already exists" in err for _, _, err in failed), results
    written = sorted(corpus_dir.glob("2024-04-01_*.md"))
    assert len(written) == len(succeeded) >= 1
    assert len({path.read_text(encoding="utf-8") for path in written}) == len(written)
    engine = Engine.open(corpus_dir, index)
    assert engine.article_count == 3 + len(written)  # every article written is served
