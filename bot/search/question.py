"""Text analysis: the same Indonesian index terms for articles and for questions.

Articles are analysed once, at indexing: tokens, dates spelled out, Indonesian
stopwords dropped, words lemmatised (simplemma). Questions go through the same
pipeline after two extra steps that depend on what the index holds: Indonesian chat
forms are normalised and typos corrected against the index vocabulary, and English
words are mapped to the Indonesian terms that stand in the index (lexicon senses,
cognates, names). Each question word becomes one group of alternatives, and the index
scores a group by its best alternative, so a word with many translations counts no
more than a word with one.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import simplemma

from bot.index import Alternative
from bot.lexicon import DATA_DIR, Lexicon, informal_forms, stopwords

# Bump when the terms produced for a text change: the index is rebuilt on mismatch.
# The lemmatiser's version counts too, since an upgrade may lemmatise differently; the
# word lists count where they shape index terms (stopwords).
ANALYZER_CODE_VERSION = "3"
ANALYZER_VERSION = (
    f"{ANALYZER_CODE_VERSION}/simplemma-{simplemma.__version__}/"
    f"stopwords-{zlib.crc32((DATA_DIR / 'stopwords_id.txt').read_bytes()):08x}"
)

MONTHS_ID = (
    "januari februari maret april mei juni juli agustus september oktober november desember"
).split()
MONTHS_EN = (
    "january february march april may june july august september october november december"
).split()
MONTH_NUMBER = {name: number for names in (MONTHS_ID, MONTHS_EN) for number, name in enumerate(names, 1)}
MONTH_NUMBER.update({name[:3]: number for number, name in enumerate(MONTHS_EN, 1)})
MONTH_NUMBER.update({"agu": 8, "okt": 10, "des": 12, "sept": 9})

QUESTION_WORDS = {
    "en": frozenset("what who whom whose when where why how which".split()),
    "id": frozenset("apa apakah siapa kapan mana dimana mengapa kenapa bagaimana berapa manakah".split()),
}
# Chat spellings of English words ("abt" is not one edit from "about").
ENGLISH_CHAT = {"abt": "about", "u": "you", "ur": "your", "pls": "please", "wat": "what", "wht": "what",
                "bc": "because", "cuz": "because", "thx": "thanks", "govt": "government", "intl": "international"}
# Word forms that attach to names and carry no meaning of their own.
NAME_PARTICLES = frozenset("al el ad as ash bin ibn abu".split())

TOKEN = re.compile(r"[^\W_]+(?:[-'’./:,][^\W_]+)*")
THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
DATE = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
LETTER = re.compile(r"[^\W\d_]")


PLAIN_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalize(text: str) -> str:
    """NFKC, case-folded, typographic quotes and dashes made plain."""
    return unicodedata.normalize("NFKC", text).casefold().translate(PLAIN_PUNCTUATION)


def tokens_of(normalized: str) -> list[str]:
    """The word tokens of normalised text, as `words` finds them.

    Most whitespace-separated chunks are plain words (isalnum is exactly TOKEN's letter
    class), so only the rest go through the regex: at a million sentences this is the
    analyzer's hottest loop.
    """
    found: list[str] = []
    for chunk in normalized.split():
        if chunk.isalnum():
            found.append(chunk)
        else:
            found.extend(TOKEN.findall(chunk))
    return found


def words(text: str) -> Iterator[re.Match[str]]:
    """Word-like spans of the original text, for highlighting and for analysis."""
    return TOKEN.finditer(text)


def split_token(token: str, lang: str = "id") -> list[str]:
    """One raw token (already normalised) into the tokens that get analysed.

    Numbers are made canonical ("21.197" → "21197"; an English "6.25" is the Indonesian
    "6,25"); dates are spelled out so "16/10/2023" meets "October 2023"; reduplications
    ("negara-negara") collapse; name particles ("al-Sisi") fall away; English
    possessives lose their "'s".
    """
    if not LETTER.search(token):
        return _number_tokens(token, lang)
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
    return simplemma.lemmatize(word, lang="id").casefold()


@lru_cache(maxsize=1)
def _irregular_en() -> dict[str, str]:
    text = (DATA_DIR / "irregular_en.tsv").read_text(encoding="utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {form: base for form, base in pairs}


# Regular English inflections, most specific first: (ending, replacement).
EN_SUFFIXES = (("ies", "y"), ("ves", "f"), ("ves", "fe"), ("ses", "s"), ("xes", "x"), ("ches", "ch"),
               ("shes", "sh"), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
               ("ier", "y"), ("iest", "y"), ("er", ""), ("est", ""))


@lru_cache(maxsize=50_000)
def lemma_en(word: str) -> str:
    """English base form, from the irregular table or regular endings, checked against
    the lexicon's headwords ("told" → tell, "embassies" → embassy, "stopped" → stop).

    Rules plus a dictionary check need no model and load in microseconds; a word the
    rules cannot bring to a known headword stays as it is.
    """
    if word in _irregular_en():
        return _irregular_en()[word]
    lexicon = Lexicon.load()
    if word in lexicon:
        return word
    for ending, replacement in EN_SUFFIXES:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem = word[: len(word) - len(ending)] + replacement
            for candidate in (stem, stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else None):
                if candidate and candidate in lexicon:
                    return candidate
    return word


@lru_cache(maxsize=1)
def _stop_id() -> frozenset[str]:
    return stopwords("id") | QUESTION_WORDS["id"]


@lru_cache(maxsize=1)
def _stop_en() -> frozenset[str]:
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
        stop = _stop_id()
        found = _TOKEN_TERMS[token] = tuple(lemma_id(t) for t in split_token(token) if t not in stop)
    return found


def index_terms(text: str) -> list[str]:
    """The terms a passage is indexed under.

    "se-" before a quantity is the measure it states ("sepanjang 162 kilometer",
    "selama dua bulan" → panjang, lama), which the lemmatiser leaves whole.
    """
    tokens = tokens_of(normalize(text))
    terms: list[str] = []
    cached = _TOKEN_TERMS.get
    for position, token in enumerate(tokens):
        if token.startswith("se") and position + 1 < len(tokens) and _is_quantity(tokens[position + 1]) and (
            simplemma.is_known(token[2:], lang="id")
        ):
            token = token[2:]
        found = cached(token)
        terms.extend(found if found is not None else _word_terms(token))
    return terms


QUANTITY_WORDS = frozenset(
    "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas seratus seribu sejuta "
    "puluhan ratusan ribuan jutaan setengah separuh".split()
)


def _is_quantity(token: str) -> bool:
    return token[:1].isdigit() or token in QUANTITY_WORDS or token in ("rp", "us$", "usd")


# Openings of a sentence that leans on the one before: a pronoun or connective ("Ia",
# "Namun"), or a noun pointed back at ("Keputusan tersebut", "Kebijakan itu").
ANAPHORIC_OPENING = re.compile(
    r"^[\"“]?((ia|dia|mereka|beliau|namun|tetapi|tapi|ini|itu|kedua|keduanya|selain itu|sementara itu|"
    r"meski demikian|dengan demikian|oleh karena itu|he|she|they|it|this|however|but)\b"
    r"|(\w+ ){1,2}(ini|itu|tersebut)\b)",
    re.IGNORECASE,
)


def leans_on_previous(sentence: str) -> bool:
    """Whether a sentence needs the one before it to say who or what it is about."""
    return ANAPHORIC_OPENING.match(sentence) is not None


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
        before = re.split(r"[\s,-]+", text[max(0, match.start() - 120):match.start()])
        parts = [p for p in before if p and p.lower() not in ACRONYM_CONNECTORS]
        expansion = parts[-len(acronym):]
        if len(expansion) == len(acronym) and all(p.isalpha() for p in expansion) and (
            "".join(p[0] for p in expansion).lower() == acronym.lower()
        ):
            terms = tuple(index_terms(" ".join(expansion)))
            if terms:
                found[acronym.casefold()] = tuple(dict.fromkeys(terms))
    return found


@lru_cache(maxsize=1)
def _language_words() -> tuple[frozenset[str], frozenset[str]]:
    """English and Indonesian words that tell the two apart (built once, used per question)."""
    return _stop_en() | ENGLISH_CHAT.keys(), _stop_id() | informal_forms().keys()


def detect_language(text: str) -> str:
    """'en' or 'id', by which language's function words the text uses more.

    Indonesian wins ties: the corpus is Indonesian, and a bare name is best searched
    as it is.
    """
    tokens = [m.group() for m in words(normalize(text))]
    en_words, id_words = _language_words()
    english = sum(1 for t in tokens if t in en_words and t not in id_words)
    indonesian = sum(1 for t in tokens if t in id_words and t not in en_words)
    if english == indonesian == 0:
        # No function words ("ceasefire hostages"): English when words translate to
        # something else and are no Indonesian words; names count for neither.
        lexicon = Lexicon.load()
        english = sum(1 for t in tokens if _translates(lexicon, lemma_en(t)) and not simplemma.is_known(t, lang="id"))
        indonesian = sum(1 for t in tokens if simplemma.is_known(t, lang="id"))
    return "en" if english > indonesian else "id"


def _translates(lexicon: Lexicon, word: str) -> bool:
    return any(sense.indonesian != word for sense in lexicon.senses(word))


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
    lang = lang or detect_language(question)
    raw = tokens_of(normalize(question))[:MAX_QUESTION_WORDS]
    # Names are never spell-corrected: one the corpus lacks must stay unknown.
    names = names_in(question, lang)
    if lang == "en":
        tokens = [_english_spelling(t, vocabulary) for t in raw]
        acronyms = frozenset(normalize(m.group()) for m in words(question) if m.group().isupper() and len(m.group()) > 1)
        groups, unknown = _english_groups(tokens, vocabulary, use_lexicon, acronyms, frozenset(names))
    else:
        tokens = _normalise_indonesian(raw, vocabulary, frozenset(names)) if repair else raw
        groups, unknown = _indonesian_groups(tokens, vocabulary, frozenset(names), repair)
    if aliases:
        groups = [_with_alias(group, aliases) for group in groups]
    return AnalyzedQuestion(question, lang, tuple(tokens), tuple(groups), tuple(unknown), names)


def _with_alias(group: TermGroup, aliases: Mapping[str, tuple[str, ...]]) -> TermGroup:
    expansion = aliases.get(group.source)
    if not expansion or any(terms == expansion for _, terms in group.alternatives):
        return group
    return TermGroup(group.source, (*group.alternatives, (1.0, expansion)), group.literal)


def _is_dictionary_word(word: str) -> bool:
    """A common word of either language (a sentence-initial capital says nothing then)."""
    return word in Lexicon.load() or simplemma.is_known(word, lang="id") or lemma_id(word) != word


def names_in(question: str, lang: str) -> tuple[str, ...]:
    """Words the asker wrote as names: capitalised mid-sentence, or acronyms anywhere.

    The first word is capitalised by habit, so it counts only when it is no word the
    language's function-word lists or lexicon know.
    """
    names: list[str] = []
    stop = _stop_en() if lang == "en" else _stop_id()
    for number, match in enumerate(words(question)):
        word = match.group()
        if not word[:1].isupper():
            continue
        for part in split_token(normalize(word), lang):
            if part in stop or part in MONTH_NUMBER or not LETTER.search(part):
                continue
            if number == 0 and not word.isupper() and _is_dictionary_word(part):
                continue
            names.append(part)
    return tuple(names)


def _english_spelling(token: str, vocabulary: Container[str]) -> str:
    """Chat spellings and misspelt function words ("abt", "waht") as written properly,
    so they neither count as unknown content nor hide the question type."""
    if token in ENGLISH_CHAT:
        return ENGLISH_CHAT[token]
    stop = _stop_en()
    if token in stop or token in vocabulary or lemma_en(token) in Lexicon.load() or not token.isalpha():
        return token
    corrected = next((c for c in _one_edit(token) if c in stop), None) if 3 <= len(token) <= MAX_TYPO_LENGTH else None
    return corrected or token


# Words that say what kind of answer is wanted; a misspelling of one is fixed before
# the question type is read ("pnyebab" → penyebab).
QUESTION_CUES_ID = frozenset("penyebab alasan tujuan jumlah tanggal berapa kapan siapa mengapa kenapa bagaimana".split())


def _normalise_indonesian(tokens: list[str], vocabulary: Container[str], names: frozenset[str]) -> list[str]:
    """Chat forms written out ("brp" → berapa) and misspelt question cues fixed, so the
    question type and the lemmas work on them. Content words are corrected later, and
    only against the corpus vocabulary."""
    forms = informal_forms()
    normalised: list[str] = []
    for token in tokens:
        if token not in forms and token not in names and _misspelt_id(token, vocabulary):
            token = next((c for c in _one_edit(token) if c in QUESTION_CUES_ID), token)
        normalised.extend(forms.get(token, token).split())
    return normalised


def _misspelt_id(token: str, vocabulary: Container[str]) -> bool:
    return (3 <= len(token) <= MAX_TYPO_LENGTH and token.isalpha() and token not in vocabulary
            and not simplemma.is_known(token, lang="id"))


def _indonesian_groups(
    tokens: list[str], vocabulary: Container[str], names: frozenset[str], repair: bool
) -> tuple[list[TermGroup], list[str]]:
    groups: list[TermGroup] = []
    unknown: list[str] = []
    stop = _stop_id()
    for token in tokens:
        for part in split_token(token):
            if part in stop:
                continue
            terms = _id_alternatives(part, vocabulary, name=part in names, repair=repair)
            if terms:
                groups.append(TermGroup(part, terms))
            else:
                unknown.append(part)
    return _join_compounds(groups, vocabulary), unknown


def _id_alternatives(
    word: str, vocabulary: Container[str], *, name: bool = False, repair: bool = True
) -> tuple[Alternative, ...]:
    """Index terms for one Indonesian word. Unless `repair` is off, a word the corpus
    lacks is tried as a colloquial form, a compound or a typo; a name only as a typo."""
    term = lemma_id(word)
    for known in (term, word):
        if known in vocabulary:
            split = _split_compound(word, vocabulary)
            alternatives = [(1.0, (known,))] + ([(1.0, split)] if split else [])
            alternatives += [(0.9, (relative,)) for relative in affix_family(word, vocabulary) if relative != known]
            return tuple(alternatives)
    if not repair:
        return ()
    if name:  # only a slip of one letter from a name the corpus holds
        corrected = correct_typo(word, vocabulary)
        return ((0.7, (corrected,)),) if corrected else ()
    colloquial = _colloquial_base(word, vocabulary)
    if colloquial:
        return ((0.9, (colloquial,)),)
    split = _split_compound(word, vocabulary)
    if split:
        return ((0.9, split),)
    corrected = correct_typo(word, vocabulary)
    if corrected:
        return ((0.7, (corrected,)),)
    return ()


# me-/pe- take a nasal that depends on the root's first letter, and k, p, t, s drop.
NASAL = {"k": ("meng", 1), "p": ("mem", 1), "t": ("men", 1), "s": ("meny", 1), "b": ("mem", 0), "f": ("mem", 0),
         "v": ("mem", 0), "c": ("men", 0), "d": ("men", 0), "j": ("men", 0), "z": ("men", 0), "g": ("meng", 0),
         "h": ("meng", 0)}


def affix_family(word: str, vocabulary: Container[str]) -> list[str]:
    """Index terms of the word's affixed forms ("minta" → the lemma of "meminta").

    The lemmatiser does not always bring a derived word back to the root a reader
    would type, so a root in a question also looks for what its derivations
    lemmatise to, where the index holds that.
    """
    if len(word) < 4 or not word.isalpha():
        return []
    if word[0] in "aeiou":
        prefix, drop = "meng", 0
    else:
        prefix, drop = NASAL.get(word[0], ("me", 0))
    active = prefix + word[drop:]
    forms = (active, active + "kan", active + "i", "di" + word, "ber" + word, "ter" + word, word + "an",
             "pe" + active[2:] + "an", "ke" + word + "an")
    found = [lemma_id(form) for form in forms]
    return list(dict.fromkeys(term for term in found if term != word and term in vocabulary))


def _colloquial_base(word: str, vocabulary: Container[str]) -> str | None:
    """Jakarta verb forms: "ngelepasin" → lepas, "mutusin" → putus, "nanyain" → tanya."""
    stems = [word[:-2]] if word.endswith("in") and len(word) > 5 else []
    stems.append(word)
    replacements = (("nge", ""), ("ng", ""), ("ng", "k"), ("ny", "s"), ("ny", "c"), ("m", "p"), ("n", "t"),
                    ("m", ""), ("n", ""))
    for stem in stems:
        candidates = [stem] + [new + stem[len(old):] for old, new in replacements if stem.startswith(old)]
        for candidate in candidates:
            for form in (candidate, lemma_id(candidate), lemma_id(candidate + "kan")):
                if len(form) >= 3 and form in vocabulary and form != word:
                    return form
    return None


def _split_compound(word: str, vocabulary: Container[str]) -> tuple[str, str] | None:
    """A word written as one that the corpus writes as two ("belasungkawa")."""
    for cut in range(3, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if left in vocabulary and right in vocabulary:
            return left, right
    return None


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


ALPHABET = "abcdefghijklmnopqrstuvwxyz"
# Words longer than this are no typos of a real word; their one-edit variants (about
# 54 per letter) would only cost time.
MAX_TYPO_LENGTH = 30


def correct_typo(word: str, vocabulary: Container[str]) -> str | None:
    """One-edit correction against the index vocabulary, for words it does not hold.

    Short words and numbers are left alone: one edit away from a three-letter word is
    almost any other three-letter word.
    """
    if not 5 <= len(word) <= MAX_TYPO_LENGTH or not word.isalpha():
        return None
    for candidate in _one_edit(word):
        if candidate in vocabulary:
            return candidate
    return None


def _one_edit(word: str) -> Iterator[str]:
    """Transpositions first (the commonest typing slip), then deletions, substitutions, insertions."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]
    for left, right in splits:
        if right:
            yield left + right[1:]
    for left, right in splits:
        for letter in ALPHABET:
            if right and letter != right[0]:
                yield left + letter + right[1:]
            yield left + letter + right


