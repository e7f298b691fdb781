"""Telegram handlers: one small coroutine per kind of update.

Handlers only translate between Telegram and small pure functions (who is addressed,
what the question is, small talk and follow-ups, how to reply — in `addressing`,
`conversation`, `render` and `phrases`); sending is `delivery`'s job; the engine
answers through its public `Engine` API only. Registration is in `bot.telegram.app`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    ReactionTypeEmoji,
    Update,
    User,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.eval.feedback import FeedbackStore, Vote
from bot.model import Answer
from bot.search.dates import news_today
from bot.search.engine import Engine
from bot.telegram.addressing import extract_question, is_reply_to_bot, mentions_bot, question_problem
from bot.telegram.conversation import (
    Bounded,
    LastQuestion,
    choose_language,
    combined_question,
    decode_start_payload,
    encode_start_payload,
    is_follow_up,
    small_talk,
    words_decide_language,
)
from bot.telegram.delivery import NO_LINK_PREVIEW, Delivery, Unconfirmed
from bot.telegram.phrases import MAX_QUESTION_CHARS, Lang, phrase, render_help, render_start
from bot.telegram.ratelimit import QuestionRateLimiter
from bot.telegram.render import (
    QUOTE_NUMBERS,
    layout_answers,
    page_of,
    render_inline_quote,
    render_not_found,
    render_sources_page,
    sources_page_count,
)

logger = logging.getLogger(__name__)

# "typing…" is shown only when a search is still running after this long: most are
# faster, and every chat action costs a request against Telegram's ~30 a second.
TYPING_AFTER_SECONDS = 0.5
# Telegram shows "typing…" for 5 seconds; a slow search refreshes it a little earlier.
TYPING_REFRESH_SECONDS = 4.0
# A private message this soon after a question may continue it (see is_follow_up).
FOLLOW_UP_SECONDS = 180.0
# When answers queue for longer than this, a new asker is told that theirs is coming
# (a chat at most once in BUSY_NOTICE_EVERY_SECONDS: the notices queue-jump, but cost).
BUSY_NOTICE_SECONDS = 20.0
BUSY_NOTICE_EVERY_SECONDS = 60.0
# Chats, users and answer messages remembered (least recently used forgotten first).
MEMORY_CHATS = 10_000
MEMORY_MESSAGES = 50_000
# /sources lines per page: a group gets a shorter page, it is everyone's screen.
SOURCES_PER_PAGE = 10
SOURCES_PER_PAGE_GROUP = 5
# Inline mode: queries shorter than this get a hint; results are cached this long,
# by Telegram (cache_time) and in-process for identical queries.
INLINE_MIN_CHARS = 3
INLINE_RESULTS = 5
INLINE_CACHE_SECONDS = 60
THANKS_REACTION = "👍"


@dataclass(frozen=True, slots=True)
class Shown:
    """An answer message as sent: what its buttons and replies to it act on."""

    question: str
    lang: Lang
    page: int
    answers: tuple[Answer, ...]
    has_more: bool


@dataclass(slots=True)
class Memory:
    """What the bot remembers between messages, bounded so it cannot grow forever."""

    last_question: Bounded[int, LastQuestion] = field(default_factory=lambda: Bounded(MEMORY_CHATS))
    last_answer: Bounded[int, int] = field(default_factory=lambda: Bounded(MEMORY_CHATS))
    shown: Bounded[tuple[int, int], Shown] = field(default_factory=lambda: Bounded(MEMORY_MESSAGES))
    reply_to_question: Bounded[tuple[int, int], int] = field(default_factory=lambda: Bounded(MEMORY_MESSAGES))
    pinned_lang: Bounded[int, Lang] = field(default_factory=lambda: Bounded(MEMORY_CHATS))
    last_lang: Bounded[int, Lang] = field(default_factory=lambda: Bounded(MEMORY_CHATS))
    told_busy: Bounded[int, float] = field(default_factory=lambda: Bounded(MEMORY_CHATS))
    inline: Bounded[tuple[str, Lang], tuple[float, list[InlineQueryResultArticle]]] = field(
        default_factory=lambda: Bounded(1000)
    )


@dataclass(frozen=True, slots=True)
class Services:
    """What handlers need besides Telegram, kept in `bot_data` under SERVICES."""

    engine: Engine
    limiter: QuestionRateLimiter
    allowed_chats: frozenset[int]
    answers_per_reply: int
    corpus: str
    feedback: FeedbackStore
    delivery: Delivery = field(default_factory=Delivery)
    memory: Memory = field(default_factory=Memory)


SERVICES = "kutipan"
Context = ContextTypes.DEFAULT_TYPE


def _services(context: Context) -> Services:
    return context.bot_data[SERVICES]


def _message(update: Update) -> Message:
    """The message an update carries (new or edited)."""
    message = update.effective_message
    if message is None:
        raise TypeError(f"update {update.update_id} carries no message")
    return message


def _user_id(update: Update) -> int:
    if update.effective_user:
        return update.effective_user.id
    return _message(update).chat_id


def _language(update: Update, context: Context, text: str) -> Lang:
    """The reply language for `text` from this user (see choose_language); remembers the
    language their words said, for their next wordless message."""
    memory = _services(context).memory
    user = update.effective_user
    user_id = _user_id(update)
    lang = choose_language(
        text,
        pinned=memory.pinned_lang.get(user_id),
        language_code=user.language_code if user else None,
        last=memory.last_lang.get(user_id),
        detect=_services(context).engine.language,
    )
    if words_decide_language(text):
        memory.last_lang.put(user_id, lang)
    return lang


def _client_language(update: Update, context: Context) -> Lang:
    return _language(update, context, "")


def _in_group(message: Message) -> bool:
    return message.chat.type != ChatType.PRIVATE


def _keyboard(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def _answer_keyboard(shown: Shown) -> InlineKeyboardMarkup:
    """👍 for each quote (numbered like the quotes when there are several), one 👎 for
    "none of these answers", and "More answers" when there are more."""
    last = [("👎", "down")]
    if shown.has_more:
        last.append((f"{phrase(shown.lang, 'more_button')} ▸", "more"))
    if len(shown.answers) == 1:
        return _keyboard([[("👍", "up:0"), *last]])
    return _keyboard([[(f"👍 {QUOTE_NUMBERS[i]}", f"up:{i}") for i in range(len(shown.answers))], last])


def _present(shown: Shown) -> tuple[str, InlineKeyboardMarkup, Shown]:
    """The message for `shown`, its buttons, and `shown` with its answers in the order
    displayed (what the numbered 👍 buttons refer to)."""
    header = phrase(shown.lang, "more_header", page=shown.page + 1) if shown.page else None
    text, displayed = layout_answers(shown.answers, shown.lang, header=header)
    shown = replace(shown, answers=tuple(displayed))
    return text, _answer_keyboard(shown), shown


# --- sending --------------------------------------------------------------------------


async def _say(update: Update, context: Context, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Replies with one of the bot's own messages. An edited question edits the reply
    it got before, so the chat shows one answer per question."""
    message = _message(update)
    services = _services(context)
    key = (message.chat_id, message.message_id)
    earlier = services.memory.reply_to_question.get(key) if update.edited_message else None
    if earlier is not None:
        await services.delivery.edit(context.bot, message.chat_id, earlier, text, markup)
        return
    reply_to = message.message_id if _in_group(message) else None
    try:
        sent = await services.delivery.send(context.bot, message.chat_id, text, reply_to=reply_to, markup=markup)
    except Unconfirmed as error:
        logger.warning("Reply in chat %s unconfirmed (%s); not resent", message.chat_id, error)
        return
    services.memory.reply_to_question.put(key, sent.message_id)


