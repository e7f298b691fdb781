"""Following feeds against a local news site: new entries once, nothing twice, failures
recorded and retried, duplicates recognised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from bot.ingest.corpus import read_article
from bot.ingest.feeds import load_state, poll_feeds
from bot.ingest.fetch import FetchPolicy, PoliteFetcher
from bot.ingest.registry import Added
from tests.ingest.news_site import FLOOD, HARVEST, VOLCANO, Site, article_page, article_url

INTERVAL = 900.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_710_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def fetcher() -> PoliteFetcher:
    with PoliteFetcher(FetchPolicy(host_delay=0.0, timeout=2.0)) as client:
        yield client


@pytest.fixture()
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    return corpus, index


def poll(feeds: list[str], dirs: tuple[Path, Path], fetcher: PoliteFetcher, clock: Clock | None = None):
    corpus, index = dirs
    return poll_feeds(
        feeds,
        corpus_dir=corpus,
        corpus_dirs=[corpus],
        index_dir=index,
        fetcher=fetcher,
        interval_seconds=INTERVAL,
        **({"clock": clock} if clock else {}),
    )


def titles(corpus: Path) -> list[str]:
    return sorted(read_article(path).title for path in corpus.glob("*.md"))


def test_a_feed_that_changes_between_polls(httpserver: HTTPServer, dirs, fetcher) -> None:
    site = Site(httpserver, [FLOOD, VOLCANO])
    feed = site.base + "/feed.xml"

    [first] = poll([feed], dirs, fetcher)
    assert (first.new_entries, len(first.added), first.failed) == (2, 2, [])
    assert titles(dirs[0]) == sorted([FLOOD.title, VOLCANO.title])
    article = read_article(first.added[0].path)
    assert article.source == "Warta Nusantara" and article.url.startswith(site.base + "/read/")

    [unchanged] = poll([feed], dirs, fetcher)
    assert unchanged.not_modified and unchanged.added == []

    site.publish(HARVEST)
    [changed] = poll([feed], dirs, fetcher)
    assert (changed.new_entries, [a.article.title for a in changed.added]) == (1, [HARVEST.title])
    assert len(list(dirs[0].glob("*.md"))) == 3
    # every page was fetched exactly once over the three polls
    assert sorted(site.page_requests()) == sorted(article_url("", story) for story in (FLOOD, VOLCANO, HARVEST))


def test_nothing_is_fetched_twice_even_when_the_feed_forgets_its_etag(httpserver: HTTPServer, dirs, fetcher) -> None:
    site = Site(httpserver, [FLOOD])
    poll([site.base + "/feed.xml"], dirs, fetcher)
    state_file = dirs[1] / "feeds.json"
    state = json.loads(state_file.read_text())
    state["feeds"][site.base + "/feed.xml"]["etag"] = None
    state_file.write_text(json.dumps(state))
    [again] = poll([site.base + "/feed.xml"], dirs, fetcher)
    assert (again.not_modified, again.new_entries, again.added) == (False, 0, [])
    assert site.page_requests() == [article_url("", FLOOD)]


def test_atom_feeds_too(httpserver: HTTPServer, dirs, fetcher) -> None:
    site = Site(httpserver, [VOLCANO])
    [report] = poll([site.base + "/atom.xml"], dirs, fetcher)
    assert [a.article.title for a in report.added] == [VOLCANO.title]


def test_a_duplicate_article_under_two_urls(httpserver: HTTPServer, dirs, fetcher) -> None:
    site = Site(httpserver, [FLOOD])
    amp = "/amp/" + FLOOD.slug
    site.extra_pages[amp] = article_page(FLOOD, site.base)  # its canonical link names the /read/ page
    site.extra_pages["/amp/tanpa-kanonik"] = article_page(FLOOD, site.base, canonical=site.base + "/amp/tanpa-kanonik")
    poll([site.base + "/feed.xml"], dirs, fetcher)

    from bot.ingest.extract import Metadata
    from bot.ingest.pages import ingest_one
    from bot.ingest.registry import CorpusRegistry, Duplicate

    registry = CorpusRegistry([dirs[0]], dirs[1])
    same_address = ingest_one(site.base + amp, given=Metadata(), registry=registry, corpus_dir=dirs[0], fetcher=fetcher)
    same_text = ingest_one(
        site.base + "/amp/tanpa-kanonik", given=Metadata(), registry=registry, corpus_dir=dirs[0], fetcher=fetcher
    )
    assert isinstance(same_address, Duplicate) and same_address.reason == "same address"
    assert isinstance(same_text, Duplicate) and same_text.reason == "same text"
    assert titles(dirs[0]) == [FLOOD.title]


def test_a_syndicated_copy_is_kept_as_another_source(httpserver: HTTPServer, dirs, fetcher) -> None:
    site = Site(httpserver, [FLOOD])
    copy = "/syndikasi/" + FLOOD.slug
    site.extra_pages[copy] = article_page(
        FLOOD, site.base, canonical="https://koranbarat.test/berita/banjir", site="Koran Barat"
    )
    poll([site.base + "/feed.xml"], dirs, fetcher)
    from bot.ingest.extract import Metadata
    from bot.ingest.pages import ingest_one
    from bot.ingest.registry import CorpusRegistry

    outcome = ingest_one(
        site.base + copy,
        given=Metadata(),
        registry=CorpusRegistry([dirs[0]], dirs[1]),
        corpus_dir=dirs[0],
        fetcher=fetcher,
    )
    assert isinstance(outcome, Added) and outcome.syndicated_from is not None
    assert sorted(read_article(p).source for p in dirs[0].glob("*.md")) == ["Koran Barat", "Warta Nusantara"]


def test_a_failing_feed_does_not_stop_the_others_and_backs_off(httpserver: HTTPServer, dirs, fetcher) -> None:
    site = Site(httpserver, [FLOOD])
    clock = Clock()
    broken = site.base + "/hilang.xml"
    httpserver.expect_request("/hilang.xml").respond_with_data("no", status=500)
    reports = poll([broken, site.base + "/feed.xml"], dirs, fetcher, clock)
    assert "HTTP 500" in reports[0].error and len(reports[1].added) == 1
    state = load_state(dirs[1]).feeds[broken]
    assert (state.failures, state.last_error) == (1, f"{broken}: HTTP 500")

    clock.now += INTERVAL  # next round: retried
    assert poll([broken], dirs, fetcher, clock)[0].error
    clock.now += INTERVAL  # two failures in a row: this round is skipped
    assert "backing off" in poll([broken], dirs, fetcher, clock)[0].skipped
    clock.now += INTERVAL
    assert poll([broken], dirs, fetcher, clock)[0].error  # and tried again after that


def test_a_failing_page_is_retried_and_the_rest_of_the_feed_goes_on(httpserver: HTTPServer, dirs, fetcher) -> None:
    site = Site(httpserver, [FLOOD, VOLCANO])
    clock = Clock()
    flood_path = article_url("", FLOOD)
    site.extra_pages[flood_path] = "<html><body><nav>Beranda</nav></body></html>"  # no article (yet)
    [report] = poll([site.base + "/feed.xml"], dirs, fetcher, clock)
    assert [a.article.title for a in report.added] == [VOLCANO.title] and len(report.failed) == 1

    del site.extra_pages[flood_path]  # the page is fixed
    site.publish()  # and the feed changes its ETag
    clock.now += INTERVAL
    [retry] = poll([site.base + "/feed.xml"], dirs, fetcher, clock)
    assert [a.article.title for a in retry.added] == [FLOOD.title]


def test_robots_txt_refusal_is_reported_per_page(httpserver: HTTPServer, dirs, fetcher) -> None:
    site = Site(httpserver, [FLOOD], robots="User-agent: *\nDisallow: /read/\n")
    [report] = poll([site.base + "/feed.xml"], dirs, fetcher)
    assert report.added == [] and "robots.txt disallows" in report.failed[0]
    assert site.page_requests() == []
