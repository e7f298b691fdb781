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
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, spaces.
BOUNDARY = re.compile(r"(?:\.{3}|…|[.!?])+[\"”’')\]]*\s+")
WORD_BEFORE = re.compile(r"[\w.]+$")


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences, keeping every character of it in order.

    Linear in the paragraph's length: quote marks are counted as the scan passes them,
    and only the chunk before a full stop is looked at for an abbreviation.
    """
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
        chunk_start = max(text.rfind(" ", start, match.start()), start - 1) + 1  # the word before the stop
        word = WORD_BEFORE.search(text[chunk_start : match.start()])
        if word and _is_abbreviation(word.group(), following):
            return False
    return True


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
