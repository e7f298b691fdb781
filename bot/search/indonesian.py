"""Indonesian as people type it: chat forms, colloquial verbs, compounds, typos and the
affixed forms of a root, each tried only against what the index holds."""

from __future__ import annotations

import re
from collections.abc import Container, Mapping, Sequence

import simplemma

from bot.index.query import Alternative
from bot.search.typos import correct, correct_name, frequency_in
from bot.text.terms import LEXICALISED_LEMMAS, derivation_root, lemma_id

# Words that say what kind of answer is wanted; a misspelling of one is fixed before
# the question type is read ("pnyebab" → penyebab).
QUESTION_CUES_ID = frozenset(
    "penyebab alasan tujuan jumlah tanggal berapa kapan siapa mengapa kenapa bagaimana".split()
)

# me-/pe- take a nasal that depends on the root's first letter, and k, p, t, s drop.
NASAL = {
    "k": ("meng", 1),
    "p": ("mem", 1),
    "t": ("men", 1),
    "s": ("meny", 1),
    "b": ("mem", 0),
    "f": ("mem", 0),
    "v": ("mem", 0),
    "c": ("men", 0),
    "d": ("men", 0),
    "j": ("men", 0),
    "z": ("men", 0),
    "g": ("meng", 0),
    "h": ("meng", 0),
}


def normalise_chat(
    tokens: list[str], vocabulary: Container[str], names: frozenset[str], informal: Mapping[str, str]
) -> list[str]:
    """Chat forms written out ("brp" → berapa) and misspelt question cues fixed, so the
    question type and the lemmas work on them. Content words are corrected later, and
    only against the corpus vocabulary."""
    normalised: list[str] = []
    for at, token in enumerate(tokens):
        if token == "abis" and _opens_clause(tokens, at):
            normalised.append("setelah")
            continue
        if token not in names and token not in informal:
            token = _chat_base(token, vocabulary, informal)
        if token not in informal and token not in names and _misspelt(token, vocabulary):
            token = correct(token, QUESTION_CUES_ID.__contains__, min_length=3) or token
        normalised.extend(informal.get(token, token).split())
    return normalised


# Words after which chat "abis" is "used up": an aspect ("stok udah abis", "hampir abis").
ASPECTS = frozenset("sudah udah udh sdh dah telah lagi mau hampir belum blm bakal akan".split())


def _opens_clause(tokens: Sequence[str], at: int) -> bool:
    """Whether chat "abis" at `at` is "after" ("reaksi rupiah abis BI pangkas bunga"), as it
    is before a clause, not "used up" (habis), as it is ending the question ("kapan masa
    jabatannya abis") or after an aspect word."""
    return at + 1 < len(tokens) and (at == 0 or tokens[at - 1] not in ASPECTS)


def _chat_base(token: str, vocabulary: Container[str], informal: Mapping[str, str]) -> str:
    """A reduplication written with "2" ("pihak2" for pihak-pihak) and a chat noun in -an
    of a chat word ("telponan" of telpon) as their base word."""
    if len(token) > 3 and token.endswith("2") and token[:-1].isalpha():
        return token[:-1]
    if token.endswith("an") and token not in vocabulary and token[:-2] in informal:
        return token[:-2]
    return token


def _misspelt(token: str, vocabulary: Container[str]) -> bool:
    return token.isalpha() and token not in vocabulary and not simplemma.is_known(token, lang="id")


def correct_typo(word: str, vocabulary: Container[str]) -> str | None:
    """One-edit correction of a content word against the index vocabulary: the index
    term of the likeliest word one edit away, the commonest in the index first.

    A misspelt affixed word ("ditahn") is one edit from a word ("ditahan") that the
    index holds only as its lemma (tahan), so a variant counts when it is a term or a
    known Indonesian word whose lemma is one.
    """
    frequency = frequency_in(vocabulary)

    def term_of(candidate: str) -> str | None:
        if candidate in vocabulary:
            return candidate
        if simplemma.is_known(candidate, lang="id"):
            lemma = lemma_id(candidate)
            if lemma in vocabulary:
                return lemma
        return None

    fixed = correct(word, lambda c: term_of(c) is not None, min_length=5, rank=lambda c: frequency(term_of(c) or c))
    return term_of(fixed) if fixed else None


# A synonym is another word: a sentence using it matches a little less surely.
SYNONYM_WEIGHT = 0.8


