"""The article corpus: Markdown files with YAML front matter, one article per file.

```
---
title: ...
url: https://...
source: Bisnis.com
published: 2023-10-17      # or 2023-10
lang: id
standfirst: 1               # optional: paragraphs before the lead (the dateline's)
---

A standfirst: the story in one sentence.

The lead paragraph (a dateline before it is taken off when indexing).

Second paragraph.
```
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import yaml

from bot.files import atomic_create_bytes
from bot.model import Article
from bot.text.clean_input import check_published, check_url, clean_text, has_nul

# Every value read as a string (a date stays "2023-10-17"); libyaml's loader where the
# wheel has it, which reads a large corpus tens of times faster.
YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
REQUIRED_FIELDS = ("title", "url", "source", "published")
# Bounds on what one file may cost to read: front matter is a handful of short fields
# (aliases are refused outright: a 400-byte alias bomb expands to gigabytes), and an
# article file larger than this is not a news article.
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_ARTICLE_BYTES = 16 * 1024 * 1024


class CorpusError(ValueError):
    """An article file that cannot be read as an article; the message says which and why."""


def parse_article(text: str, article_id: str) -> Article:
    if has_nul(text):
        raise CorpusError(f"{article_id}: contains NUL characters (binary data, not text)")
    match = re.match(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", text, re.DOTALL)
    if not match:
        raise CorpusError(f"{article_id}: no YAML front matter between '---' lines")
    meta = _front_matter(match.group(1), article_id)
    missing = [name for name in REQUIRED_FIELDS if not isinstance(meta.get(name), str) or not meta[name].strip()]
    if missing:
        raise CorpusError(f"{article_id}: front matter lacks {', '.join(missing)}")
    try:
        url = check_url(meta["url"])
        published = check_published(meta["published"])
    except ValueError as exc:
        raise CorpusError(f"{article_id}: {exc}") from None
    lang = meta.get("lang", "id")
    paragraphs = tuple(split_paragraphs(match.group(2)))
    standfirst = meta.get("standfirst", "0")
    # A count of paragraphs has a few digits (int() of thousands raises ValueError).
    digits = isinstance(standfirst, str) and standfirst.isascii() and standfirst.isdigit() and len(standfirst) <= 6
    if not digits or not int(standfirst) < max(len(paragraphs), 1):
        raise CorpusError(
            f"{article_id}: standfirst must be the number of paragraphs before the lead "
            f"(0 to {max(len(paragraphs) - 1, 0)}), not {standfirst!r}"
        )
    return Article(
        id=article_id,
        title=_clean_line(meta["title"]),
        url=url,
        source=_clean_line(meta["source"]),
        published=published,
        lang=(_clean_line(lang) if isinstance(lang, str) else "") or "id",
        paragraphs=paragraphs,
        standfirst=int(standfirst),
    )


def _front_matter(text: str, article_id: str) -> dict:
    """The front matter's fields, read as strings, refusing YAML aliases before anything
    is composed (an alias bomb costs its expansion only at composition)."""
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise CorpusError(f"{article_id}: front matter is longer than {MAX_FRONT_MATTER_CHARS} characters")
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=YAML_LOADER)):
            raise CorpusError(f"{article_id}: front matter uses YAML aliases (not allowed)")
        meta = yaml.load(text, Loader=YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"{article_id}: front matter is not valid YAML ({_one_line(str(exc))})") from None
    if not isinstance(meta, dict):
        raise CorpusError(f"{article_id}: front matter must be a mapping")
    return meta


def _one_line(text: str) -> str:
    return " ".join(text.split())


def split_paragraphs(body: str) -> list[str]:
    """Blank lines separate paragraphs; line breaks inside one are just spaces."""
    blocks = re.split(r"\n\s*\n", body)
    return [line for line in (_clean_line(block) for block in blocks) if line]


def _clean_line(text: str) -> str:
    """NFC, invisible and control characters removed, whitespace collapsed."""
    return " ".join(clean_text(text).split())


def read_article(path: Path) -> Article:
    """The article in `path`; CorpusError (naming the file and why) for anything that
    is not a readable article: unreadable, a symlink loop, too large, not UTF-8, bad
    front matter."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise CorpusError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise CorpusError(f"{path.name}: larger than {MAX_ARTICLE_BYTES} bytes, not an article")
    try:
        text = data.decode("utf-8-sig")  # editors on Windows add a BOM
    except UnicodeDecodeError:
        raise CorpusError(f"{path.name}: not UTF-8 text") from None
    return parse_article(text, path.stem)


def render_article(article: Article) -> str:
    meta: dict[str, str | int] = {
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "published": article.published,
        "lang": article.lang,
    }
    if article.standfirst:
        meta["standfirst"] = article.standfirst
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n\n" + "\n\n".join(article.paragraphs) + "\n"


def article_slug(published: str, title: str, max_words: int = 8) -> str:
    """A readable, filesystem-safe file stem: date plus the title's first words."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())[:max_words]
    return "_".join([published, "-".join(words) or "article"])


def new_article(
    title: str, url: str, source: str, published: str, lang: str, paragraphs: Sequence[str], standfirst: int = 0
) -> Article:
    """An article with a readable id (date and title words), checked as a reader of the
    corpus would check it, so a bad date or an empty field never reaches the corpus."""
    article = Article(
        article_slug(published, title), title, url, source, published, lang, tuple(paragraphs), standfirst
    )
    return parse_article(render_article(article), article.id)


def write_article(directory: Path, article: Article) -> Path:
    """Create the article's file atomically, never replacing one: the same article
    already there is left untouched (so the index needs no rebuild), and a different
    one with the same name, even one another `ingest` is writing at this moment, is an
    error."""
    return create_article(directory, article)[0]


def create_article(directory: Path, article: Article) -> tuple[Path, bool]:
    """`write_article`, also saying whether this call created the file (False: the same
    article was already there)."""
    path = Path(directory) / f"{article.id}.md"
    try:
        created = atomic_create_bytes(path, render_article(article).encode("utf-8"))
    except FileExistsError:
        raise CorpusError(f"{path} already exists with other content; choose another --title or remove it") from None
    return path, created
