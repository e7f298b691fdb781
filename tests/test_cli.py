"""The command line as a user runs it: ask (human and JSON), ingest with good and bad input."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import floods_a_year_apart

RAW_PAGE = """Langganan sekarang, bebas iklan

Harga Cabai Rawit Melonjak Jelang Lebaran

Baca Juga: Harga Bawang Turun

Surabaya, PASAR.co.id - Harga cabai rawit di pasar tradisional Surabaya melonjak menjadi Rp 95.000 per kilogram pada Senin (1/4/2024).
Pedagang menyebut pasokan dari Kediri berkurang karena hujan deras merusak tanaman.
Bagikan artikel ini
Copyright © 2024 Pasar Contoh
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json_has_the_documented_shape(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "ask",
        "berapa warga mengungsi karena banjir di Semarang?",
        "--json",
        "--corpus",
        str(corpus_dir),
        "--index",
        str(tmp_path / "i"),
    )
    payload = json.loads(out)
    assert code == 0 and set(payload) == {"question", "answers"}
    answer = payload["answers"][0]
    assert set(answer) == {"text", "context_before", "context_after", "score", "article"}
    assert set(answer["article"]) == {"id", "title", "url", "source", "published"}
    assert "1.350 warga mengungsi" in answer["text"]
    assert answer["article"]["url"] == "https://berita.example/2024/03/05/banjir-semarang"
    assert isinstance(answer["score"], float) and isinstance(answer["context_after"], list)


def test_ask_not_found_is_empty(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "ask",
        "Apa kata Erdogan tentang Suriah?",
        "--json",
        "--corpus",
        str(corpus_dir),
        "--index",
        str(tmp_path / "i"),
    )
    assert code == 0 and json.loads(out)["answers"] == []
    code, out, _ = run(
        capsys, "ask", "Apa kata Erdogan tentang Suriah?", "--corpus", str(corpus_dir), "--index", str(tmp_path / "i")
    )
    assert out.startswith("Not found")


def test_ask_human_output_shows_quote_and_source(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "ask", "harga tiket kereta cepat", "--corpus", str(corpus_dir), "--index", str(tmp_path / "i")
    )
    assert code == 0 and "Rp 300.000" in out and "https://kabar.example/" in out and "Kabar Contoh, 2023-11-20" in out


def test_ask_takes_the_question_unquoted_too(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ("--corpus", str(corpus_dir), "--index", str(tmp_path / "i"))
    _, quoted, _ = run(capsys, "ask", "harga tiket kereta cepat", *where)
    code, unquoted, _ = run(capsys, "ask", "harga", "tiket", "kereta", "cepat", *where)
    assert code == 0 and unquoted == quoted and "Rp 300.000" in unquoted
    code, around, _ = run(capsys, "ask", "harga", "tiket", *where, "kereta", "cepat")
    assert code == 0 and around == quoted  # words after an option still belong to the question


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("ask", "   "), "the question is empty"),
        (("ask", "-k", "abc", "banjir"), "must be a number from 1 to 10, not 'abc'"),
        (("ask", "-k", "0", "banjir"), "must be a number from 1 to 10"),
        (("index", "--workers", "0"), "must be a whole number of at least 1"),
    ],
)
def test_bad_arguments_are_explained(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    where = ("--corpus", str(corpus_dir), "--index", str(tmp_path / "i"))
    try:
        code, _, err = run(capsys, *argv, *where)
    except SystemExit as exit_:  # argparse's own checks
        code, err = int(exit_.code or 0), capsys.readouterr().err
    assert code == 2 and message in err and "_answer_count" not in err


def test_ask_of_an_empty_corpus_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "ask", "banjir", "--corpus", str(tmp_path / "empty"), "--index", str(tmp_path / "i"))
    assert code == 2 and "the corpus has no articles" in err


