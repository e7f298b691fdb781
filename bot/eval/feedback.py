"""Users' 👍/👎 on answers, kept in SQLite, and exported as evaluation questions.

Evaluation data, not Telegram code: the bot's buttons record votes here (through
`FeedbackStore.record`), and `python -m bot feedback --export` turns them into a
`questions.jsonl` for `bot eval` without loading telegram. A vote keeps the question,
the quoted sentence and its article; of the person only the chat and user ids, which
are what stops one person voting twice on the same answer.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.files import atomic_write_text

DATABASE_NAME = "feedback.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS votes (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    question TEXT NOT NULL,
    lang TEXT NOT NULL,
    answer TEXT NOT NULL,
    article_id TEXT NOT NULL,
    article_url TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    voted_at REAL NOT NULL,
    PRIMARY KEY (chat_id, user_id, question, answer)
)
"""


@dataclass(frozen=True, slots=True)
class Vote:
    chat_id: int
    user_id: int
    question: str
    lang: str
    answer: str
    article_id: str
    article_url: str
    vote: int  # +1 or -1


@dataclass(frozen=True, slots=True)
class Tally:
    """All votes on one (question, answer) pair."""

    question: str
    lang: str
    answer: str
    article_id: str
    article_url: str
    up: int
    down: int


class FeedbackStore:
    """The votes database in `data_dir` (created with the process's normal permissions).

    Every write is one transaction, and a connection is opened per call: calls come
    from worker threads, and SQLite connections must not cross threads.
    """

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / DATABASE_NAME
        with self._connect() as connection:
            connection.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=10)
        connection.execute("PRAGMA journal_mode=WAL")
        return connection

    def record(self, votes: Sequence[Vote]) -> bool:
        """Stores `votes` in one transaction (a 👎 covers every quote shown); a second vote
        by the same person on the same answer replaces the first. Returns False when
        nothing changed (the same votes again)."""
        connection = self._connect()
        changed = False
        try:
            with connection:  # one transaction: committed whole or rolled back
                for vote in votes:
                    previous = connection.execute(
                        "SELECT vote FROM votes WHERE chat_id=? AND user_id=? AND question=? AND answer=?",
                        (vote.chat_id, vote.user_id, vote.question, vote.answer),
                    ).fetchone()
                    if previous is not None and previous[0] == vote.vote:
                        continue
                    connection.execute(
                        "INSERT OR REPLACE INTO votes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            vote.chat_id,
                            vote.user_id,
                            vote.question,
                            vote.lang,
                            vote.answer,
                            vote.article_id,
                            vote.article_url,
                            vote.vote,
                            time.time(),
                        ),
                    )
                    changed = True
        finally:
            connection.close()
        return changed

    def tallies(self) -> Iterator[Tally]:
        """Votes summed per (question, answer), most voted first."""
        connection = self._connect()
        try:
            rows = connection.execute(
                "SELECT question, MIN(lang), answer, MIN(article_id), MIN(article_url),"
                " SUM(vote = 1), SUM(vote = -1) FROM votes GROUP BY question, answer"
                " ORDER BY COUNT(*) DESC, question"
            ).fetchall()
        finally:
            connection.close()
        for row in rows:
            yield Tally(*row)


def evaluation_lines(tallies: Iterable[Tally], *, include_down: bool = False) -> Iterator[dict[str, object]]:
    """Votes as questions.jsonl records (the `bot eval` format), one per question: the
    answers voted up more than down are its gold sentences, regex-escaped. A question
    whose quotes were only voted down (with `include_down`) gets an empty gold list,
    which in this format means "not found" is right: the note says so and names the
    rejected quotes, for a reviewer to confirm or add the right sentence."""
    by_question: dict[str, list[Tally]] = {}
    for tally in tallies:
        by_question.setdefault(tally.question, []).append(tally)
    for question, voted in by_question.items():
        good = [t for t in voted if t.up > t.down]
        bad = [t for t in voted if t.down > t.up]
        if good:
            gold = [re.escape(t.answer) for t in good]
            note = "voted up in Telegram: " + "; ".join(f"{t.up} up, {t.down} down ({t.article_url})" for t in good)
        elif include_down and bad:
            gold = []
            rejected = "; ".join(repr(t.answer) for t in bad)
            note = f"voted down in Telegram ({rejected}); empty gold means 'not found': review before use"
        else:
            continue
        key = hashlib.sha1(question.encode()).hexdigest()[:10]
        yield {"id": f"feedback-{key}", "lang": voted[0].lang, "question": question, "gold": gold, "note": note}


def export(store: FeedbackStore, path: Path, *, include_down: bool = False) -> int:
    """Writes the evaluation records to `path` atomically (an interrupted export leaves
    the previous file whole, never half a question file); returns how many."""
    lines = [
        json.dumps(line, ensure_ascii=False) for line in evaluation_lines(store.tallies(), include_down=include_down)
    ]
    atomic_write_text(path, "".join(f"{line}\n" for line in lines))
    return len(lines)
