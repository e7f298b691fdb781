"""Index terms: the same Indonesian terms for articles and for questions.

Articles are analysed once, at indexing: tokens, dates spelled out, Indonesian
stopwords dropped, words lemmatised (simplemma). Questions reach the same terms through
`bot.search.question`, which first repairs and translates their words.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

import simplemma

from bot.lang.lexicon import DATA_DIR, stopwords
from bot.text.normalize import LETTER, normalize, tokens_of
from bot.text.wordlists import MONTHS_ID, NAME_PARTICLES, QUANTITY_WORDS, QUESTION_WORDS

# Bump when the terms produced for a text change: the index is rebuilt on mismatch.
# The lemmatiser's version counts too, since an upgrade may lemmatise differently; the
# word lists count where they shape index terms (stopwords).
ANALYZER_CODE_VERSION = "9"
ANALYZER_VERSION = (
    f"{ANALYZER_CODE_VERSION}/simplemma-{simplemma.__version__}/"
    f"stopwords-{zlib.crc32((DATA_DIR / 'stopwords_id.txt').read_bytes()):08x}"
)

THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
# A currency written onto its amount ("Rp450.000", "Rp1,5"), as often as apart ("Rp 450.000").
CURRENCY = re.compile(r"^(rp|usd|idr)\.?(\d[\d.,]*)$")
# A percent sign after a number ("2,6%"), which news also writes as "persen".
PERCENT = re.compile(r"(?<=\d)\s?%")
DATE = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")


def split_token(token: str, lang: str = "id") -> list[str]:
    """One raw token (already normalised) into the tokens that get analysed.

    Numbers are made canonical ("21.197" → "21197"; an English "6.25" is the Indonesian
    "6,25"; a currency written onto its amount stands apart, "Rp450.000" → rp, 450000); dates are spelled out so "16/10/2023" meets "October 2023"; reduplications
    ("negara-negara") collapse; name particles ("al-Sisi") fall away; English
    possessives lose their "'s".
    """
    if not LETTER.search(token):
        return _number_tokens(token, lang)
    if currency := CURRENCY.match(token):
        return [currency.group(1), *_number_tokens(currency.group(2), lang)]
    token = re.sub(r"'s$", "", token).replace("'", "")
    parts: list[str] = []
    for piece in re.split(r"[./:,]", token):
        hyphenated = [p for p in piece.split("-") if p]
        if len(hyphenated) == 2 and hyphenated[0] == hyphenated[1]:
            hyphenated = hyphenated[:1]
        elif len(hyphenated) > 1:
            hyphenated = [p for p in hyphenated if p not in NAME_PARTICLES]
        parts.extend(hyphenated)
    return parts


def _number_tokens(token: str, lang: str) -> list[str]:
    date = DATE.match(token)
    if date:
        day, month, year = int(date.group(1)), int(date.group(2)), date.group(3)
        if 1 <= day <= 31 and 1 <= month <= 12:
            expanded = [str(day), MONTHS_ID[month - 1]]
            if year:
                expanded.append(year if len(year) == 4 else "20" + year)
            return expanded
    if THOUSANDS.match(token):
        return [re.sub(r"[.,]", "", token)]
    if lang == "en":
        token = token.translate(str.maketrans(".,", ",."))
    return [token.lstrip("0") or "0"] if token.isdigit() else [token]


@lru_cache(maxsize=200_000)
def lemma_id(word: str) -> str:
    """The Indonesian lemma of `word`; "" for "" (simplemma raises on an empty string,
    which a stripped affix or a one-letter chat word can leave).

    Verbs are inflected (me-, di-, ber-, ter-, -kan, -i) and reduce to their root, but
    a noun derived with pe(N)-, per-, ke-…-an or -an is a word of its own whose meaning
    has moved from the root's: "pemerintah" (government) is no "perintah" (an order),
    nor "pengadilan" (a court) "adil" (fair), "pengakuan" "aku" or "pengadaan"
    (procurement) "ada". Such a noun stays whole, only its clitic taken off
    ("pemerintahnya"); `derivation_root` gives the root a question may still match.
    A few verbs' derivations are words of their own too (`LEXICALISED`).
    """
    if not word:
        return ""
    stem = _without_clitic(word.casefold())
    if stem in LEXICALISED:
        return LEXICALISED[stem]
    lemma = simplemma.lemmatize(stem, lang="id").casefold()
    return stem if lemma != stem and _nominal(stem, lemma) else lemma


# Verbs with a lexicalised sense of their own, lemmatised to one form of their own rather than
# to the root, whose plain sense is another: "meninggal" (to die) is no "tinggal" (to stay),
# "bertahan"/"mempertahankan" (to hold out, to defend) no "ditahan" (detained), "berusaha" (to
# try) no "usaha" (a business), "berlaku" (to be in force) no "laku" of "melakukan" (to do),
# "mengalami" (to undergo) no "alami" (natural), "berdiri"/"mendirikan" (to stand, to found)
# no "diri" (self), "bersedia" (willing) no "sedia" of "menyediakan" (to provide),
# "menyatakan" (to state) no "nyata" (real), "berada" (to be at) and "mengadakan" (to hold an
# event) no "ada" (there is), "berlangsung" (to take place) no "langsung" (directly),
# "bertolak" (to set off) no "tolak" of "menolak" (to reject). KBBI lists them under their
# roots, each with its own sense.
LEXICALISED: dict[str, str] = {
    **dict.fromkeys(("meninggal",), "meninggal"),
    **dict.fromkeys(("bertahan", "mempertahankan", "dipertahankan"), "bertahan"),
    **dict.fromkeys(("berusaha",), "berusaha"),
    **dict.fromkeys(("berlaku", "memberlakukan", "diberlakukan"), "berlaku"),
    **dict.fromkeys(("mengalami", "dialami"), "mengalami"),
    **dict.fromkeys(("berdiri", "mendirikan", "didirikan"), "berdiri"),
    **dict.fromkeys(("bersedia",), "bersedia"),
    **dict.fromkeys(("menyatakan", "dinyatakan"), "menyatakan"),
    **dict.fromkeys(("berada",), "berada"),
    **dict.fromkeys(("mengadakan", "diadakan"), "mengadakan"),
    **dict.fromkeys(("berlangsung",), "berlangsung"),
    **dict.fromkeys(("bertolak",), "bertolak"),
}
# The nouns derived from those verbs, whose root (`derivation_root`) is the verb's form
# above, not the root of the other sense: "pernyataan" (a statement) is made by
# "menyatakan", not by what is "nyata".
LEXICALISED_NOUNS: dict[str, str] = {
    "pernyataan": "menyatakan",
    "kesediaan": "bersedia",
    "pendirian": "berdiri",
    "pertahanan": "bertahan",
    "pemberlakuan": "berlaku",
    "pengalaman": "mengalami",
    "keberadaan": "berada",
}
LEXICALISED_LEMMAS = frozenset(LEXICALISED.values())


def derivation_root(term: str) -> str | None:
    """The root of a derived noun `lemma_id` keeps whole ("pemerintah" → perintah), or
    None where the term is no such noun."""
    if term in LEXICALISED_NOUNS:
        return LEXICALISED_NOUNS[term]
    lemma = simplemma.lemmatize(term, lang="id").casefold() if term else term
    return lemma if lemma != term and _nominal(term, lemma) else None


# Prefixes of verbs: "ditahan", "menahan", "bertahan" are forms of "tahan", as
# "berdatangan" is of "datang".
VERB_PREFIXES = ("me", "di", "ber", "ter")
CLITICS = ("nya", "lah", "kah", "pun")


def _nominal(word: str, lemma: str) -> bool:
    """Whether `word`, whose lemma is `lemma`, is a noun derived from it: with pe(N)- or
    per- ("pemain", "pertemuan"), or with the suffix -an around or after the root
    ("keuangan", "putusan"); not where "-an" ends the root itself ("tahan") or is a
    verb's -kan ("lakukan")."""
    # A root and -kan or -i ("lakukan", "perintahkan", "pelajari") is a verb; "kebijakan" is
    # ke-…-an around "bijak".
    if word.startswith(VERB_PREFIXES) or not word.isalpha() or word.endswith((lemma + "kan", lemma + "i")):
        return False
    return word.startswith("pe") or (word.endswith("an") and not word.endswith(lemma))