async def _notify(context: Context, message: Message, text: str) -> None:
    """A short notice that does not queue behind answers (busy, rate limit)."""
    reply_to = message.message_id if _in_group(message) else None
    try:
        await _services(context).delivery.send(context.bot, message.chat_id, text, reply_to=reply_to, queued=False)
    except Unconfirmed as error:
        logger.warning("Notice in chat %s unconfirmed: %s", message.chat_id, error)


async def _send_answer(update: Update, context: Context, shown: Shown) -> None:
    """Sends (or, for an edited question, edits in) an answer with its buttons, and
    remembers it. If Telegram does not confirm the send, the answer is not resent (it
    may have arrived): a notice offers it behind a "Show answer" button instead."""
    message = _message(update)
    services = _services(context)
    memory = services.memory
    key = (message.chat_id, message.message_id)
    text, markup, shown = _present(shown)
    earlier = memory.reply_to_question.get(key) if update.edited_message else None
    if earlier is not None:
        await services.delivery.edit(context.bot, message.chat_id, earlier, text, markup)
        sent_id = earlier
    else:
        reply_to = message.message_id if _in_group(message) else None
        try:
            sent = await services.delivery.send(context.bot, message.chat_id, text, reply_to=reply_to, markup=markup)
            sent_id = sent.message_id
        except Unconfirmed as error:
            logger.warning("Answer in chat %s unconfirmed (%s); offering it behind a button", message.chat_id, error)
            show = _keyboard([[(phrase(shown.lang, "show_answer"), "show")]])
            try:
                notice = await services.delivery.send(
                    context.bot, message.chat_id, phrase(shown.lang, "unconfirmed"), reply_to=reply_to, markup=show
                )
            except Unconfirmed:
                logger.warning("Notice in chat %s unconfirmed too; the answer has most likely arrived", message.chat_id)
                return
            sent_id = notice.message_id
    memory.shown.put((message.chat_id, sent_id), shown)
    memory.reply_to_question.put(key, sent_id)
    memory.last_answer.put(message.chat_id, sent_id)


