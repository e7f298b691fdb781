"""Telegram handlers: one small coroutine per kind of update.

Handlers only translate between Telegram and small pure functions (who is addressed,
what the question is, how to reply — in `addressing`, `render` and `phrases`); the
engine answers through its public `Engine` API only. Registration is in `bot.telegram.app`.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import LinkPreviewOptions, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.search.engine import Engine
from bot.telegram.addressing import extract_question, is_reply_to_bot, mentions_bot, question_problem, reply_language
from bot.telegram.phrases import MAX_QUESTION_CHARS, Lang, language_from_code, phrase, render_help, render_start
from bot.telegram.ratelimit import QuestionRateLimiter, RateVerdict
from bot.telegram.render import render_answers, render_not_found, render_sources

logger = logging.getLogger(__name__)

# Replies are retried this many times on transient network errors or Telegram 5xx,
# with exponential backoff from NETWORK_RETRY_DELAY seconds.
NETWORK_ATTEMPTS = 3
NETWORK_RETRY_DELAY = 0.5
# Telegram shows "typing…" for 5 seconds; a slow search refreshes it a little earlier.
TYPING_REFRESH_SECONDS = 4.0

NO_LINK_PREVIEW = LinkPreviewOptions(is_disabled=True)


@dataclass(frozen=True, slots=True)
class Services:
    """What handlers need besides Telegram, kept in `bot_data` under SERVICES."""

    engine: Engine
    limiter: QuestionRateLimiter
    allowed_chats: frozenset[int]
    answers_per_reply: int
    corpus: str


SERVICES = "kutipan"


def _services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data[SERVICES]


def _message(update: Update) -> Message:
    """The message an update carries: every handler here is registered for messages only."""
    message = update.effective_message
    if message is None:
        raise TypeError(f"update {update.update_id} carries no message")
    return message


def _language_code(update: Update) -> str | None:
    return update.effective_user.language_code if update.effective_user else None


async def _reply(message: Message, text: str) -> None:
    """Sends `text` (Telegram HTML) in answer to `message`. Link previews are off: a
    preview shows one article's card under quotes from several. In groups the question
    is quoted, since conversations interleave there. Transient network errors and 5xx
    are retried (a rare duplicate beats a lost answer); 429 is AIORateLimiter's job."""
    in_group = message.chat.type != ChatType.PRIVATE
    reply_parameters = ReplyParameters(message.message_id, allow_sending_without_reply=True) if in_group else None
    for attempt in range(NETWORK_ATTEMPTS):
        try:
            await message.reply_text(
                text,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_LINK_PREVIEW,
                reply_parameters=reply_parameters,
                do_quote=False,
            )
            return
        except BadRequest:
            raise
        except NetworkError as error:
            if attempt == NETWORK_ATTEMPTS - 1:
                raise
            delay = NETWORK_RETRY_DELAY * 2**attempt
            logger.warning("Reply to chat %s failed (%s); retrying in %.1f s", message.chat_id, error, delay)
            await asyncio.sleep(delay)


async def _send_typing(message: Message) -> None:
    """One "typing…" action. It is cosmetic, so a failure is only worth a debug line;
    a real problem with the chat (blocked, gone) surfaces when the reply is sent."""
    try:
        await message.reply_chat_action(ChatAction.TYPING)
    except TelegramError as error:
        logger.debug("Could not show typing in chat %s: %s", message.chat_id, error)


async def _keep_typing(message: Message) -> None:
    """Renews "typing…" before Telegram's 5 seconds run out, for as long as a search takes."""
    while True:
        await asyncio.sleep(TYPING_REFRESH_SECONDS)
        await _send_typing(message)


@contextlib.asynccontextmanager
async def typing_action(message: Message) -> AsyncIterator[None]:
    """Shows "typing…" while the body runs. The first action is sent concurrently with
    the work but awaited before leaving, so it can never arrive after the reply and
    leave a stale "typing…" behind it."""
    first = asyncio.create_task(_send_typing(message))
    refresh = asyncio.create_task(_keep_typing(message))
    try:
        yield
    finally:
        refresh.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await refresh  # a refresh already on its way lands before the reply, not after
        await first


