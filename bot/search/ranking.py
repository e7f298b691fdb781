"""Re-ranking BM25's candidates by fitted weights, and deciding when nothing answers.

BM25 finds sentences that share the question's words; it cannot tell that "when" wants a
date or "why" a reason, nor that "in 2023" rules out a 2025 article about the same
leaders. Each candidate is described by features (bot/search/features.py) and scored by
the fitted model (bot/search/weights.py): the log-odds that it answers. A candidate with a
rule feature (`features.RULES`) cannot answer; when the best of the others is below the
fitted threshold, nothing answers.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from bot.search.features import FEATURE_INDEX, FEATURE_NAMES, Candidate, FeatureRow, feature_matrix, view_question
from bot.search.options import Parts
from bot.search.question import AnalyzedQuestion
from bot.search.weights import RankingModel, packaged_model

__all__ = ["Candidate", "contributions", "describe", "rerank"]


def describe(
    question: AnalyzedQuestion,
    candidates: list[Candidate],
    idf: dict[str, float],
    parts: Parts = Parts(),
    held: tuple[np.ndarray, ...] | None = None,
    columns: Mapping[str, np.ndarray] | None = None,
) -> list[Candidate]:
    """Fill in each candidate's features (the part that does not depend on the weights);
    `held`, `columns`: see `feature_matrix`."""
    matrix = feature_matrix(view_question(question, idf, candidates, parts), candidates, held, columns)
    for row, candidate in enumerate(candidates):
        candidate.features = FeatureRow(matrix, row)
    return candidates


def rerank(
    question: AnalyzedQuestion,
    candidates: list[Candidate],
    idf: dict[str, float],
    parts: Parts = Parts(),
    model: RankingModel | None = None,
) -> list[Candidate]:
    """Candidates best first; empty when the best one is unlikely to answer."""
    return order(describe(question, candidates, idf, parts), model or packaged_model())


def order(candidates: list[Candidate], model: RankingModel) -> list[Candidate]:
    """Score described candidates with `model`, best first, without those a rule rules out
    (`model.rules`); [] where the best of the rest is below the threshold."""
    ranked = left_by_rules(scored(candidates, model), model)
    if not ranked or ranked[0].score < model.threshold_score:
        return []
    return ranked


def left_by_rules(candidates: list[Candidate], model: RankingModel) -> list[Candidate]:
    """The candidates no rule rules out (`model.fired`), in their order; for rows of one
    feature matrix read from its rule columns at once."""
    if not model.rules:
        return candidates
    return [c for c, out in zip(candidates, _ruled_out(candidates, model)) if not out]


def scored(candidates: list[Candidate], model: RankingModel) -> list[Candidate]:
    """Score described candidates with `model`, best first, whatever their scores."""
    for candidate, score in zip(candidates, _scores(candidates, model)):
        candidate.score = score
    return sorted(candidates, key=lambda c: (-c.score, c.doc))


def _scores(candidates: list[Candidate], model: RankingModel) -> list[float]:
    """`model.score` of each candidate's features; for rows of one feature matrix (as
    `describe` leaves them) computed column by column, adding in the same order."""
    rows = [c.features for c in candidates]
    first = rows[0] if rows else None
    if not isinstance(first, FeatureRow):
        return [model.score(features) for features in rows]
    shared = first.matrix
    numbers = [r.row for r in rows if isinstance(r, FeatureRow) and r.matrix is shared]
    if len(numbers) != len(rows):
        return [model.score(features) for features in rows]
    weights = np.array([model.weights.get(name, 0.0) for name in FEATURE_NAMES])
    # Accumulated left to right, as model.score's sum adds them (not numpy's pairwise sum).
    total = np.add.accumulate(shared[numbers] * weights, axis=1)[:, -1]
    scores: list[float] = (model.bias + total).tolist()
    return scores


def _ruled_out(candidates: list[Candidate], model: RankingModel) -> list[bool]:
    rows = [c.features for c in candidates]
    first = rows[0] if rows else None
    if isinstance(first, FeatureRow) and all(isinstance(r, FeatureRow) and r.matrix is first.matrix for r in rows):
        columns = [FEATURE_INDEX[rule] for rule in model.rules]
        numbers = [r.row for r in rows if isinstance(r, FeatureRow)]
        ruled: list[bool] = (first.matrix[numbers][:, columns] != 0).any(axis=1).tolist()
        return ruled
    return [bool(model.fired(features)) for features in rows]


def contributions(candidate: Candidate, model: RankingModel | None = None) -> dict[str, float]:
    """The candidate's score as a sum: the bias and each feature times its weight."""
    return (model or packaged_model()).parts(candidate.features)
