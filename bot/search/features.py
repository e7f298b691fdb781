"""What the re-ranker knows about a candidate sentence, as numbers.

Each feature is a function of the question (read once per question into a
`QuestionView`) and of a `Candidate`'s fields only: its terms, its neighbours' and its
title's terms, its position, its BM25 and its neighbour's BM25. Where those fields come
from (re-analysed text, a forward index) does not matter here.

The features are combined by weights fitted on development questions
(`tools/fit_ranking.py`, see `bot/search/weights.py`); none of them is a rule of its own
but those in RULES, which are not weighed. Each stands for a fact of news writing or of the
question's language:

- BM25, and its share of the best candidate's: how much of the question the sentence
  shares, against the other sentences of the corpus; and its article's best share: how
  well the story it belongs to answers, against the best story.
- Where the question's weight (idf of its words) is matched: in the sentence itself, only
  in its paragraph neighbours (a sentence continues its neighbour, more so when it
  points back at it: "Keputusan tersebut …"), only in its article's title.
- What the neighbour lends: the better neighbour's BM25, which a sentence may or may not
  continue. Its weight is fitted, not assumed, overall and per type asked.
- Answer type: "when" wants a date, "how many" a number, "why" a reason, "who" a name,
  "what did X say" reported speech; whether the sentence carries one (a reason: a cause,
  or only a purpose), and whether it is tied to what is asked (a number before the thing
  counted); whether the thing a count question counts is named at all (a rule: a
  sentence that names it nowhere near counts something else); whether a speech question's
  sentence reports speech at all (a rule).
- Dates: the question's year or month against the article's date and the sentence's, and
  whether any candidate is of that date at all (a rule: if none is, nothing answers);
  whether the sentence tells of another period in an article of another date (a rule).
- Position: headlines restate the topic; a standfirst (the summary under the headline)
  and the body's lead (its first paragraph after the dateline, naming the story's who,
  what, when and where) sum up the story, and share words with any question about it.
- Names: whether every name of the question stands near the sentence, and in its
  article at all (a story that never names one of the people asked about is about
  something else; one naming none of them is, as a rule), whether the sentence shares
  anything besides those names, whether the question's person is the one speaking.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import simplemma

from bot.search.dates import DATE_WORD, DateFilter, question_dates, sentence_dates
from bot.search.options import Parts
from bot.search.qtypes import (
    CIRCUMSTANCE_TYPES,
    CUE_WORDS,
    NOT_COUNTS,
    TIME_RELATIONS,
    asks_yes_or_no,
    counted_terms,
    counts_the_thing,
    counts_things,
    dates_the_relation,
    question_type,
)
from bot.search.question import AnalyzedQuestion, TermGroup
from bot.text.markers import (
    CAUSE_FLAG,
    DENIAL_FLAG,
    LEANS_FLAG,
    NOT_COUNTS_FLAG,
    PERIOD_FLAG,
    SHARES_FLAG,
    TYPE_FLAGS,
    text_flags,
)
from bot.text.normalize import normalize
from bot.text.terms import index_terms

# Weight of a question word the index holds no term for, relative to an average word:
# the corpus may word it differently, so it counts against every candidate, partly.
UNKNOWN_SHARE = 0.5
# Answer types a headline is checked for: those marked by digits and connectives
# ("BI Pangkas Suku Bunga Jadi 5,75 Persen"); names and places are read from capitals,
# which a title-cased headline has on every word.
HEADLINE_TYPES = frozenset({"count", "when", "why"})
# "How many people", "berapa warga Semarang": news counts people by what they are
# (anggota, korban, pekerja), or by the number alone ("lima tewas"), seldom as "orang"; a
# question counting them names no thing a sentence must repeat.
GENERIC_COUNTED = frozenset({"orang", "people", "warga", "masyarakat", "rakyat", "pihak"})
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
    # gives only those that matter here (the question's terms, the years it names and
    # the terms a count question counts (`counted_terms`), read from the forward index),
    # so test membership of those terms, never size:
    # n_terms and title_overlap say what the whole term sets would.
    terms: set[str]
    context_terms: set[str]  # neighbouring sentences in the same paragraph
    title_terms: set[str]
    published: str
    is_title: bool = False
    is_lead: bool = False  # the first sentence of the body's lead (after any standfirst)
    context_bm25: float = 0.0  # BM25 of the better-matching neighbour in the paragraph
    # Names of the question (group sources) standing near the sentence (in it, its
    # neighbours, its article's title or first sentence), and anywhere in its article.
    names_near: frozenset[str] = frozenset()
    names_in_article: frozenset[str] = frozenset()
    position: int = 0  # sentence number in the article (-1 the title)
    paragraph: int = 0  # paragraph number in the article
    n_terms: int = 0  # distinct index terms of the sentence
    title_overlap: float = 0.0  # share of its article title's distinct terms the sentence holds
    # The sentence's markers (`bot.text.markers.text_flags`, written at build time); -1:
    # not known, read from the text.
    flags: int = -1
    # The paragraph of its article's lead: those before it are the standfirst.
    lead_paragraph: int = 0
    # Its article, as a number the candidates of one question share with no other article.
    article_key: int = -1
    score: float = 0.0
    coverage: float = 0.0
    features: Mapping[str, float] = field(default_factory=dict)

    def index_terms(self) -> list[str]:
        """The sentence's index terms in text order (`index_terms` of its text)."""
        return index_terms(self.text)


