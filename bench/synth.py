"""A deterministic synthetic corpus that looks like Indonesian news, statistically.

Nothing here is real text: words are built from Indonesian syllables, with the affixes
Indonesian derives words with (meN-, ber-, di-, ter-, peN-...-an, ke-...-an, -kan, -i,
-nya), and drawn with Zipf-Mandelbrot frequencies; person and place names are built the
same way (plus a few real city names) and have their own Zipf popularity; sentences
are 8-40 tokens with function words, numbers, years and a thin stream of hapaxes
(typos, foreign words) that keeps the vocabulary growing with the corpus, as news does.

Everything is drawn from one seeded numpy generator, so a size and a seed always give
the same corpus, and the first n passages of a bigger corpus are not what a smaller
corpus holds (each size is drawn on its own, from the same vocabulary).

Two views of a corpus:
  * `tokens`: index terms per passage, lower-cased, function words dropped — what the
    analyzer would hand the index; every engine in the benchmark gets exactly these.
  * `texts`: the raw sentences (capitalised names, punctuation, function words) for the
    build-from-text measurement, which runs the real analyzer on them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SEED = 20240611

# Real Indonesian function words: about a third of the tokens of news text.
FUNCTION_WORDS = (
    "yang di dan ke dari ini itu dengan untuk pada dalam akan juga oleh sebagai telah sudah "
    "atau ada para mereka kami kita ia tersebut bisa dapat namun serta masih secara agar "
    "bagi tentang terhadap seperti adalah merupakan yakni yaitu pun lagi hanya saja sangat "
    "tetapi tapi jika bila maka sedang harus perlu mau ingin tersebut nya dia kamu"
).split()
FUNCTION_WORDS = list(dict.fromkeys(FUNCTION_WORDS))

REAL_PLACES = (
    "Jakarta Surabaya Bandung Medan Semarang Makassar Palembang Denpasar Yogyakarta Bogor "
    "Malang Padang Pekanbaru Balikpapan Manado Pontianak Jayapura Kupang Mataram Ambon "
    "Banjarmasin Samarinda Jambi Bengkulu Kendari Palu Gorontalo Ternate Sorong Batam"
).split()

ONSETS = [
    "b",
    "c",
    "d",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "w",
    "y",
    "ng",
    "ny",
    "sy",
    "kh",
    "f",
    "",
]
ONSET_W = [8, 3, 7, 5, 4, 4, 9, 6, 8, 6, 8, 7, 9, 10, 3, 2, 2, 1, 1, 0.5, 0.5, 4]
VOWELS = ["a", "i", "u", "e", "o"]
VOWEL_W = [10, 5, 6, 4, 3]
CODAS = ["", "n", "ng", "r", "s", "t", "k", "l", "m", "h"]
CODA_W = [34, 4, 3, 3, 2, 2, 2, 2, 1, 2]

# (prefix, suffix, relative frequency of the derived form)
AFFIXES = (
    ("meN", "", 0.5),
    ("meN", "kan", 0.35),
    ("meN", "i", 0.15),
    ("ber", "", 0.3),
    ("di", "", 0.35),
    ("di", "kan", 0.3),
    ("di", "i", 0.1),
    ("ter", "", 0.15),
    ("peN", "an", 0.25),
    ("per", "an", 0.1),
    ("ke", "an", 0.15),
    ("", "an", 0.2),
    ("", "nya", 0.25),
    ("se", "", 0.05),
    ("peN", "", 0.1),
)
NAME_ENDINGS_PERSON = ["o", "i", "wati", "yanto", "man", "sari", "di", "na", "ti", "ningsih", "wan", "a"]

N_ROOTS = 24_000
N_FIRST_NAMES = 2_500
N_LAST_NAMES = 7_000
N_PLACES = 2_000

# Token categories of a sentence position.
FUNC, CONTENT, NUMBER, YEAR, HAPAX = range(5)
CATEGORY_P = np.array([0.33, 0.587, 0.035, 0.03, 0.018])


def _nasal(prefix: str, root: str) -> str:
    """meN-/peN- with Indonesian nasal assimilation (mem-, men-, meng-, meny-)."""
    base = prefix[:-1]
    first = root[0]
    if first in "bfv":
        return base + "m" + root
    if first == "p":
        return base + "m" + root[1:]
    if first in "cdjz":
        return base + "n" + root
    if first == "t":
        return base + "n" + root[1:]
    if first == "s" and not root.startswith("sy"):
        return base + "ny" + root[1:]
    if first == "k" and not root.startswith("kh"):
        return base + "ng" + root[1:]
    if first in "aiueogh":
        return base + "ng" + root
    return base + root


def _derive(root: str, prefix: str, suffix: str) -> str:
    word = _nasal(prefix, root) if prefix.endswith("N") else prefix + root
    return word + suffix


@dataclass
class Vocabulary:
    """Every word the generator can emit, with its frequencies (per category)."""

    function: list[str]
    content: list[str]
    content_p: np.ndarray
    first_names: list[str]
    last_names: list[str]
    places: list[str]
    person_p: np.ndarray  # shared by first and last names
    place_p: np.ndarray


def _syllables(rng: np.random.Generator, n: int) -> np.ndarray:
    onset = rng.choice(len(ONSETS), n, p=np.array(ONSET_W) / sum(ONSET_W))
    vowel = rng.choice(len(VOWELS), n, p=np.array(VOWEL_W) / sum(VOWEL_W))
    coda = rng.choice(len(CODAS), n, p=np.array(CODA_W) / sum(CODA_W))
    return np.array([ONSETS[o] + VOWELS[v] + CODAS[c] for o, v, c in zip(onset, vowel, coda)], dtype=object)


def _words(
    rng: np.random.Generator,
    n: int,
    syllables: tuple[int, ...],
    weights: tuple[float, ...],
    taken: set[str],
    min_len: int = 3,
) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        batch = max(n - len(out), 1000) * 2
        counts = rng.choice(syllables, batch, p=np.array(weights) / sum(weights))
        pool = _syllables(rng, int(counts.sum()))
        pos = 0
        for count in counts:
            word = "".join(pool[pos : pos + count])
            pos += count
            if len(word) >= min_len and word not in taken:
                taken.add(word)
                out.append(word)
                if len(out) == n:
                    break
    return out


def _zipf(n: int, s: float, q: float) -> np.ndarray:
    weights = 1.0 / (np.arange(n) + 1 + q) ** s
    return weights / weights.sum()


def build_vocabulary(seed: int = SEED) -> Vocabulary:
    rng = np.random.default_rng(seed)
    taken: set[str] = set(FUNCTION_WORDS)
    roots = _words(rng, N_ROOTS, (1, 2, 3, 4), (0.03, 0.6, 0.33, 0.04), taken)
    root_p = _zipf(N_ROOTS, 1.02, 8.0)
    content: list[str] = []
    weights: list[float] = []
    for root, p in zip(roots, root_p):
        content.append(root)
        weights.append(p)
        n_forms = rng.integers(0, 6)
        for index in rng.choice(len(AFFIXES), n_forms, replace=False):
            prefix, suffix, share = AFFIXES[index]
            word = _derive(root, prefix, suffix)
            if word in taken:
                continue
            taken.add(word)
            content.append(word)
            weights.append(p * share * rng.uniform(0.2, 1.0))
    content_p = np.array(weights)
    content_p /= content_p.sum()
    first = [
        w + e
        for w, e in zip(
            _words(rng, N_FIRST_NAMES, (1, 2), (0.4, 0.6), taken, 2), rng.choice(NAME_ENDINGS_PERSON, N_FIRST_NAMES)
        )
    ]
    last = [
        w + e
        for w, e in zip(
            _words(rng, N_LAST_NAMES, (1, 2, 3), (0.3, 0.6, 0.1), taken, 2),
            rng.choice(NAME_ENDINGS_PERSON, N_LAST_NAMES),
        )
    ]
    places = REAL_PLACES + _words(rng, N_PLACES - len(REAL_PLACES), (2, 3), (0.6, 0.4), taken)
    return Vocabulary(
        function=FUNCTION_WORDS,
        content=content,
        content_p=content_p,
        first_names=[w.capitalize() for w in first],
        last_names=[w.capitalize() for w in last],
        places=[w.capitalize() for w in places],
        person_p=_zipf(N_LAST_NAMES, 1.1, 5.0),
        place_p=_zipf(N_PLACES, 1.0, 3.0),
    )


@dataclass
class Corpus:
    """A synthetic corpus as flat arrays: term ids into `terms`, split by `lengths`."""

    terms: list[str]  # display forms; index terms are their lower-case
    is_name: np.ndarray  # bool per term id
    is_function: np.ndarray  # bool per term id
    ids: np.ndarray  # int32, all tokens of all passages (raw order)
    lengths: np.ndarray  # int32, raw tokens per passage
    seed: int

    def __len__(self) -> int:
        return len(self.lengths)

    def tokens(self) -> list[list[str]]:
        """Index terms per passage (lower-cased, function words dropped)."""
        lower = np.array([t.lower() for t in self.terms], dtype=object)
        keep = ~self.is_function[self.ids]
        ids = self.ids[keep]
        kept_lengths = np.add.reduceat(keep.astype(np.int32), _starts(self.lengths)) if len(self.ids) else self.lengths
        kept_lengths = np.where(self.lengths > 0, kept_lengths, 0)
        flat = lower[ids].tolist()
        out: list[list[str]] = []
        pos = 0
        for n in kept_lengths.tolist():
            out.append(flat[pos : pos + n])
            pos += n
        return out

    def texts(self) -> list[str]:
        """Raw sentences: capitalised, with commas and a full stop."""
        return list(self.iter_texts())

    def iter_texts(self, chunk: int = 50_000):
        rng = np.random.default_rng(self.seed + 7)
        terms = np.array(self.terms, dtype=object)
        starts = _starts(self.lengths)
        for begin in range(0, len(self.lengths), chunk):
            end = min(begin + chunk, len(self.lengths))
            lo = int(starts[begin]) if begin < len(starts) else 0
            hi = int(starts[end]) if end < len(starts) else len(self.ids)
            words = terms[self.ids[lo:hi]].tolist()
            commas = rng.random(hi - lo) < 0.06
            for i in np.flatnonzero(commas).tolist():
                words[i] = words[i] + ","
            pos = 0
            for n in self.lengths[begin:end].tolist():
                sentence = words[pos : pos + n]
                pos += n
                if not sentence:
                    yield ""
                    continue
                last = sentence[-1].rstrip(",")
                sentence[-1] = last + "."
                sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
                yield " ".join(sentence)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "ids.npy", self.ids)
        np.save(directory / "lengths.npy", self.lengths)
        np.save(directory / "is_name.npy", self.is_name)
        np.save(directory / "is_function.npy", self.is_function)
        (directory / "terms.txt").write_text("\n".join(self.terms), encoding="utf-8")
        (directory / "seed.json").write_text(json.dumps({"seed": self.seed}))

    @classmethod
    def load(cls, directory: Path) -> Corpus:
        return cls(
            terms=(directory / "terms.txt").read_text(encoding="utf-8").split("\n"),
            is_name=np.load(directory / "is_name.npy"),
            is_function=np.load(directory / "is_function.npy"),
            ids=np.load(directory / "ids.npy"),
            lengths=np.load(directory / "lengths.npy"),
            seed=json.loads((directory / "seed.json").read_text())["seed"],
        )


def _starts(lengths: np.ndarray) -> np.ndarray:
    starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    return starts


def _hapaxes(rng: np.random.Generator, n: int, taken: set[str]) -> list[str]:
    """Fresh words (typos, foreign words, rare names): each new, so the vocabulary grows."""
    counts = rng.choice((2, 3, 4), n, p=(0.45, 0.45, 0.1))
    pool = _syllables(rng, int(counts.sum()) + 1)
    out: list[str] = []
    pos = 0
    for count in counts.tolist():
        word = "".join(pool[pos : pos + count])
        pos += count
        out.append(word)
    return out


def generate(n_passages: int, seed: int = SEED, vocabulary: Vocabulary | None = None) -> Corpus:
    vocab = vocabulary or build_vocabulary(seed)
    rng = np.random.default_rng(seed + n_passages)
    # Sentence lengths 8-40, news-like: most around 15-25.
    lengths = np.clip(np.rint(rng.gamma(6.0, 3.3, n_passages)) + 2, 8, 40).astype(np.int32)
    total = int(lengths.sum())
    category = rng.choice(5, total, p=CATEGORY_P)

    terms: list[str] = list(vocab.function) + list(vocab.content)
    n_func = len(vocab.function)
    ids = np.empty(total, dtype=np.int64)
    func = category == FUNC
    ids[func] = rng.choice(n_func, int(func.sum()), p=_zipf(n_func, 0.9, 1.0))
    content = category == CONTENT
    ids[content] = n_func + _draw(rng, vocab.content_p, int(content.sum()))

    base = len(terms)
    numbers = [str(n) for n in range(1, 2001)]
    years = [str(y) for y in range(1990, 2026)]
    terms += numbers + years
    number = category == NUMBER
    ids[number] = base + _draw(rng, _zipf(len(numbers), 1.2, 1.0), int(number.sum()))
    year = category == YEAR
    ids[year] = base + len(numbers) + len(years) - 1 - _draw(rng, _zipf(len(years), 0.8, 0.5), int(year.sum()))

    names_start = len(terms)
    terms += vocab.first_names + vocab.last_names + vocab.places
    hapax = category == HAPAX
    n_hapax = int(hapax.sum())
    hapax_start = len(terms)
    terms += _hapaxes(rng, n_hapax, set())
    ids[hapax] = hapax_start + np.arange(n_hapax)

    # Names: ~60% of sentences name a person (first + last name, or last only), ~45% a
    # place; each is written over random positions of the sentence.
    starts = _starts(lengths)
    person = rng.random(n_passages) < 0.6
    who = _draw(rng, vocab.person_p, n_passages)
    full = rng.random(n_passages) < 0.5
    pos = (rng.random(n_passages) * (lengths - 1)).astype(np.int64)
    first_of = rng.permutation(N_FIRST_NAMES * 3)[:N_LAST_NAMES] % N_FIRST_NAMES
    last_ids = names_start + N_FIRST_NAMES + who
    first_ids = names_start + first_of[who]
    sel = person & full
    ids[starts[sel] + pos[sel]] = first_ids[sel]
    ids[starts[sel] + pos[sel] + 1] = last_ids[sel]
    sel = person & ~full
    ids[starts[sel] + pos[sel]] = last_ids[sel]
    place = rng.random(n_passages) < 0.45
    where = names_start + N_FIRST_NAMES + N_LAST_NAMES + _draw(rng, vocab.place_p, n_passages)
    ppos = (rng.random(n_passages) * lengths).astype(np.int64)
    free = ~person | (np.abs(ppos - pos) > 1)
    sel = place & free
    ids[starts[sel] + ppos[sel]] = where[sel]

    # Lower-casing may merge a hapax with a vocabulary word; ids stay distinct, tokens merge.
    is_name = np.zeros(len(terms), dtype=bool)
    is_name[names_start:hapax_start] = True
    is_function = np.zeros(len(terms), dtype=bool)
    is_function[:n_func] = True
    return Corpus(terms, is_name, is_function, ids.astype(np.int32), lengths, seed)


def _draw(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    cdf = np.cumsum(p)
    cdf /= cdf[-1]
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(p) - 1)


QUERY_SIZES = (2, 3, 4, 5, 6)
QUERY_SIZE_P = (0.25, 0.3, 0.22, 0.14, 0.09)


def questions(corpus: Corpus, tokens: list[list[str]], n: int = 200, seed: int | None = None) -> list[list[str]]:
    """`n` questions of 2-6 terms drawn from the corpus vocabulary, most with a name.

    Each question is about one passage: its name(s) and some of its words, as a reader
    would ask about it; one in six has a word from elsewhere in the corpus, one in eight
    a word the corpus never holds (a typo the analyzer could not fix), one in twenty a
    repeated word.
    """
    rng = np.random.default_rng((seed if seed is not None else corpus.seed) + 31 * len(tokens))
    lower_names = {t.lower() for t, name in zip(corpus.terms, corpus.is_name) if name}
    out: list[list[str]] = []
    while len(out) < n:
        doc = tokens[int(rng.integers(len(tokens)))]
        if len(doc) < 3:
            continue
        size = int(rng.choice(QUERY_SIZES, p=QUERY_SIZE_P))
        names = [t for t in dict.fromkeys(doc) if t in lower_names]
        words = [t for t in dict.fromkeys(doc) if t not in lower_names and not t.isdigit()]
        query: list[str] = []
        if names and rng.random() < 0.85:
            query += [
                names[i]
                for i in sorted(rng.choice(len(names), min(len(names), 1 + int(rng.random() < 0.3)), replace=False))
            ]
        take = max(size - len(query), 0)
        if words and take:
            query += [words[i] for i in rng.choice(len(words), min(take, len(words)), replace=False)]
        if rng.random() < 1 / 6:
            other = tokens[int(rng.integers(len(tokens)))]
            if other:
                query.append(other[int(rng.integers(len(other)))])
        if rng.random() < 1 / 8:
            query.append("xq" + "".join(rng.choice(list("aiueokrtns"), 5)))
        if rng.random() < 1 / 20 and query:
            query.append(query[int(rng.integers(len(query)))])
        query = query[:6]
        if len(query) >= 2:
            out.append(query)
    return out
