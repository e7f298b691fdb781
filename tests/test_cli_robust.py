"""The command line under hostile input and a careless operator (issue 10)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bot.index.build as building
from bot.cli import main
from tests.test_cli import RAW_PAGE, run

REPO = Path(__file__).resolve().parents[1]


def ingest(capsys: pytest.CaptureFixture[str], corpus: Path, index: Path, raw: Path, *extra: str, **options: str):  # type: ignore[no-untyped-def]
    fields = {"url": "https://pasar.example/cabai", "source": "Pasar Contoh", "published": "2024-04-01", **options}
    argv = ["ingest", str(raw), *(f for k, v in fields.items() for f in (f"--{k}", v))]
    return run(capsys, *argv, "--corpus", str(corpus), "--index", str(index), *extra)


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    path = tmp_path / "raw.txt"
    path.write_text(RAW_PAGE, encoding="utf-8")
    return path


def test_an_unchanged_reingest_is_a_no_op(
    corpus_dir: Path, tmp_path: Path, raw: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "i"
    assert ingest(capsys, corpus_dir, index, raw)[0] == 0
    manifest = (index / "MANIFEST.json").read_text()
    written = next(corpus_dir.glob("2024-04-01_*.md"))
    stamp = written.stat().st_mtime_ns
    code, out, err = ingest(capsys, corpus_dir, index, raw)
    assert code == 0, err
    assert "unchanged" in out
    assert written.stat().st_mtime_ns == stamp and (index / "MANIFEST.json").read_text() == manifest


def test_ingest_refuses_a_page_over_the_size_cap(
    corpus_dir: Path, tmp_path: Path, raw: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INGEST_MAX_BYTES", "1000")
    raw.write_text(RAW_PAGE + "Kalimat tambahan yang panjang sekali. " * 100, encoding="utf-8")
    code, _, err = ingest(capsys, corpus_dir, tmp_path / "i", raw)
    assert code == 2 and "INGEST_MAX_BYTES" in err and not list(corpus_dir.glob("2024-04-01_*"))


def test_ingest_refuses_nul_and_removes_control_characters(
    corpus_dir: Path, tmp_path: Path, raw: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw.write_text(RAW_PAGE.replace("Pedagang", "Peda\x00gang"), encoding="utf-8")
    code, _, err = ingest(capsys, corpus_dir, tmp_path / "i", raw)
    assert code == 2 and "NUL" in err and not list(corpus_dir.glob("2024-04-01_*"))
    raw.write_text(RAW_PAGE.replace("Pedagang", "Peda\x1b[31mgang\u200b").replace("Kediri", "Ke\u200bdiri"))
    code, _, err = ingest(capsys, corpus_dir, tmp_path / "i", raw)
    assert code == 0, err
    written = next(corpus_dir.glob("2024-04-01_*.md")).read_text(encoding="utf-8")
    assert "\x1b" not in written and "\u200b" not in written and "Kediri" in written


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("published", "2024-02-31"),
        ("published", "0000-01"),
        ("published", "٢٠٢٤-04-01"),
        ("published", "2024-04-01 "),
        ("url", "https://pasar.example/a b"),
        ("url", "https://pasar.example/a\nb"),
        ("url", " https://pasar.example/a"),
    ],
)
def test_ingest_refuses_odd_dates_and_urls(
    corpus_dir: Path, tmp_path: Path, raw: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    code, _, err = ingest(capsys, corpus_dir, tmp_path / "i", raw, **{option: value})
    assert (
        code == 2
        and option in err
        and not list(corpus_dir.glob("2024-04-01_*"))
        and not list(corpus_dir.glob("*_harga*"))
    )


def test_ingest_leaves_the_corpus_as_it_was_when_the_index_cannot_take_the_article(
    corpus_dir: Path, tmp_path: Path, raw: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "i"
    assert run(capsys, "ask", "banjir", "--corpus", str(corpus_dir), "--index", str(index))[0] == 0
    before = sorted(p.name for p in corpus_dir.iterdir())

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(building, "write_store", disk_full)
    code, _, err = ingest(capsys, corpus_dir, index, raw)
    assert code == 2 and "could not be indexed" in err and "No space left" in err
    assert sorted(p.name for p in corpus_dir.iterdir()) == before
    monkeypatch.undo()
    code, out, _ = run(capsys, "ask", "banjir Semarang", "--corpus", str(corpus_dir), "--index", str(index))
    assert code == 0 and "Semarang" in out


def test_ingest_refuses_an_article_the_analysis_fails_on(
    corpus_dir: Path, tmp_path: Path, raw: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = building.index_terms
    monkeypatch.setattr(building, "index_terms", lambda text: real(text) if "Kediri" not in text else 1 / 0)
    before = sorted(p.name for p in corpus_dir.iterdir())
    code, _, err = ingest(capsys, corpus_dir, tmp_path / "i", raw)
    assert code == 2 and "could not be indexed" in err
    assert sorted(p.name for p in corpus_dir.iterdir()) == before


def test_index_reports_a_failed_rebuild_and_ask_still_answers(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "i"
    assert run(capsys, "index", "--corpus", str(corpus_dir), "--index", str(index))[0] == 0
    monkeypatch.setattr(
        building, "write_store", lambda *a, **k: (_ for _ in ()).throw(OSError(30, "Read-only file system"))
    )
    code, _, err = run(capsys, "index", "--corpus", str(corpus_dir), "--index", str(index))
    assert code == 1 and "Read-only file system" in err
    code, out, _ = run(capsys, "ask", "banjir Semarang", "--corpus", str(corpus_dir), "--index", str(index))
    assert code == 0 and "Semarang" in out


@pytest.mark.parametrize("setting", ["BM25_K1=inf", "BM25_EPSILON=inf", "BM25_B=nan", "BM25_K1=-inf"])
def test_settings_reject_non_finite_numbers(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    name, value = setting.split("=")
    monkeypatch.setenv(name, value)
    code, out, err = run(capsys, "ask", "banjir", "--json", "--corpus", str(corpus_dir), "--index", str(tmp_path / "i"))
    assert code == 2 and name in err and len(err.strip().splitlines()) == 1 and out == ""


def ask_in(directory: Path, question: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ask` run as a user would, from `directory` (where its .env is read)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "ask", question],
        cwd=directory,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )


def test_a_non_utf8_env_file_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"TELEGRAM_BOT_TOKEN=\xff\xfe\nLOG_LEVEL=INFO\n")
    result = ask_in(tmp_path, "banjir")
    assert result.returncode == 2 and result.stderr.startswith("error:") and ".env" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_env_example_copied_to_env_works_as_it_is(corpus_dir: Path, tmp_path: Path) -> None:
    """The README says: copy .env.example to .env and fill in; untouched, it must work."""
    env = (REPO / ".env.example").read_text(encoding="utf-8").replace("CORPUS_DIRS=corpus", f"CORPUS_DIRS={corpus_dir}")
    (tmp_path / ".env").write_text(env, encoding="utf-8")
    result = ask_in(tmp_path, "banjir Semarang")
    assert result.returncode == 0, result.stderr
    assert "Semarang" in result.stdout


def test_json_output_is_valid_for_invalid_utf8_in_argv(corpus_dir: Path, tmp_path: Path) -> None:
    question = b"banjir Semarang \xff\xfe?"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", question, "--json", "--corpus", corpus_dir, "--index", tmp_path / "i"],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout.decode("utf-8"))
    assert payload["question"].startswith("banjir Semarang") and payload["answers"]


def test_json_never_prints_infinity(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.model import Answer

    real = Answer.to_json
    monkeypatch.setattr(Answer, "to_json", lambda self: {**real(self), "score": float("inf")})
    code, out, _ = run(
        capsys, "ask", "banjir Semarang", "--json", "--corpus", str(corpus_dir), "--index", str(tmp_path / "i")
    )
    assert code == 0 and "Infinity" not in out
    assert json.loads(out)["answers"][0]["score"] is None


@pytest.mark.parametrize(
    "line",
    [
        '["not", "a", "record"]',
        '{"id": "q", "lang": "en", "question": null}',
        '{"id": "q", "lang": "en", "question": "x", "gold": 5}',
        '{"id": "q", "lang": "en", "question": "x", "gold": [5]}',
        "{broken",
    ],
)
def test_eval_reports_a_malformed_record_by_line_number(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str
) -> None:
    questions = tmp_path / "q.jsonl"
    good = '{"id": "a", "lang": "id", "question": "banjir Semarang", "gold": ["Semarang"]}'
    questions.write_text(f"{good}\n\n{line}\n", encoding="utf-8")
    code, _, err = run(capsys, "eval", str(questions), "--corpus", str(corpus_dir), "--index", str(tmp_path / "i"))
    assert code == 2 and f"{questions}:3:" in err and len(err.strip().splitlines()) == 1


def test_questions_with_invisible_characters_match(engine) -> None:  # type: ignore[no-untyped-def]
    plain = [a.text for a in engine.ask("berapa warga mengungsi karena banjir di Semarang?")]
    hidden = [
        a.text for a in engine.ask("berapa war\u200bga meng\u00adungsi karena ban\u2060jir di Sema\u200drang?\x07")
    ]
    assert plain and hidden == plain


def test_main_is_importable() -> None:
    assert callable(main)


def test_the_cli_and_the_bot_open_one_index_alike(corpus_dir: Path, tmp_path: Path) -> None:
    """Both open the engine through Settings.open_engine: with a passage cap of its own,
    what one built the other reuses instead of rebuilding it."""
    from bot.settings import Settings

    settings = Settings(_env_file=None, corpus_dirs=[corpus_dir], index_dir=tmp_path / "i", passage_max_chars=500)
    assert settings.open_engine().rebuilt
    assert not settings.open_engine().rebuilt


def test_what_the_index_cannot_take_leaves_the_corpus_again(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one mechanism behind `ingest`, `follow` and the bot's feed rounds."""
    from bot import Engine
    from bot.ingest.corpus import create_article, new_article
    from bot.ingest.registry import Added
    from bot.serving import index_or_roll_back

    fine = new_article("Harga Beras Turun", "https://x.example/1", "X", "2024-05-01", "id", ("Harga beras turun.",))
    bad = new_article(
        "Harga Cabai Naik", "https://x.example/2", "X", "2024-05-02", "id", ("Harga cabai di Kediri naik.",)
    )
    added = [Added(create_article(corpus_dir, article)[0], article) for article in (fine, bad)]
    real = building.index_terms
    monkeypatch.setattr(building, "index_terms", lambda text: real(text) if "Kediri" not in text else 1 / 0)
    engine, refused = index_or_roll_back(added, lambda: Engine.open(corpus_dir, tmp_path / "i"))
    assert [item.article.id for item, _ in refused] == [bad.id]
    assert added[0].path.exists() and not added[1].path.exists()
    assert engine is not None and fine.id in {a.id for a in engine.articles()}
