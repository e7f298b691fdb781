"""Settings, read from the environment and `.env` (pydantic-settings).

Every field here is listed, with a comment, in `.env.example` and the README.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.index.bm25 import Bm25Params

# Telegram tokens are "<bot id>:<35 url-safe characters>"; checking the shape up front
# turns a typo into a one-line error instead of a stack trace from the first API call.
TOKEN_PATTERN = re.compile(r"^\d{5,16}:[A-Za-z0-9_-]{30,64}$")


def _split_list(value: object) -> object:
    """Accept "a, b" from the environment as well as a real list (paths may hold spaces)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # --- search engine ---
    corpus_dirs: Annotated[list[Path], NoDecode] = Field(default_factory=lambda: [Path("corpus")], min_length=1)
    index_dir: Path = Path("index")
    answers_per_reply: int = Field(3, ge=1, le=10)
    bm25_k1: float = Field(1.5, gt=0)
    bm25_b: float = Field(0.75, ge=0, le=1)
    bm25_epsilon: float = Field(0.25, ge=0)
    # Build processes; bot.index.build reads INDEX_WORKERS itself (the CLI exports this).
    index_workers: int | None = Field(None, ge=1)

    # --- Telegram ---
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(8443, ge=1, le=65535)
    webhook_secret_token: SecretStr | None = None
    allowed_chats: Annotated[list[int], NoDecode] = Field(default_factory=list)
    rate_limit_per_minute: int = Field(10, ge=0)
    log_level: str = "INFO"

    _split = field_validator("corpus_dirs", "allowed_chats", mode="before")(_split_list)

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {value!r}")
        return level

    def bm25_params(self) -> Bm25Params:
        return Bm25Params(self.bm25_k1, self.bm25_b, self.bm25_epsilon)

    def require_token(self) -> str:
        """The token, checked for shape; raises ValueError with a message safe to print."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            raise ValueError("TELEGRAM_BOT_TOKEN is not set (see .env.example)")
        token = self.telegram_bot_token.get_secret_value().strip()
        if not TOKEN_PATTERN.match(token):
            raise ValueError("TELEGRAM_BOT_TOKEN is malformed: expected '<digits>:<secret>' as BotFather gives it")
        return token
