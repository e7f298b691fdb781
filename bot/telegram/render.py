"""Turns answers into Telegram HTML messages.

Everything a user reads is shaped here, as pure functions that never import
`telegram`: escaping, highlighting, grouping by article, links that scroll to the
quoted sentence, the user's language and Telegram's 4096-character limit can then
be unit-tested without a bot, and the Telegram layer stays a thin adapter.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urlsplit

from bot.model import Answer, ArticleInfo
from bot.search.answers import worth_showing
from bot.telegram.links import link_to_sentences
from bot.telegram.phrases import PHRASES, Lang, phrase

# telegram.constants.MessageLimit.MAX_TEXT_LENGTH, repeated so this module needs no
# telegram import. Telegram counts UTF-16 code units of the text after entity parsing.
MAX_MESSAGE_LENGTH = 4096
# A title is a link label, not content: a runaway title must not crowd out the quotes.
MAX_TITLE_CHARS = 200
# The outlet's name and the date are labels too (issue 10: a long source name made
# replies longer than Telegram accepts, whatever was cut from the quotes).
MAX_SOURCE_CHARS = 100
MAX_DATE_CHARS = 40
# Sources carrying the same sentence beyond this are summarised as "and N more".
MAX_ALSO_IN = 3
# Context sentences kept on each side before fitting the reply (more never fit anyway).
MAX_CONTEXT = 8


def format_date(published: str, lang: Lang) -> str:
    """ "2024-03-05" -> "5 Mar 2024" (or "5 Mei 2024"): ISO dates read as code to most people."""
    parts = published.split("-")
    try:
        numbers = [int(part) for part in parts]
    except ValueError:
        return published
    months = PHRASES[lang].months
    if len(numbers) >= 2 and 1 <= numbers[1] <= 12:
        month = months[numbers[1] - 1]
        if len(numbers) == 3:
            return f"{numbers[2]} {month} {numbers[0]}"
        return f"{month} {numbers[0]}"
    return published


# --- answers --------------------------------------------------------------------------


def highlight(text: str, matched: Sequence[str]) -> str:
    """Escapes `text` for Telegram HTML and bolds the matched words.

    Matching runs on the raw text and each piece is escaped separately, so a match can
    never split an entity like "&amp;" and user-controlled text never becomes markup.
    """
    words = sorted({w for w in matched if w.strip()}, key=len, reverse=True)
    if not words:
        return html.escape(text)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)
    out: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[position : match.start()]))
        out.append(f"<b>{html.escape(match.group())}</b>")
        position = match.end()
    out.append(html.escape(text[position:]))
    return "".join(out)


def _shorten(text: str, limit: int) -> str:
    """Cuts plain text at a word boundary with an ellipsis (before escaping, so never inside markup)."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def _is_web_url(url: str) -> bool:
    """Only http(s) links are rendered: anything else (empty, javascript:) is shown as text."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1": not a URL a reader could open
        return False
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


@lru_cache(maxsize=64)
def _link(url: str, sentences: tuple[str, ...]) -> str:
    """link_to_sentences once per reply, not once per length check: it reads whole
    sentences, which may be long."""
    return link_to_sentences(url, sentences)


def _article_link(article: ArticleInfo, sentences: Sequence[str]) -> str:
    title = html.escape(_shorten(article.title.strip() or article.url, MAX_TITLE_CHARS))
    if not _is_web_url(article.url):
        return title
    href = html.escape(_link(article.url, tuple(sentences)), quote=True)
    return f'<a href="{href}">{title}</a>'


def _outlet_and_date(article: ArticleInfo, lang: Lang) -> str:
    source = _shorten(article.source.strip(), MAX_SOURCE_CHARS)
    parts = [part for part in (source, _shorten(format_date(article.published, lang), MAX_DATE_CHARS)) if part]
    return html.escape(", ".join(parts))


@dataclass(frozen=True, slots=True)
class _Quote:
    """An answer as it will be shown: the reductions for the length limit act on these."""

    answer: Answer
    text: str
    before: tuple[str, ...]
    after: tuple[str, ...]


def _group_by_article(quotes: Sequence[_Quote]) -> list[list[_Quote]]:
    """Quotes from one article go under one source line, in the order of its best quote."""
    groups: dict[str, list[_Quote]] = {}
    for q in quotes:
        key = q.answer.article.id or q.answer.article.url
        groups.setdefault(key, []).append(q)
    return list(groups.values())


# Marks for the quotes of a reply, which its 👍 buttons name.
QUOTE_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩"


def _render_quote(q: _Quote, number: int | None = None) -> str:
    """The answer sentence as plain text (its matched words bold) and the context around
    it in italic, so the reader sees at a glance which sentence answers. `number`
    (0-based) marks the quote for the vote buttons."""
    matched = q.answer.matched
    mark = [f"<b>{QUOTE_NUMBERS[number]}</b>"] if number is not None else []
    parts = mark + [f"<i>{highlight(s, matched)}</i>" for s in q.before]
    parts.append(highlight(q.text, matched))
    parts += [f"<i>{highlight(s, matched)}</i>" for s in q.after]
    return f"<blockquote>{' '.join(parts)}</blockquote>"


def _render_also_in(group: Sequence[_Quote], lang: Lang) -> str | None:
    """ "Also in: …" for the other articles that carry the group's sentences (wire copy
    reprinted by several outlets): a reader may trust or reach one outlet over another."""
    own = group[0].answer.article.id
    sentences_by_article: dict[str, tuple[ArticleInfo, list[str]]] = {}
    for q in group:
        for other in q.answer.also_in:
            if other.id != own:
                sentences_by_article.setdefault(other.id, (other, []))[1].append(q.answer.text)
    if not sentences_by_article:
        return None
    entries = list(sentences_by_article.values())
    shown = []
    for article, sentences in entries[:MAX_ALSO_IN]:
        outlet = _outlet_and_date(article, lang)
        link = _article_link(article, sentences)
        shown.append(f"{link} ({outlet})" if outlet else link)
    if len(entries) > MAX_ALSO_IN:
        shown.append(html.escape(PHRASES[lang].and_more.format(n=len(entries) - MAX_ALSO_IN)))
    return f"{html.escape(PHRASES[lang].also_in)}: " + "; ".join(shown)


def _render_group(group: Sequence[_Quote], lang: Lang, first_number: int | None) -> str:
    article = group[0].answer.article
    source = f"— {_article_link(article, [q.answer.text for q in group])}"
    outlet = _outlet_and_date(article, lang)
    if outlet:
        source += f" · {outlet}"
    lines = [_render_quote(q, None if first_number is None else first_number + i) for i, q in enumerate(group)]
    lines.append(source)
    also_in = _render_also_in(group, lang)
    if also_in:
        lines.append(also_in)
    return "\n".join(lines)


def _render(quotes: Sequence[_Quote], lang: Lang, header_text: str | None = None, numbered: bool = False) -> str:
    header = f"<b>{html.escape(header_text or PHRASES[lang].header)}</b>"
    parts = [header]
    number = 0
    for group in _group_by_article(quotes):
        parts.append(_render_group(group, lang, number if numbered else None))
        number += len(group)
    return "\n\n".join(parts)


_TAG = re.compile(r"<[^>]*>")


def visible_length(message_html: str) -> int:
    """The length Telegram checks against 4096: UTF-16 code units of the text left after
    parsing the HTML (tags removed, entities decoded). Emoji count twice."""
    text = html.unescape(_TAG.sub("", message_html))
    return len(text.encode("utf-16-le")) // 2


def _fits(quotes: Sequence[_Quote], lang: Lang, limit: int) -> bool:
    return visible_length(_render(quotes, lang, "#" * 60, numbered=True)) <= limit  # room for any header


def _without_trailing_context(quotes: list[_Quote], lang: Lang, limit: int) -> list[_Quote]:
    """Removes context sentences one by one, last answer first and the farthest sentence
    first: context is the least valuable text in a reply."""
    for i in reversed(range(len(quotes))):
        while not _fits(quotes, lang, limit) and (quotes[i].after or quotes[i].before):
            q = quotes[i]
            quotes[i] = replace(q, after=q.after[:-1]) if q.after else replace(q, before=q.before[1:])
        if _fits(quotes, lang, limit):
            break
    return quotes


def _shortened_sentence(quote: _Quote, lang: Lang, limit: int) -> _Quote:
    """The last resort for a single sentence longer than a message: cut it at a word
    boundary (binary search on its length, so the cut is as late as possible)."""
    low, high = 0, len(quote.text)
    while low < high:
        middle = (low + high + 1) // 2
        if _fits([replace(quote, text=_shorten(quote.text, middle))], lang, limit):
            low = middle
        else:
            high = middle - 1
    return replace(quote, text=_shorten(quote.text, low))


def page_of(found: Sequence[Answer], page: int, per_page: int) -> tuple[list[Answer], bool]:
    """Page `page` of the answers found (`worth_showing`), and whether a further page has any."""
    usable = worth_showing(found)
    start = page * per_page
    return usable[start : start + per_page], len(usable) > start + per_page


def render_answers(
    answers: Sequence[Answer], lang: Lang, limit: int = MAX_MESSAGE_LENGTH, header: str | None = None
) -> str:
    """The reply to a question that has answers (see layout_answers)."""
    return layout_answers(answers, lang, limit, header)[0]


def layout_answers(
    answers: Sequence[Answer], lang: Lang, limit: int = MAX_MESSAGE_LENGTH, header: str | None = None
) -> tuple[str, list[Answer]]:
    """The reply to a question that has answers, in at most `limit` visible characters
    (`header`, at most 60 characters, replaces the usual "Here is what I found"), and
    the answers it shows in the order shown: with several, each is numbered ①②③ for
    the vote buttons.

    Over the limit, trailing context goes first, then whole answers from the end; a
    lone sentence longer than a message is cut at a word. Cuts act on the plain text
    before rendering, so the HTML is always well formed.
    """
    if not answers:
        raise ValueError("render_answers needs at least one answer; use render_not_found")
    # No text longer than the message can be shown whole: cut before any regex or
    # rendering work, so a 2 MB passage costs what a 4 kB one does on the event loop.
    quotes = [
        _Quote(
            a,
            _shorten(a.text, limit),
            tuple(_shorten(s, limit) for s in a.context_before[-MAX_CONTEXT:]),
            tuple(_shorten(s, limit) for s in a.context_after[:MAX_CONTEXT]),
        )
        for a in worth_showing(answers)
    ]
    if not _fits(quotes, lang, limit):
        quotes = _without_trailing_context(quotes, lang, limit)
    while len(quotes) > 1 and not _fits(quotes, lang, limit):
        quotes.pop()
    if not _fits(quotes, lang, limit):
        quotes = [_shortened_sentence(quotes[0], lang, limit)]
    shown = [q.answer for group in _group_by_article(quotes) for q in group]
    return _render(quotes, lang, header, numbered=len(shown) > 1), shown


def render_not_found(lang: Lang) -> str:
    """A friendly "no answer", with a hint on how to ask so that something is found."""
    return phrase(lang, "not_found")


def sources_page_count(article_count: int, per_page: int) -> int:
    return max(1, -(-article_count // per_page))


def render_sources_page(articles: Sequence[ArticleInfo], lang: Lang, page: int, per_page: int) -> str:
    """One page of /sources: the articles newest first, one linked line each. Paged
    (with buttons) instead of sent whole, so a large corpus never floods the chat;
    a page out of range shows the last one."""
    ordered = sorted(articles, key=lambda a: (a.published, a.title), reverse=True)
    pages = sources_page_count(len(ordered), per_page)
    page = min(max(page, 0), pages - 1)
    lines = [f"<b>{html.escape(PHRASES[lang].sources_header.format(n=len(ordered)))}</b>"]
    for article in ordered[page * per_page : (page + 1) * per_page]:
        line = f"• {_article_link(article, ())}"
        outlet = _outlet_and_date(article, lang)
        lines.append(f"{line} · {outlet}" if outlet else line)
    if pages > 1:
        lines.append(html.escape(PHRASES[lang].page.format(page=page + 1, pages=pages)))
    return "\n".join(lines)


def render_inline_quote(answer: Answer, lang: Lang) -> str:
    """What an inline result posts into the chat: one quote and its source line, so
    the people there can open the article themselves."""
    quote = _Quote(answer, _shorten(answer.text, 3000), (), ())
    article = answer.article
    source = f"— {_article_link(article, [answer.text])}"
    outlet = _outlet_and_date(article, lang)
    return f"{_render_quote(quote)}\n{source} · {outlet}" if outlet else f"{_render_quote(quote)}\n{source}"
