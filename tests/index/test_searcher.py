"""bot.index.searcher against rank_bm25.BM25Okapi, the scoring it promises to reproduce exactly."""

from __future__ import annotations

import itertools
import tempfile
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

import bot.index.searcher
from bot.index.bm25 import Bm25Params
from bot.index.query import plain_query
from bot.index.searcher import Bm25Index
from bot.index.segment import write_segment

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
# Where the segments are cut, as fractions of the corpus.
cuts = st.lists(st.floats(0.0, 1.0), max_size=3)
# The code paths for long posting lists (pair counting instead of partitioning, and
# leaving common terms out of the search for candidates) are forced on for these small
# corpora by lowering their cut-overs.
tunings = st.sampled_from([(4096, 2048), (0, 0), (3, 0), (4096, 0)])


@contextmanager
def tuned(tuning: tuple[int, int]):
    small, prune_min = tuning
    with (
        mock.patch.object(bot.index.searcher, "_SMALL", small),
        mock.patch.object(bot.index.searcher, "_PRUNE_MIN", prune_min),
    ):
        yield


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# rank_bm25 divides 0 by 0 for empty documents when b = 1 (see rank_scores).
pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")


@contextmanager
def built(corpus: list[list[str]], fractions: list[float], p: Bm25Params):
    """The corpus written as segments cut at `fractions`, opened as one index."""
    n = len(corpus)
    bounds = sorted({0, n, *(int(f * n) for f in fractions)})
    with tempfile.TemporaryDirectory() as tmp:
        dirs = []
        for number, (lo, hi) in enumerate(itertools.pairwise(bounds)):
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
@given(corpus=corpora, query=queries, p=params, fractions=cuts, k=st.integers(1, 15), tuning=tunings)
def test_scores_and_top_k_match_rank_bm25(corpus, query, p, fractions, k, tuning):
    ref = reference(corpus, p)
    expected = rank_scores(ref, query)
    with tuned(tuning), built(corpus, fractions, p) as index:
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
        assert [s.first_doc for s in index.segments] == list(np.cumsum([0] + [len(s) for s in index.segments[:-1]]))
        for segment in index.segments:
            for term in segment.terms:
                found = segment.postings(term)
                assert found is not None
                seg_docs, tfs = found
                assert list(seg_docs) == sorted(seg_docs)
                for doc, tf in zip(seg_docs.tolist(), tfs.tolist()):
                    assert corpus[segment.first_doc + doc].count(term) == tf
            assert segment.postings("absent") is None


alternatives = st.tuples(
    st.floats(-1.0, 2.0), st.lists(st.sampled_from(WORDS + ABSENT), min_size=1, max_size=3).map(tuple)
)
groups = st.lists(alternatives, min_size=1, max_size=4)
weighted_queries = st.lists(groups, min_size=1, max_size=4)


@SETTINGS
@given(corpus=corpora, query=weighted_queries, p=params, fractions=cuts, k=st.integers(1, 12), tuning=tunings)
def test_weighted_groups_sum_best_alternatives(corpus, query, p, fractions, k, tuning):
    """A doc's score is the sum over groups of max over alternatives of weight × BM25(terms)."""
    ref = reference(corpus, p)
    expected = np.zeros(len(corpus))
    for group in query:
        best = np.full(len(corpus), -np.inf)
        for weight, terms in group:
            best = np.maximum(best, weight * rank_scores(ref, list(terms)))
        expected += best
    with tuned(tuning), built(corpus, fractions, p) as index:
        scores = index.get_scores(query)
        assert np.abs(scores - expected).max() <= TOLERANCE
        hits = index.search(query, k)
    terms = {term for group in query for _, alt in group for term in alt}
    assert [doc for doc, _ in hits] == expected_top(scores, matching_docs(corpus, terms), k)
    assert all(score == scores[doc] for doc, score in hits)


@SETTINGS
@given(corpus=corpora, query=weighted_queries, p=params, fractions=cuts, k=st.integers(1, 12), tuning=tunings)
def test_segment_split_does_not_change_scores(corpus, query, p, fractions, k, tuning):
    with tuned(tuning), built(corpus, [], p) as whole, built(corpus, fractions, p) as split:
        assert np.array_equal(whole.get_scores(query), split.get_scores(query))
        assert whole.search(query, k) == split.search(query, k)
        assert whole.average_idf == split.average_idf


@SETTINGS
@given(corpus=corpora, query=weighted_queries, p=params, fractions=cuts, data=st.data())
def test_scores_for_some_documents_equal_the_dense_scores(corpus, query, p, fractions, data):
    docs = data.draw(st.lists(st.integers(0, len(corpus) - 1), max_size=10)) if corpus else []
    with built(corpus, fractions, p) as index:
        assert np.array_equal(index.scores_for(query, docs), index.get_scores(query)[docs])


def skewed_corpus(seed: int, n_docs: int) -> tuple[list[list[str]], list[str]]:
    """Zipf-distributed words, as in text: a few common words, many rare ones."""
    rng = np.random.default_rng(seed)
    vocabulary = [f"k{i}" for i in range(300)]
    p = 1.0 / (np.arange(300) + 2.0) ** 1.1
    p /= p.sum()
    lengths = rng.integers(0, 15, n_docs)
    return [[vocabulary[i] for i in rng.choice(300, n, p=p)] for n in lengths], vocabulary


