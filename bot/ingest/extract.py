"""A news web page (HTML) → the article's clean paragraphs and its metadata.

Why two steps: trafilatura (Apache-2.0) finds the article in the page (it drops
navigation, related-article lists, share buttons, cookie banners and comments, and
reads the title, canonical URL and outlet from <meta>/JSON-LD), and htmldate finds when
it was first published. What is left is still scraped text, so the project's own
Indonesian cleaning (`clean_page`: datelines, "Baca Juga" lines, captions, credits)
runs over it exactly as over a page copied by hand.

Metadata given by the operator wins over what the page says; what neither gives is
reported in one line naming the option to pass (`MissingMetadata`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from urllib.parse import urljoin, urlsplit, urlunsplit

from bot.ingest.cleaning import clean_page
from bot.text.clean_input import check_url, clean_text
from bot.text.normalize import normalize, words
from bot.text.terms import stop_en, stop_id

#: Operator option for each metadata field, to say what to pass when it is missing.
OPTION_FOR = {"title": "--title", "url": "--url", "source": "--source", "published": "--published YYYY-MM-DD"}
_PUBLISHED = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class MissingMetadata(ValueError):
    """The page does not say something the corpus needs; the message names the options."""


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about an article; None = not known (yet)."""

    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    lang: str | None = None

    def over(self, other: Metadata) -> Metadata:
        """These values where set, `other`'s elsewhere (the command line over the page)."""
        return replace(other, **{f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)})


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """An article ready for the corpus: every field known, paragraphs clean."""

    title: str
    url: str
    source: str
    published: str
    lang: str
    paragraphs: tuple[str, ...]
    standfirst: int = 0  # paragraphs before the body's lead (`CleanPage.standfirst`)

    @property
    def fingerprint(self) -> str:
        return content_fingerprint(self.paragraphs)


def extract_html(html: bytes | str, page_url: str | None = None) -> tuple[Metadata, str]:
    """The page's own metadata and its article text (one paragraph per line)."""
    import htmldate  # imported here: they load lxml and dateparser, which answering never needs
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=page_url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if document is None or isinstance(document, dict):  # dict only when asked for one
        return Metadata(url=page_url), ""
    found = htmldate.find_date(html, url=page_url, original_date=True, extensive_search=False)
    return (
        Metadata(
            title=_one_line(document.title),
            url=canonical_url(document.url, page_url),
            source=_outlet_name(document.sitename, document.hostname, page_url),
            published=found or document.date,
            lang=_primary_language(document.language) or _html_lang(html),
        ),
        document.text or "",
    )


def article_from_html(
    html: bytes | str,
    *,
    page_url: str | None = None,
    given: Metadata = Metadata(),
    fallback: Metadata = Metadata(),
) -> ExtractedArticle:
    """Extract, clean and complete an article: `given` (the operator) over the page's
    own metadata over `fallback` (e.g. what a feed entry says). Raises MissingMetadata,
    or CleaningError when no article text is left."""
    found, text = extract_html(html, page_url)
    meta = given.over(found.over(fallback))
    return complete(meta, _paragraph_text(meta.title or "", text), where=page_url or "the page")


def article_from_text(raw: str, *, given: Metadata = Metadata(), where: str = "the page") -> ExtractedArticle:
    """A raw text page (first line the title) as `ingest page.txt` has always read it."""
    return complete(given, raw, where=where)


