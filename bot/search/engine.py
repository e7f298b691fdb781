"""The search engine: question → analysed terms → BM25 candidates → re-ranked answers.

This is the one entry point the CLI, the Telegram bot and outside tools use
(`from bot import Engine`). It never imports telegram.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import reduce
from itertools import repeat
from pathlib import Path
from types import MappingProxyType
from typing import Any, overload

import numpy as np

from bot.index.bm25 import Bm25Params
from bot.index.manifest import OpenIndex, open_index
from bot.index.segment import Segment
from bot.index.store import PassageStore
from bot.model import TITLE_POSITION, Answer, ArticleInfo, Passage
from bot.search.analyzer import Analyzer
from bot.search.answers import NEAR_DUPLICATE, Quote, answers_of, near_duplicates, similar_sets
from bot.search.dates import date_terms, question_dates
from bot.search.features import question_vocabulary
from bot.search.options import Parts
from bot.search.qtypes import counted_terms, question_type
from bot.search.question import AnalyzedQuestion, analyze_question
from bot.search.ranking import Candidate, describe, left_by_rules, order, scored
from bot.search.weights import RankingModel, packaged_model
from bot.text.clean_input import clean_question
from bot.text.sentences import MAX_SENTENCE_CHARS

# BM25 candidates the re-ranker sees: enough to hold the right sentence (it is nearly
# always in BM25's top 20 when it is findable at all), few enough to stay fast.
CANDIDATES = 40


@dataclass(frozen=True, slots=True)
class ExplainedTerm:
    source: str  # the question's word or phrase
    alternatives: tuple[tuple[str, float, float], ...]  # (terms, weight, idf)


@dataclass(frozen=True, slots=True)
class ExplainedCandidate:
    text: str
    score: float
    parts: dict[str, float]  # feature × weight (and the bias); adds up to `score`
    features: dict[str, float]  # each feature's value
    weights: dict[str, float]  # each feature's weight


@dataclass(frozen=True, slots=True)
class Explanation:
    """How a question was read and why its top candidates rank as they do."""

    question: str
    lang: str
    qtype: str | None
    years: tuple[int, ...]
    months: tuple[int, ...]
    terms: tuple[ExplainedTerm, ...]
    unknown: tuple[str, ...]
    candidates: tuple[ExplainedCandidate, ...]
    threshold: float = 0.0  # the score below which the best candidate means "not found"
    verdict: str = ""  # "answered", or why nothing answers


@dataclass(frozen=True, slots=True)
class PassageRef:
    doc: int  # the passage's document id in the index
    store: int
    passage: Passage
    article: ArticleInfo


class Engine:
    def __init__(
        self,
        index: OpenIndex,
        parts: Parts = Parts(),
        analyzer: Analyzer | None = None,
        model: RankingModel | None = None,
    ) -> None:
        self._index = index
        self.model = model or packaged_model()
        self.analyzer = analyzer or Analyzer.packaged()
        self._bm25 = index.bm25
        self._starts = [segment.first_doc for segment in index.bm25.segments]
        self._start_array = np.asarray(self._starts, dtype=np.int64)
        self._aliases = {acronym: terms for store in index.stores for acronym, terms in store.aliases.items()}
        self.parts = parts

    @classmethod
    def open(
        cls,
        corpus_dirs: str | Path | Sequence[str | Path],
        index_dir: str | Path = "index",
        *,
        params: Bm25Params = Bm25Params(),
        rebuild: bool = False,
        parts: Parts = Parts(),
        analyzer: Analyzer | None = None,
        model: RankingModel | None = None,
        passage_max_chars: int = MAX_SENTENCE_CHARS,
        workers: int | None = None,
    ) -> Engine:
        """The engine over `corpus_dirs`, building or extending its index in `index_dir`
        first where it is stale (with `workers` processes; default every core)."""
        dirs = [Path(corpus_dirs)] if isinstance(corpus_dirs, (str, Path)) else [Path(d) for d in corpus_dirs]
        index = open_index(
            dirs, Path(index_dir), params, force_rebuild=rebuild, passage_max_chars=passage_max_chars, workers=workers
        )
        return cls(index, parts, analyzer, model)

    def with_parts(self, parts: Parts) -> Engine:
        """The same index answered with other parts of the method switched off."""
        return Engine(self._index, parts, self.analyzer, self.model)

    @property
    def article_count(self) -> int:
        return sum(len(store.articles) for store in self._index.stores)

    @property
    def sentence_count(self) -> int:
        return self._index.passage_count

    @property
    def rebuilt(self) -> bool:
        return self._index.rebuilt

    @property
    def index_problem(self) -> str | None:
        """Why the index serving is not the corpus as it is now (a failed rebuild: the
        last good index serves); None when it is up to date."""
        return self._index.problem

    def articles(self) -> list[ArticleInfo]:
        """Every article, in corpus order (renderers order them as they show them)."""
        return [article for store in self._index.stores for article in store.articles]

    def language(self, text: str) -> str:
        """The asker's language, "en" or "id", for replying in it."""
        return self.analyzer.detect_language(text)

    def analyze(self, question: str, today: date | None = None) -> AnalyzedQuestion:
        """The question read against the index; `today`: the day it is asked, which
        relative dates ("pekan lalu", "last month") count from (None: they name no date)."""
        analysed = analyze_question(
            clean_question(question),  # "Pu\u200btin" is Putin; control characters are no words
            self._bm25,
            self.analyzer,
            use_lexicon=self.parts.lexicon,
            repair=self.parts.informal,
            aliases=self._aliases,
            idf=self._bm25.idf,
        )
        return replace(analysed, today=today) if today is not None else analysed

    def explain(self, question: str, k: int = 5, today: date | None = None) -> Explanation:
        """How the question was read and the top `k` candidates' scores, part by part."""
        analysed = self.analyze(question, today)
        dates = question_dates(analysed)
        terms = tuple(
            ExplainedTerm(
                group.source, tuple((" ".join(t), w, sum(self.idf(x) for x in t)) for w, t in group.alternatives)
            )
            for group in analysed.groups
        )
        # All candidates, also where nothing answers: how far below the threshold they are
        # is what an explanation is for.
        everyone = scored(self.candidates(analysed), self.model)
        ranked = everyone[:k]
        allowed = left_by_rules(everyone, self.model)
        if unsearchable := self._unsearchable(analysed):
            verdict = f"not found: {unsearchable}"
        elif not ranked:
            verdict = "not found: no sentence shares a word with the question"
        elif not allowed:
            fired = dict.fromkeys(rule for c in everyone for rule in self.model.fired(c.features))
            verdict = f"not found: {'rule' if len(fired) == 1 else 'rules'} {', '.join(fired)}"
        elif allowed[0].score < self.model.threshold_score:
            ruled = len(allowed) < len(everyone)
            verdict = f"not found: the best score{' a rule leaves' if ruled else ''} is below the threshold"
        else:
            verdict = "answered"
        candidates = tuple(
            ExplainedCandidate(
                c.text, c.score, self.model.parts(c.features), dict(c.features), dict(self.model.weights)
            )
            for c in ranked
        )
        return Explanation(
            question,
            analysed.lang,
            question_type(analysed),
            tuple(sorted(dates.years)),
            tuple(sorted(dates.months)),
            terms,
            analysed.unknown,
            candidates,
            self.model.threshold_score,
            verdict,
        )

    def ask(self, question: str, k: int = 3, today: date | None = None) -> list[Answer]:
        """The best quotes answering `question`, best first; [] when nothing answers it.
        `today`: the day it is asked (see `analyze`)."""
        analysed = self.analyze(question, today)
        return self.answers(analysed, self.rank(analysed), k)

    def answers(self, analysed: AnalyzedQuestion, ranked: Sequence[Candidate], k: int = 3) -> list[Answer]:
        """Ranked candidates as quotable answers (near-duplicates merged).

        Near-duplicates are told apart by the candidates' term ids; only the quotes
        kept read their neighbours' text.
        """
        if not ranked:
            return []
        stores = self._index.stores
        batch = getattr(ranked[0], "_batch", None)
        # Per ranked candidate, its row of the lists below.
        rows = [c._row for c in ranked if isinstance(c, _StoredCandidate) and c._batch is batch]
        if batch is not None and len(rows) == len(ranked):
            store, infos = batch.field("store"), batch.field("article_info")
            previous, following = batch.field("previous"), batch.field("following")
            articles = [infos[row] for row in rows]
            similar = batch.twins(rows)
        else:
            places = self._places(np.fromiter((c.doc for c in ranked), dtype=np.int64, count=len(ranked)))
            store, previous, following = places.store.tolist(), places.previous.tolist(), places.following.tolist()
            articles = [stores[number].articles[article] for number, article in zip(store, places.article.tolist())]
            rows = list(range(len(ranked)))
            similar = similar_sets([self._distinct_terms(c.doc) for c in ranked])
        kept = near_duplicates(articles, similar)  # as many as `answers_of` takes

        def quotes() -> Iterator[tuple[Quote, list[ArticleInfo]]]:
            for number, others in kept:
                row = rows[number]
                base = self._starts[store[row]]
                texts = stores[store[row]].text
                quote = Quote(
                    ranked[number].text,
                    ranked[number].score,
                    articles[number],
                    texts(previous[row] - base) if previous[row] >= 0 else None,
                    texts(following[row] - base) if following[row] >= 0 else None,
                    frozenset(),  # near-duplicates are told apart already
                )
                yield quote, others

        return answers_of(quotes(), analysed.terms, k)

    def _distinct_terms(self, doc: int) -> frozenset[int]:
        return frozenset(self._bm25.forward_terms(doc).tolist())

    def rank(self, analysed: AnalyzedQuestion) -> list[Candidate]:
        """Candidates best first; [] when the question names someone or something the
        corpus never mentions, names no topic, is mostly words the corpus lacks, or when no
        candidate a rule leaves (`features.RULES`) is likely enough to answer."""
        return order(self.candidates(analysed), self.model)

    def candidates(self, analysed: AnalyzedQuestion) -> list[Candidate]:
        """BM25's candidates and their paragraph neighbours, with their features; [] when
        the question names someone or something the corpus never mentions (a question
        about a person the corpus has never heard of has no answer here), names no topic
        (`AnalyzedQuestion.topicless`) or is mostly words the corpus lacks.

        Nothing here analyses text: where each passage stands (article, paragraph,
        position, its article's range) and which of the question's terms it holds are
        read from the index's arrays (the forward index), for all candidates at once.
        """
        if self._unsearchable(analysed):
            return []
        query = [g.alternatives for g in analysed.groups]
        found: list[_Places] = []

        def neighbours(hits: np.ndarray) -> np.ndarray:
            # Sentences next to the hits join the candidates: the one that answers often
            # leans on its neighbour for the words the question uses ("Penundaan terjadi
            # karena …" after the sentence about the delay).
            found.append(self._places(hits))
            around = np.concatenate((found[0].previous, found[0].following))
            around = _unique(around[around >= 0])
            return around[~_within(around, np.sort(hits))]

        top, missing, missing_scores = self._bm25.search_around(
            query, CANDIDATES, neighbours if self.parts.context else None
        )
        scores = dict(top)
        scores.update(zip(missing.tolist(), missing_scores.tolist()))
        docs = np.fromiter(scores, dtype=np.int64, count=len(scores))
        if not found:
            places = self._places(docs)
        else:
            places = found[0].concat(self._places(missing)) if len(missing) else found[0]
        candidates, held, columns = self._candidates(analysed, places, scores)
        idf = {term: self._bm25.idf(term) for term in analysed.terms}
        return describe(analysed, candidates, idf, self.parts, held, columns)

    def _unsearchable(self, analysed: AnalyzedQuestion) -> str | None:
        """Why nothing in the corpus can answer, before any search; None if something may."""
        if analysed.missing_names and self.parts.names:
            return f"the corpus never mentions {', '.join(analysed.missing_names)}"
        if analysed.topicless:
            return "no word of the question names a topic"
        if analysed.mostly_unknown:
            return f"the corpus knows too few of its words (not {', '.join(analysed.unknown)})"
        return None

    def _places(self, docs: np.ndarray) -> _Places:
        """Where each doc stands, and its neighbours in its paragraph (-1 where none)."""
        stores = self._index.stores
        if len(stores) == 1 or not len(docs):
            return _store_places(stores[0], 0, 0, docs)
        store_of = np.searchsorted(self._start_array, docs, side="right") - 1
        numbers = np.unique(store_of).tolist()
        if len(numbers) == 1:
            return _store_places(stores[numbers[0]], numbers[0], self._starts[numbers[0]], docs)
        rows = [(store_of == number).nonzero()[0] for number in numbers]
        parts = [
            _store_places(stores[number], number, self._starts[number], docs[mine])
            for number, mine in zip(numbers, rows)
        ]
        back = np.argsort(np.concatenate(rows))  # the parts' rows back in the order of `docs`
        return _Places(
            *(np.concatenate([getattr(part, name) for part in parts])[back] for name in _Places.__dataclass_fields__)
        )

    def _candidates(
        self, analysed: AnalyzedQuestion, places: _Places, scores: dict[int, float]
    ) -> tuple[list[Candidate], tuple[np.ndarray, ...], dict[str, np.ndarray]]:
        """The re-ranker's view of each doc, built from arrays for all of them at once,
        which of the question's terms (`question_vocabulary`) each one's .terms,
        .context_terms and .title_terms hold, as (candidates × terms) matrices, and their
        fields as arrays (`feature_matrix`'s columns).

        Candidate.terms, .context_terms and .title_terms hold only the terms the ranking
        asks about: the question's terms (with the dates a sentence may name and the terms
        a count question counts) that the sentence, its neighbours or its article's title hold. Every use
        in ranking tests membership of a question term, so it gets the answers the whole
        term sets gave. Those sets and the other fields ranking reads of a few candidates
        at most are made only when first read (see `_Batch`).
        """
        context = self.parts.context
        docs = places.docs
        # The question's terms, the terms a count question counts, and the dates a
        # sentence may name (months, years near the question's) where it asks for one.
        wanted = sorted(analysed.terms | date_terms(question_dates(analysed)) | counted_terms(analysed))
        lookups = [docs, places.first]
        if context:
            lookups += [places.previous, places.following]
        looked = _unique(np.concatenate(lookups))
        looked = looked[looked >= 0]
        # The terms of the docs, their neighbours and their titles, read from the forward
        # index at once: which of the question's terms each holds, and each doc's (and its
        # title's) distinct terms.
        ids, owner = self._bm25.forward_terms_many(looked)
        vocabulary = question_vocabulary(analysed)
        holds = np.zeros((len(looked) + 1, len(vocabulary)), dtype=bool)  # the last row: no doc
        # The wanted terms the index holds, by ascending id; per occurrence of one in the
        # forward index: its row of `looked` and its number among them.
        known = sorted((term_id, term) for term in wanted if (term_id := self._bm25.term_id(term)) >= 0)
        found = _Found(looked, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [term for _, term in known])
        if known:
            known_ids = np.array([term_id for term_id, _ in known], dtype=ids.dtype)
            where = _matches(ids, known_ids)
            found = _Found(looked, owner[where], np.searchsorted(known_ids, ids[where]), found.terms)
            columns = np.array([vocabulary.get(term, -1) for term in found.terms], dtype=np.int64)[found.numbers]
            asked = columns >= 0
            holds[found.rows[asked], columns[asked]] = True

        nowhere = len(looked)  # the row of `holds` for no doc

        def rows_of(of: np.ndarray) -> np.ndarray:
            return np.where(of >= 0, np.searchsorted(looked, of), nowhere)

        n = len(docs)
        doc_rows = np.searchsorted(looked, docs)
        title_rows = np.searchsorted(looked, places.first)
        is_title = places.position == TITLE_POSITION
        # The body's lead: the first sentence of the paragraph after the standfirst.
        is_lead = (places.paragraph == places.lead) & (places.previous < 0) & ~is_title
        sentence_held = holds[doc_rows]
        if context:
            before_rows, after_rows = rows_of(places.previous), rows_of(places.following)
            context_held = holds[before_rows] | holds[after_rows]
            title_held = holds[np.where(is_title, nowhere, title_rows)]
        else:
            before_rows = after_rows = np.full(n, nowhere)
            context_held = title_held = np.zeros_like(sentence_held)
        # Names of the question standing near each candidate (in it, its neighbours, its
        # article's title or first sentence: the standfirst where there is one, which
        # names the story's people as the lead does) and anywhere in its article.
        names = self._name_places(analysed)
        listed = list(names)
        near_held = np.zeros((n, len(listed)), dtype=bool)
        article_held = np.zeros((n, len(listed)), dtype=bool)
        if names:
            name_groups = {group.source: group for group in analysed.name_groups}  # as `_name_places` keeps them
            lead = np.where(places.first + 1 < places.last, places.first + 1, -1)
            ends = np.concatenate((places.first, lead))
            # Per candidate and name: whether it stands near, and in its article.
            for column, (name, held) in enumerate(names.items()):
                if not len(held):
                    continue
                # The docs read from the forward index that hold the name (all the terms
                # of one of its alternatives); the lead and the article from its postings.
                holding = np.zeros(len(looked) + 1, dtype=bool)
                for _, terms in name_groups[name].alternatives:
                    if terms:
                        holding |= holds[:, [vocabulary[term] for term in terms]].all(axis=1)
                at = held[np.minimum(np.searchsorted(held, ends), len(held) - 1)]
                near_held[:, column] = (
                    holding[doc_rows] | holding[before_rows] | holding[after_rows] | holding[title_rows]
                ) | (at[n:] == lead)
                article_held[:, column] = (at[:n] >= places.first) & (at[:n] < places.last)
        near_names = _name_sets(listed, near_held)
        # Each doc's distinct terms (sorted keys: looked row × vocabulary + term id).
        width = int(ids.max()) + 1 if len(ids) else 1
        keys = _unique(owner.astype(np.int64) * width + ids)
        key_rows = keys // width
        counts = np.bincount(key_rows, minlength=len(looked))
        n_terms = counts[doc_rows]
        # The candidates' distinct term ids, one after another (`owner_of`: whose).
        owner_of = np.repeat(np.arange(n), n_terms)
        firsts = np.searchsorted(key_rows, doc_rows)
        shift = np.cumsum(n_terms) - n_terms
        term_ids = keys[np.arange(len(owner_of)) + np.repeat(firsts - shift, n_terms)] - doc_rows[owner_of] * width
        doc_list = docs.tolist()
        bm25_list = [scores[doc] for doc in doc_list]
        bm25 = np.array(bm25_list)
        if context:
            # The better neighbour's BM25 (0 where none is a candidate).
            row_bm25 = np.zeros(nowhere + 1)
            row_bm25[doc_rows] = bm25
            context_bm25 = np.maximum(np.maximum(0.0, row_bm25[before_rows]), row_bm25[after_rows])
            # Share of the title's distinct terms the sentence holds (0 for the title).
            in_title = title_rows[owner_of] * width + term_ids
            at = np.minimum(np.searchsorted(keys, in_title), len(keys) - 1)
            shared = np.bincount(owner_of[keys[at] == in_title], minlength=n)
            title_size = counts[title_rows]
            title_overlap = np.where(is_title | (title_size == 0), 0.0, shared / np.maximum(title_size, 1))
        else:
            context_bm25 = np.zeros(n)
            title_overlap = np.zeros(n)
        fields = {
            "bm25": bm25,
            "is_title": is_title,
            "is_lead": is_lead,
            "position": places.position,
            "paragraph": places.paragraph,
            "context_bm25": context_bm25,
            "title_overlap": title_overlap,
            "n_terms": n_terms,
            "flags": places.flags,
            "lead_paragraph": places.lead,
            "article_key": places.store * (1 << 32) + places.article,
        }
        batch = _Batch(self, places, fields, found, context, (listed, article_held), term_ids, owner_of)
        candidates: list[Candidate] = list(
            map(_StoredCandidate, repeat(batch), range(n), doc_list, bm25_list, near_names)
        )
        return candidates, (sentence_held, context_held, title_held), fields

    def _name_places(self, analysed: AnalyzedQuestion) -> dict[str, np.ndarray]:
        """Per name of the question: the passages holding it whole (ascending ids).

        Read from the postings, so checking where names stand costs the names' postings,
        not the analysis of whole articles.
        """
        places: dict[str, np.ndarray] = {}
        for group in analysed.name_groups:
            holding = [
                reduce(np.intersect1d, [self._bm25.documents(t) for t in terms])
                for _, terms in group.alternatives
                if terms
            ]
            if len(holding) == 1:  # a term's documents and an intersection are ascending and distinct
                places[group.source] = holding[0]
            else:
                places[group.source] = _unique(np.concatenate(holding)) if holding else np.zeros(0, dtype=np.int64)
        return places

    def article_id(self, doc: int) -> str:
        """The id of the article a passage belongs to."""
        return self._ref(doc).article.id

    def idf(self, term: str) -> float:
        return self._bm25.idf(term)

    def _ref(self, doc: int) -> PassageRef:
        store_number = bisect.bisect_right(self._starts, doc) - 1
        store = self._index.stores[store_number]
        passage = store.passage(doc - self._starts[store_number])
        return PassageRef(doc, store_number, passage, store.articles[passage.article])


