#!/usr/bin/env python3
"""Derive ``bot/lang/data/lexicon/freedict_en_id.tsv`` from the FreeDict eng-ind dictionary.

Why a build step instead of reading the dictionary at run time: the bot must not
depend on a Debian package being installed where it runs, and a flat TSV is
trivially fast to load, easy to review in a diff and easy to override with the
hand-curated ``news_en_id.tsv``.  The generated file is committed; this script
exists so that anyone can check (and regenerate) exactly how it was derived.

Input: the dictd files shipped by Debian's ``dict-freedict-eng-ind`` package
(``freedict-eng-ind.index`` + ``freedict-eng-ind.dict.dz``, the latter readable
with :mod:`gzip`).  Each entry is a block of text::

    run //ɹʊn// //ɹʌn// <v>                 <- headword, IPA, part of speech
    1. menjalankan 2.                         <- sense 1 translations (", "-separated)
    to be in charge of                        <- English gloss(es), ignored
     3.
    to execute or carry out a plan ...
    2. berlari 2.                             <- sense 2 translations
    to compete in a race

or, for single-sense entries, the translations are simply the second line.

Output: a comment header carrying attribution and the licence, then one
``english<TAB>indonesian`` line per translation, lowercase, in dictionary order
within a headword (entries of the same headword in file order, then senses in
order), so the first line for a headword is its primary sense.  Headwords are
written sorted so the output is deterministic and diff-friendly.

Usage::

    python tools/build_lexicon.py [--dict PATH.dict.dz] [--index PATH.index] [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

DEFAULT_DICT = Path("/usr/share/dictd/freedict-eng-ind.dict.dz")
DEFAULT_INDEX = Path("/usr/share/dictd/freedict-eng-ind.index")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "bot" / "lang" / "data" / "lexicon" / "freedict_en_id.tsv"

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUE = {c: i for i, c in enumerate(_B64)}

# Parts of speech that carry no whole-word translation (affixes would map e.g.
# the headword "ability" to "itas") or nothing useful for retrieval.
_SKIP_POS = frozenset({"prefix", "suffix", "symbol"})

_WIKILINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
_PAREN = re.compile(r"\([^()]*\)")
_SENSE_NUMBER = re.compile(r"^(\d+)\.\s+")
_TRAILING_NUMBER = re.compile(r"\s+\d+\.\s*$")
# Anything that is not a letter, digit, whitespace, hyphen or apostrophe.
_PUNCT = re.compile(r"[^\w\s'\-]|_")
_SPACES = re.compile(r"\s+")
# Indonesian is written in plain Latin letters; translations with other letters
# are Wiktionary noise (Maori "whakakōaka" for "groove", Danish "øresund" for
# "sound", French "épervier") or foreign place-name spellings.
_INDONESIAN = re.compile(r"[a-z0-9]+(?:[ '-][a-z0-9]+)*")


def _b64_decode(text: str) -> int:
    """Decode dictd's base-64 offsets/lengths (most significant digit first)."""
    value = 0
    for char in text:
        value = value * 64 + _B64_VALUE[char]
    return value


def read_entries(dict_path: Path, index_path: Path) -> tuple[dict[str, str], list[str]]:
    """Return (database info fields, entry texts in file order).

    The index lists one line per lookup key; several keys may point at the same
    entry, so entries are de-duplicated by (offset, length) and sorted by offset
    to recover the dictionary's own order.
    """
    data = gzip.open(dict_path, "rb").read()
    spans: set[tuple[int, int]] = set()
    meta: dict[str, str] = {}
    with index_path.open(encoding="utf-8") as handle:
        for line in handle:
            key, offset, length = line.rstrip("\n").split("\t")
            span = (_b64_decode(offset), _b64_decode(length))
            text = data[span[0] : span[0] + span[1]].decode("utf-8")
            if key.startswith("00database"):
                meta[key] = text
            else:
                spans.add(span)
    entries = [data[o : o + n].decode("utf-8") for o, n in sorted(spans)]
    return meta, entries


def parse_header(line: str) -> tuple[str, str]:
    """Split ``headword /ipa/ ... <pos>`` into (headword, pos); pos may be ''."""
    pos = ""
    match = re.search(r"\s<([^<>]*)>\s*$", line)
    if match:
        pos = match.group(1)
        line = line[: match.start()]
    # The pronunciation starts at the first " /"; headwords never contain one.
    cut = line.find(" /")
    headword = line[:cut] if cut >= 0 else line
    return headword.strip(), pos


