"""Dates a question names, absolute ("Oktober 2023") and relative to the day it is asked
("pekan lalu", "last month", "Januari kemarin")."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot import Engine
from bot.search.dates import news_today, question_dates
from bot.search.options import Parts
from bot.search.question import AnalyzedQuestion
from bot.search.weights import packaged_model
from bot.text.normalize import normalize, tokens_of
from tests.conftest import floods_a_year_apart


def dates_of(question: str, today: date | None):
    tokens = tuple(tokens_of(normalize(question)))
    return question_dates(AnalyzedQuestion(question, "id", tokens, (), today=today))


@pytest.mark.parametrize(
    ("question", "today", "years", "months"),
    [
        ("apa kata Jokowi pekan lalu", date(2024, 3, 13), {2024}, {3}),  # Mon 4 – Sun 10 March
        ("what did Jokowi say last week", date(2024, 1, 3), {2023}, {12}),  # 25 – 31 December
        ("apa kata Jokowi minggu ini", date(2024, 2, 29), {2024}, {2, 3}),  # Mon 26 Feb – Sun 3 Mar
        ("siapa yang datang kemarin", date(2024, 3, 1), {2024}, {2}),
        ("what happened yesterday", date(2025, 1, 1), {2024}, {12}),
        ("berapa inflasi bulan lalu", date(2025, 1, 15), {2024}, {12}),
        ("what was inflation last month", date(2025, 3, 31), {2025}, {2}),
        ("berapa inflasi tahun lalu", date(2025, 6, 1), {2024}, set()),
        ("what was inflation this year", date(2025, 6, 1), {2025}, set()),
        ("apa kata gubernur Januari kemarin", date(2026, 12, 5), {2026}, {1}),
        ("apa kata gubernur Desember lalu", date(2026, 12, 5), {2025}, {12}),  # this December is not over
        ("what did the governor say last January", date(2026, 12, 5), {2026}, {1}),
        ("banjir lima bulan lalu", date(2025, 6, 10), {2025}, {1}),
        ("gempa dua tahun yang lalu", date(2025, 6, 10), {2023}, set()),
        ("what happened three weeks ago", date(2025, 6, 10), {2025}, {5}),  # Mon 19 – Sun 25 May
        ("apa kata gubernur sebulan lalu", date(2025, 1, 20), {2024}, {12}),
        ("what did he say a year ago", date(2025, 1, 20), {2024}, set()),
    ],
)
def test_relative_dates_count_from_the_day_asked(question: str, today: date, years: set, months: set) -> None:
    found = dates_of(question, today)
    assert (set(found.years), set(found.months)) == (years, months)
    assert found.relative_words  # the words are not asked for as words


def test_without_the_day_asked_relative_words_name_no_date() -> None:
    assert dates_of("apa kata Jokowi pekan lalu", None).years == frozenset()
    explicit = dates_of("apa kata BI Oktober 2023 lalu", None)
    assert (set(explicit.years), set(explicit.months)) == ({2023}, {10})


def test_lalu_after_a_comma_is_then_and_a_vague_count_names_no_date() -> None:
    then = dates_of("setelah banjir Januari, lalu apa kata gubernur", date(2026, 12, 5))
    assert (set(then.years), set(then.months)) == (set(), {1})
    vague = dates_of("apa kata gubernur beberapa minggu lalu", date(2026, 12, 5))
    assert vague.years == vague.months == frozenset() and {"minggu", "lalu"} <= vague.relative_words


def test_a_year_written_out_wins_over_relative_words() -> None:
    found = dates_of("apa kata gubernur hari ini 2023", date(2026, 12, 5))
    assert (set(found.years), set(found.months)) == ({2023}, set())


def test_a_day_of_the_week_is_no_relative_date() -> None:
    found = dates_of("apa yang terjadi hari minggu", date(2024, 3, 13))
    assert found.years == found.months == frozenset() and not found.relative_words


def test_an_explicit_year_wins_over_reading_a_month_as_the_last_one() -> None:
    found = dates_of("apa kata gubernur Januari 2023 lalu", date(2026, 12, 5))
    assert set(found.years) == {2023}


def test_today_is_the_day_in_jakarta() -> None:
    assert news_today(datetime(2024, 3, 10, 18, 0, tzinfo=UTC)) == date(2024, 3, 11)
    assert news_today(datetime(2024, 3, 10, 16, 59, tzinfo=UTC)) == date(2024, 3, 10)


def test_last_week_prefers_the_article_from_last_week(tmp_path: Path) -> None:
    corpus = floods_a_year_apart(tmp_path / "corpus")
    engine = Engine.open(corpus, tmp_path / "index")
    for today, published in ((date(2024, 3, 13), "2024-03-06"), (date(2023, 3, 15), "2023-03-08")):
        answers = engine.ask("berapa rumah terendam banjir Kudus pekan lalu?", today=today)
        assert answers and answers[0].article.published == published


def test_a_year_no_article_is_of_is_not_found(tmp_path: Path) -> None:
    # The same story in 2023 and 2024: asked about either year, the quote is that year's;
    # asked about 2022, nothing in the corpus reports that flood.
    engine = Engine.open(floods_a_year_apart(tmp_path / "corpus"), tmp_path / "index")
    for year, published in ((2024, "2024-03-06"), (2023, "2023-03-08")):
        answers = engine.ask(f"berapa rumah terendam banjir Kudus tahun {year}?")
        assert answers and answers[0].article.published == published
    assert engine.ask("berapa rumah terendam banjir Kudus tahun 2022?") == []
    # The date refuses it, not the threshold: however low the threshold, it is not found,
    # and without reading dates it gets one of the two floods.
    eager = Engine.open(tmp_path / "corpus", tmp_path / "index", model=replace(packaged_model(), threshold=0.0))
    assert eager.ask("berapa rumah terendam banjir Kudus tahun 2022?") == []
    assert eager.with_parts(Parts(dates=False)).ask("berapa rumah terendam banjir Kudus tahun 2022?")


@pytest.mark.parametrize(
    ("question", "marked"),
    [
        ("Berapa warga mengungsi tahun 2022?", True),
        ("what did the bank decide in may 2025", True),
        ("Banjir Kudus 2023", True),
        ("apakah 2000 warga mengungsi?", False),  # a count, not a year
        ("How many votes did the 2024 presidential election count?", False),
    ],
)
def test_only_a_date_surely_named_may_rule_out_every_candidate(question: str, marked: bool) -> None:
    assert dates_of(question, None).marked is marked


def test_march_and_may_are_months_only_beside_a_number_or_after_a_date_word() -> None:
    assert dates_of("Why did the workers march in Jakarta?", None).months == frozenset()
    assert dates_of("What happened in March?", None).months == {3}
    assert dates_of("What may happen on 5 May?", None).months == {5}
