"""The features computed for all candidates at once (`feature_matrix`, with the markers
the index wrote at build time) equal, value for value, the per-candidate definition
(`tests/search/reference_features.py`, reading the text): the fitted weights see the
same numbers, so the answers cannot change."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from bench.engine_scale import make_questions, write_corpus
from bot import Engine
from bot.search.features import FEATURE_NAMES, view_question
from bot.search.options import Parts
from bot.text.markers import text_flags
from bot.text.terms import index_terms
from tests.search.conftest import DATA, REPO_CORPUS
from tests.search.reference_features import article_bests, candidate_features, date_unmet
from tests.search.test_engine_reference import QUESTIONS, _sentence_questions


def _compare(engine: Engine, questions: list[str]) -> int:
    """Asserts the engine's features equal the reference's; returns candidates compared."""
    compared = 0
    for question in questions:
        analysed = engine.analyze(question)
        candidates = engine.candidates(analysed)
        idf = {term: engine.idf(term) for term in analysed.terms}
        view = view_question(analysed, idf, candidates, engine.parts)
        article_best = article_bests(candidates)
        unmet = date_unmet(view, candidates)
        for candidate in candidates:
            assert candidate.flags == text_flags(candidate.text), candidate.text
            assert candidate.index_terms() == index_terms(candidate.text), candidate.text
            plain = copy.copy(candidate)
            expected = candidate_features(view, plain, article_best, unmet)
            assert list(candidate.features) == list(FEATURE_NAMES)
            assert dict(candidate.features) == expected, (question, candidate.text)
            assert candidate.coverage == plain.coverage, (question, candidate.text)
            compared += 1
    return compared


@pytest.mark.parametrize(
    "parts",
    [Parts(), Parts(context=False), Parts(names=False), Parts(dates=False, types=False)],
    ids=["all", "no-context", "no-names", "no-dates-types"],
)
def test_feature_matrix_equals_the_per_candidate_features(news: Engine, parts: Parts) -> None:
    engine = news.with_parts(parts)
    assert _compare(engine, [*QUESTIONS, *_sentence_questions(news)]) > 300


def test_feature_matrix_on_a_synthetic_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 4000)
    engine = Engine.open(corpus, tmp_path / "index")
    assert _compare(engine, make_questions(engine, 300)) > 5000


def test_question_types_as_each_pattern_alone_says(news: Engine) -> None:
    """The types' patterns searched as one alternation find what each searched alone did."""
    import re

    from bot.search.qtypes import CLAUSE_OPENERS, QUESTION_TYPES, question_type
    from bot.text.normalize import normalize, tokens_of

    def one_by_one(question):  # type: ignore[no-untyped-def]
        found = []
        for text in (" ".join(question.tokens), " ".join(tokens_of(normalize(question.text)))):
            for order, (qtype, patterns) in enumerate(QUESTION_TYPES.items()):
                starts = [m.start() for pattern in patterns if (m := re.search(pattern, text))]
                if starts:
                    found.append((min(starts), order, qtype))
        if found:
            return min(found)[2]
        # a clause opened by "when"/"where", where nothing else asks
        text = " ".join(question.tokens)
        return next((qtype for qtype, opener in CLAUSE_OPENERS.items() if re.search(opener.pattern, text)), None)

    extra = [
        "what did the minister warn about when the flood came?",
        "jam berapa kereta berangkat?",
        "when the train leaves, where does it go?",
        "where the minister went",
    ]
    questions = [*QUESTIONS, *extra, *_sentence_questions(news)]
    analysed = [news.analyze(q) for q in questions]
    assert all(question_type(a) == one_by_one(a) for a in analysed)
    assert len({question_type(a) for a in analysed}) >= 6


