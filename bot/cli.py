"""Command line: `python -m bot ask|index|ingest|eval|run`.

Telegram is imported only by `run`, so answering from the terminal stays fast.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import logging
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import Path

from pydantic import ValidationError

from bot.model import Answer
from bot.search.engine import Engine, Explanation
from bot.search.options import Features
from bot.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors())
        print(f"error: bad setting (environment or .env): {problems}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    workers = getattr(args, "workers", None) or settings.index_workers
    if workers:  # read by bot.index.build, below the settings layer
        os.environ["INDEX_WORKERS"] = str(workers)
    try:
        return args.command(args, settings)
    except (ValueError, OSError) as exc:  # CorpusError, CleaningError and bad input are ValueErrors
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer a question by quoting the corpus")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print machine-readable JSON")
    ask.add_argument("-k", type=_answer_count, default=None, help="answers to show, 1-10 (default: ANSWERS_PER_REPLY)")
    _corpus_options(ask)
    ask.set_defaults(command=cmd_ask)

    index = commands.add_parser("index", help="rebuild the index from the corpus")
    _corpus_options(index)
    index.add_argument(
        "--workers", type=int, default=None, help="processes analysing the text (default: INDEX_WORKERS or every core)"
    )
    index.set_defaults(command=cmd_index)

    ingest = commands.add_parser("ingest", help="clean a raw scraped article and add it to the corpus")
    ingest.add_argument("raw", type=Path, help="raw page text; its first line is the title")
    ingest.add_argument("--url", required=True)
    ingest.add_argument("--source", required=True, help="the outlet, e.g. Bisnis.com")
    ingest.add_argument("--published", required=True, help="YYYY-MM-DD or YYYY-MM")
    ingest.add_argument("--title", help="override the title taken from the first line")
    ingest.add_argument("--lang", default="id")
    ingest.add_argument("--corpus", type=Path, default=None, help="corpus directory to add to (default: corpus/)")
    ingest.add_argument("--index", type=Path, default=None, help="index to update (default: INDEX_DIR)")
    ingest.set_defaults(command=cmd_ingest)

    evaluate = commands.add_parser("eval", help="measure answer quality on a question file")
    evaluate.add_argument("questions", type=Path)
    evaluate.add_argument("--explain", metavar="ID", help="show how one question was analysed and ranked")
    evaluate.add_argument("--ablation", action="store_true", help="also measure with each part switched off")
    _corpus_options(evaluate)
    evaluate.set_defaults(command=cmd_eval)

    run = commands.add_parser("run", help="start the Telegram bot")
    run.set_defaults(command=cmd_run)
    return parser


def _answer_count(text: str) -> int:
    count = int(text)
    if not 1 <= count <= 10:
        raise argparse.ArgumentTypeError("must be between 1 and 10")
    return count


def _corpus_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, action="append", help="corpus directory (repeatable)")
    parser.add_argument("--index", type=Path, default=None, help="index directory")


def _open(args: argparse.Namespace, settings: Settings, *, rebuild: bool = False) -> Engine:
    return _open_dirs(args.corpus or settings.corpus_dirs, args.index, settings, rebuild=rebuild)


def _open_dirs(corpus: Sequence[Path], index_dir: Path | None, settings: Settings, *, rebuild: bool = False) -> Engine:
    return Engine.open(
        corpus, index_dir or _default_index(settings, corpus), params=settings.bm25_params(), rebuild=rebuild
    )


def _default_index(settings: Settings, corpus: Sequence[Path]) -> Path:
    """Another set of corpus directories gets its own index beside the default one, so
    switching between them (e.g. evaluating with extra articles) does not rebuild back and forth."""
    if [Path(c).resolve() for c in corpus] == [Path(c).resolve() for c in settings.corpus_dirs]:
        return settings.index_dir
    key = hashlib.sha1("\n".join(str(Path(c).resolve()) for c in corpus).encode()).hexdigest()[:10]
    chosen = settings.index_dir / f"alt-{key}"
    chosen.mkdir(parents=True, exist_ok=True)
    os.utime(chosen)  # its last use, which decides what _prune_alt_indexes keeps
    _prune_alt_indexes(settings.index_dir, chosen)
    return chosen


# Indexes kept for other sets of corpus directories, the most recently used first.
KEPT_ALT_INDEXES = 4


def _prune_alt_indexes(index_dir: Path, in_use: Path) -> None:
    """Removes the indexes of corpus sets not used lately, so they do not pile up."""
    others = [path for path in index_dir.glob("alt-*") if path.is_dir() and path != in_use]
    others.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    for stale in others[KEPT_ALT_INDEXES - 1 :]:
        shutil.rmtree(stale, ignore_errors=True)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    engine = _open(args, settings)
    answers = engine.ask(args.question, k=args.k or settings.answers_per_reply)
    if args.json:
        payload = {"question": args.question, "answers": [a.to_json() for a in answers]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(format_answers(answers))
    return 0


def format_answers(answers: Sequence[Answer]) -> str:
    """Terminal rendering: the quote, its context, and where it stands."""
    if not answers:
        return "Not found: no sentence in the corpus answers this. Try other words, or name a person, place or date."
    blocks = []
    for number, answer in enumerate(answers, 1):
        lines = [f"{number}. “{answer.text}”"]
        lines += [f"   … {sentence}" for sentence in (*answer.context_before, *answer.context_after)]
        for article in (answer.article, *answer.also_in):
            lines.append(f"   — {article.title} ({article.source}, {article.published})")
            lines.append(f"     {article.url}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    engine = _open(args, settings, rebuild=True)
    print(f"indexed {engine.article_count} articles, {engine.sentence_count} sentences")
    return 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: answering a question needs neither the cleaner nor the YAML writer.
    from bot.ingest.cleaning import clean_page
    from bot.ingest.corpus import new_article, write_article

    try:
        raw = args.raw.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{args.raw}: not UTF-8 text; convert it first (e.g. iconv -t UTF-8)") from None
    page = clean_page(raw)
    article = new_article(args.title or page.title, args.url, args.source, args.published, args.lang, page.paragraphs)
    corpus = args.corpus or settings.corpus_dirs[0]
    path = write_article(corpus, article)
    print(f"added {path} ({len(article.paragraphs)} paragraphs)")
    configured = [Path(d).resolve() for d in settings.corpus_dirs]
    corpus_dirs = settings.corpus_dirs if Path(corpus).resolve() in configured else [corpus]
    engine = _open_dirs(corpus_dirs, args.index, settings)
    print(f"index: {engine.article_count} articles, {engine.sentence_count} sentences")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.eval.metrics import evaluate, format_failures, format_table, load_questions

    questions = load_questions(args.questions)
    engine = _open(args, settings)
    if args.explain:
        match = [q for q in questions if q.id == args.explain]
        if not match:
            raise ValueError(f"no question with id {args.explain!r} in {args.questions}")
        print(format_explanation(engine.explain(match[0].question)))
        return 0
    scores = evaluate(questions, lambda q: engine.ask(q, k=3))
    # Failures first and figures last, so the figures are what stays on screen.
    print("failures:")
    print(format_failures(scores["all"]) or "(none)")
    if args.ablation:
        rows = {"all parts": scores["all"].figures()}
        for part in (f.name for f in fields(Features)):
            ablated = engine.with_features(replace(Features(), **{part: False}))
            rows[f"no {part}"] = evaluate(questions, functools.partial(ablated.ask, k=3))["all"].figures()
        print("\nablation (all questions):")
        print(format_table(rows))
    print()
    print(format_table({lang: s.figures() for lang, s in scores.items()}))
    return 0


def format_explanation(explanation: Explanation) -> str:
    """Prints what `Engine.explain` returns; every score is the sum of the parts shown."""
    e = explanation
    lines = [
        f"question: {e.question}",
        f"language: {e.lang}",
        f"type: {e.qtype}",
        f"dates: years {list(e.years)}, months {list(e.months)}",
        "terms:",
    ]
    for term in e.terms:
        alternatives = ", ".join(f"{terms}×{weight:g} (idf {idf:.2f})" for terms, weight, idf in term.alternatives)
        lines.append(f"  {term.source}: {alternatives}")
    if e.unknown:
        lines.append(f"  not in the corpus: {', '.join(e.unknown)}")
    lines.append("top passages:")
    for candidate in e.candidates:
        parts = " ".join(f"{name} {value:+.3f}" for name, value in candidate.parts.items())
        lines.append(f"  {candidate.score:7.3f} = {parts}\n          {candidate.text[:140]}")
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.telegram.app import run  # only here: answering from the terminal needs no telegram

    run(settings)
    return 0