def _store_places(store: PassageStore, number: int, base: int, docs: np.ndarray) -> _Places:
    """`Engine._places` of docs of one store (`number`, its first doc `base`)."""
    local = docs - base
    article = store.article[local].astype(np.int64)
    paragraph = store.paragraph[local].astype(np.int64)
    position = store.position[local].astype(np.int64)
    # The passages before and after each, at once (clipped to the store: a doc is never
    # its own neighbour), are its neighbours where they stand in its paragraph.
    n = len(local)

    def twice(values: np.ndarray) -> np.ndarray:
        return np.concatenate((values, values))

    near = np.minimum(np.maximum(np.concatenate((local - 1, local + 1)), 0), len(store) - 1)
    same = (
        (store.article[near] == twice(article))
        & (store.paragraph[near] == twice(paragraph))
        & (near != twice(local))
        & twice(position != TITLE_POSITION)
    )
    neighbours = np.where(same, near + base, -1)
    return _Places(
        docs,
        np.full(n, number, dtype=np.int64),
        article,
        position,
        paragraph,
        store.article_offsets[article] + base,
        store.article_offsets[article + 1] + base,
        neighbours[:n],
        neighbours[n:],
        store.flags[local].astype(np.int64),
        store.lead[article].astype(np.int64),
    )