# --- English → Indonesian ---------------------------------------------------------

# Suffix rules that turn English Latinate words into their Indonesian loan forms.
COGNATE_SUFFIXES = (
    ("ization", "isasi"), ("isation", "isasi"), ("ation", "asi"), ("tion", "si"), ("sion", "si"),
    ("ical", "is"), ("ical", "ik"), ("ics", "ika"), ("ic", "ik"), ("ity", "itas"), ("ism", "isme"),
    ("ist", "is"), ("ive", "if"), ("cy", "si"), ("ure", "ur"), ("ary", "er"), ("or", "or"), ("al", "al"),
    ("y", "i"), ("e", ""), ("", ""),
)


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


def _english_groups(
    tokens: list[str], vocabulary: Container[str], use_lexicon: bool, acronyms: frozenset[str], names: frozenset[str]
) -> tuple[list[TermGroup], list[str]]:
    lexicon = Lexicon.load()
    stop = _stop_en() - acronyms
    lemmas = [lemma_en(t) for t in tokens]
    groups: list[TermGroup] = []
    unknown: list[str] = []
    index = 0
    while index < len(tokens):
        phrase = _longest_phrase(tokens, lemmas, index, lexicon) if use_lexicon else None
        if phrase:
            length, key = phrase
            alternatives = _sense_alternatives(lexicon, key, vocabulary)
            if alternatives:
                groups.append(TermGroup(" ".join(tokens[index : index + length]), alternatives, literal=False))
                index += length
                continue
        token = tokens[index]
        index += 1
        for part in split_token(token, "en"):
            if part in stop:
                continue
            alternatives = _english_word(part, vocabulary, lexicon if use_lexicon else None, name=part in names)
            if alternatives:
                literal = alternatives[0][0] == 1.0 and alternatives[0][1][0] in (part, part[:-1])
                groups.append(TermGroup(part, alternatives, literal=literal))
            else:
                unknown.append(part)
    return groups, unknown


