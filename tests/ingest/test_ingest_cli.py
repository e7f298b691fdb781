"""`python -m bot ingest URL`, `follow FEED --once` and `status` as an operator runs them,
against a local news site."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from bot.cli import main
from tests.ingest.news_site import FLOOD, HARVEST, VOLCANO, Site, article_page, article_url


@pytest.fixture(autouse=True)
def no_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FETCH_DELAY_SECONDS", "0")


@pytest.fixture()
def dirs(tmp_path: Path) -> list[str]:
    (tmp_path / "corpus").mkdir()
    return ["--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index")]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_follow_once_ingests_every_new_entry_and_nothing_twice(httpserver: HTTPServer, dirs, capsys) -> None:
    site = Site(httpserver, [FLOOD, VOLCANO])
    feed = site.base + "/feed.xml"
    code, out, err = run(capsys, "follow", feed, "--once", *dirs)
    assert code == 0, err
    assert "2 new entries, 2 added" in out and "index: 2 articles" in out

    code, out, _ = run(capsys, "ask", "berapa warga mengungsi karena banjir di Garut?", *dirs)
    assert "412 warga mengungsi" in out and article_url(site.base, FLOOD) in out

    code, out, _ = run(capsys, "follow", feed, "--once", *dirs)
    assert code == 0 and "not modified" in out

    site.publish(HARVEST)
    code, out, _ = run(capsys, "follow", feed, "--once", *dirs)
    assert "1 new entries, 1 added" in out and "index: 3 articles" in out
    assert sorted(site.page_requests()) == sorted(article_url("", s) for s in (FLOOD, VOLCANO, HARVEST))

    code, out, _ = run(capsys, "status", *dirs)
    assert code == 0 and "serving 3 articles" in out and feed in out and "articles added: 3" in out


def test_follow_needs_feeds(dirs, capsys) -> None:
    code, _, err = run(capsys, "follow", "--once", *dirs)
    assert code == 2 and "FEEDS" in err


def test_follow_reads_feeds_from_the_settings_and_reports_a_failing_one(
    httpserver: HTTPServer, dirs, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site(httpserver, [VOLCANO])
    monkeypatch.setenv("FEEDS", f"{site.base}/tidak-ada.xml, {site.base}/feed.xml")
    code, out, _ = run(capsys, "follow", "--once", *dirs)
    assert code == 0 and "tidak-ada.xml: failed:" in out and "1 added" in out
    code, out, _ = run(capsys, "status", *dirs)
    assert "last error (1 in a row" in out and "HTTP 500" in out


def test_ingest_a_url_then_the_same_article_again(httpserver: HTTPServer, dirs, capsys) -> None:
    site = Site(httpserver, [FLOOD])
    code, out, err = run(capsys, "ingest", article_url(site.base, FLOOD), *dirs)
    assert code == 0, err
    assert "added" in out and "index: 1 article," in out
    code, out, _ = run(capsys, "ingest", article_url(site.base, FLOOD) + "?utm_source=wa", *dirs)
    assert code == 0 and "already in the corpus (same address)" in out


def test_ingest_asks_for_what_the_page_does_not_say(httpserver: HTTPServer, dirs, capsys) -> None:
    site = Site(httpserver, [])
    site.extra_pages["/read/x"] = article_page(FLOOD, site.base, canonical=site.base + "/read/x", with_site=False)
    code, _, err = run(capsys, "ingest", site.base + "/read/x", *dirs)
    assert code == 2 and err.count("\n") == 1 and "--source" in err
    code, out, _ = run(capsys, "ingest", site.base + "/read/x", "--source", "Warta Nusantara", *dirs)
    assert code == 0 and "added" in out


def test_ingest_a_saved_html_file_and_a_failing_url_together(httpserver: HTTPServer, dirs, tmp_path, capsys) -> None:
    site = Site(httpserver, [])
    saved = tmp_path / "marapi.html"
    saved.write_text(article_page(VOLCANO, "https://wartanusantara.test"), encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(saved), site.base + "/read/hilang", *dirs)
    assert code == 2 and "HTTP 404" in err and "added" in out and "index: 1 article," in out
    written = next(Path(dirs[1]).glob("*.md")).read_text(encoding="utf-8")
    assert "url: https://wartanusantara.test/read/2024/03/13/erupsi-gunung-marapi" in written
