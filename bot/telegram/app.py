"""How the bot runs: the application, every handler registered in one place, and
start-up (long polling or a webhook).

Built like python-telegram-bot's examples: one small coroutine per handler (in
`bot.telegram.handlers`), all registered in `build_application`, one error handler.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.eval.feedback import FeedbackStore
from bot.search.engine import Engine
from bot.settings import Settings
from bot.telegram.freshness import install as install_freshness
from bot.telegram.handlers import (
    SERVICES,
    Services,
    ask,
    button,
    edited_question,
    enforce_allowed_chats,
    group_message,
    help_command,
    inline_query,
    lang_command,
    not_text,
    on_error,
    private_question,
    sources,
    start,
    unknown_command,
)
from bot.telegram.phrases import EXAMPLE_QUESTIONS, Lang
from bot.telegram.ratelimit import QuestionRateLimiter
from bot.telegram.redaction import protect_token_in_logs, redact_token

logger = logging.getLogger(__name__)

# Messages, their edits (an edited question is answered again), button presses and
# inline queries; the bot has no channel presence.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
# Searches run in threads, so many chats can wait on the engine at once.
CONCURRENT_UPDATES = 64
# AIORateLimiter retries a 429 RetryAfter this many times before giving up on a request
# (then bot.telegram.delivery keeps retrying within its minute).
RETRY_AFTER_RETRIES = 10
# Connection-level startup failures (not a bad token) are retried this many times.
BOOTSTRAP_RETRIES = 3

COMMANDS: dict[Lang, list[BotCommand]] = {
    "en": [
        BotCommand("start", "Start here: what this bot does"),
        BotCommand("help", "How to ask (English and Indonesian)"),
        BotCommand("ask", "Ask a question: /ask what did Raisi tell Putin?"),
        BotCommand("sources", "The news articles I quote from"),
        BotCommand("lang", "Reply language: /lang en, /lang id or /lang auto"),
    ],
    "id": [
        BotCommand("start", "Mulai di sini: apa yang dilakukan bot ini"),
        BotCommand("help", "Cara bertanya (Inggris dan Indonesia)"),
        BotCommand("ask", "Ajukan pertanyaan: /ask apa kata Raisi kepada Putin?"),
        BotCommand("sources", "Artikel berita yang saya kutip"),
        BotCommand("lang", "Bahasa balasan: /lang en, /lang id atau /lang auto"),
    ],
}


def webhook_path(webhook_url: str) -> str:
    """The path to serve the webhook on: the one Telegram is told to post to."""
    return urlsplit(webhook_url).path.strip("/")


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
    configured_secret = settings.webhook_secret_token.get_secret_value() if settings.webhook_secret_token else ""
    protect_token_in_logs(token, configured_secret)
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
        limiter=QuestionRateLimiter(
            settings.rate_limit_burst, settings.rate_limit_per_minute, settings.rate_limit_queue
        ),
        allowed_chats=frozenset(settings.allowed_chats),
        answers_per_reply=settings.answers_per_reply,
        corpus=", ".join(str(Path(d)) for d in settings.corpus_dirs),
        feedback=FeedbackStore(settings.data_dir),
    )

    new_message = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE & new_message
    groups = filters.ChatType.GROUPS & new_message
    readable = filters.TEXT | filters.CAPTION  # a question in a photo's caption is still a question
    if settings.allowed_chats:
        application.add_handler(TypeHandler(Update, enforce_allowed_chats), group=-1)
    application.add_handler(CommandHandler("start", start, filters=new_message))
    application.add_handler(CommandHandler("help", help_command, filters=new_message))
    application.add_handler(CommandHandler("sources", sources, filters=new_message))
    application.add_handler(CommandHandler("ask", ask, filters=new_message))
    application.add_handler(CommandHandler("lang", lang_command, filters=new_message))
    install_freshness(application, settings, engine)  # feeds, index refresh, /status for ADMIN_CHATS
    application.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(private & readable, private_question))
    application.add_handler(MessageHandler(groups & readable & ~filters.COMMAND, group_message))
    application.add_handler(MessageHandler(private, not_text))
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & readable & ~filters.COMMAND, edited_question)
    )
    application.add_handler(CallbackQueryHandler(button))
    application.add_handler(InlineQueryHandler(inline_query))
    application.add_error_handler(on_error)
    return application


def warm_up(engine: Engine) -> None:
    """Loads what the engine and language detection load lazily (lexicons: a few hundred
    ms), so the first asker does not wait for it and the event loop is not held up."""
    for question in EXAMPLE_QUESTIONS.values():
        engine.language(question)
        engine.ask(question)


def run(settings: Settings) -> None:
    """Runs the bot until interrupted: long polling, or a webhook when WEBHOOK_URL is set.

    The token is checked before anything else so a typo fails in one line (ValueError,
    printed by the CLI) instead of after loading the corpus; a token Telegram rejects
    fails the same way, redacted, instead of as a traceback that prints it.
    """
    token = settings.require_token()
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=settings.log_level)
    engine = settings.open_engine()
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