def _name_sets(names: list[str], held: np.ndarray) -> list[frozenset[str]]:
    """Per row of `held` (rows × names booleans), the names it holds (one frozenset per
    distinct row, shared)."""
    if not names:
        return [frozenset()] * len(held)
    if len(names) > 62:
        return [frozenset(name for name, here in zip(names, row) if here) for row in held.tolist()]
    masks = (held.astype(np.int64) @ (np.int64(1) << np.arange(len(names), dtype=np.int64))).tolist()
    sets = {mask: frozenset(name for bit, name in enumerate(names) if mask >> bit & 1) for mask in set(masks)}
    return [sets[mask] for mask in masks]


def _unique(values: np.ndarray) -> np.ndarray:
    """np.unique by sorting (quicker than its hashing on the small arrays of a question)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _matches(values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The positions (ascending) of the `values` equal to one of `keys` (distinct,
    ascending, not negative).

    Looked up in a table indexed by the values' low bits, with enough bits to keep the
    keys apart: a binary search (np.searchsorted) of thousands of term ids mispredicts a
    branch at nearly every step and costs several times more.
    """
    listed = keys.tolist()
    for bits in range(len(listed).bit_length() + 5, _TABLE_BITS + 1):
        mask = (1 << bits) - 1
        if len({key & mask for key in listed}) == len(listed):
            break
    else:  # (two or more) keys alike in all their low bits
        return np.flatnonzero(keys[np.minimum(np.searchsorted(keys, values), len(keys) - 1)] == values)
    table = np.full(mask + 1, -1, dtype=values.dtype)  # per slot its key; -1 is no value
    table[keys & mask] = keys
    return np.flatnonzero(table.take(values & mask) == values)


