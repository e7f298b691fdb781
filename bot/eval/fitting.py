"""Fitting the ranking weights on development questions, and cross-validating them.

Every candidate the engine considers for a question is one example: its features
(bot/search/features.py) and whether its sentence matches the question's gold patterns.
The weights are those of a conditional logit (a softmax over each question's candidates,
the right ones together, L2-regularised, fitted by Newton's method in numpy): they make
the right sentence the likeliest of its question's candidates. A one-feature logistic
regression over all candidates then scales them into a calibrated log-odds, and the
"not found" threshold is the probability of the best candidate below which only a
small, fixed share of answerable questions falls (`fit_threshold`).

Cross-validation holds out whole articles: questions are grouped by the article(s) their
gold sentences come from (an unanswerable question by the article of its best BM25
candidate, the one it would be confused with), groups that share an article are merged,
and the groups are dealt into K folds. Questions about one article never sit on both
sides, since they share its wording.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from bot.eval.metrics import Outcome, Question, Scores, outcome_of, score_outcomes
from bot.search.engine import Engine
from bot.search.features import FEATURE_NAMES, Candidate
from bot.search.question import AnalyzedQuestion
from bot.search.ranking import order
from bot.search.weights import RankingModel

# L2 penalty on the weights (not the bias), in units of examples: enough to keep weights of
# rare features (a handful of candidates) from running off, small beside ~10^4 examples.
L2 = 1.0
# Share of the answerable development questions the "not found" threshold may refuse:
# below the 3 % of answerable questions the product may refuse, since held-out questions
# score more widely than the ones the weights were fitted on.
REFUSAL_BUDGET = 0.02


@dataclass(slots=True)
class Example:
    """One question, read and described once; scored again under any weights."""

    question: Question
    analysed: AnalyzedQuestion
    candidates: list[Candidate]
    labels: np.ndarray  # 1.0 where the candidate's sentence matches the gold
    articles: frozenset[str]  # the articles the question is about (for the folds)

    @property
    def matrix(self) -> np.ndarray:
        return np.array([[c.features[n] for n in FEATURE_NAMES] for c in self.candidates], dtype=float).reshape(
            -1, len(FEATURE_NAMES)
        )


def gather(engine: Engine, questions: Sequence[Question]) -> list[Example]:
    examples = []
    for question in questions:
        analysed = engine.analyze(question.question)
        candidates = engine.candidates(analysed)
        labels = np.array(
            [float(any(re.search(p, c.text, re.IGNORECASE) for p in question.gold)) for c in candidates], dtype=float
        )
        if labels.any():
            articles = frozenset(engine.article_id(c.doc) for c, y in zip(candidates, labels) if y)
        elif candidates:
            articles = frozenset({engine.article_id(max(candidates, key=lambda c: c.bm25).doc)})
        else:
            articles = frozenset({f"question:{question.id}"})
        examples.append(Example(question, analysed, candidates, labels, articles))
    return examples


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, iterations: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression, by Newton's method."""
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    theta = np.zeros(d + 1)
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ theta, -30, 30)))
        gradient = design.T @ (p - y) + penalty * theta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return theta[:-1], float(theta[-1])


def fit(examples: Sequence[Example], drop: Sequence[str] = (), l2: float = L2) -> RankingModel:
    """The shipped method: listwise weights, calibrated, then the threshold."""
    return fit_listwise(examples, drop, l2)


def fit_pointwise(examples: Sequence[Example], drop: Sequence[str] = (), l2: float = L2) -> RankingModel:
    """Weights of a logistic regression over all candidates (features in `drop` held at
    zero), then the threshold."""
    keep = [i for i, name in enumerate(FEATURE_NAMES) if name not in drop]
    with_candidates = [e for e in examples if e.candidates]
    x = np.vstack([e.matrix for e in with_candidates])[:, keep]
    y = np.concatenate([e.labels for e in with_candidates])
    w, b = fit_logistic(x, y, l2)
    weights = dict.fromkeys(FEATURE_NAMES, 0.0)
    weights.update({FEATURE_NAMES[i]: float(v) for i, v in zip(keep, w)})
    model = RankingModel(weights, b, 0.0)
    return replace(model, threshold=fit_threshold(examples, model))


def fit_threshold(examples: Sequence[Example], model: RankingModel, budget: float = REFUSAL_BUDGET) -> float:
    """The probability of the best candidate below which "not found" is answered: the
    highest that refuses no more than `budget` of the answerable questions (a quantile
    of their best scores).

    Why a quantile and not the cut that best separates answerable from unanswerable
    questions: their best scores overlap almost entirely, so that cut sat wherever a
    handful of unanswerable questions happened to fall and moved from fold to fold
    (cross-validated, it refused 4 to 13 answerable questions, set by set), while a
    quantile of 140 scores hardly moves, and it refuses what it says it will."""
    tops = [max((model.score(c.features) for c in e.candidates), default=-math.inf) for e in examples]
    scores = np.array([s for s, e in zip(tops, examples) if e.question.answerable and math.isfinite(s)])
    if not len(scores):
        return 0.0
    cut = float(np.quantile(scores, budget, method="lower"))
    # Just below the quantile's own score, so that question is answered.
    return 1.0 / (1.0 + math.exp(-(cut - 1e-9)))