def alternatives(
    word: str,
    vocabulary: Container[str],
    *,
    name: bool = False,
    repair: bool = True,
    synonyms: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[Alternative, ...]:
    """Index terms for one Indonesian word. Unless `repair` is off, a word the corpus
    lacks is tried as a colloquial form, a compound, through its synonyms, as the root of
    a noun in -an the corpus holds (`noun_in_an`) or as a typo; a name only as a typo.

    Synonyms stand in only for a word the index lacks: offered beside a word it holds,
    they cost more than they found (cross-validated Hit@3 0.80 → 0.75)."""
    term = lemma_id(word)
    for known in (term, word):
        if known in vocabulary:
            split = split_compound(word, vocabulary)
            found: list[Alternative] = [(1.0, (known,))] + ([(1.0, split)] if split else [])
            found += [(0.9, (relative,)) for relative in affix_family(word, vocabulary) if relative != known]
            return _best(found)
    if not repair:
        return ()
    if name:  # only a slip of one letter from a name the corpus holds
        corrected = correct_name(word, vocabulary)
        return ((0.7, (corrected,)),) if corrected else ()
    colloquial = colloquial_base(word, vocabulary)
    if colloquial:
        return ((0.9, (colloquial,)),)
    split = split_compound(word, vocabulary)
    if split:
        return ((0.9, split),)
    if synonyms is not None:
        related = synonym_alternatives(word, vocabulary, synonyms)
        if related:
            return _best(related)
    noun = noun_in_an(word, vocabulary)
    if noun:
        return ((DERIVED_WEIGHT, (noun,)),)
    if simplemma.is_known(word, lang="id") or (synonyms is not None and word in synonyms):
        return ()  # a real word the corpus lacks ("dipecat", "molor"), no slip for another ("pecah", "motor")
    corrected = correct_typo(word, vocabulary)
    if corrected:
        return ((0.7, (corrected,)),)
    return ()


# Amounts as chat writes them: "10rb" is 10 ribu (Rp 10.000), "2jt" 2 juta. A bare "m" or
# "t" is left alone: "100m" is as often metres as miliar.
CHAT_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)(rb|ribu|k|jt|juta|miliar|triliun)")
AMOUNT_UNITS = {
    "rb": ("ribu", 1_000),
    "ribu": ("ribu", 1_000),
    "k": ("ribu", 1_000),
    "jt": ("juta", 1_000_000),
    "juta": ("juta", 1_000_000),
    "miliar": ("miliar", None),
    "triliun": ("triliun", None),
}


def chat_amount(word: str, vocabulary: Container[str]) -> tuple[Alternative, ...]:
    """An amount written as chat writes it, as news writes it: the whole number as the
    index holds "Rp 10.000" (10000), or the number and its unit word ("15 ribu")."""
    match = CHAT_AMOUNT.fullmatch(word)
    if not match:
        return ()
    number, unit = match.groups()
    number = number.replace(".", ",") if re.fullmatch(r"\d+\.\d{1,2}", number) else number  # 1.5jt: 1,5 juta
    name, factor = AMOUNT_UNITS[unit]
    found: list[Alternative] = []
    if factor and number.isdigit():
        whole = str(int(number) * factor)
        if whole in vocabulary:
            found.append((1.0, (whole,)))
    if number in vocabulary and name in vocabulary:
        found.append((0.9, (number, name)))
    return tuple(found)


def synonym_alternatives(
    word: str, vocabulary: Container[str], synonyms: Mapping[str, tuple[str, ...]]
) -> list[Alternative]:
    """Index terms of the word's synonyms ("tewas" → meninggal, wafat), looked up as
    written and as its lemma, each also through its affixed forms ("sendat" →
    tersendat) where the index holds them."""
    found: list[Alternative] = []
    # A noun made with -an (pe-an, ke-an) means something other than its root ("muatan",
    # a load, is not "muat", to hold), so only verb inflections fall back to the root.
    noun = word.endswith("an") and not word.endswith("kan")
    for key in dict.fromkeys((word,) if noun else (word, lemma_id(word))):
        for synonym in synonyms.get(key, ()):
            term = lemma_id(synonym)
            if term in vocabulary:
                found.append((SYNONYM_WEIGHT, (term,)))
            elif synonym in vocabulary:
                found.append((SYNONYM_WEIGHT, (synonym,)))
            else:
                found += [(SYNONYM_WEIGHT * 0.9, (relative,)) for relative in affix_family(synonym, vocabulary)]
    return found


