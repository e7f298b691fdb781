"""Engine.explain: what `eval --explain` prints adds up to the scores it shows."""

from __future__ import annotations

import math

from bot import Engine


def test_explained_parts_add_up_to_each_score(engine: Engine) -> None:
    explanation = engine.explain("Berapa warga mengungsi karena banjir di Semarang?")
    assert explanation.lang == "id" and explanation.qtype == "count"
    assert explanation.candidates
    for candidate in explanation.candidates:
        assert math.isclose(sum(candidate.parts.values()), candidate.score, rel_tol=1e-9, abs_tol=1e-12)
    answers = engine.ask("Berapa warga mengungsi karena banjir di Semarang?")
    assert answers[0].text == explanation.candidates[0].text
    assert explanation.verdict == "answered"


def test_an_explanation_shows_the_candidates_also_where_nothing_answers(engine: Engine) -> None:
    question = "Berapa tiket kereta cepat yang terjual saat banjir Semarang tahun 2021?"
    explanation = engine.explain(question)
    assert engine.ask(question) == [] and explanation.verdict.startswith("not found")
    scores = [c.score for c in explanation.candidates]
    assert scores and scores == sorted(scores, reverse=True)
    assert "erdogan" in engine.explain("Apa kata Erdogan tentang banjir?").verdict


def test_a_question_naming_no_topic_finds_nothing(engine: Engine) -> None:
    # Particles, negation, a reporting verb: nothing a corpus could hold is asked about.
    for question in ("yg gak sih dong", "kenapa tidak?", "what did he say?"):
        assert engine.ask(question) == []
        assert engine.explain(question).verdict == "not found: no word of the question names a topic"
    assert engine.ask("kenapa tanggul di Semarang tidak kuat?")  # with a topic, the same words count


def test_a_question_mostly_of_words_the_corpus_lacks_finds_nothing(engine: Engine) -> None:
    # "banjir" is known, "beras", "gula", "cabai", "mahal" are not: whatever "banjir" matches
    # is not what is asked.
    asked = "beras gula cabai mahal saat banjir?"
    assert engine.ask(asked) == []
    assert engine.explain(asked).verdict.startswith("not found: the corpus knows too few of its words")
    # as many known words as unknown: the ranking decides
    assert not engine.explain("beras mahal banjir Semarang").verdict.startswith("not found: the corpus knows")
