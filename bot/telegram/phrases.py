"""The bot's own words, in English and Indonesian; quotes are always shown as written."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Literal

Lang = Literal["en", "id"]

# Questions longer than this are not questions any more (pasted articles, spam); the
# search would be slow and the answer meaningless, so the user is asked to shorten it.
MAX_QUESTION_CHARS = 1000
EXAMPLE_QUESTIONS: dict[Lang, str] = {
    "en": "What did Raisi tell Putin?",
    "id": "Apa kata Raisi kepada Putin?",
}


@dataclass(frozen=True, slots=True)
class Phrases:
    """The bot's own words in one language; quotes are always shown as written."""

    header: str
    also_in: str
    and_more: str
    not_found: str
    empty_question: str
    too_long: str
    no_words: str
    not_text: str
    unknown_command: str
    rate_limited: str
    not_allowed: str
    sources_header: str
    page: str
    error: str
    start: str
    months: tuple[str, ...]
    greeting: str
    thanks: str
    who: str
    ack: str
    nothing_to_continue: str
    no_more: str
    more_header: str
    busy: str
    lang_set: str
    lang_auto: str
    lang_usage: str
    more_button: str
    vote_thanks: str
    too_old: str
    show_answer: str
    unconfirmed: str
    inline_hint: str
    inline_slow_down: str
    slow_down: str
    inline_help_title: str
    inline_help: str


