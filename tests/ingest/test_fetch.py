"""The polite HTTP client against a local server (pytest-httpserver): what it sends,
what it refuses, and how it fails."""

from __future__ import annotations

import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from bot.ingest.fetch import FetchError, FetchPolicy, PoliteFetcher, backoff_seconds, check_http_url

FAST = FetchPolicy(host_delay=0.0, timeout=2.0)


@pytest.fixture()
def fetcher() -> PoliteFetcher:
    with PoliteFetcher(FAST) as client:
        yield client


def serve_robots(httpserver: HTTPServer, text: str = "User-agent: *\nAllow: /\n") -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(text, content_type="text/plain")


def test_names_the_bot_and_its_repository(httpserver: HTTPServer, fetcher: PoliteFetcher) -> None:
    serve_robots(httpserver)
    httpserver.expect_request("/berita").respond_with_data("<p>ok</p>", content_type="text/html; charset=utf-8")
    fetched = fetcher.fetch(httpserver.url_for("/berita"))
    assert fetched.content == b"<p>ok</p>"
    assert (fetched.content_type, fetched.charset) == ("text/html", "utf-8")
    agent = httpserver.log[-1][0].headers["User-Agent"]
    assert "KutipanBot" in agent and "github.com" in agent


def test_robots_txt_refusal_sends_no_request_for_the_page(httpserver: HTTPServer, fetcher: PoliteFetcher) -> None:
    serve_robots(httpserver, "User-agent: KutipanBot\nDisallow: /premium/\n\nUser-agent: *\nAllow: /\n")
    httpserver.expect_request("/premium/artikel").respond_with_data("secret")
    httpserver.expect_request("/gratis/artikel").respond_with_data("free")
    with pytest.raises(FetchError, match=r"robots\.txt disallows"):
        fetcher.fetch(httpserver.url_for("/premium/artikel"))
    assert fetcher.fetch(httpserver.url_for("/gratis/artikel")).content == b"free"
    assert [request.path for request, _ in httpserver.log] == ["/robots.txt", "/gratis/artikel"]  # read once


def test_robots_txt_missing_allows_and_server_error_refuses(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/a").respond_with_data("A")
    with PoliteFetcher(FAST) as fetcher:
        assert fetcher.fetch(httpserver.url_for("/a")).content == b"A"
    httpserver.clear()
    httpserver.expect_request("/robots.txt").respond_with_data("", status=503)
    with PoliteFetcher(FAST) as fetcher, pytest.raises(FetchError, match=r"robots\.txt"):
        fetcher.fetch(httpserver.url_for("/a"))


def test_a_404_is_an_error_with_its_status(httpserver: HTTPServer, fetcher: PoliteFetcher) -> None:
    serve_robots(httpserver)
    httpserver.expect_request("/hilang").respond_with_data("Halaman tidak ditemukan", status=404)
    with pytest.raises(FetchError, match="HTTP 404") as caught:
        fetcher.fetch(httpserver.url_for("/hilang"))
    assert caught.value.status == 404


def test_a_server_that_does_not_answer_times_out(httpserver: HTTPServer) -> None:
    serve_robots(httpserver)

    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response("late")

    httpserver.expect_request("/lambat").respond_with_handler(slow)
    with PoliteFetcher(FetchPolicy(host_delay=0.0, timeout=0.2)) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match="timed out"):
            fetcher.fetch(httpserver.url_for("/lambat"))
        assert time.monotonic() - started < 0.9


def test_a_redirect_loop_is_refused(httpserver: HTTPServer, fetcher: PoliteFetcher) -> None:
    serve_robots(httpserver)
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=301, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher.fetch(httpserver.url_for("/a"))


def test_redirects_are_followed_but_bounded(httpserver: HTTPServer) -> None:
    serve_robots(httpserver)
    for hop in range(4):
        httpserver.expect_request(f"/r{hop}").respond_with_data("", status=302, headers={"Location": f"/r{hop + 1}"})
    httpserver.expect_request("/r4").respond_with_data("akhir")
    with PoliteFetcher(FetchPolicy(host_delay=0.0, max_redirects=4)) as fetcher:
        fetched = fetcher.fetch(httpserver.url_for("/r0"))
        assert fetched.content == b"akhir" and fetched.final_url.endswith("/r4")
    with PoliteFetcher(FetchPolicy(host_delay=0.0, max_redirects=3)) as fetcher:
        with pytest.raises(FetchError, match="more than 3 redirects"):
            fetcher.fetch(httpserver.url_for("/r0"))


