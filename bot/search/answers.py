"""Answer assembly: turns ranked passages into quotable answers with their sources."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from bot.model import Answer, ArticleInfo
from bot.text.normalize import words
from bot.text.sentences import leans_on_previous
from bot.text.terms import index_terms
from bot.text.wordlists import SPEECH_MARKERS


@dataclass(frozen=True, slots=True)
class Quote:
    """A ranked sentence with what assembly needs to know around it."""

    text: str
    score: float
    article: ArticleInfo
    previous: str | None  # the sentence before it in the same paragraph
    following: str | None  # the sentence after it in the same paragraph
    # Its index terms, as the index's term ids (the engine reads them from the forward
    # index); None: analyse the text. Only compared with other quotes' terms.
    terms: frozenset[int] | None = None


# A quote this short rarely stands on its own; the next sentence finishes the thought.
SHORT_SENTENCE_WORDS = 12
# Term-set overlap above which two sentences are the same quote (captions, syndication).
NEAR_DUPLICATE = 0.85


def context_for(quote: Quote) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The neighbouring sentences that continue the quote: (before, after)."""
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    if quote.previous and leans_on_previous(quote.text):
        before = (quote.previous,)
    if quote.following:
        unattributed_quote = quote.text.lstrip().startswith(('"', "“")) and not SPEECH_MARKERS.search(quote.text)
        continues = (
            quote.text.rstrip().endswith(":")
            or unattributed_quote
            or len(quote.text.split()) < SHORT_SENTENCE_WORDS
            or leans_on_previous(quote.following)
            or quote.following.lstrip().startswith(('"', "“"))
        )
        if continues:
            after = (quote.following,)
    return before, after


def matched_words(texts: Sequence[str], question_terms: set[str]) -> tuple[str, ...]:
    """Words as written in `texts` whose index terms the question asked for."""
    found: dict[str, None] = {}
    for text in texts:
        for match in words(text):
            surface = match.group()
            if question_terms.intersection(index_terms(surface)):
                found[surface] = None
    return tuple(found)


def _jaccard(a: AbstractSet[object], b: AbstractSet[object]) -> float:
    """Term overlap; sentences with no terms at all are not judged the same."""
    return len(a & b) / len(a | b) if a and b else 0.0


def assemble_answers(quotes: Sequence[Quote], question_terms: set[str], k: int) -> list[Answer]:
    """Up to k answers from ranked quotes, near-duplicates merged into one with all sources."""
    kept: list[tuple[Quote, AbstractSet[object], list[ArticleInfo]]] = []
    for quote in quotes:
        terms: AbstractSet[object] = quote.terms if quote.terms is not None else frozenset(index_terms(quote.text))
        twin = next((entry for entry in kept if _jaccard(entry[1], terms) >= NEAR_DUPLICATE), None)
        if twin is not None:
            if quote.article.id != twin[0].article.id and quote.article not in twin[2]:
                twin[2].append(quote.article)
            continue
        if len(kept) < k:
            kept.append((quote, terms, []))
    answers = []
    for quote, _, others in kept:
        before, after = context_for(quote)
        answers.append(
            Answer(
                text=quote.text,
                context_before=before,
                context_after=after,
                score=round(quote.score, 4),
                article=quote.article,
                matched=matched_words((*before, quote.text, *after), question_terms),
                also_in=tuple(others),
            )
        )
    return answers