PHRASES: dict[Lang, Phrases] = {
    "en": Phrases(
        header="Here is what I found in the news:",
        also_in="Also in",
        and_more="and {n} more",
        not_found=(
            "I couldn't find a sentence in my articles that answers that. "
            "Try naming the people, places or dates involved, or use fewer words."
        ),
        empty_question="What would you like to know? Write your question, for example:\n<i>{example}</i>",
        too_long="That is a long message! Please shorten your question to under {limit} characters.",
        no_words="I need words to search for. Please ask a question, for example:\n<i>{example}</i>",
        not_text="I can only read text questions. Please type your question, for example:\n<i>{example}</i>",
        unknown_command="I don't know that command. Just type your question, or send /help.",
        rate_limited=(
            "You are asking faster than I can answer. I will still answer the questions already waiting; "
            "please send your next one in {seconds} seconds."
        ),
        not_allowed="Sorry, this bot only answers in certain chats.",
        sources_header="I quote from these {n} articles:",
        page="Page {page} of {pages}",
        error="Sorry, something went wrong on my side. Please try again in a moment.",
        start=(
            "Hello{name}! I answer questions by quoting Indonesian news articles, "
            "with links to the sources. Ask me anything, for example:\n<i>{example}</i>\n\n"
            "Send /help to learn more."
        ),
        months=("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        greeting="Hello! Ask me anything about the news, for example:\n<i>{example}</i>",
        thanks="You're welcome!",
        who=(
            "I am Kutipan, a bot that answers questions by quoting sentences from Indonesian news "
            "articles, with links to the sources. I never write answers of my own. Send /help to learn more."
        ),
        ack="👍 Ask me another question whenever you like.",
        nothing_to_continue="Ask me a question first, for example:\n<i>{example}</i>",
        no_more="That is all I found for this question.",
        more_header="More of what I found ({page}):",
        busy="Many people are asking right now; your answer is coming in about {seconds} seconds.",
        lang_set="From now on I will reply in English.",
        lang_auto="I will reply in the language of your questions again.",
        lang_usage="Use /lang en, /lang id or /lang auto.",
        more_button="More answers",
        vote_thanks="Thanks! Your vote helps me improve.",
        too_old="That message is too old for buttons now; please ask again.",
        show_answer="Show answer",
        unconfirmed=(
            "Telegram did not confirm that my answer arrived. If you don't see it above, tap the button below."
        ),
        inline_hint="Type a question after my name…",
        inline_slow_down="Slow down a little: too many questions just now",
        slow_down="Slow down a little: more answers in {seconds} seconds.",
        inline_help_title="Ask a question about the news",
        inline_help="Type at least {min} characters, e.g. {example}",
    ),
    "id": Phrases(
        header="Ini yang saya temukan di berita:",
        also_in="Juga di",
        and_more="dan {n} lainnya",
        not_found=(
            "Saya tidak menemukan kalimat di artikel saya yang menjawab pertanyaan itu. "
            "Coba sebutkan nama orang, tempat, atau tanggal, atau gunakan lebih sedikit kata."
        ),
        empty_question="Apa yang ingin Anda ketahui? Tulis pertanyaan Anda, misalnya:\n<i>{example}</i>",
        too_long="Pesannya terlalu panjang. Mohon persingkat pertanyaan Anda menjadi kurang dari {limit} karakter.",
        no_words="Saya perlu kata-kata untuk dicari. Silakan ajukan pertanyaan, misalnya:\n<i>{example}</i>",
        not_text=(
            "Saya hanya bisa membaca pertanyaan berupa teks. Silakan ketik pertanyaan Anda, misalnya:\n<i>{example}</i>"
        ),
        unknown_command="Saya tidak mengenal perintah itu. Ketik saja pertanyaan Anda, atau kirim /help.",
        rate_limited=(
            "Anda bertanya lebih cepat daripada yang bisa saya jawab. Pertanyaan yang sudah menunggu tetap "
            "saya jawab; kirim pertanyaan berikutnya dalam {seconds} detik."
        ),
        not_allowed="Maaf, bot ini hanya menjawab di obrolan tertentu.",
        sources_header="Saya mengutip dari {n} artikel berikut:",
        page="Halaman {page} dari {pages}",
        error="Maaf, terjadi kesalahan di pihak saya. Silakan coba lagi sebentar lagi.",
        start=(
            "Halo{name}! Saya menjawab pertanyaan dengan mengutip artikel berita Indonesia, "
            "lengkap dengan tautan ke sumbernya. Tanyakan apa saja, misalnya:\n<i>{example}</i>\n\n"
            "Kirim /help untuk petunjuk lengkap."
        ),
        months=("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
        greeting="Halo! Tanyakan apa saja tentang berita, misalnya:\n<i>{example}</i>",
        thanks="Sama-sama!",
        who=(
            "Saya Kutipan, bot yang menjawab pertanyaan dengan mengutip kalimat dari artikel berita "
            "Indonesia, lengkap dengan tautan ke sumbernya. Saya tidak pernah mengarang jawaban sendiri. "
            "Kirim /help untuk petunjuk lengkap."
        ),
        ack="👍 Silakan bertanya lagi kapan saja.",
        nothing_to_continue="Ajukan pertanyaan dulu, misalnya:\n<i>{example}</i>",
        no_more="Hanya itu yang saya temukan untuk pertanyaan ini.",
        more_header="Temuan lainnya ({page}):",
        busy="Banyak yang bertanya saat ini; jawaban Anda datang dalam sekitar {seconds} detik.",
        lang_set="Mulai sekarang saya akan membalas dalam bahasa Indonesia.",
        lang_auto="Saya akan kembali membalas dalam bahasa pertanyaan Anda.",
        lang_usage="Gunakan /lang en, /lang id atau /lang auto.",
        more_button="Jawaban lain",
        vote_thanks="Terima kasih! Suara Anda membantu saya menjadi lebih baik.",
        too_old="Pesan itu sudah terlalu lama untuk tombol; silakan bertanya lagi.",
        show_answer="Tampilkan jawaban",
        unconfirmed=(
            "Telegram tidak memastikan bahwa jawaban saya sampai. Jika tidak terlihat di atas, ketuk tombol di bawah."
        ),
        inline_hint="Ketik pertanyaan setelah nama saya…",
        inline_slow_down="Pelan-pelan: terlalu banyak pertanyaan barusan",
        slow_down="Pelan-pelan: jawaban lain bisa dalam {seconds} detik.",
        inline_help_title="Ajukan pertanyaan tentang berita",
        inline_help="Ketik minimal {min} karakter, misalnya {example}",
    ),
}

_HELP_TEMPLATE = """<b>How to use Kutipan</b>
Ask a question in plain words. I reply with the sentences from news articles that answer it, each with a link to its source.
• In a private chat, just type your question.
• In a group, mention me ({mention}), reply to one of my messages, or use /ask.
/ask <i>question</i>: ask a question
/sources: the articles I quote from
/lang en|id|auto: the language I reply in
Reply to one of my answers to ask a follow-up; in any chat, type {mention} and a question to share a quote.
Tip: name people, places and dates, for example <i>{example_en}</i>

<b>Cara memakai Kutipan</b>
Ajukan pertanyaan dengan kata-kata biasa. Saya membalas dengan kalimat dari artikel berita yang menjawabnya, masing-masing dengan tautan ke sumbernya.
• Di obrolan pribadi, ketik saja pertanyaan Anda.
• Di grup, sebut saya ({mention}), balas salah satu pesan saya, atau gunakan /ask.
/ask <i>pertanyaan</i>: ajukan pertanyaan
/sources: artikel yang saya kutip
/lang en|id|auto: bahasa balasan saya
Balas salah satu jawaban saya untuk pertanyaan lanjutan; di obrolan mana pun, ketik {mention} dan pertanyaan untuk membagikan kutipan.
Tips: sebutkan nama orang, tempat, dan tanggal, misalnya <i>{example_id}</i>"""


def language_from_code(language_code: str | None) -> Lang:
    """The language to greet in before the user has written anything (Telegram's client language)."""
    return "id" if language_code and language_code.lower().startswith(("id", "ms")) else "en"


def phrase(lang: Lang, key: str, **values: object) -> str:
    """One of the bot's own messages in `lang`, as Telegram HTML (values are escaped here)."""
    template: str = getattr(PHRASES[lang], key)
    escaped = {name: html.escape(str(value)) for name, value in values.items()}
    return template.format(example=html.escape(EXAMPLE_QUESTIONS[lang]), **escaped)


def render_start(lang: Lang, first_name: str | None) -> str:
    """The /start greeting, with an example question the bundled corpus can answer."""
    name = f", {first_name}" if first_name else ""
    return phrase(lang, "start", name=name)


def render_help(username: str | None) -> str:
    """/help in English and Indonesian together: /help is where people land before we know their language."""
    return _HELP_TEMPLATE.format(
        mention=html.escape(f"@{username}" if username else "@bot"),
        example_en=html.escape(EXAMPLE_QUESTIONS["en"]),
        example_id=html.escape(EXAMPLE_QUESTIONS["id"]),
    )
