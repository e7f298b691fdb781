"""Dates in questions against article dates: "in October 2023" rules out a 2025 article
about the same leaders, and "last week" (asked today) one from last year.

Relative dates ("kemarin", "pekan lalu", "last month", "Januari lalu") are read against
the day the question is asked (`AnalyzedQuestion.today`) as the years and months they
cover; where that day is not known (evaluation questions carry none) they name no date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from bot.search.question import AnalyzedQuestion
from bot.text.normalize import normalize
from bot.text.wordlists import DATE_MARKERS, MONTH_NUMBER, MONTHS_ID, names_a_month

DATE_WORD = re.compile(rf"(19|20)\d\d|{'|'.join(MONTH_NUMBER)}")


@dataclass(frozen=True, slots=True)
class DateFilter:
    years: frozenset[int] = frozenset()
    months: frozenset[int] = frozenset()
    # The question's words that named a relative date ("pekan", "lalu"): a sentence that
    # answers need not repeat them, any more than it repeats the year.
    relative_words: frozenset[str] = frozenset()
    # Whether every date read is surely one (see `_marked`): only then may the absence of
    # any candidate of that date say that nothing answers.
    marked: bool = True


# The index writes every date a sentence names as a month name and a year ("(19/1/2025)" →
# januari, 2025): the terms that say which months and years a sentence speaks of.
MONTH_TERMS = {name: number for number, name in enumerate(MONTHS_ID, 1)}
# Years this far from the question's count as other years a sentence names (a sentence
# naming 1945 is history, not another event of the question's story).
YEAR_WINDOW = 25


def date_terms(dates: DateFilter) -> frozenset[str]:
    """The index terms that tell which of the question's months and years a sentence
    names, or which others: the month names, and the years near the question's."""
    terms = set(MONTH_TERMS) if dates.months else set()
    for year in dates.years:
        terms.update(str(y) for y in range(year - YEAR_WINDOW, year + YEAR_WINDOW + 1))
    return frozenset(terms)


def sentence_dates(dates: DateFilter, terms: set[str] | frozenset[str]) -> tuple[set[int], set[int]]:
    """The months and the years (among `date_terms(dates)`) a sentence's terms name."""
    months = {MONTH_TERMS[t] for t in terms if t in MONTH_TERMS}
    years = {int(t) for t in terms if len(t) == 4 and t.isdigit()}
    near = {y for y in years if any(abs(y - asked) <= YEAR_WINDOW for asked in dates.years)}
    return months, near


# Indonesian news is dated in Western Indonesia Time (UTC+7, no daylight saving): "kemarin"
# asked at 01:00 in Jakarta is the day before there, whatever the server's clock says.
NEWS_TIME = timezone(timedelta(hours=7), "WIB")


def news_today(now: datetime | None = None) -> date:
    """Today in the news' time zone."""
    return (now or datetime.now(UTC)).astimezone(NEWS_TIME).date()


# (words, unit, offset): the period the words name, counted back from the day asked.
RELATIVE_DATES: tuple[tuple[tuple[str, ...], str, int], ...] = (
    (("hari", "ini"), "day", 0),
    (("today",), "day", 0),
    (("kemarin",), "day", -1),
    (("yesterday",), "day", -1),
    (("minggu", "ini"), "week", 0),
    (("pekan", "ini"), "week", 0),
    (("this", "week"), "week", 0),
    (("minggu", "lalu"), "week", -1),
    (("pekan", "lalu"), "week", -1),
    (("last", "week"), "week", -1),
    (("bulan", "ini"), "month", 0),
    (("this", "month"), "month", 0),
    (("bulan", "lalu"), "month", -1),
    (("last", "month"), "month", -1),
    (("tahun", "ini"), "year", 0),
    (("this", "year"), "year", 0),
    (("tahun", "lalu"), "year", -1),
    (("last", "year"), "year", -1),
)
# Words that make a month name the last one before today: "Januari lalu", "Januari
# kemarin" (right after it), "last January" (right before it).
LAST_AFTER = frozenset({"lalu", "kemarin"})
LAST_BEFORE = frozenset({"last"})
# "N units ago": "tiga minggu lalu", "dua tahun yang lalu", "two years ago", "sebulan lalu".
UNITS = {
    "hari": "day", "day": "day", "days": "day",
    "minggu": "week", "pekan": "week", "week": "week", "weeks": "week",
    "bulan": "month", "month": "month", "months": "month",
    "tahun": "year", "year": "year", "years": "year",
}  # fmt: skip
ONE_UNIT = {"sehari": "day", "seminggu": "week", "sepekan": "week", "sebulan": "month", "setahun": "year"}
AGO = frozenset({"lalu", "ago"})
COUNTS = {
    word: number
    for number, words in enumerate(
        (
            (),
            ("satu", "one", "a", "an"),
            ("dua", "two"),
            ("tiga", "three"),
            ("empat", "four"),
            ("lima", "five"),
            ("enam", "six"),
            ("tujuh", "seven"),
            ("delapan", "eight"),
            ("sembilan", "nine"),
            ("sepuluh", "ten"),
        )
    )
    for word in words
}
# A count no date can be read from ("beberapa minggu lalu"): its words are still no content.
VAGUE_COUNTS = frozenset({"beberapa", "several", "few", "sejumlah", "many"})
# Words without one of which a question names no relative date (most questions).
RELATIVE_WORDS = frozenset(word for words, _, _ in RELATIVE_DATES for word in words) | LAST_AFTER | LAST_BEFORE | AGO


