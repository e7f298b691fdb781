"""Article files: validation, safe YAML, permissions, creation that never overwrites (issue 10)."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from bot.files import atomic_write_text
from bot.ingest.corpus import CorpusError, new_article, parse_article, read_article, write_article

FRONT = "---\ntitle: Judul Berita\nurl: https://contoh.id/a\nsource: Contoh\npublished: {published}\n---\n\n{body}\n"


def article_text(published: str = "2024-03-05", body: str = "Paragraf pertama berita ini.", **fields: str) -> str:
    text = FRONT.format(published=published, body=body)
    for name, value in fields.items():
        text = text.replace(f"\n{name}: ", f"\n{name}: {value}\n_old_{name}: ", 1)
    return text


@pytest.fixture()
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_atomic_writes_follow_the_umask(tmp_path: Path, umask_022: None) -> None:
    atomic_write_text(tmp_path / "MANIFEST.json", "{}")
    assert stat.S_IMODE((tmp_path / "MANIFEST.json").stat().st_mode) == 0o644
    os.umask(0o027)
    atomic_write_text(tmp_path / "other.txt", "x")
    assert stat.S_IMODE((tmp_path / "other.txt").stat().st_mode) == 0o640


def test_ingested_articles_are_readable_by_others(tmp_path: Path, umask_022: None) -> None:
    article = new_article("Judul", "https://contoh.id/a", "Contoh", "2024-03-05", "id", ["Isi berita ini."])
    path = write_article(tmp_path, article)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_writing_the_same_article_again_touches_nothing(tmp_path: Path) -> None:
    article = new_article("Judul", "https://contoh.id/a", "Contoh", "2024-03-05", "id", ["Isi berita ini."])
    path = write_article(tmp_path, article)
    before = path.stat().st_mtime_ns
    time.sleep(0.01)
    assert write_article(tmp_path, article) == path
    assert path.stat().st_mtime_ns == before
    other = new_article("Judul", "https://contoh.id/b", "Contoh", "2024-03-05", "id", ["Lain."])
    with pytest.raises(CorpusError, match="already exists"):
        write_article(tmp_path, other)


def test_concurrent_creation_of_one_name_never_overwrites(tmp_path: Path) -> None:
    from bot.files import atomic_create_bytes

    target = tmp_path / "a.md"
    results: dict[int, object] = {}
    barrier = threading.Barrier(8)

    def create(number: int) -> None:
        barrier.wait()
        try:
            results[number] = atomic_create_bytes(target, f"writer {number}\n".encode() * 1000)
        except FileExistsError as exc:
            results[number] = exc

    threads = [threading.Thread(target=create, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [n for n, r in results.items() if r is True]
    assert len(winners) == 1
    assert all(isinstance(r, FileExistsError) for n, r in results.items() if n not in winners)
    assert target.read_bytes() == f"writer {winners[0]}\n".encode() * 1000
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temporary files left


def test_yaml_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join('*' + chr(97 + i) for _ in range(9))}]\n" for i in range(8)
    )
    text = f"---\n{bomb}title: T\nurl: https://contoh.id/a\nsource: S\npublished: 2024-03-05\n---\n\nIsi.\n"
    started = time.perf_counter()
    with pytest.raises(CorpusError, match="alias"):
        parse_article(text, "bomb")
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "published",
    [
        "2024-02-31",
        "0000-01",
        "2024-13",
        "2023-02-29",
        "'2024-03-05 '",
        "٢٠٢٤-03-05",
        "2024-03-1٥",
        "2024-3-5",
        "20240305",
    ],
)
def test_impossible_or_odd_dates_are_refused(published: str) -> None:
    with pytest.raises(CorpusError, match="published"):
        parse_article(article_text(published=published), "x")


@pytest.mark.parametrize("published", ["2024-02-29", "2024-03", "1999-12-31"])
def test_real_dates_are_accepted(published: str) -> None:
    assert parse_article(article_text(published=published), "x").published == published


@pytest.mark.parametrize(
    "url",
    [
        '"https://contoh.id/a b"',
        '"https://contoh.id/a\\nb"',
        '"https://contoh.id/a\\tb"',
        "ftp://contoh.id/a",
        "https://",
        "javascript:alert(1)",
        '"https://contoh.id/\\u200b"',
    ],
)
def test_bad_urls_are_refused(url: str) -> None:
    text = article_text().replace("url: https://contoh.id/a", f"url: {url}")
    with pytest.raises(CorpusError, match="url"):
        parse_article(text, "x")


def test_bad_values_are_refused_at_ingest_too() -> None:
    with pytest.raises(CorpusError):
        new_article("Judul", "https://contoh.id/a b", "Contoh", "2024-03-05", "id", ["Isi."])
    with pytest.raises(CorpusError):
        new_article("Judul", "https://contoh.id/a", "Contoh", "2024-02-31", "id", ["Isi."])
    with pytest.raises(CorpusError):
        new_article("Judul", "https://contoh.id/a", "Contoh", "2024-03-05 ", "id", ["Isi."])


def test_invisible_and_control_characters_are_removed_from_text() -> None:
    body = "Presiden Pu\u200btin\u00ad ber\x07bicara\x1b di Moskwa.\u202e"
    article = parse_article(article_text(body=body).replace("Judul Berita", '"Ju\\u200bdul\\a Berita"'), "x")
    assert article.paragraphs == ("Presiden Putin berbicara di Moskwa.",)
    assert article.title == "Judul Berita"


def test_nul_is_refused() -> None:
    with pytest.raises(CorpusError, match="NUL"):
        parse_article(article_text(body="Isi\x00berita."), "x")


def test_unreadable_file_is_a_corpus_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.md"
    path.write_text(article_text())
    make_unreadable(path, monkeypatch)
    with pytest.raises(CorpusError, match="cannot be read"):
        read_article(path)


def test_symlink_loop_is_a_corpus_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    with pytest.raises(CorpusError, match=r"loop\.md"):
        read_article(loop)


def make_unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000, and (as root, who reads it anyway) opening it fails as it would for others."""
    path.chmod(0)
    if os.geteuid() == 0:
        real_open = Path.open

        def refusing_open(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refusing_open)


