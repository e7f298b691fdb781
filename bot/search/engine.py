"""The search engine: question → analysed terms → BM25 candidates → re-ranked answers.

This is the one entry point the CLI, the Telegram bot and outside tools use
(`from bot import Engine`). It never imports telegram.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, reduce
from pathlib import Path

import numpy as np

from bot.index.bm25 import Bm25Params
from bot.index.manifest import OpenIndex, open_index
from bot.model import TITLE_POSITION, Answer, ArticleInfo, Passage
from bot.search.analyzer import Analyzer
from bot.search.answers import Quote, assemble_answers
from bot.search.dates import question_dates
from bot.search.model import RankingModel, packaged_model
from bot.search.options import Features
from bot.search.qtypes import question_type
from bot.search.question import AnalyzedQuestion, analyze_question
from bot.search.ranking import Candidate, describe, order
from bot.text.clean_input import clean_question
from bot.text.sentences import MAX_SENTENCE_CHARS
from bot.text.terms import index_terms

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
        features: Features = Features(),
        analyzer: Analyzer | None = None,
        model: RankingModel | None = None,
    ) -> None:
        self._index = index
        self.model = model or packaged_model()
        self.analyzer = analyzer or Analyzer.packaged()
        self._bm25 = index.bm25
        self._starts = [segment.first_doc for segment in index.bm25.segments]
        self._aliases = {acronym: terms for store in index.stores for acronym, terms in store.aliases.items()}
        self.features = features

    @classmethod
    def open(
        cls,
        corpus_dirs: str | Path | Sequence[str | Path],
        index_dir: str | Path = "index",
        *,
        params: Bm25Params = Bm25Params(),
        rebuild: bool = False,
        features: Features = Features(),
        analyzer: Analyzer | None = None,
        model: RankingModel | None = None,
        passage_max_chars: int = MAX_SENTENCE_CHARS,
    ) -> Engine:
        dirs = [Path(corpus_dirs)] if isinstance(corpus_dirs, (str, Path)) else [Path(d) for d in corpus_dirs]
        index = open_index(dirs, Path(index_dir), params, force_rebuild=rebuild, passage_max_chars=passage_max_chars)
        return cls(index, features, analyzer, model)

    def with_features(self, features: Features) -> Engine:
        """The same index answered with other parts of the method switched off."""
        return Engine(self._index, features, self.analyzer, self.model)

    def with_model(self, model: RankingModel) -> Engine:
        """The same index ranked with other weights (cross-validation, refitting)."""
        return Engine(self._index, self.features, self.analyzer, model)

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

    def analyze(self, question: str) -> AnalyzedQuestion:
        return analyze_question(
            clean_question(question),  # "Pu\u200btin" is Putin; control characters are no words
            self._bm25,
            self.analyzer,
            use_lexicon=self.features.lexicon,
            repair=self.features.informal,
            aliases=self._aliases,
        )

    def explain(self, question: str, k: int = 5) -> Explanation:
        """How the question was read and the top `k` candidates' scores, part by part."""
        analysed = self.analyze(question)
        dates = question_dates(analysed)
        terms = tuple(
            ExplainedTerm(
                group.source, tuple((" ".join(t), w, sum(self.idf(x) for x in t)) for w, t in group.alternatives)
            )
            for group in analysed.groups
        )
        ranked = sorted(order(self.candidates(analysed), self.model), key=lambda c: -c.score)[:k]
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
        )

    def ask(self, question: str, k: int = 3) -> list[Answer]:
        """The best quotes answering `question`, best first; [] when nothing answers it."""
        analysed = self.analyze(question)
        return self.answers(analysed, self.rank(analysed), k)

    def answers(self, analysed: AnalyzedQuestion, ranked: Sequence[Candidate], k: int = 3) -> list[Answer]:
        """Ranked candidates as quotable answers (near-duplicates merged)."""
        return assemble_answers([self._quote(candidate) for candidate in ranked], analysed.terms, k)

    def rank(self, analysed: AnalyzedQuestion) -> list[Candidate]:
        """Candidates best first; [] when the question names someone or something the
        corpus never mentions, or when the best candidate is unlikely to answer."""
        return order(self.candidates(analysed), self.model)

    def candidates(self, analysed: AnalyzedQuestion) -> list[Candidate]:
        """BM25's candidates and their paragraph neighbours, with their features; [] when
        the question names someone or something the corpus never mentions (a question
        about a person the corpus has never heard of has no answer here)."""
        if not analysed.groups or (analysed.missing_names and self.features.names):
            return []
        query = [g.alternatives for g in analysed.groups]
        scores = dict(self._bm25.search(query, CANDIDATES))
        if self.features.context:
            self._add_neighbours(query, scores)
        names = self._name_places(analysed)
        # A hit's neighbour is often a hit too, and hits share titles: analyse each text once.
        terms_of = lru_cache(maxsize=None)(lambda text: frozenset(index_terms(text)))
        candidates = [self._candidate(doc, scores, names, terms_of) for doc in scores]
        idf = {term: self._bm25.idf(term) for term in analysed.terms}
        return describe(analysed, candidates, idf, self.features)

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
            places[group.source] = np.unique(np.concatenate(holding)) if holding else np.zeros(0, dtype=np.int64)
        return places

    def _add_neighbours(self, query: list, scores: dict[int, float]) -> None:
        """Sentences next to the hits join the candidates: the one that answers often
        leans on its neighbour for the words the question uses ("Penundaan terjadi
        karena …" after the sentence about the delay)."""
        around = {near.doc for doc in list(scores) for near in self.neighbours(self._ref(doc)) if near}
        missing = sorted(around - scores.keys())
        if missing:
            scores.update(zip(missing, self._bm25.scores_for(query, missing).tolist()))

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

    def neighbours(self, ref: PassageRef) -> tuple[PassageRef | None, PassageRef | None]:
        """The sentences before and after in the same paragraph (None at its edges)."""
        if ref.passage.position == TITLE_POSITION:
            return None, None
        found: list[PassageRef | None] = []
        for other in (ref.doc - 1, ref.doc + 1):
            if 0 <= other < self._bm25.n_docs:
                near = self._ref(other)
                same = near.store == ref.store and near.passage.article == ref.passage.article
                found.append(near if same and near.passage.paragraph == ref.passage.paragraph else None)
            else:
                found.append(None)
        return found[0], found[1]

    def _quote(self, candidate: Candidate) -> Quote:
        ref = self._ref(candidate.doc)
        previous, following = self.neighbours(ref)
        return Quote(
            candidate.text,
            candidate.score,
            ref.article,
            previous.passage.text if previous else None,
            following.passage.text if following else None,
        )

    def _candidate(
        self,
        doc: int,
        scores: dict[int, float],
        names: dict[str, np.ndarray],
        terms_of: Callable[[str], frozenset[str]],
    ) -> Candidate:
        ref = self._ref(doc)
        terms = set(terms_of(ref.passage.text))
        context_terms: set[str] = set()
        title_terms: set[str] = set()
        context_bm25 = 0.0
        near_docs = [doc]
        if self.features.context:
            for near in self.neighbours(ref):
                if near is not None:
                    context_terms.update(terms_of(near.passage.text))
                    context_bm25 = max(context_bm25, scores.get(near.doc, 0.0))
                    near_docs.append(near.doc)
            if ref.passage.position != TITLE_POSITION:
                title_terms = set(terms_of(ref.article.title))
        local = self._index.stores[ref.store].article_range(ref.passage.article)
        start, end = self._starts[ref.store] + local.start, self._starts[ref.store] + local.stop
        near_docs += [start, start + 1] if start + 1 < end else [start]  # the article's title and lead
        return Candidate(
            doc,
            scores[doc],
            ref.passage.text,
            terms,
            context_terms,
            title_terms,
            ref.article.published,
            is_title=ref.passage.position == TITLE_POSITION,
            is_lead=ref.passage.position == 0,
            context_bm25=context_bm25,
            names_near=frozenset(name for name, docs in names.items() if np.isin(near_docs, docs).any()),
            names_in_article=frozenset(name for name, docs in names.items() if _holds_between(docs, start, end)),
            position=ref.passage.position,
            paragraph=ref.passage.paragraph,
        )


def _holds_between(docs: np.ndarray, start: int, end: int) -> bool:
    """Whether the ascending `docs` hold one in [start, end)."""
    at = int(np.searchsorted(docs, start))
    return at < len(docs) and int(docs[at]) < end
