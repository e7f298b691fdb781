"""Command line: `python -m bot ask|index|ingest|follow|status|eval|feedback|run`.

Telegram is imported only by `run`, so answering from the terminal stays fast.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import logging
import math
import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.model import Answer
from bot.search.answers import worth_showing
from bot.search.dates import news_today
from bot.search.engine import Engine, Explanation
from bot.search.options import Parts
from bot.settings import Settings, load_settings
from bot.text.clean_input import SURROGATE

if TYPE_CHECKING:
    from bot.ingest.registry import Added


DESCRIPTION = (
    "Kutipan answers questions about Indonesian news, asked in Indonesian or English, by quoting "
    "the sentences of its articles that answer them, with their sources."
)
EXAMPLES = """examples:
  python -m bot ask "apa kata Raisi kepada Putin?"
  python -m bot ask what did Raisi tell Putin
  python -m bot ingest page.txt --url https://… --source Bisnis.com --published 2024-03-05
  python -m bot run          (the Telegram bot; needs TELEGRAM_BOT_TOKEN)"""
# Commands that serve for long, whose progress the log tells; the others speak for
# themselves on stdout and log only warnings, unless LOG_LEVEL says otherwise.
LOGGING_COMMANDS = frozenset({"run", "follow"})


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    # `ask harga -k 2 tiket`: question words on both sides of an option are one question.
    if extra and args.name == "ask" and not any(word.startswith("-") for word in extra):
        args.question += extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        settings = load_settings()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    level = settings.log_level
    if args.name not in LOGGING_COMMANDS and "log_level" not in settings.model_fields_set:
        level = "WARNING"
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return args.command(args, settings)
    except BrokenPipeError:
        # The reader went away (`… | head`): nothing more to say, and nowhere to say it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (ValueError, OSError) as exc:  # CorpusError, CleaningError and bad input are ValueErrors
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kutipan" if Path(sys.argv[0]).name == "kutipan" else "python -m bot",
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND", dest="name")

    ask = commands.add_parser(
        "ask", help="answer a question by quoting the corpus", description="Answer a question by quoting the corpus."
    )
    ask.add_argument("question", nargs="+", help="the question, in Indonesian or English (quotes optional)")
    ask.add_argument("--json", action="store_true", help="print machine-readable JSON")
    ask.add_argument(
        "-k", type=_whole_number(1, 10), default=None, help="answers to show, 1-10 (default: ANSWERS_PER_REPLY)"
    )
    ask.add_argument(
        "--today",
        type=_day,
        default=None,
        help='the day asked, YYYY-MM-DD, which "last week", "kemarin" count from (default: today in Jakarta)',
    )
    _corpus_options(ask)
    ask.set_defaults(command=cmd_ask)

    index = commands.add_parser("index", help="rebuild the index from the corpus")
    _corpus_options(index)
    index.add_argument(
        "--workers",
        type=_whole_number(1),
        default=None,
        help="processes analysing the text (default: INDEX_WORKERS or every core)",
    )
    index.set_defaults(command=cmd_index)

    ingest = commands.add_parser("ingest", help="add articles: web addresses, saved .html pages or raw text pages")
    ingest.add_argument(
        "targets",
        nargs="+",
        metavar="URL|FILE",
        help="http(s) address, .html file, raw text page (first line the title), or a directory of NAME.txt "
        "pages with NAME.json metadata ({title, url, source, published, lang}) ingested all at once",
    )
    ingest.add_argument("--url", help="the article's address (wins over the page's canonical link)")
    ingest.add_argument("--source", help="the outlet, e.g. Bisnis.com (wins over the page's)")
    ingest.add_argument("--published", help="YYYY-MM-DD or YYYY-MM (wins over the page's)")
    ingest.add_argument("--title", help="the title (wins over the page's, or the first line)")
    ingest.add_argument("--lang", help="language code (default: the page's, else guessed)")
    _corpus_options(ingest, "corpus directory (repeatable); articles go into the first")
    ingest.set_defaults(command=cmd_ingest)

    follow = commands.add_parser("follow", help="poll RSS/Atom feeds and add their new articles")
    follow.add_argument("feeds", nargs="*", metavar="FEED", help="feed address (default: FEEDS / FEEDS_FILE)")
    follow.add_argument("--once", action="store_true", help="one round, then exit")
    _corpus_options(follow, "corpus directory (repeatable); articles go into the first")
    follow.set_defaults(command=cmd_follow)

    status = commands.add_parser("status", help="what is served, how fresh, and how the feeds are doing")
    _corpus_options(status)
    status.set_defaults(command=cmd_status)

    evaluate = commands.add_parser("eval", help="measure answer quality on question files")
    evaluate.add_argument(
        "questions", type=Path, nargs="+", help="question files; each is a set (its directory's name)"
    )
    evaluate.add_argument(
        "--boilerplate",
        type=Path,
        action="append",
        metavar="DIR",
        help="raw pages with NAME.boilerplate.json lists: count boilerplate left in the corpus and content lost "
        "(default: a raw/ directory beside a question file)",
    )
    evaluate.add_argument(
        "--folds", type=int, default=0, metavar="K", help="also cross-validate the ranking weights, K folds by article"
    )
    evaluate.add_argument(
        "--repeats",
        type=int,
        default=1,
        metavar="R",
        help="with --folds: also average the cross-validation over R dealings of the articles into folds",
    )
    evaluate.add_argument("--explain", metavar="ID", help="show how one question was analysed and ranked")
    evaluate.add_argument(
        "--ablation",
        action="store_true",
        help="also measure with each part switched off (with --folds: each feature group, refitted)",
    )
    _corpus_options(evaluate)
    evaluate.set_defaults(command=cmd_eval)

    feedback = commands.add_parser("feedback", help="export users' votes as evaluation questions")
    feedback.add_argument("--export", type=Path, required=True, metavar="PATH", help="questions.jsonl to write")
    feedback.add_argument("--include-down", action="store_true", help="also write voted-down questions")
    feedback.set_defaults(command=cmd_feedback)

    run = commands.add_parser(
        "run",
        help="start the Telegram bot",
        description="Start the Telegram bot: it answers private messages, mentions and /ask in groups. Needs "
        "TELEGRAM_BOT_TOKEN (environment or .env; see .env.example).",
    )
    run.set_defaults(command=cmd_run)
    return parser


def _whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` (to `high`), said plainly otherwise."""
    allowed = f"a number from {low} to {high}" if high is not None else f"a whole number of at least {low}"

    def parse(text: str) -> int:
        number = int(text) if re.fullmatch(r"[0-9]+", text.strip()) else None
        if number is None or number < low or (high is not None and number > high):
            raise argparse.ArgumentTypeError(f"must be {allowed}, not {text!r}")
        return number

    return parse


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a date, YYYY-MM-DD") from None