def test_ingest_cleans_and_makes_the_article_searchable(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW_PAGE, encoding="utf-8")
    index_dir = tmp_path / "i"
    code, out, err = run(
        capsys,
        "ingest",
        str(raw),
        "--url",
        "https://pasar.example/cabai",
        "--source",
        "Pasar Contoh",
        "--published",
        "2024-04-01",
        "--corpus",
        str(corpus_dir),
        "--index",
        str(index_dir),
    )
    assert code == 0, err
    written = next(corpus_dir.glob("2024-04-01_*.md")).read_text(encoding="utf-8")
    assert "title: Harga Cabai Rawit Melonjak Jelang Lebaran" in written
    assert "Baca Juga" not in written and "Copyright" not in written and "Bagikan" not in written
    assert "PASAR.co.id" not in written and "Harga cabai rawit di pasar tradisional Surabaya" in written
    code, out, _ = run(
        capsys, "ask", "harga cabai rawit Surabaya", "--corpus", str(corpus_dir), "--index", str(index_dir)
    )
    assert "Rp 95.000" in out and "https://pasar.example/cabai" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\xff\xfe\x00bad bytes", "not utf-8"), (b"   \n\n ", "empty"), (b"Bagikan artikel ini\n", "title")],
)
def test_ingest_rejects_bad_files_and_leaves_corpus_untouched(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_bytes(content)
    before = sorted(p.name for p in corpus_dir.iterdir())
    code, _, err = run(
        capsys,
        "ingest",
        str(raw),
        "--url",
        "https://x.example/a",
        "--source",
        "X",
        "--published",
        "2024-01-01",
        "--corpus",
        str(corpus_dir),
        "--index",
        str(tmp_path / "i"),
    )
    assert code == 2 and message in err.lower() and err.startswith("error:")
    assert sorted(p.name for p in corpus_dir.iterdir()) == before


def test_ingest_rejects_a_url_that_is_no_web_address(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW_PAGE, encoding="utf-8")
    code, _, err = run(
        capsys,
        "ingest",
        str(raw),
        "--url",
        "http://[::1",
        "--source",
        "X",
        "--published",
        "2024-04-01",
        "--corpus",
        str(corpus_dir),
    )
    assert code == 2 and "url" in err and not list(corpus_dir.glob("2024-04-01_*"))


def test_ingest_rejects_a_bad_date(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW_PAGE, encoding="utf-8")
    code, _, err = run(
        capsys,
        "ingest",
        str(raw),
        "--url",
        "https://x.example/a",
        "--source",
        "X",
        "--published",
        "April 2024",
        "--corpus",
        str(corpus_dir),
    )
    assert code == 2 and "published" in err


def test_eval_reports_per_language_and_explains(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        "\n".join(
            json.dumps(q)
            for q in [
                {"id": "a", "lang": "id", "question": "Berapa warga mengungsi di Semarang?", "gold": ["1\\.350 warga"]},
                {
                    "id": "b",
                    "lang": "en",
                    "question": "How much does a fast train ticket cost?",
                    "gold": ["Rp 300\\.000"],
                },
                {"id": "c", "lang": "en", "question": "What did Erdogan say about the flood?", "gold": []},
            ]
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "eval", str(questions), "--corpus", str(corpus_dir), "--index", str(tmp_path / "i"))
    lines = {
        line.split()[0]: line.split() for line in out.splitlines() if line.split()[:1] in (["en"], ["id"], ["all"])
    }
    assert code == 0 and lines["id"][2] == "1.0" and lines["all"][5] == "1.0"  # hit@1 (id), not-found accuracy
    code, out, _ = run(
        capsys, "eval", str(questions), "--explain", "b", "--corpus", str(corpus_dir), "--index", str(tmp_path / "i")
    )
    assert "language: en" in out and "type: count" in out and "ticket" in out and "bm25" in out
    code, out, _ = run(
        capsys,
        "eval",
        str(questions),
        "--folds",
        "2",
        "--repeats",
        "3",
        "--corpus",
        str(corpus_dir),
        "--index",
        str(tmp_path / "i"),
    )
    assert code == 0
    for title in ("fitted on these questions", "cross-validated, 2 folds by article", "mean of 3 dealings"):
        assert title in out, title
    repeated = out.split("mean of 3 dealings")[1]
    assert "hit@1 min" in repeated and re.search(r"\nall +3 ", repeated)


def test_indexes_of_other_corpus_sets_do_not_pile_up(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    index_dir = tmp_path / "index"
    monkeypatch.setenv("INDEX_DIR", str(index_dir))
    for number in range(6):
        stale = index_dir / f"alt-old{number}"
        stale.mkdir(parents=True)
        os.utime(stale, (1_000_000 + number, 1_000_000 + number))
    code, out, _ = run(capsys, "ask", "banjir Semarang", "--corpus", str(corpus_dir))
    assert code == 0 and "Semarang" in out
    kept = sorted(path.name for path in index_dir.glob("alt-*"))
    assert len(kept) == 4 and "alt-old5" in kept and "alt-old4" in kept and "alt-old0" not in kept


def _raw_dir(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    caption = "Pedagang menata cabai di Pasar Keputran, Surabaya, Senin (1/4/2024). Pasar Contoh/Budi Santoso"
    page = RAW_PAGE.replace("Baca Juga:", f"{caption}\n{caption}\n\nBaca Juga:") + "Tags: cabai, harga, Surabaya\n"
    (raw / "cabai.txt").write_text(page, encoding="utf-8")
    meta = {
        "title": "Harga Cabai Rawit Melonjak Jelang Lebaran",
        "url": "https://pasar.example/cabai",
        "source": "Pasar Contoh",
        "published": "2024-04-01",
        "lang": "id",
    }
    (raw / "cabai.json").write_text(json.dumps(meta), encoding="utf-8")
    lines = page.splitlines()
    marked = [
        {"line": n, "kind": "x", "text": line}
        for n, line in enumerate(lines, 1)
        if line and (line == caption or line.startswith(("Langganan", "Baca", "Bagikan", "Copyright", "Tags")))
    ]
    (raw / "cabai.boilerplate.json").write_text(json.dumps({"boilerplate_lines": marked}), encoding="utf-8")
    return raw


def test_ingest_a_directory_of_pages_and_measure_its_cleaning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw, corpus = _raw_dir(tmp_path), tmp_path / "corpus"
    corpus.mkdir()
    code, out, _ = run(capsys, "ingest", str(raw), "--corpus", str(corpus), "--index", str(tmp_path / "i"))
    assert code == 0 and "index: 1 article, 3 sentences" in out
    text = next(corpus.glob("*.md")).read_text(encoding="utf-8")
    assert "Tags" not in text and "Budi Santoso" not in text and "https://pasar.example/cabai" in text
    questions = raw.parent / "questions.jsonl"
    questions.write_text(
        json.dumps({"id": "a", "lang": "id", "question": "Berapa harga cabai rawit?", "gold": ["95\\.000"]}) + "\n",
        encoding="utf-8",
    )
    other = tmp_path / "other.jsonl"
    other.write_text(
        json.dumps({"id": "b", "lang": "en", "question": "What did Erdogan say about chili?", "gold": []}) + "\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        capsys, "eval", str(questions), str(other), "--corpus", str(corpus), "--index", str(tmp_path / "i")
    )
    rows = {" ".join(line.split()[:2]) for line in out.splitlines()}
    assert code == 0 and "other en" in rows and f"{tmp_path.name} id" in rows  # per set and language
    assert "0 boilerplate lines left in the corpus, 0 content sentences lost" in out


def test_a_single_page_needs_its_metadata(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(RAW_PAGE, encoding="utf-8")
    code, _, err = run(capsys, "ingest", str(page), "--corpus", str(tmp_path))
    assert code == 2 and "--url" in err


def test_explain_parts_are_feature_times_weight(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.search.engine import Engine

    engine = Engine.open(corpus_dir, tmp_path / "i")
    explained = engine.explain("Berapa warga mengungsi di Semarang?")
    assert explained.candidates
    for candidate in explained.candidates:
        for name, value in candidate.features.items():
            assert candidate.parts[name] == pytest.approx(value * candidate.weights[name])
        assert sum(candidate.parts.values()) == pytest.approx(candidate.score)


def test_ask_reads_last_week_against_the_day_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = floods_a_year_apart(tmp_path / "corpus")
    question = "berapa rumah terendam banjir Kudus pekan lalu?"
    for today, published in (("2024-03-13", "2024-03-06"), ("2023-03-15", "2023-03-08")):
        code, out, _ = run(
            capsys,
            "ask",
            question,
            "--today",
            today,
            "-k",
            "1",
            "--json",
            "--corpus",
            str(corpus),
            "--index",
            str(tmp_path / "i"),
        )
        assert code == 0 and json.loads(out)["answers"][0]["article"]["published"] == published
    with pytest.raises(SystemExit):
        main(["ask", question, "--today", "pekan lalu", "--corpus", str(corpus)])
    assert "YYYY-MM-DD" in capsys.readouterr().err
