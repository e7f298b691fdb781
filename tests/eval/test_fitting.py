"""Fitting the ranking weights: the right sentence learned first, folds that never split
an article, and a "not found" threshold that refuses no more than it may."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bot.eval.fitting import Example, fit, fit_threshold, folds_by_article, null_logit_loss
from bot.eval.metrics import Question
from bot.search.features import FEATURE_INDEX, FEATURE_NAMES, RULES, Candidate, FeatureRow
from bot.search.question import AnalyzedQuestion
from bot.search.weights import RankingModel


def example(number: int, rows: list[dict[str, float]], right: int | None, articles: set[str]) -> Example:
    """A question whose candidates have the given features; `right`: the one that answers."""
    matrix = np.zeros((len(rows), len(FEATURE_NAMES)))
    for row, values in enumerate(rows):
        for name, value in values.items():
            matrix[row, FEATURE_INDEX[name]] = value
    candidates = []
    for row in range(len(rows)):
        candidate = Candidate(row, 1.0, f"kalimat {row}", set(), set(), set(), "2024-01-01")
        candidate.features = FeatureRow(matrix, row)
        candidates.append(candidate)
    gold = ("kalimat",) if right is not None else ()
    labels = np.array([float(row == right) for row in range(len(rows))])
    question = Question(f"q{number}", "id", f"pertanyaan {number}", gold)
    analysed = AnalyzedQuestion(question.question, "id", tuple(question.question.split()), ())
    return Example(question, analysed, candidates, labels, frozenset(articles))


def noisy_examples(seed: int = 7) -> list[Example]:
    """Questions whose right candidate carries the answer type and a good but not always
    the best BM25 share; the others share more words by chance."""
    rng = random.Random(seed)
    examples = []
    for number in range(60):
        rows = []
        right = rng.randrange(5)
        for row in range(5):
            carried = 1.0 if row == right else float(rng.random() < 0.2)
            share = rng.uniform(0.5, 1.0) if row == right else rng.uniform(0.2, 1.0)
            rows.append({"bm25_share": share, "type_carried": carried})
        examples.append(example(number, rows, right, {f"article{number % 12}"}))
    return examples


def test_the_feature_that_marks_the_right_sentence_gets_the_weight() -> None:
    examples = noisy_examples()
    model = fit(examples)
    assert model.weights["type_carried"] > 1.0 and model.weights["bm25_share"] > 0.0
    first_right = 0
    for e in examples:
        scores = [model.score(c.features) for c in e.candidates]
        first_right += int(e.labels[int(np.argmax(scores))] == 1.0)
    assert first_right / len(examples) > 0.8  # BM25 share alone would put it first far less often


def test_questions_about_one_article_never_sit_in_two_folds() -> None:
    examples = [example(n, [{"bm25_share": 1.0}], 0, {f"a{n % 7}", f"a{(n * 3) % 7}"}) for n in range(40)]
    examples += [example(100 + n, [{"bm25_share": 1.0}], 0, {f"b{n}"}) for n in range(20)]
    fold = folds_by_article(examples, 5)
    for article in {a for e in examples for a in e.articles}:
        assert len({f for f, e in zip(fold, examples) if article in e.articles}) == 1
    assert set(fold) <= set(range(5)) and len(set(fold)) > 1
    # Another dealing (for repeated cross-validation) keeps articles whole too, and differs.
    dealt = folds_by_article(examples, 5, seed=3)
    for article in {a for e in examples for a in e.articles}:
        assert len({f for f, e in zip(dealt, examples) if article in e.articles}) == 1
    assert dealt != fold


def test_the_threshold_refuses_no_more_answerable_questions_than_its_budget() -> None:
    rng = random.Random(3)
    examples = [example(n, [{"bm25_share": rng.uniform(0.0, 3.0)}], 0, {f"a{n}"}) for n in range(100)]
    examples += [example(200 + n, [{"bm25_share": rng.uniform(0.0, 1.0)}], None, {f"u{n}"}) for n in range(30)]
    model = RankingModel({"bm25_share": 1.0}, 0.0)
    for budget in (0.0, 0.02, 0.1):
        cut = RankingModel(model.weights, 0.0, fit_threshold(examples, model, budget)).threshold_score
        refused = sum(1 for e in examples[:100] if model.score(e.candidates[0].features) < cut)
        assert refused <= budget * 100
        assert refused >= budget * 100 - 1  # and it uses the budget: the cut is no lower than it may be


def test_the_threshold_refuses_unseen_questions_within_its_budget() -> None:
    # Weights fitted on few questions with many weak features score those questions'
    # right sentences higher than they score fresh ones; placed by out-of-fold scores,
    # the threshold refuses fresh answerable questions at about the budget it is given,
    # where one placed by the fitted questions' own scores refuses more.
    noise = [name for name in FEATURE_NAMES if name not in ("bm25_share", *RULES)][:30]

    def questions(rng: random.Random, count: int, first: int) -> list[Example]:
        made = []
        for number in range(first, first + count):
            right = rng.randrange(4) if number % 5 else None
            rows = []
            for row in range(4):
                values = {"bm25_share": rng.uniform(0.3, 1.0) + (0.4 if row == right else 0.0)}
                values.update({name: float(rng.random() < 0.15) for name in noise})
                rows.append(values)
            made.append(example(number, rows, right, {f"a{number}"}))
        return made

    def refused(model: RankingModel, fresh: list[Example]) -> float:
        answerable = [e for e in fresh if e.question.answerable]
        low = [e for e in answerable if max(model.score(c.features) for c in e.candidates) < model.threshold_score]
        return len(low) / len(answerable)

    out_of_fold, in_sample = [], []
    for seed in range(6):
        rng = random.Random(seed)
        fitted, fresh = questions(rng, 80, 0), questions(rng, 1000, 1000)
        out_of_fold.append(refused(fit(fitted), fresh))
        in_sample.append(refused(fit(fitted, calibration_folds=1), fresh))
    assert sum(out_of_fold) / 6 <= 0.02 < sum(in_sample) / 6


def test_questions_a_rule_refuses_spend_the_budget_first() -> None:
    rng = random.Random(5)
    examples = [example(n, [{"bm25_share": rng.uniform(0.0, 3.0)}], 0, {f"a{n}"}) for n in range(100)]
    for ruled in examples[:2]:  # two answerable questions refused by a rule whatever the threshold
        ruled.candidates[0].features.matrix[0, FEATURE_INDEX["date_unmet"]] = 1.0
    model = RankingModel({"bm25_share": 1.0}, 0.0)
    cut = RankingModel(model.weights, 0.0, fit_threshold(examples, model, 0.03)).threshold_score
    below = sum(1 for e in examples[2:] if model.score(e.candidates[0].features) < cut)
    assert below == 1  # 3 % of 100 is 3 refused: 2 by the rule, 1 by the threshold


def test_rules_survive_writing_and_leaving_a_group_out() -> None:
    examples = noisy_examples()
    assert set(fit(examples).rules) == set(RULES)  # rules are kept, not weighed away
    assert set(fit(examples, drop=("date_unmet",)).rules) == set(RULES) - {"date_unmet"}
    model = RankingModel.from_json(fit(examples, drop=RULES).to_json())
    assert model.rules == ()


def test_a_feature_of_unanswerable_questions_weighs_against_answering() -> None:
    # Every candidate of an unanswerable question comes from an article of another year:
    # within a question the feature never changes which candidate is first, but against
    # "nothing here" it says whether anything answers.
    rng = random.Random(5)
    examples = []
    for number in range(80):
        answerable = number % 4 != 0
        rows = [{"bm25_share": rng.uniform(0.3, 1.0), "date_disagrees": 0.0 if answerable else 1.0} for _ in range(4)]
        examples.append(example(number, rows, rng.randrange(4) if answerable else None, {f"a{number}"}))
    model = fit(examples)
    assert model.weights["date_disagrees"] < -1.0
    unanswerable = [max(model.score(c.features) for c in e.candidates) for e in examples if not e.labels.any()]
    assert max(unanswerable) < model.threshold_score  # all of them answered "not found"


def test_a_small_set_still_refuses_what_scores_below_every_answerable_question() -> None:
    # 40 answerable questions: a 2 % budget refuses none of them, but the threshold still
    # stands just below the lowest, so questions scoring far lower are "not found".
    examples = [example(n, [{"bm25_share": 2.0 + n / 40}], 0, {f"a{n}"}) for n in range(40)]
    examples += [example(100 + n, [{"bm25_share": 0.1}], None, {f"u{n}"}) for n in range(5)]
    model = RankingModel({"bm25_share": 1.0}, 0.0)
    cut = RankingModel(model.weights, 0.0, fit_threshold(examples, model)).threshold_score
    assert all(model.score(e.candidates[0].features) >= cut for e in examples[:40])
    assert all(model.score(e.candidates[0].features) < cut for e in examples[40:])
    assert fit_threshold(examples[40:], model) == 0.0  # no answerable question: nothing to place it by


def test_scores_hundreds_of_log_odds_apart_neither_overflow_nor_vanish() -> None:
    # A trial step of the fit can score a wrong candidate far above the right one (or
    # every candidate far below "nothing"): the loss stays finite, as its formula says.
    x = np.array([[1000.0, 1.0], [-1000.0, 1.0]])  # scores 1000 and -1000 with weights (1, 0)
    w, penalty = np.array([1.0, 0.0]), np.zeros(2)
    with np.errstate(over="raise", under="ignore", invalid="raise"):
        loss, grad, _ = null_logit_loss([(x, np.array([0.0, 1.0]))], w, penalty)
        nothing, _, _ = null_logit_loss([(-x, None)], w, penalty)
    assert loss == pytest.approx(2000.0) and np.isfinite(grad).all()  # log(e^1000 + e^-1000 + 1) + 1000
    assert nothing == pytest.approx(1000.0)  # the null against a candidate at +1000
