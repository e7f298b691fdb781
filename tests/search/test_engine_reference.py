"""Answers from the forward index are the answers re-analysing text gave.

The engine used to build each candidate by analysing its text, its neighbours' and its
title's with `index_terms`, found neighbours and article ranges passage by passage, and
told near-duplicate quotes apart by analysing them again. That path is kept here, only
here, as the reference: on real articles and on synthetic ones, over one and two
segments, `Engine.rank` and `Engine.ask` must give what it gives (same candidates,
scores, features; same answers, context, matched words and sources).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache, reduce
from pathlib import Path

import numpy as np
import pytest

from bench.engine_scale import make_questions, write_corpus
from bot import Engine
from bot.model import TITLE_POSITION, Answer, ArticleInfo, Passage
from bot.search.answers import Quote, assemble_answers
from bot.search.engine import CANDIDATES
from bot.search.features import Candidate
from bot.search.options import Parts
from bot.search.question import AnalyzedQuestion
from bot.search.ranking import rerank
from bot.text.terms import index_terms

# Questions of the kinds users ask (the dev set's kinds), in both languages.
QUESTIONS = (
    "When did Putin first phone Netanyahu after the Hamas attack?",
    "Putin nyampein belasungkawa ke siapa pas bahas serangan Hamas?",
    "Berapa korban serangan Hamas?",
    "Apa kata Putin kepada Netanyahu?",
    "Mengapa Putin menawarkan mediasi?",
    "Di mana banjir Semarang terjadi?",
    "How many people were evacuated in Semarang?",
    "Kapan kereta cepat mulai beroperasi?",
    "Berapa kecepatan kereta cepat?",
    "Siapa menteri luar negeri yang berkunjung?",
    "What did the foreign minister say?",
    "Why did the flood happen in 2024?",
    "kereta cepat Jakarta Bandung 2023",
    "Who is Erdogan?",
    "Berapa lama perjalanan Jakarta Bandung?",
    "until what date did the ceasefire last?",
    "Berapa warga mengungsi karena banjir Semarang pada tahun 2019?",  # no candidate of 2019
    "What did the Russian president tell Israeli leaders about Hamas?",  # nationalities, not people
    "Did Putin offer to mediate between Israel and Hamas?",  # yes/no: a denial answers too
    "Apakah kereta cepat sudah beroperasi?",
)


@dataclass(frozen=True)
class _Ref:
    doc: int
    store: int
    passage: Passage
    article: ArticleInfo


class Reference:
    """The engine's old candidate path: text analysed per candidate, per passage lookups."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.bm25 = engine._bm25
        self.stores = engine._index.stores
        self.starts = [segment.first_doc for segment in self.bm25.segments]

    def ref(self, doc: int) -> _Ref:
        number = bisect.bisect_right(self.starts, doc) - 1
        store = self.stores[number]
        local = doc - self.starts[number]
        passage = Passage(
            int(store.article[local]), int(store.position[local]), int(store.paragraph[local]), store.text(local)
        )
        return _Ref(doc, number, passage, store.articles[passage.article])

    def article_range(self, number: int, article: int) -> range:
        start, end = np.searchsorted(self.stores[number].article, [article, article + 1])
        return range(int(start), int(end))

    def neighbours(self, ref: _Ref) -> tuple[_Ref | None, _Ref | None]:
        if ref.passage.position == TITLE_POSITION:
            return None, None
        found: list[_Ref | None] = []
        for other in (ref.doc - 1, ref.doc + 1):
            if 0 <= other < self.bm25.n_docs:
                near = self.ref(other)
                same = near.store == ref.store and near.passage.article == ref.passage.article
                found.append(near if same and near.passage.paragraph == ref.passage.paragraph else None)
            else:
                found.append(None)
        return found[0], found[1]

    def rank(self, analysed: AnalyzedQuestion, parts: Parts) -> list[Candidate]:
        if analysed.topicless or analysed.mostly_unknown or (analysed.missing_names and parts.names):
            return []
        query = [g.alternatives for g in analysed.groups]
        scores = dict(self.bm25.search(query, CANDIDATES))
        if parts.context:
            around = {near.doc for doc in list(scores) for near in self.neighbours(self.ref(doc)) if near}
            missing = sorted(around - scores.keys())
            if missing:
                scores.update(zip(missing, self.bm25.scores_for(query, missing).tolist()))
        names = self.name_places(analysed)
        terms_of = lru_cache(maxsize=None)(lambda text: frozenset(index_terms(text)))
        candidates = [self.candidate(doc, scores, names, terms_of, parts) for doc in scores]
        idf = {term: self.bm25.idf(term) for term in analysed.terms}
        return rerank(analysed, candidates, idf, parts)

    def name_places(self, analysed: AnalyzedQuestion) -> dict[str, np.ndarray]:
        places: dict[str, np.ndarray] = {}
        for group in analysed.name_groups:
            holding = [
                reduce(np.intersect1d, [self.bm25.documents(t) for t in terms])
                for _, terms in group.alternatives
                if terms
            ]
            places[group.source] = np.unique(np.concatenate(holding)) if holding else np.zeros(0, dtype=np.int64)
        return places

    def candidate(self, doc, scores, names, terms_of, parts) -> Candidate:  # type: ignore[no-untyped-def]
        ref = self.ref(doc)
        terms = set(terms_of(ref.passage.text))
        context_terms: set[str] = set()
        title_terms: set[str] = set()
        context_bm25 = 0.0
        near_docs = [doc]
        if parts.context:
            for near in self.neighbours(ref):
                if near is not None:
                    context_terms.update(terms_of(near.passage.text))
                    context_bm25 = max(context_bm25, scores.get(near.doc, 0.0))
                    near_docs.append(near.doc)
            if ref.passage.position != TITLE_POSITION:
                title_terms = set(terms_of(ref.article.title))
        local = self.article_range(ref.store, ref.passage.article)
        start, end = self.starts[ref.store] + local.start, self.starts[ref.store] + local.stop
        near_docs += [start, start + 1] if start + 1 < end else [start]
        lead = int(self.stores[ref.store].lead[ref.passage.article])
        first_of_paragraph = self.neighbours(ref)[0] is None

        def holds_between(docs: np.ndarray) -> bool:
            at = int(np.searchsorted(docs, start))
            return at < len(docs) and int(docs[at]) < end

        return Candidate(
            doc,
            scores[doc],
            ref.passage.text,
            terms,
            context_terms,
            title_terms,
            ref.article.published,
            is_title=ref.passage.position == TITLE_POSITION,
            is_lead=ref.passage.paragraph == lead and first_of_paragraph and ref.passage.position != TITLE_POSITION,
            context_bm25=context_bm25,
            names_near=frozenset(name for name, docs in names.items() if np.isin(near_docs, docs).any()),
            names_in_article=frozenset(name for name, docs in names.items() if holds_between(docs)),
            position=ref.passage.position,
            paragraph=ref.passage.paragraph,
            n_terms=len(terms),
            title_overlap=len(terms & title_terms) / len(title_terms) if title_terms else 0.0,
            lead_paragraph=lead,
            article_key=ref.store * (1 << 32) + ref.passage.article,
        )

    def ask(self, question: str, k: int, parts: Parts) -> list[Answer]:
        analysed = self.engine.with_parts(parts).analyze(question)
        quotes = []
        for candidate in self.rank(analysed, parts):
            ref = self.ref(candidate.doc)
            previous, following = self.neighbours(ref)
            quotes.append(
                Quote(
                    candidate.text,
                    candidate.score,
                    ref.article,
                    previous.passage.text if previous else None,
                    following.passage.text if following else None,
                )
            )
        return assemble_answers(quotes, analysed.terms, k)


