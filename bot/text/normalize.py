"""Normalised text and its word tokens: the one definition of "a word" that indexing,
question analysis and highlighting share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

TOKEN = re.compile(r"[^\W_]+(?:[-'’./:,][^\W_]+)*")
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
