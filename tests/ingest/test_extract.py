"""HTML pages shaped like Indonesian news sites → the article's own sentences and metadata."""

from __future__ import annotations

import pytest

from bot.ingest.cleaning import CleaningError
from bot.ingest.extract import (
    Metadata,
    MissingMetadata,
    article_from_html,
    article_from_text,
    canonical_url,
    content_fingerprint,
    normalise_published,
)
from tests.ingest.news_site import FLOOD, article_page, article_url

BASE = "https://wartanusantara.test"


def test_only_the_article_text_is_kept() -> None:
    article = article_from_html(article_page(FLOOD, BASE).encode(), page_url=article_url(BASE, FLOOD))
    text = "\n".join(article.paragraphs)
    assert article.paragraphs[0].startswith("Banjir bandang melanda")  # the dateline is gone
    assert list(article.paragraphs) == list(FLOOD.paragraphs)
    for noise in (
        "cookie",
        "Beranda",
        "Baca Juga",
        "Longsor",
        "ANTARA FOTO",
        "Semoga warga",
        "Bagikan",
        "Copyright",
        "Berita Terkait",
        "Editor",
    ):
        assert noise not in text


def test_metadata_from_the_page() -> None:
    page_url = article_url(BASE, FLOOD) + "?utm_source=feed"
    article = article_from_html(article_page(FLOOD, BASE).encode(), page_url=page_url)
    assert (article.title, article.url, article.source, article.published, article.lang) == (
        FLOOD.title,
        article_url(BASE, FLOOD),
        "Warta Nusantara",
        "2024-03-11",
        "id",
    )


def test_the_command_line_wins_over_the_page() -> None:
    given = Metadata(title="Judul Lain", source="Koran Garut", published="2024-03-12", url="https://koran.test/a")
    article = article_from_html(article_page(FLOOD, BASE).encode(), page_url=article_url(BASE, FLOOD), given=given)
    assert (article.title, article.url, article.source, article.published) == (
        "Judul Lain",
        "https://koran.test/a",
        "Koran Garut",
        "2024-03-12",
    )


def test_what_the_page_does_not_say_is_asked_for_in_one_line() -> None:
    page = article_page(FLOOD, BASE, with_site=False).encode()
    with pytest.raises(MissingMetadata) as caught:
        article_from_html(page, page_url=article_url(BASE, FLOOD))
    message = str(caught.value)
    assert "\n" not in message and "source" in message and "--source" in message
    assert article_from_html(page, page_url=article_url(BASE, FLOOD), given=Metadata(source="WN")).source == "WN"


def test_a_local_file_without_an_address_asks_for_url_and_date() -> None:
    page = (
        "<html><head><title>Rapat Kabinet</title></head><body><article><h1>Rapat Kabinet</h1>"
        "<p>Presiden memimpin rapat kabinet terbatas di Istana Merdeka untuk membahas harga beras.</p>"
        "<p>Rapat itu dihadiri para menteri bidang perekonomian dan kepala badan pangan.</p>"
        "</article></body></html>"
    )
    with pytest.raises(MissingMetadata, match=r"url.*published.*--url.*--published"):
        article_from_html(page, given=Metadata(source="Kabar"))


def test_the_feed_fills_what_the_page_lacks_but_the_page_wins() -> None:
    page = article_page(FLOOD, BASE, with_site=False).encode()
    fallback = Metadata(source="Warta Nusantara (RSS)", published="2020-01-01")
    article = article_from_html(page, page_url=article_url(BASE, FLOOD), fallback=fallback)
    assert (article.source, article.published) == ("Warta Nusantara (RSS)", "2024-03-11")


def test_a_page_without_article_text_is_refused() -> None:
    with pytest.raises((CleaningError, MissingMetadata)):
        article_from_html(
            b"<html><body><nav><a href='/'>Beranda</a></nav></body></html>",
            page_url="https://x.test/a",
            given=Metadata(source="X", published="2024-01-01"),
        )


def test_raw_text_pages_keep_working() -> None:
    raw = "Judul Berita Hari Ini\n\nJAKARTA, KOMPAS.com - Pemerintah mengumumkan kebijakan baru hari ini.\n\nBaca juga: Lain\n"
    article = article_from_text(
        raw, given=Metadata(url="https://k.test/a", source="Kompas.com", published="2024-01-02")
    )
    assert article.title == "Judul Berita Hari Ini"
    assert article.paragraphs == ("Pemerintah mengumumkan kebijakan baru hari ini.",)
    assert article.lang == "id"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-03-11T19:30:00+07:00", "2024-03-11"), ("2024-03", "2024-03"), ("2024-02-30", None), ("kemarin", None)],
)
def test_published_dates(value: str, expected: str | None) -> None:
    assert normalise_published(value) == expected


def test_canonical_url_is_resolved_and_loses_its_fragment() -> None:
    assert canonical_url("/read/1#top", "https://WN.test/amp/read/1") == "https://wn.test/read/1"
    assert canonical_url("javascript:void(0)", "https://wn.test/a") == "https://wn.test/a"
    assert canonical_url(None, None) is None


def test_fingerprint_ignores_spacing_case_and_punctuation() -> None:
    assert content_fingerprint(["Banjir  melanda Garut.", "Warga mengungsi!"]) == content_fingerprint(
        ["banjir melanda garut", "warga mengungsi"]
    )
    assert content_fingerprint(["Banjir melanda Garut."]) != content_fingerprint(["Banjir melanda Cianjur."])
