"""English questions over Indonesian news, without a translation model: lexicon
phrases and senses, cognate spellings and names, each kept only where the index holds
the Indonesian term it leads to."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence

import simplemma

from bot.index.query import Alternative
from bot.lang.lexicon import Lexicon, Sense
from bot.search.analyzer import Analyzer
from bot.search.typos import correct, correct_name, frequency_in
from bot.text.normalize import LETTER
from bot.text.terms import index_terms, lemma_id, stop_en
from bot.text.wordlists import MONTH_NUMBER, QUESTION_WORDS

# Suffix rules that turn English Latinate words into their Indonesian loan forms.
COGNATE_SUFFIXES = (
    ("ization", "isasi"),
    ("isation", "isasi"),
    ("ation", "asi"),
    ("tion", "si"),
    ("sion", "si"),
    ("ical", "is"),
    ("ical", "ik"),
    ("ics", "ika"),
    ("ic", "ik"),
    ("ity", "itas"),
    ("ism", "isme"),
    ("ist", "is"),
    ("ive", "if"),
    ("cy", "si"),
    ("ure", "ur"),
    ("ary", "er"),
    ("or", "or"),
    ("al", "al"),
    ("y", "i"),
    ("e", ""),
    ("", ""),
)

# Curated news senses are trusted more than FreeDict's, whose first sense is often the
# everyday rather than the news meaning; later senses of either are rarer meanings.
SENSE_WEIGHTS = {("news", True): 1.0, ("news", False): 0.9, ("freedict", True): 0.8, ("freedict", False): 0.6}
MAX_SENSES = {"news": 8, "freedict": 4}


def spelling(token: str, vocabulary: Container[str], analyzer: Analyzer) -> str:
    """Chat spellings and misspelt function words ("abt", "waht") as written properly,
    so they neither count as unknown content nor hide the question type."""
    chat = analyzer.english_chat.get(token.replace("'", "").replace("\u2019", ""))  # "wasn't" as "wasnt"
    if chat is not None:
        return chat
    stop = stop_en()
    if token in stop or token in vocabulary or analyzer.lemma_en(token) in analyzer.lexicon or not token.isalpha():
        return token
    if simplemma.is_known(token, lang="en"):
        return token  # a real word ("off"), no slip for a function word ("of")
    return correct(token, stop.__contains__, min_length=3) or token


def function_word_only(word: str, analyzer: Analyzer) -> bool:
    """Whether every Indonesian sense of the word is a function word ("inside": di dalam,
    dalam), or every curated one is (as `sense_alternatives` reads them): then so is the
    word, and it is no content the corpus lacks."""
    return _function_words_only(analyzer.lexicon.senses(analyzer.lemma_en(word)) or analyzer.lexicon.senses(word))


def _function_words_only(senses: Sequence[Sense]) -> bool:
    """Whether the senses that decide, the curated ones where there are any ("have to":
    harus, perlu, whatever else the dictionary offers, "pasti"), else all, render the word
    by function words only: it shapes the sentence and names nothing."""
    deciding = [sense for sense in senses if sense.origin == "news"] or senses
    return bool(deciding) and all(not index_terms(sense.indonesian) for sense in deciding)


def cognates(word: str) -> list[str]:
    """Candidate Indonesian spellings of an English loanword (callers keep those in the index)."""
    candidates: list[str] = []
    for suffix, replacement in COGNATE_SUFFIXES:
        # Bare endings ("e", "") make false friends of short words (truce → truk).
        if word.endswith(suffix) and len(word) - len(suffix) >= (3 if len(suffix) > 1 else 5):
            stem = word[: len(word) - len(suffix)]
            for spelled in _respell(stem):
                candidates.append(spelled + replacement)
    return list(dict.fromkeys(c for c in candidates if c != word))


def _respell(stem: str) -> list[str]:
    """English spellings Indonesian writes differently: c→k, ph→f, th→t, x→ks, qu→kw."""
    respelled = stem.replace("ph", "f").replace("th", "t").replace("x", "ks").replace("qu", "kw")
    respelled = re.sub(r"c(?=[aou]|$|[^aeiouy])", "k", respelled).replace("ck", "k")
    respelled = re.sub(r"c(?=[eiy])", "s", respelled)
    respelled = re.sub(r"(.)\1", r"\1", respelled)
    return list(dict.fromkeys([stem, respelled]))


# Endings of English inflections: a typo's correction with one is looked up by its lemma.
INFLECTED = ("s", "ed", "ing", "er", "est")
# Words after which "about" gives a quantity ("about 300 people") rather than a topic
# ("what did she say about the ruling", where it is a function word).
QUANTITY_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred hundreds thousand thousands million millions billion half dozen third quarter".split()
)
# "right" before these is an intensifier ("right after the ceremony"), not a noun or
# adjective (hak, benar, kanan).
INTENSIFIED = frozenset("after before now away then there here behind next".split())


# Light verbs: "got laid off", "which goods get the new tax", "put a tariff on", "put age
# checks in place" take their meaning from what follows; read as content they match "dapat",
# "ambil", "letak" anywhere. (A phrasal verb the lexicon holds, "put off", is read first
# where the index holds one of its senses; where it holds none, the verb names nothing
# and its particle is an unknown word.)
LIGHT_VERBS = frozenset({"get", "gets", "got", "gotten", "getting", "put", "puts", "putting"})


def function_word_here(tokens: list[str], index: int) -> bool:
    """Whether the word at `index` only shapes the question here: "about" naming a topic,
    "right" intensifying a time or place, "many" and "much" after "how", a light verb,
    "going to" (the future: "is he going to appeal")."""
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    if token in ("many", "much") and index and tokens[index - 1] == "how":
        return True
    if token == "going" and following == "to":
        return True
    if token in LIGHT_VERBS:
        return True
    if token == "about":
        if following in ("a", "an"):  # "about a hundred", not "about a plan"
            following = tokens[index + 2] if index + 2 < len(tokens) else ""
        return not (following[:1].isdigit() or following in QUANTITY_WORDS)
    return token == "right" and following in INTENSIFIED


def longest_phrase(
    tokens: list[str], lemmas: list[str], start: int, lexicon: Lexicon, bases: Sequence[str] = ()
) -> tuple[int, str] | None:
    """The longest lexicon phrase starting here, as written, lemmatised, or with only its
    last word lemmatised (a compound's head takes the plural: "polling stations"), or
    with its first word brought to another regular base (`bases`: "finding out" is "find
    out", though "finding" is a noun as well). Phrases that open with a question word
    ("how many", "what time") say what kind of answer is wanted, not what to search."""
    if tokens[start] in QUESTION_WORDS["en"]:
        return None
    for length in range(min(lexicon.max_phrase_words, len(tokens) - start), 1, -1):
        end = start + length
        based = ([base, *lemmas[start + 1 : end]] for base in bases)
        for words in (tokens[start:end], lemmas[start:end], [*tokens[start : end - 1], lemmas[end - 1]], *based):
            key = " ".join(words)
            if key in lexicon:
                return length, key
    return None


# Particles of phrasal verbs that may stand after the verb's object ("called the
# summit off", "set it up"). "in" and "on" are left out: after an object they are
# nearly always prepositions ("put tariffs on goods").
SEPARABLE_PARTICLES = ("off", "up", "down", "out", "over", "back", "away", "aside", "forward")
# An object between verb and particle is short: a pronoun or a noun ("called it off",
# "called talks off"), or a determiner and a noun ("called the summit off"); a longer
# stretch is more often another clause ("signed the documents wrapping up …").
DETERMINERS = frozenset("the a an this that these those his her its their our my your".split())


def separated_phrase(tokens: list[str], lemmas: list[str], start: int, lexicon: Lexicon) -> tuple[int, str] | None:
    """A phrasal verb whose particle comes after the object, or a particle mistyped
    right after the verb ("laid of" for "laid off"): the particle's position and the
    lexicon key ("call off"). The words between are searched on their own."""
    if tokens[start] in QUESTION_WORDS["en"] or tokens[start] in stop_en():
        return None
    verb = lemmas[start]
    # A slip, where the word is surely a verb (inflected: "laid of") or nothing but a
    # function word follows; not before a noun phrase: "head of the federation", "head of
    # Pertamina" are no "head off".
    following = tokens[start + 2] if start + 2 < len(tokens) else ""
    surely_verb = tokens[start] != verb or not following or following in stop_en()
    if (
        start + 1 < len(tokens)
        and tokens[start + 1] not in SEPARABLE_PARTICLES
        and following not in DETERMINERS
        and surely_verb
    ):
        slip = correct(tokens[start + 1], SEPARABLE_PARTICLES.__contains__, min_length=2)
        if slip and f"{verb} {slip}" in lexicon and f"{verb} {tokens[start + 1]}" not in lexicon:
            return start + 1, f"{verb} {slip}"
    for gap in (1, 2):
        at = start + 1 + gap
        if at >= len(tokens):
            break
        between = tokens[start + 1 : at]
        if any(t in QUESTION_WORDS["en"] or t in SEPARABLE_PARTICLES or t.endswith("ing") for t in between):
            break
        if gap == 2 and between[0] not in DETERMINERS:
            break
        if tokens[at] in SEPARABLE_PARTICLES and f"{verb} {tokens[at]}" in lexicon:
            return at, f"{verb} {tokens[at]}"
    return None


def word_alternatives(
    word: str,
    vocabulary: Container[str],
    analyzer: Analyzer,
    *,
    use_lexicon: bool = True,
    name: bool = False,
    retry: bool = True,
    month: bool = True,
) -> tuple[Alternative, ...]:
    """Index terms for one English word: itself where the corpus uses it (names),
    lexicon senses, cognates; else one typo fix (for a name, only towards a corpus name
    with the same first letter).
    `month`: whether a month name here names the month (`names_a_month`); where it does
    not ("marched", "may" the modal), its other senses stand for it."""
    lexicon = analyzer.lexicon if use_lexicon else None
    alternatives: list[Alternative] = []
    for form in (word, word[:-1] if word.endswith("s") else None):
        if form and form in vocabulary:
            alternatives.append((1.0, (form,)))  # names ("Houthis") and words both languages share
            break
    if not LETTER.search(word):
        return tuple(alternatives)
    lemma = analyzer.lemma_en(word)
    if lexicon is not None:
        for key in dict.fromkeys((word, lemma)):
            alternatives.extend(sense_alternatives(lexicon, key, vocabulary, months=month))
    for candidate in cognates(lemma) + cognates(word):
        term = lemma_id(candidate)
        if term in vocabulary:
            alternatives.append((0.9, (term,)))
    if not alternatives and lexicon is not None:
        # The word or its first base is a headword whose senses the corpus lacks ("judges":
        # the book; "fined": fin); another regular base may have some ("judge", "fine").
        for stem in analyzer.english_stems(word):
            if stem != lemma:
                alternatives.extend(sense_alternatives(lexicon, stem, vocabulary, months=month))
        if not alternatives:
            alternatives.extend(_prefixed_verb(lemma, vocabulary, lexicon))
    if not alternatives and lemma_id(word) in vocabulary:
        # An Indonesian word asked in English ("Lebaran"), indexed by its lemma.
        alternatives.append((1.0, (lemma_id(word),)))
    if alternatives or not retry:
        return _dedupe(alternatives)
    frequency = frequency_in(vocabulary)
    if name:
        fixed = correct_name(word, vocabulary)
        return ((0.7, (fixed,)),) if fixed else ()
    if simplemma.is_known(word, lang="en"):
        return ()  # a real word the lexicon lacks ("pact"), no slip for another ("fact")
    stop = stop_en()
    fixed = correct(
        word,
        # "desgined" is "designed", whose lemma the lexicon holds (only inflected forms are
        # lemmatised: the hundreds of other variants would fill the lemma cache).
        lambda c: (
            c in stop
            or c in vocabulary
            or (lexicon is not None and (c in lexicon or (c.endswith(INFLECTED) and analyzer.lemma_en(c) in lexicon)))
        ),
        min_length=4,
        rank=lambda c: _english_frequency(c, vocabulary, lexicon, frequency),
    )
    if fixed and fixed not in stop:
        return word_alternatives(fixed, vocabulary, analyzer, use_lexicon=use_lexicon, retry=False, month=month)
    return ()


def _english_frequency(
    word: str, vocabulary: Container[str], lexicon: Lexicon | None, frequency: Callable[[str], float]
) -> float:
    """How common an English word is in the corpus: as written (names, shared words) or
    through its lexicon senses (the sentences holding its commonest rendering)."""
    found = frequency(word)
    if lexicon is not None:
        for sense in lexicon.senses(word)[: MAX_SENSES["news"]]:
            terms = index_terms(sense.indonesian)
            if terms:
                found = max(found, min(frequency(term) for term in terms))
    return found


def _prefixed_verb(lemma: str, vocabulary: Container[str], lexicon: Lexicon) -> list[Alternative]:
    """English "re-" words the lexicon lacks: "reopen" is "buka kembali", a "revote"
    "pemungutan suara ulang" (Indonesian says again with "kembali" or "ulang"), or just
    the base."""
    base = lemma[2:]
    if not lemma.startswith("re") or len(base) < 3 or base not in lexicon:
        return []
    alternatives: list[Alternative] = []
    for weight, terms in sense_alternatives(lexicon, base, vocabulary):
        alternatives += [(weight * 0.9, (*terms, again)) for again in ("kembali", "ulang") if again in vocabulary]
        alternatives.append((weight * 0.8, terms))
    return alternatives


def sense_alternatives(
    lexicon: Lexicon, english: str, vocabulary: Container[str], *, months: bool = True
) -> tuple[Alternative, ...]:
    """Lexicon senses whose every term stands in the index: the corpus filters the senses.
    `months`: whether a month is one of them (not for "marched": "pawai", not "Maret")."""
    alternatives: list[Alternative] = []
    taken = {"news": 0, "freedict": 0}
    senses = lexicon.senses(english)
    if _function_words_only(senses):
        return ()
    for sense in senses:
        if taken[sense.origin] >= MAX_SENSES[sense.origin] or (not months and sense.indonesian in MONTH_NUMBER):
            continue
        terms = tuple(index_terms(sense.indonesian))
        if terms and all(term in vocabulary for term in terms):
            alternatives.append((SENSE_WEIGHTS[sense.origin, taken[sense.origin] == 0], terms))
            taken[sense.origin] += 1
    return _dedupe(alternatives)


def _dedupe(alternatives: list[Alternative]) -> tuple[Alternative, ...]:
    best: dict[tuple[str, ...], float] = {}
    for weight, terms in alternatives:
        best[terms] = max(weight, best.get(terms, 0.0))
    return tuple((weight, terms) for terms, weight in best.items())