def _without_clitic(word: str) -> str:
    """The word without a clitic ("pemerintahnya", "dialaminya"), where what is left is a
    word itself, to the lemmatiser or as a `LEXICALISED` verb: "pengolah" ends in -lah, and
    "pengo" is no word."""
    for clitic in CLITICS:
        if word.endswith(clitic) and len(word) - len(clitic) >= 4:
            stem = word[: -len(clitic)]
            return stem if stem in LEXICALISED or simplemma.is_known(stem, lang="id") else word
    return word


@lru_cache(maxsize=1)
def stop_id() -> frozenset[str]:
    """Indonesian words that are never index terms: stopwords and question words."""
    return stopwords("id") | QUESTION_WORDS["id"]


@lru_cache(maxsize=1)
def stop_en() -> frozenset[str]:
    """English words that never stand for index terms."""
    return stopwords("en") | QUESTION_WORDS["en"]


# Terms per token, filled as tokens are met: a plain dict lookup is the cheapest thing
# per token at indexing time (an lru_cache wrapper costs several times more). Cleared
# when it grows past what any real vocabulary needs, so odd input cannot grow it forever.
_TOKEN_TERMS: dict[str, tuple[str, ...]] = {}
_TOKEN_TERMS_LIMIT = 2_000_000


def forget_token_terms() -> None:
    """Drop the per-token cache (after a build, whose vocabulary questions never need)."""
    _TOKEN_TERMS.clear()


