"""Getting messages to Telegram: retries, back-off, and sends whose outcome is unknown.

PTB's AIORateLimiter keeps the bot under Telegram's flood limits and waits out 429s.
This layer adds what it does not do:

- a send that failed without reaching Telegram (5xx, refused connection, connect or
  pool timeout) is retried with exponential back-off for up to RETRY_FOR_SECONDS;
- a send whose outcome is unknown (the request went out, then the connection broke or
  the answer timed out) is **not** resent: Telegram has no idempotency key and no way
  to ask what was delivered, so a resend can show the same answer twice. The caller
  gets `Unconfirmed` and, for an answer, sends a short notice with a "Show answer"
  button instead; pressing it edits the notice into the answer. Edits are idempotent,
  so they are retried on any failure. The user never gets a duplicate, and never
  loses an answer: at worst it is one tap away.
- answers wait for one of SEND_SLOTS before entering PTB's limiter, so short notices
  ("busy, your answer is coming") can overtake a long backlog instead of queueing
  behind it, and the backlog can be measured.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

import httpx
from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter

logger = logging.getLogger(__name__)

# Failures that did not reach Telegram are retried for this long, backing off from
# FIRST_RETRY_DELAY to MAX_RETRY_DELAY seconds.
RETRY_FOR_SECONDS = 60.0
FIRST_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# How long a send may wait for Telegram's answer before its outcome is unknown.
SEND_READ_TIMEOUT = 20.0
# Answers in PTB's rate limiter at once (it lets ~30 a second through), and the rate
# used to estimate how long the answers waiting behind them will take.
SEND_SLOTS = 60
SENDS_PER_SECOND = 30.0

NO_LINK_PREVIEW = LinkPreviewOptions(is_disabled=True)

T = TypeVar("T")


class Unconfirmed(Exception):
    """A send went out but Telegram's answer never came: it may or may not have arrived."""


class Outcome(enum.Enum):
    RETRY = "retry"  # nothing reached Telegram: safe to try again
    UNKNOWN = "unknown"  # it may have been delivered
    FINAL = "final"  # Telegram refused it: trying again would fail the same way


# httpx errors raised before the request left: connecting, or waiting for a connection.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def classify(error: Exception) -> Outcome:
    """What a failed request means for retrying it."""
    if isinstance(error, RetryAfter):
        return Outcome.RETRY
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        cause = error.__cause__
        if isinstance(cause, httpx.HTTPError) and not isinstance(cause, _NOT_SENT):
            return Outcome.UNKNOWN
        return Outcome.RETRY  # an HTTP error status (5xx) or a connection never made
    return Outcome.FINAL


def _delay_for(error: Exception, attempt: int) -> float:
    if isinstance(error, RetryAfter):
        wait = error.retry_after
        return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
    return min(FIRST_RETRY_DELAY * 2**attempt, MAX_RETRY_DELAY)


async def with_retries(call: Callable[[], Awaitable[T]], *, retry_unknown: bool, what: str) -> T:
    """`call()`, retried while it fails without reaching Telegram (and, when
    `retry_unknown`, also when its outcome is unknown) for up to RETRY_FOR_SECONDS."""
    deadline = time.monotonic() + RETRY_FOR_SECONDS
    attempt = 0
    while True:
        try:
            return await call()
        except Exception as error:
            outcome = classify(error)
            if outcome is Outcome.UNKNOWN and not retry_unknown:
                raise Unconfirmed(str(error)) from error
            delay = _delay_for(error, attempt)
            if outcome is Outcome.FINAL or time.monotonic() + delay > deadline:
                raise
            logger.warning("%s failed (%s); retrying in %.1f s", what, error or type(error).__name__, delay)
            await asyncio.sleep(delay)
            attempt += 1


class Delivery:
    """Sends and edits Telegram HTML messages for the handlers (see the module docstring)."""

    def __init__(self, slots: int = SEND_SLOTS) -> None:
        self._slots = asyncio.Semaphore(slots)
        self.waiting = 0  # answers waiting for a slot

    def estimated_wait(self) -> float:
        """Seconds until an answer queued now would be sent."""
        return self.waiting / SENDS_PER_SECOND

    async def send(
        self,
        bot: Bot,
        chat_id: int,
        text: str,
        *,
        reply_to: int | None = None,
        markup: InlineKeyboardMarkup | None = None,
        queued: bool = True,
    ) -> Message:
        """Sends `text`; in groups `reply_to` quotes the question (conversations
        interleave there). `queued` sends wait for a slot; short notices do not.
        Raises Unconfirmed when the outcome is unknown (never resent)."""
        reply_parameters = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None

        async def call() -> Message:
            return await bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_LINK_PREVIEW,
                reply_parameters=reply_parameters,
                reply_markup=markup,
                read_timeout=SEND_READ_TIMEOUT,
            )

        what = f"Send to chat {chat_id}"
        if not queued:
            return await with_retries(call, retry_unknown=False, what=what)
        self.waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self.waiting -= 1
        try:
            return await with_retries(call, retry_unknown=False, what=what)
        finally:
            self._slots.release()

    async def edit(
        self, bot: Bot, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        """Replaces a message's text; retried on any failure, since editing twice to the
        same text changes nothing ("message is not modified" counts as done)."""

        async def call() -> None:
            try:
                await bot.edit_message_text(
                    text,
                    chat_id=chat_id,
                    message_id=message_id,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=NO_LINK_PREVIEW,
                    reply_markup=markup,
                )
            except BadRequest as error:
                if "not modified" not in error.message.lower():
                    raise

        await with_retries(call, retry_unknown=True, what=f"Edit in chat {chat_id}")