def outcomes(engine: Engine, examples: Sequence[Example], model: RankingModel) -> list[Outcome]:
    result = []
    for e in examples:
        ranked = order(list(e.candidates), model)
        result.append(outcome_of(e.question, engine.answers(e.analysed, ranked, 3)))
    return result


def folds_by_article(examples: Sequence[Example], k: int) -> list[int]:
    """A fold number per example; examples sharing an article share a fold."""
    parent: dict[str, str] = {}

    def root(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for e in examples:
        first, *rest = sorted(e.articles)
        for other in rest:
            parent[root(other)] = root(first)
    groups: dict[str, list[int]] = {}
    for number, e in enumerate(examples):
        groups.setdefault(root(min(e.articles)), []).append(number)
    sizes = [0] * k
    fold = [0] * len(examples)
    # Largest groups first, each into the smallest fold so far: folds of even size.
    for members in sorted(groups.values(), key=lambda m: (-len(m), m[0])):
        target = sizes.index(min(sizes))
        sizes[target] += len(members)
        for number in members:
            fold[number] = target
    return fold


def cross_validate(
    engine: Engine,
    examples: Sequence[Example],
    k: int,
    fitter: Callable[[Sequence[Example]], RankingModel] = fit,
) -> list[Outcome]:
    """Each fold's questions answered with weights fitted on the other folds."""
    fold = folds_by_article(examples, k)
    result: list[Outcome | None] = [None] * len(examples)
    for held in range(k):
        train = [e for e, f in zip(examples, fold) if f != held]
        model = fitter(train)
        test = [(i, e) for i, (e, f) in enumerate(zip(examples, fold)) if f == held]
        for (i, _), outcome in zip(test, outcomes(engine, [e for _, e in test], model)):
            result[i] = outcome
    return [o for o in result if o is not None]


def figures(outcomes_: Sequence[Outcome]) -> dict[str, Scores]:
    return score_outcomes(outcomes_)


def _fit_without(names: Sequence[str], examples: Sequence[Example]) -> RankingModel:
    return fit(examples, drop=names)


def ablation(engine: Engine, examples: Sequence[Example], k: int) -> dict[str, dict[str, float | int]]:
    """Cross-validated figures (all questions) with each feature group held at zero."""
    from bot.search.features import FEATURE_GROUPS

    rows = {"shipped": score_outcomes(cross_validate(engine, examples, k))["all"].figures()}
    for group, names in FEATURE_GROUPS.items():
        crossed = cross_validate(engine, examples, k, functools.partial(_fit_without, names))
        rows[f"no {group}"] = score_outcomes(crossed)["all"].figures()
    return rows


def fit_listwise_weights(
    examples: Sequence[Example], keep: Sequence[int], l2: float = L2, iterations: int = 100
) -> np.ndarray:
    """Weights that make a right sentence the likeliest of its question's candidates:
    a softmax over each answerable question's candidates, the right ones together
    (a conditional logit), L2-regularised; damped Newton steps on the all-candidates
    part of the curvature, which bounds the rest."""
    data = [(e.matrix[:, keep], e.labels) for e in examples if e.question.answerable and e.labels.any()]
    d = len(keep)
    w = np.zeros(d)

    def loss_grad(w: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        loss, grad, hess = 0.5 * l2 * w @ w, l2 * w, l2 * np.eye(d)
        for x, y in data:
            s = x @ w
            s = s - s.max()
            p = np.exp(s)
            p /= p.sum()
            r = np.exp(s) * y
            total = r.sum()
            loss -= math.log(max(total, 1e-300))
            r /= total
            loss += math.log(np.exp(s).sum())
            grad += x.T @ (p - r)
            hess += (x * p[:, None]).T @ x - np.outer(x.T @ p, x.T @ p)
        return loss, grad, hess

    current, grad, hess = loss_grad(w)
    for _ in range(iterations):
        step = np.linalg.solve(hess + 1e-6 * np.eye(d), grad)
        scale = 1.0
        while scale > 1e-4:
            trial = w - scale * step
            value, g2, h2 = loss_grad(trial)
            if value <= current:
                break
            scale /= 2
        else:
            break
        improvement = current - value
        w, current, grad, hess = trial, value, g2, h2
        if improvement < 1e-7:
            break
    return w


def fit_listwise(examples: Sequence[Example], drop: Sequence[str] = (), l2: float = L2) -> RankingModel:
    """Listwise weights for the order; then a bias and scale fitted pointwise on the
    resulting scores so the score is a calibrated log-odds; then the threshold."""
    keep = [i for i, name in enumerate(FEATURE_NAMES) if name not in drop]
    w = fit_listwise_weights(examples, keep, l2)
    with_candidates = [e for e in examples if e.candidates]
    s = np.concatenate([e.matrix[:, keep] @ w for e in with_candidates]).reshape(-1, 1)
    y = np.concatenate([e.labels for e in with_candidates])
    (scale,), bias = fit_logistic(s, y, l2=0.0)
    weights = dict.fromkeys(FEATURE_NAMES, 0.0)
    weights.update({FEATURE_NAMES[i]: float(v * scale) for i, v in zip(keep, w)})
    model = RankingModel(weights, bias, 0.0)
    return replace(model, threshold=fit_threshold(examples, model))
