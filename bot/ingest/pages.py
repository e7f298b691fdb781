"""Single articles in: a web address, a local .html file, or a raw text page (alone, or
a directory of them with their metadata in `.json` sidecars).

Why one function for all of them: `python -m bot ingest` takes any mix, and each must
end the same way (cleaned, checked, deduplicated, written atomically).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from bot.ingest.extract import ExtractedArticle, Metadata, article_from_html, article_from_text
from bot.ingest.fetch import Fetched, PoliteFetcher
from bot.ingest.registry import Added, CorpusRegistry, Duplicate
from bot.text.clean_input import MAX_PAGE_BYTES, has_nul

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


def article_from_file(
    path: Path, given: Metadata = Metadata(), fallback: Metadata = Metadata(), *, max_bytes: int = MAX_PAGE_BYTES
) -> ExtractedArticle:
    """A saved .html page (metadata from the page, the command line over it), or a raw
    UTF-8 text page as it has always been read; `fallback` (a sidecar) fills the rest."""
    data = _read_capped(path, max_bytes)
    if path.suffix.lower() in HTML_SUFFIXES:
        return article_from_html(data, given=given, page_url=given.url or fallback.url, fallback=fallback)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text; convert it first (e.g. iconv -t UTF-8)") from None
    if has_nul(raw):
        raise ValueError(f"{path}: contains NUL characters (binary data, not a text page)")
    return article_from_text(raw, given=given.over(fallback), where=str(path))


def _read_capped(path: Path, max_bytes: int) -> bytes:
    """At most `max_bytes` (INGEST_MAX_BYTES): a larger file is no single article, and
    cleaning it would hold the build lock for nothing."""
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"{path}: larger than INGEST_MAX_BYTES ({max_bytes} bytes); is it one article?")
    return data


def expand_targets(targets: Sequence[str]) -> list[tuple[str, Metadata]]:
    """Each target with what its sidecar says; a directory stands for its `NAME.txt`
    pages, each with `NAME.json` metadata ({title, url, source, published, lang}), so a
    whole scraped set goes in with one command."""
    expanded: list[tuple[str, Metadata]] = []
    for target in targets:
        directory = Path(target)
        if is_web_address(target) or not directory.is_dir():
            expanded.append((target, Metadata()))
            continue
        pages = sorted(directory.glob("*.txt"))
        if not pages:
            raise ValueError(f"{target}: no NAME.txt pages with NAME.json metadata")
        expanded.extend((str(page), sidecar_metadata(page)) for page in pages)
    return expanded


def sidecar_metadata(page: Path) -> Metadata:
    """The metadata in the `.json` file beside a raw page (an error names what is wrong)."""
    meta_path = page.with_suffix(".json")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{page}: no metadata file {meta_path.name} beside it") from None
    except (OSError, ValueError) as error:
        raise ValueError(f"{meta_path}: not a JSON metadata file ({error})") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{meta_path}: expected an object with title, url, source, published")
    values = {
        key: meta[key] for key in ("title", "url", "source", "published", "lang") if isinstance(meta.get(key), str)
    }
    return Metadata(**values)


def ingest_one(
    target: str,
    *,
    given: Metadata,
    registry: CorpusRegistry,
    corpus_dir: Path,
    fetcher: PoliteFetcher | None,
    fallback: Metadata = Metadata(),
    max_bytes: int = MAX_PAGE_BYTES,
) -> Added | Duplicate:
    """Fetch or read `target`, extract, and add it unless the corpus holds it already.

    Raises FetchError, MissingMetadata, CleaningError or CorpusError (one-line messages).
    """
    if is_web_address(target):
        if fetcher is None:
            raise ValueError(f"{target}: fetching is not available here")
        extracted = article_from_page(fetcher.fetch(target), given=given, fallback=fallback)
    else:
        extracted = article_from_file(Path(target), given, fallback, max_bytes=max_bytes)
    return registry.add(corpus_dir, extracted)
