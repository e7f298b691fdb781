"""BM25 over an inverted index stored as memory-mapped numpy arrays.

Scoring is rank_bm25's BM25Okapi, term for term: idf = ln(N - df + 0.5) - ln(df + 0.5),
floored at epsilon * (mean idf over the vocabulary) where it is negative, and
tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avgdl)) per posting. Only the postings
of the query's terms are touched, so a query costs what its terms occur, not what the
corpus holds.

An index is a list of immutable segments (one per build or ingest). Statistics (N,
avgdl, df, mean idf) are global across segments, so scores do not depend on how the
corpus was cut into segments.

Segment layout (all arrays little-endian .npy, memory-mapped at open):

    terms.txt    the vocabulary, one term a line; line i is term id i
    df.npy       int32 per term: documents holding it
    offsets.npy  int64 per term + 1: its postings are docs[offsets[t]:offsets[t + 1]]
    docs.npy     int32 per posting: segment-local doc id, ascending within a term
    codes.npy    uint16 (or int32) per posting: index into pairs
    pairs.npy    int32 (n, 2): the distinct (tf, document length) pairs of the segment
    doc_len.npy  int32 per document: its number of terms

A posting's BM25 term-frequency part depends only on its (tf, document length) pair,
and a segment holds a few hundred distinct pairs, so at open each segment gets a table
of that part per pair (with the global avgdl and the parameters) and a query scores a
posting with one lookup into a table that sits in L1 cache, instead of gathering the
document's length normalisation from an array the size of the corpus.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

TERMS_FILE = "terms.txt"
ARRAYS = ("doc_len", "df", "offsets", "docs", "codes", "pairs")

# Below this many candidate postings an exact k-th score is cheap to take directly.
_SMALL = 4096


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

    Postings are grouped per term by one sort of (term id, doc id) keys, which keeps
    the build in numpy instead of per-token Python dictionaries.
    """
    vocabulary: dict[str, int] = {}
    term_ids = array("i")
    lengths = array("i")
    for doc in docs:
        try:
            ids = [vocabulary[token] for token in doc]
        except KeyError:
            ids = [vocabulary.setdefault(token, len(vocabulary)) for token in doc]
        term_ids.extend(ids)
        lengths.append(len(ids))
    n_docs = len(lengths)
    doc_len = np.frombuffer(lengths, dtype=np.int32) if n_docs else np.zeros(0, dtype=np.int32)
    terms = np.frombuffer(term_ids, dtype=np.int32) if len(term_ids) else np.zeros(0, dtype=np.int32)
    width = max(n_docs, 1)
    keys = terms.astype(np.int64) * width
    del terms, term_ids
    keys += np.repeat(np.arange(n_docs, dtype=np.int64), doc_len)
    keys.sort()
    if len(keys):
        starts = np.flatnonzero(np.diff(keys)) + 1
        starts = np.concatenate(([0], starts))
        tfs = np.diff(np.append(starts, len(keys))).astype(np.int32)
        keys = keys[starts]
    else:
        tfs = np.zeros(0, dtype=np.int32)
    posting_terms = keys // width
    docs_out = (keys - posting_terms * width).astype(np.int32)
    del keys
    df = np.bincount(posting_terms, minlength=len(vocabulary)).astype(np.int32)
    del posting_terms
    offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    codes, pairs = _pair_codes(tfs, doc_len[docs_out] if len(docs_out) else np.zeros(0, dtype=np.int32))
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {"doc_len": doc_len, "df": df, "offsets": offsets, "docs": docs_out, "codes": codes, "pairs": pairs}
    for name, values in arrays.items():
        np.save(directory / f"{name}.npy", values)
    (directory / TERMS_FILE).write_text("\n".join(vocabulary), encoding="utf-8")
    return n_docs