# Feature names in a fixed order, grouped for ablation (each group switched off in turn).
FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "bm25": ("bm25_share", "bm25_per_weight", "article_share"),
    "coverage": ("in_sentence", "words_in_sentence", "unmatched", "unknown"),
    # What the neighbour lends, once for every type and once for the type asked: a quote
    # continues the sentence naming its speaker ("…," ujarnya), while a name asked for
    # or a number stands in the answering sentence itself.
    "context": (
        "in_neighbours",
        "in_leaning_neighbours",
        "in_title",
        "neighbour_bm25_share",
        *(f"lends_{qtype}" for qtype in TYPE_FLAGS),
    ),
    # A sentence lacking the type, once for every type and once for its own type: the
    # markers of some types are surer than others' (a "how many" answer without any
    # number is rare; a place may be named without "di"), and the penalty keeps the
    # per-type weights near the shared one unless the questions say otherwise. A yes/no
    # question's answer may be a denial (`denies`).
    "type": (
        "type_carried",
        "cause_given",
        "denies",
        "type_tied",
        "type_lacking",
        *(f"lacks_{qtype}" for qtype in TYPE_FLAGS),
        "counted_unmet",
        "speech_unmet",
    ),
    "dates": (
        "date_agrees",
        "date_disagrees",
        "month_agrees",
        "month_disagrees",
        "names_other_date",
        "date_unmet",
        "dated_elsewhere",
    ),
    "position": (
        "headline",
        "standfirst",
        "first_sentence",
        "first_paragraph",
        "depth",
        "restates_title",
        "length",
    ),
    "names": ("names_apart", "names_absent", "names_only", "speaker", "names_unmet"),
}
FEATURE_NAMES: tuple[str, ...] = tuple(name for names in FEATURE_GROUPS.values() for name in names)
# Features that decide alone, unweighted: a candidate that has one cannot answer, and where
# none is left, nothing does. A question dated to a year or month no candidate is of asks
# about an event the corpus does not report (as one naming a person it never mentions
# does): every candidate has `date_unmet`. A sentence that names the thing a count question
# counts neither in itself nor in its neighbours ("berapa gaji pokok anggota DPR" against
# "tunjangan perumahan Rp 50 juta per bulan") gives a number of something else. A question
# asking what someone said is answered by a sentence that reports speech (a quote, "kata X",
# "menurut X", a reporting verb); one that only says where the speaker was or what happened
# reports nothing said (headlines are not checked: they drop the reporting verb; nor is a
# sentence continuing the one before, which may go on with what was said).
# A sentence that names only other dates, one of them a period ("pada 2024", not a day: a
# statement is dated to the day it was made), in an article of another year or month than
# the one the question surely names, reports another event of the story ("Pada 2024, …" in
# a 2024 article asked about 2023): `dated_elsewhere`. A question naming people, places or
# bodies is about a story that names at least one of them: a sentence whose article names
# none is about something else (`names_unmet`; one name absent is only weighed,
# `names_absent`: "Indonesia's minister" is answered by a story naming only the ministry).
RULES: tuple[str, ...] = ("date_unmet", "counted_unmet", "speech_unmet", "dated_elsewhere", "names_unmet")


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
    counted: frozenset[str]  # what a count question demands of a sentence (its rule)
    optional: frozenset[str]  # groups that count only where matched (dates, cue words)
    best_bm25: float
    # Whether names that never meet the question's story mean "not found" (`Parts.names`).
    names_decide: bool = True
    # Whether a count question asks how many things there are (`counts_things`).
    things_counted: bool = False
    # Whether it asks whether something is so (`asks_yes_or_no`).
    yes_or_no: bool = False


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
    question: AnalyzedQuestion, idf: dict[str, float], candidates: Sequence[Candidate], parts: Parts = Parts()
) -> QuestionView:
    weights = group_weights(question, idf)
    qtype = question_type(question) if parts.types else None
    dates = question_dates(question) if parts.dates else DateFilter()
    counted: frozenset[str] = frozenset()
    if qtype == "count":
        anchors = frozenset(counted_terms(question))
        # People are counted by what they are: a question counting them demands no word.
        counted = anchors if anchors.isdisjoint(GENERIC_COUNTED) else frozenset()
    else:
        anchors = frozenset(question.terms & TIME_RELATIONS) if qtype == "when" else frozenset()
    # Years and months are weighed against the article's date, and cue words
    # ("penyebab", "date") say what kind of answer is wanted: a sentence that answers
    # need not repeat either.
    cues = CUE_WORDS.get(qtype, frozenset()) if qtype else frozenset()
    optional = frozenset(
        g.source
        for g in question.groups
        if DATE_WORD.fullmatch(g.source) or g.source in cues or g.source in dates.relative_words
    )
    required = [w for g, w in zip(question.groups, weights) if g.source not in optional]
    unknown_weight = UNKNOWN_SHARE * (sum(required) / len(required)) if required else 0.0
    total = sum(required) + unknown_weight * len(question.unknown)
    best = max((c.bm25 for c in candidates), default=0.0)
    return QuestionView(
        question,
        tuple(weights),
        total,
        unknown_weight,
        qtype,
        dates,
        anchors,
        counted,
        optional,
        best,
        parts.names,
        qtype == "count" and counts_things(question),
        qtype is None and parts.types and asks_yes_or_no(question),
    )


