"""What the re-ranker knows about a candidate sentence, as numbers.

Each feature is a function of the question (read once per question into a
`QuestionView`) and of a `Candidate`'s fields only: its terms, its neighbours' and its
title's terms, its position, its BM25 and its neighbour's BM25. Where those fields come
from (re-analysed text, a forward index) does not matter here.

The features are combined by weights fitted on development questions
(`tools/fit_ranking.py`, see `bot/search/model.py`); none of them is a rule of its own.
Each stands for a fact of news writing or of the question's language:

- BM25, and its share of the best candidate's: how much of the question the sentence
  shares, against the other sentences of the corpus.
- Where the question's weight (idf of its words) is matched: in the sentence itself, only
  in its paragraph neighbours (a sentence continues its neighbour, more so when it
  points back at it: "Keputusan tersebut …"), only in its article's title.
- What the neighbour lends: the better neighbour's BM25, which a sentence may or may not
  continue. Its weight is fitted, not assumed.
- Answer type: "when" wants a date, "how many" a number, "why" a reason, "who" a name,
  "what did X say" reported speech; whether the sentence carries one, and whether it is
  tied to what is asked (a number before the thing counted).
- Dates: the question's year or month against the article's date and the sentence's.
- Position: headlines restate the topic; an article's first sentences sum up the story.
- Names: whether every name of the question stands near the sentence, whether the
  sentence shares anything besides those names, whether the question's person is the
  one speaking.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.search.dates import DATE_WORD, DateFilter, question_dates
from bot.search.options import Features
from bot.search.qtypes import (
    CIRCUMSTANCE_TYPES,
    CUE_WORDS,
    DATES_AND_TIMES,
    TIME_RELATIONS,
    carries_answer_type,
    counted_terms,
    counts_the_thing,
    dates_the_relation,
    question_type,
    speaker_named,
)
from bot.search.question import AnalyzedQuestion, TermGroup
from bot.text.sentences import leans_on_previous
from bot.text.terms import index_terms

# Weight of a question word the index holds no term for, relative to an average word:
# the corpus may word it differently, so it counts against every candidate, partly.
UNKNOWN_SHARE = 0.5
# Sentence positions beyond this count as "deep in the article" alike.
DEEP_POSITION = 30
# Sentences with more distinct terms than this count as long alike.
LONG_SENTENCE = 40


@dataclass(slots=True)
class Candidate:
    doc: int
    bm25: float
    text: str
    # Index terms of the sentence, its neighbours and its article's title. The engine
    # gives only those that matter here (the question's terms and the years it names,
    # read from the forward index), so test membership of question terms, never size:
    # n_terms and title_overlap say what the whole term sets would.
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
    position: int = 0  # sentence number in the article (-1 the title)
    paragraph: int = 0  # paragraph number in the article
    n_terms: int = 0  # distinct index terms of the sentence
    title_overlap: float = 0.0  # share of its article title's distinct terms the sentence holds
    score: float = 0.0
    coverage: float = 0.0
    features: dict[str, float] = field(default_factory=dict)


# Feature names in a fixed order, grouped for ablation (each group switched off in turn).
FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "bm25": ("bm25_share", "bm25_per_weight"),
    "coverage": ("in_sentence", "words_in_sentence", "unmatched", "unknown"),
    "context": ("in_neighbours", "in_leaning_neighbours", "in_title", "neighbour_bm25_share"),
    "type": ("type_carried", "type_tied", "type_lacking"),
    "dates": ("date_agrees", "date_disagrees", "month_agrees"),
    "position": ("headline", "first_sentence", "first_paragraph", "depth", "restates_title", "length"),
    "names": ("names_apart", "names_only", "speaker"),
}
FEATURE_NAMES: tuple[str, ...] = tuple(name for names in FEATURE_GROUPS.values() for name in names)


@dataclass(frozen=True, slots=True)
class QuestionView:
    """What the features need of a question, read once for all its candidates."""

    question: AnalyzedQuestion
    weights: tuple[float, ...]  # per group, aligned with question.groups
    total: float  # the weight to cover: required groups plus unknown words
    unknown_weight: float
    qtype: str | None
    dates: DateFilter
    anchors: frozenset[str]
    optional: frozenset[str]  # groups that count only where matched (dates, cue words)
    best_bm25: float


def group_weights(question: AnalyzedQuestion, idf: dict[str, float]) -> list[float]:
    """A question word weighs the mean idf of its alternatives (by their weights): a word
    with one rare translation among common ones is not made rare by it."""
    weights = []
    for group in question.groups:
        total = sum(weight for weight, _ in group.alternatives)
        mass = sum(weight * sum(idf.get(t, 0.0) for t in terms) for weight, terms in group.alternatives)
        weights.append(mass / total if total else 0.0)
    return weights


def view_question(
    question: AnalyzedQuestion, idf: dict[str, float], candidates: Sequence[Candidate], features: Features = Features()
) -> QuestionView:
    weights = group_weights(question, idf)
    qtype = question_type(question) if features.types else None
    dates = question_dates(question) if features.dates else DateFilter()
    if qtype == "count":
        anchors = frozenset(counted_terms(question))
    else:
        anchors = frozenset(question.terms & TIME_RELATIONS) if qtype == "when" else frozenset()
    # Years and months are weighed against the article's date, and cue words
    # ("penyebab", "date") say what kind of answer is wanted: a sentence that answers
    # need not repeat either.
    cues = CUE_WORDS.get(qtype, frozenset()) if qtype else frozenset()
    optional = frozenset(g.source for g in question.groups if DATE_WORD.fullmatch(g.source) or g.source in cues)
    required = [w for g, w in zip(question.groups, weights) if g.source not in optional]
    unknown_weight = UNKNOWN_SHARE * (sum(required) / len(required)) if required else 0.0
    total = sum(required) + unknown_weight * len(question.unknown)
    best = max((c.bm25 for c in candidates), default=0.0)
    return QuestionView(question, tuple(weights), total, unknown_weight, qtype, dates, anchors, optional, best)


def _in(group: TermGroup, terms: set[str]) -> bool:
    return any(all(t in terms for t in alternative) for _, alternative in group.alternatives)


def candidate_features(view: QuestionView, candidate: Candidate) -> dict[str, float]:
    """The candidate's features, by name (every name of FEATURE_NAMES)."""
    q = view.question
    total = view.total or 1.0
    in_sentence = in_neighbours = in_leaning = in_title = 0.0
    words_in_sentence = 0
    leaning = leans_on_previous(candidate.text)
    for group, weight in zip(q.groups, view.weights):
        if _in(group, candidate.terms):
            in_sentence += weight
            words_in_sentence += 1
        elif group.source in view.optional:
            continue
        elif _in(group, candidate.context_terms):
            if leaning:
                in_leaning += weight
            else:
                in_neighbours += weight
        elif _in(group, candidate.title_terms):
            in_title += weight
    in_sentence = min(1.0, in_sentence / total)
    matched = in_sentence + (in_neighbours + in_leaning + in_title) / total
    candidate.coverage = min(1.0, matched)

    qtype = view.qtype
    checked = qtype is not None and not candidate.is_title  # headlines are terse and title-cased
    carries = checked and carries_answer_type(qtype, candidate.text)
    tied = False
    if carries and view.anchors:
        if qtype == "count":
            tied = counts_the_thing(index_terms(DATES_AND_TIMES.sub(" ", candidate.text)), set(view.anchors))
        elif qtype == "when":
            tied = dates_the_relation(index_terms(candidate.text), set(view.anchors))

    agrees, disagrees, month = _date_agreement(view.dates, candidate)
    names = q.name_groups
    apart = sum(1 for g in names if g.source not in (candidate.names_near if g.literal else candidate.names_in_article))
    best = view.best_bm25 or 1.0
    return {
        "bm25_share": candidate.bm25 / best,
        "bm25_per_weight": candidate.bm25 / total,
        "in_sentence": in_sentence,
        "words_in_sentence": words_in_sentence / len(q.groups) if q.groups else 0.0,
        "unmatched": max(0.0, 1.0 - matched),
        "unknown": view.unknown_weight * len(q.unknown) / total,
        "in_neighbours": in_neighbours / total,
        "in_leaning_neighbours": in_leaning / total,
        "in_title": in_title / total,
        "neighbour_bm25_share": candidate.context_bm25 / best,
        "type_carried": float(carries),
        "type_tied": float(tied),
        "type_lacking": float(checked and not carries),
        "date_agrees": agrees,
        "date_disagrees": disagrees,
        "month_agrees": month,
        "headline": float(candidate.is_title),
        "first_sentence": float(candidate.is_lead),
        "first_paragraph": float(candidate.paragraph == 0 and not candidate.is_title and not candidate.is_lead),
        "depth": min(max(candidate.position, 0), DEEP_POSITION) / DEEP_POSITION,
        # A sentence that restates the headline sums up the story (a standfirst, a
        # dateline lead); it shares words with any question about the story.
        "restates_title": candidate.title_overlap,
        # Long sentences share more words by chance; BM25's length norm only halves that.
        "length": min(candidate.n_terms, LONG_SENTENCE) / LONG_SENTENCE,
        "names_apart": apart / len(names) if names else 0.0,
        "names_only": float(qtype not in CIRCUMSTANCE_TYPES and not _beyond_names(view, candidate)),
        "speaker": float(qtype == "speech" and speaker_named(candidate.text, candidate.terms, names)),
    }


