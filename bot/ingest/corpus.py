"""The article corpus: Markdown files with YAML front matter, one article per file.

```
---
title: ...
url: https://...
source: Bisnis.com
published: 2023-10-17      # or 2023-10
lang: id
---

First paragraph.

Second paragraph.
```
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.files import atomic_write_text
from bot.model import Article

# Every value read as a string (a date stays "2023-10-17"); libyaml's loader where the
# wheel has it, which reads a large corpus tens of times faster.
YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
PUBLISHED_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
REQUIRED_FIELDS = ("title", "url", "source", "published")


class CorpusError(ValueError):
    """An article file that cannot be read as an article; the message says which and why."""


def parse_article(text: str, article_id: str) -> Article:
    match = re.match(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", text, re.DOTALL)
    if not match:
        raise CorpusError(f"{article_id}: no YAML front matter between '---' lines")
    try:
        meta = yaml.load(match.group(1), Loader=YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"{article_id}: front matter is not valid YAML ({exc})") from None
    if not isinstance(meta, dict):
        raise CorpusError(f"{article_id}: front matter must be a mapping")
    missing = [name for name in REQUIRED_FIELDS if not str(meta.get(name, "")).strip()]
    if missing:
        raise CorpusError(f"{article_id}: front matter lacks {', '.join(missing)}")
    url = str(meta["url"]).strip()
    if not _is_http_url(url):
        raise CorpusError(f"{article_id}: url must be an http(s) address, not {url!r}")
    published = str(meta["published"]).strip()
    if not PUBLISHED_PATTERN.match(published):
        raise CorpusError(f"{article_id}: published must be YYYY-MM-DD or YYYY-MM, not {published!r}")
    return Article(
        id=article_id,
        title=_clean_line(str(meta["title"])),
        url=url,
        source=str(meta["source"]).strip(),
        published=published,
        lang=str(meta.get("lang", "id")).strip() or "id",
        paragraphs=tuple(split_paragraphs(match.group(2))),
    )


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def split_paragraphs(body: str) -> list[str]:
    """Blank lines separate paragraphs; line breaks inside one are just spaces."""
    blocks = re.split(r"\n\s*\n", body)
    return [line for line in (_clean_line(block) for block in blocks) if line]


def _clean_line(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def read_article(path: Path) -> Article:
    try:
        text = path.read_text(encoding="utf-8-sig")  # editors on Windows add a BOM
    except UnicodeDecodeError:
        raise CorpusError(f"{path.name}: not UTF-8 text") from None
    return parse_article(text, path.stem)


def render_article(article: Article) -> str:
    meta = {
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "published": article.published,
        "lang": article.lang,
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n\n" + "\n\n".join(article.paragraphs) + "\n"


def article_slug(published: str, title: str, max_words: int = 8) -> str:
    """A readable, filesystem-safe file stem: date plus the title's first words."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())[:max_words]
    return "_".join([published, "-".join(words) or "article"])


def new_article(title: str, url: str, source: str, published: str, lang: str, paragraphs: Sequence[str]) -> Article:
    """An article with a readable id (date and title words), checked as a reader of the
    corpus would check it, so a bad date or an empty field never reaches the corpus."""
    article = Article(article_slug(published, title), title, url, source, published, lang, tuple(paragraphs))
    return parse_article(render_article(article), article.id)


def write_article(directory: Path, article: Article) -> Path:
    """Write atomically; refuses to overwrite a different article with the same name."""
    path = Path(directory) / f"{article.id}.md"
    text = render_article(article)
    if path.exists() and path.read_text(encoding="utf-8") != text:
        raise CorpusError(f"{path} already exists with other content; choose another --title or remove it")
    atomic_write_text(path, text)
    return path