class FeatureRow(Mapping[str, float]):
    """One candidate's features, by name (every name of FEATURE_NAMES, in that order): a
    row of the matrix `feature_matrix` computed for all candidates of a question."""

    __slots__ = ("matrix", "row")

    def __init__(self, matrix: np.ndarray, row: int) -> None:
        self.matrix = matrix
        self.row = row

    def __getitem__(self, name: str) -> float:
        return float(self.matrix[self.row, FEATURE_INDEX[name]])

    def __iter__(self) -> Iterator[str]:
        return iter(FEATURE_NAMES)

    def __len__(self) -> int:
        return len(FEATURE_NAMES)

    def __repr__(self) -> str:
        return repr(dict(self))


FEATURE_INDEX = {name: number for number, name in enumerate(FEATURE_NAMES)}


def _term_matrix(vocabulary: dict[str, int], sets: Sequence[set[str] | frozenset[str]]) -> np.ndarray:
    """(sets × question terms) booleans: which of the question's terms (`vocabulary`:
    term → column) each set holds."""
    out = np.zeros((len(sets), len(vocabulary)), dtype=bool)
    items = list(vocabulary.items())
    rows: list[int] = []
    columns: list[int] = []
    for row, terms in enumerate(sets):
        if not terms:
            continue
        if len(terms) <= len(items):
            held = [vocabulary[t] for t in terms if t in vocabulary]
        else:
            held = [column for t, column in items if t in terms]
        rows.extend([row] * len(held))
        columns.extend(held)
    out[rows, columns] = True
    return out


def _held(groups: Sequence[TermGroup], vocabulary: dict[str, int], terms: np.ndarray) -> np.ndarray:
    """(sets × groups) booleans: whether each set holds each group (all the terms of one of its alternatives), from
    the sets' `_term_matrix`."""
    held = np.zeros((len(terms), len(groups)), dtype=bool)
    for column, group in enumerate(groups):
        for _, alternative in group.alternatives:
            held[:, column] |= terms[:, [vocabulary[t] for t in alternative]].all(axis=1)
    return held