def complete(meta: Metadata, raw: str, *, where: str) -> ExtractedArticle:
    """Clean `raw` (title line, then paragraphs) and check every field is known."""
    page = clean_page(raw, meta.source)  # the outlet's name marks its dateline
    meta = meta.over(Metadata(title=page.title))
    missing = [name for name in OPTION_FOR if not getattr(meta, name)]
    if missing:
        wanted = ", ".join(name for name in missing)
        options = " ".join(OPTION_FOR[name] for name in missing)
        raise MissingMetadata(f"{where}: could not find its {wanted}; give it with {options}")
    published = normalise_published(meta.published or "")
    if published is None:
        raise MissingMetadata(
            f"{where}: publication date {meta.published!r} is not a date; give it with {OPTION_FOR['published']}"
        )
    try:
        url = check_url(meta.url or "")
    except ValueError as error:
        raise MissingMetadata(f"{where}: {error}; give it with {OPTION_FOR['url']}") from None
    lang = meta.lang or _detect_language(page.paragraphs)
    title, source = clean_text(meta.title or page.title).strip(), clean_text(meta.source or "").strip()
    return ExtractedArticle(title, url, source, published, lang, tuple(page.paragraphs), page.standfirst)


def normalise_published(value: str) -> str | None:
    """YYYY-MM-DD (or YYYY-MM) from an ISO date or timestamp; None when it is no date.

    Why only the date: the corpus dates articles by day; the time zone of a timestamp
    would otherwise move an evening article to the next day in UTC.
    """
    head = value.strip()[:10]
    if _PUBLISHED.match(head):
        try:
            date.fromisoformat(head if len(head) == 10 else f"{head}-01")
        except ValueError:
            return None
        return head
    return None


def canonical_url(found: str | None, page_url: str | None) -> str | None:
    """The page's canonical address (resolved against where it was fetched), without
    its #fragment; the fetched address when the page names none or a non-http one."""
    for candidate in (urljoin(page_url or "", found) if found else None, page_url):
        if candidate:
            parts = urlsplit(candidate)
            if parts.scheme in {"http", "https"} and parts.netloc:
                return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))
    return None


def content_fingerprint(paragraphs: Sequence[str]) -> str:
    """The same text however it is spaced, cased or punctuated: how a syndicated copy
    of an article (same words, another outlet's page) is recognised."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", " ".join(paragraphs)).casefold())
    return hashlib.sha1(" ".join(words).encode()).hexdigest()


def _paragraph_text(title: str, text: str) -> str:
    """The title line, then one block per extracted paragraph (blank lines between), so
    the cleaner never mistakes two paragraphs for one hard-wrapped one."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n\n".join([title, *paragraphs]) if title else "\n\n".join(paragraphs)


def _outlet_name(sitename: str | None, hostname: str | None, page_url: str | None) -> str | None:
    """The outlet's name as the page gives it (og:site_name, JSON-LD publisher).

    trafilatura falls back to the host name; a host name is not an outlet's name
    ("www.kompas.com" is not how a reader cites Kompas.com), so that counts as not found.
    """
    name = _one_line(sitename)
    hosts = {h.lower().removeprefix("www.") for h in (hostname, urlsplit(page_url or "").netloc) if h}
    if name is None or name.lower().removeprefix("www.") in hosts:
        return None
    return name


def _one_line(value: str | None) -> str | None:
    return " ".join(value.split()) if value and value.strip() else None


def _primary_language(tag: str | None) -> str | None:
    """'id' from 'id-ID' or 'id_ID'; None for nothing."""
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip().lower())[0]
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _html_lang(html: bytes | str) -> str | None:
    """<html lang="id-ID"> (trafilatura reads it only when asked to filter by language)."""
    head = html[:4096].decode("utf-8", errors="replace") if isinstance(html, bytes) else html[:4096]
    match = re.search(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z_-]+)", head, re.IGNORECASE)
    return _primary_language(match.group(1)) if match else None


def _detect_language(paragraphs: Sequence[str]) -> str:
    """'en' or 'id' by the function words of the first paragraphs (a page that does not
    say its language is nearly always Indonesian here, which also wins ties)."""
    tokens = [match.group() for match in words(normalize(" ".join(paragraphs[:5])))]
    english_only, indonesian_only = stop_en() - stop_id(), stop_id() - stop_en()
    english = sum(token in english_only for token in tokens)
    indonesian = sum(token in indonesian_only for token in tokens)
    return "en" if english > indonesian else "id"
