"""The language knowledge a question is read with, built once and passed in.

An `Analyzer` bundles the bilingual lexicon, the informal Indonesian forms, English
chat spellings and irregular forms. The engine builds one at open; tests build one
from a small lexicon, so no analysis function reaches for a global.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import simplemma

from bot.lang.lexicon import Lexicon, abbreviations, informal_forms, irregular_english, synonyms_id
from bot.text.normalize import normalize, tokens_of
from bot.text.terms import derivation_root, index_terms, lemma_id, stop_en, stop_id

# Chat spellings of English words ("abt" is not one edit from "about").
ENGLISH_CHAT = {
    "abt": "about",
    "u": "you",
    "ur": "your",
    "pls": "please",
    "wat": "what",
    "wht": "what",
    "hw": "how",
    "max": "maximum",
    "bc": "because",
    "cuz": "because",
    "thx": "thanks",
    "govt": "government",
    "intl": "international",
    # Negative contractions, written with their apostrophe or without it: what they add to
    # a question is "not"; read as words they are typos for others ("wasnt" → "want").
    **dict.fromkeys(
        "isnt arent wasnt werent dont doesnt didnt hasnt havent hadnt cant couldnt wont wouldnt shouldnt "
        "mustnt neednt aint".split(),
        "not",
    ),
}

# Regular English inflections, most specific first: (ending, replacement).
EN_SUFFIXES = (
    ("men", "man"),  # fishermen, policemen, congressmen
    ("ies", "y"),
    ("ves", "f"),
    ("ves", "fe"),
    ("ses", "s"),
    ("xes", "x"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("s", ""),
    ("ied", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("ier", "y"),
    ("iest", "y"),
    ("er", ""),
    ("est", ""),
)
# English lemmas remembered per analyzer; cleared when full, so odd input cannot grow it.
_LEMMA_CACHE_LIMIT = 50_000


@dataclass(frozen=True, eq=False)
class Analyzer:
    lexicon: Lexicon
    informal: Mapping[str, str] = field(default_factory=informal_forms)
    irregular_en: Mapping[str, str] = field(default_factory=irregular_english)
    english_chat: Mapping[str, str] = field(default_factory=lambda: dict(ENGLISH_CHAT))
    abbreviations: Mapping[str, str] = field(default_factory=abbreviations)
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=synonyms_id)
    _lemmas: dict[str, str] = field(default_factory=dict, repr=False)

    @staticmethod
    @functools.cache
    def packaged() -> Analyzer:
        """The analyzer over the lexicon and word lists shipped with the package."""
        return Analyzer(Lexicon.load())

    def lemma_en(self, word: str) -> str:
        """English base form, from the irregular table or regular endings, checked against
        the lexicon's headwords ("told" → tell, "embassies" → embassy, "stopped" → stop).

        Rules plus a dictionary check need no model and load in microseconds; a word the
        rules cannot bring to a known headword stays as it is.
        """
        found = self._lemmas.get(word)
        if found is None:
            if len(self._lemmas) >= _LEMMA_CACHE_LIMIT:
                self._lemmas.clear()
            found = self._lemmas[word] = self._english_base(word)
        return found

    def _english_base(self, word: str) -> str:
        if word in self.irregular_en:
            return self.irregular_en[word]
        if word in self.lexicon:
            return word
        return next(self.english_stems(word), word)

    def english_stems(self, word: str) -> Iterator[str]:
        """Headwords the regular endings bring the word to, also where the word is a
        headword itself: "judges" is a book of the Bible in the dictionary, and a judge;
        "lighter" a lighter, and light."""
        for ending, replacement in EN_SUFFIXES:
            if word.endswith(ending) and len(word) - len(ending) >= 2:
                stem = word[: len(word) - len(ending)] + replacement
                for candidate in (stem, stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else None):
                    if (
                        candidate
                        and candidate != word
                        and (candidate in self.lexicon or candidate in self.lexicon.phrase_starts)
                    ):
                        yield candidate

    @functools.cached_property
    def abbreviation_terms(self) -> Mapping[str, tuple[str, ...]]:
        """Each common abbreviation's expansion as index terms ("bi" -> bank, indonesia)."""
        found = {short: tuple(dict.fromkeys(index_terms(long))) for short, long in self.abbreviations.items()}
        return {short: terms for short, terms in found.items() if terms and terms != (short,)}

    @functools.cached_property
    def spelled_abbreviations(self) -> Mapping[tuple[str, ...], str]:
        """Abbreviations by the index terms of their expansion, where it has several words
        ((bank, indonesia) -> "bi"): how a question that spells one out is recognised."""
        return {terms: short for short, terms in self.abbreviation_terms.items() if len(terms) > 1}

    @functools.cached_property
    def spelled_starts(self) -> tuple[int, frozenset[str]]:
        """The most terms a spelled-out abbreviation has, and the terms they start with: a
        question's run of words starting with another term spells none, so the runs
        from most words are not looked up at all."""
        spelled = self.spelled_abbreviations
        return max((len(terms) for terms in spelled), default=0), frozenset(terms[0] for terms in spelled)

    def is_dictionary_word(self, word: str) -> bool:
        """A common word of either language (a sentence-initial capital says nothing then)."""
        return (
            word in self.lexicon
            or simplemma.is_known(word, lang="id")
            or lemma_id(word) != word
            or derivation_root(word) is not None
        )

    @functools.cached_property
    def _language_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """English and Indonesian words that tell the two apart (built once, used per question)."""
        return stop_en() | self.english_chat.keys(), stop_id() | self.informal.keys()

    def detect_language(self, text: str) -> str:
        """'en' or 'id', by which language's function words the text uses more.

        Indonesian wins ties: the corpus is Indonesian, and a bare name is best searched
        as it is.
        """
        tokens = tokens_of(normalize(text))
        en_words, id_words = self._language_words
        english = sum(1 for t in tokens if t in en_words and t not in id_words)
        indonesian = sum(1 for t in tokens if t in id_words and t not in en_words)
        if english == indonesian == 0:
            # No function words ("ceasefire hostages"): English when words translate to
            # something else and are no Indonesian words; names count for neither.
            known = [simplemma.is_known(t, lang="id") for t in tokens]
            english = sum(1 for t, word in zip(tokens, known) if not word and self._translates(self.lemma_en(t)))
            indonesian = sum(known)
        return "en" if english > indonesian else "id"

    def _translates(self, word: str) -> bool:
        return any(sense.indonesian != word for sense in self.lexicon.senses(word))