def test_text_flags_are_the_markers_as_defined(tmp_path: Path) -> None:
    """The build's quick reading of the markers gives each type's `carries_answer_type`."""
    import re

    from bot.text.markers import text_flags_by_definition

    write_corpus(tmp_path, 3000)
    texts = [p.read_text(encoding="utf-8") for p in [*tmp_path.glob("*.md"), *REPO_CORPUS.glob("*.md")]]
    texts += [p.read_text(encoding="utf-8") for p in (DATA / "corpus").glob("*.md")]
    sentences = [s for text in texts for line in text.splitlines() for s in re.split(r"(?<=[.!?]) ", line)]
    sentences += [
        "Pukul 10.00 WIB, gara-gara hujan, 12/10/2023 sejak 2019.",
        "Menurut Joko Widodo, yakni Australia, Bahrain, dan Kanada.",
        "Ia datang di Jakarta; demikian pernyataan kota itu: antara lain dua ribu orang.",
        "abc12/10def sepuluh_ribu 2023-an “kata” Rp2.000",
    ]
    assert len(sentences) > 3000
    assert all(text_flags(s) == text_flags_by_definition(s) for s in sentences)


def test_a_period_is_a_month_or_year_not_part_of_a_day() -> None:
    from bot.text.markers import PERIOD_FLAG

    def period(sentence: str) -> bool:
        return bool(text_flags(sentence) & PERIOD_FLAG)

    assert period("Pada 2024, sebanyak 300 warga mengungsi.")
    assert period("Inflasi Maret 2025 tercatat 1,98 persen.")
    assert not period("Inflasi melambat, kata Kepala BPS, Senin (3/3/2025).")  # the statement's day
    assert not period("Banjir pada 3 Maret 2025 merendam desa.")
    assert not period("Rapat digelar 14-15 Januari 2025.")
    assert not period("Harga naik 12 persen.")


def test_a_sentence_whose_numbers_are_all_shares() -> None:
    from bot.text.markers import SHARES_FLAG

    def shares(sentence: str) -> bool:
        return bool(text_flags(sentence) & SHARES_FLAG)

    assert shares("Kunjungan wisatawan naik 14 persen dibanding tahun lalu.")
    assert shares("BI menaikkan suku bunga 25 basis poin menjadi 6%.")
    assert shares("Pasangan itu meraih lima persen suara pada Senin (2/12/2024).")  # the date counts nothing
    assert not shares("Sebanyak 300 warga, 40 persen di antaranya anak-anak, mengungsi.")
    assert not shares("Harga beras naik menjadi Rp 14.000 per kilogram.")
    assert not shares("Pertemuan berlangsung pada 2024.")  # no number at all
    assert not shares("Belasan warga terluka, 30 persen di antaranya anak-anak.")  # "belasan" counts


def test_a_sentence_that_may_deny() -> None:
    from bot.text.markers import DENIAL_FLAG

    def may_deny(sentence: str) -> bool:
        return bool(text_flags(sentence) & DENIAL_FLAG)

    assert may_deny("Prabowo tidak menghadiri peluncuran di lokasi mana pun.")
    assert may_deny("Tak ada korban jiwa dalam kejadian itu.")
    assert may_deny("Perry belum memberi jawaban pasti.")
    assert may_deny("Itu bukan keputusan akhir, kata Iwan.")
    assert not may_deny("Prabowo menghadiri peluncuran di Jakarta.")
    assert not may_deny("Bukankah harga sudah turun?")  # asks, does not deny
    assert not may_deny("Program itu diluncurkan di Tidakan.")  # only whole words
    # Idioms whose negator denies nothing: "not only", "soon after", "as many as", "may well".
    assert not may_deny("Tak hanya itu, Rusia juga menawarkan bantuan.")
    assert not may_deny("Tidak lama kemudian, hujan turun.")
    assert not may_deny("Korban tewas tidak kurang dari 30 orang.")
    assert not may_deny("Bukan tidak mungkin harga naik lagi.")


def test_near_duplicates_from_term_ids_as_from_term_sets(news: Engine) -> None:
    """The engine's near-duplicate test over its candidates' term ids is the set one."""
    from bot.search.answers import similar_sets

    compared = 0
    for question in [*QUESTIONS, *_sentence_questions(news)]:
        ranked = news.rank(news.analyze(question))
        if not ranked:
            continue
        batch = ranked[0]._batch  # type: ignore[attr-defined]
        twins = batch.twins([c._row for c in ranked])  # type: ignore[attr-defined]
        expected = similar_sets([frozenset(news._bm25.forward_terms(c.doc).tolist()) for c in ranked])
        for number in range(min(len(ranked), 5)):
            assert twins(number).tolist() == expected(number).tolist(), question
            compared += 1
    assert compared > 100
