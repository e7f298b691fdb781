"""BM25Okapi's formulas, once: what rank_bm25 computes, operation for operation.

idf = ln(N - df + 0.5) - ln(df + 0.5), floored at epsilon * (mean idf over the
vocabulary) where it is negative; a posting scores idf * tf * (k1 + 1) /
(tf + k1 * (1 - b + b * len / avgdl)). The functions take numpy arrays or plain
numbers alike, so the searcher's tables and its bounds use the same expression.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

Number = TypeVar("Number", float, np.ndarray)


@dataclass(frozen=True, slots=True)
class Bm25Params:
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25


def tf_part(tf: Number, length: Number, avgdl: float, params: Bm25Params) -> Number:
    """The term-frequency part of a posting's score (rank_bm25's expression, so scores
    agree to the bit)."""
    k1, b = params.k1, params.b
    return tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avgdl))


def raw_idf(df: Number, n_docs: int, log: Callable[[Number], Number]) -> Number:
    """ln(N - df + 0.5) - ln(df + 0.5), before the floor (negative where df > N / 2).

    `log` is math.log for one term (what rank_bm25 calls, to the bit) and np.log for a
    whole vocabulary at once.
    """
    return log(n_docs - df + 0.5) - log(df + 0.5)


def idf(df: int, n_docs: int, epsilon_idf: float) -> float:
    """BM25Okapi's idf: the raw value, or epsilon * mean idf where that is negative."""
    value = raw_idf(float(df), n_docs, math.log)
    return epsilon_idf if value < 0 else value


def average_idf(df: np.ndarray, n_docs: int) -> float:
    """Mean over the vocabulary of the raw idf.

    Summed per distinct df value, in ascending order: the result depends only on the
    multiset of dfs, so not on how the corpus was cut into segments, and it costs a
    bincount, not a logarithm per term.
    """
    if not len(df) or not n_docs:
        return 0.0
    counts = np.bincount(df)
    values = counts.nonzero()[0]
    raw = raw_idf(values, n_docs, np.log)
    return float((counts[values] * raw).sum() / len(df))
