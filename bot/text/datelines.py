"""News datelines: "Bisnis.com, JAKARTA -", "Jakarta (ANTARA) -" at the start of a lead.

A dateline names the outlet and the place, not the news; left in, it would open every
quote of an article's first sentence. Both ingestion (raw pages) and indexing
(hand-written corpus files) strip it, so it lives here, below both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: A dateline prefix ("Jakarta, 16/10 (ANTARA)") has at most this many tokens.
MAX_DATELINE_TOKENS = 6

_I = re.IGNORECASE
# Separator after a dateline: "--", en/em dash (spaces optional), a spaced "-",
# or ":" followed by a space (colon datelines need a domain/agency, see below).
_DATELINE_SEP_RE = re.compile(r"\s*(?:--|[–—])\s*|\s+-\s*|(?<=\S)-\s+|:\s+")
_DATELINE_WINDOW = 100  # characters searched for the separator
_PREFIX_TOKEN_RE = re.compile(r"\([^()]{1,40}\)|[^\s()]+")
_TOKEN_PAREN_RE = re.compile(r"\([^()]{1,40}\)")
_TOKEN_DOTTED_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+")
_TOKEN_CAPITALISED_RE = re.compile(r"[^\W\d_][\w'’&.-]*")
_TOKEN_NUMBER_RE = re.compile(r"\d[\d/.-]*")
_TOKEN_CAMEL_RE = re.compile(r"[a-z]+[A-Z]\w*")  # detikNews, kumparanBISNIS
_DOMAIN_RE = re.compile(
    r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|co|id|net|org|tv|news|info|asia|my|sg)"
    r"(?:\.(?:id|uk|my|sg))?",
    _I,
)
_ALL_CAPS_RE = re.compile(r"[A-Z][A-Z&.-]*[A-Z]")
KNOWN_AGENCIES: tuple[str, ...] = (
    "antara", "reuters", "ap", "afp", "xinhua", "bernama", "kyodo", "yonhap",
    "anadolu", "sputnik", "tass", "dpa", "efe", "upi", "bloomberg",
)  # fmt: skip
_REST_START_RE = re.compile(r"[\"'“‘(\[]?[A-Z0-9À-Þ]")


def _is_allowed_dateline_token(token: str) -> bool:
    """Tokens a dateline is made of: place names, outlet names, dates, '(ANTARA)'.

    Why: a lowercase word ('dan', 'tiga') means the prefix is prose, not a dateline.
    """
    if _TOKEN_PAREN_RE.fullmatch(token) or _TOKEN_DOTTED_RE.fullmatch(token):
        return True
    if _TOKEN_NUMBER_RE.fullmatch(token) or _TOKEN_CAMEL_RE.fullmatch(token):
        return True
    return bool(_TOKEN_CAPITALISED_RE.fullmatch(token)) and token[0].isupper()


def _is_agency_paren(token: str) -> bool:
    """'(ANTARA)', '(AP)', '(Reuters)', '(beritajatim.com)'."""
    if not _TOKEN_PAREN_RE.fullmatch(token):
        return False
    inner = token[1:-1].strip()
    return (
        inner.casefold() in KNOWN_AGENCIES or bool(_ALL_CAPS_RE.fullmatch(inner)) or bool(_DOMAIN_RE.fullmatch(inner))
    )


def _is_caps_word(token: str) -> bool:
    return len(re.sub(r"[^A-Za-z]", "", token)) >= 3 and bool(_ALL_CAPS_RE.fullmatch(token))


def _dateline_evidence(segments: Sequence[Sequence[str]]) -> tuple[bool, bool]:
    """Return (strong, weak) evidence that comma `segments` form a dateline.

    strong: an outlet domain ('Bisnis.com', 'TEMPO.CO', 'REPUBLIKA.CO.ID') or an
    agency in parentheses ('(ANTARA)'). weak: an ALL-CAPS city/outlet word that
    opens its segment ('JAKARTA, ...', 'Jakarta, CNBC Indonesia') when there are
    several segments, or a segment made only of ALL-CAPS words ('KUALA LUMPUR').
    """
    tokens = [t for seg in segments for t in seg]
    strong = any(_DOMAIN_RE.fullmatch(t.rstrip(".")) or _is_agency_paren(t) for t in tokens)
    weak = any(
        seg and _is_caps_word(seg[0]) and (len(segments) > 1 or all(_is_caps_word(t) for t in seg)) for seg in segments
    )
    return strong, weak


def _names_source(segments: Sequence[Sequence[str]], source: str | None) -> bool:
    """A segment spells the outlet's name ("Surabaya, Warta Kita -", "Bandung (KABAR) -"):
    the one outlet-like token no pattern can know, so ingestion is told the name."""
    if not source:
        return False
    wanted = re.sub(r"[^\w]+", " ", source.casefold()).split()
    for seg in segments:
        words = re.sub(r"[^\w]+", " ", " ".join(seg).casefold()).split()
        if wanted and any(words[i : i + len(wanted)] == wanted for i in range(len(words))):
            return True
    return False


def strip_dateline(paragraph: str, source: str | None = None) -> str:
    """Remove a leading news dateline and return the rest of the paragraph.

    Handles e.g. 'Bisnis.com, JAKARTA - ', 'JAKARTA, KOMPAS.com — ',
    'TEMPO.CO, Jakarta - ', 'Liputan6.com, Jakarta: ', 'REPUBLIKA.CO.ID, JAKARTA -- ',
    'Jakarta (ANTARA) - ', 'Moskow, KabarDunia.id - '.

    Why conservative: a dateline is stripped only when the text before the first
    dash/colon is at most a few capitalised/outlet tokens, contains an outlet-like
    token (a domain, '(ANTARA)'-style agency, or an ALL-CAPS city/outlet) and the
    remainder starts like a sentence. So prose such as 'Rusia, Iran, dan Suriah -
    tiga negara ...' is returned unchanged. A colon separator additionally needs a
    domain or agency, since 'Presiden Jokowi: ...' is a normal quote intro.
    """
    text = paragraph.strip()
    match = _DATELINE_SEP_RE.search(text, 0, _DATELINE_WINDOW)
    if match is None or match.start() == 0:
        return text
    prefix, rest = text[: match.start()].strip(), text[match.end() :].strip()
    if rest and not _REST_START_RE.match(rest):
        return text
    segments = [_PREFIX_TOKEN_RE.findall(seg) for seg in prefix.split(",")]
    tokens = [t for seg in segments for t in seg]
    if not tokens or any(not seg for seg in segments) or len(segments) > 3:
        return text
    if len(tokens) > MAX_DATELINE_TOKENS or not all(map(_is_allowed_dateline_token, tokens)):
        return text
    strong, weak = _dateline_evidence(segments)
    strong = strong or _names_source(segments, source)
    is_colon = match.group().strip() == ":"
    if strong or (weak and not is_colon):
        return rest
    return text