async def _send_typing(message: Message) -> None:
    """One "typing…" action. It is cosmetic, so a failure is only worth a debug line."""
    try:
        await message.reply_chat_action(ChatAction.TYPING)
    except TelegramError as error:
        logger.debug("Could not show typing in chat %s: %s", message.chat_id, error)


@contextlib.asynccontextmanager
async def _typing(message: Message) -> AsyncIterator[None]:
    """Shows "typing…" (renewed before Telegram's 5 s run out) while the body runs."""

    async def keep_typing() -> None:
        while True:
            await _send_typing(message)
            await asyncio.sleep(TYPING_REFRESH_SECONDS)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task  # stopped before the reply goes out, so no "typing…" follows it


async def _search(message: Message, engine: Engine, question: str, k: int) -> list[Answer]:
    """The engine's answers (in a worker thread); "typing…" only if it takes a while."""
    search = asyncio.ensure_future(asyncio.to_thread(engine.ask, question, k, news_today()))
    done, _ = await asyncio.wait({search}, timeout=TYPING_AFTER_SECONDS)
    if done:
        return search.result()
    async with _typing(message):
        return await search


# --- questions ------------------------------------------------------------------------


async def _previous_question(update: Update, context: Context, text: str) -> str | None:
    """The question `text` follows, if any: the one answered by the message it replies
    to, or (in a private chat) the last one, if recent and `text` continues it (read
    by the engine, in a worker thread: see is_follow_up)."""
    message = _message(update)
    services = _services(context)
    memory = services.memory
    replied = message.reply_to_message
    if replied is not None and is_reply_to_bot(message, context.bot.id):
        shown = memory.shown.get((message.chat_id, replied.message_id))
        return shown.question if shown else None
    last = memory.last_question.get(message.chat_id)
    if _in_group(message) or last is None or time.monotonic() - last.at > FOLLOW_UP_SECONDS:
        return None
    follows = await asyncio.to_thread(is_follow_up, text, last.question, services.engine.analyze)
    return last.question if follows else None


async def _answer(update: Update, context: Context, question: str, lang: Lang) -> None:
    """Searches and sends the first page of answers, or a friendly "not found"."""
    message = _message(update)
    services = _services(context)
    wait = services.delivery.estimated_wait()
    told = services.memory.told_busy.get(message.chat_id)
    if wait > BUSY_NOTICE_SECONDS and (told is None or time.monotonic() - told > BUSY_NOTICE_EVERY_SECONDS):
        services.memory.told_busy.put(message.chat_id, time.monotonic())
        await _notify(context, message, phrase(lang, "busy", seconds=round(wait)))
    per_page = services.answers_per_reply
    found = await _search(message, services.engine, question, per_page + 1)
    services.memory.last_question.put(message.chat_id, LastQuestion(question, time.monotonic()))
    if not found:
        await _say(update, context, render_not_found(lang))
        return
    answers, has_more = page_of(found, 0, per_page)
    await _send_answer(update, context, Shown(question, lang, 0, tuple(answers), has_more))