def _longest_phrase(tokens: list[str], lemmas: list[str], start: int, lexicon: Lexicon) -> tuple[int, str] | None:
    """The longest lexicon phrase starting here. Phrases that open with a question word
    ("how many", "what time") say what kind of answer is wanted, not what to search."""
    if tokens[start] in QUESTION_WORDS["en"]:
        return None
    for length in range(min(lexicon.max_phrase_words, len(tokens) - start), 1, -1):
        for seq in (tokens, lemmas):
            key = " ".join(seq[start : start + length])
            if key in lexicon:
                return length, key
    return None


def _english_word(
    word: str, vocabulary: Container[str], lexicon: Lexicon | None, *, name: bool = False, retry: bool = True
) -> tuple[Alternative, ...]:
    """Index terms for one English word: itself where the corpus uses it (names),
    lexicon senses, cognates; else one typo fix (for a name, only towards a corpus name)."""
    alternatives: list[Alternative] = []
    for form in (word, word[:-1] if word.endswith("s") else None):
        if form and form in vocabulary:
            alternatives.append((1.0, (form,)))  # names ("Houthis") and words both languages share
            break
    if not LETTER.search(word):
        return tuple(alternatives)
    lemma = lemma_en(word)
    if lexicon is not None:
        for key in dict.fromkeys((word, lemma)):
            alternatives.extend(_sense_alternatives(lexicon, key, vocabulary))
    for candidate in cognates(lemma) + cognates(word):
        term = lemma_id(candidate)
        if term in vocabulary:
            alternatives.append((0.9, (term,)))
    if not alternatives and lexicon is not None:
        alternatives.extend(_prefixed_verb(lemma, vocabulary, lexicon))
    if alternatives or not retry:
        return _dedupe(alternatives)
    if name:
        fixed = correct_typo(word, vocabulary)
        return ((0.7, (fixed,)),) if fixed else ()
    fixed = _correct_english(word, vocabulary, lexicon)
    if fixed and fixed not in _stop_en():
        return _english_word(fixed, vocabulary, lexicon, retry=False)
    return ()


