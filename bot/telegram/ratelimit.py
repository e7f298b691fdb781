"""Per-user question limits that delay instead of dropping (pure; the clock is injected)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Admission:
    """What to do with one question: answer it after `delay` seconds, or refuse it and
    (when `tell`) say that a question will be taken again in `retry_after` seconds."""

    admitted: bool
    delay: float = 0.0
    retry_after: int = 0
    tell: bool = False


class QuestionRateLimiter:
    """A token bucket per user: `burst` questions at once, then `per_minute` a minute.

    Questions over the rate are not dropped but scheduled: each gets the moment its
    token arrives (`delay`), up to `queue` waiting per user. Past that a question is
    refused with the number of seconds after which one would be queued again; the
    user is told once per refusal streak, since a notice for every message would
    itself be the flood. Kept as one "theoretical arrival time" per user (GCRA), so a
    user costs one float. `per_minute` 0 disables the limit.
    """

    # Users whose bucket is full again are forgotten once this many are tracked.
    MAX_TRACKED_USERS = 10_000

    def __init__(self, burst: int, per_minute: float, queue: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = max(burst, 1)
        self.per_minute = per_minute
        self.queue = max(queue, 0)
        self._clock = clock
        self._arrival: dict[int, float] = {}  # when the user's bucket is empty (next token time)
        self._told_until: dict[int, float] = {}

    @property
    def interval(self) -> float:
        return 60.0 / self.per_minute

    def admit(self, user_id: int) -> Admission:
        """Takes a token for `user_id`'s question (now or in the future), or refuses it."""
        if self.per_minute <= 0:
            return Admission(True)
        now, arrival, delay = self._wait(user_id)
        delay = max(0.0, delay)
        waiting_before = math.ceil(delay / self.interval - 1e-9) - 1 if delay > 0 else 0
        if waiting_before >= self.queue and delay > 0:
            retry_after = max(1, math.ceil(delay - self.queue * self.interval))
            tell = now >= self._told_until.get(user_id, 0.0)
            if tell:
                self._told_until[user_id] = now + retry_after
            return Admission(False, retry_after=retry_after, tell=tell)
        self._arrival[user_id] = arrival + self.interval
        self._told_until.pop(user_id, None)
        return Admission(True, delay=delay)

    def admit_now(self, user_id: int) -> Admission:
        """Takes a token for `user_id` only if one is there now, for what cannot wait:
        an inline query or a button press, which Telegram wants answered within
        seconds. Never queues, and a refusal takes nothing (`retry_after` says when a
        token is back); it shares the bucket with `admit`, so questions waiting in the
        queue hold these back too."""
        if self.per_minute <= 0:
            return Admission(True)
        _, arrival, delay = self._wait(user_id)
        if delay > 1e-9:
            return Admission(False, retry_after=max(1, math.ceil(delay - 1e-9)))
        self._arrival[user_id] = arrival + self.interval
        return Admission(True)

    def _wait(self, user_id: int) -> tuple[float, float, float]:
        """Now, when `user_id`'s next token is due, and how long until one is free (not
        positive: one is there now)."""
        now = self._clock()
        if len(self._arrival) > self.MAX_TRACKED_USERS:
            self._forget_rested(now)
        arrival = max(self._arrival.get(user_id, now), now)
        return now, arrival, arrival - (self.burst - 1) * self.interval - now

    def _forget_rested(self, now: float) -> None:
        """Drops users whose bucket has refilled: forgetting them changes nothing."""
        rested = [user for user, arrival in self._arrival.items() if arrival <= now]
        for user in rested:
            del self._arrival[user]
            self._told_until.pop(user, None)
