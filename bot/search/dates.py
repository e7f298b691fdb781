"""Dates in questions against article dates: "in October 2023" rules out a 2025 article
about the same leaders."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.search.question import AnalyzedQuestion
from bot.text.wordlists import MONTH_NUMBER

DATE_WORD = re.compile(rf"(19|20)\d\d|{'|'.join(MONTH_NUMBER)}")


@dataclass(frozen=True, slots=True)
class DateFilter:
    years: frozenset[int] = frozenset()
    months: frozenset[int] = frozenset()


def question_dates(question: AnalyzedQuestion) -> DateFilter:
    years = {int(t) for t in question.tokens if re.fullmatch(r"(19|20)\d\d", t)}
    months = {
        MONTH_NUMBER[t] for position, t in enumerate(question.tokens) if _names_a_month(question.tokens, position)
    }
    return DateFilter(frozenset(years), frozenset(months))


# Month names that are also everyday words ("may", "mar", "jun") name a month only next
# to a number: "May 2024", "5 May".
AMBIGUOUS_MONTHS = frozenset(m for m in MONTH_NUMBER if len(m) <= 3 and m != "mei")


def _names_a_month(tokens: Sequence[str], position: int) -> bool:
    token = tokens[position]
    if token not in MONTH_NUMBER:
        return False
    if token not in AMBIGUOUS_MONTHS:
        return True
    around = [*tokens[max(0, position - 1) : position], *tokens[position + 1 : position + 2]]
    return any(t[:1].isdigit() for t in around)