def question_vocabulary(question: AnalyzedQuestion) -> dict[str, int]:
    """The terms of the question's groups, each with its column in the (candidates ×
    terms) matrices `feature_matrix` takes."""
    vocabulary: dict[str, int] = {}
    for group in question.groups:
        for _, alternative in group.alternatives:
            for term in alternative:
                vocabulary.setdefault(term, len(vocabulary))
    return vocabulary


def feature_matrix(
    view: QuestionView,
    candidates: Sequence[Candidate],
    held: tuple[np.ndarray, ...] | None = None,
    columns: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Every candidate's features at once: a (candidates × FEATURE_NAMES) matrix, each
    value the same float the per-candidate definition gives (sums are taken in the same
    order), and each candidate's `coverage` set.

    Which question words a candidate, its neighbours and its title hold is a (candidates
    × groups) boolean matrix; answer-type markers come from the flags the index wrote at
    build time (from the text only where a candidate has none).

    `held`, if given: which of the terms (`question_vocabulary`) each candidate's
    .terms, .context_terms and .title_terms hold, as three (candidates × terms) boolean
    matrices (the engine reads them from the forward index); else read from the sets.
    `columns`, if given: candidate fields (bm25, position, flags …) as arrays, each equal
    to the candidates' own; the others are read from the candidates.
    """
    q = view.question
    n = len(candidates)
    out = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
    if not n:
        return out
    total = view.total or 1.0
    groups = q.groups
    vocabulary = question_vocabulary(q)
    if held is None:
        held = tuple(
            _term_matrix(vocabulary, [getattr(c, name) for c in candidates])
            for name in ("terms", "context_terms", "title_terms")
        )
    sentence_terms, context_terms, _ = held
    in_s, in_c, in_t = np.split(_held(groups, vocabulary, np.concatenate(held)), 3)
    given = columns or {}

    def field_of(name: str, dtype: type) -> np.ndarray:
        if name in given:
            return given[name]
        return np.fromiter((getattr(c, name) for c in candidates), dtype, n)

    if "flags" in given:
        flags = given["flags"]
    else:
        flags = np.fromiter((c.flags if c.flags >= 0 else text_flags(c.text) for c in candidates), np.int64, n)
    is_title = field_of("is_title", bool)
    leaning = (flags & LEANS_FLAG) != 0

    zero = np.zeros(n)
    in_sentence, in_neighbours, in_leaning, in_title = zero, zero, zero, zero
    for column, (group, weight) in enumerate(zip(groups, view.weights)):
        here = in_s[:, column]
        in_sentence = in_sentence + np.where(here, weight, 0.0)
        if group.source in view.optional:
            continue
        near = ~here & in_c[:, column]
        in_leaning = in_leaning + np.where(near & leaning, weight, 0.0)
        in_neighbours = in_neighbours + np.where(near & ~leaning, weight, 0.0)
        in_title = in_title + np.where(~here & ~in_c[:, column] & in_t[:, column], weight, 0.0)
    words_in_sentence = in_s.sum(axis=1)
    in_sentence = np.minimum(1.0, in_sentence / total)
    matched = in_sentence + (in_neighbours + in_leaning + in_title) / total
    coverage = np.minimum(1.0, matched)
    for candidate, value in zip(candidates, coverage.tolist()):
        candidate.coverage = value

    qtype = view.qtype
    if qtype is None:
        checked = np.zeros(n, dtype=bool)
    else:
        checked = np.ones(n, dtype=bool) if qtype in HEADLINE_TYPES else ~is_title
    carries = checked & ((flags & TYPE_FLAGS.get(qtype or "", 0)) != 0)
    if view.things_counted:  # a share says by what part, not how many (SHARES_FLAG)
        carries &= (flags & SHARES_FLAG) == 0
    tied = np.zeros(n, dtype=bool)
    if view.anchors and qtype in ("count", "when"):
        anchors = set(view.anchors)
        for row in carries.nonzero()[0].tolist():
            candidate = candidates[row]
            if qtype == "count":
                if anchors.isdisjoint(candidate.terms):
                    continue  # none of the counted terms: nothing is counted
                # Without numbers that count nothing to take out, its terms are its own.
                if flags[row] & NOT_COUNTS_FLAG:
                    terms = index_terms(NOT_COUNTS.sub(" ", candidate.text))
                else:
                    terms = candidate.index_terms()
                tied[row] = counts_the_thing(terms, anchors)
            else:
                tied[row] = dates_the_relation(candidate.index_terms(), anchors)

    best = view.best_bm25 or 1.0
    bm25 = field_of("bm25", np.float64)
    position = field_of("position", np.int64)
    paragraph = field_of("paragraph", np.int64)
    is_lead = field_of("is_lead", bool)
    lead_paragraph = field_of("lead_paragraph", np.int64)
    at = FEATURE_INDEX
    out[:, at["bm25_share"]] = bm25 / best
    out[:, at["bm25_per_weight"]] = bm25 / total
    # How well the sentence's article answers at its best, against the best article's.
    articles, which = np.unique(field_of("article_key", np.int64), return_inverse=True)
    article_best = np.zeros(len(articles))
    np.maximum.at(article_best, which, bm25)
    out[:, at["article_share"]] = article_best[which] / best
    out[:, at["in_sentence"]] = in_sentence
    out[:, at["words_in_sentence"]] = words_in_sentence / len(groups) if groups else 0.0
    out[:, at["unmatched"]] = np.maximum(0.0, 1.0 - matched)
    out[:, at["unknown"]] = view.unknown_weight * len(q.unknown) / total
    out[:, at["in_neighbours"]] = in_neighbours / total
    out[:, at["in_leaning_neighbours"]] = in_leaning / total
    out[:, at["in_title"]] = in_title / total
    out[:, at["neighbour_bm25_share"]] = field_of("context_bm25", np.float64) / best
    if qtype is not None:
        out[:, at[f"lends_{qtype}"]] = out[:, at["neighbour_bm25_share"]]
    out[:, at["type_carried"]] = carries
    if qtype == "why":  # a connective of cause, not only of purpose ("untuk" is also "for")
        out[:, at["cause_given"]] = carries & ((flags & CAUSE_FLAG) != 0)
    out[:, at["type_tied"]] = tied
    if view.yes_or_no:  # it happened, or it did not (DENIAL_FLAG)
        out[:, at["denies"]] = (flags & DENIAL_FLAG) != 0
    if view.counted:  # see RULES
        counted = view.counted
        out[:, at["counted_unmet"]] = [
            counted.isdisjoint(c.terms) and counted.isdisjoint(c.context_terms) for c in candidates
        ]
    out[:, at["type_lacking"]] = checked & ~carries
    if qtype is not None:
        out[:, at[f"lacks_{qtype}"]] = out[:, at["type_lacking"]]
    if qtype == "speech":  # see RULES; a sentence continuing the one before may go on with what was said
        out[:, at["speech_unmet"]] = (out[:, at["type_lacking"]] > 0) & ~leaning
    if view.dates.years or view.dates.months:
        agreement = [_date_agreement(view.dates, c) for c in candidates]
        out[:, at["date_agrees"] : at["names_other_date"] + 1] = agreement
        # No candidate is of the year or month surely asked (nor names it without naming
        # another): the corpus holds other events of the story, not that one (see RULES).
        met = (out[:, at["date_agrees"]] > 0) | (not view.dates.years)
        met &= (out[:, at["month_disagrees"]] == 0) & (out[:, at["names_other_date"]] == 0)
        out[:, at["date_unmet"]] = float(view.dates.marked and not met.any())
        if view.dates.marked:
            elsewhere = (out[:, at["date_disagrees"]] > 0) | (out[:, at["month_disagrees"]] > 0)
            elsewhere &= out[:, at["names_other_date"]] > 0
            out[:, at["dated_elsewhere"]] = elsewhere & ((flags & PERIOD_FLAG) != 0)
    out[:, at["headline"]] = is_title
    out[:, at["standfirst"]] = (paragraph < lead_paragraph) & ~is_title
    out[:, at["first_sentence"]] = is_lead
    out[:, at["first_paragraph"]] = (paragraph == lead_paragraph) & ~is_title & ~is_lead
    out[:, at["depth"]] = np.minimum(np.maximum(position, 0), DEEP_POSITION) / DEEP_POSITION
    out[:, at["restates_title"]] = field_of("title_overlap", np.float64)
    n_terms = field_of("n_terms", np.int64)
    out[:, at["length"]] = np.minimum(n_terms, LONG_SENTENCE) / LONG_SENTENCE

    name_columns = [number for number, group in enumerate(groups) if _is_name(q, group)]
    if name_columns:
        apart = np.zeros(n, dtype=np.int64)
        absent = np.zeros(n, dtype=np.int64)
        # Each candidate's name sets read once (candidates share a few distinct sets).
        in_article = [c.names_in_article for c in candidates]
        near = [c.names_near for c in candidates] if any(groups[i].literal for i in name_columns) else []
        persons = _persons(q, name_columns)
        for person in persons:
            # News names a person again by one part of the name ("Affan" for Affan Kurniawan):
            # the person stands where any part does.
            elsewhere = np.ones(n, dtype=bool)
            away = np.ones(n, dtype=bool)
            for number in person:
                group = groups[number]
                missing = np.fromiter((group.source not in names for names in in_article), bool, n)
                elsewhere &= missing
                away &= (
                    np.fromiter((group.source not in names for names in near), bool, n) if group.literal else missing
                )
            absent += elsewhere
            if not all(groups[number].source in q.modifiers for number in person):
                apart += away
        out[:, at["names_apart"]] = apart / len(persons)
        out[:, at["names_absent"]] = absent / len(persons)
        if view.names_decide:  # see RULES
            out[:, at["names_unmet"]] = absent == len(persons)
    if qtype not in CIRCUMSTANCE_TYPES:
        skipped = {groups[number].source for number in name_columns} | view.optional
        asked = [number for number, group in enumerate(groups) if group.source not in skipped]
        if asked:
            seen = _held([groups[a] for a in asked], vocabulary, sentence_terms | context_terms)
            out[:, at["names_only"]] = ~seen.any(axis=1)
    if qtype == "speech" and name_columns:
        speech = (flags & TYPE_FLAGS["speech"]) != 0
        out[:, at["speaker"]] = speech & in_s[:, name_columns].any(axis=1)
    return out


def _persons(question: AnalyzedQuestion, name_columns: Sequence[int]) -> list[list[int]]:
    """The question's name groups, a person's name written in several words ("Affan
    Kurniawan") taken together as one. Only plain names join: words written as they stand
    in the index, no word of the language ("Presiden Prabowo", "Jawa Tengah" stay apart: a
    title or a common word is no part standing for the person), next to each other with
    nothing between them ("Prabowo, Jokowi" are two)."""
    text = normalize(question.text)
    persons: list[list[int]] = []
    previous: TermGroup | None = None
    for number in name_columns:
        group = question.groups[number]
        if (
            previous is not None
            and _plain_name(previous)
            and _plain_name(group)
            and re.search(rf"\b{re.escape(previous.source)}\s+{re.escape(group.source)}\b", text)
        ):
            persons[-1].append(number)
        else:
            persons.append([number])
        previous = group
    return persons


def _plain_name(group: TermGroup) -> bool:
    """A name written as the index holds it, and no word of the language."""
    return (
        group.literal
        and group.alternatives == ((1.0, (group.source,)),)
        and not simplemma.is_known(group.source, lang="id")
    )


def _is_name(question: AnalyzedQuestion, group: TermGroup) -> bool:
    """Whether `group` is one of `question.name_groups`."""
    return set(group.source.split()) <= set(question.names)


def _date_agreement(dates: DateFilter, candidate: Candidate) -> tuple[float, float, float, float, float]:
    """(agrees, disagrees, month agrees, month disagrees, names another date): the
    question's year against the article's date or a year the sentence names; its month
    against the article's month where the sentence names none of the question's months;
    whether the sentence names months or years, none of them the question's ("Banjir
    serupa melanda kota itu pada Januari 2023" asked about October: an earlier event of
    the same story)."""
    if not dates.years and not dates.months:
        return 0.0, 0.0, 0.0, 0.0, 0.0
    year, month = int(candidate.published[:4]), int(candidate.published[5:7] or 0)
    months, years = sentence_dates(dates, candidate.terms)
    month_agrees = float(bool(dates.months) and month in dates.months)
    month_disagrees = float(bool(dates.months) and month not in dates.months and months.isdisjoint(dates.months))
    other = (bool(dates.months) and bool(months) and months.isdisjoint(dates.months)) or (
        bool(dates.years) and bool(years) and years.isdisjoint(dates.years)
    )
    if not dates.years:
        return 0.0, 0.0, month_agrees, month_disagrees, float(other)
    agrees = year in dates.years or bool(years & dates.years)
    return float(agrees), float(not agrees), month_agrees if agrees else 0.0, month_disagrees, float(other)
