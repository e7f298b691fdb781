"""The Telegram face of Kutipan: handlers, their registration, and how the bot runs.

Built like python-telegram-bot's examples: one small coroutine per handler, all
registered in `build_application`, one error handler. Handlers only translate
between Telegram and small pure functions (who is addressed, what the question is,
how to reply — the latter in `bot.render`), which are unit-tested on their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import functools
import logging
import re
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.engine import Engine
from bot.render import (
    EXAMPLE_QUESTIONS,
    MAX_QUESTION_CHARS,
    Lang,
    language_from_code,
    phrase,
    render_answers,
    render_help,
    render_not_found,
    render_sources,
    render_start,
)
from bot.settings import Settings

logger = logging.getLogger(__name__)

# Only new messages are fetched: edits would re-ask old questions, and the bot has no
# buttons, inline mode or channel presence.
ALLOWED_UPDATES = [Update.MESSAGE]
# Searches run in threads, so many chats can wait on the engine at once.
CONCURRENT_UPDATES = 64
# AIORateLimiter retries a 429 RetryAfter this many times before giving up on a request.
RETRY_AFTER_RETRIES = 3
# Replies are retried this many times on transient network errors or Telegram 5xx,
# with exponential backoff from NETWORK_RETRY_DELAY seconds.
NETWORK_ATTEMPTS = 3
NETWORK_RETRY_DELAY = 0.5
# Telegram shows "typing…" for 5 seconds; a slow search refreshes it a little earlier.
TYPING_REFRESH_SECONDS = 4.0
# Connection-level startup failures (not a bad token) are retried this many times.
BOOTSTRAP_RETRIES = 3

NO_LINK_PREVIEW = LinkPreviewOptions(is_disabled=True)

COMMANDS: dict[Lang, list[BotCommand]] = {
    "en": [
        BotCommand("start", "Start here: what this bot does"),
        BotCommand("help", "How to ask (English and Indonesian)"),
        BotCommand("ask", "Ask a question: /ask what did Raisi tell Putin?"),
        BotCommand("sources", "The news articles I quote from"),
    ],
    "id": [
        BotCommand("start", "Mulai di sini: apa yang dilakukan bot ini"),
        BotCommand("help", "Cara bertanya (Inggris dan Indonesia)"),
        BotCommand("ask", "Ajukan pertanyaan: /ask apa kata Raisi kepada Putin?"),
        BotCommand("sources", "Artikel berita yang saya kutip"),
    ],
}


# --- language ------------------------------------------------------------------------


def reply_language(question: str, language_code: str | None) -> Lang:
    """The asker's language: from their words when there are any, else from their client."""
    if any(ch.isalpha() for ch in question):
        return "id" if Engine.language(question) == "id" else "en"
    return language_from_code(language_code)


# --- addressing and question extraction (pure) ---------------------------------------


def _mention_pattern(username: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w@])@{re.escape(username)}(?!\w)", re.IGNORECASE)


def mentions_bot(text: str, entities: Sequence[MessageEntity], *, username: str, bot_id: int) -> bool:
    """Whether the message names the bot: "@username" anywhere (usernames are
    case-insensitive), or a text_mention of the bot (a mention of a name, not a handle)."""
    if _mention_pattern(username).search(text):
        return True
    return any(e.type == MessageEntity.TEXT_MENTION and e.user is not None and e.user.id == bot_id for e in entities)


def is_reply_to_bot(message: Message, bot_id: int) -> bool:
    """Whether the message answers one of the bot's messages. In forum topics every
    message "replies" to the topic's opening service message, which is not a reply."""
    replied = message.reply_to_message
    return (
        replied is not None
        and replied.forum_topic_created is None
        and replied.from_user is not None
        and replied.from_user.id == bot_id
    )


