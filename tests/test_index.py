"""bot.index against rank_bm25.BM25Okapi, the scoring it promises to reproduce exactly."""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

import bot.index
from bot.index import Bm25Index, Bm25Params, plain_query, write_segment

TOLERANCE = 1e-9
WORDS = [f"w{i}" for i in range(14)] + ["kata", "berita", "jakarta", "ä", "naïve"]
ABSENT = ["absent", "tidakada"]

words = st.sampled_from(WORDS)
docs = st.lists(words, min_size=0, max_size=12)
# rank_bm25 divides by the corpus' token count and vocabulary size: give it at least one token.
corpora = st.lists(docs, min_size=1, max_size=40).filter(lambda corpus: any(corpus))
queries = st.lists(st.sampled_from(WORDS + ABSENT), min_size=1, max_size=7)
params = st.builds(
    Bm25Params,
    k1=st.floats(0.05, 3.0),
    b=st.floats(0.0, 1.0),
    epsilon=st.floats(0.0, 1.0),
)
# Where the segments are cut, as fractions of the corpus; the long-list code paths
# (pair counting instead of partitioning) are forced on by lowering their cut-over.
cuts = st.lists(st.floats(0.0, 1.0), max_size=3)
small_cutover = st.sampled_from([4096, 0, 3])

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def built(corpus: list[list[str]], fractions: list[float], p: Bm25Params):
    """The corpus written as segments cut at `fractions`, opened as one index."""
    n = len(corpus)
    bounds = sorted({0, n, *(int(f * n) for f in fractions)})
    with tempfile.TemporaryDirectory() as tmp:
        dirs = []
        for number, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
            directory = Path(tmp) / f"seg-{number}"
            assert write_segment(directory, corpus[lo:hi]) == hi - lo
            dirs.append(directory)
        yield Bm25Index.open(dirs, p)


def reference(corpus: list[list[str]], p: Bm25Params) -> BM25Okapi:
    return BM25Okapi(corpus, k1=p.k1, b=p.b, epsilon=p.epsilon)


def rank_scores(bm25: BM25Okapi, query: list[str]) -> np.ndarray:
    # With b = 1 an empty document's length normalisation is 0 and rank_bm25 computes
    # 0/0 for the terms it lacks; their contribution is 0 (the document holds no term).
    return np.nan_to_num(bm25.get_scores(query), nan=0.0)


def expected_top(scores: np.ndarray, matching: list[int], k: int) -> list[int]:
    return sorted(matching, key=lambda doc: (-scores[doc], doc))[:k]


def matching_docs(corpus: list[list[str]], terms: set[str]) -> list[int]:
    return [i for i, doc in enumerate(corpus) if terms.intersection(doc)]


@SETTINGS
@given(corpus=corpora, query=queries, p=params, fractions=cuts, k=st.integers(1, 15), cutover=small_cutover)
def test_scores_and_top_k_match_rank_bm25(corpus, query, p, fractions, k, cutover):
    ref = reference(corpus, p)
    expected = rank_scores(ref, query)
    with mock.patch.object(bot.index, "_SMALL", cutover), built(corpus, fractions, p) as index:
        scores = index.get_scores(plain_query(query))
        assert scores.shape == expected.shape
        assert np.abs(scores - expected).max() <= TOLERANCE
        hits = index.search(plain_query(query), k)

    matching = matching_docs(corpus, set(query))
    # Exactly get_scores' ranking, ties to the lower doc id ...
    assert [doc for doc, _ in hits] == expected_top(scores, matching, k)
    assert all(score == scores[doc] for doc, score in hits)
    # ... and rank_bm25's, up to scores that differ by rounding only.
    best = sorted((expected[doc] for doc in matching), reverse=True)[:k]
    assert len(hits) == len(best)
    for (doc, score), want in zip(hits, best):
        assert abs(score - want) <= TOLERANCE
        assert abs(expected[doc] - score) <= TOLERANCE


@SETTINGS
@given(corpus=corpora, p=params, fractions=cuts)
def test_statistics_match_rank_bm25(corpus, p, fractions):
    ref = reference(corpus, p)
    with built(corpus, fractions, p) as index:
        assert index.n_docs == len(corpus)
        assert index.avgdl == pytest.approx(ref.avgdl, abs=TOLERANCE)
        assert index.average_idf == pytest.approx(ref.average_idf, abs=TOLERANCE)
        for term in WORDS + ABSENT:
            df = sum(1 for doc in corpus if term in doc)
            assert index.document_frequency(term) == df
            assert (term in index) == (df > 0)
            assert index.idf(term) == pytest.approx(ref.idf.get(term, 0.0), abs=TOLERANCE)
        assert [s.first_doc for s in index.segments] == list(
            np.cumsum([0] + [len(s) for s in index.segments[:-1]])
        )
        for segment in index.segments:
            for term, local in segment.terms.items():
                found = segment.postings(term)
                assert found is not None
                seg_docs, tfs = found
                assert list(seg_docs) == sorted(seg_docs)
                for doc, tf in zip(seg_docs.tolist(), tfs.tolist()):
                    assert corpus[segment.first_doc + doc].count(term) == tf
            assert segment.postings("absent") is None