def _prefixed_verb(lemma: str, vocabulary: Container[str], lexicon: Lexicon) -> list[Alternative]:
    """English "re-" verbs the lexicon lacks: "reopen" is "buka kembali" or just "buka"."""
    base = lemma[2:]
    if not lemma.startswith("re") or len(base) < 3 or base not in lexicon:
        return []
    alternatives: list[Alternative] = []
    for weight, terms in _sense_alternatives(lexicon, base, vocabulary):
        if "kembali" in vocabulary:
            alternatives.append((weight * 0.9, (*terms, "kembali")))
        alternatives.append((weight * 0.8, terms))
    return alternatives


def _correct_english(word: str, vocabulary: Container[str], lexicon: Lexicon | None) -> str | None:
    if not 4 <= len(word) <= MAX_TYPO_LENGTH or not word.isalpha():
        return None
    known = _stop_en()
    for candidate in _one_edit(word):
        if candidate in known or candidate in vocabulary or (lexicon is not None and candidate in lexicon):
            return candidate
    return None


# Curated news senses are trusted more than FreeDict's, whose first sense is often the
# everyday rather than the news meaning; later senses of either are rarer meanings.
SENSE_WEIGHTS = {("news", True): 1.0, ("news", False): 0.9, ("freedict", True): 0.8, ("freedict", False): 0.6}
MAX_SENSES = {"news": 8, "freedict": 4}


def _sense_alternatives(lexicon: Lexicon, english: str, vocabulary: Container[str]) -> tuple[Alternative, ...]:
    """Lexicon senses whose every term stands in the index: the corpus filters the senses."""
    alternatives: list[Alternative] = []
    taken = {"news": 0, "freedict": 0}
    for sense in lexicon.senses(english):
        if taken[sense.origin] >= MAX_SENSES[sense.origin]:
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
