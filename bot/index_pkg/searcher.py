"""BM25 over an inverted index stored as memory-mapped numpy arrays.

Scoring is rank_bm25's BM25Okapi, term for term: idf = ln(N - df + 0.5) - ln(df + 0.5),
floored at epsilon * (mean idf over the vocabulary) where it is negative, and
tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avgdl)) per posting. Only the postings
of the query's terms are touched, so a query costs what its terms occur, not what the
corpus holds.

An index is a list of immutable segments (one per build or ingest). Statistics (N,
avgdl, df, mean idf) are global across segments, so scores do not depend on how the
corpus was cut into segments.

Segment layout (.npy arrays, memory-mapped at open):

    terms.txt     the vocabulary, one term a line; line i is term id i
    df.npy        int32 per term: documents holding it
    offsets.npy   int64 per term + 1: its postings are docs[offsets[t]:offsets[t + 1]]
    docs.npy      int32 per posting: segment-local doc id, ascending within a term
    codes.npy     uint16 (int32 past 65536 pairs) per posting: index into pairs
    pairs.npy     int32 (n, 2): the segment's distinct (tf, document length) pairs
    frontier.npy  int32 (terms, 5): per term the shortest document holding it once,
                  twice, three times, four or more times (-1: none), and its top tf
    doc_len.npy   int32 per document: its number of terms

Speed without approximation:

* A posting's BM25 tf part depends only on its (tf, length) pair, and a segment has a
  few hundred distinct pairs, so at open each segment gets a table of the tf part per
  pair, and a query scores a posting with one lookup into a table that sits in L1
  cache (instead of gathering a length norm from an array as long as the corpus).
* search() scores every posting of the query's terms into a dense accumulator (in
  query order, so scores are get_scores()'s to the bit), then looks for the top k only
  where it can be: a lower bound on the k-th best score comes from the query's rarest
  term, and the common terms whose best possible shares (from the frontier) add up to
  less than it cannot make a document reach it on their own, so their long posting
  lists are not searched for candidates. Only the few candidates left are sorted.
"""

from __future__ import annotations

import math
import mmap
import threading
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, count, islice
from pathlib import Path

import numpy as np

TERMS_FILE = "terms.txt"
ARRAYS = ("doc_len", "df", "offsets", "docs", "codes", "pairs", "frontier", "term_offsets", "term_slots")

# Documents read at a time while numbering terms (bounds the Python objects held).
_CHUNK = 1 << 16
# Below this many scores an exact k-th largest is taken by partitioning them.
_SMALL = 4096
# Below this many postings in all, looking for candidates everywhere is cheaper than
# working out where they cannot be.
_PRUNE_MIN = 2048
# Relative slack for float rounding when bounds decide what may be skipped (rounding
# errors of sums of a few BM25 shares are ~1e-16 relative).
_MARGIN = 1e-12


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


# --- writing ------------------------------------------------------------------------


