"""Input hygiene shared by ingest, the corpus reader and questions: text normalised
(NFC, invisible format characters and control characters removed), and the fields of
an article checked (real calendar dates, http(s) addresses without whitespace).

Why: a zero-width space inside a word ("Pu\u200btin") splits it so it matches nothing,
control characters from raw pages are never text a reader should be quoted, and a date
like 2024-02-31 breaks every comparison that trusts it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import urlsplit

# Format characters that are invisible but split words or hide in keys: soft hyphen,
# Arabic letter mark, Mongolian vowel separator, zero-width space/joiners, direction
# marks and embeddings, word joiner and invisible operators, isolates, BOM, annotation
# marks.
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
# C0 and C1 controls except tab, line feed and carriage return (whitespace, handled by
# the callers' whitespace rules).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The largest raw page (file, URL or feed entry) taken as one article; INGEST_MAX_BYTES
# by default: larger is no single article, and cleaning it would only hold the build lock.
MAX_PAGE_BYTES = 2_000_000
SURROGATE = re.compile("[\ud800-\udfff]")
PUBLISHED = re.compile(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?")


def clean_text(text: str) -> str:
    """NFC text without invisible format characters or control characters; lone
    surrogates (from undecodable bytes) become U+FFFD."""
    if not text.isascii():
        text = SURROGATE.sub("\ufffd", text)
        text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return CONTROL.sub("", text)


def clean_question(question: str) -> str:
    """A question as the analysis should see it: clean, on one line, single-spaced."""
    return " ".join(clean_text(question).split())


def has_nul(text: str) -> bool:
    return "\x00" in text


def check_published(value: str) -> str:
    """`value` if it is a real calendar date written YYYY-MM-DD or YYYY-MM (ASCII
    digits, nothing around it); ValueError with a readable message otherwise."""
    if not PUBLISHED.fullmatch(value):
        raise ValueError(f"published must be YYYY-MM-DD or YYYY-MM, not {value!r}")
    try:
        date.fromisoformat(value if len(value) == 10 else f"{value}-01")
    except ValueError:
        raise ValueError(f"published {value!r} is not a calendar date") from None
    return value


def check_url(value: str) -> str:
    """`value` if it is an http(s) address with a host and no whitespace or control
    characters anywhere; ValueError otherwise."""
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        raise ValueError(f"url must not contain spaces or control characters: {value!r}")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise ValueError(f"url is not a valid address: {value!r}") from None
    if parts.scheme not in {"http", "https"} or not parts.netloc or not parts.hostname:
        raise ValueError(f"url must be an http(s) address, not {value!r}")
    return value