def _remove_utf16_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Removes (offset, length) spans given, as Telegram gives them, in UTF-16 code units."""
    data = text.encode("utf-16-le")
    for offset, length in sorted(spans, reverse=True):
        data = data[: 2 * offset] + data[2 * (offset + length) :]
    return data.decode("utf-16-le")


# What removing a mention leaves behind: "Raisi, @bot?" -> "Raisi, ?" -> "Raisi,?" -> "Raisi?"
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[,.;:?!])")
_DANGLING_SEPARATOR = re.compile(r"[,;:]+(?=[?!.])")


def extract_question(text: str, entities: Sequence[MessageEntity], *, username: str, bot_id: int) -> str:
    """The question in a message addressed to the bot: without a leading command
    ("/ask", "/ask@bot"), without mentions of the bot, whitespace collapsed, and without
    the commas or colons that followed the mention ("@bot, what…")."""
    spans = [
        (e.offset, e.length)
        for index, e in enumerate(entities)
        if (e.type == MessageEntity.BOT_COMMAND and index == 0 and e.offset == 0)
        or (e.type == MessageEntity.TEXT_MENTION and e.user is not None and e.user.id == bot_id)
    ]
    question = _mention_pattern(username).sub(" ", _remove_utf16_spans(text, spans))
    question = _SPACE_BEFORE_PUNCTUATION.sub("", " ".join(question.split()))
    return _DANGLING_SEPARATOR.sub("", question).strip(" ,:;")


def question_problem(question: str) -> str | None:
    """Why `question` cannot be searched, as the name of the phrase that says so; None if it can."""
    if not question:
        return "empty_question"
    if len(question) > MAX_QUESTION_CHARS:
        return "too_long"
    if not any(ch.isalnum() for ch in question):
        return "no_words"
    return None


def webhook_path(webhook_url: str) -> str:
    """The path to serve the webhook on: the one Telegram is told to post to."""
    return urlsplit(webhook_url).path.strip("/")


# --- per-user rate limit --------------------------------------------------------------


class RateVerdict(enum.Enum):
    """What to do with a question, as QuestionRateLimiter decides it."""

    ALLOW = "allow"
    REFUSE_AND_TELL = "refuse and tell"
    REFUSE_SILENTLY = "refuse silently"


class QuestionRateLimiter:
    """At most `limit` questions per user in any `window` seconds (a sliding window),
    so one person cannot monopolise the engine. A refused user is told once per window:
    telling them on every message would itself be the flood. `limit` 0 disables it."""

    # Users idle for a whole window are forgotten once this many are tracked.
    MAX_TRACKED_USERS = 10_000

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._hits: dict[int, deque[float]] = {}
        self._told_at: dict[int, float] = {}

    def check(self, user_id: int) -> RateVerdict:
        """Counts a question by `user_id` if allowed, and says what to do with it."""
        if self.limit <= 0:
            return RateVerdict.ALLOW
        now = self._clock()
        if len(self._hits) > self.MAX_TRACKED_USERS:
            self._forget_idle(now)
        hits = self._hits.setdefault(user_id, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) < self.limit:
            hits.append(now)
            return RateVerdict.ALLOW
        told = self._told_at.get(user_id)
        if told is not None and now - told < self.window:
            return RateVerdict.REFUSE_SILENTLY
        self._told_at[user_id] = now
        return RateVerdict.REFUSE_AND_TELL

    def _forget_idle(self, now: float) -> None:
        for user_id, hits in list(self._hits.items()):
            if not hits or hits[-1] <= now - self.window:
                del self._hits[user_id]
                self._told_at.pop(user_id, None)


# --- token secrecy --------------------------------------------------------------------

# "bot<digits>:<secret>" as in API URLs, also with ':' percent-encoded, or the bare token.
_TOKEN_LIKE = re.compile(r"(?:bot)?\d{5,16}(?::|%3A)[A-Za-z0-9_-]{30,64}", re.IGNORECASE)


def redact_token(text: str, token: str) -> str:
    """`text` with the token, and anything shaped like a bot token, replaced."""
    return _TOKEN_LIKE.sub("bot<redacted>", text).replace(token, "<redacted>")


class TokenRedactingFilter(logging.Filter):
    """Rewrites log records so the token never reaches a log line: the token is the bot's
    only credential, and httpx, PTB and tracebacks all print API URLs, which contain it."""

    def __init__(self, token: str, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.token = token
        self.secrets = tuple(secret for secret in secrets if secret)

    def redact(self, text: str) -> str:
        text = redact_token(text, self.token)
        for secret in self.secrets:
            text = text.replace(secret, "<redacted>")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):  # a malformed logging call: still redact it
            message = f"{record.msg} {record.args!r}"
            record.msg, record.args = message, ()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def protect_token_in_logs(token: str, *secrets: str) -> None:
    """Keeps the token (and other secrets, like the webhook's) out of logs. httpx logs
    every request URL at INFO, so it is quietened; the filter on the root handlers
    catches every other path (tracebacks, DEBUG runs that print API parameters,
    third-party messages)."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    wanted = tuple(secret for secret in secrets if secret)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenRedactingFilter) and f.token == token and f.secrets == wanted
                   for f in handler.filters):
            handler.addFilter(TokenRedactingFilter(token, wanted))


