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
from collections.abc import Sequence
from dataclasses import dataclass

from bot.ingest.boilerplate import (
    BREADCRUMB_SPLIT_RE,
    COMMENT_PROMPT_RE,
    EDGE_DECORATION,
    FULL_LINE_RE,
    HASHTAG_LIST_RE,
    LINK_PROMPT_RE,
    LIVE_LABEL_RE,
    LOOSE_CAPTION_RE,
    MARKDOWN_RE,
    MAX_WORDS_BREADCRUMB_PART,
    MAX_WORDS_PAYWALL_LINE,
    MAX_WORDS_TAG,
    MIN_TAGS,
    OFFER_BUTTON_RE,
    PAYWALL_RE,
    POLL_ANSWER_RE,
    POLL_LABEL_RE,
    POLL_OPTIONS_RE,
    POLL_QUESTION_RE,
    POLL_SEPARATOR_RE,
    PREFIX_RULES,
    READ_MORE_LABEL_RE,
    READER_ADDRESS_RE,
    READER_PROMPT_RE,
    READER_QUESTION_RE,
    REPORTED_RE,
    SECTION_HEADING_RE,
    SENTENCE_END_RE,
    SITE_SUBSCRIPTION_RE,
    SOURCE_CREDIT_RE,
    STRONG_CAPTION_RE,
    TAG_LIST_RE,
    WORD_RE,
)
from bot.text.datelines import strip_dateline

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
    # How many of the paragraphs come before the one that opens with the dateline: a
    # standfirst (a one-paragraph summary under the headline) is not the body's lead.
    standfirst: int = 0


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


# --------------------------------------------------------------------------
# Input normalisation
# --------------------------------------------------------------------------

