"""Adding extracted articles to the corpus once: deduplicated by address and by content.

Why a registry: deciding whether an article is already in the corpus needs every
article's address and a fingerprint of its text. Reading tens of thousands of files for
that at every poll would cost seconds, so what was read is cached in the index
directory (`corpus-registry.json`, written atomically) by file size and mtime, and only
new or changed files are read again; the corpus files stay the truth.

The rules, as a reader of the answers expects them:
- the same canonical address → the same article, not added again;
- the same text from the same outlet under another address (an AMP or mobile copy,
  tracking parameters) → not added again;
- the same text from another outlet (a syndicated wire story) → added as that outlet's
  copy, so answers quote the sentence once and list the other outlet under "Also in",
  as they always have for identical sentences.
"""

from __future__ import annotations

import json
import logging
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.files import atomic_write_text
from bot.ingest.corpus import CorpusError, create_article, new_article, read_article
from bot.ingest.extract import ExtractedArticle, content_fingerprint
from bot.model import Article

log = logging.getLogger(__name__)

REGISTRY = "corpus-registry.json"
REGISTRY_VERSION = 1


@dataclass(frozen=True, slots=True)
class Known:
    """What the registry remembers of one corpus file."""

    path: str
    size: int
    mtime_ns: int
    url: str
    source: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Added:
    path: Path
    article: Article
    syndicated_from: str | None = None  # the corpus file with the same text from another outlet
    created: bool = True  # False: the very same file was already there (nothing to undo)


@dataclass(frozen=True, slots=True)
class Duplicate:
    url: str
    existing: str  # the corpus file that already holds it
    reason: str  # "same address" or "same text"


def url_key(url: str) -> str:
    """An address as compared for sameness: no scheme, no 'www.', no trailing slash."""
    key = re.sub(r"^https?://(www\.)?", "", url.strip(), flags=re.IGNORECASE)
    host, _, rest = key.partition("/")
    return f"{host.lower()}/{rest}".rstrip("/")


def _source_key(source: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", source).casefold().split())


class CorpusRegistry:
    """The corpus's addresses and fingerprints, kept in step with the files."""

    def __init__(self, corpus_dirs: Sequence[Path], index_dir: Path) -> None:
        self.corpus_dirs = [Path(d) for d in corpus_dirs]
        self.path = Path(index_dir) / REGISTRY
        self.entries: dict[str, Known] = {}
        self.refresh()

    def refresh(self) -> None:
        """Read the files that are new or changed since the cache was written; forget
        removed ones. A file that is not a valid article is skipped (indexing warns)."""
        cached = self._load()
        fresh: dict[str, Known] = {}
        changed = False
        for directory in self.corpus_dirs:
            if not directory.is_dir():
                continue
            with os.scandir(directory) as scan:
                files = [e for e in scan if e.name.endswith(".md") and e.is_file()]
            for entry in files:
                stat = entry.stat()
                path = str(Path(entry.path).resolve())
                known = cached.get(path)
                if known is None or (known.size, known.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
                    changed = True
                    try:
                        article = read_article(Path(path))
                    except CorpusError:
                        continue
                    known = Known(
                        path,
                        stat.st_size,
                        stat.st_mtime_ns,
                        article.url,
                        article.source,
                        content_fingerprint(article.paragraphs),
                    )
                fresh[path] = known
        self.entries = fresh
        if changed or fresh.keys() != cached.keys():
            self.save()

    def find(
        self, url: str | None = None, fingerprint: str | None = None, source: str | None = None
    ) -> Duplicate | None:
        """The corpus file this article would duplicate, if any."""
        wanted = url_key(url) if url else None
        for known in self.entries.values():
            if wanted and url_key(known.url) == wanted:
                return Duplicate(url or "", known.path, "same address")
        if fingerprint:
            for known in self.entries.values():
                if known.fingerprint == fingerprint and (
                    source is None or _source_key(known.source) == _source_key(source)
                ):
                    return Duplicate(url or "", known.path, "same text")
        return None

    def add(self, directory: Path, extracted: ExtractedArticle) -> Added | Duplicate:
        """Write `extracted` into `directory` unless the corpus already holds it."""
        fingerprint = extracted.fingerprint
        duplicate = self.find(extracted.url, fingerprint, extracted.source)
        if duplicate is not None:
            return duplicate
        syndicated = self.find(fingerprint=fingerprint)
        article = new_article(
            extracted.title,
            extracted.url,
            extracted.source,
            extracted.published,
            extracted.lang,
            extracted.paragraphs,
            extracted.standfirst,
        )
        article = replace(article, id=self._free_id(directory, article))
        path, created = create_article(directory, article)
        stat = path.stat()
        resolved = str(path.resolve())
        self.entries[resolved] = Known(
            resolved, stat.st_size, stat.st_mtime_ns, article.url, article.source, fingerprint
        )
        return Added(path, article, syndicated.existing if syndicated else None, created)

    def _free_id(self, directory: Path, article: Article) -> str:
        """The article's readable id, or with the outlet and a number appended when
        another article has it (a syndicated copy has the same title and date)."""
        source = "-".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", article.source).lower()))[:30]
        candidates = [article.id, f"{article.id}_{source}"] + [f"{article.id}_{source}-{n}" for n in range(2, 100)]
        for candidate in candidates:
            if not (Path(directory) / f"{candidate}.md").exists():
                return candidate
        raise CorpusError(f"{article.id}: too many articles with this date and title")

    def _load(self) -> dict[str, Known]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") != REGISTRY_VERSION:
                return {}
            return {item["path"]: Known(**item) for item in data["files"]}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            log.warning("%s is unreadable (%s); reading the corpus again", self.path, exc)
            return {}

    def save(self) -> None:
        """Write the registry down (once per batch: it is a cache of what the corpus
        files say, read again from them wherever it is missing or stale). Only beside an
        index that exists: a command that fails before indexing leaves no directory."""
        if not self.path.parent.is_dir():
            return
        files = [
            {
                "path": k.path,
                "size": k.size,
                "mtime_ns": k.mtime_ns,
                "url": k.url,
                "source": k.source,
                "fingerprint": k.fingerprint,
            }
            for k in self.entries.values()
        ]
        atomic_write_text(self.path, json.dumps({"version": REGISTRY_VERSION, "files": files}, ensure_ascii=False))
