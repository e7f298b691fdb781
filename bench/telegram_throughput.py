"""Throughput of the Telegram bot under load: answers per second with many users.

Starts the fake Bot API from tests/telegram/fake_bot_api.py on 127.0.0.1 and the real
Application (build_application, so PTB's AIORateLimiter exactly as configured for
production, and the default per-user limits) on the bundled corpus. 100 users each
send --per-user questions at once (within the default burst, so none is delayed by
the per-user bucket), twice: with every send accepted, and with every 10th
sendMessage answered "429 Too Many Requests, retry after 1". Prints, per run,
answers per second (from the first question queued to the last answer delivered),
how many answers were lost (a question with no answer) or duplicated (a question
with more than one), and how many other messages (busy notices) were sent.

    python bench/telegram_throughput.py [--users 100] [--per-user 5] [--corpus corpus]

It reuses the test fake server, so it needs the `test` extra (aiohttp, pytest).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.telegram_common import QUESTIONS, served_engine  # noqa: E402
from bot import Engine  # noqa: E402
from bot.telegram.render import render_not_found  # noqa: E402
from tests.telegram.fake_bot_api import FakeBotApi  # noqa: E402
from tests.telegram.helpers import TOKEN, running_bot  # noqa: E402

NOT_FOUND = {render_not_found("en"), render_not_found("id")}


def _is_answer(text: str) -> bool:
    """An answer to a question: quotes, or "not found" (not a notice)."""
    return "<blockquote>" in text or text in NOT_FOUND


async def run(engine: Engine, corpus: Path, users: int, per_user: int, flood_every: int | None) -> str:
    """One load run; returns its line of figures."""
    api = FakeBotApi(TOKEN)
    api.flood_every = flood_every
    await api.start()
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            # Production settings except where the test helper points at the fake server.
            async with running_bot(
                api, engine, corpus_dirs=[corpus], data_dir=Path(data_dir), rate_limit_per_minute=10, rate_limit_burst=5
            ):
                people = [api.user(100_000 + n, language_code="id") for n in range(users)]
                started = time.monotonic()
                for round_number in range(per_user):
                    for number, user in enumerate(people):
                        text = QUESTIONS[(number + round_number) % len(QUESTIONS)]
                        await api.push(api.message(api.private_chat(user), text, sender=user))
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline:
                    if sum(_is_answer(r.params["text"]) for r in api.delivered()) >= users * per_user:
                        break
                    await asyncio.sleep(0.05)
                await asyncio.sleep(1.0)  # let any duplicate arrive before counting
    finally:
        await api.stop()
    delivered = api.delivered()
    answers = [r for r in delivered if _is_answer(r.params["text"])]
    per_chat: dict[int, int] = {}
    for reply in answers:
        per_chat[reply.params["chat_id"]] = per_chat.get(reply.params["chat_id"], 0) + 1
    lost = sum(max(0, per_user - per_chat.get(100_000 + n, 0)) for n in range(users))
    duplicated = sum(max(0, count - per_user) for count in per_chat.values())
    elapsed = max(r.at for r in answers) - started if answers else float("inf")
    flooded = sum(1 for r in api.calls("sendMessage") if r.status == 429)
    label = f"{(flood_every and 100 // flood_every) or 0:>2} % of sends answered 429"
    return (
        f"{label}: {len(answers)} answers to {users} users in {elapsed:.1f} s = {len(answers) / elapsed:.1f} answers/s; "
        f"lost {lost}, duplicated {duplicated}, other messages {len(delivered) - len(answers)}, 429s {flooded}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--per-user", type=int, default=5, help="questions per user (default: the burst, 5)")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with served_engine(args.corpus) as (engine, _):
        for flood_every in (None, 10):
            print(asyncio.run(run(engine, args.corpus, args.users, args.per_user, flood_every)), flush=True)


if __name__ == "__main__":
    main()