def write_segment(directory: Path, docs: Iterable[Sequence[str]]) -> int:
    """Write the postings of `docs` (token lists) into `directory`; returns the doc count.

    Postings are grouped per term by one sort of (term id, doc id) keys, which keeps
    the build in numpy instead of per-token Python dictionaries.
    """
    # Term ids in order of first appearance: a defaultdict numbering unseen terms,
    # driven from C (map + fromiter), a chunk of documents at a time.
    vocabulary: defaultdict[str, int] = defaultdict(count().__next__)
    term_id = vocabulary.__getitem__
    id_chunks: list[np.ndarray] = []
    length_chunks: list[np.ndarray] = []
    docs = iter(docs)
    while chunk := list(islice(docs, _CHUNK)):
        chunk_lengths = np.fromiter(map(len, chunk), dtype=np.int32, count=len(chunk))
        length_chunks.append(chunk_lengths)
        tokens = chain.from_iterable(chunk)
        id_chunks.append(np.fromiter(map(term_id, tokens), dtype=np.int32, count=int(chunk_lengths.sum())))
    lengths = np.concatenate(length_chunks) if length_chunks else np.zeros(0, dtype=np.int32)
    term_ids = np.concatenate(id_chunks) if id_chunks else np.zeros(0, dtype=np.int32)
    del id_chunks, length_chunks
    n_docs, n_terms = len(lengths), len(vocabulary)
    doc_len = lengths
    width = max(n_docs, 1)
    keys = term_ids.astype(np.int64)
    del term_ids
    keys *= width
    keys += np.repeat(np.arange(n_docs, dtype=np.int64), doc_len)
    keys.sort(kind="stable")  # timsort: runs of one document's terms make it ~2x quicker
    if len(keys):
        starts = (keys[1:] != keys[:-1]).nonzero()[0]
        starts += 1
        starts = np.concatenate(([0], starts))
        tfs = np.diff(np.append(starts, len(keys))).astype(np.int32)
        keys = keys[starts]
        del starts
    else:
        tfs = np.zeros(0, dtype=np.int32)
    posting_terms = keys // width
    keys -= posting_terms * width
    docs_out = keys.astype(np.int32)
    del keys
    df = np.bincount(posting_terms, minlength=n_terms).astype(np.int32)
    offsets = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    posting_len = doc_len[docs_out]
    frontier = _frontier(posting_terms, tfs, posting_len, offsets)
    del posting_terms
    codes, pairs = _pair_codes(tfs, posting_len)
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {
        "doc_len": doc_len, "df": df, "offsets": offsets, "docs": docs_out,
        "codes": codes, "pairs": pairs, "frontier": frontier,
    }
    encoded = [term.encode("utf-8") for term in vocabulary]
    blob = b"\n".join(encoded)
    if blob.count(b"\n") != max(n_terms - 1, 0):
        raise ValueError("a term contains a line break")
    sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=n_terms)
    arrays["term_offsets"] = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(sizes + 1, out=arrays["term_offsets"][1:])
    arrays["term_slots"] = _hash_slots(np.fromiter(map(zlib.crc32, encoded), dtype=np.uint32, count=n_terms))
    for name, values in arrays.items():
        np.save(directory / f"{name}.npy", values)
    (directory / TERMS_FILE).write_bytes(blob)
    return n_docs


def _hash_slots(hashes: np.ndarray) -> np.ndarray:
    """An open-addressing table (linear probing) of term ids by crc32 of the term.

    At most half full, so a lookup probes one or two slots. Built a probe round at a
    time: the terms still unplaced try their next slot, the lowest id wins a slot two
    want, and every slot a term passed over is taken, as lookups require.
    """
    size = 8
    while size < 2 * len(hashes):
        size *= 2
    mask = size - 1
    table = np.full(size, -1, dtype=np.int32)
    base = hashes.astype(np.int64) & mask
    pending = np.arange(len(hashes), dtype=np.int64)
    step = 0
    while len(pending):
        slots = (base[pending] + step) & mask
        free = table[slots] < 0
        ids, wanted = pending[free], slots[free]
        order = np.argsort(wanted, kind="stable")  # ids ascending within a slot
        ids, wanted = ids[order], wanted[order]
        first = np.ones(len(wanted), dtype=bool)
        first[1:] = wanted[1:] != wanted[:-1]
        table[wanted[first]] = ids[first]
        placed = np.zeros(len(hashes), dtype=bool)
        placed[ids[first]] = True
        pending = pending[~placed[pending]]
        step += 1
    return table