@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    n_docs=st.integers(20, 500),
    k=st.integers(1, 10),
    # Common words (the head of the distribution) mixed with rarer ones.
    picks=st.lists(
        st.tuples(st.one_of(st.integers(0, 8), st.integers(9, 299)), st.floats(0.0, 2.0)), min_size=2, max_size=6
    ),
    fractions=cuts,
    tuning=tunings,
    p=params,
    phrase=st.booleans(),
)
def test_search_on_skewed_corpora(seed, n_docs, k, picks, fractions, tuning, p, phrase):
    """Common and rare words together, where the common ones' postings are left out of
    the search for candidates."""
    corpus, vocabulary = skewed_corpus(seed, n_docs)
    if not any(corpus):
        return
    # Weight 1 for about half the groups (those compare with rank_bm25), else 1-2.
    query: list[list[tuple[float, tuple[str, ...]]]] = [[(max(w, 1.0), (vocabulary[i],))] for i, w in picks]
    if phrase:  # one group with weighted alternatives, one of them two terms
        (a, wa), (b, wb) = picks[:2]
        query[0] = [(wa, (vocabulary[a],)), (wb, (vocabulary[b], vocabulary[(a + b) % 300]))]
    with tuned(tuning), built(corpus, fractions, p) as index:
        scores = index.get_scores(query)
        hits = index.search(query, k)
    terms = {term for group in query for _, alt in group for term in alt}
    assert [doc for doc, _ in hits] == expected_top(scores, matching_docs(corpus, terms), k)
    assert all(score == scores[doc] for doc, score in hits)
    if not phrase and all(w <= 1.0 for _, w in picks):
        expected = rank_scores(reference(corpus, p), [vocabulary[i] for i, _ in picks])
        assert np.abs(scores - expected).max() <= TOLERANCE


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


def test_common_terms_are_not_searched_for_candidates():
    """A rare term's 10th best share exceeds what the common terms can add: the common
    terms' postings are scored but not scanned for candidates, with the same results."""
    corpus = []
    for i in range(1000):
        doc = [f"isi{i}", f"isi{i % 97}"]
        if i % 3 == 0:
            doc += ["umum"] * (1 + i % 2)
        if i % 61 == 0:
            doc += ["langka"] * (1 + i % 3)
        corpus.append(doc)
    query = plain_query(["umum", "langka", "isi5", "umum"])
    for fractions in ([], [0.25, 0.5]):
        with tuned((4096, 0)), built(corpus, fractions, Bm25Params()) as index:
            scores = index.get_scores(query)
            expected = expected_top(scores, matching_docs(corpus, {"umum", "langka", "isi5"}), 10)
            with mock.patch.object(bot.index.searcher, "_dedupe", wraps=bot.index.searcher._dedupe) as dedupe:
                hits = index.search(query, 10)
            candidates = dedupe.call_args.args[0]
            assert len(candidates) < 40  # not the ~330 documents holding "umum"
            assert [doc for doc, _ in hits] == expected
            assert all(score == scores[doc] for doc, score in hits)


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


def test_vocabulary_hash_table_finds_every_term(tmp_path: Path):
    """The on-disk term table: every term found under its id, others not, collisions
    and all (several thousand terms in a table of twice that)."""
    rng = np.random.default_rng(7)
    letters = list("abcdeéfghijklmnopqrstuvwxyz0123456789-'")
    terms = list(dict.fromkeys("".join(rng.choice(letters, rng.integers(1, 9))) for _ in range(6000)))
    corpus = [terms[i : i + 7] for i in range(0, len(terms), 7)] + [["", "ß", "日本", "a b"]]
    write_segment(tmp_path / "seg", corpus)
    segment = Bm25Index.open([tmp_path / "seg"], Bm25Params()).segments[0]
    for term_id, term in enumerate(segment.term_list):
        assert segment.lookup(term) == term_id
    assert segment.term_list[: len(terms)] == terms
    for absent in ("zzzzzzzzzz", "ab" * 9, "é" * 10, "日", "a  b"):
        assert segment.lookup(absent) == -1


def test_terms_only_later_segments_hold(tmp_path: Path):
    write_segment(tmp_path / "one", [["a", "b"], ["a"]])
    write_segment(tmp_path / "two", [["c", "a"], ["c"], ["d"]])
    write_segment(tmp_path / "three", [["d", "e"]])
    index = Bm25Index.open([tmp_path / name for name in ("one", "two", "three")], Bm25Params())
    assert {t: index.document_frequency(t) for t in "abcdef"} == {"a": 3, "b": 1, "c": 2, "d": 2, "e": 1, "f": 0}
    assert [doc for doc, _ in index.search(plain_query(["d"]), 5)] == [4, 5]


def test_segment_missing_a_file_cannot_be_opened(tmp_path: Path):
    """An index written before a format change fails to open (and is then rebuilt)."""
    write_segment(tmp_path / "seg", [["a", "b"], ["c"]])
    (tmp_path / "seg" / "term_slots.npy").unlink()
    with pytest.raises(OSError):
        Bm25Index.open([tmp_path / "seg"], Bm25Params())