async def _within_limit(update: Update, context: ContextTypes.DEFAULT_TYPE, lang: Lang) -> bool:
    """Counts a message the bot is about to answer toward its sender's limit: a flood
    of commands or stickers is a flood of replies too. Says so once when over it."""
    services = _services(context)
    message = _message(update)
    user_id = update.effective_user.id if update.effective_user else message.chat_id
    verdict = services.limiter.check(user_id)
    if verdict is RateVerdict.REFUSE_AND_TELL:
        await _reply(message, phrase(lang, "rate_limited", limit=services.limiter.limit))
    return verdict is RateVerdict.ALLOW


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def _limited(handler: Handler) -> Handler:
    """A command or polite-refusal handler that counts toward the sender's limit."""

    @functools.wraps(handler)
    async def limited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await _within_limit(update, context, language_from_code(_language_code(update))):
            await handler(update, context)

    return limited


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Checks, searches and replies to one question addressed to the bot."""
    message = _message(update)
    services = _services(context)
    lang = reply_language(question, _language_code(update), services.engine.language)
    if not await _within_limit(update, context, lang):
        return
    problem = question_problem(question)
    if problem:
        await _reply(message, phrase(lang, problem, limit=MAX_QUESTION_CHARS))
        return
    async with typing_action(message):
        answers = await asyncio.to_thread(services.engine.ask, question, services.answers_per_reply)
    await _reply(message, render_answers(answers, lang) if answers else render_not_found(lang))


def _question_in(message: Message, context: ContextTypes.DEFAULT_TYPE) -> str:
    return extract_question(message.text or "", message.entities, username=context.bot.username, bot_id=context.bot.id)


async def private_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a private chat every text message is a question."""
    await answer_question(update, context, _question_in(_message(update), context))


async def group_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In groups only messages that mention the bot or reply to it are questions;
    everything else is the members talking among themselves."""
    message = _message(update)
    bot = context.bot
    if is_reply_to_bot(message, bot.id) or mentions_bot(
        message.text or "", message.entities, username=bot.username, bot_id=bot.id
    ):
        await answer_question(update, context, _question_in(message, context))


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask QUESTION, anywhere; CommandHandler already ignores /ask@SomeOtherBot."""
    await answer_question(update, context, _question_in(_message(update), context))


@_limited
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the bot does and a question to try."""
    first_name = update.effective_user.first_name if update.effective_user else None
    await _reply(_message(update), render_start(language_from_code(_language_code(update)), first_name))


@_limited
async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help, in English and Indonesian."""
    await _reply(_message(update), render_help(context.bot.username))


@_limited
async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources: the articles the bot quotes from, with links."""
    articles = _services(context).engine.articles()
    for part in render_sources(articles, language_from_code(_language_code(update))):
        await _reply(_message(update), part)


@_limited
async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have, in a private chat: point to /help."""
    await _reply(_message(update), phrase(language_from_code(_language_code(update)), "unknown_command"))


@_limited
async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice… in a private chat: explain that questions are typed."""
    await _reply(_message(update), phrase(language_from_code(_language_code(update)), "not_text"))


async def enforce_allowed_chats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stops updates from chats outside ALLOWED_CHATS before any handler sees them.
    Groups are ignored silently (the bot was added by someone else); a person writing
    privately is told why nothing will happen."""
    chat = update.effective_chat
    if chat is None or chat.id in _services(context).allowed_chats:
        return
    refused: set[int] = context.bot_data.setdefault("refused_chats", set())
    if chat.id not in refused:  # once per chat: with privacy off a group sends every message
        refused.add(chat.id)
        logger.info("Ignoring chat %s: not in ALLOWED_CHATS", chat.id)
    if chat.type == ChatType.PRIVATE and update.effective_message:
        await _reply(_message(update), phrase(language_from_code(_language_code(update)), "not_allowed"))
    raise ApplicationHandlerStop


def _describe(update: object) -> str:
    """Where an error happened, for the log: ids only, never message text or tokens."""
    if isinstance(update, Update):
        chat = update.effective_chat.id if update.effective_chat else None
        user = update.effective_user.id if update.effective_user else None
        return f"update {update.update_id} (chat {chat}, user {user})"
    return "a background task" if update is None else type(update).__name__


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
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
    if isinstance(update, Update) and update.effective_message and reachable:
        try:
            message = _message(update)
            lang = reply_language(message.text or "", _language_code(update), _services(context).engine.language)
            await _reply(message, phrase(lang, "error"))
        except TelegramError as reply_error:
            logger.warning("Could not apologise to %s: %s", where, reply_error)
