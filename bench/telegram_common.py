"""What the Telegram benchmarks share: the questions users ask, in both languages (some
the bundled corpus answers, some it does not, a bare name), and the real engine over a
corpus, opened and warmed up as `python -m bot run` does."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot import Engine
from bot.telegram.app import warm_up

QUESTIONS = [
    "What did Raisi tell Putin?",
    "Apa kata Raisi kepada Putin?",
    "Siapa yang ditelepon Putin?",
    "When did Putin call Netanyahu?",
    "Kapan Putin menelepon Netanyahu?",
    "Who did Putin talk to about Gaza?",
    "Apa upaya Putin untuk meredakan ketegangan di Timur Tengah?",
    "What does Russia want in the Middle East?",
    "Bagaimana tanggapan Israel terhadap Rusia?",
    "What is the airspeed velocity of an unladen swallow?",
    "Berapa harga beras di Jakarta?",
    "Putin",
]


@contextmanager
def served_engine(corpus: Path) -> Iterator[tuple[Engine, Path]]:
    """The engine over `corpus` with a throwaway index, warmed up like the bot's, and a
    scratch directory (the index's) for the bot's data."""
    with tempfile.TemporaryDirectory() as scratch:
        engine = Engine.open([corpus], scratch)
        warm_up(engine)
        yield engine, Path(scratch)
