"""BM25 over an inverted index stored as memory-mapped numpy arrays.

Scoring is rank_bm25's BM25Okapi, term for term: idf = ln(N - df + 0.5) - ln(df + 0.5),
floored at epsilon * (mean idf over the vocabulary) where it is negative, and
tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avgdl)) per posting. Only the postings
of the query's terms are touched, so a query costs what its terms occur, not what the
corpus holds.

An index is a list of immutable segments (one per build or ingest). Statistics (N,
avgdl, df, mean idf) are global across segments, so scores do not depend on how the
corpus was cut into segments.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

TERMS_FILE = "terms.txt"
ARRAYS = ("doc_len", "df", "offsets", "docs", "tfs")


@dataclass(frozen=True, slots=True)
class Bm25Params:
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25


# A query is a list of groups; a group is a list of alternatives; an alternative is a
# weight and the terms it scores (a phrase has several). A document's score is the sum
# over groups of its best alternative. With one single-term alternative of weight 1 per
# group this is exactly BM25Okapi.get_scores (a repeated term counts once per group, as
# rank_bm25 counts it once per occurrence).
Alternative = tuple[float, tuple[str, ...]]
Group = Sequence[Alternative]


def plain_query(tokens: Iterable[str]) -> list[Group]:
    """The query rank_bm25 would run for these tokens."""
    return [[(1.0, (token,))] for token in tokens]


def write_segment(directory: Path, docs: Iterable[Sequence[str]]) -> int:
    """Write the postings of `docs` (token lists) into `directory`; returns the doc count.

    Postings are grouped per term by one sort over (term id, doc id) pairs, which keeps
    the build in numpy instead of per-token Python dictionaries.
    """
    vocabulary: dict[str, int] = {}
    term_ids: list[int] = []
    doc_lengths: list[int] = []
    for doc in docs:
        doc_lengths.append(len(doc))
        term_ids.extend([vocabulary.setdefault(token, len(vocabulary)) for token in doc])
    n_docs = len(doc_lengths)
    doc_len = np.asarray(doc_lengths, dtype=np.int32)
    term_arr = np.asarray(term_ids, dtype=np.int64)
    doc_arr = np.repeat(np.arange(n_docs, dtype=np.int64), doc_len)
    keys, tfs = np.unique(term_arr * max(n_docs, 1) + doc_arr, return_counts=True)
    posting_terms = keys // max(n_docs, 1)
    docs_out = (keys % max(n_docs, 1)).astype(np.int32)
    df = np.bincount(posting_terms, minlength=len(vocabulary)).astype(np.int32)
    offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {"doc_len": doc_len, "df": df, "offsets": offsets, "docs": docs_out, "tfs": tfs.astype(np.int32)}
    for name, array in arrays.items():
        np.save(directory / f"{name}.npy", array)
    (directory / TERMS_FILE).write_text("\n".join(vocabulary), encoding="utf-8")
    return n_docs


class Segment:
    """One immutable slice of the index; arrays are memory-mapped, terms are a dict."""

    def __init__(self, directory: Path, first_doc: int) -> None:
        arrays = {name: np.load(directory / f"{name}.npy", mmap_mode="r") for name in ARRAYS}
        self.doc_len: np.ndarray = arrays["doc_len"]
        self.df: np.ndarray = arrays["df"]
        self.offsets: np.ndarray = arrays["offsets"]
        self.docs: np.ndarray = arrays["docs"]
        self.tfs: np.ndarray = arrays["tfs"]
        text = (directory / TERMS_FILE).read_text(encoding="utf-8")
        terms = text.split("\n") if text else []
        if len(terms) != len(self.df) or len(self.offsets) != len(terms) + 1:
            raise ValueError(f"segment {directory.name} is inconsistent")
        self.terms: dict[str, int] = dict(zip(terms, range(len(terms))))
        self.first_doc = first_doc

    def __len__(self) -> int:
        return len(self.doc_len)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        term_id = self.terms.get(term)
        if term_id is None:
            return None
        start, end = self.offsets[term_id], self.offsets[term_id + 1]
        return self.docs[start:end], self.tfs[start:end]


class Bm25Index:
    """BM25Okapi over segments, answering weighted disjunctive queries."""

    def __init__(self, segments: list[Segment], params: Bm25Params) -> None:
        self.segments = segments
        self.params = params
        self.n_docs = sum(len(segment) for segment in segments)
        total_len = sum(int(segment.doc_len.sum(dtype=np.int64)) for segment in segments)
        self.avgdl = total_len / self.n_docs if self.n_docs else 0.0
        self.average_idf = self._average_idf()
        # Per-document length normalisation, the part of BM25 that does not depend on the
        # query; computed once so a query only gathers it.
        doc_len = np.concatenate([s.doc_len for s in segments]) if segments else np.zeros(0)
        self._norm = params.k1 * (1 - params.b + params.b * doc_len / self.avgdl) if self.n_docs else doc_len
        self._buffer = np.zeros(self.n_docs)
        self._lock = threading.Lock()

    @classmethod
    def open(cls, directories: Sequence[Path], params: Bm25Params) -> Bm25Index:
        segments: list[Segment] = []
        first = 0
        for directory in directories:
            segments.append(Segment(directory, first))
            first += len(segments[-1])
        return cls(segments, params)

    def _average_idf(self) -> float:
        if not self.segments or not self.n_docs:
            return 0.0
        base = self.segments[0]
        df = np.array(base.df, dtype=np.int64)
        extra: dict[str, int] = {}
        for segment in self.segments[1:]:
            for term, term_id in segment.terms.items():
                count = int(segment.df[term_id])
                base_id = base.terms.get(term)
                if base_id is None:
                    extra[term] = extra.get(term, 0) + count
                else:
                    df[base_id] += count
        all_df = np.concatenate([df, np.fromiter(extra.values(), dtype=np.int64, count=len(extra))])
        if not len(all_df):
            return 0.0
        idf = np.log(self.n_docs - all_df + 0.5) - np.log(all_df + 0.5)
        return float(idf.sum() / len(idf))

    def document_frequency(self, term: str) -> int:
        return sum(int(s.df[s.terms[term]]) for s in self.segments if term in s.terms)

    def __contains__(self, term: str) -> bool:
        return any(term in segment.terms for segment in self.segments)

    def idf(self, term: str) -> float:
        """BM25Okapi's idf; 0 for a term the corpus never saw (as rank_bm25 does)."""
        df = self.document_frequency(term)
        if df == 0:
            return 0.0
        value = float(np.log(self.n_docs - df + 0.5) - np.log(df + 0.5))
        return self.params.epsilon * self.average_idf if value < 0 else value

    def term_scores(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Global doc ids containing `term` and the term's BM25 contribution to each."""
        idf = self.idf(term)
        found = [(s, hit) for s in self.segments if (hit := s.postings(term)) is not None]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        docs = np.concatenate([hit[0].astype(np.int64) + s.first_doc for s, hit in found])
        tf = np.concatenate([hit[1] for _, hit in found]).astype(np.float64)
        k1 = self.params.k1
        return docs, idf * (tf * (k1 + 1) / (tf + self._norm[docs]))

    def _group_scores(self, group: Group) -> tuple[np.ndarray, np.ndarray]:
        """Per-document best alternative of one group, as (unique docs, scores)."""
        parts: list[tuple[np.ndarray, np.ndarray]] = []
        for weight, terms in group:
            alt = [self.term_scores(term) for term in terms]
            alt = [(docs, scores) for docs, scores in alt if len(docs)]
            if not alt:
                continue
            if len(alt) == 1:
                docs, scores = alt[0]
            else:
                docs, inverse = np.unique(np.concatenate([d for d, _ in alt]), return_inverse=True)
                scores = np.bincount(inverse, weights=np.concatenate([s for _, s in alt]))
            parts.append((docs, scores * weight if weight != 1.0 else scores))
        if len(parts) <= 1:
            return parts[0] if parts else (np.zeros(0, dtype=np.int64), np.zeros(0))
        docs = np.concatenate([d for d, _ in parts])
        scores = np.concatenate([s for _, s in parts])
        order = np.lexsort((-scores, docs))  # by doc, best score first within a doc
        docs, scores = docs[order], scores[order]
        first = np.ones(len(docs), dtype=bool)
        first[1:] = docs[1:] != docs[:-1]
        return docs[first], scores[first]

    def search(self, query: Sequence[Group], k: int) -> list[tuple[int, float]]:
        """The k best (doc id, score) pairs, best first; ties go to the lower doc id."""
        groups = [self._group_scores(group) for group in query]
        groups = [(d, s) for d, s in groups if len(d)]
        if not groups or k <= 0:
            return []
        with self._lock:
            buffer = self._buffer
            for docs, scores in groups:
                buffer[docs] += scores
            touched = np.unique(np.concatenate([d for d, _ in groups])) if len(groups) > 1 else groups[0][0]
            totals = buffer[touched].copy()
            buffer[touched] = 0.0
        if len(touched) > k:
            kth = np.partition(totals, len(totals) - k)[len(totals) - k]
            keep = totals >= kth
            touched, totals = touched[keep], totals[keep]
        order = np.lexsort((touched, -totals))[:k]
        return [(int(touched[i]), float(totals[i])) for i in order]

    def get_scores(self, query: Sequence[Group]) -> np.ndarray:
        """Dense scores for every document (tests and diagnostics; search() is the fast path)."""
        scores = np.zeros(self.n_docs)
        for docs, group_scores in (self._group_scores(group) for group in query):
            scores[docs] += group_scores
        return scores