def translation_lines(lines: list[str]) -> list[str]:
    """Pick the translation lines out of an entry body (lines after the header)."""
    if not lines:
        return []
    if not _SENSE_NUMBER.match(lines[0]):
        return [lines[0]]
    found: list[str] = []
    expected = 1
    for line in lines:
        # Gloss numbering is indented (" 3."), sense numbering is not; we also
        # require the numbers to run 1, 2, 3 ... so a gloss that happens to start
        # with "2. " cannot be mistaken for a sense.
        if line.startswith(f"{expected}. "):
            found.append(line[len(f"{expected}. ") :])
            expected += 1
    return found


def clean_translation(text: str) -> str:
    """Normalise one translation: drop parentheticals and punctuation, lowercase."""
    text = _PAREN.sub(" ", text)
    text = text.replace("(", " ").replace(")", " ")
    text = _PUNCT.sub(" ", text)
    words = []
    for word in text.lower().split():
        word = word.strip("-'")
        if word:
            words.append(word)
    return " ".join(words)


def split_translations(line: str) -> list[str]:
    """Split a sense line into cleaned translations."""
    line = _TRAILING_NUMBER.sub("", line)
    line = _WIKILINK.sub(r"\1", line)
    result = []
    for part in re.split(r",|\s/\s|;", line):
        cleaned = clean_translation(part)
        if _INDONESIAN.fullmatch(cleaned):
            result.append(cleaned)
    return result


def clean_headword(headword: str) -> str | None:
    """Lowercase a headword; reject templates like ``I'm ... year(s) old``."""
    if "..." in headword or "…" in headword or "(" in headword:
        return None
    # Callers look phrases up as space-joined tokens, so sentence punctuation
    # inside a headword ("close, but no cigar") would only prevent matches.
    headword = re.sub(r"[,;:!?.\"]", " ", headword.lower())
    headword = _SPACES.sub(" ", headword).strip()
    if not headword or headword.startswith("-") or headword.endswith("-"):
        return None
    return headword


def build(entries: list[str]) -> dict[str, list[str]]:
    """Map each English headword to its translations in dictionary order."""
    lexicon: dict[str, list[str]] = {}
    for entry in entries:
        lines = entry.rstrip("\n").split("\n")
        headword, pos = parse_header(lines[0])
        if pos in _SKIP_POS:
            continue
        english = clean_headword(headword)
        if english is None:
            continue
        bucket = lexicon.setdefault(english, [])
        for line in translation_lines(lines[1:]):
            for indonesian in split_translations(line):
                if indonesian not in bucket:
                    bucket.append(indonesian)
    return {k: v for k, v in lexicon.items() if v}


def header(meta: dict[str, str]) -> list[str]:
    """Attribution and licence notice required by CC BY-SA (kept in the file itself)."""
    short = meta.get("00databaseshort", "").strip().splitlines()
    title = short[0].strip() if short else "English-Bahasa Indonesia FreeDict+WikDict dictionary"
    return [
        "# English -> Indonesian word list derived from the FreeDict eng-ind dictionary.",
        f"# Source: {title}",
        "#   FreeDict project, https://freedict.org/ (Debian package dict-freedict-eng-ind),",
        "#   created automatically by WikDict (https://www.wikdict.com/, maintainer Karl Bartel)",
        "#   from Wiktionary (https://www.wiktionary.org/) data via DBnary.",
        "# Copyright: 2000-2022 FreeDict contributors; Wiktionary contributors.",
        "# Licence: Creative Commons Attribution-ShareAlike 3.0 Unported (CC BY-SA 3.0),",
        "#   https://creativecommons.org/licenses/by-sa/3.0/ . This derived file is",
        "#   distributed under the same licence (CC BY-SA 3.0).",
        "# Changes: generated by tools/build_lexicon.py - affix entries dropped, glosses,",
        "#   pronunciations and parenthetical notes removed, punctuation stripped, lowercased,",
        "#   translations with non-Latin-alphabet letters (Wiktionary noise) dropped.",
        "# Format: english<TAB>indonesian, one translation per line; the first line of a",
        "#   headword is its primary sense. Do not edit by hand: rerun the script.",
    ]


def render(meta: dict[str, str], lexicon: dict[str, list[str]]) -> str:
    """Produce the full file text (deterministic: headwords sorted, senses in order)."""
    out = header(meta)
    for english in sorted(lexicon):
        for indonesian in lexicon[english]:
            out.append(f"{english}\t{indonesian}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dict", type=Path, default=DEFAULT_DICT, help="dictd .dict.dz file")
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX, help="dictd .index file")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output TSV path")
    args = parser.parse_args(argv)
    for path in (args.dict, args.index):
        if not path.exists():
            print(f"missing {path}: apt-get install dict-freedict-eng-ind", file=sys.stderr)
            return 1
    meta, entries = read_entries(args.dict, args.index)
    lexicon = build(entries)
    text = render(meta, lexicon)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8", newline="\n")
    pairs = sum(len(v) for v in lexicon.values())
    print(f"wrote {args.out}: {len(lexicon)} headwords, {pairs} pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