def _ranked(candidates: list[Candidate]) -> list[tuple]:
    return [(c.doc, c.score, c.coverage, sorted(c.features.items())) for c in candidates]


def _same_answers(engine: Engine, questions: list[str], parts: Parts = Parts()) -> int:
    """Compares the engine with the reference on every question; returns answers compared."""
    reference = Reference(engine)
    engine = engine.with_parts(parts)
    compared = 0
    for question in questions:
        analysed = engine.analyze(question)
        assert _ranked(engine.rank(analysed)) == _ranked(reference.rank(analysed, parts)), question
        answers = engine.ask(question, 5)
        assert answers == reference.ask(question, 5, parts), question
        compared += len(answers)
    return compared


def _sentence_questions(engine: Engine, limit: int = 120) -> list[str]:
    """Questions made of a sentence's words, with each kind of question word."""
    prefixes = ("berapa", "kapan", "siapa", "mengapa", "di mana", "apa kata", "", "how many", "when", "apakah", "did")
    store = engine._index.stores[0]
    out = []
    for local in range(0, len(store), max(1, len(store) // limit)):
        words = [w.strip(".,\"'“”()") for w in store.text(local).split()]
        out.append(" ".join([prefixes[local % len(prefixes)], *words[1:9:2]]).strip() + "?")
    return out


def test_real_articles_answer_as_the_reference_does(news: Engine) -> None:
    questions = [*QUESTIONS, *_sentence_questions(news)]
    assert _same_answers(news, questions) > 100


@pytest.mark.parametrize(
    "parts",
    [Parts(context=False), Parts(names=False), Parts(dates=False, types=False)],
    ids=["no-context", "no-names", "no-dates-types"],
)
def test_with_parts_switched_off_too(news: Engine, parts: Parts) -> None:
    assert _same_answers(news, [*QUESTIONS, *_sentence_questions(news, 40)], parts) > 20


def test_synthetic_corpus_over_two_segments(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3000)
    later = sorted(corpus.glob("*.md"))[-20:]
    hold = tmp_path / "hold"
    hold.mkdir()
    for path in later:
        path.rename(hold / path.name)
    Engine.open(corpus, tmp_path / "index")
    for number, path in enumerate(later):
        text = (hold / path.name).read_text(encoding="utf-8")
        if number % 2 and text.count("\n\n") > 2:  # half the later articles open with a standfirst
            text = text.replace("\n---\n", "\nstandfirst: 1\n---\n", 1)
        path.write_text(text, encoding="utf-8")
    engine = Engine.open(corpus, tmp_path / "index")
    assert len(engine._bm25.segments) == 2
    assert engine._index.stores[1].lead.any() and not engine._index.stores[0].lead.any()
    assert _same_answers(engine, make_questions(engine, 150)) > 100