def _word_terms(token: str) -> tuple[str, ...]:
    found = _TOKEN_TERMS.get(token)
    if found is None:
        if len(_TOKEN_TERMS) >= _TOKEN_TERMS_LIMIT:
            _TOKEN_TERMS.clear()
        stop = stop_id()
        found = _TOKEN_TERMS[token] = tuple(lemma_id(t) for t in split_token(token) if t and t not in stop)
    return found


def index_terms(text: str) -> list[str]:
    """The terms a passage is indexed under.

    "se-" before a quantity is the measure it states ("sepanjang 162 kilometer",
    "selama dua bulan" → panjang, lama), which the lemmatiser leaves whole; "2,6%" is
    2,6 persen, as news also writes it.
    """
    normalized = normalize(text)
    if "%" in normalized:
        normalized = PERCENT.sub(" persen", normalized)
    tokens = tokens_of(normalized)
    terms: list[str] = []
    cached = _TOKEN_TERMS.get
    for position, token in enumerate(tokens):
        if (
            token.startswith("se")
            and len(token) > 2  # "se dua": nothing is left to lemmatise of a bare "se"
            and position + 1 < len(tokens)
            and _is_quantity(tokens[position + 1])
            and (simplemma.is_known(token[2:], lang="id"))
        ):
            token = token[2:]
        found = cached(token)
        terms.extend(found if found is not None else _word_terms(token))
    return terms


def _is_quantity(token: str) -> bool:
    return token[:1].isdigit() or token in QUANTITY_WORDS or token in ("rp", "us$", "usd")


# "Ibu Kota Nusantara (IKN)", "aparatur sipil negara (ASN)": the words, then in brackets
# the acronym news writers use for them from then on.
ACRONYM_IN_BRACKETS = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
ACRONYM_CONNECTORS = frozenset("dan untuk dari of and for the".split())


def find_acronyms(text: str) -> dict[str, tuple[str, ...]]:
    """Acronyms the text defines, mapped to the index terms of what they stand for.

    Only definitions whose words' initials spell the acronym are taken, so "Presiden
    Jokowi (kiri)" is no definition. A question naming the acronym then also finds the
    passages that spell it out, and passes the name check where only those stand.
    """
    found: dict[str, tuple[str, ...]] = {}
    for match in ACRONYM_IN_BRACKETS.finditer(text):
        acronym = match.group(1)
        before = re.split(r"[\s,-]+", text[max(0, match.start() - 120) : match.start()])
        parts = [p for p in before if p and p.lower() not in ACRONYM_CONNECTORS]
        expansion = parts[-len(acronym) :]
        if (
            len(expansion) == len(acronym)
            and all(p.isalpha() for p in expansion)
            and ("".join(p[0] for p in expansion).lower() == acronym.lower())
        ):
            terms = tuple(index_terms(" ".join(expansion)))
            if terms:
                found[acronym.casefold()] = tuple(dict.fromkeys(terms))
    return found
