"""Turn raw scraped news-page text into a title and clean article paragraphs.

Why: Kutipan answers questions by *quoting* sentences, so every paragraph that
reaches the index must be something the journalist wrote. Scraped page text also
carries banners ("Nyaman tanpa iklan..."), "Baca juga" links, photo captions,
bylines, share prompts and menus; quoting any of those would be wrong or
embarrassing. The rules below are deliberately generic (outlet-independent) and
lean towards dropping short, non-sentence lines, because losing a menu-sized line
costs nothing while keeping one pollutes answers.

Raw input format: the first non-empty, non-boilerplate line is the title; the rest
is page text where blank lines separate blocks, but a block may hold several
paragraphs on consecutive lines.

Public API: `clean_page`, `strip_dateline`, `CleanPage`, `CleaningError`.
All functions are pure (no I/O, no global state).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["CleanPage", "CleaningError", "clean_page", "strip_dateline"]


class CleaningError(ValueError):
    """Raw text that cannot become an article (empty, no title, only boilerplate)."""


@dataclass(frozen=True, slots=True)
class CleanPage:
    """A cleaned article: its title and body paragraphs in reading order.

    Each paragraph is one block of text: single spaces, no line breaks inside.
    """

    title: str
    paragraphs: list[str]


# --------------------------------------------------------------------------
# Tunables. Small and explicit so the heuristics are easy to audit.
# --------------------------------------------------------------------------

#: A line without sentence-final punctuation and fewer words than this is a menu
#: item / label, not a paragraph ("Nasional", "Lihat Semua", "Editor Budi").
MIN_WORDS_FOR_UNPUNCTUATED_LINE = 5

#: Share of capitalised words above which an unpunctuated line is a headline,
#: breadcrumb or menu bar ("Home » Nasional » Politik"), not body text.
HEADLINE_CAPITALISED_SHARE = 0.75

#: A line that follows a "Berita Terkait"-style heading and is at most this long
#: without ending in a full stop is taken to be a linked headline.
MAX_WORDS_LINKED_HEADLINE = 25

#: Paragraphs shorter than this are not checked for being contained in a longer
#: paragraph (a 3-word quote occurring inside another paragraph is not a repeat).
MIN_WORDS_FOR_CONTAINMENT = 5

#: Datelines are only looked for in this many leading body paragraphs.
DATELINE_SEARCH_PARAGRAPHS = 3

#: A dateline prefix ("Jakarta, 16/10 (ANTARA)") has at most this many tokens.
MAX_DATELINE_TOKENS = 6

# --------------------------------------------------------------------------
# Input normalisation
# --------------------------------------------------------------------------

# Spaces that look like spaces but break equality tests and word splitting.
_SPACE_LIKE_RE = re.compile(r"[\t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Characters that are invisible but split words ("Pu\u200btin") or hide in keys.
_INVISIBLE_RE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
_MULTI_SPACE_RE = re.compile(r" {2,}")


def normalise_text(raw: str) -> str:
    """Return `raw` in NFC with plain spaces and `\\n` line breaks, lines stripped.

    Why: scraped pages mix CRLF, NBSP and zero-width characters; without this, two
    copies of the same caption or the title repeated in the body would not compare
    equal, and a trailing NBSP would hide a sentence's final full stop.
    """
    text = unicodedata.normalize("NFC", raw)
    text = _LINE_BREAK_RE.sub("\n", text)
    text = _INVISIBLE_RE.sub("", text)
    text = _SPACE_LIKE_RE.sub(" ", text)
    lines = (_MULTI_SPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Boilerplate patterns (all case-insensitive). Matched against `_match_text`,
# i.e. the line without markdown markers and decorative edge characters.
# --------------------------------------------------------------------------

# Whole-line section headings that introduce link lists, not article text.
# A line equal to one of these is dropped and opens a "linked headlines" zone.
SECTION_HEADINGS: tuple[str, ...] = (
    r"berita terkait",
    r"artikel terkait",
    r"topik terkait",
    r"berita (?:lainnya|lain|terbaru|terkini|populer|pilihan|rekomendasi|utama)",
    r"artikel (?:lainnya|terbaru|populer|pilihan)",
    r"rekomendasi(?: kami| untuk anda| berita| artikel)?",
    r"hot ?topics?",
    r"(?:paling |ter)?populer",
    r"terkini",
    r"trending(?: now| topics?)?",
    r"pilihan (?:editor|redaksi)",
    r"editor'?s? picks?",
    r"foto",
    r"video",
    r"galeri(?: foto| video)?",
    r"infografis?",
    r"related(?: articles?| news| posts?| stories| topics)?",
    r"recommended(?: for you| stories)?",
    r"(?:most )?popular",
    r"most read",
    r"latest(?: news)?",
    r"more (?:stories|news)",
    r"read next",
    r"tags?",
    r"topik",
)

# Whole-line navigation and page-furniture labels.
NAVIGATION_LABELS: tuple[str, ...] = (
    r"home",
    r"beranda",
    r"share",
    r"bagikan",
    r"(?:(?:previous|prev|next|older|newer) posts?\s*)+",
    r"(?:halaman|page) (?:selanjutnya|berikutnya|sebelumnya|next|previous)",
    r"selanjutnya|sebelumnya|berikutnya|next|prev(?:ious)?",
    r"kembali(?: ke atas)?|back to top",
    r"(?:load|show|view) more|muat lebih banyak|lihat (?:semua|lainnya|selengkapnya)",
    r"(?:baca )?selengkapnya|read (?:more|full story)",
    r"menu|tutup|close|cari|search|indeks(?: berita)?|index",
    r"(?:halaman|page)?\s*\d+(?:\s*(?:dari|of|/)\s*\d+)?",
    r"(?:\d+\s*)+(?:selanjutnya|next)?",
    r"(?:masuk|login|log in|daftar|register|sign in|sign up)"
    r"(?:\s*(?:/|atau|or)\s*(?:daftar|register|sign up))?",
    r"komentar|comments?|tulis komentar",
)

# Whole-line ad and paywall banners.
AD_BANNERS: tuple[str, ...] = (
    r"advertorial",
    r"iklan",
    r"advertisements?",
    r"ads?",
    r"sponsored(?: content)?",
    r"konten (?:premium|bersponsor|sponsor|berbayar)",
    r"premium",
    r"scroll (?:to|untuk) (?:continue|melanjutkan)(?: with content| membaca)?",
    r"gulir (?:ke bawah )?untuk melanjutkan(?: membaca)?",
    r"lanjutkan membaca|continue reading",
    r"(?:bisnis|kompas|tempo)?pro",
    # editor's initials closing many Indonesian articles: "(ant/abc)", "(rzr)"
    r"\((?:[a-z]{2,5})(?:/[a-z*]{1,5}){0,3}\)",
)

# Line prefixes of "read also" links; the whole line goes, whatever follows.
READ_MORE_PREFIXES: tuple[str, ...] = (
    r"baca\s+juga\b",
    r"baca\s*:",
    r"baca\s+(?:selengkapnya|berita|artikel)\b",
    r"also\s+read\b",
    r"read\s+(?:more|also|next)\b",
    r"see\s+also\b",
    r"related\s*:",
    r"(?:lihat|simak|tonton|saksikan)\s+juga\b",
    r"(?:simak|saksikan|tonton)\s+video\b",
    r"(?:berita|artikel)\s+terkait\s*:",
)

# Subscription / paywall prompts (prefix match).
SUBSCRIPTION_PREFIXES: tuple[str, ...] = (
    r"nyaman\s+tanpa\s+iklan\b",
    r"(?:ber)?langganan\s+(?:sekarang|kini|premium|digital|e-?paper|\S+pro\b|\S+\.id\b)",
    r"subscribe\b",
    r"sign\s+up\s+(?:for|to|now)\b",
    r"daftar\s+(?:sekarang|newsletter|gratis)\b",
    r"dapatkan\s+informasi\b.*\b(?:login|masuk|langganan|berlangganan|premium)\b",
)

# Phrases that mark a paywall/login prompt wherever they occur in a short line.
PAYWALL_PHRASES: tuple[str, ...] = (
    r"\bsilakan\s+(?:login|log\s+in|masuk|daftar|berlangganan)\b",
    r"\b(?:login|log\s+in|masuk|sign\s+in)\s+untuk\s+(?:menikmati|membaca|melanjutkan|mengakses)\b",
    r"\b(?:sign|log)\s+in\s+to\s+(?:continue|read|access)\b",
    r"\bkhusus\s+(?:untuk\s+)?pelanggan\b",
    r"\bsubscribers?\s+only\b",
    r"\ball\s+rights\s+reserved\b",
    r"©",
)

# Share / follow prompts (prefix match).
SHARE_PREFIXES: tuple[str, ...] = (
    r"bagikan\s*(?::|\b(?:artikel|berita|ini|ke|via|melalui|lewat)\b)",
    r"share\s*(?::|\b(?:this|on|via|to|artikel|berita)\b)",
    r"cek\s+berita\s+dan\s+artikel\b",
    r"ikuti\s+(?:kami|kanal|saluran|akun|update|berita|terus)\b",
    r"follow\s+(?:us|kami)\b",
    r"(?:gabung|bergabung|join|klik|simak|pantau|dapatkan|cek|baca)\b.*"
    r"\b(?:google\s+news|whatsapp|wa\s+channel|telegram|instagram|twitter|facebook"
    r"|tiktok|youtube|channel|saluran|ponsel\w*)\b",
    r"(?:download|unduh)\s+(?:aplikasi|app|the\s+app)\b",
    r"(?:klik|click)\s+(?:di\s*sini|here|link|tautan)\b",
)

# Copyright and syndication notices (prefix match).
COPYRIGHT_PREFIXES: tuple[str, ...] = (
    r"copyright\b",
    r"hak\s+cipta\b",
    r"\(c\)\s*\d{4}",
    r"dilarang\s+(?:mengambil|mengutip|menyalin|memperbanyak|menayangkan)\b",
    r"artikel\s+ini\s+(?:telah\s+|sudah\s+|pertama\s+kali\s+)?(?:tayang|terbit|dipublikasikan)\b",
)

# Editor / writer / source / photo credit lines (prefix match).
CREDIT_PREFIXES: tuple[str, ...] = (
    r"\(?(?:editor|penulis|reporter|pewarta|penyunting|redaktur|wartawan|kontributor"
    r"|sumber|source|foto|photo|fotografer|ilustrasi|grafis|video|writer|author"
    r"|penerjemah|translator|narasi|kameramen|editing)\s*:",
    r"(?:written|edited|reporting|editing|writing|additional\s+reporting)\s+by\b",
    r"laporan\s+(?:wartawan|reporter|jurnalis|kontributor)\b",
)

# A short "Sumber CNBC Indonesia" credit without a colon (see `_is_source_credit`).
SOURCE_CREDIT_PREFIX = r"\(?(?:sumber|source)\b"

# "Scan QR Code ..." e-paper / app promos (prefix match).
QR_PREFIXES: tuple[str, ...] = (
    r"scan\s+(?:the\s+)?qr\b",
    r"pindai\s+(?:kode\s+)?qr\b",
)

# Bare "read also" labels whose link headline sits on the *next* line.
READ_MORE_LABELS: tuple[str, ...] = (
    r"baca\s+juga",
    r"baca",
    r"also\s+read",
    r"read\s+(?:more|also|next)",
    r"see\s+also",
    r"related",
    r"(?:lihat|simak|tonton|saksikan)\s+juga",
)

# Photo credits that end a caption. The agency names are case-sensitive on
# purpose: "REUTERS/Name" is a credit, "kata dia kepada Reuters." is prose.
_AGENCY = (
    r"(?-i:ANTARA\s+FOTO|ANTARA|REUTERS|AFP|AP\s+Photo|EPA(?:-EFE)?|SPUTNIK|Sputnik"
    r"|XINHUA|Xinhua|Anadolu|Getty\s+Images|Bloomberg|Shutterstock)"
)
_TAIL = r"\s*\)?\s*\.?\s*$"
# One "/"-separated part of a credit: capitalised name words ("Pool via REUTERS",
# "M. Risyal Hidayat") or lowercase editor initials ("rwa"); never lowercase prose.
_NAME_WORD = r"(?-i:[A-Z0-9][\w.'’-]*|via|and|dan|&)"
_CREDIT_PART = rf"(?:{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,6}}|(?-i:[a-z]{{2,5}}))"
#: Credits explicit enough to mark even a single (non-repeated) line as a caption.
STRONG_CAPTION_CREDITS: tuple[str, ...] = (
    _AGENCY + rf"(?:\s*/\s*{_CREDIT_PART}){{1,4}}" + _TAIL,  # ANTARA FOTO/Name/abc
    r"\bvia\s+(?-i:REUTERS|AFP|AP|Getty\s+Images)" + _TAIL,
    r"\((?:foto|photo)\s*:\s*[^()]{1,60}\)\s*\.?\s*$",
    r"(?:^|[.!?]\s)(?:foto|photo)\s*:\s*[^.!?:]{1,60}" + _TAIL,
    r"\(\s*dok\.?\s+[^()]{1,50}\)\s*\.?\s*$",
    r"\bAP\s+Photo\b" + _TAIL,
)
#: Looser credits, trusted only when the line is also repeated (the tell-tale of a
#: caption scraped from both the image alt text and the figcaption).
LOOSE_CAPTION_CREDITS: tuple[str, ...] = STRONG_CAPTION_CREDITS + (
    r"\b" + _AGENCY + _TAIL,
    r"\bdok(?:\.|umentasi)?(?:\s+[^.!?]{1,50})?" + _TAIL,
    r"\bistimewa" + _TAIL,
    r"\btangkapan\s+layar\b[^.!?]{0,50}" + _TAIL,
)


def _any_of(patterns: Iterable[str]) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


_I = re.IGNORECASE
_SECTION_HEADING_RE = re.compile(_any_of(SECTION_HEADINGS), _I)
_FULL_LINE_RE = re.compile(_any_of(SECTION_HEADINGS + NAVIGATION_LABELS + AD_BANNERS), _I)
_READ_MORE_RE = re.compile(_any_of(READ_MORE_PREFIXES), _I)
_READ_MORE_LABEL_RE = re.compile(_any_of(READ_MORE_LABELS), _I)
_SOURCE_CREDIT_RE = re.compile(SOURCE_CREDIT_PREFIX, _I)
_STRONG_CAPTION_RE = re.compile(_any_of(STRONG_CAPTION_CREDITS), _I)
_LOOSE_CAPTION_RE = re.compile(_any_of(LOOSE_CAPTION_CREDITS), _I)

#: (prefix regex, max words) — a line longer than the limit is assumed to be a
#: real paragraph that merely starts similarly, so it is kept.
_PREFIX_RULES: tuple[tuple[re.Pattern[str], int], ...] = (
    (_READ_MORE_RE, 10_000),
    (re.compile(_any_of(SUBSCRIPTION_PREFIXES), _I), 60),
    (re.compile(_any_of(SHARE_PREFIXES), _I), 30),
    (re.compile(_any_of(COPYRIGHT_PREFIXES), _I), 60),
    (re.compile(_any_of(CREDIT_PREFIXES), _I), 25),
    (re.compile(_any_of(QR_PREFIXES), _I), 30),
)
_PAYWALL_RE = re.compile(_any_of(PAYWALL_PHRASES), _I)
_MAX_WORDS_PAYWALL_LINE = 60

# Breadcrumbs: "Home » Nasional » Hukum" — every part short, split by » › >.
_BREADCRUMB_SPLIT_RE = re.compile(r"\s*[»›>]\s*")
MAX_WORDS_BREADCRUMB_PART = 4

_MARKDOWN_RE = re.compile(r"^#{1,6}\s*|\*\*|__")
_EDGE_DECORATION = " »«›‹|•·▪►▶▸→←>*#~=_-–—:."
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*$")
_WORD_RE = re.compile(r"\w+(?:[-'’.]\w+)*")

# --------------------------------------------------------------------------
# Line predicates
# --------------------------------------------------------------------------


def _strip_markdown(line: str) -> str:
    """Drop markdown heading/emphasis markers: scrapers turn <h2> into '# Hot Topic'."""
    return _MARKDOWN_RE.sub("", line).strip()


def _match_text(line: str) -> str:
    """The line as boilerplate patterns see it: no markdown, no decorative edges.

    Why: the same label appears as "Berita Terkait:", "» Berita Terkait" or
    "Advertorial »"; patterns should not have to spell out every decoration.
    """
    return _strip_markdown(line).strip(_EDGE_DECORATION)


def _words(line: str) -> list[str]:
    return _WORD_RE.findall(line)


def _ends_sentence(line: str) -> bool:
    """True if the line ends like a sentence (., !, ?, … maybe inside quotes)."""
    return bool(_SENTENCE_END_RE.search(line))


def _is_source_credit(text: str) -> bool:
    """'Sumber CNBC Indonesia': a short, unpunctuated credit line without a colon.

    Why separate: 'Sumber di kepolisian mengatakan ...' starts the same way but is a
    sentence, so only very short lines that do not end a sentence qualify.
    """
    return (
        bool(_SOURCE_CREDIT_RE.match(text))
        and len(text.split()) <= 6
        and not _ends_sentence(text)
    )


def _is_breadcrumb(text: str) -> bool:
    """True for 'Home » Nasional » Hukum': it often precedes the title line."""
    parts = [p for p in _BREADCRUMB_SPLIT_RE.split(text) if p]
    return len(parts) >= 2 and all(len(p.split()) <= MAX_WORDS_BREADCRUMB_PART for p in parts)


def is_boilerplate_line(line: str) -> bool:
    """True if the line matches a known boilerplate pattern (banner, link, credit...).

    Pattern-based only: safe to apply to the title candidate too.
    """
    text = _match_text(line)
    if not text:
        return True
    if _FULL_LINE_RE.fullmatch(text) or _is_breadcrumb(text):
        return True
    n_words = len(text.split())
    for regex, max_words in _PREFIX_RULES:
        if n_words <= max_words and regex.match(text):
            return True
    if n_words <= _MAX_WORDS_PAYWALL_LINE and _PAYWALL_RE.search(text):
        return True
    return _is_source_credit(text)


def _is_mostly_non_latin(line: str) -> bool:
    """True if the line has no letters or most of its letters are not Latin.

    Why: widgets leak labels in other scripts (an Arabic 'نموذج الاتصال' contact
    form) and decoration-only lines ('* * *', '»'); neither is Indonesian prose.
    """
    letters = [ch for ch in line if ch.isalpha()]
    if not letters:
        return True
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    return latin * 2 <= len(letters)


def _is_menu_like(line: str) -> bool:
    """True for short or all-capitalised lines that do not end a sentence.

    Why: menu items, breadcrumbs, tags and linked headlines ('Home » Nasional',
    'Putin Telepon Netanyahu Pertama Kali') are not quotable paragraphs, and
    real paragraphs almost always end with punctuation or run long in lowercase.
    """
    text = _strip_markdown(line)
    if _ends_sentence(text):
        return False
    words = [w for w in _words(text) if any(ch.isalpha() for ch in w)]
    if len(words) < MIN_WORDS_FOR_UNPUNCTUATED_LINE:
        return True
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= HEADLINE_CAPITALISED_SHARE * len(words)


def _looks_like_caption(line: str, *, repeated: bool) -> bool:
    """True if the line ends with a photo credit ('... ANTARA FOTO/Name/abc').

    A repeated line may use the looser credit list ('... Dok.', bare 'REUTERS')
    because repetition is already strong evidence of a scraped caption.
    """
    regex = _LOOSE_CAPTION_RE if repeated else _STRONG_CAPTION_RE
    return bool(regex.search(line))


def _looks_like_linked_headline(line: str) -> bool:
    """True for a headline-like line: short and not ending with a full stop.

    Why: under 'Berita Terkait' or after a bare 'Baca juga:' the next lines are
    other articles' headlines, which may end in '?' ('... Bahas Apa?').
    """
    text = line.rstrip("\"'”’»)] ")
    return len(text.split()) <= MAX_WORDS_LINKED_HEADLINE and not text.endswith((".", "…"))


def _is_title_candidate(line: str) -> bool:
    """A line may be the title unless it is boilerplate or not Latin prose."""
    return bool(line) and not is_boilerplate_line(line) and not _is_mostly_non_latin(line)


# --------------------------------------------------------------------------
# Block / line structure
# --------------------------------------------------------------------------


def _split_blocks(text: str) -> list[list[str]]:
    """Split normalised text into blocks (separated by blank lines) of lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