def _corpus_options(parser: argparse.ArgumentParser, corpus_help: str = "corpus directory (repeatable)") -> None:
    parser.add_argument("--corpus", type=Path, action="append", help=corpus_help)
    parser.add_argument("--index", type=Path, default=None, help="index directory")


def _open(args: argparse.Namespace, settings: Settings, *, rebuild: bool = False) -> Engine:
    return _open_dirs(args.corpus or settings.corpus_dirs, args.index, settings, rebuild=rebuild)


def _open_dirs(corpus: Sequence[Path], index_dir: Path | None, settings: Settings, *, rebuild: bool = False) -> Engine:
    return settings.open_engine(corpus, index_dir or _default_index(settings, corpus), rebuild=rebuild)


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
    question = " ".join(args.question)
    if not question.strip():
        raise ValueError('the question is empty: ask, for example, python -m bot ask "apa kata Raisi kepada Putin?"')
    engine = _open(args, settings)
    if not engine.article_count:
        raise ValueError("the corpus has no articles: add some with python -m bot ingest (see --help)")
    answers = engine.ask(question, k=args.k or settings.answers_per_reply, today=args.today or news_today())
    if args.json:
        payload = {"question": _printable(question), "answers": [_finite(a.to_json()) for a in answers]}
        print(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        print(format_answers(answers))
    return 0


def _printable(text: str) -> str:
    """Text from argv as valid Unicode: bytes that were not UTF-8 reach Python as lone
    surrogates (surrogateescape), which no UTF-8 output can carry."""
    return SURROGATE.sub("\ufffd", text)


def _finite(value: object) -> object:
    """JSON has no Infinity or NaN: a non-finite number becomes null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def format_answers(answers: Sequence[Answer]) -> str:
    """Terminal rendering: the quote, its context, and where it stands."""
    if not answers:
        return "Not found: no sentence in the corpus answers this. Try other words, or name a person, place or date."
    blocks = []
    for number, answer in enumerate(worth_showing(answers), 1):
        lines = [f"{number}. “{answer.text}”"]
        lines += [f"   … {sentence}" for sentence in (*answer.context_before, *answer.context_after)]
        for article in (answer.article, *answer.also_in):
            lines.append(f"   — {article.title} ({article.source}, {article.published})")
            lines.append(f"     {article.url}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    if args.workers:
        settings = settings.model_copy(update={"index_workers": args.workers})
    engine = _open(args, settings, rebuild=True)
    if engine.index_problem:
        print(
            f"error: the index could not be rebuilt ({engine.index_problem}); the last good one stays", file=sys.stderr
        )
        return 1
    print(f"indexed {_plural(engine.article_count, 'article')}, {_plural(engine.sentence_count, 'sentence')}")
    return 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Each target is fetched or read, cleaned, deduplicated and written; one that fails
    is reported and the others go on; then the index grows by what was added."""
    # Imported here: answering a question needs neither the extractor nor the fetcher.
    from bot.ingest.extract import Metadata
    from bot.ingest.fetch import FetchError, PoliteFetcher
    from bot.ingest.pages import expand_targets, ingest_one, is_web_address
    from bot.ingest.progress import TerminalProgress
    from bot.ingest.registry import Added, CorpusRegistry
    from bot.text.clean_input import check_published, check_url

    targets = expand_targets(args.targets)
    if len(targets) > 1 and (args.url or args.title):
        raise ValueError("--url and --title name one article: give one URL or file with them")
    # What the operator types is checked as typed ("2024-04-01 " is a slip, not a date);
    # what pages and feeds say is normalised where it is read.
    given = Metadata(
        args.title,
        check_url(args.url) if args.url else None,
        args.source,
        check_published(args.published) if args.published else None,
        args.lang,
    )
    target_dir, corpus_dirs, index_dir = _ingest_dirs(args, settings)
    registry = CorpusRegistry(corpus_dirs, index_dir)
    failures = 0
    added: list[Added] = []
    progress = TerminalProgress("ingesting")
    fetcher = PoliteFetcher(settings.fetch_policy()) if any(is_web_address(t) for t, _ in targets) else None
    try:
        for number, (target, sidecar) in enumerate(targets):
            progress(number, len(targets))
            try:
                outcome = ingest_one(
                    target,
                    given=given,
                    registry=registry,
                    corpus_dir=target_dir,
                    fetcher=fetcher,
                    fallback=sidecar,
                    max_bytes=settings.ingest_max_bytes,
                )
            except (FetchError, ValueError, OSError) as exc:
                failures += 1
                message = str(exc) if str(exc).startswith(target) else f"{target}: {exc}"
                print(f"error: {message}", file=sys.stderr)
                continue
            if isinstance(outcome, Added):
                added.append(outcome)
                also = f"; same text as {Path(outcome.syndicated_from).name}" if outcome.syndicated_from else ""
                print(f"added {outcome.path} ({_plural(len(outcome.article.paragraphs), 'paragraph')}{also})")
            else:
                print(f"already in the corpus ({outcome.reason}): {target} is {Path(outcome.existing).name}")
        progress(len(targets), len(targets))
    finally:
        progress.done()
        registry.save()
        if fetcher is not None:
            fetcher.close()
    if added:
        failures += _index_or_report(added, lambda: _open_dirs(corpus_dirs, index_dir, settings))
    return 2 if failures else 0


def _index_or_report(added: Sequence[Added], open_engine: Callable[[], Engine]) -> int:
    """Index what was added (what the index cannot take leaves the corpus again) and say
    so; returns how many articles had to go."""
    from bot.serving import index_or_roll_back

    engine, refused = index_or_roll_back(added, open_engine)
    for item, reason in refused:
        print(f"error: {item.path} could not be indexed ({reason}); removed from the corpus again", file=sys.stderr)
    if engine is not None:
        print(f"index: {_plural(engine.article_count, 'article')}, {_plural(engine.sentence_count, 'sentence')}")
    return len(refused)


def _ingest_dirs(args: argparse.Namespace, settings: Settings) -> tuple[Path, list[Path], Path]:
    """Where new articles go (the first --corpus), which corpus the index covers (the
    configured one when the target is part of it, so the default index stays in step),
    and that index."""
    chosen = list(args.corpus or settings.corpus_dirs)
    configured = [Path(d).resolve() for d in settings.corpus_dirs]
    corpus_dirs = list(settings.corpus_dirs) if all(Path(d).resolve() in configured for d in chosen) else chosen
    Path(chosen[0]).mkdir(parents=True, exist_ok=True)
    return Path(chosen[0]), corpus_dirs, args.index or _default_index(settings, corpus_dirs)


def cmd_follow(args: argparse.Namespace, settings: Settings) -> int:
    """Poll the feeds (once, or every FEED_INTERVAL_MINUTES until Ctrl-C), index what came."""
    import time

    from bot.ingest.feeds import poll_feeds
    from bot.ingest.fetch import PoliteFetcher
    from bot.ingest.progress import TerminalProgress

    feeds = args.feeds or settings.feed_urls()
    if not feeds:
        raise ValueError("no feeds to follow: name them (python -m bot follow URL) or set FEEDS or FEEDS_FILE")
    target_dir, corpus_dirs, index_dir = _ingest_dirs(args, settings)
    interval = settings.feed_interval_minutes * 60
    with PoliteFetcher(settings.fetch_policy()) as fetcher:
        while True:
            progress = TerminalProgress("fetching new entries")
            try:
                reports = poll_feeds(
                    feeds,
                    corpus_dir=target_dir,
                    corpus_dirs=corpus_dirs,
                    index_dir=index_dir,
                    fetcher=fetcher,
                    interval_seconds=interval,
                    progress=progress,
                )
            finally:
                progress.done()
            for report in reports:
                print(report.summary())
                for item in report.added:
                    print(f"  added {item.path}")
                for line in report.failed:
                    print(f"  failed: {line}")
            new = [item for report in reports for item in report.added]
            if new:
                _index_or_report(new, lambda: _open_dirs(corpus_dirs, index_dir, settings))
            if args.once:
                return 2 if all(report.error for report in reports) else 0
            time.sleep(interval)


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    import time

    from bot.index.manifest import MANIFEST
    from bot.ingest.feeds import load_state
    from bot.ingest.status import format_status

    corpus_dirs = list(args.corpus or settings.corpus_dirs)
    index_dir = args.index or _default_index(settings, corpus_dirs)
    engine = _open_dirs(corpus_dirs, index_dir, settings)
    manifest = index_dir / MANIFEST
    print(
        format_status(
            articles=engine.article_count,
            sentences=engine.sentence_count,
            index_updated=manifest.stat().st_mtime if manifest.exists() else None,
            feeds=settings.feed_urls(),
            state=load_state(index_dir),
            now=time.time(),
        )
    )
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.eval.metrics import evaluate, format_failures, format_table, load_questions

    questions = [q for path in args.questions for q in load_questions(path)]
    engine = _open(args, settings)
    if args.explain:
        match = [q for q in questions if q.id == args.explain]
        if not match:
            raise ValueError(f"no question with id {args.explain!r} in {', '.join(map(str, args.questions))}")
        print(format_explanation(engine.explain(match[0].question)))
        return 0
    scores = evaluate(questions, lambda q: engine.ask(q, k=3))
    # Failures first and figures last, so the figures are what stays on screen.
    print("failures:")
    print(format_failures(scores["all"]) or "(none)")
    if args.ablation and not args.folds:
        rows = {"all parts": scores["all"].figures()}
        for part in (f.name for f in fields(Parts)):
            ablated = engine.with_parts(replace(Parts(), **{part: False}))
            rows[f"no {part}"] = evaluate(questions, functools.partial(ablated.ask, k=3))["all"].figures()
        print("\nablation (all questions):")
        print(format_table(rows))
    if args.folds:
        from bot.eval import fitting

        if args.folds < 2:
            raise ValueError("--folds needs at least 2 folds")
        examples = fitting.gather(engine, questions)
        refitted = fitting.figures(fitting.outcomes(engine, examples, fitting.fit(examples)))
        crossed = fitting.figures(fitting.cross_validate(engine, examples, args.folds))
        print("\nfitted on these questions (weights refitted on all of them):")
        print(format_table({name: s.figures() for name, s in refitted.items()}))
        print(f"\ncross-validated, {args.folds} folds by article (each fold ranked by weights fitted on the others):")
        print(format_table({name: s.figures() for name, s in crossed.items()}))
        if args.repeats > 1:
            print(f"\ncross-validated, mean of {args.repeats} dealings of the articles into {args.folds} folds:")
            print(format_table(fitting.repeated(engine, examples, args.folds, args.repeats)))
        if args.ablation:
            print("\nablation, cross-validated (all questions), each feature group off and the rest refitted:")
            print(format_table(fitting.ablation(engine, examples, args.folds)))
    raw_dirs = args.boilerplate or [d for d in {p.parent / "raw" for p in args.questions} if d.is_dir()]
    if raw_dirs:
        from bot.eval.cleaning import check_cleaning, format_cleaning

        print()
        print(format_cleaning(check_cleaning(sorted(raw_dirs), args.corpus or settings.corpus_dirs)))
    print("\nwith the shipped weights:" if args.folds else "")
    print(format_table({name: s.figures() for name, s in scores.items()}))
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
    lines.append(e.verdict)
    lines.append(f"top passages (score = bias + Σ feature × weight; not found below {e.threshold:.3f}):")
    for candidate in e.candidates:
        lines.append(f"  {candidate.score:7.3f}  {candidate.text[:140]}")
        lines.append(f"      {'bias':<24}{'':>8}{'':>9}  {candidate.parts['bias']:+.3f}")
        for name, value in candidate.features.items():
            weight = candidate.weights.get(name, 0.0)
            if value:
                lines.append(f"      {name:<24}{value:8.3f} × {weight:+7.3f} = {candidate.parts[name]:+.3f}")
    return "\n".join(lines)


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    from bot.eval.feedback import FeedbackStore, export

    count = export(FeedbackStore(settings.data_dir), args.export, include_down=args.include_down)
    print(f"wrote {count} questions to {args.export}")
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.telegram.app import run  # only here: answering from the terminal needs no telegram

    run(settings)
    return 0