async def _when_allowed(update: Update, context: Context, lang: Lang, reply: Callable[[], Awaitable[None]]) -> None:
    """Runs `reply` now, later (queued by the sender's token bucket, without holding
    up other updates), or not at all with a notice of when to ask again."""
    admission = _services(context).limiter.admit(_user_id(update))
    if not admission.admitted:
        if admission.tell:
            await _notify(context, _message(update), phrase(lang, "rate_limited", seconds=admission.retry_after))
        return
    if admission.delay <= 0:
        await reply()
        return

    async def later() -> None:
        await asyncio.sleep(admission.delay)
        await reply()

    context.application.create_task(later(), update=update, name=f"queued reply to update {update.update_id}")


async def _small_talk(update: Update, context: Context, kind: str, lang: Lang) -> None:
    """Greetings, thanks, "who are you", "help", "more": a brief reply, no search. In a
    group, thanks get a reaction: a "you're welcome" there would be noise for everyone."""
    message = _message(update)
    if kind == "thanks" and _in_group(message):
        try:
            await message.set_reaction(ReactionTypeEmoji(THANKS_REACTION))
        except TelegramError as error:
            logger.debug("Could not react in chat %s: %s", message.chat_id, error)
        return
    if kind == "help":
        await _say(update, context, render_help(context.bot.username))
    elif kind == "more":
        await _more_as_message(update, context, lang)
    else:
        await _say(update, context, phrase(lang, kind))


async def _more_as_message(update: Update, context: Context, lang: Lang) -> None:
    """A typed "more": the next page of the chat's last answer, as a new message."""
    services = _services(context)
    chat_id = _message(update).chat_id
    last = services.memory.last_answer.get(chat_id)
    shown = services.memory.shown.get((chat_id, last)) if last is not None else None
    if shown is None:
        await _say(update, context, phrase(lang, "nothing_to_continue"))
        return
    if not shown.has_more:
        await _say(update, context, phrase(shown.lang, "no_more"))
        return
    await _send_answer(update, context, await _next_page(services, shown))


async def _next_page(services: Services, shown: Shown) -> Shown:
    per_page = services.answers_per_reply
    page = shown.page + 1
    found = await asyncio.to_thread(services.engine.ask, shown.question, per_page * (page + 1) + 1, news_today())
    answers, has_more = page_of(found, page, per_page)
    return Shown(shown.question, shown.lang, page, tuple(answers), has_more) if answers else shown


async def respond(update: Update, context: Context, text: str, *, may_follow: bool = True) -> None:
    """Answers one message addressed to the bot: small talk briefly, a problem politely,
    a question (with the one it follows, if `may_follow` and it is a follow-up) by searching."""
    lang = _language(update, context, text)
    talk = small_talk(text, context.bot.username)
    if talk is not None:
        kind, talk_lang = talk  # the phrase says its language better than detection can
        chosen = _services(context).memory.pinned_lang.get(_user_id(update)) or talk_lang
        await _when_allowed(update, context, chosen, lambda: _small_talk(update, context, kind, chosen))
        return
    problem = question_problem(text)
    if problem:
        await _when_allowed(
            update, context, lang, lambda: _say(update, context, phrase(lang, problem, limit=MAX_QUESTION_CHARS))
        )
        return
    previous = await _previous_question(update, context, text) if may_follow else None
    question = combined_question(previous, text, MAX_QUESTION_CHARS) if previous else text
    await _when_allowed(update, context, lang, lambda: _answer(update, context, question, lang))


def _question_in(message: Message, context: Context) -> str:
    """The question in a message or a photo/document caption, without command and mentions."""
    text = message.text if message.text is not None else (message.caption or "")
    entities = message.entities if message.text is not None else message.caption_entities
    return extract_question(text, entities, username=context.bot.username, bot_id=context.bot.id)


def _addressed_in_group(message: Message, context: Context) -> bool:
    bot = context.bot
    text = message.text if message.text is not None else (message.caption or "")
    entities = message.entities if message.text is not None else message.caption_entities
    return is_reply_to_bot(message, bot.id) or mentions_bot(text, entities, username=bot.username, bot_id=bot.id)


