"""The forward index and the parallel build: what the question path reads instead of
analysing text must be exactly what the analysis gives, and a build in a pool of
processes must write the same segment as one in a single process."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bench.engine_scale import write_corpus
from bot import Engine
from bot.index import build as building
from bot.index.manifest import corpus_stamps
from bot.text.terms import index_terms

DATA = Path(__file__).resolve().parent.parent / "data"
REPO_CORPUS = DATA.parent.parent / "corpus"


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic articles, the test corpus, a file that is no article and a second
    article with an id already taken (both skipped), spread over several chunks."""
    directory = tmp_path_factory.mktemp("mixed")
    write_corpus(directory, 700)
    for path in [*(DATA / "corpus").glob("*.md"), *REPO_CORPUS.glob("*.md")]:
        shutil.copy(path, directory / path.name)
    (directory / "a000005x.md").write_text("no front matter here\n", encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def second_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second corpus directory: one article of its own, one whose id the first has."""
    directory = tmp_path_factory.mktemp("second")
    write_corpus(directory, 60)
    (directory / "a000001.md").rename(directory / "b000001.md")
    return directory


def _files(segment: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(segment.iterdir())}


def test_parallel_build_writes_the_same_segment_byte_for_byte(
    mixed_corpus: Path,
    second_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(building, "CHUNK_FILES", 4)
    monkeypatch.setattr(building, "PARALLEL_MIN_FILES", 0)
    roots = [mixed_corpus, second_root]
    stamps = corpus_stamps(roots)
    built = {}
    for workers in (1, 2, 3):
        index_dir = tmp_path / f"w{workers}"
        index_dir.mkdir()
        caplog.clear()
        entry = building.build_segment(index_dir, stamps, roots, workers=workers)
        built[workers] = _files(index_dir / entry["name"])
        assert "a000005x.md" in caplog.text and "already has the id 'a000000'" in caplog.text
    assert "fwd_terms.npy" in built[1] and "article_offsets.npy" in built[1]
    assert built[1] == built[2] == built[3]


def test_forward_index_holds_each_passages_analysis(mixed_corpus: Path, tmp_path: Path) -> None:
    engine = Engine.open(mixed_corpus, tmp_path / "index")
    (segment,) = engine._bm25.segments
    (store,) = engine._index.stores
    for local in range(len(store)):
        ids = segment.forward(local)
        assert [segment.term(int(t)) for t in ids] == index_terms(store.text(local))
        assert len(ids) == int(segment.doc_len[local])
    starts = store.article_offsets
    assert int(starts[0]) == 0 and int(starts[-1]) == len(store)
    for article in range(len(store.articles)):
        span = store.article_range(article)
        assert (np.asarray(store.article[span.start : span.stop]) == article).all()
        assert int(store.position[span.start]) == -1  # the title first


def test_forward_terms_are_index_wide_across_segments(mixed_corpus: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(mixed_corpus, corpus)
    later = sorted(corpus.glob("a00002*.md"))
    hold = tmp_path / "later"
    hold.mkdir()
    for path in later:
        path.rename(hold / path.name)
    Engine.open(corpus, tmp_path / "index")
    for path in later:
        (hold / path.name).rename(path)
    engine = Engine.open(corpus, tmp_path / "index")  # appends a segment
    bm25 = engine._bm25
    assert len(bm25.segments) == 2
    vocabulary = bm25.segments[0].term_list + list(bm25._extra)
    for doc in range(bm25.segments[1].first_doc - 30, bm25.n_docs):
        number = 0 if doc < bm25.segments[1].first_doc else 1
        store = engine._index.stores[number]
        text = store.text(doc - bm25.segments[number].first_doc)
        assert [vocabulary[t] for t in bm25.forward_terms(doc).tolist()] == index_terms(text)
