"""The whole engine at scale: a synthetic corpus of Markdown articles, built and asked
as a user would.

    python -m bench.engine_scale [--sizes 100k,1M] [--work bench/out/engine] [--workers N]

For each size (passages), in one run:

* the corpus is written once (`bench/synth.py` sentences, 25 a Markdown article);
* `python -m bot index` builds it twice in fresh processes, single-process
  (`--workers 1`) and parallel (`--workers N`, default all cores): wall time and peak
  resident memory of each (`/usr/bin/time`), and whether the two indexes are the same
  byte for byte;
* a fresh serving process (`serve` below) reports the cold start (Engine.open and the
  first answer, imports excluded), `Engine.ask` p50/p95 over the questions, the plain
  BM25 search (`Bm25Index.search` of the same questions' analysed terms, top 40 as the
  engine asks) p50/p95, its resident memory after answering everything, and then
  rank_bm25's `get_scores` p50 on the same passages (their index terms, read from the
  forward index) for a sample of the questions.

Questions are made from the corpus itself: 2-6 words of a random sentence (its names
first), some with a question word ("berapa", "kapan", "siapa", "mengapa", "di mana").
Latency is each question's quickest of three timed passes after a warm-up pass (the
machine is a shared 2-core VM: other processes run meanwhile and its speed drifts).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
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
PREFIXES = ("", "apa", "siapa", "kapan", "berapa", "mengapa", "di mana", "")


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


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def label(size: int) -> str:
    return f"{size // 1_000_000}M" if size % 1_000_000 == 0 else f"{size // 1000}k"


# --- serving (run in a fresh process) -----------------------------------------------


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def make_questions(engine, n: int, seed: int = 13) -> list[str]:  # type: ignore[no-untyped-def]
    """`n` questions, each from a random sentence of the corpus: its names, then words."""
    import numpy as np

    rng = np.random.default_rng(seed)
    store = engine._index.stores[0]
    out: list[str] = []
    while len(out) < n:
        local = int(rng.integers(len(store)))
        words = [w.strip(".,") for w in store.text(local).split()]
        if len(words) < 4:
            continue
        names = [w for w in words[1:] if w[:1].isupper()]
        plain = [w for w in words if not w[:1].isupper() and not w.isdigit()]
        size = int(rng.choice((2, 3, 4, 5, 6), p=(0.25, 0.3, 0.22, 0.14, 0.09)))
        chosen = names[:2] if names and rng.random() < 0.85 else []
        take = max(size - len(chosen), 0)
        if plain and take:
            chosen += [plain[i] for i in sorted(rng.choice(len(plain), min(take, len(plain)), replace=False))]
        prefix = PREFIXES[len(out) % len(PREFIXES)]
        out.append(" ".join([prefix, *chosen]).strip() + "?")
    return out


def quickest(function, items, passes: int = 3) -> list[float]:  # type: ignore[no-untyped-def]
    for item in items:  # warm-up pass
        function(item)
    best = [float("inf")] * len(items)
    for _ in range(passes):
        for number, item in enumerate(items):
            start = time.perf_counter()
            function(item)
            best[number] = min(best[number], time.perf_counter() - start)
    return best


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def serve(corpus_dir: Path, index_dir: Path, n_questions: int, n_rank: int) -> dict:
    from bot import Engine
    from bot.search.engine import CANDIDATES

    start = time.perf_counter()
    engine = Engine.open(corpus_dir, index_dir)
    engine.ask("apa kabar Jakarta hari ini?")
    cold = time.perf_counter() - start
    questions = make_questions(engine, n_questions)
    ask = quickest(engine.ask, questions)
    analysed = [engine.analyze(q) for q in questions]
    queries = [[g.alternatives for g in a.groups] for a in analysed]
    bm25 = engine._bm25
    plain = quickest(lambda query: bm25.search(query, CANDIDATES), queries)
    answered = sum(bool(engine.ask(q)) for q in questions)
    gc.collect()
    rss = rss_mb()
    result = {
        "passages": engine.sentence_count,
        "questions": len(questions),
        "answered": answered,
        "cold_start_s": cold,
        "ask_p50_ms": 1000 * statistics.median(ask),
        "ask_p95_ms": 1000 * percentile(ask, 0.95),
        "bm25_p50_ms": 1000 * statistics.median(plain),
        "bm25_p95_ms": 1000 * percentile(plain, 0.95),
        "rss_mb": rss,
    }
    if n_rank:
        result.update(rank_bm25_times(engine, analysed[:n_rank]))
    return result


def rank_bm25_times(engine, analysed) -> dict:  # type: ignore[no-untyped-def]
    """rank_bm25.get_scores (and its top 40) on the same passages' index terms."""
    import numpy as np
    from rank_bm25 import BM25Okapi

    corpus: list[list[str]] = []
    for segment in engine._bm25.segments:
        vocabulary = np.array(segment.term_list, dtype=object)
        offsets = segment.fwd_offsets.tolist()
        words = vocabulary[np.asarray(segment.fwd_terms)].tolist()
        corpus.extend(words[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1))
        del words, vocabulary
    start = time.perf_counter()
    model = BM25Okapi(corpus)
    built = time.perf_counter() - start
    del corpus
    times = []
    for question in analysed:
        tokens = [t for group in question.groups for t in group.alternatives[0][1]]
        start = time.perf_counter()
        scores = model.get_scores(tokens)
        np.argpartition(-scores, min(40, len(scores) - 1))[:40]
        times.append(time.perf_counter() - start)
    return {"rank_bm25_build_s": built, "rank_bm25_p50_ms": 1000 * statistics.median(times), "rank_bm25_q": len(times)}