alternatives = st.tuples(st.floats(0.1, 2.0), st.lists(st.sampled_from(WORDS + ABSENT), min_size=1, max_size=3).map(tuple))
groups = st.lists(alternatives, min_size=1, max_size=4)
weighted_queries = st.lists(groups, min_size=1, max_size=4)


@SETTINGS
@given(corpus=corpora, query=weighted_queries, p=params, fractions=cuts, k=st.integers(1, 12), cutover=small_cutover)
def test_weighted_groups_sum_best_alternatives(corpus, query, p, fractions, k, cutover):
    """A doc's score is the sum over groups of max over alternatives of weight × BM25(terms)."""
    ref = reference(corpus, p)
    expected = np.zeros(len(corpus))
    for group in query:
        best = np.full(len(corpus), -np.inf)
        for weight, terms in group:
            best = np.maximum(best, weight * rank_scores(ref, list(terms)))
        expected += best
    with mock.patch.object(bot.index, "_SMALL", cutover), built(corpus, fractions, p) as index:
        scores = index.get_scores(query)
        assert np.abs(scores - expected).max() <= TOLERANCE
        hits = index.search(query, k)
    terms = {term for group in query for _, alt in group for term in alt}
    assert [doc for doc, _ in hits] == expected_top(scores, matching_docs(corpus, terms), k)
    assert all(score == scores[doc] for doc, score in hits)


@SETTINGS
@given(corpus=corpora, query=weighted_queries, p=params, fractions=cuts, k=st.integers(1, 12))
def test_segment_split_does_not_change_scores(corpus, query, p, fractions, k):
    with built(corpus, [], p) as whole, built(corpus, fractions, p) as split:
        assert np.array_equal(whole.get_scores(query), split.get_scores(query))
        assert whole.search(query, k) == split.search(query, k)
        assert whole.average_idf == split.average_idf


def test_ties_go_to_the_lower_doc_id():
    corpus = [["sama", "kata"]] * 30 + [["lain"]] * 5 + [["sama", "kata"]] * 30
    p = Bm25Params()
    for fractions in ([], [0.3, 0.7]):
        with built(corpus, fractions, p) as index:
            for k in (1, 10, 40):
                hits = index.search(plain_query(["sama"]), k)
                assert [doc for doc, _ in hits] == list(range(min(k, 30))) + list(range(35, 35 + max(0, k - 30)))
                assert len({score for _, score in hits}) == 1
            hits = index.search(plain_query(["kata", "sama"]), 12)
            assert [doc for doc, _ in hits] == list(range(12))


def test_ties_on_long_posting_lists():
    """Thousands of equal scores (the pair-counting path): still the lowest ids first."""
    corpus = [["umum", f"x{i % 7}"] if i % 3 else ["umum"] for i in range(9000)]
    with built(corpus, [0.5], Bm25Params()) as index:
        hits = index.search(plain_query(["umum"]), 10)
        scores = index.get_scores(plain_query(["umum"]))
        assert [doc for doc, _ in hits] == expected_top(scores, list(range(9000)), 10)
        hits = index.search(plain_query(["umum", "x3"]), 10)
        scores = index.get_scores(plain_query(["umum", "x3"]))
        assert [doc for doc, _ in hits] == expected_top(scores, list(range(9000)), 10)


def test_repeated_terms_count_each_time():
    corpus = [["a", "b"], ["b", "c", "c"], ["d"], ["a", "a", "a", "e"]]
    ref = reference(corpus, Bm25Params())
    with built(corpus, [0.5], Bm25Params()) as index:
        for query in (["a", "a"], ["c", "b", "c", "c"], ["zz", "a", "zz"]):
            assert np.abs(index.get_scores(plain_query(query)) - ref.get_scores(query)).max() <= TOLERANCE


def test_empty_queries_and_k():
    corpus = [["a", "b"], [], ["c"]]
    with built(corpus, [], Bm25Params()) as index:
        assert index.search([], 5) == []
        assert index.search(plain_query(["zz"]), 5) == []
        assert index.search(plain_query(["a"]), 0) == []
        assert index.search([[(1.0, ())]], 5) == []
        assert [doc for doc, _ in index.search(plain_query(["a", "c", "zz"]), 10)] in ([0, 2], [2, 0])
        assert not index.get_scores(plain_query(["zz"])).any()


def test_empty_segment_and_empty_index(tmp_path: Path):
    write_segment(tmp_path / "empty", [])
    write_segment(tmp_path / "blank", [[], []])
    write_segment(tmp_path / "full", [["a"], ["b", "a"]])
    index = Bm25Index.open([tmp_path / "empty", tmp_path / "blank", tmp_path / "full"], Bm25Params())
    assert index.n_docs == 4
    assert [s.first_doc for s in index.segments] == [0, 0, 2]
    assert [doc for doc, _ in index.search(plain_query(["a"]), 5)] == [2, 3]
    assert Bm25Index.open([tmp_path / "empty"], Bm25Params()).search(plain_query(["a"]), 3) == []
    assert Bm25Index.open([], Bm25Params()).search(plain_query(["a"]), 3) == []


def test_inconsistent_segment_is_refused(tmp_path: Path):
    write_segment(tmp_path / "seg", [["a", "b"], ["c"]])
    (tmp_path / "seg" / "terms.txt").write_text("a\nb", encoding="utf-8")
    with pytest.raises(ValueError):
        Bm25Index.open([tmp_path / "seg"], Bm25Params())