async def private_question(update: Update, context: Context) -> None:
    """In a private chat every text message (or caption) is a question."""
    await respond(update, context, _question_in(_message(update), context))


async def group_message(update: Update, context: Context) -> None:
    """In groups only messages that mention the bot or reply to it are questions;
    everything else is the members talking among themselves."""
    message = _message(update)
    if _addressed_in_group(message, context):
        await respond(update, context, _question_in(message, context))


async def edited_question(update: Update, context: Context) -> None:
    """An edited question is answered again, by editing the earlier reply."""
    message = _message(update)
    if not _in_group(message) or _addressed_in_group(message, context):
        await respond(update, context, _question_in(message, context))


async def ask(update: Update, context: Context) -> None:
    """/ask QUESTION, anywhere; CommandHandler already ignores /ask@SomeOtherBot."""
    await respond(update, context, _question_in(_message(update), context))


# --- commands -------------------------------------------------------------------------


async def start(update: Update, context: Context) -> None:
    """/start, never rate limited. A deep link (t.me/<bot>?start=<payload>) opens with
    its question or topic answered; "help" opens with /help."""
    payload = decode_start_payload(context.args[0]) if context.args else None
    if payload == "help":
        await _say(update, context, render_help(context.bot.username))
    elif payload:
        await respond(update, context, payload, may_follow=False)  # a link opens a new topic
    else:
        user: User | None = update.effective_user
        await _say(update, context, render_start(_client_language(update, context), user.first_name if user else None))


async def help_command(update: Update, context: Context) -> None:
    """/help, in English and Indonesian; never rate limited."""
    await _say(update, context, render_help(context.bot.username))


def _sources_view(services: Services, lang: Lang, page: int, in_group: bool) -> tuple[str, InlineKeyboardMarkup | None]:
    per_page = SOURCES_PER_PAGE_GROUP if in_group else SOURCES_PER_PAGE
    articles = services.engine.articles()
    pages = sources_page_count(len(articles), per_page)
    page = min(max(page, 0), pages - 1)
    text = render_sources_page(articles, lang, page, per_page)
    if pages == 1:
        return text, None
    row = [("◀", f"src:{page - 1}")] if page > 0 else []
    row += [("▶", f"src:{page + 1}")] if page < pages - 1 else []
    return text, _keyboard([row])


async def sources(update: Update, context: Context) -> None:
    """/sources: the articles the bot quotes from, one page at a time with buttons."""
    lang = _client_language(update, context)

    async def reply() -> None:
        text, markup = _sources_view(_services(context), lang, 0, _in_group(_message(update)))
        await _say(update, context, text, markup)

    await _when_allowed(update, context, lang, reply)