# The largest table `_matches` makes (2**12 slots).
_TABLE_BITS = 12


def _within(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """np.isin(values, ordered) for an ascending `ordered`, by binary search."""
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return ordered[at] == values


@dataclass(frozen=True, slots=True)
class _Found:
    """Where the question's terms stand among the docs read from the forward index: per
    occurrence, its doc's row of `looked` and its term's number in `terms`."""

    looked: np.ndarray  # the docs read, ascending ids
    rows: np.ndarray
    numbers: np.ndarray
    terms: list[str]

    def term_sets(self) -> dict[int, set[str]]:
        """Per doc holding any of `terms`, those it holds."""
        matched: dict[int, set[str]] = {}
        terms = self.terms
        for doc, number in zip(self.looked[self.rows].tolist(), self.numbers.tolist()):
            matched.setdefault(doc, set()).add(terms[number])
        return matched


# The candidate fields made together (from the same term lookups).
_TERM_SETS = ("terms", "context_terms", "title_terms")
# The candidate fields read from where the candidates stand (`_Places`).
_PLACES = ("store", "article", "previous", "following")


class _Batch:
    """One question's candidates field by field (a candidate is a row of it), and their
    distinct term ids (for telling near-duplicate quotes apart), shared by them all.

    What ranking reads of every candidate (its doc, BM25 and the names near it) the
    candidate holds itself; any other field is a list made for every row when a
    candidate is first asked for it. Ranking reads term sets, dates or the text of a
    few candidates in some questions and of none in most, and the feature matrix takes
    the other fields as arrays, so making 100 candidates costs little more than their
    arrays.
    """

    __slots__ = (
        "_columns",
        "_context",
        "_engine",
        "_found",
        "_lists",
        "_names",
        "_places",
        "n_terms",
        "owner_of",
        "term_ids",
    )

    def __init__(
        self,
        engine: Engine,
        places: _Places,
        columns: dict[str, np.ndarray],
        found: _Found,
        context: bool,
        names: tuple[list[str], np.ndarray],
        term_ids: np.ndarray,
        owner_of: np.ndarray,
    ) -> None:
        self._engine = engine
        self._places = places
        self._columns = columns  # fields as arrays (`feature_matrix`'s columns)
        self._found = found
        self._context = context
        self._names = names  # the question's names, and which each candidate's article holds
        self._lists: dict[str, list[Any]] = {}
        self.term_ids, self.owner_of, self.n_terms = term_ids, owner_of, columns["n_terms"]

    def field(self, name: str) -> list[Any]:
        """Every candidate's `name` field, by row (made on first use)."""
        values = self._lists.get(name)
        if values is None:
            values = self._lists[name] = self._make(name)
        return values

    def _make(self, name: str) -> list[Any]:
        n = len(self._places.docs)
        if name in _TERM_SETS:
            self._lists.update(self._term_sets())
            return self._lists[name]
        if name == "article_info":  # not a candidate field: its article's record
            stores = self._engine._index.stores
            return [
                stores[number].articles[article] for number, article in zip(self.field("store"), self.field("article"))
            ]
        if name == "published":
            return [info.published for info in self.field("article_info")]
        if name == "names_in_article":  # read only for names met through a translation
            return _name_sets(*self._names)
        if name in _PLACES:
            values: list[Any] = getattr(self._places, name).tolist()
            return values
        if name == "text":  # read one by one
            return [None] * n
        return self._columns[name].tolist()

    def _term_sets(self) -> dict[str, list[Any]]:
        """Every candidate's .terms, .context_terms and .title_terms (the sets are shared
        between candidates: ranking only reads them)."""
        places = self._places
        get = self._found.term_sets().get
        empty: set[str] = set()
        terms = [get(doc, empty) for doc in places.docs.tolist()]
        if not self._context:
            return {"terms": terms, "context_terms": [empty] * len(terms), "title_terms": [empty] * len(terms)}
        before = [get(doc, empty) if doc >= 0 else empty for doc in places.previous.tolist()]
        after = [get(doc, empty) if doc >= 0 else empty for doc in places.following.tolist()]
        return {
            "terms": terms,
            "context_terms": [b | a if b and a else (b or a) for b, a in zip(before, after)],
            "title_terms": [
                empty if title else get(first, empty)
                for title, first in zip(self._columns["is_title"].tolist(), places.first.tolist())
            ],
        }

    def text(self, row: int, doc: int) -> str:
        """The sentence of the candidate at `row` (`doc`), read when first asked for."""
        texts = self.field("text")
        value: str | None = texts[row]
        if value is None:
            number = self.field("store")[row]
            value = texts[row] = self._engine._index.stores[number].text(doc - self._engine._starts[number])
        return value

    def segment(self, row: int) -> Segment:
        """The index segment holding the candidate at `row`."""
        segment: Segment = self._engine._bm25.segments[self.field("store")[row]]
        return segment

    def twins(self, rows: Sequence[int]) -> Callable[[int], np.ndarray]:
        """`near_duplicates`' test for the candidates at `rows` (ranked), from term ids:
        a quote's overlap with all the others at once."""
        order = np.asarray(rows, dtype=np.int64)
        n_terms = self.n_terms
        sizes = n_terms.tolist()
        ends = np.cumsum(n_terms).tolist()  # a candidate's ids: term_ids[end - size : end]

        def twins(kept: int) -> np.ndarray:
            mine = rows[kept]
            size = sizes[mine]
            if not size:
                return np.zeros(len(rows), dtype=bool)
            where = _matches(self.term_ids, self.term_ids[ends[mine] - size : ends[mine]])
            shared = np.bincount(self.owner_of[where], minlength=len(sizes))
            # The union holds the quote's terms, so it is never 0; a candidate without
            # terms shares none.
            near = shared / (n_terms + size - shared) >= NEAR_DUPLICATE
            return near[order]

        return twins


class _Field:
    """A candidate field its `_Batch` holds: read (and written) at the candidate's row."""

    __slots__ = ("name",)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, candidate: None, owner: type | None = None) -> _Field: ...
    @overload
    def __get__(self, candidate: _StoredCandidate, owner: type | None = None) -> Any: ...
    def __get__(self, candidate: _StoredCandidate | None, owner: type | None = None) -> Any:
        if candidate is None:
            return self
        return candidate._batch.field(self.name)[candidate._row]

    def __set__(self, candidate: _StoredCandidate, value: Any) -> None:
        candidate._batch.field(self.name)[candidate._row] = value


