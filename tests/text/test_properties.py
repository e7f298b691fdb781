"""Property-based tests (issue 10): every text function takes arbitrary Unicode without
raising and keeps its promises. Examples are bounded so the suite stays quick."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.ingest.cleaning import CleaningError, clean_page
from bot.text.clean_input import CONTROL, INVISIBLE, clean_question, clean_text
from bot.text.normalize import normalize, tokens_of
from bot.text.sentences import split_sentences
from bot.text.terms import index_terms

QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Any code point, lone surrogates included (argv bytes that are not UTF-8 arrive so).
ANY = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200)
# Text as the corpus holds it: valid Unicode, with the words and punctuation of news.
NEWS = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from(list("aeiou mnrst.,!?\"“”'()-/:0123456789 \n\u200b")),
    ),
    max_size=300,
)
CHAT_WORDS = st.lists(
    st.sampled_from(["m", "n", "ng", "nge", "se", "dua", "Pu\u200btin", "berapa", "kapan", "?", "-", "'"]), max_size=8
).map(" ".join)


@QUICK
@given(ANY)
@example("Pu\u200btin\x00\x1b\u202e")
def test_clean_text_removes_invisible_and_control_characters(text: str) -> None:
    cleaned = clean_text(text)
    assert not INVISIBLE.search(cleaned) and not CONTROL.search(cleaned)
    assert not re.search("[\ud800-\udfff]", cleaned)
    cleaned.encode("utf-8")  # printable and storable
    assert clean_text(cleaned) == cleaned


@QUICK
@given(ANY)
def test_clean_question_is_one_clean_line(text: str) -> None:
    question = clean_question(text)
    assert "\n" not in question and question == question.strip() and "  " not in question
    question.encode("utf-8")


@QUICK
@given(NEWS)
def test_tokens_are_nonempty_words(text: str) -> None:
    for token in tokens_of(normalize(text)):
        assert token and not any(ch.isspace() for ch in token)


@QUICK
@given(st.one_of(NEWS, CHAT_WORDS))
@example("jarak se dua kilometer")
@example("se 5 m")
def test_index_terms_never_raise_and_are_nonempty(text: str) -> None:
    assert all(isinstance(term, str) and term for term in index_terms(text))


@QUICK
@given(NEWS, st.integers(min_value=20, max_value=400))
def test_splitter_keeps_every_visible_character_in_order(text: str, max_chars: int) -> None:
    pieces = split_sentences(text, max_chars)
    assert all(piece and piece == piece.strip() and len(piece) <= max_chars for piece in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())


@SLOW
@given(st.lists(NEWS, max_size=8).map("\n\n".join))
def test_cleaner_returns_a_title_and_paragraphs_or_says_why_not(raw: str) -> None:
    try:
        page = clean_page(raw)
    except CleaningError:
        return
    assert page.title and page.paragraphs
    assert all(p and "\n" not in p for p in page.paragraphs)


@SLOW
@given(st.one_of(ANY, CHAT_WORDS, NEWS))
@example("berapa m panjangnya")
@example("\ud800 banjir")
def test_question_analysis_never_raises(engine, question: str) -> None:  # type: ignore[no-untyped-def]
    answers = engine.ask(question, k=3)
    assert len(answers) <= 3
    engine.analyze(question)