# --- building -------------------------------------------------------------------------


def build(corpus_dir: Path, index_dir: Path, workers: int) -> dict:
    """`python -m bot index` in a fresh process: wall time and peak RSS (/usr/bin/time)."""
    python = sys.executable
    env_time = ["/usr/bin/time", "-f", "%M"] if os.path.exists("/usr/bin/time") else []
    command = [python, "-m", "bot", "index", "--corpus", str(corpus_dir), "--index", str(index_dir)]
    command += ["--workers", str(workers)]
    start = time.perf_counter()
    done = subprocess.run([*env_time, *command], check=True, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    # /usr/bin/time reports the largest child: the parent or one pool worker.
    peak = int(done.stderr.strip().splitlines()[-1]) / 1024 if env_time else float("nan")
    return {"seconds": seconds, "peak_mb": peak, "stdout": done.stdout.strip()}


def segment_digest(index_dir: Path) -> str:
    """A digest of every file of the index's segments (names aside: they are random)."""
    digest = hashlib.sha256()
    for segment in sorted(p for p in index_dir.iterdir() if p.name.startswith("seg-")):
        for path in sorted(segment.iterdir()):
            digest.update(path.name.encode())
            with path.open("rb") as handle:
                while block := handle.read(1 << 20):
                    digest.update(block)
    return digest.hexdigest()


def run_size(size: int, work: Path, workers: int, n_questions: int, n_rank: int) -> dict:
    base = work / str(size)
    corpus_dir = base / "corpus"
    if not corpus_dir.exists():
        start = time.perf_counter()
        articles = write_corpus(corpus_dir, size)
        print(f"[{label(size)}] corpus: {articles} articles written in {time.perf_counter() - start:.1f} s", flush=True)
    single = build(corpus_dir, base / "index-single", 1)
    print(f"[{label(size)}] build, 1 process: {single['seconds']:.1f} s, peak {single['peak_mb']:.0f} MB", flush=True)
    parallel = build(corpus_dir, base / "index", workers)
    print(
        f"[{label(size)}] build, {workers} workers: {parallel['seconds']:.1f} s, peak {parallel['peak_mb']:.0f} MB "
        f"({parallel['stdout']})",
        flush=True,
    )
    same = segment_digest(base / "index-single") == segment_digest(base / "index")
    command = [sys.executable, "-m", "bench.engine_scale", "serve", str(corpus_dir), str(base / "index")]
    command += [str(n_questions), str(n_rank)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    served = json.loads(done.stdout.strip().splitlines()[-1])
    return {"size": size, "single": single, "parallel": parallel, "identical": same, "workers": workers, **served}


def report(row: dict) -> str:
    name = label(row["size"])
    ratio = row["ask_p50_ms"] / row["bm25_p50_ms"] if row["bm25_p50_ms"] else float("nan")
    lines = [
        f"== {name} passages ({row['passages']} indexed, {row['questions']} questions, {row['answered']} answered) ==",
        f"Engine.ask        p50 {row['ask_p50_ms']:8.3f} ms   p95 {row['ask_p95_ms']:8.3f} ms",
        f"plain BM25 search p50 {row['bm25_p50_ms']:8.3f} ms   p95 {row['bm25_p95_ms']:8.3f} ms"
        f"   (ask / search at p50: {ratio:.1f}x)",
    ]
    if "rank_bm25_p50_ms" in row:
        lines.append(
            f"rank_bm25         p50 {row['rank_bm25_p50_ms']:8.1f} ms   ({row['rank_bm25_q']} questions; "
            f"Engine.ask is {row['rank_bm25_p50_ms'] / row['ask_p50_ms']:.0f}x faster at p50)"
        )
    single, parallel = row["single"], row["parallel"]
    lines += [
        f"cold start (open + first answer) {1000 * row['cold_start_s']:.0f} ms; serving RSS {row['rss_mb']:.0f} MB",
        f"build 1 process   {single['seconds']:6.1f} s, peak {single['peak_mb']:.0f} MB",
        f"build {row['workers']} workers   {parallel['seconds']:6.1f} s, peak {parallel['peak_mb']:.0f} MB "
        f"(peak of the largest process)   speed-up {single['seconds'] / parallel['seconds']:.2f}x; "
        f"indexes identical byte for byte: {'yes' if row['identical'] else 'NO'}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        corpus_dir, index_dir, n_questions, n_rank = argv[1:5]
        print(json.dumps(serve(Path(corpus_dir), Path(index_dir), int(n_questions), int(n_rank))))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M", help="passages, comma-separated (e.g. 100k,200k,1M)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "engine")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--rank-bm25", type=int, default=None, help="questions rank_bm25 answers (default 20; 5 at 1M)")
    args = parser.parse_args(argv)
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores; load average "
        f"{os.getloadavg()[0]:.1f} at start (other processes share the machine)",
        flush=True,
    )
    for size in (parse_size(s) for s in args.sizes.split(",")):
        n_rank = args.rank_bm25 if args.rank_bm25 is not None else (5 if size >= 500_000 else 20)
        row = run_size(size, args.work, args.workers, args.questions, n_rank)
        print(report(row), flush=True)
        print(json.dumps({k: v for k, v in row.items()}), flush=True)


if __name__ == "__main__":
    main()
