"""Fit the ranking weights on development questions and write them for the package.

    python tools/fit_ranking.py ../shared/eval/dev/questions.jsonl ../shared/eval/dev2/questions.jsonl \
        --corpus corpus --corpus ../shared/eval/dev/corpus --corpus /tmp/dev2corpus --folds 5

Reads every question, lets the engine describe its candidates (features) once, fits the
weights (a conditional logit with a "nothing here" option, bot/eval/fitting.py) and the
"not found" threshold, prints the figures on the fitted data and cross-validated by
article, and writes bot/search/data/ranking_weights.json (or --out).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.eval import fitting  # noqa: E402
from bot.eval.metrics import format_table, load_questions  # noqa: E402
from bot.files import atomic_write_text  # noqa: E402
from bot.search.engine import Engine  # noqa: E402
from bot.search.features import FEATURE_NAMES  # noqa: E402
from bot.search.weights import WEIGHTS_FILE, RankingModel  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", type=Path, nargs="+")
    parser.add_argument("--corpus", type=Path, action="append", required=True)
    parser.add_argument("--index", type=Path, default=Path("index/fit"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=fitting.L2)
    parser.add_argument("--out", type=Path, default=ROOT / "bot" / "search" / "data" / WEIGHTS_FILE)
    args = parser.parse_args()

    questions = [q for path in args.questions for q in load_questions(path)]
    # Any weights will do while describing candidates (features do not depend on them);
    # not the shipped ones, which may name features that no longer exist.
    engine = Engine.open(args.corpus, args.index, model=RankingModel(dict.fromkeys(FEATURE_NAMES, 0.0)))
    examples = fitting.gather(engine, questions)
    model = fitting.fit(examples, l2=args.l2)
    sets = sorted({q.set for q in questions})
    meta = {"questions": len(questions), "sets": sets, "candidates": sum(len(e.candidates) for e in examples)}
    model = replace(model, meta={**meta, "l2": args.l2})
    fitted = fitting.figures(fitting.outcomes(engine, examples, model))
    print("fitted (weights fitted on all these questions):")
    print(format_table({name: s.figures() for name, s in fitted.items()}))
    if args.folds:
        crossed = fitting.figures(
            fitting.cross_validate(engine, examples, args.folds, lambda e: fitting.fit(e, l2=args.l2))
        )
        print(f"\ncross-validated ({args.folds} folds by article):")
        print(format_table({name: s.figures() for name, s in crossed.items()}))
    print("\nweights:")
    for name in FEATURE_NAMES:
        print(f"  {name:<24}{model.weights[name]:+.3f}")
    print(f"  {'bias':<24}{model.bias:+.3f}\n  threshold (probability) {model.threshold:.3f}")
    atomic_write_text(args.out, json.dumps(model.to_json(), indent=1) + "\n")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
