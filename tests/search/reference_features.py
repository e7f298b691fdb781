"""The re-ranker's features computed candidate by candidate, as they were defined before
they were computed for all candidates at once (`bot.search.features.feature_matrix`):
kept only here, as the reference the matrix must equal value for value."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import simplemma

from bot.search.features import (
    DEEP_POSITION,
    HEADLINE_TYPES,
    LONG_SENTENCE,
    Candidate,
    QuestionView,
    _date_agreement,
)
from bot.search.qtypes import (
    CIRCUMSTANCE_TYPES,
    NOT_COUNTS,
    carries_answer_type,
    counts_the_thing,
    dates_the_relation,
    speaker_named,
)
from bot.search.question import AnalyzedQuestion, TermGroup
from bot.text.markers import CAUSE_WORDS, TYPE_FLAGS, denies, names_a_period, shares_only
from bot.text.normalize import normalize
from bot.text.sentences import leans_on_previous
from bot.text.terms import index_terms


def article_bests(candidates: Sequence[Candidate]) -> dict[int, float]:
    """Per article (`Candidate.article_key`): the best BM25 of its candidates."""
    best: dict[int, float] = {}
    for candidate in candidates:
        best[candidate.article_key] = max(best.get(candidate.article_key, 0.0), candidate.bm25)
    return best


def date_unmet(view: QuestionView, candidates: Sequence[Candidate]) -> bool:
    """The question names a year or month no candidate is of (nor names it without
    naming another)."""
    if not view.dates.marked or (not view.dates.years and not view.dates.months):
        return False
    for candidate in candidates:
        agrees, _, _, month_disagrees, other = _date_agreement(view.dates, candidate)
        if (agrees or not view.dates.years) and not month_disagrees and not other:
            return False
    return True


def candidate_features(
    view: QuestionView, candidate: Candidate, article_best: Mapping[int, float], unmet: bool = False
) -> dict[str, float]:
    """The candidate's features, by name (every name of FEATURE_NAMES); `article_best`:
    `article_bests` of all the question's candidates; `unmet`: their `date_unmet`."""
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
    checked = qtype is not None and (qtype in HEADLINE_TYPES or not candidate.is_title)
    carries = checked and carries_answer_type(qtype, candidate.text)
    if view.things_counted:
        carries = carries and not shares_only(NOT_COUNTS.sub(" ", normalize(candidate.text)))
    tied = False
    if carries and view.anchors:
        if qtype == "count":
            tied = counts_the_thing(index_terms(NOT_COUNTS.sub(" ", candidate.text)), set(view.anchors))
        elif qtype == "when":
            tied = dates_the_relation(index_terms(candidate.text), set(view.anchors))

    counted = view.counted
    agrees, disagrees, month, month_disagrees, other_date = _date_agreement(view.dates, candidate)
    names = q.name_groups
    people = persons(q)
    apart = sum(
        1
        for person in people
        if all(g.source not in (candidate.names_near if g.literal else candidate.names_in_article) for g in person)
        and not all(g.source in q.modifiers for g in person)
    )
    absent = sum(1 for person in people if all(g.source not in candidate.names_in_article for g in person))
    best = view.best_bm25 or 1.0
    return {
        "bm25_share": candidate.bm25 / best,
        "bm25_per_weight": candidate.bm25 / total,
        "article_share": article_best[candidate.article_key] / best,
        "in_sentence": in_sentence,
        "words_in_sentence": words_in_sentence / len(q.groups) if q.groups else 0.0,
        "unmatched": max(0.0, 1.0 - matched),
        "unknown": view.unknown_weight * len(q.unknown) / total,
        "in_neighbours": in_neighbours / total,
        "in_leaning_neighbours": in_leaning / total,
        "in_title": in_title / total,
        "neighbour_bm25_share": candidate.context_bm25 / best,
        **{f"lends_{t}": candidate.context_bm25 / best if qtype == t else 0.0 for t in TYPE_FLAGS},
        "type_carried": float(carries),
        "type_tied": float(tied),
        "cause_given": float(qtype == "why" and carries and CAUSE_WORDS.search(normalize(candidate.text)) is not None),
        "denies": float(view.yes_or_no and denies(normalize(candidate.text))),
        "type_lacking": float(checked and not carries),
        "counted_unmet": float(
            bool(counted) and counted.isdisjoint(candidate.terms) and counted.isdisjoint(candidate.context_terms)
        ),
        **{f"lacks_{t}": float(checked and not carries and qtype == t) for t in TYPE_FLAGS},
        "speech_unmet": float(qtype == "speech" and checked and not carries and not leaning),
        "date_agrees": agrees,
        "date_disagrees": disagrees,
        "month_agrees": month,
        "month_disagrees": month_disagrees,
        "names_other_date": other_date,
        "date_unmet": float(unmet),
        "dated_elsewhere": float(
            view.dates.marked
            and (disagrees > 0 or month_disagrees > 0)
            and other_date > 0
            and names_a_period(normalize(candidate.text))
        ),
        "headline": float(candidate.is_title),
        "standfirst": float(candidate.paragraph < candidate.lead_paragraph and not candidate.is_title),
        "first_sentence": float(candidate.is_lead),
        "first_paragraph": float(
            candidate.paragraph == candidate.lead_paragraph and not candidate.is_title and not candidate.is_lead
        ),
        "depth": min(max(candidate.position, 0), DEEP_POSITION) / DEEP_POSITION,
        # A sentence that restates the headline sums up the story (a standfirst, a
        # dateline lead); it shares words with any question about the story.
        "restates_title": candidate.title_overlap,
        # Long sentences share more words by chance; BM25's length norm only halves that.
        "length": min(candidate.n_terms, LONG_SENTENCE) / LONG_SENTENCE,
        "names_apart": apart / len(people) if people else 0.0,
        "names_absent": absent / len(people) if people else 0.0,
        "names_unmet": float(view.names_decide and bool(people) and absent == len(people)),
        "names_only": float(qtype not in CIRCUMSTANCE_TYPES and not _beyond_names(view, candidate)),
        "speaker": float(qtype == "speech" and speaker_named(candidate.text, candidate.terms, names)),
    }


def _in(group: TermGroup, terms: set[str]) -> bool:
    return any(all(t in terms for t in alternative) for _, alternative in group.alternatives)


def _beyond_names(view: QuestionView, candidate: Candidate) -> bool:
    """The sentence (or what it continues) shares with the question something besides
    its names: one that only mentions the same people says nothing about what was asked."""
    names = {group.source for group in view.question.name_groups} | view.optional
    asked = [group for group in view.question.groups if group.source not in names]
    seen = candidate.terms | candidate.context_terms
    return not asked or any(_in(group, seen) for group in asked)


def persons(question: AnalyzedQuestion) -> list[list[TermGroup]]:
    """The question's names, a plain name written in several words taken as one: each
    word as the index holds it, no Indonesian word, only spaces between them."""
    spaced = " " + " ".join(re.findall(r"\w+|[^\w\s]", normalize(question.text))) + " "

    def plain(group: TermGroup) -> bool:
        return (
            group.literal
            and [terms for _, terms in group.alternatives] == [(group.source,)]
            and all(weight == 1.0 for weight, _ in group.alternatives)
            and not simplemma.is_known(group.source, lang="id")
        )

    people: list[list[TermGroup]] = []
    for group in question.name_groups:
        last = people[-1][-1] if people else None
        joined = last is not None and plain(last) and plain(group) and f" {last.source} {group.source} " in spaced
        if joined:
            people[-1].append(group)
        else:
            people.append([group])
    return people