def test_a_redirect_to_another_scheme_is_refused(httpserver: HTTPServer, fetcher: PoliteFetcher) -> None:
    serve_robots(httpserver)
    httpserver.expect_request("/x").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="only http"):
        fetcher.fetch(httpserver.url_for("/x"))


@pytest.mark.parametrize("chunked", [False, True])
def test_a_huge_page_is_cut_off(httpserver: HTTPServer, chunked: bool) -> None:
    serve_robots(httpserver)
    if chunked:  # no Content-Length: the cap must hold while reading
        httpserver.expect_request("/besar").respond_with_response(
            Response((b"x" * 65536 for _ in range(64)), content_type="text/html")
        )
    else:
        httpserver.expect_request("/besar").respond_with_data(b"x" * 4_000_000, content_type="text/html")
    with PoliteFetcher(FetchPolicy(host_delay=0.0, max_bytes=1_000_000)) as fetcher:
        with pytest.raises(FetchError, match="too large"):
            fetcher.fetch(httpserver.url_for("/besar"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "/relative"])
def test_only_http_urls(url: str) -> None:
    with pytest.raises(FetchError, match="only http"):
        check_http_url(url)


def test_conditional_requests_get_not_modified(httpserver: HTTPServer, fetcher: PoliteFetcher) -> None:
    serve_robots(httpserver)
    httpserver.expect_request("/feed.xml", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    httpserver.expect_request("/feed.xml").respond_with_data(
        "<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Mon, 11 Mar 2024 10:00:00 GMT"}
    )
    first = fetcher.fetch(httpserver.url_for("/feed.xml"))
    assert (first.etag, first.last_modified) == ('"v1"', "Mon, 11 Mar 2024 10:00:00 GMT")
    again = fetcher.fetch(httpserver.url_for("/feed.xml"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.content == b"" and again.etag == '"v1"'
    assert httpserver.log[-1][0].headers["If-Modified-Since"] == "Mon, 11 Mar 2024 10:00:00 GMT"


def test_one_host_is_asked_at_most_once_per_delay(httpserver: HTTPServer) -> None:
    serve_robots(httpserver, "User-agent: *\nCrawl-delay: 3\n")
    httpserver.expect_request("/p").respond_with_data("p")
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    with PoliteFetcher(FetchPolicy(host_delay=1.0), clock=lambda: now[0], sleep=sleep) as fetcher:
        for _ in range(3):
            fetcher.fetch(httpserver.url_for("/p"))
    # robots.txt first, then each page waits the site's Crawl-delay (longer than ours)
    assert slept == [3.0, 3.0, 3.0]
    assert [request.path for request, _ in httpserver.log] == ["/robots.txt", "/p", "/p", "/p"]


def test_our_own_delay_holds_when_the_site_names_none(httpserver: HTTPServer) -> None:
    serve_robots(httpserver)
    httpserver.expect_request("/p").respond_with_data("p")
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    with PoliteFetcher(FetchPolicy(host_delay=1.5), clock=lambda: now[0], sleep=sleep) as fetcher:
        fetcher.fetch(httpserver.url_for("/p"))
        fetcher.fetch(httpserver.url_for("/p"))
    assert slept == [1.5, 1.5]


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_seconds(n, 60) for n in range(5)] == [0, 60, 120, 240, 480]
    assert backoff_seconds(30, 60) == 24 * 3600


def test_the_user_agent_names_the_operators_contact_page() -> None:
    from bot.settings import Settings

    settings = Settings(_env_file=None, fetch_contact_url="https://news-bot.example/about")
    assert settings.fetch_policy().user_agent == "KutipanBot/0.1 (+https://news-bot.example/about)"
    with pytest.raises(ValueError):
        Settings(_env_file=None, fetch_contact_url="mailto:me@example.org")
