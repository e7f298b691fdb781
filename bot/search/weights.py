"""The fitted ranking model: a weight per feature, a bias, and the "not found" threshold.

A candidate's score is the dot product of its features (bot/search/features.py) with the
weights, plus the bias: the log-odds that the sentence, rather than nothing, answers the
question. The weights are fitted on development questions by `tools/fit_ranking.py` and
ship as `bot/search/data/ranking_weights.json`; nothing here is set by hand but the rules
(`features.RULES`), which are not weighed at all.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from bot.search.features import FEATURE_NAMES, RULES

WEIGHTS_FILE = "ranking_weights.json"


@dataclass(frozen=True, slots=True)
class RankingModel:
    weights: Mapping[str, float]
    bias: float = 0.0
    # Below this probability for the best candidate, nothing answers the question.
    threshold: float = 0.5
    meta: Mapping[str, object] = field(default_factory=dict)
    # Features that decide alone (`features.RULES`); fewer where a fit leaves some out.
    rules: tuple[str, ...] = RULES

    def score(self, features: Mapping[str, float]) -> float:
        return self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())

    def fired(self, features: Mapping[str, float]) -> list[str]:
        """The rules these features fire: with any, the candidate answers nothing."""
        return [rule for rule in self.rules if features.get(rule)]

    def parts(self, features: Mapping[str, float]) -> dict[str, float]:
        """The score as a sum: the bias, then each feature's value times its weight."""
        parts = {"bias": self.bias}
        parts.update({name: self.weights.get(name, 0.0) * value for name, value in features.items()})
        return parts

    @property
    def threshold_score(self) -> float:
        """The threshold as a score (log-odds)."""
        p = min(max(self.threshold, 1e-9), 1 - 1e-9)
        return math.log(p / (1 - p))

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURE_NAMES),
            "weights": {name: round(self.weights.get(name, 0.0), 6) for name in FEATURE_NAMES},
            "bias": round(self.bias, 6),
            "threshold": round(self.threshold, 6),
            "rules": list(self.rules),
            "meta": dict(self.meta),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> RankingModel:
        unknown = set(data["weights"]) - set(FEATURE_NAMES)
        if unknown:
            raise ValueError(f"ranking weights name unknown features: {', '.join(sorted(unknown))}")
        rules = tuple(data.get("rules", RULES))
        if set(rules) - set(RULES):
            raise ValueError(f"ranking weights name unknown rules: {', '.join(sorted(set(rules) - set(RULES)))}")
        meta = dict(data.get("meta", {}))
        return cls(dict(data["weights"]), float(data["bias"]), float(data["threshold"]), meta, rules)

    @classmethod
    def load(cls, path: str | Path) -> RankingModel:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


@cache
def packaged_model() -> RankingModel:
    """The weights shipped with the package."""
    text = resources.files("bot.search").joinpath("data", WEIGHTS_FILE).read_text(encoding="utf-8")
    return RankingModel.from_json(json.loads(text))
