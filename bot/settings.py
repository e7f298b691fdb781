"""Settings, read from the environment and `.env` (pydantic-settings).

Every field here is listed, with a comment, in `.env.example` and the README.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

from bot.index.bm25 import Bm25Params
from bot.text.clean_input import MAX_PAGE_BYTES
from bot.text.sentences import MAX_SENTENCE_CHARS

if TYPE_CHECKING:
    from bot.ingest.fetch import FetchPolicy
    from bot.search.engine import Engine

# Telegram tokens are "<bot id>:<35 url-safe characters>"; checking the shape up front
# turns a typo into a one-line error instead of a stack trace from the first API call.
TOKEN_PATTERN = re.compile(r"^\d{5,16}:[A-Za-z0-9_-]{30,64}$")


def _split_list(value: object) -> object:
    """Accept "a, b" from the environment as well as a real list (paths may hold spaces)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    # An empty value ("INDEX_WORKERS=", as .env.example has them) means the default.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)

    # --- search engine ---
    corpus_dirs: Annotated[list[Path], NoDecode] = Field(default_factory=lambda: [Path("corpus")], min_length=1)
    index_dir: Path = Path("index")
    answers_per_reply: int = Field(3, ge=1, le=10)
    # allow_inf_nan=False: "inf" and "nan" parse as floats, and either loses every answer.
    bm25_k1: float = Field(1.5, gt=0, allow_inf_nan=False)
    bm25_b: float = Field(0.75, ge=0, le=1, allow_inf_nan=False)
    bm25_epsilon: float = Field(0.25, ge=0, allow_inf_nan=False)
    # Bounds on what one input may cost: the largest raw page `ingest` accepts, and the
    # longest passage (a longer "sentence" is cut at words into passages this long).
    ingest_max_bytes: int = Field(MAX_PAGE_BYTES, ge=1_000, le=100_000_000)
    passage_max_chars: int = Field(MAX_SENTENCE_CHARS, ge=200, le=100_000)
    # Processes analysing text when the index is built (None: every core).
    index_workers: int | None = Field(None, ge=1)

    # --- Telegram ---
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(8443, ge=1, le=65535)
    webhook_secret_token: SecretStr | None = None
    allowed_chats: Annotated[list[int], NoDecode] = Field(default_factory=list)
    rate_limit_per_minute: float = Field(10, ge=0)
    rate_limit_burst: int = Field(5, ge=1)
    rate_limit_queue: int = Field(3, ge=0)
    data_dir: Path = Path("data")
    log_level: str = "INFO"

    # --- feeds and fetching (issue 11) ---
    feeds: Annotated[list[str], NoDecode] = Field(default_factory=list)
    feeds_file: Path | None = None
    feed_interval_minutes: float = Field(15, gt=0)
    index_check_seconds: float = Field(60, gt=0)
    fetch_delay_seconds: float = Field(1.0, ge=0)
    fetch_timeout_seconds: float = Field(20.0, gt=0)
    # Named in the User-Agent of every request: where a site's owner reads about the bot.
    fetch_contact_url: str = "https://github.com/kutipan/kutipan"
    admin_chats: Annotated[list[int], NoDecode] = Field(default_factory=list)

    _split = field_validator("corpus_dirs", "allowed_chats", mode="before")(_split_list)
    _split_feeds = field_validator("feeds", "admin_chats", mode="before")(_split_list)

    @field_validator("fetch_contact_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        from bot.text.clean_input import check_url

        return check_url(value)

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {value!r}")
        return level

    def bm25_params(self) -> Bm25Params:
        return Bm25Params(self.bm25_k1, self.bm25_b, self.bm25_epsilon)

    def open_engine(
        self, corpus_dirs: Sequence[Path] | None = None, index_dir: Path | None = None, *, rebuild: bool = False
    ) -> Engine:
        """The engine these settings describe (the configured corpus and index unless
        others are given): the one place the CLI and the bot open it, so both build the
        index alike and neither rebuilds what the other built."""
        from bot.search.engine import Engine  # answering imports the engine anyway; settings alone need not

        return Engine.open(
            list(corpus_dirs or self.corpus_dirs),
            index_dir or self.index_dir,
            params=self.bm25_params(),
            rebuild=rebuild,
            passage_max_chars=self.passage_max_chars,
            workers=self.index_workers,
        )

    def fetch_policy(self) -> FetchPolicy:
        from bot.ingest.fetch import (
            FetchPolicy,  # only fetching needs it
            user_agent,
        )

        return FetchPolicy(
            user_agent=user_agent(self.fetch_contact_url),
            max_bytes=self.ingest_max_bytes,
            host_delay=self.fetch_delay_seconds,
            timeout=self.fetch_timeout_seconds,
        )

    def feed_urls(self) -> list[str]:
        """FEEDS, then the lines of FEEDS_FILE (blank lines and # comments skipped)."""
        urls = list(self.feeds)
        if self.feeds_file is not None:
            try:
                lines = self.feeds_file.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise ValueError(f"FEEDS_FILE {self.feeds_file}: {exc.strerror or exc}") from None
            urls += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        return list(dict.fromkeys(urls))

    def require_token(self) -> str:
        """The token, checked for shape; raises ValueError with a message safe to print."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            raise ValueError("TELEGRAM_BOT_TOKEN is not set (see .env.example)")
        token = self.telegram_bot_token.get_secret_value().strip()
        if not TOKEN_PATTERN.match(token):
            raise ValueError("TELEGRAM_BOT_TOKEN is malformed: expected '<digits>:<secret>' as BotFather gives it")
        return token


def load_settings() -> Settings:
    """Settings from the environment and `.env`; every problem (a bad value, a `.env`
    that is not UTF-8 or cannot be read) as a ValueError of one line, safe to print:
    values are never quoted, since one may be the token."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors())
        raise ValueError(f"bad setting (environment or .env): {problems}") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"cannot read .env: not UTF-8 text (byte {exc.start})") from None
    except (OSError, SettingsError) as exc:
        raise ValueError(f"cannot read the settings: {' '.join(str(exc).split())}") from None