def _marked(tokens: Sequence[str], position: int) -> bool:
    """Whether the year at `position` is surely a date: after a word that marks one, beside
    a month, or ending the question ("2000 warga" is a count). A month is one where
    `names_a_month` reads it so."""
    if tokens[position] in MONTH_NUMBER:
        return True
    before = tokens[position - 1] if position else ""
    after = tokens[position + 1] if position + 1 < len(tokens) else ""
    return before in DATE_MARKERS or before in MONTH_NUMBER or after in MONTH_NUMBER or not after


def question_dates(question: AnalyzedQuestion) -> DateFilter:
    tokens = question.tokens
    at_years = [p for p, t in enumerate(tokens) if re.fullmatch(r"(19|20)\d\d", t)]
    years = {int(tokens[p]) for p in at_years}
    named = [position for position in range(len(tokens)) if names_a_month(tokens, position)]
    months = {MONTH_NUMBER[tokens[position]] for position in named}
    marked = all(_marked(tokens, p) for p in (*at_years, *named))
    today = question.today
    present = set(tokens)
    if today is None or present.isdisjoint(RELATIVE_WORDS):
        return DateFilter(frozenset(years), frozenset(months), marked=marked)
    # A year written out is the one meant: relative words then name no date of their own.
    explicit = bool(years)
    periods: list[tuple[str, int]] = []
    used: set[int] = set()  # positions of words already read as part of a relative date
    for position in named:
        month_word = tokens[position]
        after = position + 1 if position + 1 < len(tokens) and tokens[position + 1] in LAST_AFTER else None
        before = position - 1 if position and tokens[position - 1] in LAST_BEFORE else None
        # Written together: in "Januari, lalu …" the word is "then", not "last".
        if after is not None and not re.search(rf"\b{month_word}\s+{tokens[after]}\b", normalize(question.text)):
            after = None
        if after is None and before is None:
            continue
        used.update(p for p in (after, before) if p is not None)
        if not explicit:
            month = MONTH_NUMBER[month_word]
            years.add(today.year if month < today.month else today.year - 1)
    for at, unit, offset, width in _ago(tokens, used):
        used.update(range(at, at + width))
        if offset:
            periods.append((unit, offset))
    for words, unit, offset in RELATIVE_DATES:
        found = _run_at(tokens, words, used) if present.issuperset(words) else None
        if found is not None:
            used.update(range(found, found + len(words)))
            periods.append((unit, offset))
    if not explicit:
        for unit, offset in periods:
            first, final = _period(today, unit, offset)
            years |= set(range(first.year, final.year + 1))
            if unit != "year":
                months |= _months_between(first, final)
    relative = {tokens[position] for position in used}
    return DateFilter(frozenset(years), frozenset(months), frozenset(relative), marked)


def _ago(tokens: Sequence[str], used: set[int]) -> list[tuple[int, str, int, int]]:
    """ "N units ago" runs: (where, unit, -N or 0 for a vague count, how many words)."""
    found = []
    for i, token in enumerate(tokens):
        if token in ONE_UNIT and i + 1 < len(tokens) and tokens[i + 1] in AGO:
            found.append((i, ONE_UNIT[token], -1, 2))
            continue
        if i + 2 >= len(tokens) or tokens[i + 1] not in UNITS:
            continue
        ago = i + 2
        if tokens[ago] == "yang" and ago + 1 < len(tokens):  # "dua tahun yang lalu"
            ago += 1
        if tokens[ago] not in AGO:
            continue
        if token.isdigit() and len(token) <= 3:
            count = int(token)
        elif token in COUNTS:
            count = COUNTS[token]
        elif token in VAGUE_COUNTS:
            count = 0
        else:
            continue
        if used.isdisjoint(range(i, ago + 1)):
            found.append((i, UNITS[tokens[i + 1]], -count, ago + 1 - i))
    return found


def _run_at(tokens: Sequence[str], words: Sequence[str], used: set[int]) -> int | None:
    """Where `words` stand in `tokens` as a run, none of them already `used`."""
    n = len(words)
    for i in range(len(tokens) - n + 1):
        if tuple(tokens[i : i + n]) == tuple(words) and used.isdisjoint(range(i, i + n)):
            return i
    return None


def _period(today: date, unit: str, offset: int) -> tuple[date, date]:
    """The first and last day of the day, week (Monday to Sunday), month or year
    `offset` units from the one holding `today`."""
    if unit == "day":
        day = today + timedelta(days=offset)
        return day, day
    if unit == "week":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        index = today.year * 12 + today.month - 1 + offset
        first = date(index // 12, index % 12 + 1, 1)
        following = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
        return first, following - timedelta(days=1)
    return date(today.year + offset, 1, 1), date(today.year + offset, 12, 31)


def _months_between(first: date, last: date) -> set[int]:
    months, index = set(), first.year * 12 + first.month - 1
    while index <= last.year * 12 + last.month - 1:
        months.add(index % 12 + 1)
        index += 1
    return months
