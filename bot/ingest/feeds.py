"""Following RSS/Atom feeds: poll, fetch the entries not seen yet, add their articles.

Why the state file: an outlet's feed lists the same twenty entries for days; fetching
each of them at every poll would be rude and slow. `feeds.json` (in the index
directory, written atomically) remembers per feed its ETag / Last-Modified (so an
unchanged feed costs a 304), when it was last polled, its last error and back-off, and
which entries it has handed over; across feeds it remembers which page addresses were
fetched, so an article listed by two feeds is fetched once.

One failing feed or page never stops the others: each failure is recorded with its
reason and retried on a later round, waiting longer after each failure in a row.
Rounds of two processes (the bot and a `follow` on the command line) take turns through
a lock file, so neither overwrites what the other recorded.
"""

from __future__ import annotations

import calendar
import fcntl
import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.files import atomic_write_text
from bot.ingest.extract import Metadata
from bot.ingest.fetch import Fetched, FetchError, PoliteFetcher, backoff_seconds
from bot.ingest.pages import article_from_page
from bot.ingest.registry import Added, CorpusRegistry, Duplicate, url_key

log = logging.getLogger(__name__)

STATE_FILE = "feeds.json"
STATE_VERSION = 1
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
#: An entry whose page failed this many rounds in a row is given up (and reported).
MAX_ENTRY_FAILURES = 5
#: Addresses remembered this long after they were last listed; feeds list a few days.
FORGET_AFTER_SECONDS = 400 * 24 * 3600


@dataclass
class Pending:
    """An entry whose page failed: retried after `retry_at` (epoch seconds)."""

    failures: int = 0
    retry_at: float = 0.0
    last_error: str = ""


@dataclass
class FeedState:
    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_poll: float | None = None  # epoch seconds
    last_success: float | None = None
    last_error: str | None = None
    failures: int = 0
    retry_at: float = 0.0
    entries: int = 0  # entries the feed listed at its last successful poll
    added: int = 0  # articles this feed added, all time
    seen: dict[str, float] = field(default_factory=dict)  # entry key → last listed
    pending: dict[str, Pending] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict) -> FeedState:
        pending = {key: Pending(**value) for key, value in data.pop("pending", {}).items()}
        return cls(**data, pending=pending)


@dataclass
class State:
    feeds: dict[str, FeedState] = field(default_factory=dict)
    fetched: dict[str, float] = field(default_factory=dict)  # url_key of every page fetched → when

    def feed(self, url: str) -> FeedState:
        return self.feeds.setdefault(url, FeedState(url))


def load_state(index_dir: Path) -> State:
    """The recorded state; an empty one when there is none (or it is unreadable, with a
    warning: the worst outcome is fetching listed entries once more, never losing any)."""
    path = Path(index_dir) / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION:
            return State()
        return State(
            {url: FeedState.from_json(dict(feed)) for url, feed in data["feeds"].items()}, dict(data.get("fetched", {}))
        )
    except FileNotFoundError:
        return State()
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("%s is unreadable (%s); starting afresh", path, exc)
        return State()


def save_state(index_dir: Path, state: State) -> None:
    data = {
        "version": STATE_VERSION,
        "feeds": {url: asdict(feed) for url, feed in state.feeds.items()},
        "fetched": state.fetched,
    }
    atomic_write_text(Path(index_dir) / STATE_FILE, json.dumps(data, ensure_ascii=False, indent=1))


