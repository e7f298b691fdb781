"""Pages and feeds shaped like an Indonesian news site, written for the tests.

Each page carries what real ones do around the article: a cookie banner, navigation,
breadcrumbs, share buttons, a photo caption with an agency credit, a "Baca Juga" link
inside the text, a related-article list, comments and a footer, with the metadata in
<meta> tags and JSON-LD. Only the article's own sentences should reach the corpus.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    paragraphs: tuple[str, ...]
    published: str  # YYYY-MM-DD
    site: str = "Warta Nusantara"
    domain: str = "wartanusantara.test"


FLOOD = Story(
    "banjir-bandang-garut",
    "Banjir Bandang Landa Garut, Ratusan Warga Mengungsi",
    (
        "Banjir bandang melanda tiga kecamatan di Kabupaten Garut, Jawa Barat, pada Senin malam setelah hujan "
        "deras mengguyur kawasan hulu Sungai Cimanuk selama enam jam.",
        "Kepala Pelaksana BPBD Garut Satria Budi mengatakan sebanyak 412 warga mengungsi ke masjid dan "
        "gedung sekolah terdekat.",
        "Menurut dia, air mulai surut pada Selasa pagi, namun lumpur setinggi lutut masih menutup jalan desa.",
        "Pemerintah kabupaten menetapkan status tanggap darurat selama 14 hari untuk mempercepat penanganan.",
    ),
    "2024-03-11",
)

VOLCANO = Story(
    "erupsi-gunung-marapi",
    "Gunung Marapi Kembali Erupsi, Kolom Abu Capai Dua Kilometer",
    (
        "Gunung Marapi di Sumatera Barat kembali erupsi pada Rabu siang dengan kolom abu setinggi dua kilometer "
        "di atas puncak.",
        "Petugas Pos Pengamatan Gunung Marapi Teguh Purnomo mengatakan abu vulkanik mengarah ke timur laut "
        "dan menghujani Kabupaten Tanah Datar.",
        "Badan Geologi mempertahankan status Siaga dan meminta warga menjauhi radius tiga kilometer dari kawah.",
    ),
    "2024-03-13",
)

HARVEST = Story(
    "panen-raya-cianjur",
    "Petani Cianjur Mulai Panen Raya, Harga Gabah Turun",
    (
        "Petani di Kabupaten Cianjur mulai memanen padi pada pekan kedua Maret setelah musim tanam yang "
        "terlambat akibat kemarau panjang.",
        "Ketua Kelompok Tani Mekarsari Ujang Sopandi mengatakan harga gabah kering panen turun menjadi "
        "Rp6.200 per kilogram.",
        "Dinas Pertanian memperkirakan produksi padi Cianjur tahun ini mencapai 780 ribu ton.",
    ),
    "2024-03-14",
)


def article_url(base: str, story: Story) -> str:
    return f"{base}/read/{story.published.replace('-', '/')}/{story.slug}"


def article_page(
    story: Story,
    base: str,
    *,
    canonical: str | None = None,
    site: str | None = None,
    with_date: bool = True,
    with_site: bool = True,
) -> str:
    """A full article page; `canonical` defaults to the article's own URL under `base`."""
    canonical = canonical or article_url(base, story)
    site = site or story.site
    esc = html.escape
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "mainEntityOfPage": canonical,
        "author": {"@type": "Person", "name": "Rina Kartika"},
    }
    if with_date:
        ld["datePublished"] = f"{story.published}T19:30:00+07:00"
        ld["dateModified"] = f"{story.published}T21:05:00+07:00"
    if with_site:
        ld["publisher"] = {"@type": "Organization", "name": site}
    first, *rest = story.paragraphs
    body = [f"<p><strong>{esc(site.upper().replace(' ', ''))}.COM, JAKARTA</strong> - {esc(first)}</p>"]
    body.append(
        '<figure><img src="/img/1.jpg" alt="Foto"><figcaption>Warga menyelamatkan barang dari '
        "rumah yang terendam. ANTARA FOTO/Adeng Bustomi/rwa</figcaption></figure>"
    )
    for number, paragraph in enumerate(rest):
        body.append(f"<p>{esc(paragraph)}</p>")
        if number == 0:
            body.append(
                '<p><strong>Baca Juga:</strong> <a href="/read/2024/03/01/lain">Jalan Nasional Garut '
                "Tertutup Longsor</a></p>"
            )
    site_meta = f'<meta property="og:site_name" content="{esc(site)}">' if with_site else ""
    date_meta = (
        f'<meta property="article:published_time" content="{story.published}T19:30:00+07:00">' if with_date else ""
    )
    return f"""<!DOCTYPE html>
<html lang="id-ID">
<head>
<meta charset="utf-8">
<title>{esc(story.title)} - {esc(site) if with_site else ""}</title>
<link rel="canonical" href="{esc(canonical)}">
<meta property="og:title" content="{esc(story.title)}">
<meta property="og:url" content="{esc(canonical)}">
{site_meta}
{date_meta}
<script type="application/ld+json">{json.dumps(ld)}</script>
</head>
<body>
<div class="cookie-banner" id="cookie-consent">Kami menggunakan cookie untuk meningkatkan pengalaman Anda.
 <button>Setuju</button> <button>Tolak</button></div>
<header><nav><ul><li><a href="/">Beranda</a></li><li><a href="/nasional">Nasional</a></li>
<li><a href="/ekonomi">Ekonomi</a></li><li><a href="/olahraga">Olahraga</a></li>
<li><a href="/indeks">Indeks</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">Home</a> » <a href="/nasional">Nasional</a> » Peristiwa</div>
<main>
<article>
<h1>{esc(story.title)}</h1>
<div class="byline">Penulis: Rina Kartika | Editor: Budi Santoso</div>
<time datetime="{story.published}T19:30:00+07:00">{story.published}</time>
<div class="share"><a href="#">Bagikan ke Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a></div>
<div class="article-content">
{chr(10).join(body)}
</div>
<div class="tags">Tags: <a href="/tag/banjir">banjir</a> <a href="/tag/garut">garut</a></div>
</article>
<section class="related"><h2>Berita Terkait</h2><ul>
<li><a href="/read/2024/03/02/a">Longsor Tutup Jalur Selatan Jawa Barat</a></li>
<li><a href="/read/2024/03/03/b">BMKG Peringatkan Cuaca Ekstrem Sepekan</a></li>
<li><a href="/read/2024/03/04/c">Ribuan Hektare Sawah Terendam di Karawang</a></li>
</ul></section>
<section id="comments" class="comments"><h3>Komentar</h3>
<div class="comment"><p>Semoga warga cepat pulih, pemerintah harus bergerak cepat!!!</p></div>
<div class="comment"><p>Setiap tahun banjir terus, kapan diperbaiki drainasenya?</p></div>
</section>
</main>
<footer><p>Copyright © 2024 {esc(site)}. All rights reserved.</p>
<a href="/tentang">Tentang Kami</a> <a href="/pedoman">Pedoman Media Siber</a></footer>
</body>
</html>
"""


