"""The query model the index answers: weighted groups of alternative terms."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# A query is a list of groups; a group is a list of alternatives; an alternative is a
# weight and the terms it scores (a phrase has several). A document's score is the sum
# over groups of its best alternative. With one single-term alternative of weight 1 per
# group this is exactly BM25Okapi.get_scores (a repeated term counts once per group, as
# rank_bm25 counts it once per occurrence).
Alternative = tuple[float, tuple[str, ...]]
Group = Sequence[Alternative]


def plain_query(tokens: Iterable[str]) -> list[Group]:
    """The query rank_bm25 would run for these tokens."""
    return [[(1.0, (token,))] for token in tokens]
