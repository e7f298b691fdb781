"""Answer-quality measurement on a question file (format: shared/eval/README.md).

A question's answer is correct when its quoted sentence matches one of the gold
regular expressions; an empty gold list means the right output is "not found".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.model import Answer

LANGUAGES = ("en", "id")


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    lang: str
    question: str
    gold: tuple[str, ...]
    note: str = ""
    set: str = ""  # the development set it belongs to (its file's directory or stem)

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


@dataclass(slots=True)
class Outcome:
    question: Question
    texts: list[str]
    rank: int | None  # 1-based rank of the first correct answer within the first 3

    @property
    def refused(self) -> bool:
        return not self.texts


@dataclass(slots=True)
class Scores:
    answerable: int = 0
    unanswerable: int = 0
    hit1: int = 0
    hit3: int = 0
    reciprocal: float = 0.0
    not_found_right: int = 0
    wrongly_refused: int = 0
    answered: int = 0
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        if outcome.question.answerable:
            self.answerable += 1
            self.answered += not outcome.refused
            self.wrongly_refused += outcome.refused
            if outcome.rank is not None:
                self.hit1 += outcome.rank == 1
                self.hit3 += 1
                self.reciprocal += 1 / outcome.rank
            if outcome.rank != 1:
                self.failures.append(outcome)
        else:
            self.unanswerable += 1
            self.not_found_right += outcome.refused
            if not outcome.refused:
                self.failures.append(outcome)

    def figures(self) -> dict[str, float | int]:
        def share(part: float, whole: int) -> float:
            return round(part / whole, 3) if whole else 0.0

        return {
            "questions": self.answerable + self.unanswerable,
            "hit@1": share(self.hit1, self.answerable),
            "hit@3": share(self.hit3, self.answerable),
            "mrr@3": share(self.reciprocal, self.answerable),
            "not_found_acc": share(self.not_found_right, self.unanswerable),
            "answer_rate": share(self.answered, self.answerable),
            "wrongly_refused": self.wrongly_refused,
        }


def set_name(path: Path) -> str:
    """A question file's set: its directory ("dev2/questions.jsonl" → dev2), or its stem
    when the file has a name of its own ("hard.jsonl" → hard)."""
    return path.parent.name if path.stem == "questions" and path.parent.name else path.stem


def load_questions(path: Path) -> list[Question]:
    name = set_name(path)
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            _check_record(raw)
            gold = tuple(raw.get("gold", ()))
            for pattern in gold:
                re.compile(pattern)
            questions.append(Question(raw["id"], raw["lang"], raw["question"], gold, raw.get("note", ""), name))
        except (ValueError, KeyError, TypeError, re.error) as exc:
            raise ValueError(f"{path}:{number}: not a question record ({exc})") from None
    return questions


def _check_record(raw: object) -> None:
    """TypeError naming what is wrong with a record that is JSON but not a question."""
    if not isinstance(raw, dict):
        raise TypeError(f"a JSON object was expected, not {type(raw).__name__}")
    for name in ("id", "lang", "question"):
        if not isinstance(raw.get(name), str):
            raise TypeError(f"{name!r} must be a string")
    gold = raw.get("gold", [])
    if not isinstance(gold, list) or not all(isinstance(pattern, str) for pattern in gold):
        raise TypeError("'gold' must be a list of regular expressions")
    if not isinstance(raw.get("note", ""), str):
        raise TypeError("'note' must be a string")


def first_correct(texts: Sequence[str], gold: Sequence[str]) -> int | None:
    for rank, text in enumerate(texts[:3], 1):
        if any(re.search(pattern, text, re.IGNORECASE) for pattern in gold):
            return rank
    return None


def evaluate(questions: Sequence[Question], ask: Callable[[str], list[Answer]]) -> dict[str, Scores]:
    """Scores per language and overall ("all"); with several sets, also per set ("dev2")
    and per set and language ("dev2 en")."""
    return score_outcomes([outcome_of(question, ask(question.question)) for question in questions])


def outcome_of(question: Question, answers: Sequence[Answer]) -> Outcome:
    texts = [answer.text for answer in answers]
    return Outcome(question, texts, first_correct(texts, question.gold) if question.gold else None)


def score_outcomes(outcomes: Sequence[Outcome]) -> dict[str, Scores]:
    sets = sorted({o.question.set for o in outcomes}) if len({o.question.set for o in outcomes}) > 1 else []
    names = [*LANGUAGES, "all"] + [f"{s} {lang}" for s in sets for lang in LANGUAGES]
    scores = {name: Scores() for name in names}
    for outcome in outcomes:
        q = outcome.question
        for key in (q.lang, "all", *([f"{q.set} {q.lang}"] if sets else [])):
            scores.setdefault(key, Scores()).add(outcome)
    return scores


def format_table(rows: dict[str, dict[str, float | int]]) -> str:
    columns = list(next(iter(rows.values())).keys())
    width = max(14, *(len(name) + 2 for name in rows))
    header = f"{'':<{width}}" + "".join(f"{c:>16}" for c in columns)
    lines = [header]
    for name, figures in rows.items():
        lines.append(f"{name:<{width}}" + "".join(f"{figures[c]:>16}" for c in columns))
    return "\n".join(lines)


def format_failures(scores: Scores) -> str:
    lines = []
    for outcome in scores.failures:
        q = outcome.question
        got = outcome.texts[0][:110] if outcome.texts else "(not found)"
        where = (
            f"right answer at {outcome.rank}"
            if outcome.rank
            else ("answered, should be not found" if not q.gold else "missed")
        )
        lines.append(f"- {q.id} [{q.lang}] {q.question}\n    {where}; first: {got}")
    return "\n".join(lines)
