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
