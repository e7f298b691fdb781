"""A polite HTTP client for news pages and feeds.

Why a client of our own around httpx: a bot that follows outlets on a schedule must not
behave like a scraper. Every request here names the bot (User-Agent), asks robots.txt
first (urllib.robotparser, honouring Crawl-delay), waits its turn per host (one request
at a time, with a delay between them), gives up on slow or endless answers (timeouts, a
size cap), only speaks http(s) and follows a bounded number of redirects, each hop
checked like the first. Feeds are fetched with conditional requests (ETag /
Last-Modified), so an unchanged feed costs the outlet a 304.

Failures are `FetchError`s with a one-line reason; callers decide whether to retry.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

#: Where a site's owner learns what the bot is and whom to ask (FETCH_CONTACT_URL).
REPOSITORY = "https://github.com/kutipan/kutipan"


def user_agent(contact_url: str) -> str:
    """The bot named, with where to read about it: what sites expect of a crawler."""
    return f"KutipanBot/0.1 (+{contact_url})"


DEFAULT_USER_AGENT = user_agent(REPOSITORY)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: RFC 9309 asks crawlers to read at least 500 KiB of robots.txt; more is not needed.
ROBOTS_MAX_BYTES = 512 * 1024
#: After robots.txt could not be read (5xx, network), the host is treated as closed for
#: this long, then asked again (RFC 9309: an unreachable robots.txt means "disallow").
ROBOTS_RETRY_SECONDS = 300.0
#: The rules of a site that is closed to us (what 401/403 or an unreachable robots.txt mean).
CLOSED = ["User-agent: *", "Disallow: /"]


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How polite to be. Defaults suit following a few dozen outlets."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0  # seconds to connect, and between two reads
    total_timeout: float = 60.0  # seconds for a whole transfer (a server trickling bytes)
    max_bytes: int = 5_000_000  # a news page or feed is far smaller
    max_redirects: int = 5
    host_delay: float = 1.0  # seconds between two requests to one host
    robots_ttl: float = 3600.0  # seconds a robots.txt is trusted


class FetchError(Exception):
    """A page or feed that could not be fetched; str() is one line naming the URL."""

    def __init__(self, url: str, reason: str, *, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


@dataclass(frozen=True, slots=True)
class Fetched:
    """What came back: the body (empty when the server answered 304 Not Modified)."""

    url: str  # the address asked for
    final_url: str  # where the redirects ended
    status: int
    content: bytes = b""
    content_type: str = ""  # media type, lower-case, without parameters
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body decoded by its declared charset (UTF-8 when none or unknown)."""
        try:
            return self.content.decode(self.charset or "utf-8", errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


def check_http_url(url: str) -> str:
    """The URL if it is an absolute http(s) address; FetchError otherwise (no file:,
    ftp:, javascript: … from a feed ever reaches the network layer)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchError(url, "not a valid URL") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(url, "only http(s) addresses are fetched")
    return url


def host_key(url: str) -> str:
    """scheme://host:port — the unit robots.txt and the per-host delay apply to."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def backoff_seconds(failures: int, base: float, cap: float = 24 * 3600.0) -> float:
    """How long to leave a failing feed or page alone: base, 2×base, 4×base … capped.

    Why exponential: a feed that is down for a day should cost it a handful of requests,
    not one every interval.
    """
    if failures <= 0:
        return 0.0
    return min(cap, base * 2 ** (failures - 1))


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_request: float = float("-inf")
    robots: RobotFileParser | None = None
    robots_expires: float = float("-inf")


class PoliteFetcher:
    """Fetches http(s) URLs as described in the module docstring. Thread-safe."""

    def __init__(
        self,
        policy: FetchPolicy = FetchPolicy(),
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy
        self._clock = clock
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": policy.user_agent},
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,  # each hop is checked here
            transport=transport,
            trust_env=False,  # a proxy from the environment would change who we say we are
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    ) -> Fetched:
        """GET `url`, following at most `max_redirects` redirects; 304 when the feed has
        not changed since `etag` / `last_modified`. Raises FetchError."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = check_http_url(url)
        visited = {current}
        for _ in range(self.policy.max_redirects + 1):
            if not self.allowed(current):
                raise FetchError(current, "robots.txt disallows fetching it")
            status, response_headers, body = self._get(current, headers, self.policy.max_bytes)
            if status in REDIRECT_STATUSES and "location" in response_headers:
                target = check_http_url(urljoin(current, response_headers["location"]))
                if target in visited:
                    raise FetchError(url, f"redirect loop (back to {target})")
                visited.add(target)
                current = target
                continue
            if status == 304:
                return Fetched(
                    url,
                    current,
                    304,
                    etag=response_headers.get("etag", etag),
                    last_modified=response_headers.get("last-modified", last_modified),
                )
            if not 200 <= status < 300:
                raise FetchError(url, f"HTTP {status}", status=status)
            media_type, charset = _content_type(response_headers.get("content-type", ""))
            return Fetched(
                url,
                current,
                status,
                body,
                media_type,
                charset,
                response_headers.get("etag"),
                response_headers.get("last-modified"),
            )
        raise FetchError(url, f"more than {self.policy.max_redirects} redirects")

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets this bot fetch `url` (read once per robots_ttl)."""
        rules = self._robots(url)
        return rules.can_fetch(self.policy.user_agent, url)

    # ------------------------------------------------------------------ internals

    def _host(self, url: str) -> _Host:
        with self._hosts_lock:
            return self._hosts.setdefault(host_key(url), _Host())

    @contextmanager
    def _turn(self, url: str) -> Iterator[None]:
        """One request at a time per host, at least the host's delay apart."""
        host = self._host(url)
        with host.lock:
            delay = self.policy.host_delay
            if host.robots is not None:
                delay = max(delay, float(host.robots.crawl_delay(self.policy.user_agent) or 0))
            wait = host.last_request + delay - self._clock()
            if wait > 0:
                self._sleep(wait)
            try:
                yield
            finally:
                host.last_request = self._clock()

    def _robots(self, url: str) -> RobotFileParser:
        host = self._host(url)
        now = self._clock()
        if host.robots is not None and now < host.robots_expires:
            return host.robots
        rules, ttl = self._read_robots(urljoin(url, "/robots.txt"))
        host.robots, host.robots_expires = rules, now + ttl
        return rules

    def _read_robots(self, robots_url: str) -> tuple[RobotFileParser, float]:
        """Rules and how long to trust them. As RFC 9309 and urllib.robotparser: 401/403
        close the site, other 4xx open it, 5xx or no answer close it for a while."""
        rules = RobotFileParser(robots_url)
        try:
            status, body = self._get_following(robots_url)
        except FetchError:
            rules.parse(CLOSED)
            return rules, ROBOTS_RETRY_SECONDS
        if 200 <= status < 300:
            rules.parse(body.decode("utf-8", errors="replace").splitlines())
        elif status in (401, 403):
            rules.parse(CLOSED)
        elif 400 <= status < 500:
            rules.parse([])  # no rules: everything allowed
        else:
            rules.parse(CLOSED)
            return rules, ROBOTS_RETRY_SECONDS
        return rules, self.policy.robots_ttl

    def _get_following(self, url: str) -> tuple[int, bytes]:
        """robots.txt itself: redirects followed (bounded), no robots check."""
        current = url
        for _ in range(self.policy.max_redirects + 1):
            status, headers, body = self._get(current, {"Accept": "text/plain"}, ROBOTS_MAX_BYTES, truncate=True)
            if status in REDIRECT_STATUSES and "location" in headers:
                current = check_http_url(urljoin(current, headers["location"]))
                continue
            return status, body
        raise FetchError(url, "too many redirects")

    def _get(
        self, url: str, headers: Mapping[str, str], max_bytes: int, *, truncate: bool = False
    ) -> tuple[int, dict[str, str], bytes]:
        """One GET in the host's turn: status, lower-cased headers, body (≤ max_bytes)."""
        with self._turn(url):
            started = self._clock()
            try:
                with self._client.stream("GET", url, headers=dict(headers)) as response:
                    response_headers = {k.lower(): v for k, v in response.headers.items()}
                    if response.status_code in REDIRECT_STATUSES or not 200 <= response.status_code < 300:
                        return response.status_code, response_headers, b""
                    declared = response_headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes and not truncate:
                        raise FetchError(url, f"too large ({int(declared):,} bytes, limit {max_bytes:,})")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            if truncate:
                                return response.status_code, response_headers, bytes(body[:max_bytes])
                            raise FetchError(url, f"too large (over {max_bytes:,} bytes)")
                        if self._clock() - started > self.policy.total_timeout:
                            raise FetchError(url, f"timed out (transfer over {self.policy.total_timeout:g} s)")
                    return response.status_code, response_headers, bytes(body)
            except httpx.TimeoutException:
                raise FetchError(url, f"timed out (no answer within {self.policy.timeout:g} s)") from None
            except httpx.HTTPError as exc:
                raise FetchError(url, f"network error ({type(exc).__name__}: {exc})") from None


def _content_type(header: str) -> tuple[str, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset=UTF-8'."""
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media_type.strip().lower(), charset
