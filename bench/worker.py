"""One measurement in a fresh process, so no number is polluted by another's memory.

    python -m bench.worker build    ENGINE SIZE WORK [--queries N]
    python -m bench.worker serve    ENGINE SIZE WORK [--passes N]
    python -m bench.worker fromtext kutipan SIZE WORK

Prints one JSON object (the last line of stdout).

Memory: RSS and its high-water mark come from /proc/self/status; the mark is reset
(/proc/self/clear_refs) after the corpus is loaded, so a build's peak is the peak of
the build with the corpus already in memory; `peak_mb` is that process peak and
`peak_delta_mb` what the build added on top of the process before it started.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

T_START = time.perf_counter()


def status(field: str) -> float:
    """A /proc/self/status memory field, in MB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def corpus_dir(work: Path, size: int) -> Path:
    return work / f"corpus-{size}"


def index_dir(work: Path, engine: str, size: int) -> Path:
    return work / f"{engine}-{size}"


def load_questions(work: Path, size: int) -> list[list[str]]:
    return json.loads((work / f"questions-{size}.json").read_text(encoding="utf-8"))


def load_tokens(work: Path, size: int) -> list[list[str]]:
    from bench.synth import Corpus

    tokens = Corpus.load(corpus_dir(work, size)).tokens()
    gc.collect()
    gc.freeze()  # the corpus is long-lived: keep the collector from rescanning it
    return tokens


def build(engine_name: str, size: int, work: Path, n_queries: int) -> dict:
    from bench.engines import engine

    eng = engine(engine_name)
    corpus = load_tokens(work, size)
    before = status("VmRSS")
    exact_peak = reset_peak()
    start = time.perf_counter()
    handle = eng.build(corpus, index_dir(work, engine_name, size))
    build_s = time.perf_counter() - start
    out = {
        "build_s": build_s,
        "peak_mb": status("VmHWM"),
        "peak_delta_mb": status("VmHWM") - before,
        "rss_before_mb": before,
        "peak_exact": exact_peak,
    }
    if not eng.persistent:
        # No saved index: serve from this process, corpus dropped first.
        questions = load_questions(work, size)[:n_queries]
        del corpus
        gc.unfreeze()
        gc.collect()
        latencies, tops = [], []
        for query in questions:
            t = time.perf_counter()
            result = eng.search(handle, query)
            latencies.append(time.perf_counter() - t)
            tops.append(eng.doc_ids(handle, result))
        out.update(latencies=latencies, tops=tops, serving_rss_mb=status("VmRSS"))
    return out


def serve(engine_name: str, size: int, work: Path, passes: int) -> dict:
    from bench.engines import engine

    t = time.perf_counter()
    eng = engine(engine_name)
    eng_module = {"kutipan": "bot.index", "bm25s": "bm25s", "tantivy": "tantivy"}[engine_name]
    __import__(eng_module)
    import_s = time.perf_counter() - t
    questions = load_questions(work, size)
    t = time.perf_counter()
    handle = eng.open(index_dir(work, engine_name, size))
    open_s = time.perf_counter() - t
    first = eng.search(handle, questions[0])
    cold_s = time.perf_counter() - t
    eng.doc_ids(handle, first)
    first_pass = []
    results = []
    for query in questions:
        t = time.perf_counter()
        results.append(eng.search(handle, query))
        first_pass.append(time.perf_counter() - t)
    # Then timed passes; a question's latency is its quickest, which keeps other
    # processes on a shared machine from deciding the figures.
    timed = [[0.0] * len(questions) for _ in range(passes)]
    for number in range(passes):
        for i, query in enumerate(questions):
            t = time.perf_counter()
            eng.search(handle, query)
            timed[number][i] = time.perf_counter() - t
    latencies = [min(times) for times in zip(*timed)]
    rss = status("VmRSS")
    tops = [eng.doc_ids(handle, result) for result in results]
    return {
        "import_s": import_s,
        "open_s": open_s,
        "cold_s": cold_s,
        "process_s": time.perf_counter() - T_START,
        "first_pass": first_pass,
        "latencies": latencies,
        "serving_rss_mb": rss,
        "tops": tops,
    }


def from_text(size: int, work: Path) -> dict:
    """Raw sentence text → bot.text.terms.index_terms → write_segment, timed as a whole."""
    from bench.synth import Corpus
    from bot.index.segment import write_segment
    from bot.text.terms import index_terms

    texts = Corpus.load(corpus_dir(work, size)).texts()
    gc.collect()
    gc.freeze()
    before = status("VmRSS")
    exact_peak = reset_peak()
    analysis = 0.0
    clock = time.perf_counter

    def analysed():
        nonlocal analysis
        for text in texts:
            t = clock()
            terms = index_terms(text)
            analysis += clock() - t
            yield terms

    start = clock()
    n = write_segment(index_dir(work, "fromtext", size), analysed())
    total = clock() - start
    return {
        "build_s": total,
        "analysis_s": analysis,
        "postings_s": total - analysis,
        "docs": n,
        "peak_mb": status("VmHWM"),
        "peak_delta_mb": status("VmHWM") - before,
        "rss_before_mb": before,
        "peak_exact": exact_peak,
    }


def main(argv: list[str]) -> None:
    phase, engine_name, size, work = argv[0], argv[1], int(argv[2]), Path(argv[3])
    n_queries = int(argv[argv.index("--queries") + 1]) if "--queries" in argv else 200
    passes = int(argv[argv.index("--passes") + 1]) if "--passes" in argv else 3
    if phase == "build":
        out = build(engine_name, size, work, n_queries)
    elif phase == "serve":
        out = serve(engine_name, size, work, passes)
    elif phase == "fromtext":
        out = from_text(size, work)
    else:
        raise SystemExit(f"unknown phase {phase}")
    sys.stdout.write("\n" + json.dumps(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
