"""Question text → groups of index-term alternatives.

Questions reach the terms articles were indexed under after steps that depend on what
the index holds: Indonesian chat forms are normalised and typos corrected against the
index vocabulary, and English words are mapped to the Indonesian terms that stand in
the index (lexicon senses, cognates, names). Each question word becomes one group of
alternatives, and the index scores a group by its best alternative, so a word with
many translations counts no more than a word with one.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field

from bot.index.query import Alternative
from bot.search import english, indonesian
from bot.search.analyzer import Analyzer
from bot.text.normalize import LETTER, normalize, tokens_of, words
from bot.text.terms import split_token, stop_en, stop_id
from bot.text.wordlists import MONTH_NUMBER


@dataclass(frozen=True, slots=True)
class TermGroup:
    """One question word (or phrase) and the index terms that may stand for it."""

    source: str
    alternatives: tuple[Alternative, ...]
    literal: bool = True  # matched as written, not through a translation

    @property
    def terms(self) -> set[str]:
        return {term for _, terms in self.alternatives for term in terms}


@dataclass(frozen=True, slots=True)
class AnalyzedQuestion:
    text: str
    lang: str
    tokens: tuple[str, ...]  # normalised question tokens, question words included
    groups: tuple[TermGroup, ...]
    unknown: tuple[str, ...] = field(default=())  # content words the index cannot match
    names: tuple[str, ...] = field(default=())  # words written as names (capitalised, acronyms)

    @property
    def missing_names(self) -> tuple[str, ...]:
        """Names the corpus never mentions: a question about them has no answer here."""
        return tuple(name for name in self.names if name in self.unknown)

    @property
    def name_groups(self) -> tuple[TermGroup, ...]:
        """Groups for names: the question's words written as names, whether the corpus
        knows them as written or through the lexicon ("Saudi Arabia" → Arab Saudi)."""
        names = set(self.names)
        return tuple(group for group in self.groups if set(group.source.split()) <= names)

    @property
    def terms(self) -> set[str]:
        return {term for group in self.groups for term in group.terms}


# A question longer than this is no question; the rest is not analysed, so pasting a
# whole article costs no more than a long question.
MAX_QUESTION_WORDS = 100


def analyze_question(
    question: str,
    vocabulary: Container[str],
    analyzer: Analyzer,
    *,
    lang: str | None = None,
    use_lexicon: bool = True,
    repair: bool = True,
    aliases: Mapping[str, tuple[str, ...]] | None = None,
) -> AnalyzedQuestion:
    """Question text → groups of weighted index-term alternatives, in question order.

    `aliases` maps acronyms the corpus defines to the terms they stand for; `repair`
    (chat forms, colloquial verbs, typos) and `use_lexicon` can be switched off to
    measure what they earn.
    """
    lang = lang or analyzer.detect_language(question)
    raw = tokens_of(normalize(question))[:MAX_QUESTION_WORDS]
    # Names are never spell-corrected: one the corpus lacks must stay unknown.
    names = names_in(question, lang, analyzer)
    if lang == "en":
        tokens = [english.spelling(t, vocabulary, analyzer) for t in raw]
        acronyms = frozenset(
            normalize(m.group()) for m in words(question) if m.group().isupper() and len(m.group()) > 1
        )
        groups, unknown = _english_groups(tokens, vocabulary, analyzer, use_lexicon, acronyms, frozenset(names))
    else:
        tokens = indonesian.normalise_chat(raw, vocabulary, frozenset(names), analyzer.informal) if repair else raw
        groups, unknown = _indonesian_groups(tokens, vocabulary, frozenset(names), repair)
    if aliases:
        groups = [_with_alias(group, aliases) for group in groups]
    return AnalyzedQuestion(question, lang, tuple(tokens), tuple(groups), tuple(unknown), names)


def _with_alias(group: TermGroup, aliases: Mapping[str, tuple[str, ...]]) -> TermGroup:
    expansion = aliases.get(group.source)
    if not expansion or any(terms == expansion for _, terms in group.alternatives):
        return group
    return TermGroup(group.source, (*group.alternatives, (1.0, expansion)), group.literal)


def names_in(question: str, lang: str, analyzer: Analyzer) -> tuple[str, ...]:
    """Words the asker wrote as names: capitalised mid-sentence, or acronyms anywhere.

    The first word is capitalised by habit, so it counts only when it is no word the
    language's function-word lists or lexicon know.
    """
    names: list[str] = []
    stop = stop_en() if lang == "en" else stop_id()
    for number, match in enumerate(words(question)):
        word = match.group()
        if not word[:1].isupper():
            continue
        for part in split_token(normalize(word), lang):
            if part in stop or part in MONTH_NUMBER or not LETTER.search(part):
                continue
            if number == 0 and not word.isupper() and analyzer.is_dictionary_word(part):
                continue
            names.append(part)
    return tuple(names)


def _indonesian_groups(
    tokens: list[str], vocabulary: Container[str], names: frozenset[str], repair: bool
) -> tuple[list[TermGroup], list[str]]:
    groups: list[TermGroup] = []
    unknown: list[str] = []
    stop = stop_id()
    for token in tokens:
        for part in split_token(token):
            if part in stop:
                continue
            terms = indonesian.alternatives(part, vocabulary, name=part in names, repair=repair)
            if terms:
                groups.append(TermGroup(part, terms))
            else:
                unknown.append(part)
    return _join_compounds(groups, vocabulary), unknown


def _join_compounds(groups: list[TermGroup], vocabulary: Container[str]) -> list[TermGroup]:
    """Two words the corpus also writes as one ("bela sungkawa") match either spelling."""
    joined: list[TermGroup] = []
    index = 0
    while index < len(groups):
        group = groups[index]
        if index + 1 < len(groups):
            nxt = groups[index + 1]
            word = group.source + nxt.source
            if len(group.alternatives) == 1 and word in vocabulary:
                pair = tuple(group.alternatives[0][1]) + tuple(nxt.alternatives[0][1])
                joined.append(TermGroup(f"{group.source} {nxt.source}", ((1.0, pair), (1.0, (word,)))))
                index += 2
                continue
        joined.append(group)
        index += 1
    return joined


def _english_groups(
    tokens: list[str],
    vocabulary: Container[str],
    analyzer: Analyzer,
    use_lexicon: bool,
    acronyms: frozenset[str],
    names: frozenset[str],
) -> tuple[list[TermGroup], list[str]]:
    lexicon = analyzer.lexicon
    stop = stop_en() - acronyms
    lemmas = [analyzer.lemma_en(t) for t in tokens]
    groups: list[TermGroup] = []
    unknown: list[str] = []
    index = 0
    while index < len(tokens):
        phrase = english.longest_phrase(tokens, lemmas, index, lexicon) if use_lexicon else None
        if phrase:
            length, key = phrase
            alternatives = english.sense_alternatives(lexicon, key, vocabulary)
            if alternatives:
                groups.append(TermGroup(" ".join(tokens[index : index + length]), alternatives, literal=False))
                index += length
                continue
        token = tokens[index]
        index += 1
        for part in split_token(token, "en"):
            if part in stop:
                continue
            alternatives = english.word_alternatives(
                part, vocabulary, analyzer, use_lexicon=use_lexicon, name=part in names
            )
            if alternatives:
                literal = alternatives[0][0] == 1.0 and alternatives[0][1][0] in (part, part[:-1])
                groups.append(TermGroup(part, alternatives, literal=literal))
            else:
                unknown.append(part)
    return groups, unknown
