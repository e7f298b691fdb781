"""Cleaning measured against hand-marked pages: boilerplate left in the corpus, content lost.

A raw page NAME.txt comes with NAME.json (its metadata, as `ingest` is told it) and
NAME.boilerplate.json (which of its lines are boilerplate). After ingestion no listed
line may stand in the corpus, and every sentence of every other non-empty line must.
Articles are matched to pages by their URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.ingest.corpus import read_article
from bot.model import Article
from bot.text.datelines import strip_dateline
from bot.text.sentences import split_sentences

# A boilerplate line this short ("Bagikan", "Tags: BI") may stand inside a real sentence
# by chance; it counts as left only when a whole paragraph is made of it.
SHORT_LINE_WORDS = 4


@dataclass(slots=True)
class CleaningReport:
    pages: int = 0
    missing: list[str] = field(default_factory=list)  # pages with no article in the corpus
    leaked: list[tuple[str, int, str]] = field(default_factory=list)  # (page, line, text)
    lost: list[tuple[str, int, str]] = field(default_factory=list)  # (page, line, sentence)


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def check_cleaning(raw_dirs: Iterable[Path], corpus_dirs: Sequence[Path]) -> CleaningReport:
    by_url: dict[str, Article] = {}
    for directory in corpus_dirs:
        for path in sorted(Path(directory).glob("*.md")):
            article = read_article(path)
            by_url[article.url] = article
    report = CleaningReport()
    for raw_dir in raw_dirs:
        for listing in sorted(Path(raw_dir).glob("*.boilerplate.json")):
            page = listing.with_name(listing.name.removesuffix(".boilerplate.json"))
            meta = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
            marked = {
                int(entry["line"]) for entry in json.loads(listing.read_text(encoding="utf-8"))["boilerplate_lines"]
            }
            lines = page.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
            report.pages += 1
            found = by_url.get(meta["url"])
            if found is None:
                report.missing.append(page.name)
                continue
            article = found
            paragraphs = [_key(p) for p in (article.title, *article.paragraphs)]
            body = " " + " ".join(paragraphs) + " "
            for number, line in enumerate(lines, 1):
                key = _key(line)
                if not key:
                    continue
                if number in marked:
                    short = len(key.split()) < SHORT_LINE_WORDS
                    if (key in paragraphs) if short else (f" {key} " in body):
                        report.leaked.append((page.name, number, line.strip()))
                    continue
                for sentence in split_sentences(strip_dateline(line.strip(), meta.get("source"))):
                    if (skey := _key(sentence)) and f" {skey} " not in body:
                        report.lost.append((page.name, number, sentence))
    return report


def format_cleaning(report: CleaningReport) -> str:
    lines = [
        f"cleaning: {report.pages} pages, {len(report.leaked)} boilerplate lines left in the corpus, "
        f"{len(report.lost)} content sentences lost, {len(report.missing)} pages not in the corpus"
    ]
    lines += [f"  left: {page}:{number}: {text[:100]}" for page, number, text in report.leaked]
    lines += [f"  lost: {page}:{number}: {text[:100]}" for page, number, text in report.lost]
    lines += [f"  not ingested: {page}" for page in report.missing]
    return "\n".join(lines)