def _frontier(posting_terms: np.ndarray, tfs: np.ndarray, lengths: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Per term: shortest document with tf 1, 2, 3, >= 4 (-1 for none), and the top tf.

    BM25's tf part grows with tf and shrinks with length, so a term's best share in any
    document is at one of these (tf, length) pairs, whatever k1, b and avgdl are; with
    (top tf, shortest length at tf >= 4) standing in for the rare tf >= 4 pairs it is an
    upper bound, exact when the term never occurs four times in a document.
    """
    n_terms = len(offsets) - 1
    frontier = np.full((n_terms, 5), -1, dtype=np.int32)
    if not len(tfs):
        return frontier
    shortest = np.full(n_terms * 4, np.iinfo(np.int32).max, dtype=np.int32)
    np.minimum.at(shortest, posting_terms * 4 + (np.minimum(tfs, 4) - 1), lengths)
    shortest = shortest.reshape(n_terms, 4)
    frontier[:, :4] = np.where(shortest == np.iinfo(np.int32).max, -1, shortest)
    frontier[:, 4] = np.maximum.reduceat(tfs, offsets[:-1])
    return frontier


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
        distinct = present.nonzero()[0]
        index = np.zeros(span, dtype=np.int32)
        index[distinct] = np.arange(len(distinct), dtype=np.int32)
        codes = index[keys]
    else:
        distinct, codes = np.unique(keys, return_inverse=True)
    pairs = np.stack([distinct // width, distinct % width], axis=1).astype(np.int32)
    dtype = np.uint16 if len(distinct) <= 1 << 16 else np.int32
    return codes.astype(dtype), pairs


# --- reading ------------------------------------------------------------------------


class Segment:
    """One immutable slice of the index: memory-mapped arrays, and its vocabulary as a
    memory-mapped hash table, so opening costs the same for ten terms or a million."""

    def __init__(self, directory: Path, first_doc: int) -> None:
        arrays = {name: np.asarray(np.load(directory / f"{name}.npy", mmap_mode="r")) for name in ARRAYS}
        self.doc_len: np.ndarray = arrays["doc_len"]
        self.df: np.ndarray = arrays["df"]
        self.offsets: np.ndarray = arrays["offsets"]
        self.docs: np.ndarray = arrays["docs"]
        self.codes: np.ndarray = arrays["codes"]
        self.pairs: np.ndarray = arrays["pairs"]
        self.frontier: np.ndarray = arrays["frontier"]
        term_offsets, slots = arrays["term_offsets"], arrays["term_slots"]
        self._blob = _map_file(directory / TERMS_FILE)
        n_terms = len(self.df)
        if (
            len(self.offsets) != n_terms + 1
            or len(term_offsets) != n_terms + 1
            or len(self._blob) != max(int(term_offsets[-1]) - 1, 0)
            or len(self.docs) != len(self.codes)
            or (n_terms and int(self.offsets[-1]) != len(self.docs))
            or self.pairs.ndim != 2
            or self.frontier.shape != (n_terms, 5)
            or len(slots) < n_terms
            or len(slots) & (len(slots) - 1)
        ):
            raise ValueError(f"segment {directory.name} is inconsistent")
        # memoryviews: indexing them gives Python ints, far quicker than numpy scalars.
        self._term_offsets = memoryview(term_offsets)
        self._slots = memoryview(slots)
        self._mask = len(slots) - 1
        self.first_doc = first_doc
        self._term_list: list[str] | None = None
        self._terms: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.doc_len)

    def lookup(self, term: str) -> int:
        """The segment-local id of `term`, -1 if the segment does not hold it."""
        data = term.encode("utf-8")
        slot = zlib.crc32(data) & self._mask
        slots, offsets, blob = self._slots, self._term_offsets, self._blob
        for _ in range(len(slots)):  # a full table (only a damaged one) must not loop forever
            term_id = slots[slot]
            if term_id < 0:
                return -1
            start = offsets[term_id]
            if offsets[term_id + 1] - 1 - start == len(data) and blob[start : start + len(data)] == data:
                return term_id
            slot = (slot + 1) & self._mask
        return -1

    @property
    def term_list(self) -> list[str]:
        """The vocabulary in term-id order (read on first use)."""
        if self._term_list is None:
            self._term_list = self._blob[:].decode("utf-8").split("\n") if len(self.df) else []
        return self._term_list

    @property
    def terms(self) -> dict[str, int]:
        """Term → segment-local term id (built on first use; lookup() needs no dict)."""
        if self._terms is None:
            self._terms = dict(zip(self.term_list, range(len(self.term_list))))
        return self._terms

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Segment-local doc ids holding `term` and its frequency in each."""
        term_id = self.lookup(term)
        if term_id < 0:
            return None
        start, end = int(self.offsets[term_id]), int(self.offsets[term_id + 1])
        return self.docs[start:end], self.pairs[self.codes[start:end].astype(np.intp), 0]


def _map_file(path: Path) -> mmap.mmap | bytes:
    with open(path, "rb") as handle:
        if not path.stat().st_size:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


class _Part:
    """One segment's share of a term or group: local docs (ascending) and their scores.

    A term's part keeps its pair codes and scores lazily (table[code] * factor); a
    merged part (several alternatives or terms) has its scores computed.
    """

    __slots__ = ("number", "local", "docs", "codes", "table", "factor", "_scores", "_idocs")

    def __init__(self, number: int, docs: np.ndarray, *, local: int = -1, codes: np.ndarray | None = None,
                 table: np.ndarray | None = None, factor: float = 1.0, scores: np.ndarray | None = None) -> None:
        self.number = number
        self.local = local
        self.docs = docs
        self.codes = codes
        self.table = table
        self.factor = factor
        self._scores = scores
        self._idocs = docs if docs.dtype == np.intp else None

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def scores(self) -> np.ndarray:
        if self._scores is None:
            # idf * tf part, as rank_bm25 multiplies (bit-identical for weight 1).
            self._scores = self.table.take(self.codes) * self.factor
        return self._scores

    @property
    def idocs(self) -> np.ndarray:
        """Docs as intp, the index type numpy gathers and scatters fastest with."""
        if self._idocs is None:
            self._idocs = self.docs.astype(np.intp)
        return self._idocs


class _Group:
    """One query group resolved against the index: its parts, size and best share."""

    __slots__ = ("parts", "size", "upper")

    def __init__(self, parts: list[_Part], upper: float | None = None) -> None:
        self.parts = parts
        self.size = sum(len(part) for part in parts)
        self.upper = upper


class Bm25Index:
    """BM25Okapi over segments, answering weighted disjunctive queries."""

    def __init__(self, segments: list[Segment], params: Bm25Params) -> None:
        self.segments = segments
        self.params = params
        self.n_docs = sum(len(segment) for segment in segments)
        total_len = sum(int(segment.doc_len.sum(dtype=np.int64)) for segment in segments)
        self.avgdl = total_len / self.n_docs if self.n_docs else 0.0
        self._extra, self._df = _global_vocabulary(segments)
        self._n_base = len(segments[0].df) if segments else 0
        self.average_idf = _average_idf(self._df, self.n_docs)
        self._epsilon_idf = params.epsilon * self.average_idf
        self._tables = [self._tf_table(segment) for segment in segments]
        # idf < 0 only where df > N / 2, and then it is floored to epsilon * mean idf.
        negative_idf = len(self._df) and self._epsilon_idf < 0 and 2 * int(self._df.max()) > self.n_docs
        self._nonnegative = not negative_idf and all(not len(t) or t.min() >= 0 for t in self._tables)
        self._buffer: np.ndarray | None = None  # dense per-doc accumulator, made on first use
        self._views: list[np.ndarray] = []
        self._scratch: np.ndarray | None = None
        self._count = np.zeros(0, dtype=np.int32)
        self._lock = threading.Lock()

    def _tf_table(self, segment: Segment) -> np.ndarray:
        """BM25's term-frequency part for each (tf, length) pair of the segment."""
        if not len(segment.pairs):
            return np.zeros(0)
        k1, b = self.params.k1, self.params.b
        tf = segment.pairs[:, 0].astype(np.float64)
        length = segment.pairs[:, 1].astype(np.float64)
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

    def _global_id(self, term: str) -> int:
        """Index-wide term id: the first segment's id, or past its vocabulary; -1 if none."""
        if self.segments:
            term_id = self.segments[0].lookup(term)
            if term_id >= 0:
                return term_id
        return self._extra.get(term, -1) if self._extra else -1

    def document_frequency(self, term: str) -> int:
        term_id = self._global_id(term)
        return 0 if term_id < 0 else int(self._df[term_id])

    def __contains__(self, term: str) -> bool:
        return self._global_id(term) >= 0

    def __len__(self) -> int:
        return self.n_docs

    def idf(self, term: str) -> float:
        """BM25Okapi's idf; 0 for a term the corpus never saw (as rank_bm25 does)."""
        term_id = self._global_id(term)
        return 0.0 if term_id < 0 else self._idf_of(int(self._df[term_id]))

    def _idf_of(self, df: int) -> float:
        # math.log, as rank_bm25 computes it.
        value = math.log(self.n_docs - df + 0.5) - math.log(df + 0.5)
        return self._epsilon_idf if value < 0 else value

    # --- resolving a query --------------------------------------------------------

    def _term_parts(self, term: str, weight: float) -> list[_Part]:
        """Per segment, the local docs holding `term` (scores computed on demand)."""
        term_id = self._global_id(term)
        if term_id < 0:
            return []
        factor = self._idf_of(int(self._df[term_id]))
        if weight != 1.0:
            factor *= weight
        parts: list[_Part] = []
        for number, segment in enumerate(self.segments):
            if number == 0:
                local_id = term_id if term_id < self._n_base else -1
            else:
                local_id = segment.lookup(term)
            if local_id < 0:
                continue
            start, end = segment.offsets[local_id : local_id + 2].tolist()
            if start == end:
                continue
            parts.append(_Part(number, segment.docs[start:end], local=local_id, codes=segment.codes[start:end],
                               table=self._tables[number], factor=factor))
        return parts

    def documents(self, term: str) -> np.ndarray:
        """Ids of the documents holding `term`, ascending."""
        parts = self._term_parts(term, 1.0)
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([part.docs.astype(np.int64) + self.segments[part.number].first_doc for part in parts])

    def term_scores(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Global doc ids containing `term` and the term's BM25 contribution to each."""
        parts = self._term_parts(term, 1.0)
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        docs = np.concatenate([part.docs.astype(np.int64) + self.segments[part.number].first_doc for part in parts])
        return docs, np.concatenate([part.scores for part in parts])

    def _group(self, group: Group) -> _Group | None:
        """A group's parts: per segment, each doc's best alternative (docs unique per part).

        A doc an alternative does not match scores 0 under it, so the best is never
        below 0 for a doc some alternative misses (this matters only when a term's idf
        is floored to a negative value, or for negative weights).
        """
        alternatives = [(weight, terms) for weight, terms in group if terms]
        if len(alternatives) == 1 and len(alternatives[0][1]) == 1:
            weight, (term,) = alternatives[0]
            parts = self._term_parts(term, weight)
            return _Group(parts) if parts else None
        per_alt = [self._alternative_parts(weight, terms) for weight, terms in alternatives]
        per_alt = [parts for parts in per_alt if parts]
        if not per_alt:
            return None
        if len(alternatives) == 1:
            parts = per_alt[0]
        else:
            parts = self._combine(per_alt, best=True, of=len(alternatives))
        return _Group(parts, upper=max(float(part.scores.max()) for part in parts))

    def _alternative_parts(self, weight: float, terms: Sequence[str]) -> list[_Part]:
        per_term = [self._term_parts(term, weight) for term in terms]
        per_term = [parts for parts in per_term if parts]
        if len(per_term) <= 1:
            return per_term[0] if per_term else []
        return self._combine(per_term, best=False, of=len(per_term))

    def _combine(self, lists: list[list[_Part]], *, best: bool, of: int) -> list[_Part]:
        """Merge `of` score lists (some may be missing) per doc, by sum or by max.

        Uses the dense scratch arrays: values per doc, and how many lists held it.
        """
        scratch, count = self._scratch_arrays()
        out: list[_Part] = []
        for number, segment in enumerate(self.segments):
            pieces = [part for parts in lists for part in parts if part.number == number]
            if not pieces:
                continue
            lo = segment.first_doc
            values = scratch[lo : lo + len(segment)]
            held = count[lo : lo + len(segment)]
            members: list[np.ndarray] = []
            for part in pieces:
                docs, scores = part.idocs, part.scores
                old = held.take(docs) > 0
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
                held[docs] += 1
                members.append(fresh)
            docs = np.concatenate(members) if len(members) > 1 else members[0].copy()
            docs.sort()
            merged = values.take(docs)
            if best:
                missed = held.take(docs) < of
                if missed.any():
                    merged[missed] = np.maximum(merged[missed], 0.0)
            out.append(_Part(number, docs, scores=merged))
            held[docs] = 0
        return out

    def _scratch_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if self._scratch is None:
            self._scratch = np.zeros(self.n_docs)
            self._count = np.zeros(self.n_docs, dtype=np.int32)
        return self._scratch, self._count

    def _buffer_views(self) -> list[np.ndarray]:
        if self._buffer is None:
            self._buffer = np.zeros(self.n_docs)
            self._views = [self._buffer[s.first_doc : s.first_doc + len(s)] for s in self.segments]
        return self._views

    def _upper(self, group: _Group) -> float:
        """The most one document can get from `group` (its best share, or a bound on it)."""
        if group.upper is None:
            k1, b, avgdl = self.params.k1, self.params.b, self.avgdl
            best = 0.0
            for part in group.parts:
                m1, m2, m3, m4, top = self.segments[part.number].frontier[part.local].tolist()
                for tf, length in ((1, m1), (2, m2), (3, m3), (top, m4)):
                    if length >= 0:
                        best = max(best, part.factor * (tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avgdl))))
            group.upper = best
        return group.upper

    # --- searching ----------------------------------------------------------------

    def search(self, query: Sequence[Group], k: int) -> list[tuple[int, float]]:
        """The k best (doc id, score) pairs among the documents holding a query term.

        Best first; ties go to the lower doc id; scores are get_scores()'s, bit for bit.
        """
        if k <= 0:
            return []
        with self._lock:
            groups = [g for g in (self._group(group) for group in query) if g is not None]
            if not groups:
                return []
            if len(groups) == 1:
                return self._top(groups[0].parts, k)
            nonnegative = self._nonnegative and all(weight >= 0 for group in query for weight, _ in group)
            return self._search_all(groups, k, nonnegative)

    def _search_all(self, groups: list[_Group], k: int, nonnegative: bool) -> list[tuple[int, float]]:
        """Every posting scored into the dense accumulator, in query order."""
        views = self._buffer_views()
        for group in groups:
            for part in group.parts:
                np.add.at(views[part.number], part.idocs, part.scores)
        threshold = -np.inf
        smallest = self._smallest(groups, k)
        if smallest is not None:
            if smallest.size <= _SMALL or not nonnegative:
                totals = np.concatenate([views[part.number].take(part.idocs) for part in smallest.parts])
                threshold = _kth(totals, k)
            else:
                # With nonnegative shares a doc's total is at least its share from any
                # one group, so the k-th best share of one group is a bound too.
                threshold = self._kth_share(smallest.parts, k)
        scan = groups
        if nonnegative and threshold > -np.inf and sum(group.size for group in groups) >= _PRUNE_MIN:
            # A doc that only groups with best shares summing below the threshold hold
            # cannot reach it: look for candidates in the other groups only.
            uppers = [self._upper(group) for group in groups]
            rest = 0.0
            left_out: set[int] = set()
            for i in sorted(range(len(groups)), key=uppers.__getitem__):
                if rest + uppers[i] < threshold - _slack(threshold):
                    rest += uppers[i]
                    left_out.add(i)
                else:
                    break
            scan = [group for i, group in enumerate(groups) if i not in left_out]
        found_docs: list[np.ndarray] = []
        found_scores: list[np.ndarray] = []
        for group in scan:
            for part in group.parts:
                totals = views[part.number].take(part.idocs)
                keep = (totals >= threshold).nonzero()[0]
                found_docs.append(part.idocs[keep] + self.segments[part.number].first_doc)
                found_scores.append(totals[keep])
        self._clear([part for group in groups for part in group.parts])
        docs, scores = _dedupe(np.concatenate(found_docs), np.concatenate(found_scores))
        return _best(docs, scores, k)

    def _clear(self, parts: list[_Part]) -> None:
        """Zero what the parts added to the accumulator."""
        if sum(len(part) for part in parts) > self.n_docs // 4:
            self._buffer.fill(0.0)  # type: ignore[union-attr]
        else:
            for part in parts:
                self._views[part.number][part.idocs] = 0.0

    @staticmethod
    def _smallest(groups: list[_Group], k: int) -> _Group | None:
        """The group with the fewest postings among those with at least k."""
        eligible = [group for group in groups if group.size >= k]
        return min(eligible, key=lambda group: group.size) if eligible else None

    def _top(self, parts: list[_Part], k: int) -> list[tuple[int, float]]:
        """Top k of one group's scores (docs unique, ascending across parts)."""
        scores = np.concatenate([part.scores for part in parts]) if len(parts) > 1 else parts[0].scores
        if len(scores) > k:
            kth = self._kth_share(parts, k)
            above = (scores > kth).nonzero()[0]
            tied = (scores == kth).nonzero()[0][: k - len(above)]
            keep = np.sort(np.concatenate((above, tied)))
        else:
            keep = np.arange(len(scores))
        docs = np.concatenate([part.docs[keep_part] + self.segments[part.number].first_doc
                               for part, keep_part in _split(parts, keep)])
        return _best(docs.astype(np.int64), scores[keep], k)

    def _kth_share(self, parts: list[_Part], k: int) -> float:
        """The k-th largest score of one group's parts (at least k scores in all)."""
        total = sum(len(part) for part in parts)
        if total > _SMALL and all(part.codes is not None for part in parts):
            # A term's scores take one value per (tf, length) pair: count postings per
            # pair instead of partitioning them. The values are the same floats.
            values = np.concatenate([part.table * part.factor for part in parts])
            counts = np.concatenate([np.bincount(part.codes, minlength=len(part.table)) for part in parts])
            order = np.argsort(-values, kind="stable")
            reached = np.cumsum(counts[order])
            return float(values[order][np.searchsorted(reached, k)])
        scores = np.concatenate([part.scores for part in parts]) if len(parts) > 1 else parts[0].scores
        return _kth(scores, k)

    def scores_for(self, query: Sequence[Group], docs: Sequence[int]) -> np.ndarray:
        """get_scores() of just these documents, at the cost of the query's postings
        rather than of the corpus (the engine scores a hit's neighbours with it)."""
        wanted = np.asarray(docs, dtype=np.int64)
        scores = np.zeros(len(wanted))
        with self._lock:
            groups = [g for g in (self._group(group) for group in query) if g is not None]
            for group in groups:
                for part in group.parts:
                    segment = self.segments[part.number]
                    local = wanted - segment.first_doc
                    inside = np.flatnonzero((local >= 0) & (local < len(segment)))
                    if not len(inside) or not len(part.idocs):
                        continue
                    at = np.minimum(np.searchsorted(part.idocs, local[inside]), len(part.idocs) - 1)
                    hit = part.idocs[at] == local[inside]
                    scores[inside[hit]] += part.scores[at[hit]]
        return scores

    def get_scores(self, query: Sequence[Group]) -> np.ndarray:
        """Dense scores for every document (tests and diagnostics; search() is the fast path)."""
        scores = np.zeros(self.n_docs)
        with self._lock:
            groups = [g for g in (self._group(group) for group in query) if g is not None]
            for group in groups:
                for part in group.parts:
                    lo = self.segments[part.number].first_doc
                    np.add.at(scores[lo : lo + len(self.segments[part.number])], part.idocs, part.scores)
        return scores


