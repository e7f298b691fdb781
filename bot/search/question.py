"""Question text → groups of index-term alternatives.

Questions reach the terms articles were indexed under after steps that depend on what
the index holds: Indonesian chat forms are normalised and typos corrected against the
index vocabulary, and English words are mapped to the Indonesian terms that stand in
the index (lexicon senses, cognates, names). Each question word becomes one group of
alternatives, and the index scores a group by its best alternative, so a word with
many translations counts no more than a word with one.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from datetime import date

import simplemma

from bot.index.query import Alternative
from bot.search import english, indonesian
from bot.search.analyzer import Analyzer
from bot.text.normalize import LETTER, normalize, tokens_of, words
from bot.text.terms import derivation_root, lemma_id, split_token, stop_en, stop_id
from bot.text.wordlists import AMBIGUOUS_MONTHS, MONTH_NUMBER, MONTHS_ID, names_a_month


@dataclass(frozen=True, slots=True)
class TermGroup:
    """One question word (or phrase) and the index terms that may stand for it."""

    source: str
    alternatives: tuple[Alternative, ...]
    literal: bool = True  # matched as written, not through a translation

    @property
    def terms(self) -> set[str]:
        return {term for _, terms in self.alternatives for term in terms}


# Words a question keeps for what they add to its topic (negation, reporting, cause, time,
# quantity: `stopwords_id.txt` says why they are no stopwords) and which name no topic of
# their own: a question of nothing else ("yg gak sih dong", "what did he say") asks about
# nothing a corpus could hold.
TOPICLESS = frozenset(
    "tidak tak bukan belum tanpa jangan kata ujar ucap tutur ungkap menurut bilang ngomong mengatakan "
    "menyatakan bahwa kepada karena sebab akibat sehingga sejak selama sebelum setelah sesudah hingga "
    "sampai ketika saat lalu kemudian kini sekarang pertama terakhir lama banyak sedikit jumlah lebih "
    "kurang hampir antara not never no say says said tell tells told speak spoke according because cause "
    "after before since until during now then first last many much more less number".split()
)


@dataclass(frozen=True, slots=True)
class AnalyzedQuestion:
    text: str
    lang: str
    tokens: tuple[str, ...]  # normalised question tokens, question words included
    groups: tuple[TermGroup, ...]
    unknown: tuple[str, ...] = field(default=())  # content words the index cannot match
    names: tuple[str, ...] = field(default=())  # words written as names (capitalised, acronyms)
    # Names that only say whose a thing is: English adjectives of nationality (`_demonym`).
    modifiers: frozenset[str] = frozenset()
    # The day it is asked, in the news' time zone: "last week", "kemarin" are read against
    # it (None: not known, such words name no date).
    today: date | None = None

    @property
    def missing_names(self) -> tuple[str, ...]:
        """Names the corpus never mentions: a question about them has no answer here."""
        return tuple(name for name in self.names if name in self.unknown)

    @property
    def topicless(self) -> bool:
        """Nothing but words that add to a topic (`TOPICLESS`), known to the corpus or not."""
        return all(set(group.source.split()) <= TOPICLESS for group in self.groups) and set(self.unknown) <= TOPICLESS

    @property
    def mostly_unknown(self) -> bool:
        """More of its words are unknown to the corpus than known: it asks about something
        the corpus does not cover ("harga beras naik?" of articles on the Middle East),
        whatever the few known words match."""
        return len(set(self.unknown)) > len(self.groups)

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
# An English word in an Indonesian question is read through the English lexicon, a little
# less surely than a word of the question's own language.
MIXED_WEIGHT = 0.9
# A derived noun's root, matched where the sentence uses the root's verb instead
# ("bertemu" for "pertemuan"), weighs a little less than the noun itself, as an affixed
# relative of an Indonesian word does (`indonesian.alternatives`).
ROOT_WEIGHT = 0.9


def analyze_question(
    question: str,
    vocabulary: Container[str],
    analyzer: Analyzer,
    *,
    lang: str | None = None,
    use_lexicon: bool = True,
    repair: bool = True,
    aliases: Mapping[str, tuple[str, ...]] | None = None,
    idf: Callable[[str], float] | None = None,
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
    acronyms = frozenset(normalize(m.group()) for m in words(question) if m.group().isupper() and len(m.group()) > 1)
    # What the corpus defines wins over the table of common abbreviations.
    expansions = {**_common_abbreviations(raw, acronyms, analyzer), **(aliases or {})}
    if lang == "en":
        tokens = [english.spelling(t, vocabulary, analyzer) for t in raw]
        groups, unknown = _english_groups(
            tokens, vocabulary, analyzer, use_lexicon, acronyms, frozenset(names), expansions
        )
    else:
        tokens = indonesian.normalise_chat(raw, vocabulary, frozenset(names), analyzer.informal) if repair else raw
        groups, unknown = _indonesian_groups(tokens, vocabulary, frozenset(names), repair, expansions, analyzer)
    groups = [_with_alias(group, expansions, vocabulary) for group in groups] if expansions else groups
    groups = _abbreviated_runs(groups, analyzer, vocabulary)
    groups = [group if group.source in names else _with_roots(group, vocabulary, idf) for group in groups]
    modifiers = frozenset(name for name in names if lang == "en" and _demonym(name, analyzer))
    return AnalyzedQuestion(question, lang, tuple(tokens), tuple(groups), tuple(unknown), names, modifiers=modifiers)


def _common_abbreviations(
    tokens: list[str], acronyms: frozenset[str], analyzer: Analyzer
) -> dict[str, tuple[str, ...]]:
    """The question's words that are common abbreviations, mapped to the index terms of
    what they stand for. A short one that is also a word ("ham", "bin", "sun") counts
    only written in capitals ("HAM"); longer ones ("menlu", "kemenkeu") are no words."""
    table = analyzer.abbreviation_terms
    found: dict[str, tuple[str, ...]] = {}
    for token in tokens:
        for part in split_token(token):
            expansion = table.get(part)
            if expansion is None:
                continue
            if len(part) <= 3 and part not in acronyms and _is_word(part):
                continue
            found[part] = expansion
    return found


def _is_word(word: str) -> bool:
    return (
        word in stop_id()
        or word in stop_en()
        or simplemma.is_known(word, lang="id")
        or simplemma.is_known(word, lang="en")
    )


def _expansion_group(
    part: str, expansions: Mapping[str, tuple[str, ...]], vocabulary: Container[str]
) -> TermGroup | None:
    """A word the index lacks that abbreviates words it holds ("Wamenaker")."""
    expansion = expansions.get(part)
    if expansion and all(term in vocabulary for term in expansion):
        return TermGroup(part, ((1.0, expansion),), literal=False)
    return None


def _abbreviated_runs(groups: list[TermGroup], analyzer: Analyzer, vocabulary: Container[str]) -> list[TermGroup]:
    """Words that spell out a common abbreviation ("Bank Indonesia") also match the
    abbreviation (BI) where the corpus uses it."""
    spelled = analyzer.spelled_abbreviations
    longest, starts = analyzer.spelled_starts
    joined: list[TermGroup] = []
    index = 0
    while index < len(groups):
        first = groups[index].alternatives[0][1]
        # A run's terms start with its first word's: only a run whose first term starts
        # an abbreviation's may spell one.
        most = 0 if first and first[0] not in starts else min(longest, len(groups) - index)
        for length in range(most, 1, -1):
            run = groups[index : index + length]
            terms = tuple(term for group in run for term in group.alternatives[0][1])
            short = spelled.get(terms)
            if short and short in vocabulary and not any(short in group.terms for group in run):
                source = " ".join(group.source for group in run)
                joined.append(TermGroup(source, ((1.0, terms), (1.0, (short,))), all(g.literal for g in run)))
                index += length
                break
        else:
            joined.append(groups[index])
            index += 1
    return joined


def _with_roots(group: TermGroup, vocabulary: Container[str], idf: Callable[[str], float] | None) -> TermGroup:
    """A derived noun the index keeps whole ("pertemuan", "pemerintah") also matches its
    root, where the sentence uses the root's verb instead ("bertemu"), a little less
    surely: the root has senses of its own ("perintah", an order). A root is often rarer
    than its noun, so (given `idf`) it never scores more than the noun would."""
    have = {terms for _, terms in group.alternatives}
    roots: list[Alternative] = []
    for weight, terms in group.alternatives:
        root = derivation_root(terms[0]) if len(terms) == 1 else None
        if root and root in vocabulary and (root,) not in have:
            rarity = idf(root) if idf else 0.0
            scale = min(1.0, idf(terms[0]) / rarity) if idf and rarity > 0 else 1.0
            roots.append((weight * ROOT_WEIGHT * scale, (root,)))
            have.add((root,))
    return TermGroup(group.source, (*group.alternatives, *roots), group.literal) if roots else group


def _with_alias(group: TermGroup, aliases: Mapping[str, tuple[str, ...]], vocabulary: Container[str]) -> TermGroup:
    expansion = aliases.get(group.source)
    if not expansion or any(terms == expansion for _, terms in group.alternatives):
        return group
    if not all(term in vocabulary for term in expansion):
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


DEMONYM_ENDINGS = ("an", "ese", "ish", "i")


def _demonym(word: str, analyzer: Analyzer) -> bool:
    """An English adjective of nationality ("Indonesian", "British", "Chinese"): it says
    whose a thing is ("the Indonesian stock exchange", "Israeli strikes"), and a sentence
    about the thing need not name the country, as it must name a person asked about.
    Known by its form and its country: an English demonym's ending (-an, -ian, -ese,
    -ish, -i: Indonesian, Chinese, British, Israeli, Thai) on a word whose first sense is
    that of the country it derives from (Indonesia, China, Britain, Israel, Thailand); a
    country (Germany, the Philippines) or any other word sharing a sense is no demonym."""
    if not word.endswith(DEMONYM_ENDINGS):
        return False
    senses = analyzer.lexicon.senses(word)
    if not senses:
        return False
    for cut in (0, 1, 2, 3):
        for ending in ("", "a", "ain", "y", "land"):
            country = word[: len(word) - cut] + ending
            if country != word and len(country) >= 4 and country in analyzer.lexicon:
                found = analyzer.lexicon.senses(country)
                if found and found[0].indonesian == senses[0].indonesian:
                    return True
    return False


def _indonesian_groups(
    tokens: list[str],
    vocabulary: Container[str],
    names: frozenset[str],
    repair: bool,
    expansions: Mapping[str, tuple[str, ...]],
    analyzer: Analyzer,
) -> tuple[list[TermGroup], list[str]]:
    groups: list[TermGroup] = []
    unknown: list[str] = []
    stop = stop_id()
    synonyms = analyzer.synonyms if repair else None
    for position, token in enumerate(tokens):
        if month := _abbreviated_month(tokens, position, vocabulary):
            groups.append(month)
            continue
        amount = indonesian.chat_amount(token, vocabulary) if repair else ()
        if amount:  # read whole: splitting "1.5jt" at its point would lose it
            groups.append(TermGroup(token, amount))
            continue
        for part in split_token(token):
            if part in stop:
                continue
            held = part in vocabulary or lemma_id(part) in vocabulary
            expanded = None if held else _expansion_group(part, expansions, vocabulary)
            terms = (
                ()
                if expanded
                else indonesian.alternatives(part, vocabulary, name=part in names, repair=repair, synonyms=synonyms)
            )
            if not expanded and not terms and repair and not simplemma.is_known(part, lang="id"):
                # An English word in an Indonesian question ("driver ojol", "reshuffle"):
                # Indonesians mix them in as they write.
                mixed = english.word_alternatives(part, vocabulary, analyzer, retry=False)
                terms = tuple((weight * MIXED_WEIGHT, found) for weight, found in mixed)
            if expanded:
                groups.append(expanded)
            elif terms:
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


def _ing_bases(token: str, analyzer: Analyzer) -> tuple[str, ...]:
    """The verbs an -ing form may be ("finding" → find, "setting" → set), for the phrasal
    verbs it opens; other endings read no phrase through another base ("leader to" is no
    "lead to")."""
    return tuple(analyzer.english_stems(token)) if token.endswith("ing") else ()


def _abbreviated_month(tokens: list[str], position: int, vocabulary: Container[str]) -> TermGroup | None:
    """A month as chat abbreviates it ("okt 2023", "aug 2025", "25 dec") where it names
    one: the index writes every month in full, in Indonesian."""
    token = tokens[position]
    if token not in MONTH_NUMBER or token in vocabulary or not names_a_month(tokens, position):
        return None
    month = MONTHS_ID[MONTH_NUMBER[token] - 1]
    return TermGroup(token, ((1.0, (month,)),)) if month in vocabulary else None


def _open_compounds(tokens: list[str], analyzer: Analyzer) -> list[str]:
    """Hyphenated compounds that are a lexicon phrase ("laid-off" is "lay off") as their
    words, so the phrase is read; any other compound stays one token, split later."""
    opened: list[str] = []
    for token in tokens:
        parts = token.split("-")
        base = analyzer.lemma_en(parts[1]) if len(parts) == 2 and parts[0] == "re" else ""
        if len(base) > 2 and base in analyzer.lexicon:
            opened.append("re" + base)  # "re-vote" as "revote", "re-built" as "rebuild"
            continue
        if len(parts) > 1 and all(parts):
            found = english.longest_phrase(parts, [analyzer.lemma_en(p) for p in parts], 0, analyzer.lexicon)
            if found and found[0] == len(parts):
                opened.extend(parts)
                continue
        opened.append(token)
    return opened


def _english_groups(
    tokens: list[str],
    vocabulary: Container[str],
    analyzer: Analyzer,
    use_lexicon: bool,
    acronyms: frozenset[str],
    names: frozenset[str],
    expansions: Mapping[str, tuple[str, ...]],
) -> tuple[list[TermGroup], list[str]]:
    lexicon = analyzer.lexicon
    stop = stop_en() - acronyms
    if use_lexicon:
        tokens = _open_compounds(tokens, analyzer)
    lemmas = [analyzer.lemma_en(t) for t in tokens]
    particles: set[int] = set()
    groups: list[TermGroup] = []
    unknown: list[str] = []
    index = 0
    while index < len(tokens):
        phrase = (
            english.longest_phrase(tokens, lemmas, index, lexicon, _ing_bases(tokens[index], analyzer))
            if use_lexicon
            else None
        )
        if phrase:
            length, key = phrase
            alternatives = english.sense_alternatives(lexicon, key, vocabulary)
            if alternatives:
                groups.append(TermGroup(" ".join(tokens[index : index + length]), alternatives, literal=False))
                index += length
                continue
        if index in particles:  # the particle of a phrasal verb read before
            index += 1
            continue
        separated = english.separated_phrase(tokens, lemmas, index, lexicon) if use_lexicon else None
        if separated:
            at, key = separated
            alternatives = english.sense_alternatives(lexicon, key, vocabulary)
            if alternatives:
                groups.append(TermGroup(f"{tokens[index]} {tokens[at]}", alternatives, literal=False))
                particles.add(at)
                index += 1
                continue
        token = tokens[index]
        index += 1
        if english.function_word_here(tokens, index - 1):
            continue
        if month := _abbreviated_month(tokens, index - 1, vocabulary):
            groups.append(month)
            continue
        for part in split_token(token, "en"):
            if part in stop:
                continue
            if part not in vocabulary:
                expanded = _expansion_group(part, expansions, vocabulary)
                if expanded:
                    groups.append(expanded)
                    continue
            alternatives = english.word_alternatives(
                part,
                vocabulary,
                analyzer,
                use_lexicon=use_lexicon,
                name=part in names,
                month=part != token or names_a_month(tokens, index - 1),
            )
            if alternatives:
                literal = alternatives[0][0] == 1.0 and alternatives[0][1][0] in (part, part[:-1])
                groups.append(TermGroup(part, alternatives, literal=literal))
            elif not (use_lexicon and english.function_word_only(part, analyzer)) and not (
                part in AMBIGUOUS_MONTHS and not names_a_month(tokens, index - 1)
            ):
                # A month name that names none here is the modal "may" or a slip, no topic.
                unknown.append(part)
    return groups, unknown