# Spaces that look like spaces but break equality tests and word splitting.
_SPACE_LIKE_RE = re.compile(r"[\t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Characters that are invisible but split words ("Pu\u200btin") or hide in keys.
_INVISIBLE_RE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
_MULTI_SPACE_RE = re.compile(r" {2,}")


def _plain_lines(raw: str) -> list[str]:
    """`raw` in NFC, split at any line break, invisible characters gone and every
    space-like character a plain space; runs of spaces kept (`_tag_lists` reads them,
    `_collapse` then makes each line's runs one space and strips it).

    Why: scraped pages mix CRLF, NBSP and zero-width characters; without this, two
    copies of the same caption or the title repeated in the body would not compare
    equal, and a trailing NBSP would hide a sentence's final full stop.
    """
    text = _INVISIBLE_RE.sub("", _LINE_BREAK_RE.sub("\n", unicodedata.normalize("NFC", raw)))
    return _SPACE_LIKE_RE.sub(" ", text).split("\n")


def _collapse(line: str) -> str:
    return _MULTI_SPACE_RE.sub(" ", line).strip()


def _tag_lists(lines: Sequence[str]) -> frozenset[str]:
    """Of a page's `_plain_lines`, those that are its topic tags flattened into one line,
    as `_collapse` writes them: three or more short items apart by runs of spaces
    ("vietnam  bakamla  laut natuna utara  sugiono"), no sentence end. Prose separates its
    words by one space, and normalising makes every run one space, so they are told apart
    before it."""
    found = set()
    for line in lines:
        items = [item for item in _MULTI_SPACE_RE.split(line.strip()) if item]
        if (
            len(items) >= MIN_TAGS
            and not _ends_sentence(line.strip())
            and all(len(item.split()) <= MAX_WORDS_TAG for item in items)
        ):
            found.add(_collapse(line))
    return frozenset(found)


# --------------------------------------------------------------------------
# Line predicates
# --------------------------------------------------------------------------


def _strip_markdown(line: str) -> str:
    """Drop markdown heading/emphasis markers: scrapers turn <h2> into '# Hot Topic'."""
    return MARKDOWN_RE.sub("", line).strip()


def _match_text(line: str) -> str:
    """The line as boilerplate patterns see it: no markdown, no decorative edges.

    Why: the same label appears as "Berita Terkait:", "» Berita Terkait" or
    "Advertorial »"; patterns should not have to spell out every decoration.
    """
    return _strip_markdown(line).strip(EDGE_DECORATION)


# The decoration around a label, less the full stop that ends a sentence.
_TRAILING_DECORATION = EDGE_DECORATION.replace(".", "")


def _stop_text(line: str) -> str:
    """The line as `_match_text` gives it, but keeping the full stop that ends it.

    Why: a widget's or a button's label carries no full stop and a sentence does, so the
    patterns that tell a label from the same words written as prose ("Belum ada komentar"
    under a comment box, "Belum ada komentar." reporting that nobody has commented) read
    the line with it.
    """
    return _strip_markdown(line).lstrip(EDGE_DECORATION).rstrip(_TRAILING_DECORATION)


def _words(line: str) -> list[str]:
    return WORD_RE.findall(line)


def _ends_sentence(line: str) -> bool:
    """True if the line ends like a sentence (., !, ?, … maybe inside quotes)."""
    return bool(SENTENCE_END_RE.search(line))


def _is_source_credit(text: str) -> bool:
    """'Sumber CNBC Indonesia': a short, unpunctuated credit line without a colon.

    Why separate: 'Sumber di kepolisian mengatakan ...' starts the same way but is a
    sentence, so only very short lines that do not end a sentence qualify.
    """
    return bool(SOURCE_CREDIT_RE.match(text)) and len(text.split()) <= 6 and not _ends_sentence(text)


def _is_breadcrumb(text: str) -> bool:
    """True for 'Home » Nasional » Hukum': it often precedes the title line."""
    parts = [p for p in BREADCRUMB_SPLIT_RE.split(text) if p]
    return len(parts) >= 2 and all(len(p.split()) <= MAX_WORDS_BREADCRUMB_PART for p in parts)


def _is_poll(text: str) -> bool:
    """A poll's question with its answer buttons ("…? Setuju | Tidak Setuju | Lihat Hasil").

    Why the evidence: an explainer answers its own question with a row of short items too
    ("Apa saja dokumen yang perlu dibawa? KTP • Kartu Keluarga • …"); only a poll's answer
    button, a poll's label or a question asking the reader's view or choice tells a poll.
    """
    options = POLL_OPTIONS_RE.search(text)
    if not options:
        return False
    answers = POLL_SEPARATOR_RE.split(text[options.start() + 1 :])
    return bool(
        POLL_LABEL_RE.match(text)
        or POLL_QUESTION_RE.search(text, 0, options.start())
        or any(POLL_ANSWER_RE.fullmatch(answer.strip()) for answer in answers)
    )


def is_boilerplate_line(line: str) -> bool:
    """True if the line matches a known boilerplate pattern (banner, link, credit...).

    Pattern-based only: safe to apply to the title candidate too.
    """
    text = _match_text(line)
    if not text or HASHTAG_LIST_RE.fullmatch(line.strip()):
        return True
    stopped = _stop_text(line)  # starts where `text` does
    # A live or breaking label heads the story's news as often as a link to it: the line is
    # furniture only if what follows the label is, read with its full stop.
    if label := LIVE_LABEL_RE.match(text):
        return is_boilerplate_line(stopped[label.end() :])
    if FULL_LINE_RE.fullmatch(text) or COMMENT_PROMPT_RE.fullmatch(stopped) or _is_breadcrumb(text):
        return True
    n_words = len(text.split())
    for regex, max_words in PREFIX_RULES:
        if n_words <= max_words and regex.match(text):
            return True
    if n_words <= MAX_WORDS_PAYWALL_LINE and PAYWALL_RE.search(text):
        return True
    if (
        n_words <= MAX_WORDS_PAYWALL_LINE
        and READER_PROMPT_RE.search(text)
        and READER_ADDRESS_RE.search(text)
        and not REPORTED_RE.search(text)
    ):
        return True
    # A question to the reader answered by an order pointing at the site ("Ingin ringkasan
    # …? Daftar buletin …"), the site's own priced subscription, a "… di sini" link offered
    # to the reader, or an offer closed by its button ("… mulai Rp199.000. Pesan Sekarang"),
    # unless someone in the story is quoted or the price attributed.
    if (
        n_words <= MAX_WORDS_PAYWALL_LINE
        and (
            READER_QUESTION_RE.search(text)
            or SITE_SUBSCRIPTION_RE.match(text)
            or LINK_PROMPT_RE.match(text)
            or OFFER_BUTTON_RE.search(stopped)
        )
        and not REPORTED_RE.search(text)
    ):
        return True
    if n_words <= MAX_WORDS_PAYWALL_LINE and _is_poll(text):
        return True
    return _is_source_credit(text)


def _is_tag_list(line: str) -> bool:
    """True for a page's topic tags written as a lowercase comma list ("pilkada 2024, psu,
    kpu, bawaslu").

    Why not in `is_boilerplate_line`: the middle line of a hard-wrapped paragraph looks
    the same ("… yakni" / "pangan, energi, air bersih" / "untuk …"), and
    `_join_wrapped_lines` would then never rejoin it; so tags are told only on lines
    already joined (and on the title candidate, a single line).
    """
    return bool(TAG_LIST_RE.fullmatch(line.strip()))


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
    regex = LOOSE_CAPTION_RE if repeated else STRONG_CAPTION_RE
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
    return bool(line) and not is_boilerplate_line(line) and not _is_tag_list(line) and not _is_mostly_non_latin(line)


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


_NO_JOIN_END = tuple('.!?…:;"”’')
# A paragraph closed by its agency or editor's code after the full stop ("… kata dia. (ant)")
# ends there too.
_CLOSED_BY_CODE_RE = re.compile(r"[.!?…]\s*\([^()]*\)$")


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
            and not _CLOSED_BY_CODE_RE.search(out[-1])
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


def _filter_body_lines(lines: Sequence[str], tags: frozenset[str] = frozenset()) -> list[str]:
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
        if READ_MORE_LABEL_RE.fullmatch(text):
            swallow_next_headline = True
            continue
        if SECTION_HEADING_RE.fullmatch(text):
            in_link_list = True
            continue
        if (
            is_boilerplate_line(line)
            or _is_tag_list(line)
            or _is_mostly_non_latin(line)
            or _is_menu_like(line)
            or line in tags
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
# Datelines (the rules are in bot.text.datelines)
# --------------------------------------------------------------------------


def _strip_leading_dateline(paragraphs: list[str], source: str | None = None) -> tuple[list[str], int]:
    """Strip the dateline from the first body paragraph that has one; also say how many
    paragraphs come before it (0 when none has a dateline).

    Why only the first few: a standfirst or caption may precede the dateline
    paragraph, but datelines never occur further down an article.
    """
    out = list(paragraphs)
    before = 0
    for i, paragraph in enumerate(out[:DATELINE_SEARCH_PARAGRAPHS]):
        stripped = strip_dateline(paragraph, source)
        if stripped != paragraph.strip():
            out[i] = stripped
            before = sum(1 for p in out[:i] if p)
            break
    return [p for p in out if p], before


def _kept_before(kept: Sequence[str], original: Sequence[str], before: int) -> int:
    """How many of `kept` (an ordered selection of `original`) come from its first
    `before` paragraphs."""
    count, at = 0, 0
    for paragraph in kept:
        while at < len(original) and original[at] != paragraph:
            at += 1
        if at >= before:
            break
        count += 1
        at += 1
    return count


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

    contained = _contained_keys([key for _, key in unique])
    return [p for i, (p, _) in enumerate(unique) if i not in contained]


#: Comparisons tried per paragraph when looking for it inside longer ones; bounds the
#: cost of pathological pages (the same few words everywhere) to linear.
MAX_CONTAINMENT_TRIES = 64


def _contained_keys(keys: Sequence[str]) -> set[int]:
    """Indexes of the keys (of at least MIN_WORDS_FOR_CONTAINMENT words) that occur
    word for word inside a longer key.

    Linear in the words of all keys: each key is looked for only where a longer key
    holds its first MIN_WORDS_FOR_CONTAINMENT words (one pass over every key's word
    windows, looked up in a dict of those openings), each is compared at most
    MAX_CONTAINMENT_TRIES times, and at most that many keys sharing an opening are
    tried at one place.
    """
    n = MIN_WORDS_FOR_CONTAINMENT
    words = [key.split() for key in keys]
    openings: dict[tuple[str, ...], list[int]] = {}
    for i, key_words in enumerate(words):
        if len(key_words) >= n:
            openings.setdefault(tuple(key_words[:n]), []).append(i)
    for opening in openings.values():
        opening.sort(key=lambda i: len(keys[i]))
    contained: set[int] = set()
    tries = dict.fromkeys(range(len(keys)), 0)
    for j, other in enumerate(words):
        for position in range(len(other) - n + 1):
            found = openings.get(tuple(other[position : position + n]))
            if not found:
                continue
            for i in found[:MAX_CONTAINMENT_TRIES]:  # shortest first: those most likely inside
                if i == j or i in contained or tries[i] >= MAX_CONTAINMENT_TRIES or len(keys[i]) >= len(keys[j]):
                    continue
                tries[i] += 1
                if other[position : position + len(words[i])] == words[i]:
                    contained.add(i)
    return contained


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
        "no title: every non-empty line is boilerplate (banners, menus, credits) or not Latin-script text"
    )


def clean_page(raw: str, source: str | None = None) -> CleanPage:
    """Clean one raw scraped page into its title and genuine body paragraphs.

    Raises CleaningError if the text is empty, has no title line, or has no body
    paragraph left once boilerplate is removed.
    """
    plain = _plain_lines(raw)
    text = "\n".join(_collapse(line) for line in plain)
    if not text.strip():
        raise CleaningError("raw page text is empty (nothing but whitespace)")

    title, body_blocks = _split_title(_split_blocks(text))
    lines = [line for block in body_blocks for line in _join_wrapped_lines(block)]
    paragraphs = _filter_body_lines(lines, _tag_lists(plain))
    paragraphs, before = _strip_leading_dateline(paragraphs, source)
    kept = _drop_repeats(paragraphs, title)
    if not kept:
        shown = title if len(title) <= 80 else title[:77] + "..."
        raise CleaningError(f"no body: nothing but boilerplate is left after the title {shown!r}")
    standfirst = _kept_before(kept, paragraphs, before)
    # A page that is all standfirst has no lead to tell it from.
    return CleanPage(title=title, paragraphs=kept, standfirst=standfirst if standfirst < len(kept) else 0)