def _slack(value: float) -> float:
    """Room for float rounding when a bound decides what may be left out."""
    return _MARGIN * (abs(value) + 1.0)


def _kth(values: np.ndarray, k: int) -> float:
    """The k-th largest of `values` (len(values) >= k)."""
    return float(np.partition(values, len(values) - k)[len(values) - k])


def _split(parts: list[_Part], positions: np.ndarray) -> list[tuple[_Part, np.ndarray]]:
    """Positions into the concatenation of the parts' postings, per part."""
    out = []
    start = 0
    for part in parts:
        end = start + len(part)
        lo, hi = np.searchsorted(positions, [start, end])
        out.append((part, positions[lo:hi] - start))
        start = end
    return out


def _dedupe(docs: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One entry per doc (equal docs carry equal scores)."""
    order = np.argsort(docs, kind="stable")
    docs, scores = docs[order], scores[order]
    first = np.ones(len(docs), dtype=bool)
    first[1:] = docs[1:] != docs[:-1]
    return docs[first], scores[first]


def _best(docs: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best (doc, score): highest score first, lower doc id first on ties."""
    best = np.lexsort((docs, -scores))[:k]
    return list(zip(docs[best].tolist(), scores[best].tolist()))


def _global_vocabulary(segments: Sequence[Segment]) -> tuple[dict[str, int], np.ndarray]:
    """Index-wide document frequencies, by global term id: the first segment's terms
    keep their ids, terms only later segments hold are numbered after them (returned
    as a dict, empty for a one-segment index, whose df array is used as it is)."""
    if not segments:
        return {}, np.zeros(0, dtype=np.int64)
    base = segments[0]
    if len(segments) == 1:
        return {}, base.df
    extra: dict[str, int] = {}
    df = base.df.astype(np.int64)
    extra_df: list[int] = []
    n_base = len(base.df)
    for segment in segments[1:]:
        for term, held in zip(segment.term_list, segment.df.tolist()):
            term_id = base.lookup(term)
            if term_id >= 0:
                df[term_id] += held
                continue
            term_id = extra.setdefault(term, n_base + len(extra))
            if term_id - n_base == len(extra_df):
                extra_df.append(held)
            else:
                extra_df[term_id - n_base] += held
    return extra, np.concatenate([df, np.asarray(extra_df, dtype=np.int64)])


def _average_idf(df: np.ndarray, n_docs: int) -> float:
    """Mean over the vocabulary of ln(N - df + .5) - ln(df + .5) (before the floor).

    Summed per distinct df value, in ascending order: the result depends only on the
    multiset of dfs, so not on how the corpus was cut into segments, and it costs a
    bincount, not a logarithm per term.
    """
    if not len(df) or not n_docs:
        return 0.0
    counts = np.bincount(df)
    values = counts.nonzero()[0]
    raw = np.log(n_docs - values + 0.5) - np.log(values + 0.5)
    return float((counts[values] * raw).sum() / len(df))
