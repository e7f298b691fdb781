"""One typo corrector: the first word one edit away that the caller knows.

Used for Indonesian and English content words (against the index vocabulary), for
English function words and for Indonesian question cues; callers differ only in what
they accept and in the shortest word worth correcting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
# Words longer than this are no typos of a real word; their one-edit variants (about
# 54 per letter) would only cost time.
MAX_TYPO_LENGTH = 30


def correct(word: str, known: Callable[[str], bool], *, min_length: int) -> str | None:
    """The first one-edit variant of `word` that `known` accepts, or None.

    Short words and numbers are left alone: one edit away from a three-letter word is
    almost any other three-letter word.
    """
    if not min_length <= len(word) <= MAX_TYPO_LENGTH or not word.isalpha():
        return None
    return next((candidate for candidate in one_edit(word) if known(candidate)), None)


def one_edit(word: str) -> Iterator[str]:
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
