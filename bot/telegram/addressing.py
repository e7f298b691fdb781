"""Who a Telegram message is addressed to, and the question in it (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from telegram import Message, MessageEntity

from bot.telegram.phrases import MAX_QUESTION_CHARS


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
# A run of separators is read from its start: from each of them, a long run not followed by
# a stop took time quadratic in the run (a message is read whole before its length is checked).
_DANGLING_SEPARATOR = re.compile(r"(?<![,;:])[,;:]+(?=[?!.])")


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