# --- handlers -------------------------------------------------------------------------


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


def _language_code(update: Update) -> str | None:
    return update.effective_user.language_code if update.effective_user else None


async def _reply(message: Message, text: str) -> None:
    """Sends `text` (Telegram HTML) in answer to `message`. Link previews are off: a
    preview shows one article's card under quotes from several. In groups the question
    is quoted, since conversations interleave there. Transient network errors and 5xx
    are retried (a rare duplicate beats a lost answer); 429 is AIORateLimiter's job."""
    in_group = message.chat.type != ChatType.PRIVATE
    reply_parameters = (
        ReplyParameters(message.message_id, allow_sending_without_reply=True) if in_group else None
    )
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
    message = update.effective_message
    user_id = update.effective_user.id if update.effective_user else message.chat_id
    verdict = services.limiter.check(user_id)
    if verdict is RateVerdict.REFUSE_AND_TELL:
        await _reply(message, phrase(lang, "rate_limited", limit=services.limiter.limit))
    return verdict is RateVerdict.ALLOW


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def _limited(handler: Handler) -> Handler:
    """A command or polite-refusal handler that counts toward the sender's limit."""

    @functools.wraps(handler)
    async def limited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await _within_limit(update, context, language_from_code(_language_code(update))):
            await handler(update, context)

    return limited


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Checks, searches and replies to one question addressed to the bot."""
    message = update.effective_message
    services = _services(context)
    lang = reply_language(question, _language_code(update))
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
    return extract_question(
        message.text or "", message.entities, username=context.bot.username, bot_id=context.bot.id
    )


async def private_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a private chat every text message is a question."""
    await answer_question(update, context, _question_in(update.effective_message, context))


async def group_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In groups only messages that mention the bot or reply to it are questions;
    everything else is the members talking among themselves."""
    message = update.effective_message
    bot = context.bot
    if is_reply_to_bot(message, bot.id) or mentions_bot(
        message.text or "", message.entities, username=bot.username, bot_id=bot.id
    ):
        await answer_question(update, context, _question_in(message, context))


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask QUESTION, anywhere; CommandHandler already ignores /ask@SomeOtherBot."""
    await answer_question(update, context, _question_in(update.effective_message, context))


@_limited
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the bot does and a question to try."""
    first_name = update.effective_user.first_name if update.effective_user else None
    await _reply(update.effective_message, render_start(language_from_code(_language_code(update)), first_name))


@_limited
async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help, in English and Indonesian."""
    await _reply(update.effective_message, render_help(context.bot.username))


@_limited
async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources: the articles the bot quotes from, with links."""
    articles = _services(context).engine.articles()
    for part in render_sources(articles, language_from_code(_language_code(update))):
        await _reply(update.effective_message, part)


@_limited
async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have, in a private chat: point to /help."""
    await _reply(update.effective_message, phrase(language_from_code(_language_code(update)), "unknown_command"))


