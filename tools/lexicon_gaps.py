#!/usr/bin/env python3
"""List common English words that neither lexicon translates (a development aid).

An English question word that neither ``news_en_id.tsv`` nor ``freedict_en_id.tsv``
knows reaches no Indonesian term at all. This script shows which *common* English
words are in that state, so the curated lexicon can be extended systematically from a
general frequency list rather than from whatever questions happened to fail. It is
what selected the ``# topic: common words (from an English frequency list)`` section
of ``bot/lang/data/lexicon/news_en_id.tsv`` (see ``bot/lang/data/lexicon/README.md``).

Source of the candidates: the ``wordfreq`` package (Robyn Speer et al.; code
Apache-2.0, word lists CC BY-SA 4.0), ``top_n_list("en", N)``: the N most frequent
English words over Wikipedia, subtitles, news, books, web text and social media. It
is a development-time tool only, not a dependency of the bot; install it into the
virtualenv with ``.venv/bin/pip install wordfreq``.

Filtering, in order (all automatic, so the list is reproducible):

* tokens that are not purely alphabetic, or shorter than 3 letters, are dropped;
* English stopwords (``bot/lang/data/stopwords_en.txt``) are dropped;
* words simplemma does not know as English (chat slang such as "gonna", brand names,
  abbreviations) are dropped;
* each word is lemmatised with simplemma (``simplemma.lemmatize(w, lang="en")``);
  lemmas simplemma writes capitalised are proper names ("John", "Texas") and are
  dropped; lemmas already seen are skipped;
* a word counts as covered when the lexicons give senses for the word as written, for
  its simplemma lemma, or for the base form the bot itself finds
  (``Analyzer.lemma_en``, the irregular table and regular endings).

What is left is printed one lemma per line, in frequency order, as ``rank<TAB>lemma``.
With ``--freedict`` the script instead lists the words only FreeDict covers, with their
FreeDict senses, for review (a FreeDict-only word whose senses are wrong for news
deserves a curated entry too). Choosing which of the printed words a news question
could use, and their Indonesian renderings, is then done by hand.

Usage (from the repository, with the project installed in ``.venv``)::

    .venv/bin/python tools/lexicon_gaps.py [--top 8000] [--freedict]

This file is not part of the bot package and nothing in ``bot`` imports it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

import simplemma

from bot.lang.lexicon import Lexicon, Sense, stopwords
from bot.search.analyzer import Analyzer


def frequent_words(top: int) -> list[str]:
    """The `top` most frequent English words (wordfreq), most frequent first."""
    try:
        from wordfreq import top_n_list
    except ImportError:
        sys.exit("lexicon_gaps.py needs the dev-only package wordfreq: .venv/bin/pip install wordfreq")
    return list(top_n_list("en", top))


def candidates(words: list[str]) -> Iterator[tuple[int, str, str]]:
    """(rank, word, lemma) for frequent content words, names and stopwords removed."""
    stop = stopwords("en")
    seen: set[str] = set()
    for rank, word in enumerate(words, 1):
        if not word.isalpha() or len(word) < 3 or word in stop:
            continue
        if not simplemma.is_known(word, lang="en"):
            continue
        lemma = simplemma.lemmatize(word, lang="en")
        if lemma != lemma.lower() or lemma in stop or lemma in seen:
            continue
        seen.add(lemma)
        yield rank, word, lemma


def senses_of(word: str, lemma: str, lexicon: Lexicon, analyzer: Analyzer) -> list[Sense]:
    """Senses the lexicons give for the word, its simplemma lemma or the bot's own lemma."""
    for key in dict.fromkeys((lemma, word, analyzer.lemma_en(word), analyzer.lemma_en(lemma))):
        found = lexicon.senses(key)
        if found:
            return found
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--top", type=int, default=8000, help="how many frequent English words to scan")
    parser.add_argument(
        "--freedict", action="store_true", help="list words only FreeDict covers, with their senses, instead"
    )
    args = parser.parse_args(argv)
    lexicon = Lexicon.load()
    analyzer = Analyzer(lexicon)
    missing = freedict_only = 0
    for rank, word, lemma in candidates(frequent_words(args.top)):
        found = senses_of(word, lemma, lexicon, analyzer)
        if not found:
            missing += 1
            if not args.freedict:
                print(f"{rank}\t{lemma}")
        elif all(sense.origin == "freedict" for sense in found):
            freedict_only += 1
            if args.freedict:
                print(f"{rank}\t{lemma}\t{'|'.join(sense.indonesian for sense in found)}")
    print(f"# {missing} missing from both lexicons, {freedict_only} only in FreeDict", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