def rss_feed(base: str, stories: list[Story], *, title: str = "Warta Nusantara - Berita Terkini") -> str:
    """An RSS 2.0 feed listing `stories` newest first, links under `base`."""
    items = []
    for story in sorted(stories, key=lambda s: s.published, reverse=True):
        when = datetime.fromisoformat(f"{story.published}T12:30:00+00:00").astimezone(UTC)
        items.append(f"""<item>
<title>{html.escape(story.title)}</title>
<link>{html.escape(article_url(base, story))}</link>
<guid isPermaLink="true">{html.escape(article_url(base, story))}</guid>
<pubDate>{format_datetime(when)}</pubDate>
<description>{html.escape(story.paragraphs[0][:120])}…</description>
</item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>{html.escape(title)}</title>
<link>{html.escape(base)}/</link>
<description>Berita terkini</description>
<language>id</language>
{chr(10).join(items)}
</channel></rss>
"""


def atom_feed(base: str, stories: list[Story]) -> str:
    entries = "\n".join(
        f"""<entry><title>{html.escape(s.title)}</title>
<link href="{html.escape(article_url(base, s))}"/><id>tag:wartanusantara.test,2024:{s.slug}</id>
<updated>{s.published}T12:30:00Z</updated></entry>"""
        for s in stories
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Warta Nusantara</title><id>urn:wn</id>
<updated>2024-03-14T00:00:00Z</updated>
{entries}
</feed>
"""


class Site:
    """A news site served by pytest-httpserver: robots.txt, /feed.xml (with ETag, so a
    poll of an unchanged feed gets 304), and the article pages. `publish` changes the feed."""

    def __init__(self, httpserver, stories: list[Story] = (), *, robots: str = "User-agent: *\nAllow: /\n") -> None:
        from werkzeug import Response

        self.server = httpserver
        self.base = httpserver.url_for("").rstrip("/")
        self.stories: list[Story] = list(stories)
        self.extra_pages: dict[str, str] = {}
        self.version = 0
        self._response = Response
        httpserver.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")
        httpserver.expect_request("/feed.xml").respond_with_handler(self._feed)
        httpserver.expect_request("/atom.xml").respond_with_handler(
            lambda request: self._response(atom_feed(self.base, self.stories), content_type="application/atom+xml")
        )
        for prefix in ("/read/", "/amp/", "/syndikasi/"):
            httpserver.expect_request(__import__("re").compile(f"^{prefix}.*")).respond_with_handler(self._page)

    def publish(self, *stories: Story) -> None:
        self.stories.extend(stories)
        self.version += 1

    def _feed(self, request):
        etag = f'"v{self.version}"'
        if request.headers.get("If-None-Match") == etag:
            return self._response(status=304, headers={"ETag": etag})
        return self._response(
            rss_feed(self.base, self.stories), content_type="application/rss+xml; charset=utf-8", headers={"ETag": etag}
        )

    def _page(self, request):
        if request.path in self.extra_pages:
            return self._response(self.extra_pages[request.path], content_type="text/html; charset=utf-8")
        for story in self.stories:
            if article_url(self.base, story).endswith(request.path):
                return self._response(article_page(story, self.base), content_type="text/html; charset=utf-8")
        return self._response("Halaman tidak ditemukan", status=404)

    def page_requests(self) -> list[str]:
        return [request.path for request, _ in self.server.log if request.path.startswith(("/read/", "/amp/"))]
