"""Kutipan: answers questions by quoting sentences from news articles.

The search engine lives here and never imports telegram; the Telegram layer
(`bot.telegram`) is imported only by `python -m bot run`.
"""

from bot.model import Answer, ArticleInfo
from bot.search.engine import Engine

__all__ = ["Answer", "ArticleInfo", "Engine"]
