"""BM25 search over the segments of an index.

Statistics (N, avgdl, df, mean idf) are global across segments, so scores do not
depend on how the corpus was cut into segments. Only the postings of the query's terms
are touched, so a query costs what its terms occur, not what the corpus holds.

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

import bisect
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bot.index.bm25 import Bm25Params, average_idf, idf, tf_part
from bot.index.query import Group
from bot.index.segment import Segment

# Below this many scores an exact k-th largest is taken by partitioning them.
_SMALL = 4096
# Below this many postings in all, looking for candidates everywhere is cheaper than
# working out where they cannot be.
_PRUNE_MIN = 2048
# Term ids remembered (a few MB at most; cleared when full, so odd input cannot grow it).
_TERM_ID_CACHE = 100_000
# Relative slack for float rounding when bounds decide what may be skipped (rounding
# errors of sums of a few BM25 shares are ~1e-16 relative).
_MARGIN = 1e-12


class _Part:
    """One segment's share of a term or group: local docs (ascending) and their scores.

    A term's part keeps its pair codes and scores lazily (table[code] * factor); a
    merged part (several alternatives or terms) has its scores computed.
    """

    __slots__ = ("_idocs", "_scores", "codes", "docs", "factor", "local", "number", "table")

    def __init__(
        self,
        number: int,
        docs: np.ndarray,
        *,
        local: int = -1,
        codes: np.ndarray | None = None,
        table: np.ndarray | None = None,
        factor: float = 1.0,
        scores: np.ndarray | None = None,
    ) -> None:
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
            assert self.table is not None and self.codes is not None  # parts without scores have both
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
        self.average_idf = average_idf(self._df, self.n_docs)
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
        self._term_ids: dict[str, int] = {}
        self._firsts = [segment.first_doc for segment in segments]
        self._global_maps: dict[int, np.ndarray] = {}  # segment number → local id → global id

    def _tf_table(self, segment: Segment) -> np.ndarray:
        """BM25's term-frequency part for each (tf, length) pair of the segment."""
        if not len(segment.pairs):
            return np.zeros(0)
        tf = segment.pairs[:, 0].astype(np.float64)
        length = segment.pairs[:, 1].astype(np.float64)
        return tf_part(tf, length, self.avgdl, self.params)

    @classmethod
    def open(cls, directories: Sequence[Path], params: Bm25Params) -> Bm25Index:
        segments: list[Segment] = []
        first = 0
        for directory in directories:
            segments.append(Segment(directory, first))
            first += len(segments[-1])
        return cls(segments, params)

    # --- vocabulary -------------------------------------------------------------

    def term_id(self, term: str) -> int:
        """The index-wide id of `term` (as `forward_terms` gives them); -1 if none."""
        return self._global_id(term)

    def _global_id(self, term: str) -> int:
        """Index-wide term id: the first segment's id, or past its vocabulary; -1 if none.

        Remembered per term: question analysis asks about the same words (and their
        affixed forms, translations, typo candidates) again and again, and the index
        never changes under an open `Bm25Index`.
        """
        found = self._term_ids.get(term)
        if found is None:
            if len(self._term_ids) >= _TERM_ID_CACHE:
                self._term_ids.clear()
            found = self._term_ids[term] = self._look_up(term)
        return found

    def _look_up(self, term: str) -> int:
        if self.segments:
            term_id = self.segments[0].lookup(term)
            if term_id >= 0:
                return term_id
        return self._extra.get(term, -1) if self._extra else -1

    def document_frequency(self, term: str) -> int:
        term_id = self._global_id(term)
        return 0 if term_id < 0 else int(self._df[term_id])

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self._global_id(term) >= 0

    def __len__(self) -> int:
        return self.n_docs

    def idf(self, term: str) -> float:
        """BM25Okapi's idf; 0 for a term the corpus never saw (as rank_bm25 does)."""
        term_id = self._global_id(term)
        return 0.0 if term_id < 0 else self._idf_of(int(self._df[term_id]))

    def _idf_of(self, df: int) -> float:
        return idf(df, self.n_docs, self._epsilon_idf)

    def forward_terms(self, doc: int) -> np.ndarray:
        """A document's analysed terms in text order, as index-wide term ids (read from
        its segment's forward index; the same terms have the same ids in every segment)."""
        number = bisect.bisect_right(self._firsts, doc) - 1
        segment = self.segments[number]
        local_ids = segment.forward(doc - segment.first_doc)
        if number == 0:
            return local_ids
        mapping = self._global_maps.get(number)
        if mapping is None:
            ids = [self._global_id(term) for term in segment.term_list]
            mapping = self._global_maps[number] = np.asarray(ids, dtype=np.int64)
        return mapping[local_ids]

    def forward_terms_many(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Several documents' terms as `forward_terms` gives them, concatenated in the
        order of `docs`, and per term the index (into `docs`) of its document."""
        if len(self.segments) == 1:
            segment = self.segments[0]
            return segment.forward_many(docs - segment.first_doc)
        ids_parts, owner_parts = [], []
        order = np.argsort(docs, kind="stable")
        numbers = np.searchsorted(self._firsts, docs[order], side="right") - 1
        for number in np.unique(numbers).tolist():
            rows = order[numbers == number]
            segment = self.segments[number]
            local_ids, owner = segment.forward_many(docs[rows] - segment.first_doc)
            if number:
                mapping = self._global_maps.get(number)
                if mapping is None:
                    mapping = np.asarray([self._global_id(term) for term in segment.term_list], dtype=np.int64)
                    self._global_maps[number] = mapping
                local_ids = mapping[local_ids]
            ids_parts.append(np.asarray(local_ids, dtype=np.int64))
            owner_parts.append(rows[owner])
        ids, owner = np.concatenate(ids_parts), np.concatenate(owner_parts)
        back = np.argsort(owner, kind="stable")
        return ids[back], owner[back]

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
            parts.append(
                _Part(
                    number,
                    segment.docs[start:end],
                    local=local_id,
                    codes=segment.codes[start:end],
                    table=self._tables[number],
                    factor=factor,
                )
            )
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
        """Merge `of` score lists (some may be missing) per doc, by sum or by max."""
        return self._best_of(lists, of) if best else self._sum_of(lists)

    def _best_of(self, lists: list[list[_Part]], of: int) -> list[_Part]:
        """Per doc, its best score in the lists, and at least 0 where one of the `of`
        lists lacks it.

        The lists' postings are sorted together (each is sorted already, so the stable
        sort merges them) and the best taken over each doc's run; a maximum is exact in
        any order, and on the few hundred postings of a question's words this costs less
        than scattering them into the dense scratch arrays.
        """
        out: list[_Part] = []
        for number in range(len(self.segments)):
            pieces = [part for parts in lists for part in parts if part.number == number]
            if not pieces:
                continue
            docs = np.concatenate([part.docs for part in pieces])
            scores = np.concatenate([part.scores for part in pieces])
            order = np.argsort(docs, kind="stable")
            docs, scores = docs[order], scores[order]
            first = np.ones(len(docs), dtype=bool)
            np.not_equal(docs[1:], docs[:-1], out=first[1:])
            starts = np.flatnonzero(first)
            merged = np.maximum.reduceat(scores, starts)
            missed = np.diff(starts, append=len(docs)) < of  # the lists holding each doc
            if missed.any():
                merged[missed] = np.maximum(merged[missed], 0.0)
            out.append(_Part(number, docs[starts], scores=merged))
        return out

    def _sum_of(self, lists: list[list[_Part]]) -> list[_Part]:
        """Per doc, the sum of its scores in the lists, added in list order.

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
                    values[again] = values.take(again) + scores[old]
                else:
                    fresh = docs
                    values[fresh] = scores
                held[docs] += 1
                members.append(fresh)
            docs = np.concatenate(members) if len(members) > 1 else members[0].copy()
            docs.sort()
            out.append(_Part(number, docs, scores=values.take(docs)))
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
            best = 0.0
            for part in group.parts:
                m1, m2, m3, m4, top = self.segments[part.number].frontier[part.local].tolist()
                for tf, length in ((1, m1), (2, m2), (3, m3), (top, m4)):
                    if length >= 0:
                        best = max(best, part.factor * tf_part(float(tf), float(length), self.avgdl, self.params))
            group.upper = best
        return group.upper

    # --- searching ----------------------------------------------------------------

    def search(self, query: Sequence[Group], k: int) -> list[tuple[int, float]]:
        """The k best (doc id, score) pairs among the documents holding a query term.

        Best first; ties go to the lower doc id; scores are get_scores()'s, bit for bit.
        """
        return self.search_around(query, k)[0]

    def search_around(
        self, query: Sequence[Group], k: int, around: Callable[[np.ndarray], np.ndarray] | None = None
    ) -> tuple[list[tuple[int, float]], np.ndarray, np.ndarray]:
        """search(), and the scores of the docs `around(top docs)` names (doc ids not
        among the top, ascending), read from the same pass over the postings: the
        engine scores a hit's neighbours so. Scores are get_scores()'s, bit for bit."""
        none = np.zeros(0, dtype=np.int64)
        if k <= 0:
            return [], none, np.zeros(0)
        with self._lock:
            groups = [g for g in (self._group(group) for group in query) if g is not None]
            if not groups:
                return [], none, np.zeros(0)
            if len(groups) == 1:
                top = self._top(groups[0].parts, k)
            else:
                nonnegative = self._nonnegative and all(weight >= 0 for group in query for weight, _ in group)
                top = self._search_all(groups, k, nonnegative, leave=around is not None)
            try:
                docs = np.fromiter((doc for doc, _ in top), dtype=np.int64, count=len(top))
                extra = around(docs) if around is not None else none
                if len(groups) == 1 or not len(extra):
                    scores = self._scores_of(groups, extra)
                else:
                    # The accumulator still holds every doc's total: read them there.
                    scores = np.zeros(len(extra))
                    for number, segment in enumerate(self.segments):
                        inside = (extra >= segment.first_doc) & (extra < segment.first_doc + len(segment))
                        scores[inside] = self._views[number][extra[inside] - segment.first_doc]
            finally:
                if len(groups) > 1 and around is not None:
                    self._clear([part for group in groups for part in group.parts])
            return top, extra, scores

    def _search_all(
        self, groups: list[_Group], k: int, nonnegative: bool, leave: bool = False
    ) -> list[tuple[int, float]]:
        """Every posting scored into the dense accumulator, in query order (left there
        when `leave`: the caller clears it)."""
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
        if not leave:
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
        docs = np.concatenate(
            [part.docs[keep_part] + self.segments[part.number].first_doc for part, keep_part in _split(parts, keep)]
        )
        return _best(docs.astype(np.int64), scores[keep], k)

    def _kth_share(self, parts: list[_Part], k: int) -> float:
        """The k-th largest score of one group's parts (at least k scores in all)."""
        total = sum(len(part) for part in parts)
        if total > _SMALL and all(part.codes is not None and part.table is not None for part in parts):
            # A term's scores take one value per (tf, length) pair: count postings per
            # pair instead of partitioning them. The values are the same floats.
            tables = [(part.table, part.codes) for part in parts if part.table is not None and part.codes is not None]
            values = np.concatenate([table * part.factor for part, (table, _) in zip(parts, tables)])
            counts = np.concatenate([np.bincount(codes, minlength=len(table)) for table, codes in tables])
            order = np.argsort(-values, kind="stable")
            reached = np.cumsum(counts[order])
            return float(values[order][np.searchsorted(reached, k)])
        scores = np.concatenate([part.scores for part in parts]) if len(parts) > 1 else parts[0].scores
        return _kth(scores, k)

    def scores_for(self, query: Sequence[Group], docs: Sequence[int] | np.ndarray) -> np.ndarray:
        """get_scores() of just these documents, at the cost of the query's postings
        rather than of the corpus."""
        with self._lock:
            groups = [g for g in (self._group(group) for group in query) if g is not None]
            return self._scores_of(groups, np.asarray(docs, dtype=np.int64))

    def _scores_of(self, groups: list[_Group], wanted: np.ndarray) -> np.ndarray:
        scores = np.zeros(len(wanted))
        if not len(wanted):
            return scores
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