def _pair_codes(tfs: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per posting, the index of its (tf, length) pair among the distinct pairs."""
    if not len(tfs):
        return np.zeros(0, dtype=np.uint16), np.zeros((0, 2), dtype=np.int32)
    width = int(lengths.max()) + 1
    keys = tfs.astype(np.int64) * width + lengths
    span = (int(tfs.max()) + 1) * width
    if span <= 1 << 24:
        present = np.zeros(span, dtype=bool)
        present[keys] = True
        distinct = np.flatnonzero(present)
        index = np.zeros(span, dtype=np.int64)
        index[distinct] = np.arange(len(distinct))
        codes = index[keys]
    else:
        distinct, codes = np.unique(keys, return_inverse=True)
    pairs = np.stack([distinct // width, distinct % width], axis=1).astype(np.int32)
    dtype = np.uint16 if len(distinct) <= 1 << 16 else np.int32
    return codes.astype(dtype), pairs


class Segment:
    """One immutable slice of the index; arrays are memory-mapped, terms a plain list."""

    def __init__(self, directory: Path, first_doc: int) -> None:
        arrays = {name: np.asarray(np.load(directory / f"{name}.npy", mmap_mode="r")) for name in ARRAYS}
        self.doc_len: np.ndarray = arrays["doc_len"]
        self.df: np.ndarray = arrays["df"]
        self.offsets: np.ndarray = arrays["offsets"]
        self.docs: np.ndarray = arrays["docs"]
        self.codes: np.ndarray = arrays["codes"]
        self.pairs: np.ndarray = arrays["pairs"]
        text = (directory / TERMS_FILE).read_text(encoding="utf-8")
        self.term_list: list[str] = text.split("\n") if text else []
        n_terms = len(self.term_list)
        if (
            len(self.df) != n_terms
            or len(self.offsets) != n_terms + 1
            or len(self.docs) != len(self.codes)
            or (n_terms and int(self.offsets[-1]) != len(self.docs))
            or self.pairs.ndim != 2
        ):
            raise ValueError(f"segment {directory.name} is inconsistent")
        self.first_doc = first_doc
        self._terms: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.doc_len)

    @property
    def terms(self) -> dict[str, int]:
        """Term → segment-local term id (built on first use; the index keeps its own)."""
        if self._terms is None:
            self._terms = dict(zip(self.term_list, range(len(self.term_list))))
        return self._terms

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Segment-local doc ids holding `term` and its frequency in each."""
        term_id = self.terms.get(term)
        if term_id is None:
            return None
        start, end = int(self.offsets[term_id]), int(self.offsets[term_id + 1])
        return self.docs[start:end], self.pairs[self.codes[start:end].astype(np.intp), 0]


# One segment's share of a group's scores: (segment number, local doc ids, scores,
# source). For a single term the source is the pair codes and the factor its scores are
# table[code] * factor of; for merged alternatives it is None.
_Part = tuple[int, np.ndarray, np.ndarray, "tuple[np.ndarray, float] | None"]


class Bm25Index:
    """BM25Okapi over segments, answering weighted disjunctive queries."""

    def __init__(self, segments: list[Segment], params: Bm25Params) -> None:
        self.segments = segments
        self.params = params
        self.n_docs = sum(len(segment) for segment in segments)
        total_len = sum(int(segment.doc_len.sum(dtype=np.int64)) for segment in segments)
        self.avgdl = total_len / self.n_docs if self.n_docs else 0.0
        self._ids, df, self._local = _global_vocabulary(segments)
        self._df = df
        self.average_idf = 0.0
        self._idf = np.zeros(0)
        if len(df):
            raw = np.log(self.n_docs - df + 0.5) - np.log(df + 0.5)
            self.average_idf = float(raw.sum() / len(raw))
            self._idf = np.where(raw < 0, params.epsilon * self.average_idf, raw)
        self._tables = [self._tf_table(segment) for segment in segments]
        self._nonnegative = bool(
            (not len(self._idf) or self._idf.min() >= 0) and all(not len(t) or t.min() >= 0 for t in self._tables)
        )
        self._buffer: np.ndarray | None = None  # dense per-doc accumulators, made on first use
        self._scratch: np.ndarray | None = None
        self._mark: np.ndarray | None = None
        self._lock = threading.Lock()

    def _tf_table(self, segment: Segment) -> np.ndarray:
        """BM25's term-frequency part for each (tf, length) pair of the segment."""
        k1, b = self.params.k1, self.params.b
        tf = segment.pairs[:, 0].astype(np.float64)
        length = segment.pairs[:, 1].astype(np.float64)
        if not len(tf):
            return np.zeros(0)
        # Operation for operation what rank_bm25 computes, so scores agree to the bit.
        return tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / self.avgdl))

    @classmethod
    def open(cls, directories: Sequence[Path], params: Bm25Params) -> Bm25Index:
        segments: list[Segment] = []
        first = 0
        for directory in directories:
            segments.append(Segment(directory, first))
            first += len(segments[-1])
        return cls(segments, params)

    # --- vocabulary -------------------------------------------------------------

    def document_frequency(self, term: str) -> int:
        term_id = self._ids.get(term)
        return 0 if term_id is None else int(self._df[term_id])

    def __contains__(self, term: str) -> bool:
        return term in self._ids

    def __len__(self) -> int:
        return self.n_docs

    def idf(self, term: str) -> float:
        """BM25Okapi's idf; 0 for a term the corpus never saw (as rank_bm25 does)."""
        term_id = self._ids.get(term)
        return 0.0 if term_id is None else float(self._idf[term_id])

    # --- scoring ----------------------------------------------------------------

    def _term_parts(self, term: str, weight: float) -> list[_Part]:
        """Per segment, the local docs holding `term` and its weighted BM25 contribution."""
        term_id = self._ids.get(term)
        if term_id is None:
            return []
        factor = float(self._idf[term_id])
        if weight != 1.0:
            factor *= weight
        parts: list[_Part] = []
        for number, segment in enumerate(self.segments):
            local = self._local[number]
            if local is None:
                if term_id >= len(segment.df):
                    continue
                local_id = term_id
            else:
                local_id = int(local[term_id])
                if local_id < 0:
                    continue
            start, end = segment.offsets[local_id : local_id + 2].tolist()
            if start == end:
                continue
            docs = segment.docs[start:end].astype(np.intp)
            # idf * tf-part, as rank_bm25 multiplies (bit-identical for weight 1).
            scores = self._tables[number].take(segment.codes[start:end]) * factor
            parts.append((number, docs, scores, (segment.codes[start:end], factor)))
        return parts

    def term_scores(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Global doc ids containing `term` and the term's BM25 contribution to each."""
        parts = self._term_parts(term, 1.0)
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        docs = np.concatenate([docs + self.segments[number].first_doc for number, docs, _, _ in parts])
        return docs.astype(np.int64), np.concatenate([part[2] for part in parts])

    def _group_parts(self, group: Group) -> list[_Part]:
        """Per segment, each doc's best alternative of the group (docs unique per part)."""
        alternatives = [(weight, terms) for weight, terms in group if terms]
        if len(alternatives) == 1 and len(alternatives[0][1]) == 1:
            weight, (term,) = alternatives[0]
            return self._term_parts(term, weight)
        per_alt = [self._alternative_parts(weight, terms) for weight, terms in alternatives]
        per_alt = [parts for parts in per_alt if parts]
        if len(per_alt) <= 1:
            return per_alt[0] if per_alt else []
        return self._combine(per_alt, best=True)

    def _alternative_parts(self, weight: float, terms: Sequence[str]) -> list[_Part]:
        per_term = [self._term_parts(term, weight) for term in terms]
        per_term = [parts for parts in per_term if parts]
        if len(per_term) <= 1:
            return per_term[0] if per_term else []
        return self._combine(per_term, best=False)

    def _combine(self, lists: list[list[_Part]], *, best: bool) -> list[_Part]:
        """Merge score lists per doc, by sum or by max, with the dense scratch arrays."""
        scratch, mark = self._scratch_arrays()
        out: list[_Part] = []
        for number, segment in enumerate(self.segments):
            pieces = [(docs, scores) for parts in lists for n, docs, scores, _ in parts if n == number]
            if not pieces:
                continue
            lo = segment.first_doc
            values = scratch[lo : lo + len(segment)]
            seen = mark[lo : lo + len(segment)]
            members: list[np.ndarray] = []
            for docs, scores in pieces:
                old = seen.take(docs)
                if old.any():
                    new = ~old
                    fresh, again = docs[new], docs[old]
                    values[fresh] = scores[new]
                    if best:
                        values[again] = np.maximum(values.take(again), scores[old])
                    else:
                        values[again] = values.take(again) + scores[old]
                else:
                    fresh = docs
                    values[fresh] = scores
                seen[fresh] = True
                members.append(fresh)
            docs = np.concatenate(members) if len(members) > 1 else members[0]
            docs.sort()
            out.append((number, docs, values.take(docs), None))
            seen[docs] = False
        return out

    def _scratch_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if self._scratch is None:
            self._scratch = np.zeros(self.n_docs)
            self._mark = np.zeros(self.n_docs, dtype=bool)
        return self._scratch, self._mark  # type: ignore[return-value]

    def search(self, query: Sequence[Group], k: int) -> list[tuple[int, float]]:
        """The k best (doc id, score) pairs among the documents holding a query term.

        Best first; ties go to the lower doc id. Scores are get_scores()'s exactly.
        Every posting of the query's terms is scored (no approximation): the dense
        accumulator sums the groups, a lower bound on the k-th best score keeps only
        the few documents that can make the top k, and only those are sorted.
        """
        if k <= 0:
            return []
        with self._lock:
            groups = [parts for parts in (self._group_parts(group) for group in query) if parts]
            if not groups:
                return []
            if len(groups) == 1:
                return self._top(groups[0], k)
            if self._buffer is None:
                self._buffer = np.zeros(self.n_docs)
            buffer = self._buffer
            views = [buffer[s.first_doc : s.first_doc + len(s)] for s in self.segments]
            for parts in groups:
                for number, docs, scores, _ in parts:
                    np.add.at(views[number], docs, scores)
            threshold = self._threshold(groups, views, k)
            found_docs: list[np.ndarray] = []
            found_scores: list[np.ndarray] = []
            for parts in groups:
                for number, docs, _, _ in parts:
                    totals = views[number].take(docs)
                    keep = np.flatnonzero(totals >= threshold)
                    found_docs.append(docs[keep] + self.segments[number].first_doc)
                    found_scores.append(totals[keep])
            postings = sum(len(part[1]) for parts in groups for part in parts)
            if postings > self.n_docs // 4:
                buffer.fill(0.0)
            else:
                for parts in groups:
                    for number, docs, _, _ in parts:
                        views[number][docs] = 0.0
        docs = np.concatenate(found_docs)
        scores = np.concatenate(found_scores)
        order = np.argsort(docs, kind="stable")
        docs, scores = docs[order], scores[order]
        first = np.ones(len(docs), dtype=bool)
        first[1:] = docs[1:] != docs[:-1]
        docs, scores = docs[first], scores[first]
        best = np.lexsort((docs, -scores))[:k]
        return list(zip(docs[best].tolist(), scores[best].tolist()))

    def _top(self, parts: list[_Part], k: int) -> list[tuple[int, float]]:
        """Top k of one group's scores (docs unique, ascending across parts)."""
        scores = np.concatenate([part[2] for part in parts]) if len(parts) > 1 else parts[0][2]
        if len(scores) > k:
            kth = self._kth_largest(parts, scores, k)
            above = np.flatnonzero(scores > kth)
            tied = np.flatnonzero(scores == kth)[: k - len(above)]
            keep = np.concatenate((above, tied))
        else:
            keep = np.arange(len(scores))
        docs = np.concatenate([docs + self.segments[number].first_doc for number, docs, _, _ in parts])[keep]
        scores = scores[keep]
        best = np.lexsort((docs, -scores))[:k]
        return list(zip(docs[best].tolist(), scores[best].tolist()))

    def _kth_largest(self, parts: list[_Part], scores: np.ndarray, k: int) -> float:
        """The k-th largest of one group's scores (len(scores) >= k)."""
        if len(scores) > _SMALL and all(part[3] is not None for part in parts):
            # A single term's scores take one value per (tf, length) pair: count the
            # postings per pair instead of partitioning them. The values are computed
            # as _term_parts computed the scores, so they are the same floats.
            values = np.concatenate([self._tables[part[0]] * part[3][1] for part in parts])
            counts = np.concatenate(
                [np.bincount(part[3][0], minlength=len(self._tables[part[0]])) for part in parts]
            )
            order = np.argsort(-values, kind="stable")
            reached = np.cumsum(counts[order])
            return float(values[order][np.searchsorted(reached, k)])
        return float(np.partition(scores, len(scores) - k)[len(scores) - k])

    def _threshold(self, groups: list[list[_Part]], views: list[np.ndarray], k: int) -> float:
        """A score the k-th best document surely reaches (-inf when none is known).

        The docs of one group are distinct, so the k-th best final score among them
        bounds the k-th best overall from below; the group with the fewest postings
        (at least k) gives it cheaply. When every group is long and contributions are
        nonnegative, a doc's final score is at least its share from any one group, so
        the k-th largest share of a single-term group (counted per pair code) serves.
        """
        sizes = [sum(len(part[1]) for part in parts) for parts in groups]
        eligible = [i for i, size in enumerate(sizes) if size >= k]
        if not eligible:
            return -np.inf
        smallest = min(eligible, key=sizes.__getitem__)
        if sizes[smallest] <= _SMALL or not self._nonnegative:
            totals = np.concatenate([views[number].take(docs) for number, docs, _, _ in groups[smallest]])
            return float(np.partition(totals, len(totals) - k)[len(totals) - k])
        shares = groups[smallest]
        scores = np.concatenate([part[2] for part in shares]) if len(shares) > 1 else shares[0][2]
        return self._kth_largest(shares, scores, k)

    def get_scores(self, query: Sequence[Group]) -> np.ndarray:
        """Dense scores for every document (tests and diagnostics; search() is the fast path)."""
        scores = np.zeros(self.n_docs)
        with self._lock:
            groups = [self._group_parts(group) for group in query]
        for parts in groups:
            for number, docs, values, _ in parts:
                lo = self.segments[number].first_doc
                np.add.at(scores[lo : lo + len(self.segments[number])], docs, values)
        return scores


def _global_vocabulary(segments: Sequence[Segment]) -> tuple[dict[str, int], np.ndarray, list[np.ndarray | None]]:
    """Global term ids (the first segment's ids extended), global df, and per segment
    the local id of each global term (None when local ids are the global ones)."""
    if not segments:
        return {}, np.zeros(0, dtype=np.int64), []
    base = segments[0]
    ids = dict(zip(base.term_list, range(len(base.term_list))))
    df_parts = [base.df.astype(np.int64)]
    seg_ids: list[np.ndarray | None] = [None]
    for segment in segments[1:]:
        n_before = len(ids)
        get = ids.get
        mapped = np.fromiter((get(term, -1) for term in segment.term_list), dtype=np.int64, count=len(segment.term_list))
        new = np.flatnonzero(mapped < 0)
        if len(new):
            new_terms = [segment.term_list[i] for i in new.tolist()]
            # A term twice in one segment's list cannot happen (write_segment dedupes).
            ids.update(zip(new_terms, range(n_before, n_before + len(new_terms))))
            mapped[new] = np.arange(n_before, n_before + len(new_terms))
            df_parts.append(np.zeros(len(new_terms), dtype=np.int64))
        seg_ids.append(mapped)
    df = np.concatenate(df_parts)
    local: list[np.ndarray | None] = [None]
    for segment, mapped in zip(segments[1:], seg_ids[1:]):
        np.add.at(df, mapped, segment.df.astype(np.int64))
        table = np.full(len(df), -1, dtype=np.int64)
        table[mapped] = np.arange(len(mapped))
        local.append(table)
    return ids, df, local