def _best(alternatives: Sequence[Alternative]) -> tuple[Alternative, ...]:
    """Each term set once, at the best weight it was offered at (in first-seen order)."""
    best: dict[tuple[str, ...], float] = {}
    for weight, terms in alternatives:
        best[terms] = max(weight, best.get(terms, 0.0))
    return tuple((weight, terms) for terms, weight in best.items())


def affix_family(word: str, vocabulary: Container[str]) -> list[str]:
    """Index terms of the word's affixed verb forms ("minta" → the lemma of "meminta").

    The lemmatiser does not always bring an inflected verb back to the root a reader
    would type, so a root in a question also looks for what its inflections lemmatise
    to, where the index holds that. The nouns derived from it are words of their own
    (`lemma_id` keeps them whole) and are left out, as are the verbs whose derivation
    is a word of its own ("meninggal" is no kin of "tinggal", `LEXICALISED`). A derived
    noun is no root: its affixed forms are no words ("pengakuan" → "kaku"), and its own
    root is offered by the question's reading, weighed against the noun
    (`question._with_roots`).
    """
    if len(word) < 4 or not word.isalpha():
        return []
    lemma = lemma_id(word)
    if lemma in LEXICALISED_LEMMAS or derivation_root(lemma) is not None:
        return []
    if word[0] in "aeiou":
        prefix, drop = "meng", 0
    else:
        prefix, drop = NASAL.get(word[0], ("me", 0))
    active = prefix + word[drop:]
    forms = (
        active,
        active + "kan",
        active + "i",
        "di" + word,
        "ber" + word,
        "ter" + word,
        word + "an",
        "pe" + active[2:] + "an",
        "ke" + word + "an",
    )
    found = [lemma_id(form) for form in forms]
    # A noun derived from the root is a word of its own, which the index keeps whole
    # ("pengadilan" is no "adil"): only what lemmatises back to a root is kin.
    return list(
        dict.fromkeys(
            term
            for term in found
            if term != word and term in vocabulary and derivation_root(term) is None and term not in LEXICALISED_LEMMAS
        )
    )


# A noun a root makes with -an stands in for the root only a little less surely than a
# synonym does (`SYNONYM_WEIGHT`).
DERIVED_WEIGHT = 0.7


def noun_in_an(word: str, vocabulary: Container[str]) -> str | None:
    """The index term of the noun the root makes with -an, for a root the corpus holds only
    in it: chat writes the root ("partai yg gugat …", "pas libur"), news prose the noun
    ("gugatan", "liburan"). Only -an: it names the act or its object ("gugatan", the suit
    filed), while per-, peN- and ke-…-an nouns have often moved from the root's meaning
    ("perusahaan" is no "usaha", "pengadilan" no "adil", "kebijakan" no "bijak")."""
    root = lemma_id(word)
    noun = root + "an"
    if len(root) < 4 or not root.isalpha() or noun not in vocabulary or derivation_root(noun) != root:
        return None
    return noun


def colloquial_base(word: str, vocabulary: Container[str]) -> str | None:
    """Jakarta verb forms: "ngelepasin" → lepas, "mutusin" → putus, "nanyain" → tanya."""
    stems = [word[:-2]] if word.endswith("in") and len(word) > 5 else []
    stems.append(word)
    replacements = (
        ("nge", ""),
        ("ng", ""),
        ("ng", "k"),
        ("ny", "s"),
        ("ny", "c"),
        ("m", "p"),
        ("n", "t"),
        ("m", ""),
        ("n", ""),
    )
    for stem in stems:
        candidates = [stem] + [new + stem[len(old) :] for old, new in replacements if stem.startswith(old)]
        for candidate in filter(None, candidates):  # "m", "ng": stripping the prefix leaves nothing
            for form in (candidate, lemma_id(candidate), lemma_id(candidate + "kan")):
                if len(form) >= 3 and form in vocabulary and form != word:
                    return form
    return None


def split_compound(word: str, vocabulary: Container[str]) -> tuple[str, str] | None:
    """A word written as one that the corpus writes as two ("belasungkawa")."""
    for cut in range(3, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if left in vocabulary and right in vocabulary:
            return left, right
    return None