@contextmanager
def state_lock(index_dir: Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold the feeds lock for a round; yields False (without waiting) when another
    process holds it and `wait` is false."""
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    with (Path(index_dir) / ".feeds.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class FeedReport:
    """What one feed's poll did, for the command line, the logs and /status."""

    url: str
    not_modified: bool = False
    skipped: str | None = None  # why it was not polled (backing off)
    error: str | None = None  # why the feed itself failed
    new_entries: int = 0
    added: list[Added] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one line per page that failed

    def summary(self) -> str:
        if self.skipped:
            return f"{self.url}: {self.skipped}"
        if self.error:
            return f"{self.url}: failed: {self.error}"
        if self.not_modified:
            return f"{self.url}: not modified"
        return (
            f"{self.url}: {self.new_entries} new entries, {len(self.added)} added, "
            f"{len(self.duplicates)} already in the corpus, {len(self.failed)} failed"
        )


ProgressCallback = Callable[[int, int], None]


def poll_feeds(
    feed_urls: Sequence[str],
    *,
    corpus_dir: Path,
    corpus_dirs: Sequence[Path],
    index_dir: Path,
    fetcher: PoliteFetcher,
    interval_seconds: float,
    clock: Callable[[], float] = time.time,
    progress: ProgressCallback | None = None,
) -> list[FeedReport]:
    """One round over `feed_urls`: new entries' articles written into `corpus_dir`.

    Indexing them is the caller's business (ingest never imports the search engine).
    The state is saved after every feed, so an interrupted round loses at most one
    feed's bookkeeping (and its articles are then recognised as duplicates).
    """
    with state_lock(index_dir):
        state = load_state(index_dir)
        registry = CorpusRegistry(
            [*corpus_dirs, corpus_dir] if corpus_dir not in corpus_dirs else corpus_dirs, index_dir
        )
        reports = []
        for url in dict.fromkeys(feed_urls):
            feed = state.feed(url)
            report = FeedReport(url)
            now = clock()
            if feed.retry_at > now:
                report.skipped = (
                    f"backing off after {feed.failures} failure(s) until {_when(feed.retry_at)}: {feed.last_error}"
                )
            else:
                try:
                    _poll_one(feed, state, report, registry, corpus_dir, fetcher, interval_seconds, clock, progress)
                    feed.failures, feed.retry_at, feed.last_error = 0, 0.0, None
                    feed.last_success = now
                except Exception as exc:  # one feed's failure never stops the others
                    report.error = str(exc) if isinstance(exc, FetchError) else f"{type(exc).__name__}: {exc}"
                    feed.failures += 1
                    feed.last_error = report.error
                    feed.retry_at = now + _retry_delay(feed.failures, interval_seconds)
                    log.warning("feed %s failed (%d in a row): %s", url, feed.failures, report.error)
                feed.last_poll = now
            _forget_old(state, now)
            registry.save()
            save_state(index_dir, state)
            reports.append(report)
        return reports


def _retry_delay(failures: int, interval: float) -> float:
    """The first retry comes at the next round; each further failure doubles the wait.
    Half an interval less, so a round that fires a little early still retries."""
    return max(0.0, backoff_seconds(failures, interval) - interval / 2)


def _poll_one(
    feed: FeedState,
    state: State,
    report: FeedReport,
    registry: CorpusRegistry,
    corpus_dir: Path,
    fetcher: PoliteFetcher,
    interval: float,
    clock: Callable[[], float],
    progress: ProgressCallback | None,
) -> None:
    fetched = fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=FEED_ACCEPT)
    if fetched.not_modified:
        report.not_modified = True
        return
    parsed = parse_feed(fetched)
    feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
    feed.title = parsed.title or feed.title
    feed.entries = len(parsed.entries)
    now = clock()
    fresh = []
    for entry in parsed.entries:
        if entry.key in feed.seen:
            feed.seen[entry.key] = now
            continue
        pending = feed.pending.get(entry.key)
        if pending is not None and pending.retry_at > now:
            continue
        fresh.append(entry)
    report.new_entries = len(fresh)
    for number, entry in enumerate(fresh):
        if progress:
            progress(number, len(fresh))
        try:
            outcome = _ingest_entry(entry, feed, state, registry, corpus_dir, fetcher, now)
        except (FetchError, ValueError) as exc:  # ValueError: MissingMetadata, CleaningError, CorpusError
            pending = feed.pending.setdefault(entry.key, Pending())
            pending.failures += 1
            pending.last_error = str(exc)
            report.failed.append(f"{entry.link}: {exc}" if not str(exc).startswith(entry.link) else str(exc))
            if pending.failures >= MAX_ENTRY_FAILURES:
                log.warning("giving up on %s after %d failures: %s", entry.link, pending.failures, exc)
                del feed.pending[entry.key]
                feed.seen[entry.key] = now
            else:
                pending.retry_at = now + _retry_delay(pending.failures, interval)
                log.warning("entry %s failed, retried later: %s", entry.link, exc)
            continue
        feed.pending.pop(entry.key, None)
        feed.seen[entry.key] = now
        if isinstance(outcome, Added):
            report.added.append(outcome)
            feed.added += 1
        elif outcome is not None:
            report.duplicates.append(outcome)
    if progress:
        progress(len(fresh), len(fresh))


@dataclass(frozen=True, slots=True)
class Entry:
    key: str  # the entry's id, or its link
    link: str
    title: str | None
    published: str | None  # YYYY-MM-DD


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: list[Entry]


def parse_feed(fetched: Fetched) -> ParsedFeed:
    """RSS or Atom (feedparser); entries without an http(s) link are left out.

    Raises ValueError for something that is no feed at all (an HTML error page).
    """
    import feedparser  # type: ignore[import-untyped]  # imported here: only following feeds needs it

    parsed = feedparser.parse(
        fetched.content,
        response_headers={
            "content-location": fetched.final_url,
            "content-type": fetched.content_type or "application/xml",
        },
    )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise ValueError(f"not an RSS or Atom feed{f' ({problem})' if problem else ''}")
    entries = []
    for item in parsed.entries:
        link = (item.get("link") or "").strip()
        if not link.startswith(("http://", "https://")):
            continue
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        published = datetime.fromtimestamp(calendar.timegm(stamp), UTC).date().isoformat() if stamp else None
        entries.append(Entry((item.get("id") or link).strip(), link, item.get("title"), published))
    return ParsedFeed(parsed.feed.get("title"), entries)


def _ingest_entry(
    entry: Entry,
    feed: FeedState,
    state: State,
    registry: CorpusRegistry,
    corpus_dir: Path,
    fetcher: PoliteFetcher,
    now: float,
) -> Added | Duplicate | None:
    """Fetch an entry's page and add its article, unless the page was fetched before
    (listed by another feed too) or the corpus already holds its address."""
    if url_key(entry.link) in state.fetched:
        return None
    known = registry.find(url=entry.link)
    if known is not None:
        return known
    page = fetcher.fetch(entry.link)
    fallback = Metadata(title=entry.title, published=entry.published, source=feed.title)
    extracted = article_from_page(page, fallback=fallback)
    outcome = registry.add(corpus_dir, extracted)
    state.fetched[url_key(entry.link)] = now
    state.fetched[url_key(page.final_url)] = now
    return outcome


def _forget_old(state: State, now: float) -> None:
    """Entries and addresses not listed for over a year are forgotten (the file stays small)."""
    cutoff = now - FORGET_AFTER_SECONDS
    for feed in state.feeds.values():
        feed.seen = {key: when for key, when in feed.seen.items() if when >= cutoff}
    state.fetched = {key: when for key, when in state.fetched.items() if when >= cutoff}


def _when(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M UTC")
