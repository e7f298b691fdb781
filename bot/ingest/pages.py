"""Single articles in: a web address, a local .html file, or a raw text page.

Why one function for all three: `python -m bot ingest` takes any mix of them, and each
must end the same way (cleaned, checked, deduplicated, written atomically).
"""

from __future__ import annotations

from pathlib import Path

from bot.ingest.extract import ExtractedArticle, Metadata, article_from_html, article_from_text
from bot.ingest.fetch import Fetched, PoliteFetcher
from bot.ingest.store import Added, CorpusRegistry, Duplicate

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def is_web_address(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def article_from_page(
    page: Fetched, *, given: Metadata = Metadata(), fallback: Metadata = Metadata()
) -> ExtractedArticle:
    """A fetched page as an article: HTML through the extractor, a plain-text page as
    `ingest page.txt` reads it (first line the title)."""
    if page.content_type == "text/plain":
        known = given.over(fallback.over(Metadata(url=page.final_url)))
        return article_from_text(page.text(), given=known, where=page.url)
    return article_from_html(page.content, page_url=page.final_url, given=given, fallback=fallback)


def article_from_file(path: Path, given: Metadata = Metadata()) -> ExtractedArticle:
    """A saved .html page (metadata from the page, the command line over it), or a raw
    UTF-8 text page as it has always been read."""
    data = path.read_bytes()
    if path.suffix.lower() in HTML_SUFFIXES:
        return article_from_html(data, given=given, page_url=given.url)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text; convert it first (e.g. iconv -t UTF-8)") from None
    return article_from_text(raw, given=given, where=str(path))


def ingest_one(
    target: str, *, given: Metadata, registry: CorpusRegistry, corpus_dir: Path, fetcher: PoliteFetcher | None
) -> Added | Duplicate:
    """Fetch or read `target`, extract, and add it unless the corpus holds it already.

    Raises FetchError, MissingMetadata, CleaningError or CorpusError (one-line messages).
    """
    if is_web_address(target):
        if fetcher is None:
            raise ValueError(f"{target}: fetching is not available here")
        extracted = article_from_page(fetcher.fetch(target), given=given)
    else:
        extracted = article_from_file(Path(target), given)
    return registry.add(corpus_dir, extracted)
