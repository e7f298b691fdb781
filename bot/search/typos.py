"""One typo corrector: the most likely word one edit away that the caller knows.

Used for Indonesian and English content words (against the index vocabulary), for
English function words and for Indonesian question cues; callers differ only in what
they accept, how they rank what they accept and the shortest word worth correcting.

Of several known words one edit away, the likeliest is the commonest (the caller's
`rank`: for index terms, how many sentences hold them), and between equally common
ones the slip a hand makes more easily: two letters swapped, or a key struck for its
neighbour on the keyboard rather than for a key across it.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
# Words longer than this are no typos of a real word; their one-edit variants (about
# 54 per letter) would only cost time.
MAX_TYPO_LENGTH = 30

QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
# Each row sits about half a key to the right of the one above it.
_ROW_OFFSET = (0.0, 0.25, 0.75)
_KEY_PLACE = {
    letter: (row, column + _ROW_OFFSET[row])
    for row, keys in enumerate(QWERTY_ROWS)
    for column, letter in enumerate(keys)
}


def adjacent_keys(a: str, b: str) -> bool:
    """Whether two letters sit next to each other on a QWERTY keyboard."""
    if a not in _KEY_PLACE or b not in _KEY_PLACE or a == b:
        return False
    (row_a, col_a), (row_b, col_b) = _KEY_PLACE[a], _KEY_PLACE[b]
    return abs(row_a - row_b) <= 1 and abs(col_a - col_b) <= 1.0


def slip_likelihood(typed: str, meant: str) -> float:
    """How easily a hand types `typed` for `meant` (one edit apart): a tie-breaker.

    A swap of two neighbouring letters and a neighbouring key struck instead of the
    right one are the commonest slips (1.0); a doubled or neighbouring extra key (0.8)
    and a dropped letter (0.6) come next; a key struck across the keyboard is last.
    """
    if len(typed) == len(meant):
        diff = [i for i, (a, b) in enumerate(zip(typed, meant)) if a != b]
        if len(diff) == 2:
            return 1.0  # transposition
        if len(diff) == 1:
            return 1.0 if adjacent_keys(typed[diff[0]], meant[diff[0]]) else 0.2
        return 0.0
    if len(typed) == len(meant) + 1:  # an extra letter was typed
        at = next((i for i, (a, b) in enumerate(zip(typed, meant)) if a != b), len(meant))
        extra = typed[at]
        around = [typed[i] for i in (at - 1, at + 1) if 0 <= i < len(typed)]
        return 0.8 if any(extra == c or adjacent_keys(extra, c) for c in around) else 0.4
    return 0.6  # a letter was dropped


def correct(
    word: str,
    known: Callable[[str], bool],
    *,
    min_length: int,
    rank: Callable[[str], float] | None = None,
) -> str | None:
    """The likeliest one-edit variant of `word` that `known` accepts, or None.

    Variants are ordered by `rank` (higher is likelier; e.g. a term's document
    frequency), then by how easily the slip is made. Short words and numbers are left
    alone: one edit away from a three-letter word is almost any other three-letter word.
    """
    if not min_length <= len(word) <= MAX_TYPO_LENGTH or not word.isalpha():
        return None
    found = [candidate for candidate in dict.fromkeys(one_edit(word)) if candidate != word and known(candidate)]
    if not found:
        return None
    return max(found, key=lambda c: (rank(c) if rank else 0.0, slip_likelihood(word, c)))


def correct_name(word: str, vocabulary: Container[str]) -> str | None:
    """A name one edit from a name the corpus holds, with the same first letter: writers
    seldom slip on a name's first letter, and one edit from a name at its first letter
    is often another person ("Ibrahim", "Ebrahim")."""
    return correct(word, lambda c: c[:1] == word[:1] and c in vocabulary, min_length=5, rank=frequency_in(vocabulary))


def one_edit(word: str) -> Iterator[str]:
    """Transpositions, deletions, substitutions, insertions (each variant may repeat)."""
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


def frequency_in(vocabulary: Container[str]) -> Callable[[str], float]:
    """A rank for `correct`: how many sentences hold a term, where the vocabulary is an
    index that counts them (else 1 for a term it holds, 0 for one it lacks)."""
    counts = getattr(vocabulary, "document_frequency", None)
    if callable(counts):
        return lambda term: float(counts(term))
    return lambda term: float(term in vocabulary)
