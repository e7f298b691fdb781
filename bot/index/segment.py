"""Index segments: immutable inverted indexes stored as memory-mapped numpy arrays.

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
    term_offsets.npy, term_slots.npy
                  the vocabulary as an on-disk hash table: term i is
                  terms.txt[term_offsets[i]:term_offsets[i + 1] - 1]; term_slots is an
                  open-addressing table (crc32 of the term, linear probing) of term ids
    fwd_offsets.npy
                  int64 per document + 1: the forward index, document d's terms are
                  fwd_terms[fwd_offsets[d]:fwd_offsets[d + 1]]
    fwd_terms.npy int32 per term occurrence: the document's term ids in text order
                  (exactly what the analyzer gave for it, repeats included), so answering
                  reads a sentence's terms by offset instead of analysing its text again

Term ids are numbered in order of first appearance over the documents in order, so
the same documents always give the same files (a parallel build writes what a
single-process one does, byte for byte).
"""

from __future__ import annotations

import mmap
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain, count, islice
from pathlib import Path

import numpy as np

from bot.files import read_at_random

TERMS_FILE = "terms.txt"
ARRAYS = (
    "doc_len",
    "df",
    "offsets",
    "docs",
    "codes",
    "pairs",
    "frontier",
    "term_offsets",
    "term_slots",
    "fwd_offsets",
    "fwd_terms",
)

# Documents read at a time while numbering terms (bounds the Python objects held).
_CHUNK = 1 << 16


# --- writing ------------------------------------------------------------------------


def write_segment(directory: Path, docs: Iterable[Sequence[str]]) -> int:
    """Write the postings of `docs` (token lists) into `directory`; returns the doc count."""
    encoder = TermEncoder()
    docs = iter(docs)
    while chunk := list(islice(docs, _CHUNK)):
        encoder.add(chunk)
    return write_encoded(directory, *encoder.result())


class TermEncoder:
    """Token lists → term ids (numbered in order of first appearance) and lengths.

    Driven from C (a defaultdict numbering unseen terms, map + fromiter), a chunk of
    documents at a time. `add_encoded` takes a chunk another process numbered on its
    own (`encode_chunk`) and renumbers it, with the same ids as `add` would give.
    """

    def __init__(self) -> None:
        self.vocabulary: defaultdict[str, int] = defaultdict(count().__next__)
        self._ids: list[np.ndarray] = []
        self._lengths: list[np.ndarray] = []

    def add(self, chunk: Sequence[Sequence[str]]) -> None:
        lengths = np.fromiter(map(len, chunk), dtype=np.int32, count=len(chunk))
        tokens = chain.from_iterable(chunk)
        self._lengths.append(lengths)
        self._ids.append(
            np.fromiter(map(self.vocabulary.__getitem__, tokens), dtype=np.int32, count=int(lengths.sum()))
        )

    def add_encoded(self, terms: Sequence[str], ids: np.ndarray, lengths: np.ndarray) -> None:
        """Documents given as chunk-local term ids (`terms[i]` is local id i)."""
        self._lengths.append(lengths.astype(np.int32, copy=False))
        if not len(ids):
            self._ids.append(np.zeros(0, dtype=np.int32))
            return
        # New terms get their ids in order of first appearance in the chunk, as add() does.
        present, first = np.unique(ids, return_index=True)
        order = present[np.argsort(first, kind="stable")]
        mapping = np.zeros(len(terms), dtype=np.int32)
        mapping[order] = np.fromiter(
            map(self.vocabulary.__getitem__, map(terms.__getitem__, order.tolist())), dtype=np.int32, count=len(order)
        )
        self._ids.append(mapping[ids])

    def result(self) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(term ids of every document in order, terms per document, the vocabulary)."""
        lengths = np.concatenate(self._lengths) if self._lengths else np.zeros(0, dtype=np.int32)
        term_ids = np.concatenate(self._ids) if self._ids else np.zeros(0, dtype=np.int32)
        self._ids, self._lengths = [], []
        return term_ids, lengths, list(self.vocabulary)


def encode_chunk(docs: Sequence[Sequence[str]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Token lists as (chunk-local vocabulary, ids, lengths): compact to send between processes."""
    encoder = TermEncoder()
    encoder.add(docs)
    term_ids, lengths, terms = encoder.result()
    return terms, term_ids, lengths


def write_encoded(directory: Path, term_ids: np.ndarray, lengths: np.ndarray, vocabulary: Sequence[str]) -> int:
    """Write a segment from its documents' term ids (in order) and lengths; returns the doc count.

    Postings are grouped per term by one sort of (term id, doc id) keys, which keeps
    the build in numpy instead of per-token Python dictionaries.
    """
    fwd_offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=fwd_offsets[1:])
    fwd_terms = term_ids.astype(np.int32, copy=False)
    n_docs, n_terms = len(lengths), len(vocabulary)
    doc_len = lengths.astype(np.int32, copy=False)
    width = max(n_docs, 1)
    keys = term_ids.astype(np.int64)
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
    arrays: dict[str, np.ndarray] = {
        "doc_len": doc_len,
        "df": df,
        "offsets": offsets,
        "docs": docs_out,
        "codes": codes,
        "pairs": pairs,
        "frontier": frontier,
        "fwd_offsets": fwd_offsets,
        "fwd_terms": fwd_terms,
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
    per_tf = shortest.reshape(n_terms, 4)
    frontier[:, :4] = np.where(per_tf == np.iinfo(np.int32).max, -1, per_tf)
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
        self.fwd_offsets: np.ndarray = arrays["fwd_offsets"]
        self.fwd_terms: np.ndarray = arrays["fwd_terms"]
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
            or len(self.fwd_offsets) != len(self.doc_len) + 1
            or int(self.fwd_offsets[-1]) != len(self.fwd_terms)
        ):
            raise ValueError(f"segment {directory.name} is inconsistent")
        # Postings, lengths and the forward index are read a document or a term at a time.
        read_at_random(self.doc_len, self.docs, self.codes, self.fwd_offsets, self.fwd_terms)
        # memoryviews: indexing them gives Python ints, far quicker than numpy scalars.
        self._term_offsets = memoryview(term_offsets)  # type: ignore[arg-type]  # numpy arrays are buffers
        self._slots = memoryview(slots)  # type: ignore[arg-type]
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

    def term(self, term_id: int) -> str:
        """The term with this segment-local id (read from the blob, no vocabulary list)."""
        start, end = self._term_offsets[term_id], self._term_offsets[term_id + 1] - 1
        return bytes(self._blob[start:end]).decode("utf-8")

    def forward(self, doc: int) -> np.ndarray:
        """The term ids of a segment-local document, in text order."""
        return self.fwd_terms[self.fwd_offsets[doc] : self.fwd_offsets[doc + 1]]

    def forward_many(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The term ids of several local documents, concatenated, and per id the index
        (into `docs`) of the document it belongs to."""
        starts = self.fwd_offsets[docs]
        lengths = self.fwd_offsets[docs + 1] - starts
        total = int(lengths.sum())
        owner = np.repeat(np.arange(len(docs)), lengths)
        # Position of each id: its document's start plus its rank within the document.
        shift = np.zeros(len(docs), dtype=np.int64)
        np.cumsum(lengths[:-1], out=shift[1:])
        positions = np.arange(total, dtype=np.int64) + np.repeat(starts - shift, lengths)
        return self.fwd_terms[positions], owner

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
