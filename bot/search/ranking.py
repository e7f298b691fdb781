"""Re-ranking BM25's candidates: what kind of answer the question wants, and when.

BM25 finds sentences that share the question's words; it cannot tell that "when"
wants a date or "why" a reason, nor that "in 2023" rules out a 2025 article about the
same leaders. This layer multiplies each candidate's BM25 score by factors for those
signals, drops candidates that cannot answer (no number for "how many", no name for
"who", too little of the question), and so decides when nothing answers at all. The
factors are modest (tens of percent): they reorder near-ties among sentences BM25
already found, they never lift a sentence that shares little with the question.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.search.dates import DATE_WORD, DateFilter, date_factor, question_dates
from bot.search.options import Features
from bot.search.qtypes import (
    CHECKABLE_TYPES,
    CIRCUMSTANCE_TYPES,
    CUE_WORDS,
    DATES_AND_TIMES,
    TIME_RELATIONS,
    carries_answer_type,
    counted_terms,
    counts_the_thing,
    dates_the_relation,
    question_type,
)
from bot.search.question import AnalyzedQuestion
from bot.text.sentences import leans_on_previous
from bot.text.terms import index_terms

# How much a candidate gains when it carries the kind of answer asked for (twice that
# when a number stands right before the thing counted).
TYPE_BONUS = 0.5
# Share of a question word's weight earned when the word stands only in the sentence's
# neighbours or in its article's title (the sentence continues them).
CONTEXT_SHARE, TITLE_SHARE = 0.35, 0.25
# ... and when the sentence itself points back at its neighbour ("Keputusan tersebut …").
LEANING_SHARE = 0.8
# Share of the better neighbour's BM25 a sentence inherits: it continues that sentence.
CONTEXT_BM25_SHARE = 0.5
# Headlines are short and dense with the story's keywords, so BM25 favours them; they
# restate the topic more often than they answer a question about it.
TITLE_FACTOR = 0.85
# An article's first sentence sums up the whole story (who, what, when, where), so it
# shares words with any question about the story and outscores the sentence that holds
# the detail asked for; on the dev set and on questions of our own it took first place
# from the right sentence more than any other kind. It keeps first place when it
# clearly answers best.
LEAD_FACTOR = 0.7
# Below this share of the question's weight matched (sentence, neighbours and title
# together), nothing answers the question.
MIN_COVERAGE = 0.35
# Weight of a question word the index holds no term for, relative to an average word.
UNKNOWN_SHARE = 0.5


# ---- candidates ---------------------------------------------------------------------


@dataclass(slots=True)
class Candidate:
    doc: int
    bm25: float
    text: str
    # Index terms of the sentence, its neighbours and its article's title. The engine
    # gives only those that matter here (the question's terms and the years it names,
    # read from the forward index), so test membership of question terms, never size.
    terms: set[str]
    context_terms: set[str]  # neighbouring sentences in the same paragraph
    title_terms: set[str]
    published: str
    is_title: bool = False
    is_lead: bool = False  # the article's first sentence
    context_bm25: float = 0.0  # BM25 of the better-matching neighbour in the paragraph
    # Names of the question (group sources) standing near the sentence (in it, its
    # neighbours, its article's title or lead), and anywhere in its article.
    names_near: frozenset[str] = frozenset()
    names_in_article: frozenset[str] = frozenset()
    score: float = 0.0
    coverage: float = 0.0
    factors: dict[str, float] = field(default_factory=dict)


def group_weights(question: AnalyzedQuestion, idf: dict[str, float]) -> list[float]:
    """A question word weighs the mean idf of its alternatives (by their weights): a word
    with one rare translation among common ones is not made rare by it."""
    weights = []
    for group in question.groups:
        total = sum(weight for weight, _ in group.alternatives)
        mass = sum(weight * sum(idf.get(t, 0.0) for t in terms) for weight, terms in group.alternatives)
        weights.append(mass / total if total else 0.0)
    return weights


def coverage(
    question: AnalyzedQuestion, weights: Sequence[float], candidate: Candidate, optional: frozenset[str] = frozenset()
) -> float:
    """Share of the question's weight the candidate matches, with its context and title.

    A content word the index cannot match at all still counts against every candidate,
    at part of an average word's weight: the corpus may simply word it differently.
    Groups in `optional` (dates, the question's cue words) count only where matched.
    """
    content = [(g, w) for g, w in zip(question.groups, weights)]
    required = [w for g, w in content if g.source not in optional]
    unknown_weight = UNKNOWN_SHARE * (sum(required) / len(required)) if required else 0.0
    total = sum(required) + unknown_weight * len(question.unknown)
    if total <= 0:
        return 0.0
    earned = 0.0
    for group, weight in content:
        if any(all(t in candidate.terms for t in terms) for _, terms in group.alternatives):
            earned += weight
        elif group.source in optional:
            continue
        elif any(all(t in candidate.context_terms for t in terms) for _, terms in group.alternatives):
            earned += weight * (LEANING_SHARE if leans_on_previous(candidate.text) else CONTEXT_SHARE)
        elif any(all(t in candidate.title_terms for t in terms) for _, terms in group.alternatives):
            earned += weight * TITLE_SHARE
    return min(1.0, earned / total)


def lacks_answer_type(qtype: str | None, candidate: Candidate, carries: bool) -> bool:
    return qtype in CHECKABLE_TYPES and not candidate.is_title and not carries


def _type_factor(qtype: str | None, candidate: Candidate, carries: bool, anchors: set[str]) -> float:
    """Bonus for carrying the answer's type; double when the answer is tied to what the
    question asks about (a number before the thing counted, a date after "until")."""
    if candidate.is_title or not carries:
        return 1.0  # headlines are title-cased and terse: their capitals are no names
    if (
        qtype == "count"
        and anchors
        and counts_the_thing(index_terms(DATES_AND_TIMES.sub(" ", candidate.text)), anchors)
    ):
        return 1.0 + 2 * TYPE_BONUS
    if qtype == "when" and anchors and dates_the_relation(index_terms(candidate.text), anchors):
        return 1.0 + 2 * TYPE_BONUS
    return 1.0 + TYPE_BONUS


def matches_beyond_names(question: AnalyzedQuestion, candidate: Candidate, optional: frozenset[str]) -> bool:
    """The sentence (or what it continues) shares with the question something besides
    its names: one that only mentions the same people says nothing about what was asked."""
    names = {group.source for group in question.name_groups} | optional
    asked = [group for group in question.groups if group.source not in names]
    seen = candidate.terms | candidate.context_terms
    return not asked or any(all(t in seen for t in terms) for group in asked for _, terms in group.alternatives)


def names_met(question: AnalyzedQuestion, candidate: Candidate) -> bool:
    """Every name in the question stands near the sentence: in it, its neighbours, its
    article's title or lead. A question about two people is not answered by a sentence
    about one of them in another story: "what did Putin tell Erdogan" needs Erdogan there.

    A name reached through the lexicon ("British" → Inggris, "Saudi Arabia") need only
    stand somewhere in the article: demonyms and countries are often left unsaid in the
    sentence that answers.
    """
    return all(
        group.source in (candidate.names_near if group.literal else candidate.names_in_article)
        for group in question.name_groups
    )


def rerank(
    question: AnalyzedQuestion,
    candidates: list[Candidate],
    idf: dict[str, float],
    features: Features = Features(),
) -> list[Candidate]:
    """Candidates that answer, best first; empty when none covers the question enough."""
    weights = group_weights(question, idf)
    qtype = question_type(question) if features.types else None
    dates = question_dates(question) if features.dates else DateFilter()
    if qtype == "count":
        anchors = counted_terms(question)
    else:
        anchors = question.terms & TIME_RELATIONS if qtype == "when" else set()
    # Years and months are weighed by date_factor against the article's date, and cue
    # words ("penyebab", "date") say what kind of answer is wanted: a sentence that
    # answers need not repeat either.
    cues = CUE_WORDS.get(qtype, frozenset()) if qtype else frozenset()
    optional = frozenset(g.source for g in question.groups if DATE_WORD.fullmatch(g.source) or g.source in cues)
    typed: dict[int, bool] = {}  # candidate doc → whether it carries the answer's type
    for candidate in candidates:
        typed[candidate.doc] = carries = carries_answer_type(qtype, candidate.text)
        candidate.coverage = coverage(question, weights, candidate, optional)
        candidate.factors = {
            "coverage": candidate.coverage,
            "type": _type_factor(qtype, candidate, carries, anchors),
            "date": date_factor(dates, candidate.published, candidate.terms),
        }
        candidate.factors["headline"] = TITLE_FACTOR if candidate.is_title else 1.0
        candidate.factors["lead"] = LEAD_FACTOR if candidate.is_lead else 1.0
        candidate.score = relevance(candidate) * math.prod(candidate.factors.values())
    answering = [
        c
        for c in candidates
        if c.coverage >= MIN_COVERAGE
        and (qtype in CIRCUMSTANCE_TYPES or matches_beyond_names(question, c, optional))
        and (not features.names or names_met(question, c))
        and not lacks_answer_type(qtype, c, typed[c.doc])
    ]
    return sorted(answering, key=lambda c: (-c.score, c.doc))


def relevance(candidate: Candidate) -> float:
    """BM25 of the sentence plus the share it inherits from the neighbour it continues."""
    return candidate.bm25 + CONTEXT_BM25_SHARE * candidate.context_bm25


def contributions(candidate: Candidate) -> dict[str, float]:
    """The candidate's score as a sum: BM25, what its neighbour lends, then what each
    factor adds or takes away in turn, so the parts add up to the score shown."""
    parts = {"bm25": candidate.bm25, "neighbour bm25": CONTEXT_BM25_SHARE * candidate.context_bm25}
    running = relevance(candidate)
    for name, factor in candidate.factors.items():
        parts[name] = running * factor - running
        running *= factor
    return parts
