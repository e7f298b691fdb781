"""End-to-end latency of the Telegram bot: update in → sendMessage out.

Starts the fake Bot API from tests/fake_bot_api.py on 127.0.0.1 and the real
Application (build_application) on the bundled corpus, then sends private questions
one at a time. For each it measures the time from the update being queued on the
server to the answer's sendMessage reaching the server: long-poll wake-up, PTB's
dispatch, the search in a worker thread ("typing…" only if it takes over 0.5 s),
rendering and the send.
Prints the median and the 95th percentile in milliseconds (target: median < 50 ms).

Questions are paced (--interval, default 0.1 s): PTB's AIORateLimiter holds the bot
to Telegram's ~30 calls a second, so a back-to-back loop would measure the rate
limiter rather than the bot (bench/telegram_throughput.py measures that).

    python bench/telegram_latency.py [--questions 200] [--interval 0.1] [--corpus corpus]

It reuses the test fake server, so it needs the `test` extra (aiohttp, pytest).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.telegram_common import QUESTIONS, served_engine  # noqa: E402
from tests.telegram.fake_bot_api import FakeBotApi  # noqa: E402
from tests.telegram.helpers import TOKEN, running_bot  # noqa: E402

WARM_UP_QUESTIONS = 5


async def measure(corpus: Path, count: int, interval: float) -> list[float]:
    """Latencies in milliseconds of `count` questions, asked one by one."""
    with served_engine(corpus) as (engine, scratch):
        api = FakeBotApi(TOKEN)
        await api.start()
        latencies: list[float] = []
        try:
            async with running_bot(api, engine, corpus_dirs=[corpus], rate_limit_per_minute=0, data_dir=scratch):
                user = api.user(1, language_code="id")
                for number in range(WARM_UP_QUESTIONS + count):
                    text = QUESTIONS[number % len(QUESTIONS)]
                    update_id = await api.push(api.message(api.private_chat(user), text, sender=user))
                    reply = (await api.wait_for_reply(user["id"], count=number + 1))[-1]
                    if number >= WARM_UP_QUESTIONS:
                        latencies.append((reply.at - api.pushed_at[update_id]) * 1000)
                    await asyncio.sleep(interval)
        finally:
            await api.stop()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between questions")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    latencies = asyncio.run(measure(args.corpus, args.questions, args.interval))
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(
        f"{len(latencies)} questions: median {statistics.median(latencies):.1f} ms, "
        f"p95 {p95:.1f} ms, max {max(latencies):.1f} ms"
    )


if __name__ == "__main__":
    main()
