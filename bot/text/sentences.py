"""Indonesian-aware sentence splitting.

A full stop ends a sentence only when what follows starts a new one and what precedes is
not an abbreviation or an initial. Quoted speech stays whole together with its
attribution ('"…," kata Peskov.'), because the attribution is what makes a quote
quotable.
"""

from __future__ import annotations

import re

# Abbreviations that stand before a name, number or place: never the end of a sentence.
TITLE_ABBREVIATIONS = frozenset(
    """
    dr drs dra prof ir h hj kh st sh se mt msi mm mpd spd skm mr mrs ms jr sr bpk sdr sdri
    no nomor jl jln kec kab kel prov gg rt rw tbk pt cv vs hlm tgl ttd a.n u.p s.h s.e m.si
    m.m s.pd s.kom kol letjen mayjen brigjen jend kapt lettu serda ipda aiptu bripka
    gen lt col capt sgt gov sen rep
    """.split()
)
# Abbreviations that usually close a list and so may also close a sentence.
LIST_ABBREVIATIONS = frozenset("dll dsb dst etc dkk".split())

OPENING_QUOTES = '"“'
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, spaces. The
# run of punctuation is one class read from where it starts: as "(?:\.{3}|…|[.!?])+" an
# ellipsis was also three full stops, and a long run of dots not followed by a space (a
# dotted leader, "Tarif........Rp5.000") was split into both in every way, in time
# exponential in the run; read from each of its dots it would still be quadratic.
BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]+[\"”’')\]]*\s+")
# No abbreviation is longer than this ("s.kom", "brigjen", "a.n."): the word before a full
# stop is looked at only this far back, which keeps the splitter linear.
MAX_ABBREVIATION_CHARS = 12
# The longest passage: a "sentence" longer than this (a page without full stops, a
# table flattened into one line) is cut at word boundaries into pieces no longer.
MAX_SENTENCE_CHARS = 2000


def split_sentences(paragraph: str, max_chars: int = MAX_SENTENCE_CHARS) -> list[str]:
    """Split one paragraph into sentences, keeping every character of it in order (up
    to the whitespace where an overlong one is cut into pieces of at most `max_chars`).

    Linear in the paragraph's length: quote marks are counted as the scan passes them,
    and only the few characters before a full stop are looked at for an abbreviation.
    """
    return [piece for sentence in _sentences(paragraph) for piece in cap_length(sentence, max_chars)]


def cap_length(sentence: str, max_chars: int) -> list[str]:
    """`sentence` in pieces of at most `max_chars`, cut at the last space before the
    limit (or at the limit when a piece has no space)."""
    if len(sentence) <= max_chars:
        return [sentence]
    pieces: list[str] = []
    start = 0
    while len(sentence) - start > max_chars:
        cut = sentence.rfind(" ", start + 1, start + max_chars + 1)
        if cut <= start:
            cut = start + max_chars
        pieces.append(sentence[start:cut].strip())
        start = cut
    pieces.append(sentence[start:].strip())
    return [piece for piece in pieces if piece]


def _sentences(paragraph: str) -> list[str]:
    sentences: list[str] = []
    start = counted = 0
    quotes = QuoteCount()
    for match in BOUNDARY.finditer(paragraph):
        end = match.end()
        if end >= len(paragraph):
            break
        quotes.add(paragraph[counted:end])
        counted = end
        if not quotes.open and _is_boundary(paragraph, start, match):
            sentences.append(paragraph[start:end].strip())
            start = end
            quotes = QuoteCount()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


class QuoteCount:
    """Quote marks seen since the sentence began: is a quotation still open?"""

    def __init__(self) -> None:
        self.straight = self.curly_open = self.curly_close = 0

    def add(self, text: str) -> None:
        self.straight += text.count('"')
        self.curly_open += text.count("“")
        self.curly_close += text.count("”")

    @property
    def open(self) -> bool:
        return self.straight % 2 == 1 or self.curly_open > self.curly_close


def _is_boundary(text: str, start: int, match: re.Match[str]) -> bool:
    following = text[match.end()]
    if not (following.isupper() or following.isdigit() or following in OPENING_QUOTES + "(["):
        return False
    punctuation = match.group().rstrip()
    if punctuation.startswith(".") and not punctuation.startswith("..."):
        word = _word_before(text, start, match.start())
        if word and _is_abbreviation(word, following):
            return False
    return True


def _word_before(text: str, start: int, end: int) -> str:
    """The run of word characters and dots that ends at `end` and begins at or after
    `start` (what `[\\w.]+$` matched), looked for no further back than an
    abbreviation can be long: "" for a longer run, since that is no abbreviation."""
    floor = max(start, end - MAX_ABBREVIATION_CHARS - 1)
    begin = end
    while begin > floor and _wordish(text[begin - 1]):
        begin -= 1
    if begin == floor > start and _wordish(text[floor - 1]):
        return ""
    return text[begin:end]


def _wordish(char: str) -> bool:
    return char.isalnum() or char in "._"


def _is_abbreviation(word: str, following: str) -> bool:
    token = word.lower().strip(".")
    if len(token) == 1 and token.isalpha():
        return True  # an initial: "Susilo B. Yudhoyono"
    if "." in token and all(len(part) <= 2 for part in token.split(".")):
        return True  # "a.n.", "S.H.", "U.S."
    if token in LIST_ABBREVIATIONS:
        return not (following.isupper() or following in OPENING_QUOTES)
    return token in TITLE_ABBREVIATIONS


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
