"""Per-user question limits, so one person cannot monopolise the engine."""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable


class RateVerdict(enum.Enum):
    """What to do with a question, as QuestionRateLimiter decides it."""

    ALLOW = "allow"
    REFUSE_AND_TELL = "refuse and tell"
    REFUSE_SILENTLY = "refuse silently"


class QuestionRateLimiter:
    """At most `limit` questions per user in any `window` seconds (a sliding window),
    so one person cannot monopolise the engine. A refused user is told once per window:
    telling them on every message would itself be the flood. `limit` 0 disables it."""

    # Users idle for a whole window are forgotten once this many are tracked.
    MAX_TRACKED_USERS = 10_000

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._hits: dict[int, deque[float]] = {}
        self._told_at: dict[int, float] = {}

    def check(self, user_id: int) -> RateVerdict:
        """Counts a question by `user_id` if allowed, and says what to do with it."""
        if self.limit <= 0:
            return RateVerdict.ALLOW
        now = self._clock()
        if len(self._hits) > self.MAX_TRACKED_USERS:
            self._forget_idle(now)
        hits = self._hits.setdefault(user_id, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) < self.limit:
            hits.append(now)
            return RateVerdict.ALLOW
        told = self._told_at.get(user_id)
        if told is not None and now - told < self.window:
            return RateVerdict.REFUSE_SILENTLY
        self._told_at[user_id] = now
        return RateVerdict.REFUSE_AND_TELL

    def _forget_idle(self, now: float) -> None:
        for user_id, hits in list(self._hits.items()):
            if not hits or hits[-1] <= now - self.window:
                del self._hits[user_id]
                self._told_at.pop(user_id, None)