async def lang_command(update: Update, context: Context) -> None:
    """/lang en|id|auto: pins the reply language, or goes back to following the question."""
    memory = _services(context).memory
    choice = context.args[0].lower() if context.args else ""
    user_id = _user_id(update)

    async def reply() -> None:
        if choice in ("en", "id"):
            pinned: Lang = "en" if choice == "en" else "id"
            memory.pinned_lang.put(user_id, pinned)
            await _say(update, context, phrase(pinned, "lang_set"))
        elif choice == "auto":
            memory.pinned_lang.pop(user_id)
            await _say(update, context, phrase(_client_language(update, context), "lang_auto"))
        else:
            await _say(update, context, phrase(_client_language(update, context), "lang_usage"))

    await _when_allowed(update, context, _client_language(update, context), reply)


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have, in a private chat: point to /help."""
    lang = _client_language(update, context)
    await _when_allowed(update, context, lang, lambda: _say(update, context, phrase(lang, "unknown_command")))


async def not_text(update: Update, context: Context) -> None:
    """Stickers, voice… in a private chat: explain that questions are typed."""
    lang = _client_language(update, context)
    await _when_allowed(update, context, lang, lambda: _say(update, context, phrase(lang, "not_text")))


# --- buttons --------------------------------------------------------------------------


async def _vote(update: Update, context: Context, shown: Shown, data: str) -> str:
    """Stores a 👍 on the chosen quote, or a 👎 on every quote shown ("none of these
    answers"); one vote per person and answer, a new one replacing the old."""
    message = _message(update)
    if data == "down":
        voted, value = list(shown.answers), -1
    else:
        index = int(data[3:]) if data[3:].isdigit() else -1
        if not 0 <= index < len(shown.answers):
            return phrase(shown.lang, "too_old")
        voted, value = [shown.answers[index]], 1
    votes = [
        Vote(message.chat_id, _user_id(update), shown.question, shown.lang, a.text, a.article.id, a.article.url, value)
        for a in voted
    ]
    await asyncio.to_thread(_services(context).feedback.record, votes)
    return phrase(shown.lang, "vote_thanks")


async def _press(update: Update, context: Context, data: str) -> str | None:
    """Acts on a button and returns the toast to show, if any."""
    services = _services(context)
    message = _message(update)
    lang = _client_language(update, context)
    if data.startswith("src:"):
        page = int(data[4:]) if data[4:].lstrip("-").isdigit() else 0
        text, markup = _sources_view(services, lang, page, _in_group(message))
        await services.delivery.edit(context.bot, message.chat_id, message.message_id, text, markup)
        return None
    if data not in ("down", "more", "show") and not data.startswith("up:"):
        return None  # a button of another version of the bot
    shown = services.memory.shown.get((message.chat_id, message.message_id))
    if shown is None:
        return phrase(lang, "too_old")
    if data == "down" or data.startswith("up:"):
        return await _vote(update, context, shown, data)
    if data == "more":
        admission = services.limiter.admit_now(_user_id(update))  # a search, like a question
        if not admission.admitted:
            return phrase(shown.lang, "slow_down", seconds=admission.retry_after)
        shown = await _next_page(services, shown)
    text, markup, shown = _present(shown)
    await services.delivery.edit(context.bot, message.chat_id, message.message_id, text, markup)
    services.memory.shown.put((message.chat_id, message.message_id), shown)
    return None


async def button(update: Update, context: Context) -> None:
    """Every button press: acted on, then always answered (Telegram shows a spinner
    on the button until answerCallbackQuery). A press on a message the bot can no
    longer read or edit (deleted, or too old: an InaccessibleMessage, or a Message
    dated 0 as python-telegram-bot may parse one) is told so, not acted on."""
    query = update.callback_query
    if query is None:
        return
    toast: str | None = None
    try:
        readable = isinstance(query.message, Message) and query.message.is_accessible
        if query.data and not readable:
            toast = phrase(_client_language(update, context), "too_old")
        elif query.data:
            toast = await _press(update, context, query.data)
    finally:
        with contextlib.suppress(TelegramError):
            await query.answer(toast)


# --- inline mode ----------------------------------------------------------------------


def _inline_results(answers: list[Answer], lang: Lang, question: str, username: str) -> list[InlineQueryResultArticle]:
    """One result per quote. The posted quote carries a deep link that opens the bot
    with the same question, so others in that chat can read more (when it fits in a
    start payload)."""
    payload = encode_start_payload(question)
    markup = (
        InlineKeyboardMarkup(
            [[InlineKeyboardButton(phrase(lang, "more_button"), url=f"https://t.me/{username}?start={payload}")]]
        )
        if payload
        else None
    )
    results = []
    for number, found in enumerate(answers):
        article = found.article
        results.append(
            InlineQueryResultArticle(
                id=str(number),
                title=found.text[:120],
                description=" · ".join(part for part in (article.source, article.title) if part)[:200],
                input_message_content=InputTextMessageContent(
                    render_inline_quote(found, lang), parse_mode=ParseMode.HTML, link_preview_options=NO_LINK_PREVIEW
                ),
                reply_markup=markup,
            )
        )
    return results


async def inline_query(update: Update, context: Context) -> None:
    """@bot question, in any chat: the top quotes to pick from, each posting the quote
    with its source link. Short queries get a button that opens the bot's help."""
    query = update.inline_query
    if query is None:
        return
    text = " ".join(query.query.split())[:MAX_QUESTION_CHARS]
    lang = _language(update, context, text)
    if len(text) < INLINE_MIN_CHARS or question_problem(text):
        hint = InlineQueryResultsButton(text=phrase(lang, "inline_hint"), start_parameter="help")
        await query.answer([], cache_time=INLINE_CACHE_SECONDS, button=hint)
        return
    services = _services(context)
    key = (text.lower(), lang)
    cached = services.memory.inline.get(key)
    if cached is not None and time.monotonic() - cached[0] < INLINE_CACHE_SECONDS:
        results = cached[1]
    else:
        # A search takes a token from the asker's bucket, now or not at all: Telegram
        # sends a query per pause in typing and wants the answer within seconds.
        if not services.limiter.admit_now(_user_id(update)).admitted:
            slow = InlineQueryResultsButton(text=phrase(lang, "inline_slow_down"), start_parameter="help")
            await query.answer([], cache_time=0, is_personal=True, button=slow)
            return
        answers = await asyncio.to_thread(services.engine.ask, text, INLINE_RESULTS, news_today())
        results = _inline_results(answers, lang, text, context.bot.username)
        services.memory.inline.put(key, (time.monotonic(), results))
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=False)


