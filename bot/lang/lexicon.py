"""English -> Indonesian lexicon, informal Indonesian forms and stopword lists.

The engine answers English questions over Indonesian news without a translation
model: English query words are looked up here and replaced by the Indonesian
words a news article would use.  Two sources are merged:

* ``lexicon/news_en_id.tsv`` -- hand-curated news vocabulary.  It knows that
  "ceasefire" is "gencatan senjata" and that "UN" is "PBB", so its senses are
  always offered first.
* ``lexicon/freedict_en_id.tsv`` -- a broad general dictionary derived from
  FreeDict/Wiktionary (CC BY-SA 3.0; see ``lexicon/README.md``) that covers the
  long tail the curated list does not.

Everything is plain text shipped in the package's ``data/`` folder (read by path:
importlib.resources would cost a command-line answer more to import than the
reading itself).  Parsing is done once per process (``functools.cache``) and takes a few
milliseconds, so callers can simply call :meth:`Lexicon.load` wherever needed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import methodcaller
from pathlib import Path
from types import MappingProxyType

__all__ = [
    "Lexicon",
    "Sense",
    "abbreviations",
    "informal_forms",
    "irregular_english",
    "normalize_english",
    "stopwords",
    "synonyms_id",
]

DATA_DIR = Path(__file__).with_name("data")
NEWS_FILE = ("lexicon", "news_en_id.tsv")
FREEDICT_FILE = ("lexicon", "freedict_en_id.tsv")
INFORMAL_FILE = ("informal_id.tsv",)
ABBREVIATIONS_FILE = ("abbreviations_id.tsv",)
SYNONYMS_FILE = ("synonyms_id.tsv",)
IRREGULAR_EN_FILE = ("irregular_en.tsv",)
STOPWORD_FILES = {"id": ("stopwords_id.txt",), "en": ("stopwords_en.txt",)}

ORIGIN_NEWS = "news"
ORIGIN_FREEDICT = "freedict"


@dataclass(frozen=True, slots=True)
class Sense:
    """One Indonesian rendering of an English word or phrase.

    ``origin`` and ``rank`` let a caller weight expansions: a curated ("news")
    primary sense (rank 0) is far more trustworthy than the fifth FreeDict
    sense of a polysemous word.
    """

    indonesian: str  # lowercase, may be multiword ("gencatan senjata")
    origin: str  # "news" (curated) or "freedict"
    rank: int  # 0 = first/primary sense within its origin


def _read_text(parts: Sequence[str]) -> str:
    """Read a packaged data file as UTF-8 text."""
    return DATA_DIR.joinpath(*parts).read_text(encoding="utf-8")


def _data_lines(text: str) -> Iterator[str]:
    """Yield non-blank, non-comment lines (comments start with '#')."""
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            yield raw.rstrip("\r\n")


def normalize_english(english: str) -> str:
    """Canonical lookup key: lowercase, single spaces, straight apostrophes.

    Keys in the data files are already in this form; callers may pass raw text.
    """
    return " ".join(english.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def _parse_table(text: str) -> dict[str, list[str]]:
    """Parse ``english<TAB>id1[|id2|...]`` lines into key -> alternatives.

    Both lexicon files use this shape (FreeDict lines simply have one
    alternative each); a key repeated on several lines accumulates in file
    order, so the first alternative stays the primary sense.  The data files
    are stored already normalised (checked by the tests), which keeps this loop
    cheap: loading must stay far below the bot's start-up budget.
    """
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        english, tab, indonesian = line.partition("\t")
        if not tab or not english or not indonesian:
            continue
        bucket = table.get(english)
        if bucket is None:
            table[english] = bucket = []
        if "|" in indonesian:
            bucket.extend(alt for alt in indonesian.split("|") if alt)
        else:
            bucket.append(indonesian)
    return table


def _variants(key: str) -> Iterable[str]:
    """Spellings under which a hyphenated key should also be found.

    FreeDict writes "cease-fire" while questions say "ceasefire" or "cease fire";
    a tokenizer may also split on hyphens.  These variants are registered as
    aliases only where they do not collide with a real entry.
    """
    if "-" in key:
        yield " ".join(key.replace("-", " ").split())
        yield key.replace("-", "")


class Lexicon:
    """English -> Indonesian senses, curated news vocabulary first.

    Build one with :meth:`load` (packaged data, cached) or :meth:`from_tables`
    (explicit tables, e.g. in tests).  :class:`Sense` objects are built lazily,
    per looked-up key, because a question only ever touches a handful of the
    ~10 000 entries and building them all up front would dominate load time.
    """

    __slots__ = ("_alias", "_cache", "_freedict", "_max_words", "_news", "_phrase_starts")

    def __init__(
        self,
        news: Mapping[str, Sequence[str]],
        freedict: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """Wrap already-normalised tables (english key -> Indonesian alternatives in order)."""
        self._news = news
        self._freedict = freedict if freedict is not None else {}
        self._alias: dict[str, str] = {}
        for table in (self._news, self._freedict):
            for key in table:
                if "-" in key:
                    for alias in _variants(key):
                        if alias and alias not in self._news and alias not in self._freedict:
                            self._alias.setdefault(alias, key)
        keys = chain(self._news, self._freedict, self._alias)
        self._max_words = max(map(methodcaller("count", " "), keys), default=-1) + 1
        self._cache: dict[str, tuple[Sense, ...]] = {}
        self._phrase_starts: frozenset[str] | None = None

    @classmethod
    def load(cls) -> Lexicon:
        """The lexicon built from the packaged data files (parsed once per process)."""
        return _load_packaged()

    @classmethod
    def from_tables(
        cls,
        news: Mapping[str, Sequence[str]],
        freedict: Mapping[str, Sequence[str]] | None = None,
    ) -> Lexicon:
        """A lexicon over explicit tables (keys are normalised here).

        For every English key the curated senses come first (ranked within the
        curated list), then FreeDict senses that are not already present.
        """

        def norm(table: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
            out: dict[str, list[str]] = {}
            for english, values in table.items():
                bucket = out.setdefault(normalize_english(english), [])
                bucket.extend(" ".join(value.lower().split()) for value in values)
            return out

        return cls(norm(news), norm(freedict or {}))

    def _lookup(self, key: str) -> tuple[Sense, ...]:
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        target = self._alias.get(key, key)
        senses: list[Sense] = []
        seen: set[str] = set()
        for origin, table in ((ORIGIN_NEWS, self._news), (ORIGIN_FREEDICT, self._freedict)):
            for rank, indonesian in enumerate(table.get(target, ())):
                if indonesian not in seen:
                    seen.add(indonesian)
                    senses.append(Sense(indonesian, origin, rank))
        result = tuple(senses)
        if result:  # misses are not cached: arbitrary user words must not grow memory
            self._cache[key] = result
        return result

    def senses(self, english: str) -> list[Sense]:
        """Indonesian senses of an English lemma or space-joined phrase.

        Curated senses come first, then FreeDict ones; an Indonesian string
        appears at most once.  Unknown words give an empty list.
        """
        return list(self._lookup(normalize_english(english)))

    @property
    def max_phrase_words(self) -> int:
        """Length in words of the longest English key, the n-gram size worth scanning."""
        return self._max_words

    def __contains__(self, english: object) -> bool:
        if not isinstance(english, str):
            return False
        key = normalize_english(english)
        return key in self._news or key in self._freedict or key in self._alias

    @property
    def phrase_starts(self) -> frozenset[str]:
        """First words of the phrases ("ramp" of "ramp up"): an English word's base form may
        be known only as the start of a phrase. Gathered on first use."""
        if self._phrase_starts is None:
            keys = chain(self._news, self._freedict, self._alias)
            self._phrase_starts = frozenset(key.split(" ", 1)[0] for key in keys if " " in key)
        return self._phrase_starts

    def __len__(self) -> int:
        return len(self._news.keys() | self._freedict.keys())

    def __repr__(self) -> str:
        return f"<Lexicon {len(self)} entries, max phrase {self._max_words} words>"


@functools.cache
def _load_packaged() -> Lexicon:
    return Lexicon(_parse_table(_read_text(NEWS_FILE)), _parse_table(_read_text(FREEDICT_FILE)))


@functools.cache
def _informal_table() -> tuple[tuple[str, str], ...]:
    pairs: dict[str, str] = {}
    for line in _data_lines(_read_text(INFORMAL_FILE)):
        informal, _, standard = line.partition("\t")
        informal = informal.strip().lower()
        standard = " ".join(standard.lower().split())
        if informal and standard:
            pairs.setdefault(informal, standard)
    return tuple(pairs.items())


@functools.cache
def informal_forms() -> Mapping[str, str]:
    """Informal/colloquial Indonesian token -> standard form (lowercase).

    The standard form may be several words ("gpp" -> "tidak apa-apa").  Read-only
    and shared: it is consulted for every word of every Indonesian question.
    """
    return MappingProxyType(dict(_informal_table()))


@functools.cache
def abbreviations() -> Mapping[str, str]:
    """Common Indonesian abbreviations -> what they stand for ("kpk" -> "komisi
    pemberantasan korupsi"), lowercase; articles often use them undefined."""
    pairs: dict[str, str] = {}
    for line in _data_lines(_read_text(ABBREVIATIONS_FILE)):
        short, _, expansion = line.partition("\t")
        short, expansion = short.strip().lower(), " ".join(expansion.lower().split())
        if short and expansion:
            pairs.setdefault(short, expansion)
    return MappingProxyType(pairs)


@functools.cache
def synonyms_id() -> Mapping[str, tuple[str, ...]]:
    """Indonesian word -> its synonyms, first sense only ("tewas" -> meninggal, wafat…),
    from the LGPL thesaurus filtered by ``tools/build_synonyms.py``."""
    table: dict[str, tuple[str, ...]] = {}
    for line in _read_text(SYNONYMS_FILE).splitlines():
        if not line or line[0] == "#":
            continue
        word, tab, synonyms = line.partition("\t")
        if tab:
            table[word] = tuple(synonyms.split("|"))
    return MappingProxyType(table)


@functools.cache
def stopwords(lang: str) -> frozenset[str]:
    """Stopwords for ``"id"`` (Indonesian) or ``"en"`` (English).

    Question words, negation and speech markers are deliberately absent: the
    question analyser needs them (see the headers of the data files).
    """
    try:
        parts = STOPWORD_FILES[lang]
    except KeyError:
        raise ValueError(f"no stopword list for language {lang!r} (expected 'id' or 'en')") from None
    return frozenset(line.strip().lower() for line in _data_lines(_read_text(parts)))


@functools.cache
def irregular_english() -> Mapping[str, str]:
    """English irregular inflections -> base form ("told" -> "tell")."""
    pairs = (line.split("\t") for line in _data_lines(_read_text(IRREGULAR_EN_FILE)))
    return MappingProxyType({form: base for form, base in pairs})
