"""Answer assembly: turns ranked passages into quotable answers with their sources."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np

from bot.model import Answer, ArticleInfo
from bot.text.normalize import TOKEN
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
    known = _SURFACE_TERMS
    if len(known) > SURFACE_CACHE:
        known.clear()
    found = []
    # Each word once, in order of first appearance (`TOKEN` is what `words` finds).
    for surface in dict.fromkeys(surface for text in texts for surface in TOKEN.findall(text)):
        terms = known.get(surface)
        if terms is None:
            terms = known[surface] = tuple(index_terms(surface))
        if not question_terms.isdisjoint(terms):
            found.append(surface)
    return tuple(found)


# A word's index terms, as `index_terms` gives them (the same word, the same terms): the
# words of the quotes shown recur from question to question.
_SURFACE_TERMS: dict[str, tuple[str, ...]] = {}
SURFACE_CACHE = 50_000


def _jaccard(a: AbstractSet[object], b: AbstractSet[object]) -> float:
    """Term overlap; sentences with no terms at all are not judged the same."""
    return len(a & b) / len(a | b) if a and b else 0.0


def near_duplicates(
    articles: Sequence[ArticleInfo], twins: Callable[[int], np.ndarray]
) -> Iterator[tuple[int, list[ArticleInfo]]]:
    """The ranked quotes (their articles, best first) that repeat no better one, in order,
    each with the other articles its near-duplicates come from; as many as are taken.
    `twins(i)`: per quote, whether it repeats quote i (term overlap at least NEAR_DUPLICATE).

    A quote repeating a kept one is merged into the first such; each kept quote's
    near-duplicates are known once the quotes before it are (so `twins` runs only for
    the quotes taken).
    """
    n = len(articles)
    repeats = np.zeros(n, dtype=bool)  # repeats a quote kept so far
    start = 0
    while start < n:
        number = start + int(repeats[start:].argmin())  # the first that repeats none, if any
        if repeats[number]:
            return
        near = twins(number)
        # Its near-duplicates: those after it that repeat no quote kept before it.
        first = near & ~repeats
        first[: number + 1] = False
        repeats |= near
        others: list[ArticleInfo] = []
        for twin in np.flatnonzero(first).tolist():
            article = articles[twin]
            if article.id != articles[number].id and article not in others:
                others.append(article)
        yield number, others
        start = number + 1


def similar_sets(terms: Sequence[AbstractSet[object]]) -> Callable[[int], np.ndarray]:
    """`near_duplicates`' test for quotes' term sets."""
    sizes = [len(mine) for mine in terms]

    def similar(kept: int, other: int) -> bool:
        # Sets whose sizes alone keep the overlap below (it is at most the smaller, the
        # union at least the larger) are not compared.
        a, b = sizes[kept], sizes[other]
        if not a or not b or (a / b if a < b else b / a) < NEAR_DUPLICATE:
            return False
        return _jaccard(terms[kept], terms[other]) >= NEAR_DUPLICATE

    return lambda kept: np.fromiter((similar(kept, other) for other in range(len(terms))), bool, len(terms))


def assemble_answers(quotes: Sequence[Quote], question_terms: set[str], k: int) -> list[Answer]:
    """Up to k answers from ranked quotes, near-duplicates merged into one with all sources."""
    terms = [quote.terms if quote.terms is not None else frozenset(index_terms(quote.text)) for quote in quotes]
    kept = near_duplicates([quote.article for quote in quotes], similar_sets(terms))
    return answers_of(((quotes[number], others) for number, others in kept), question_terms, k)


def answers_of(kept: Iterable[tuple[Quote, list[ArticleInfo]]], question_terms: set[str], k: int) -> list[Answer]:
    """Up to k answers for the quotes kept, in order (with the other articles each also
    comes from).

    A sentence is shown once. A quote a better answer leans on (its context before) is
    left there, and the next quote kept takes its place; a quote that follows a better
    answer as its context after is shown as an answer of its own and leaves that context
    (so trimming a long reply's trailing context cannot lose it); context already shown
    is left out."""
    if k <= 0:
        return []
    rows: list[tuple[Quote, list[ArticleInfo], tuple[str, ...], list[str]]] = []
    quoted: set[str] = set()
    leaned_on: set[str] = set()  # the context before of the answers so far
    following: dict[str, int] = {}  # a context after of the answers so far: whose
    for quote, others in kept:
        if quote.text in quoted or quote.text in leaned_on:
            continue
        if quote.text in following:
            rows[following.pop(quote.text)][3].remove(quote.text)
        shown = quoted | leaned_on | following.keys()
        before, after = (tuple(s for s in part if s not in shown) for part in context_for(quote))
        quoted.add(quote.text)
        leaned_on.update(before)
        following.update(dict.fromkeys(after, len(rows)))
        rows.append((quote, others, before, list(after)))
        if len(rows) == k:
            break
    return [
        Answer(
            text=quote.text,
            context_before=before,
            context_after=tuple(after),
            score=round(quote.score, 4),
            article=quote.article,
            matched=matched_words((*before, quote.text, *after), question_terms),
            also_in=tuple(others),
        )
        for quote, others, before, after in rows
    ]


def is_headline(answer: Answer) -> bool:
    """Whether the quote is its article's title."""
    return " ".join(answer.text.split()) == " ".join(answer.article.title.split())


def worth_showing(answers: Sequence[Answer]) -> list[Answer]:
    """The answers to show together: a headline is left out where a better answer comes
    from its article, whose source line (or link) shows the title anyway. Each answer's
    fate depends only on those before it, so pages of a longer list agree with a shorter
    one's."""
    sourced: set[str] = set()
    shown = []
    for answer in answers:
        if not (is_headline(answer) and answer.article.id in sourced):
            shown.append(answer)
        if not is_headline(answer):
            sourced.add(answer.article.id)
    return shown