_NO_JOIN_END = tuple(".!?…:;\"”’")


def _join_wrapped_lines(block: Sequence[str]) -> list[str]:
    """Re-join hard-wrapped lines of one block; keep other lines as paragraphs.

    Why: some scrapes break a paragraph mid-sentence ('... kata Menteri' /
    'keuangan pada Senin.'), while others (see seed 004) put one paragraph per
    line without blank lines. A line continues the previous one only when the
    previous does not end a clause and this one starts in lowercase.
    """
    out: list[str] = []
    for line in block:
        if (
            out
            and not out[-1].endswith(_NO_JOIN_END)
            and line[:1].islower()
            and not is_boilerplate_line(out[-1])
            and not is_boilerplate_line(line)
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _dedup_key(text: str) -> str:
    """Comparison key: casefolded words only, so punctuation/spacing differences
    between two copies of the same sentence do not hide a repeat."""
    return " ".join(_words(text.casefold()))


def _drop_repeated_captions(lines: Sequence[str]) -> list[str]:
    """Collapse runs of identical consecutive lines.

    A run that looks like a photo caption disappears entirely; any other run keeps
    one copy (e.g. a paragraph scraped twice).
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        key = _dedup_key(lines[i])
        j = i + 1
        while j < len(lines) and _dedup_key(lines[j]) == key:
            j += 1
        if not (j - i > 1 and _looks_like_caption(lines[i], repeated=True)):
            out.append(lines[i])
        i = j
    return out


def _filter_body_lines(lines: Sequence[str]) -> list[str]:
    """Keep only lines that are genuine article paragraphs, in order.

    Besides line-by-line rules this tracks two small contexts: a bare
    'Baca juga:' label swallows the headline on the next line, and a section
    heading such as 'Berita Terkait' opens a zone of linked headlines that lasts
    until a real sentence paragraph appears.
    """
    kept: list[str] = []
    swallow_next_headline = False
    in_link_list = False
    for line in _drop_repeated_captions(lines):
        text = _match_text(line)
        if swallow_next_headline:
            swallow_next_headline = False
            if _looks_like_linked_headline(line):
                continue
        if _READ_MORE_LABEL_RE.fullmatch(text):
            swallow_next_headline = True
            continue
        if _SECTION_HEADING_RE.fullmatch(text):
            in_link_list = True
            continue
        if (
            is_boilerplate_line(line)
            or _is_mostly_non_latin(line)
            or _is_menu_like(line)
            or _looks_like_caption(line, repeated=False)
        ):
            continue
        if in_link_list:
            if _looks_like_linked_headline(line):
                continue
            in_link_list = False
        kept.append(_strip_markdown(line))
    return kept


# --------------------------------------------------------------------------
# Datelines
# --------------------------------------------------------------------------

# Separator after a dateline: "--", en/em dash (spaces optional), a spaced "-",
# or ":" followed by a space (colon datelines need a domain/agency, see below).
_DATELINE_SEP_RE = re.compile(r"\s*(?:--|[–—])\s*|\s+-\s*|(?<=\S)-\s+|:\s+")
_DATELINE_WINDOW = 100  # characters searched for the separator
_PREFIX_TOKEN_RE = re.compile(r"\([^()]{1,40}\)|[^\s()]+")
_TOKEN_PAREN_RE = re.compile(r"\([^()]{1,40}\)")
_TOKEN_DOTTED_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+")
_TOKEN_CAPITALISED_RE = re.compile(r"[^\W\d_][\w'’&.-]*")
_TOKEN_NUMBER_RE = re.compile(r"\d[\d/.-]*")
_TOKEN_CAMEL_RE = re.compile(r"[a-z]+[A-Z]\w*")  # detikNews, kumparanBISNIS
_DOMAIN_RE = re.compile(
    r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|co|id|net|org|tv|news|info|asia|my|sg)"
    r"(?:\.(?:id|uk|my|sg))?",
    _I,
)
_ALL_CAPS_RE = re.compile(r"[A-Z][A-Z&.-]*[A-Z]")
KNOWN_AGENCIES: tuple[str, ...] = (
    "antara", "reuters", "ap", "afp", "xinhua", "bernama", "kyodo", "yonhap",
    "anadolu", "sputnik", "tass", "dpa", "efe", "upi", "bloomberg",
)  # fmt: skip
_REST_START_RE = re.compile(r"[\"'“‘(\[]?[A-Z0-9À-Þ]")


def _is_allowed_dateline_token(token: str) -> bool:
    """Tokens a dateline is made of: place names, outlet names, dates, '(ANTARA)'.

    Why: a lowercase word ('dan', 'tiga') means the prefix is prose, not a dateline.
    """
    if _TOKEN_PAREN_RE.fullmatch(token) or _TOKEN_DOTTED_RE.fullmatch(token):
        return True
    if _TOKEN_NUMBER_RE.fullmatch(token) or _TOKEN_CAMEL_RE.fullmatch(token):
        return True
    return bool(_TOKEN_CAPITALISED_RE.fullmatch(token)) and token[0].isupper()


def _is_agency_paren(token: str) -> bool:
    """'(ANTARA)', '(AP)', '(Reuters)', '(beritajatim.com)'."""
    if not _TOKEN_PAREN_RE.fullmatch(token):
        return False
    inner = token[1:-1].strip()
    return (
        inner.casefold() in KNOWN_AGENCIES
        or bool(_ALL_CAPS_RE.fullmatch(inner))
        or bool(_DOMAIN_RE.fullmatch(inner))
    )


def _is_caps_word(token: str) -> bool:
    return len(re.sub(r"[^A-Za-z]", "", token)) >= 3 and bool(_ALL_CAPS_RE.fullmatch(token))


def _dateline_evidence(segments: Sequence[Sequence[str]]) -> tuple[bool, bool]:
    """Return (strong, weak) evidence that comma `segments` form a dateline.

    strong: an outlet domain ('Bisnis.com', 'TEMPO.CO', 'REPUBLIKA.CO.ID') or an
    agency in parentheses ('(ANTARA)'). weak: an ALL-CAPS city/outlet word that
    opens its segment ('JAKARTA, ...', 'Jakarta, CNBC Indonesia') when there are
    several segments, or a segment made only of ALL-CAPS words ('KUALA LUMPUR').
    """
    tokens = [t for seg in segments for t in seg]
    strong = any(_DOMAIN_RE.fullmatch(t.rstrip(".")) or _is_agency_paren(t) for t in tokens)
    weak = any(
        seg
        and _is_caps_word(seg[0])
        and (len(segments) > 1 or all(_is_caps_word(t) for t in seg))
        for seg in segments
    )
    return strong, weak


def strip_dateline(paragraph: str) -> str:
    """Remove a leading news dateline and return the rest of the paragraph.

    Handles e.g. 'Bisnis.com, JAKARTA - ', 'JAKARTA, KOMPAS.com — ',
    'TEMPO.CO, Jakarta - ', 'Liputan6.com, Jakarta: ', 'REPUBLIKA.CO.ID, JAKARTA -- ',
    'Jakarta (ANTARA) - ', 'Moskow, KabarDunia.id - '.

    Why conservative: a dateline is stripped only when the text before the first
    dash/colon is at most a few capitalised/outlet tokens, contains an outlet-like
    token (a domain, '(ANTARA)'-style agency, or an ALL-CAPS city/outlet) and the
    remainder starts like a sentence. So prose such as 'Rusia, Iran, dan Suriah -
    tiga negara ...' is returned unchanged. A colon separator additionally needs a
    domain or agency, since 'Presiden Jokowi: ...' is a normal quote intro.
    """
    text = paragraph.strip()
    match = _DATELINE_SEP_RE.search(text, 0, _DATELINE_WINDOW)
    if match is None or match.start() == 0:
        return text
    prefix, rest = text[: match.start()].strip(), text[match.end() :].strip()
    if rest and not _REST_START_RE.match(rest):
        return text
    segments = [_PREFIX_TOKEN_RE.findall(seg) for seg in prefix.split(",")]
    tokens = [t for seg in segments for t in seg]
    if not tokens or any(not seg for seg in segments) or len(segments) > 3:
        return text
    if len(tokens) > MAX_DATELINE_TOKENS or not all(map(_is_allowed_dateline_token, tokens)):
        return text
    strong, weak = _dateline_evidence(segments)
    is_colon = match.group().strip() == ":"
    if strong or (weak and not is_colon):
        return rest
    return text


def _strip_leading_dateline(paragraphs: list[str]) -> list[str]:
    """Strip the dateline from the first body paragraph that has one.

    Why only the first few: a standfirst or caption may precede the dateline
    paragraph, but datelines never occur further down an article.
    """
    out = list(paragraphs)
    for i, paragraph in enumerate(out[:DATELINE_SEARCH_PARAGRAPHS]):
        stripped = strip_dateline(paragraph)
        if stripped != paragraph.strip():
            out[i] = stripped
            break
    return [p for p in out if p]


# --------------------------------------------------------------------------
# Repeats
# --------------------------------------------------------------------------


def _drop_repeats(paragraphs: Sequence[str], title: str) -> list[str]:
    """Drop repeated paragraphs, the title echoed in the body, and standfirsts.

    Keeps the first occurrence of each paragraph. A paragraph of at least
    MIN_WORDS_FOR_CONTAINMENT words that occurs word-for-word inside a longer
    paragraph is a summary/standfirst or pull quote, so only the longer copy stays
    (otherwise the same sentence would be quoted twice).
    """
    title_key = _dedup_key(title)
    seen: set[str] = set()
    unique: list[tuple[str, str]] = []
    for paragraph in paragraphs:
        key = _dedup_key(paragraph)
        if not key or key == title_key or key in seen:
            continue
        seen.add(key)
        unique.append((paragraph, key))

    def contained_elsewhere(key: str) -> bool:
        if len(key.split()) < MIN_WORDS_FOR_CONTAINMENT:
            return False
        padded = f" {key} "
        return any(len(other) > len(key) and padded in f" {other} " for _, other in unique)

    return [p for p, key in unique if not contained_elsewhere(key)]


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def _split_title(blocks: Sequence[Sequence[str]]) -> tuple[str, list[list[str]]]:
    """Return the title line and the blocks that follow it.

    The title is found on raw lines (before hard-wrap joining) so a body line
    starting in lowercase right under the title is never glued onto it.
    """
    for b, block in enumerate(blocks):
        for i, line in enumerate(block):
            if _is_title_candidate(line):
                rest = [list(block[i + 1 :])] + [list(bl) for bl in blocks[b + 1 :]]
                return _strip_markdown(line), [bl for bl in rest if bl]
    raise CleaningError(
        "no title: every non-empty line is boilerplate (banners, menus, credits) "
        "or not Latin-script text"
    )


def clean_page(raw: str) -> CleanPage:
    """Clean one raw scraped page into its title and genuine body paragraphs.

    Raises CleaningError if the text is empty, has no title line, or has no body
    paragraph left once boilerplate is removed.
    """
    text = normalise_text(raw)
    if not text.strip():
        raise CleaningError("raw page text is empty (nothing but whitespace)")

    title, body_blocks = _split_title(_split_blocks(text))
    lines = [line for block in body_blocks for line in _join_wrapped_lines(block)]
    paragraphs = _filter_body_lines(lines)
    paragraphs = _strip_leading_dateline(paragraphs)
    paragraphs = _drop_repeats(paragraphs, title)
    if not paragraphs:
        shown = title if len(title) <= 80 else title[:77] + "..."
        raise CleaningError(f"no body: nothing but boilerplate is left after the title {shown!r}")
    return CleanPage(title=title, paragraphs=paragraphs)
