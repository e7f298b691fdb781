"""The one typo corrector: the likeliest known word one edit away, in both languages."""

from __future__ import annotations

from bot.lang.lexicon import Lexicon
from bot.search.analyzer import Analyzer
from bot.search.indonesian import correct_typo
from bot.search.question import analyze_question
from bot.search.typos import adjacent_keys, correct, frequency_in, slip_likelihood


class CountingVocabulary:
    """A vocabulary that counts sentences per term, as the BM25 index does."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def __contains__(self, term: object) -> bool:
        return term in self.counts

    def document_frequency(self, term: str) -> int:
        return self.counts.get(term, 0)


def test_the_commonest_candidate_wins_not_the_first() -> None:
    # "banjor" is one edit from both; the index holds "banjir" far more often.
    vocabulary = CountingVocabulary({"banjar": 1, "banjir": 40})
    assert correct_typo("banjor", vocabulary) == "banjir"
    vocabulary = CountingVocabulary({"banjar": 40, "banjir": 1})
    assert correct_typo("banjor", vocabulary) == "banjar"


def test_keyboard_neighbours_break_ties() -> None:
    assert adjacent_keys("a", "s") and adjacent_keys("n", "m") and not adjacent_keys("a", "p")
    # "katu" for "kayu" (t beside y) rather than "kaku" (t far from k), equally common.
    assert correct("katu", {"kaku", "kayu"}.__contains__, min_length=3, rank=lambda _: 1.0) == "kayu"
    assert slip_likelihood("pakrir", "parkir") == 1.0  # swapped letters


def test_rank_from_a_plain_set_is_membership() -> None:
    rank = frequency_in({"a"})
    assert rank("a") == 1.0 and rank("b") == 0.0


def test_misspelt_affixed_words_reach_their_lemma() -> None:
    # "perundigan" is one letter short of "perundingan", indexed whole (a noun derived with per-…-an).
    assert correct_typo("perundigan", {"perundingan"}) == "perundingan"


def test_real_words_are_not_typos() -> None:
    analyzer = Analyzer(Lexicon.from_tables({"flood": ["banjir"]}))
    # "dipecat" is a word the corpus lacks, not a slip for "dipecah".
    analysed = analyze_question("siapa yang dipecat", {"pecah"}, analyzer, lang="id")
    assert "pecah" not in analysed.terms and "dipecat" in analysed.unknown


def test_english_typos_are_corrected_through_the_lexicon() -> None:
    analyzer = Analyzer(Lexicon.from_tables({"tariff": ["tarif"], "february": ["februari"], "flood": ["banjir"]}))
    analysed = analyze_question("what tarriff was set in febuary", {"tarif", "februari"}, analyzer, lang="en")
    assert {"tarif", "februari"} <= analysed.terms
    assert not {"tarriff", "febuary"} & set(analysed.unknown)
