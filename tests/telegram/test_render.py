"""Tests for bot.telegram.render: what users read, checked without Telegram.

Every rendered message is also run through the fake Bot API's HTML parser, which is
as strict as Telegram's: a message it rejects would be rejected in production.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.search.answers import Quote, assemble_answers
from bot.telegram.links import link_to_sentences, text_directive
from bot.telegram.phrases import MAX_QUESTION_CHARS, language_from_code, phrase, render_help, render_start
from bot.telegram.render import (
    MAX_MESSAGE_LENGTH,
    format_date,
    highlight,
    page_of,
    render_answers,
    render_inline_quote,
    render_not_found,
    render_sources_page,
    visible_length,
)
from tests.telegram.fake_bot_api import parse_telegram_html, utf16_length
from tests.telegram.helpers import answer, article


def telegram_text(message: str) -> str:
    """What the user sees, parsed the way Telegram parses it (raises if Telegram would refuse it)."""
    text, _ = parse_telegram_html(message)
    return text


def hrefs(message: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a href="([^"]*)">', message)]


# --- escaping -------------------------------------------------------------------------


def test_sentences_titles_and_urls_are_escaped() -> None:
    source = article(title="Harga <naik> & \"turun\" di 'pasar'", url="https://example.com/a?x=1&y=<2>")
    message = render_answers([answer('Dia bilang "5 < 6 & 7 > 3" <b>bukan</b> tag.', source)], "id")
    text = telegram_text(message)
    assert 'Dia bilang "5 < 6 & 7 > 3" <b>bukan</b> tag.' in text
    assert "Harga <naik> & \"turun\" di 'pasar'" in text
    assert "&lt;b&gt;bukan&lt;/b&gt;" in message
    assert hrefs(message)[0].startswith("https://example.com/a?x=1&y=<2>#:~:text=")


def test_highlight_bolds_matched_words_case_insensitively_on_word_boundaries() -> None:
    result = highlight("Putin menyambut PUTIN-ku dan Putina di Moskow.", ("putin", "moskow"))
    assert result == "<b>Putin</b> menyambut <b>PUTIN</b>-ku dan Putina di <b>Moskow</b>."


def test_highlight_never_breaks_escaping() -> None:
    # matches containing or adjoining HTML characters, and a match on "amp" that must
    # not land inside the "&amp;" entity.
    result = highlight("AT&T <menang> & amp; kalah", ("AT&T", "menang", "amp"))
    assert result == "<b>AT&amp;T</b> &lt;<b>menang</b>&gt; &amp; <b>amp</b>; kalah"
    assert telegram_text(result) == "AT&T <menang> & amp; kalah"


def test_highlight_prefers_the_longest_match() -> None:
    assert highlight("Joko Widodo dan Joko", ("Joko", "Joko Widodo")) == "<b>Joko Widodo</b> dan <b>Joko</b>"


def test_highlight_without_matches_only_escapes() -> None:
    assert highlight("a < b", ()) == "a &lt; b"
    assert highlight("a < b", ("", " ")) == "a &lt; b"


def test_matched_words_are_bold_in_quotes_and_context() -> None:
    message = render_answers(
        [
            answer(
                "Raisi bertemu Putin.",
                before=("Kemarin Raisi tiba.",),
                after=("Putin tersenyum.",),
                matched=("Raisi", "Putin"),
            )
        ],
        "id",
    )
    assert message.count("<b>Raisi</b>") == 2
    assert message.count("<b>Putin</b>") == 2
    quote = re.search(r"<blockquote>(.*)</blockquote>", message).group(1)
    assert telegram_text(quote) == "Kemarin Raisi tiba. Raisi bertemu Putin. Putin tersenyum."


# --- structure ------------------------------------------------------------------------


def test_answers_from_one_article_share_one_source_line() -> None:
    first, second = article(1, title="Kunjungan Raisi"), article(2, title="Harga beras")
    message = render_answers(
        [answer("Kalimat satu.", first), answer("Kalimat dua.", second), answer("Kalimat tiga.", first)], "id"
    )
    assert message.count("<blockquote>") == 3
    assert message.count("Kunjungan Raisi") == 1
    assert message.count("Harga beras") == 1
    # the group keeps the rank of its best answer: both its quotes and its source line
    # come before the next article's quote
    assert message.index("Kalimat tiga.") < message.index("Kunjungan Raisi") < message.index("Kalimat dua.")
    group_link = next(h for h in hrefs(message) if h.startswith(first.url))
    assert group_link == first.url + "#:~:text=Kalimat%20satu&text=Kalimat%20tiga"


def test_source_line_has_link_outlet_and_date() -> None:
    message = render_answers([answer("Kalimat.", article(1, source="Tempo", published="2024-03-05"))], "en")
    link = '<a href="https://example.com/berita/1#:~:text=Kalimat">Judul artikel 1</a>'
    assert f"— {link} · Tempo, 5 Mar 2024" in message


def test_also_in_sources_are_listed_with_links() -> None:
    copies = tuple(article(n, title=f"Salinan {n}", source=f"Outlet {n}") for n in range(2, 7))
    message = render_answers([answer("Kalimat yang sama.", article(1), also_in=copies)], "en")
    text = telegram_text(message)
    assert "Also in: Salinan 2 (Outlet 2, 22 Apr 2024); Salinan 3" in text
    assert "and 2 more" in text
    assert "Salinan 5" not in text
    assert sum(h.endswith("#:~:text=Kalimat%20yang%20sama") for h in hrefs(message)) == 4
    id_text = telegram_text(render_answers([answer("Kalimat.", article(1), also_in=copies[:1])], "id"))
    assert "Juga di: Salinan 2" in id_text


@pytest.mark.parametrize("url", ["javascript:alert(1)", "http://[::1", ""])
def test_an_article_without_a_web_url_is_named_but_not_linked(url: str) -> None:
    message = render_answers([answer("Kalimat.", article(1, url=url))], "en")
    assert "<a " not in message
    assert "Judul artikel 1" in message


def test_links_are_absolute_web_addresses() -> None:
    links = hrefs(render_answers([answer("Kalimat.")], "en"))
    assert links and all(h.startswith("https://") for h in links)


# --- languages ------------------------------------------------------------------------


def test_reply_speaks_the_askers_language() -> None:
    answers = [answer("Raisi bertemu Putin.")]
    assert telegram_text(render_answers(answers, "en")).startswith("Here is what I found")
    assert telegram_text(render_answers(answers, "id")).startswith("Ini yang saya temukan")
    assert "Try naming the people, places or dates" in render_not_found("en")
    assert "sebutkan nama orang, tempat, atau tanggal" in render_not_found("id")


def test_every_phrase_exists_and_parses_in_both_languages() -> None:
    keys = [
        "not_found",
        "empty_question",
        "too_long",
        "no_words",
        "not_text",
        "unknown_command",
        "rate_limited",
        "not_allowed",
        "error",
        "greeting",
        "thanks",
        "who",
        "ack",
        "nothing_to_continue",
        "no_more",
        "more_header",
        "busy",
        "lang_set",
        "lang_auto",
        "lang_usage",
        "too_old",
        "unconfirmed",
        "page",
        "inline_slow_down",
        "slow_down",
    ]
    values = {"limit": MAX_QUESTION_CHARS, "seconds": 7, "page": 2, "pages": 3, "min": 3}
    for lang in ("en", "id"):
        for key in keys:
            telegram_text(phrase(lang, key, **values))
            assert phrase("en", key, **values) != phrase("id", key, **values)
    assert "1000" in phrase("en", "too_long", limit=MAX_QUESTION_CHARS)


def test_start_greets_by_name_with_an_example_and_escapes_the_name() -> None:
    text = telegram_text(render_start("en", "<Budi & Ani>"))
    assert text.startswith("Hello, <Budi & Ani>!")
    assert "What did Raisi tell Putin?" in text
    assert telegram_text(render_start("id", None)).startswith("Halo! Saya menjawab")


def test_help_is_bilingual_and_names_the_bot() -> None:
    text = telegram_text(render_help("KutipanTestBot"))
    assert "How to use Kutipan" in text and "Cara memakai Kutipan" in text
    assert "@KutipanTestBot" in text and "/ask" in text and "/sources" in text


def test_language_from_client_code() -> None:
    assert language_from_code("id") == "id"
    assert language_from_code("id-ID") == "id"
    assert language_from_code("en-US") == "en"
    assert language_from_code(None) == "en"


def test_dates_read_naturally() -> None:
    assert format_date("2024-05-07", "en") == "7 May 2024"
    assert format_date("2024-05-07", "id") == "7 Mei 2024"
    assert format_date("2024-08", "id") == "Agu 2024"
    assert format_date("kemarin", "en") == "kemarin"
    assert format_date("2024-13-01", "en") == "2024-13-01"


# --- text fragments -------------------------------------------------------------------


def test_text_fragment_encodes_dash_ampersand_comma_and_non_ascii() -> None:
    directive = text_directive("Rp5-juta, A&B naik ke Rp10 – kata Ségolène")
    assert directive == "text=Rp5%2Djuta%2C%20A%26B%20naik%20ke%20Rp10%20%E2%80%93%20kata%20S%C3%A9gol%C3%A8ne"
    assert re.fullmatch(r"text=[A-Za-z0-9%._~]+", directive)
    assert unquote(directive[len("text=") :]) == "Rp5-juta, A&B naik ke Rp10 – kata Ségolène"


def test_long_sentences_are_linked_by_their_first_and_last_words() -> None:
    sentence = "“Iran dan Rusia akan terus bekerja sama melawan sanksi sepihak Barat,” kata Raisi kepada Putin."
    directive = text_directive(sentence)
    start, end = directive[len("text=") :].split(",")
    assert unquote(start) == "Iran dan Rusia akan"
    assert unquote(end) == "kata Raisi kepada Putin"


def test_short_sentences_are_linked_whole_without_outer_punctuation() -> None:
    assert text_directive("  “Kami siap,”  kata dia. ") == "text=Kami%20siap%2C%E2%80%9D%20kata%20dia"


def test_link_keeps_an_existing_fragment_and_skips_empty_sentences() -> None:
    assert link_to_sentences("https://x.id/a#bagian", ["Satu dua."]) == "https://x.id/a#bagian:~:text=Satu%20dua"
    assert link_to_sentences("https://x.id/a", ["  "]) == "https://x.id/a"
    assert link_to_sentences("https://x.id/a", ["Sama.", "Sama."]) == "https://x.id/a#:~:text=Sama"


# --- the 4096 limit -------------------------------------------------------------------


def test_long_context_is_dropped_before_any_answer() -> None:
    context = tuple(f"Kalimat konteks nomor {i} yang cukup panjang untuk memenuhi pesan." * 3 for i in range(12))
    answers = [answer(f"Jawaban {n}.", article(n), before=context, after=context) for n in range(1, 4)]
    message = render_answers(answers, "id")
    assert visible_length(message) <= MAX_MESSAGE_LENGTH
    for n in range(1, 4):
        assert f"Jawaban {n}." in message
    # the first answer keeps the most context: trimming starts from the end of the reply
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", message)
    assert len(quotes[0]) >= len(quotes[-1])


def test_whole_answers_are_dropped_from_the_end_when_they_do_not_fit() -> None:
    answers = [answer(f"Jawaban {n}: " + "kata " * 300, article(n)) for n in range(1, 6)]
    message = render_answers(answers, "id")
    text = telegram_text(message)
    assert utf16_length(text) <= MAX_MESSAGE_LENGTH
    assert "Jawaban 1:" in text and "Jawaban 5:" not in text
    assert message.count("<blockquote>") == message.count("</blockquote>") >= 2


def test_a_sentence_longer_than_a_message_is_cut_at_a_word() -> None:
    message = render_answers([answer("Panjang & <aneh> " * 600, matched=("aneh",))], "en")
    text = telegram_text(message)
    assert utf16_length(text) <= MAX_MESSAGE_LENGTH
    assert utf16_length(text) > MAX_MESSAGE_LENGTH - 200  # cut late, not early
    assert "…</blockquote>" in message


def test_limit_counts_utf16_code_units_like_telegram() -> None:
    emoji = "😀" * 1500  # 3000 UTF-16 units, 1500 code points
    answers = [answer(emoji, article(1)), answer(emoji, article(2))]
    message = render_answers(answers, "en")
    assert utf16_length(telegram_text(message)) <= MAX_MESSAGE_LENGTH
    assert message.count("<blockquote>") == 1
    assert visible_length("<b>a&amp;😀</b>") == 4


def test_render_answers_needs_answers() -> None:
    with pytest.raises(ValueError):
        render_answers([], "en")


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=600)


@settings(max_examples=60, deadline=None)
@given(
    sentences=st.lists(_text, min_size=1, max_size=5),
    context=st.lists(_text, max_size=6),
    title=_text,
    matched=st.lists(st.text(min_size=1, max_size=8), max_size=4),
    limit=st.integers(min_value=300, max_value=MAX_MESSAGE_LENGTH),
)
def test_any_answers_render_to_valid_telegram_html_within_the_limit(
    sentences: list[str], context: list[str], title: str, matched: list[str], limit: int
) -> None:
    answers = [
        answer(s, article(i % 2, title=title), before=tuple(context), after=tuple(context), matched=tuple(matched))
        for i, s in enumerate(sentences)
    ]
    message = render_answers(answers, "en", limit=limit)
    text = telegram_text(message)
    assert utf16_length(text) <= limit
    assert visible_length(message) == utf16_length(text)


# --- /sources -------------------------------------------------------------------------


def test_sources_lists_articles_with_links_newest_first() -> None:
    articles = [article(1, published="2024-01-02"), article(2, published="2024-03-04", title="A & <B>")]
    message = render_sources_page(articles, "en", 0, 10)
    text = telegram_text(message)
    assert text.splitlines()[0] == "I quote from these 2 articles:"
    assert text.index("A & <B>") < text.index("Judul artikel 1")
    assert hrefs(message) == ["https://example.com/berita/2", "https://example.com/berita/1"]
    assert "Page" not in text  # one page needs no page number
    assert "Saya mengutip dari 2 artikel" in render_sources_page(articles, "id", 0, 10)


def test_sources_are_paged_and_every_page_fits() -> None:
    articles = [article(n, title="Judul yang cukup panjang " * 8) for n in range(400)]
    pages = [render_sources_page(articles, "en", page, 10) for page in range(40)]
    assert all(utf16_length(telegram_text(m)) <= MAX_MESSAGE_LENGTH for m in pages)
    assert all(m.count("<a href") == 10 for m in pages)
    assert telegram_text(pages[0]).endswith("Page 1 of 40")
    assert render_sources_page(articles, "en", 99, 10) == pages[-1]  # out of range: the last page


# --- no repeats -------------------------------------------------------------------------


def test_a_context_sentence_that_is_another_answer_is_shown_once() -> None:
    # The engine's assembly shows a sentence once; the message shows what it kept.
    quotes = [
        Quote("Kalimat dua.", 1.0, article(), "Kalimat satu.", "Kalimat tiga."),
        Quote("Kalimat satu.", 0.9, article(), None, "Kalimat dua."),
        Quote("Kalimat empat.", 0.8, article(), "Kalimat tiga.", None),
    ]
    answers = assemble_answers(quotes, {"kalimat"}, k=3)
    text = telegram_text(render_answers(answers, "id"))
    for sentence in ("Kalimat dua.", "Kalimat empat."):
        assert text.count(sentence) == 1


def test_a_headline_is_left_out_where_a_better_answer_comes_from_its_article() -> None:
    source = article(1, title="Putin Telepon Netanyahu")
    headline = answer("Putin Telepon Netanyahu", source)
    body = answer("Putin menelepon Netanyahu pada Senin.", source)
    text = telegram_text(render_answers([body, headline], "en"))
    assert text.count("Putin Telepon Netanyahu") == 1  # only as the link
    assert "Putin menelepon Netanyahu pada Senin." in text
    alone = render_answers([headline], "en")
    assert alone.count("<blockquote>") == 1
    assert page_of([body, headline], 0, 3) == ([body], False)
    assert page_of([body, headline, answer("Tiga."), answer("Empat.")], 0, 2)[1] is True
    # A headline ranked first stays (what follows cannot change what a shorter page
    # showed), and so does one beside other articles' answers.
    assert page_of([headline, body], 0, 3) == ([headline, body], False)
    elsewhere = answer("Netanyahu menerima telepon itu.", article(2))
    assert page_of([elsewhere, headline], 0, 3) == ([elsewhere, headline], False)
    # Pages of a longer fetch agree with a shorter fetch's first page.
    many = [body, headline, *(answer(f"Kalimat {n}.", article(n + 3)) for n in range(6))]
    assert page_of(many[:4], 0, 3)[0] == page_of(many, 0, 3)[0]


def test_context_is_italic_and_the_answer_is_not() -> None:
    message = render_answers([answer("Jawaban.", before=("Sebelum.",), after=("Sesudah.",))], "id")
    assert "<blockquote><i>Sebelum.</i> Jawaban. <i>Sesudah.</i></blockquote>" in message


def test_a_page_header_replaces_the_usual_one() -> None:
    message = render_answers([answer("Jawaban.")], "en", header="More of what I found (2):")
    assert telegram_text(message).startswith("More of what I found (2):")


def test_inline_quote_is_one_quote_with_its_source() -> None:
    message = render_inline_quote(answer("Dia bilang <ya> & tidak.", before=("Konteks.",)), "id")
    text = telegram_text(message)
    assert "Dia bilang <ya> & tidak." in text and "Konteks." not in text
    assert "Judul artikel 1" in text and hrefs(message)[0].startswith("https://example.com/berita/1#:~:text=")
