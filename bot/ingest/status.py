"""What `python -m bot status` and the operator's /status show, as plain text lines.

Why one formatter for both: an operator reading either should see the same facts in
the same words — what is served, how fresh it is, and which feed is failing and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from bot.ingest.feeds import State


def ago(seconds: float) -> str:
    """'just now', '5 min ago', '3 h ago', '2 days ago'; 'in 5 min' for the future."""
    if seconds < 0:
        return (
            ago(-seconds).replace(" ago", "").replace("just now", "now").join(("in ", "")) if seconds < -60 else "now"
        )
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 2 * 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} days ago"


def stamp(epoch: float | None, now: float) -> str:
    if epoch is None:
        return "never"
    when = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{when} ({ago(now - epoch)})"


def format_status(
    *,
    articles: int,
    sentences: int,
    index_updated: float | None,
    feeds: Sequence[str],
    state: State,
    now: float,
    index_label: str = "index updated",
) -> str:
    """The status report: served corpus, index age, then one block per feed."""
    lines = [f"serving {articles} articles, {sentences} sentences", f"{index_label}: {stamp(index_updated, now)}"]
    named = list(dict.fromkeys([*feeds, *state.feeds]))
    if not named:
        lines.append("feeds: none (set FEEDS or FEEDS_FILE, or run `python -m bot follow URL`)")
    else:
        lines.append(f"feeds: {len(named)}")
    for url in named:
        feed = state.feeds.get(url)
        following = "" if url in feeds else " (not in the settings)"
        lines.append(f"- {url}{following}")
        if feed is None:
            lines.append("  not polled yet")
            continue
        lines.append(f"  last poll: {stamp(feed.last_poll, now)}; last success: {stamp(feed.last_success, now)}")
        lines.append(
            f"  entries listed: {feed.entries}; articles added: {feed.added}; pages pending: {len(feed.pending)}"
        )
        if feed.last_error:
            retry = f"; next try {stamp(feed.retry_at, now)}" if feed.retry_at > now else ""
            lines.append(f"  last error ({feed.failures} in a row{retry}): {feed.last_error}")
    return "\n".join(lines)