# --- access and errors ----------------------------------------------------------------


async def enforce_allowed_chats(update: Update, context: Context) -> None:
    """Stops updates from chats outside ALLOWED_CHATS before any handler sees them.
    Groups are ignored silently (the bot was added by someone else); a person writing
    privately is told why nothing will happen. An update without a chat (an inline
    query, typed in any chat) is judged by its sender: a private chat's id is its
    user's id, so listing a person's chat lets them use inline mode too; anyone else
    gets no results (personal, so nobody else is served them from Telegram's cache)."""
    allowed = _services(context).allowed_chats
    chat = update.effective_chat
    user = update.effective_user
    if chat is not None and chat.id in allowed:
        return
    if chat is None and user is not None and user.id in allowed:
        return
    refused_id = chat.id if chat is not None else user.id if user is not None else None
    refused: set[int | None] = context.bot_data.setdefault("refused_chats", set())
    if refused_id not in refused:  # once per chat: with privacy off a group sends every message
        refused.add(refused_id)
        what = "chat" if chat is not None else "inline user"
        logger.info("Ignoring %s %s: not in ALLOWED_CHATS", what, refused_id)
    if chat is not None and chat.type == ChatType.PRIVATE and update.message:
        await _say(update, context, phrase(_client_language(update, context), "not_allowed"))
    with contextlib.suppress(TelegramError):
        if update.callback_query:  # every press is answered, or its button keeps spinning
            await update.callback_query.answer()
        if update.inline_query:
            await update.inline_query.answer([], cache_time=INLINE_CACHE_SECONDS, is_personal=True)
    raise ApplicationHandlerStop


def _describe(update: object) -> str:
    """Where an error happened, for the log: ids only, never message text or tokens."""
    if isinstance(update, Update):
        chat = update.effective_chat.id if update.effective_chat else None
        user = update.effective_user.id if update.effective_user else None
        return f"update {update.update_id} (chat {chat}, user {user})"
    return "a background task" if update is None else type(update).__name__


async def on_error(update: object, context: Context) -> None:
    """The one error handler: logs each failure with where it happened and keeps the
    bot running. Chats that are gone or blocked the bot are routine (WARNING); an
    unexpected failure is logged with its traceback and the asker gets an apology
    instead of silence."""
    error = context.error
    where = _describe(update)
    if isinstance(error, Forbidden) or (isinstance(error, BadRequest) and "chat not found" in error.message.lower()):
        logger.warning("Cannot write to %s: %s", where, error)
        return
    if isinstance(error, (NetworkError, RetryAfter)) and not isinstance(error, BadRequest):
        logger.warning("Telegram request failed for %s after retries: %s", where, error)
        return
    logger.error("Failed to handle %s", where, exc_info=error)
    # A reply Telegram refused (BadRequest) gets a plain apology in its place; other
    # Telegram failures mean the chat cannot be reached, so there is no one to tell.
    reachable = not isinstance(error, TelegramError) or isinstance(error, BadRequest)
    if isinstance(update, Update) and (update.message or update.edited_message) and reachable:
        message = _message(update)
        try:
            lang = _language(update, context, message.text or message.caption or "")
            await _services(context).delivery.send(context.bot, message.chat_id, phrase(lang, "error"), queued=False)
        except (TelegramError, Unconfirmed) as reply_error:
            logger.warning("Could not apologise to %s: %s", where, reply_error)
