"""Keeping the bot token and other secrets out of every log line and error message."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from urllib.parse import quote

# "bot<digits>:<secret>" as in API URLs, also with ':' percent-encoded, or the bare token.
_TOKEN_LIKE = re.compile(r"(?:bot)?\d{5,16}(?::|%3A)[A-Za-z0-9_-]{30,64}", re.IGNORECASE)


def redact_token(text: str, token: str) -> str:
    """`text` with the token, and anything shaped like a bot token, replaced."""
    return redact_secrets(_TOKEN_LIKE.sub("bot<redacted>", text), (token,))


def redact_secrets(text: str, secrets: tuple[str, ...]) -> str:
    """`text` with every secret replaced, in any letter case and percent-encoded too
    (URLs and headers may carry them either way)."""
    pattern = _secrets_pattern(tuple(secret for secret in secrets if secret))
    return pattern.sub("<redacted>", text) if pattern is not None else text


@lru_cache(maxsize=16)
def _secrets_pattern(secrets: tuple[str, ...]) -> re.Pattern[str] | None:
    forms = {form for secret in secrets for form in (secret, quote(secret, safe=""))}
    if not forms:
        return None
    return re.compile("|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)), re.IGNORECASE)


class TokenRedactingFilter(logging.Filter):
    """Rewrites log records so the token never reaches a log line: the token is the bot's
    only credential, and httpx, PTB and tracebacks all print API URLs, which contain it."""

    def __init__(self, token: str, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.token = token
        self.secrets = tuple(secret for secret in secrets if secret)

    def redact(self, text: str) -> str:
        return redact_secrets(_TOKEN_LIKE.sub("bot<redacted>", text), (self.token, *self.secrets))

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
        if not any(
            isinstance(f, TokenRedactingFilter) and f.token == token and f.secrets == wanted for f in handler.filters
        ):
            handler.addFilter(TokenRedactingFilter(token, wanted))