def test_racing_ingests_of_one_title_never_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both pass the "does it exist" check, then both write: only one may win."""
    import bot.files

    real_fsync = os.fsync
    monkeypatch.setattr(bot.files.os, "fsync", lambda fd: (time.sleep(0.05), real_fsync(fd)))
    barrier = threading.Barrier(4)
    outcomes: dict[int, object] = {}

    def ingest(number: int) -> None:
        article = new_article("Judul", f"https://contoh.id/{number}", "Contoh", "2024-03-05", "id", [f"Isi {number}."])
        barrier.wait()
        try:
            outcomes[number] = write_article(tmp_path, article)
        except CorpusError as exc:
            outcomes[number] = exc

    threads = [threading.Thread(target=ingest, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [n for n, outcome in outcomes.items() if isinstance(outcome, Path)]
    assert len(winners) == 1, outcomes
    assert f"Isi {winners[0]}." in (tmp_path / "2024-03-05_judul.md").read_text()


def test_the_standfirst_count_is_written_and_read_back(tmp_path: Path) -> None:
    article = new_article(
        "Judul Berita",
        "https://contoh.id/a",
        "Contoh",
        "2024-03-05",
        "id",
        ["Ringkasan berita di bawah judul.", "Paragraf lead berita ini.", "Paragraf berikutnya."],
        standfirst=1,
    )
    path = write_article(tmp_path, article)
    assert "standfirst: 1" in path.read_text(encoding="utf-8")
    assert read_article(path).standfirst == 1
    plain = new_article("Judul Lain", "https://contoh.id/b", "Contoh", "2024-03-05", "id", ["Satu paragraf."])
    assert "standfirst" not in write_article(tmp_path, plain).read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["-1", "2", "satu", "1.5", "[1]", "9" * 5000])
def test_a_standfirst_that_is_not_a_paragraph_count_is_refused(value: str) -> None:
    text = FRONT.replace("published:", f"standfirst: {value}\npublished:").format(
        published="2024-03-05", body="Ringkasan.\n\nLead."
    )
    with pytest.raises(CorpusError, match="standfirst"):
        parse_article(text, "a")