def _date_agreement(dates: DateFilter, candidate: Candidate) -> tuple[float, float, float]:
    """(agrees, disagrees, month agrees): the question's year against the article's date
    or a year the sentence names; its month against the article's month."""
    if not dates.years and not dates.months:
        return 0.0, 0.0, 0.0
    year, month = int(candidate.published[:4]), int(candidate.published[5:7] or 0)
    month_agrees = float(bool(dates.months) and month in dates.months)
    if not dates.years:
        return 0.0, 0.0, month_agrees
    agrees = year in dates.years or bool({str(y) for y in dates.years} & candidate.terms)
    return float(agrees), float(not agrees), month_agrees if agrees else 0.0


def _beyond_names(view: QuestionView, candidate: Candidate) -> bool:
    """The sentence (or what it continues) shares with the question something besides
    its names: one that only mentions the same people says nothing about what was asked."""
    names = {group.source for group in view.question.name_groups} | view.optional
    asked = [group for group in view.question.groups if group.source not in names]
    seen = candidate.terms | candidate.context_terms
    return not asked or any(_in(group, seen) for group in asked)


def vector(features: dict[str, float]) -> list[float]:
    return [features[name] for name in FEATURE_NAMES]


def is_finite(values: Sequence[float]) -> bool:
    return all(math.isfinite(v) for v in values)
