"""The whole engine at scale: a synthetic corpus of Markdown articles, built and asked
as a user would, through the command line and through what the bot does at start.

    python -m bench.engine_scale [--passages 1000000] [--work bench/out/engine]

Prints: corpus writing time, `python -m bot index` time and peak memory, and for three
fresh processes each the wall time of `python -m bot ask` (open the index, answer the
first question, print) and of the bot's start-up work (Engine.open, warm-up, first
answer). Targets: the first answer in under 2 s on a million passages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import synth

ROOT = Path(__file__).resolve().parent.parent
SENTENCES_PER_ARTICLE = 25
SENTENCES_PER_PARAGRAPH = 5
BOT_START = """
import sys, time
start = time.perf_counter()
from bot import Engine
from bot.telegram.app import warm_up
engine = Engine.open(sys.argv[1], sys.argv[2])
warm_up(engine)
engine.ask(sys.argv[3])
print(f"{time.perf_counter() - start:.3f}")
"""


def write_corpus(directory: Path, passages: int) -> int:
    """Synthetic articles in the corpus format; returns the article count."""
    corpus = synth.generate(passages)
    directory.mkdir(parents=True, exist_ok=True)
    sentences = [s for s in corpus.iter_texts() if s]
    articles = 0
    for start in range(0, len(sentences), SENTENCES_PER_ARTICLE):
        body = sentences[start : start + SENTENCES_PER_ARTICLE]
        title, body = body[0].rstrip("."), body[1:]
        paragraphs = [
            " ".join(body[i : i + SENTENCES_PER_PARAGRAPH]) for i in range(0, len(body), SENTENCES_PER_PARAGRAPH)
        ]
        month = articles % 12 + 1
        front = (
            f"---\ntitle: {title}\nurl: https://synth.example/{articles}\nsource: Synth\n"
            f"published: 20{20 + articles % 6}-{month:02d}-15\n---\n\n"
        )
        (directory / f"a{articles:06d}.md").write_text(front + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        articles += 1
    return articles


def question_from(corpus_dir: Path) -> str:
    """A question made of words from one article in the middle of the corpus."""
    files = sorted(corpus_dir.glob("*.md"))
    text = files[len(files) // 2].read_text(encoding="utf-8").split("---\n", 2)[2]
    words = [w.strip(".,") for w in text.split()[:40]]
    return "apa " + " ".join(words[3:9:2]) + "?"


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "engine")
    args = parser.parse_args()
    work = args.work / str(args.passages)
    corpus_dir, index_dir = work / "corpus", work / "index"
    if not corpus_dir.exists():
        start = time.perf_counter()
        articles = write_corpus(corpus_dir, args.passages)
        print(f"corpus: {articles} articles written in {time.perf_counter() - start:.1f} s")
    python = sys.executable
    env_time = ["/usr/bin/time", "-f", "%M"] if os.path.exists("/usr/bin/time") else []
    start = time.perf_counter()
    built = subprocess.run(
        [*env_time, python, "-m", "bot", "index", "--corpus", str(corpus_dir), "--index", str(index_dir)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    peak = f", peak {int(built.stderr.strip().splitlines()[-1]) / 1024:.0f} MB" if env_time else ""
    print(f"python -m bot index: {time.perf_counter() - start:.1f} s{peak}; {built.stdout.strip()}")
    question = question_from(corpus_dir)
    cli = [
        timed([python, "-m", "bot", "ask", question, "--corpus", str(corpus_dir), "--index", str(index_dir)])[0]
        for _ in range(3)
    ]
    bot = [float(timed([python, "-c", BOT_START, str(corpus_dir), str(index_dir), question])[1]) for _ in range(3)]
    print(f"question: {question}")
    print(
        f"python -m bot ask, first answer (fresh process): median {statistics.median(cli):.2f} s, max {max(cli):.2f} s"
    )
    print(
        f"bot start-up to first answer (open, warm-up, ask): median {statistics.median(bot):.2f} s, "
        f"max {max(bot):.2f} s"
    )


if __name__ == "__main__":
    main()
