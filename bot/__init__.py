"""Kutipan: answers questions by quoting sentences from news articles.

The search engine lives here and never imports telegram; the Telegram layer
(`bot.telegram_app`) is imported only by `python -m bot run`.
"""

from bot.answers import Answer, ArticleInfo
from bot.engine import Engine

__all__ = ["Answer", "ArticleInfo", "Engine"]