# What a candidate's features are before `describe` fills them in.
_NO_FEATURES: Mapping[str, float] = MappingProxyType({})


class _StoredCandidate(Candidate):
    """A row of a `_Batch`: the fields every candidate is asked for are its own, the
    others are read from the batch when asked for (its text from its store: ranking
    reads the markers the index wrote, so only the candidates quoted, or checked for a
    number before the thing counted, read their sentence)."""

    __slots__ = ("_batch", "_row")
    _batch: _Batch
    _row: int  # its number in the batch

    terms = _Field()
    context_terms = _Field()
    title_terms = _Field()
    published = _Field()
    is_title = _Field()
    is_lead = _Field()
    context_bm25 = _Field()
    position = _Field()
    paragraph = _Field()
    n_terms = _Field()
    title_overlap = _Field()
    flags = _Field()
    lead_paragraph = _Field()
    article_key = _Field()
    names_in_article = _Field()

    def __init__(self, batch: _Batch, row: int, doc: int, bm25: float, names_near: frozenset[str]) -> None:
        self._batch = batch
        self._row = row
        self.doc = doc
        self.bm25 = bm25
        self.names_near = names_near
        self.score = 0.0
        self.coverage = 0.0
        self.features = _NO_FEATURES

    def index_terms(self) -> list[str]:
        segment = self._batch.segment(self._row)
        return [segment.term(i) for i in segment.forward(self.doc - segment.first_doc).tolist()]

    @property
    def text(self) -> str:
        return self._batch.text(self._row, self.doc)

    @text.setter
    def text(self, value: str) -> None:
        self._batch.field("text")[self._row] = value


@dataclass(frozen=True, slots=True)
class _Places:
    """Per doc (global ids): its store (segment), article, position, its article's
    passages [first, last) and its neighbours in the paragraph (-1 where none)."""

    docs: np.ndarray
    store: np.ndarray
    article: np.ndarray
    position: np.ndarray
    paragraph: np.ndarray
    first: np.ndarray
    last: np.ndarray
    previous: np.ndarray
    following: np.ndarray
    flags: np.ndarray  # its markers (`bot.text.markers.text_flags`)
    lead: np.ndarray  # its article's lead paragraph (after the standfirst)

    def concat(self, other: _Places) -> _Places:
        return _Places(
            *(np.concatenate((getattr(self, name), getattr(other, name))) for name in self.__dataclass_fields__)
        )
