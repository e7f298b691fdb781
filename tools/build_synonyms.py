#!/usr/bin/env python3
"""Derive ``bot/lang/data/synonyms_id.tsv`` from the Indonesian thesaurus of Debian's
``mythes-id`` package (LibreOffice's ``th_id_ID_v2``, LGPL-2.1).

Why a build step instead of reading the thesaurus at run time: the bot must not
depend on a Debian package where it runs, and a flat TSV loads fast and is easy to
review. The generated file is committed; this script shows (and redoes) exactly how
it was derived.

Input: ``/usr/share/mythes/th_id_ID_v2.dat`` (ISO-8859-1). The first line names the
encoding; then each entry is ``headword|number of senses`` followed by that many
lines ``[pos]|synonym|synonym|…``, where ``[ant]`` lines list antonyms.

Output: a comment header with attribution and licence, then one
``word<TAB>synonym|synonym|…`` line per headword, sorted. Kept, because a thesaurus
is noisy and questions only need the words news writes either way:

* single-word headwords and synonyms of letters only (hyphenated reduplications
  allowed): a multiword synonym is a paraphrase ("tutup usia"), not a search term;
* content senses only (nouns, verbs, adjectives, adverbs); antonyms and pronoun or
  particle senses are dropped;
* the first ``--senses`` senses of a headword (default 2): later senses are rarer
  meanings ("tewas" = defeated), which would match the wrong sentences;
* only synonyms that list the headword back (as written or as lemmas, simplemma):
  a one-way entry is usually a looser relation ("tangkap" → "melipat").

Usage::

    python tools/build_synonyms.py [--dat PATH] [--out PATH] [--senses N]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import simplemma

DEFAULT_DAT = Path("/usr/share/mythes/th_id_ID_v2.dat")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "bot" / "lang" / "data" / "synonyms_id.tsv"

CONTENT_POS = frozenset({"[n]", "[v]", "[a]", "[adv]"})
WORD = re.compile(r"^[a-z]+(?:-[a-z]+)*$")

HEADER = """\
# Indonesian synonyms for Kutipan, derived from the Indonesian thesaurus
# th_id_ID_v2 (LibreOffice dictionaries, Debian package mythes-id).
#
# Copyright (C) 2017 Ali Ahmadi <idnux09@gmail.com>.
# Licensed under the GNU Lesser General Public License, version 2.1
# (https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html). This file is a
# modified version (filtered by tools/build_synonyms.py: single words, content
# senses, the first sense of each headword, synonyms that name the headword back)
# and is distributed under the same licence, as a separate data file; the rest of
# Kutipan is not derived from it.
#
# Format: word<TAB>synonym|synonym|... (lowercase; first sense first).
"""


def parse(lines: list[str], senses: int) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    index = 1  # line 0 names the encoding
    while index < len(lines):
        head, _, count = lines[index].partition("|")
        index += 1
        try:
            n = int(count)
        except ValueError:
            continue
        sense_lines, index = lines[index : index + n], index + n
        word = head.strip().lower()
        if not WORD.match(word):
            continue
        found: list[str] = []
        taken = 0
        for line in sense_lines:
            pos, *synonyms = line.strip().lower().split("|")
            if pos not in CONTENT_POS:
                continue
            if taken >= senses:
                break
            taken += 1
            kept = [s.strip() for s in synonyms if WORD.match(s.strip()) and s.strip() != word]
            found.extend(s for s in kept if s not in found)
        if found:
            table.setdefault(word, [])
            table[word].extend(s for s in found if s not in table[word])
    return table


def mutual(table: dict[str, list[str]]) -> dict[str, list[str]]:
    """Only the synonyms whose own entry names the headword back (lemmas compared)."""

    def lemma(word: str) -> str:
        return str(simplemma.lemmatize(word, lang="id")).lower()

    def names(synonym: str) -> set[str]:
        listed = set(table.get(synonym, ())) | set(table.get(lemma(synonym), ()))
        return listed | {lemma(word) for word in listed}

    kept: dict[str, list[str]] = {}
    for word, synonyms in table.items():
        forms = {word, lemma(word)}
        found = [synonym for synonym in synonyms if forms & names(synonym)]
        if found:
            kept[word] = found
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dat", type=Path, default=DEFAULT_DAT)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--senses", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.dat.exists():
        print(f"{args.dat} not found: apt-get install mythes-id", file=sys.stderr)
        return 1
    lines = args.dat.read_text(encoding="iso-8859-1").splitlines()
    table = mutual(parse(lines, args.senses))
    body = "".join(f"{word}\t{'|'.join(synonyms)}\n" for word, synonyms in sorted(table.items()))
    args.out.write_text(HEADER + body, encoding="utf-8")
    print(f"{len(table)} headwords -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