@_limited
async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice… in a private chat: explain that questions are typed."""
    await _reply(update.effective_message, phrase(language_from_code(_language_code(update)), "not_text"))


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
        await _reply(update.effective_message, phrase(language_from_code(_language_code(update)), "not_allowed"))
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
            message = update.effective_message
            lang = reply_language(message.text or "", _language_code(update))
            await _reply(message, phrase(lang, "error"))
        except TelegramError as reply_error:
            logger.warning("Could not apologise to %s: %s", where, reply_error)


async def _post_init(application: Application) -> None:
    """Registers the command menu (per language) and says what is being served."""
    for lang, commands in COMMANDS.items():
        await application.bot.set_my_commands(commands, language_code=None if lang == "en" else lang)
    services: Services = application.bot_data[SERVICES]
    logger.info(
        "Serving corpus %s (%d articles, %d sentences) as @%s",
        services.corpus,
        services.engine.article_count,
        services.engine.sentence_count,
        application.bot.username,
    )


def build_application(settings: Settings, engine: Engine) -> Application:
    """The bot, with every handler registered here, in the order they are tried."""
    token = settings.require_token()
    protect_token_in_logs(token)
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_base_url)
        .rate_limiter(AIORateLimiter(max_retries=RETRY_AFTER_RETRIES))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_post_init)
        .build()
    )
    application.bot_data[SERVICES] = Services(
        engine=engine,
        limiter=QuestionRateLimiter(settings.rate_limit_per_minute),
        allowed_chats=frozenset(settings.allowed_chats),
        answers_per_reply=settings.answers_per_reply,
        corpus=", ".join(str(Path(d)) for d in settings.corpus_dirs),
    )

    new_message = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE & new_message
    groups = filters.ChatType.GROUPS & new_message
    if settings.allowed_chats:
        application.add_handler(TypeHandler(Update, enforce_allowed_chats), group=-1)
    application.add_handler(CommandHandler("start", start, filters=new_message))
    application.add_handler(CommandHandler("help", help_command, filters=new_message))
    application.add_handler(CommandHandler("sources", sources, filters=new_message))
    application.add_handler(CommandHandler("ask", ask, filters=new_message))
    application.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, private_question))
    application.add_handler(MessageHandler(groups & filters.TEXT & ~filters.COMMAND, group_message))
    application.add_handler(MessageHandler(private, not_text))
    application.add_error_handler(on_error)
    return application


def warm_up(engine: Engine) -> None:
    """Loads what the engine and language detection load lazily (lexicons: a few hundred
    ms), so the first asker does not wait for it and the event loop is not held up."""
    for question in EXAMPLE_QUESTIONS.values():
        Engine.language(question)
        engine.ask(question)


def run(settings: Settings) -> None:
    """Runs the bot until interrupted: long polling, or a webhook when WEBHOOK_URL is set.

    The token is checked before anything else so a typo fails in one line (ValueError,
    printed by the CLI) instead of after loading the corpus; a token Telegram rejects
    fails the same way, redacted, instead of as a traceback that prints it.
    """
    token = settings.require_token()
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=settings.log_level)
    engine = Engine.open(settings.corpus_dirs, settings.index_dir, params=settings.bm25_params())
    warm_up(engine)
    application = build_application(settings, engine)
    # Telegram sends the webhook secret with every call, so forged updates are refused;
    # without a configured one (or an empty WEBHOOK_SECRET_TOKEN=) a random one is used.
    configured = settings.webhook_secret_token.get_secret_value() if settings.webhook_secret_token else ""
    secret = configured or secrets.token_urlsafe(32)
    protect_token_in_logs(token, secret)  # PTB logs setWebhook's parameters at DEBUG
    try:
        if settings.webhook_url:
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=webhook_path(settings.webhook_url),
                webhook_url=settings.webhook_url,
                secret_token=secret,
                allowed_updates=ALLOWED_UPDATES,
                bootstrap_retries=BOOTSTRAP_RETRIES,
            )
        else:
            application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=BOOTSTRAP_RETRIES)
    except TelegramError as error:  # e.g. InvalidToken, whose message quotes the token
        raise ValueError(f"Telegram refused to start the bot: {redact_token(str(error), token)}") from None
