"""The lemmatiser never sees an empty string, whatever the text (issue 10)."""

from __future__ import annotations

import pytest

from bot.search.indonesian import colloquial_base
from bot.text.terms import index_terms, lemma_id


def test_lemma_of_empty_string_is_empty() -> None:
    assert lemma_id("") == ""


def test_se_before_a_quantity_word_does_not_crash_indexing() -> None:
    # "se" alone before a quantity word: stripping "se-" used to leave "" for simplemma
    assert "kilometer" in index_terms("jarak se dua kilometer")
    assert index_terms("se 5 meter")


@pytest.mark.parametrize("word", ["m", "n", "ng", "nge", "ny", "mng"])
def test_colloquial_base_never_tries_an_empty_stem(word: str) -> None:
    assert colloquial_base(word, {"lepas", "putus"}) is None


@pytest.mark.parametrize(
    "question", ["berapa m panjangnya", "n", "ng", "nge", "tinggi gedung 300 m?", "nge apa?", "se dua"]
)
def test_short_chat_words_do_not_crash_questions(engine, question: str) -> None:
    engine.ask(question)  # answers or "not found", never an exception
