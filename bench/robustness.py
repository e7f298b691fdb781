"""Cost of one hostile input: sentence splitting, page cleaning (with repeat detection)
and YAML front matter, on inputs of 10 kB to 10 MB (issue 10).

    python bench/robustness.py [--max-bytes 10000000]

Prints, per input kind, the seconds each size took and the growth factor from one size
to the next (x10 input): about 10 means linear, about 100 quadratic.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.ingest.cleaning import _drop_repeats, clean_page
from bot.ingest.corpus import CorpusError, parse_article
from bot.text.sentences import split_sentences

WORDS = "pemerintah kota semarang banjir warga mengungsi presiden menteri harga cabai pasar kata dr. h. no.".split()


def _prose(size: int, rng: random.Random) -> str:
    out: list[str] = []
    total = 0
    while total < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize() + ". "
        out.append(sentence)
        total += len(sentence)
    return "".join(out)


def _paragraphs(size: int, rng: random.Random) -> list[str]:
    text = _prose(size, rng)
    sentences = text.split(". ")
    return [". ".join(sentences[i : i + 3]) + "." for i in range(0, len(sentences), 3)]


def inputs(size: int) -> dict[str, Callable[[], object]]:
    rng = random.Random(size)
    prose = _prose(size, rng)
    paragraphs = _paragraphs(size, rng)
    page = "Judul Berita Hari Ini\n\n" + "\n\n".join(paragraphs)
    no_spaces = "A.\t" * (size // 3)  # the old splitter's worst case: initials, no spaces
    abbreviations = "Dr. " * (size // 4) + "X"
    repeated = ["Kalimat yang sama diulang di sini untuk kesekian kali dalam halaman ini."] * (size // 72)
    front = "title: T\nurl: https://x.id/a\nsource: S\npublished: 2024-01-01\n"
    bomb = (
        front
        + "a: &a ["
        + ",".join(["x"] * 9)
        + "]\n"
        + "\n".join(f"b{i}: &b{i} [" + ",".join([f"*{'a' if i == 0 else f'b{i - 1}'}"] * 9) + "]" for i in range(9))
    )

    def yaml_bomb() -> None:
        try:
            parse_article(f"---\n{bomb}\n---\n\nIsi.\n", "bomb")
        except CorpusError:
            pass

    return {
        "split: prose": lambda: split_sentences(prose),
        "split: no spaces": lambda: split_sentences(no_spaces),
        "split: abbreviations": lambda: split_sentences(abbreviations),
        "clean: page": lambda: clean_page(page),
        "clean: one line": lambda: clean_page("Judul Berita Hari Ini\n\n" + prose),
        "repeats: distinct": lambda: _drop_repeats(paragraphs, "Judul"),
        "repeats: same line": lambda: _drop_repeats(repeated + paragraphs[:3], "Judul"),
        "yaml: alias bomb": yaml_bomb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-bytes", type=int, default=10_000_000)
    args = parser.parse_args()
    sizes = [size for size in (10_000, 100_000, 1_000_000, 10_000_000) if size <= args.max_bytes]
    results: dict[str, list[float]] = {}
    for size in sizes:
        for name, work in inputs(size).items():
            started = time.perf_counter()
            work()
            results.setdefault(name, []).append(time.perf_counter() - started)
    header = f"{'input':24}" + "".join(f"{size // 1000:>10} kB" for size in sizes) + "   growth per x10"
    print(header)
    for name, times in results.items():
        growth = [later / max(earlier, 1e-6) for earlier, later in itertools.pairwise(times)]
        print(
            f"{name:24}"
            + "".join(f"{seconds:>12.3f}s"[1:] for seconds in times)
            + "   "
            + " ".join(f"x{g:.1f}" for g in growth)
        )


if __name__ == "__main__":
    main()
