"""Answer assembly: turns ranked passages into quotable answers with their sources."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    known = _SURFACE_TERMS
    if len(known) > SURFACE_CACHE:
        known.clear()
    for text in texts:
        for match in words(text):
            surface = match.group()
            terms = known.get(surface)
            if terms is None:
                terms = known[surface] = tuple(index_terms(surface))
            if question_terms.intersection(terms):
                found[surface] = None
    return tuple(found)


# A word's index terms, as `index_terms` gives them (the same word, the same terms): the
# words of the quotes shown recur from question to question.
_SURFACE_TERMS: dict[str, tuple[str, ...]] = {}
SURFACE_CACHE = 50_000


def _jaccard(a: AbstractSet[object], b: AbstractSet[object]) -> float:
    """Term overlap; sentences with no terms at all are not judged the same."""
    return len(a & b) / len(a | b) if a and b else 0.0


def near_duplicates(
    articles: Sequence[ArticleInfo], k: int, similar: Callable[[int, int], bool]
) -> list[tuple[int, list[ArticleInfo]]]:
    """Which of the ranked quotes (their articles, best first) answer: up to k, each with
    the other articles its near-duplicates come from. `similar(kept, other)`: whether
    quote `other` repeats quote `kept` (term overlap at least NEAR_DUPLICATE)."""
    kept: list[tuple[int, list[ArticleInfo]]] = []
    for number, article in enumerate(articles):
        twin = next((entry for entry in kept if similar(entry[0], number)), None)
        if twin is not None:
            if article.id != articles[twin[0]].id and article not in twin[1]:
                twin[1].append(article)
            continue
        if len(kept) < k:
            kept.append((number, []))
    return kept


def similar_sets(terms: Sequence[AbstractSet[object]]) -> Callable[[int, int], bool]:
    """`near_duplicates`' test for quotes' term sets."""
    sizes = [len(mine) for mine in terms]

    def similar(kept: int, other: int) -> bool:
        # Sets whose sizes alone keep the overlap below (it is at most the smaller, the
        # union at least the larger) are not compared.
        a, b = sizes[kept], sizes[other]
        if not a or not b or (a / b if a < b else b / a) < NEAR_DUPLICATE:
            return False
        return _jaccard(terms[kept], terms[other]) >= NEAR_DUPLICATE

    return similar


def assemble_answers(quotes: Sequence[Quote], question_terms: set[str], k: int) -> list[Answer]:
    """Up to k answers from ranked quotes, near-duplicates merged into one with all sources."""
    terms = [quote.terms if quote.terms is not None else frozenset(index_terms(quote.text)) for quote in quotes]
    kept = near_duplicates([quote.article for quote in quotes], k, similar_sets(terms))
    return answers_of([(quotes[number], others) for number, others in kept], question_terms)


def answers_of(kept: Sequence[tuple[Quote, list[ArticleInfo]]], question_terms: set[str]) -> list[Answer]:
    """The answers for the quotes kept (with the other articles each also comes from)."""
    answers = []
    for quote, others in kept:
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
