"""Tests for bot.ingest.cleaning: raw scraped page text -> title + clean paragraphs.

The raw pages below are invented (fictional outlets and boilerplate in the style of
Indonesian news sites) so the cleaner is tested for generality, not for the two
seed pages; a single optional test checks the seeds too.
"""

from __future__ import annotations

import dataclasses
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.ingest.cleaning import CleaningError, CleanPage, clean_page, is_boilerplate_line
from bot.text.datelines import strip_dateline

# ---------------------------------------------------------------------------
# Raw pages
# ---------------------------------------------------------------------------

PAGE_PESISIR = """\
Langganan Sekarang, Gratis 30 Hari
Home » Nasional » Bencana

Banjir Rob Rendam Pesisir Semarang, Ribuan Warga Mengungsi

Home
Share
SEMARANG, KOMPAS.com — Banjir rob kembali merendam permukiman di pesisir utara Semarang, Jawa Tengah, pada Selasa (5/3/2024) pagi.
Warga mengevakuasi barang di Kelurahan Tambaklorok, Semarang, Selasa (5/3/2024). ANTARA FOTO/Aji Styawan/nym
Warga mengevakuasi barang di Kelurahan Tambaklorok, Semarang, Selasa (5/3/2024). ANTARA FOTO/Aji Styawan/nym

Baca juga: Tanggul Laut Semarang Jebol, Pemkot Minta Bantuan Pusat

Ketinggian air mencapai 60 sentimeter di sejumlah titik, menurut Badan Penanggulangan Bencana Daerah (BPBD) Kota Semarang.

Iklan

Sumber di BPBD menyebutkan sedikitnya 1.200 warga telah dievakuasi ke balai kelurahan.

"Kami sudah siapkan dapur umum dan perahu karet untuk warga yang masih bertahan," kata Kepala BPBD Semarang, Endro Pudyo, kepada wartawan.

Warga juga mengunggah Foto genangan di media sosial sebagai sumber informasi bagi tetangga mereka.

Advertorial »

Scroll to continue with content

Bagikan artikel ini
Ikuti kami di Instagram dan TikTok @beritapesisir
Penulis: Rina Wulandari
Editor : Dimas Prasetyo
Reporter: Andi Saputra
Copyright © 2024 KOMPAS.com. All rights reserved.

Berita Terkait
Tanggul Laut Semarang Jebol, Pemkot Minta Bantuan Pusat
Rob Kembali Terjadi, Warga Minta Solusi Permanen?

Populer
Video
Foto
# Hot Topic
Rekomendasi Kami
Berita Lainnya
Berita Terbaru
Artikel Terkait
Scan QR Code untuk membaca e-paper Harian Pesisir
Konten Premium
Dapatkan informasi terkini dan mendalam dari redaksi kami. Silakan login untuk membaca artikel premium.
Nyaman tanpa iklan. Langganan PesisirPro
"""

PESISIR_PARAGRAPHS = [
    "Banjir rob kembali merendam permukiman di pesisir utara Semarang, Jawa Tengah, pada Selasa (5/3/2024) pagi.",
    "Ketinggian air mencapai 60 sentimeter di sejumlah titik, menurut Badan Penanggulangan "
    "Bencana Daerah (BPBD) Kota Semarang.",
    "Sumber di BPBD menyebutkan sedikitnya 1.200 warga telah dievakuasi ke balai kelurahan.",
    '"Kami sudah siapkan dapur umum dan perahu karet untuk warga yang masih bertahan," '
    "kata Kepala BPBD Semarang, Endro Pudyo, kepada wartawan.",
    "Warga juga mengunggah Foto genangan di media sosial sebagai sumber informasi bagi tetangga mereka.",
]

PAGE_BERAS = """\
Advertisement
Harga Beras Naik Jelang Ramadan, Pemerintah Gelontorkan Stok Bulog
Share this
TEMPO.CO, Jakarta - Pemerintah akan menggelontorkan 200 ribu ton beras dari gudang Perum Bulog untuk menahan kenaikan harga menjelang Ramadan.
Read more: Bulog Pastikan Stok Aman Hingga Lebaran
Also Read:
Inflasi Pangan Februari Tertinggi dalam Setahun
Menteri Perdagangan mengatakan operasi pasar akan digelar di 34 provinsi mulai pekan depan.
Pedagang menata karung beras di Pasar Induk Cipinang, Jakarta, Senin (4/3/2024). REUTERS/Willy Kurniawan
Pedagang menata karung beras di Pasar Induk Cipinang, Jakarta, Senin (4/3/2024). REUTERS/Willy Kurniawan
Kenaikan harga beras dipicu oleh musim tanam yang mundur akibat El Nino.
Kenaikan harga beras dipicu oleh musim tanam yang mundur akibat El Nino.
"Harga harus turun sebelum puasa. Kami tidak ingin masyarakat terbebani," ujar Menteri Perdagangan dalam konferensi pers di Jakarta.
Reporting by Willy Kurniawan; Editing by Ed Davies
Cek Berita dan Artikel yang lain di Google News dan WA Channel
Follow us on Twitter for breaking news
Next Post
Previous Post Next Post
Halaman selanjutnya
Sumber : Antara, Reuters
Sumber Tempo
نموذج الاتصال
Read more
"""

BERAS_PARAGRAPHS = [
    "Pemerintah akan menggelontorkan 200 ribu ton beras dari gudang Perum Bulog untuk "
    "menahan kenaikan harga menjelang Ramadan.",
    "Menteri Perdagangan mengatakan operasi pasar akan digelar di 34 provinsi mulai pekan depan.",
    "Kenaikan harga beras dipicu oleh musim tanam yang mundur akibat El Nino.",
    '"Harga harus turun sebelum puasa. Kami tidak ingin masyarakat terbebani," ujar Menteri '
    "Perdagangan dalam konferensi pers di Jakarta.",
]

# Standfirst repeated inside a later paragraph, the title echoed in the body,
# a colon dateline, a hard-wrapped paragraph, captions ending in "Dok." / "(Foto: ...)".
PAGE_GEMPA = """\
# Gempa Magnitudo 5,6 Guncang Cianjur

Gempa magnitudo 5,6 mengguncang Cianjur pada Senin siang.

Gempa Magnitudo 5,6 Guncang Cianjur

Bangunan sekolah yang rusak di Desa Cibeureum. Dok. BPBD Cianjur
Bangunan sekolah yang rusak di Desa Cibeureum. Dok. BPBD Cianjur

Liputan6.com, Cianjur: Gempa magnitudo 5,6 mengguncang Cianjur pada Senin siang. Getaran terasa hingga Jakarta dan Bandung.

Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) mencatat pusat gempa berada di darat
dengan kedalaman 10 kilometer dan tidak berpotensi tsunami.
Petugas memeriksa rumah warga yang retak akibat gempa. (Foto: Istimewa)

Kepala BMKG meminta warga tetap tenang. "Waspadai gempa susulan, jangan dulu masuk ke bangunan yang retak," katanya.
Gempa Magnitudo 5,6 Guncang Cianjur
Tag: gempa, cianjur, bmkg
"""

GEMPA_PARAGRAPHS = [
    "Gempa magnitudo 5,6 mengguncang Cianjur pada Senin siang. Getaran terasa hingga Jakarta dan Bandung.",
    "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) mencatat pusat gempa berada di "
    "darat dengan kedalaman 10 kilometer dan tidak berpotensi tsunami.",
    'Kepala BMKG meminta warga tetap tenang. "Waspadai gempa susulan, jangan dulu masuk '
    'ke bangunan yang retak," katanya.',
]

BOILERPLATE_FRAGMENTS = (
    "Langganan",
    "Nyaman tanpa iklan",
    "Home",
    "Share",
    "Baca juga",
    "Read more",
    "Also Read",
    "Iklan",
    "Advertorial",
    "Advertisement",
    "Scroll to continue",
    "Bagikan",
    "Ikuti kami",
    "Follow us",
    "Penulis",
    "Editor",
    "Reporter",
    "Reporting by",
    "Copyright",
    "©",
    "Berita Terkait",
    "Artikel Terkait",
    "Berita Lainnya",
    "Berita Terbaru",
    "Rekomendasi Kami",
    "Hot Topic",
    "Populer",
    "Scan QR",
    "Konten Premium",
    "Silakan login",
    "Google News",
    "Next Post",
    "Previous Post",
    "Halaman selanjutnya",
    "Sumber :",
    "Sumber Tempo",
    "ANTARA FOTO",
    "REUTERS/",
    "Dok. BPBD",
    "(Foto:",
    "Tag:",
    "نموذج",
    "#",
)


def _assert_no_boilerplate(page: CleanPage) -> None:
    for paragraph in page.paragraphs:
        for fragment in BOILERPLATE_FRAGMENTS:
            assert not paragraph.startswith(fragment), (fragment, paragraph)
        assert "ANTARA FOTO" not in paragraph and "REUTERS/" not in paragraph
        assert "Silakan login" not in paragraph and "©" not in paragraph
        assert not is_boilerplate_line(paragraph), paragraph


# ---------------------------------------------------------------------------
# Whole pages
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "title", "paragraphs"),
    [
        pytest.param(
            PAGE_PESISIR,
            "Banjir Rob Rendam Pesisir Semarang, Ribuan Warga Mengungsi",
            PESISIR_PARAGRAPHS,
            id="pesisir",
        ),
        pytest.param(
            PAGE_BERAS,
            "Harga Beras Naik Jelang Ramadan, Pemerintah Gelontorkan Stok Bulog",
            BERAS_PARAGRAPHS,
            id="beras",
        ),
        pytest.param(PAGE_GEMPA, "Gempa Magnitudo 5,6 Guncang Cianjur", GEMPA_PARAGRAPHS, id="gempa"),
    ],
)
def test_clean_page_keeps_exactly_the_article(raw: str, title: str, paragraphs: list[str]) -> None:
    page = clean_page(raw)
    assert page.title == title
    assert page.paragraphs == paragraphs
    _assert_no_boilerplate(page)


def test_paragraphs_are_single_blocks_of_text() -> None:
    for raw in (PAGE_PESISIR, PAGE_BERAS, PAGE_GEMPA):
        for paragraph in clean_page(raw).paragraphs:
            assert "\n" not in paragraph and "  " not in paragraph
            assert paragraph == paragraph.strip()


def test_words_sumber_and_foto_inside_sentences_are_kept() -> None:
    paragraphs = clean_page(PAGE_PESISIR).paragraphs
    assert any(p.startswith("Sumber di BPBD") for p in paragraphs)
    assert any(" Foto genangan " in p and "sumber informasi" in p for p in paragraphs)


def test_quotes_are_kept() -> None:
    assert any(p.startswith('"Kami sudah siapkan') for p in clean_page(PAGE_PESISIR).paragraphs)
    assert any(p.startswith('"Harga harus turun') for p in clean_page(PAGE_BERAS).paragraphs)


def test_repeated_caption_is_dropped_but_repeated_paragraph_kept_once() -> None:
    paragraphs = clean_page(PAGE_BERAS).paragraphs
    assert not any("Pedagang menata karung" in p for p in paragraphs)
    assert paragraphs.count("Kenaikan harga beras dipicu oleh musim tanam yang mundur akibat El Nino.") == 1


def test_single_caption_with_explicit_credit_is_dropped() -> None:
    assert not any("Petugas memeriksa rumah" in p for p in clean_page(PAGE_GEMPA).paragraphs)


def test_sentence_mentioning_an_agency_is_not_a_caption() -> None:
    raw = (
        "Judul Berita Tentang Kantor Berita\n\n"
        "Pernyataan itu disampaikan Menteri Luar Negeri kepada Reuters.\n"
        "Pernyataan itu disampaikan Menteri Luar Negeri kepada Reuters.\n"
        "Foto yang beredar diambil oleh fotografer AFP/Getty Images bernama Budi di Gaza.\n"
    )
    assert clean_page(raw).paragraphs == [
        "Pernyataan itu disampaikan Menteri Luar Negeri kepada Reuters.",
        "Foto yang beredar diambil oleh fotografer AFP/Getty Images bernama Budi di Gaza.",
    ]


def test_standfirst_and_title_repeats_do_not_duplicate() -> None:
    paragraphs = clean_page(PAGE_GEMPA).paragraphs
    joined = " ".join(paragraphs)
    assert joined.count("Gempa magnitudo 5,6 mengguncang Cianjur pada Senin siang.") == 1
    assert "Gempa Magnitudo 5,6 Guncang Cianjur" not in paragraphs


def test_hard_wrapped_lines_are_joined_but_line_paragraphs_stay_separate() -> None:
    paragraphs = clean_page(PAGE_GEMPA).paragraphs
    assert any(p.endswith("di darat dengan kedalaman 10 kilometer dan tidak berpotensi tsunami.") for p in paragraphs)
    # Seed-004 style: consecutive lines, each a full paragraph, no blank lines.
    raw = (
        "Dua Paragraf Tanpa Baris Kosong\n"
        "Paragraf pertama berakhir di sini dengan titik.\n"
        "Paragraf kedua dimulai dengan huruf kapital dan juga berakhir.\n"
    )
    assert clean_page(raw).paragraphs == [
        "Paragraf pertama berakhir di sini dengan titik.",
        "Paragraf kedua dimulai dengan huruf kapital dan juga berakhir.",
    ]


def test_baca_juga_label_swallows_the_linked_headline_on_next_line() -> None:
    paragraphs = clean_page(PAGE_BERAS).paragraphs
    assert not any("Inflasi Pangan" in p for p in paragraphs)


def test_related_list_ends_at_the_next_real_paragraph() -> None:
    raw = (
        "Judul Artikel Utama\n\n"
        "Paragraf pembuka artikel ini cukup panjang dan berakhir dengan titik.\n"
        "Berita Terkait\n"
        "Judul Berita Lain yang Ditautkan\n"
        "Apakah Harga Cabai Akan Turun Bulan Depan?\n"
        "Artikel kemudian berlanjut dengan kalimat yang berakhir dengan titik.\n"
    )
    assert clean_page(raw).paragraphs == [
        "Paragraf pembuka artikel ini cukup panjang dan berakhir dengan titik.",
        "Artikel kemudian berlanjut dengan kalimat yang berakhir dengan titik.",
    ]


def test_menu_lines_and_non_latin_lines_are_dropped() -> None:
    raw = (
        "Judul Artikel Menu\n"
        "Nasional\nEkonomi Bisnis\nLihat Semua\n"
        "Home News Nasional Internasional Ekonomi Olahraga Teknologi Hiburan\n"
        "اتصل بنا الآن\n"
        "Проверка связи\n"
        "* * *\n"
        "Paragraf ini adalah satu-satunya kalimat yang sah di halaman tersebut.\n"
        "1 2 3 Selanjutnya\n"
    )
    assert clean_page(raw).paragraphs == ["Paragraf ini adalah satu-satunya kalimat yang sah di halaman tersebut."]


def test_long_paragraph_without_final_period_is_kept() -> None:
    raw = (
        "Judul Tanpa Titik\n\n"
        "paragraf ini kehilangan titik di akhir karena scraper tetapi tetap teks asli yang panjang\n"
    )
    assert clean_page(raw).paragraphs == [
        "paragraf ini kehilangan titik di akhir karena scraper tetapi tetap teks asli yang panjang"
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Nyaman tanpa iklan. Langganan BisnisPro",
        "Advertorial",
        "Advertorial »",
        "Iklan",
        "Konten Premium",
        "Dapatkan informasi komprehensif di Kabar.id. Silakan login untuk menikmati artikel premium.",
        "Baca Juga: Harga Emas Turun Lagi",
        "Baca juga Harga Emas Turun Lagi",
        "Also Read: Gold Prices Fall",
        "Read more: Gold Prices Fall",
        "Berita Terkait",
        "Artikel Terkait",
        "Berita Lainnya",
        "Berita Terbaru",
        "Rekomendasi Kami",
        "Hot Topic",
        "# Hot Topic",
        "Foto",
        "Video",
        "Populer",
        "Previous Post Next Post",
        "Next Post",
        "Halaman selanjutnya",
        "Home",
        "Share",
        "Bagikan artikel ini",
        "Share this",
        "Cek Berita dan Artikel yang lain di Google News dan WA Channel",
        "Ikuti kami di Instagram @kabarkita",
        "Jangan lewatkan berita terbaru, ikuti kanal WhatsApp Kabar Kita.",
        "Biar tidak ketinggalan, follow akun TikTok kami.",
        "Petugas mengevakuasi warga di Kelurahan Sukamaju, Garut, Senin (3/2/2025). (KABARKITA/Rina S)",
        "Petugas mengevakuasi warga di Kelurahan Sukamaju, Garut, Senin (3/2/2025). KABAR KITA/Rina S",
        "Petugas memeriksa tanggul yang jebol di Garut. (Istimewa)",
        "Bupati meninjau lokasi banjir di Garut. Foto: Dok. Humas Pemkab Garut",
        "Berlangganan newsletter Kabar Kita untuk mendapatkan berita pilihan setiap pagi.",
        "Seorang petugas memeriksa pintu air di Garut. (KabarKita/Rina Susanti)",
        "Lanjut baca di bawah ini ↓",
        "Copyright © 2023 Kabar Kita",
        "© 2024 Warta Nusantara",
        "Editor: Budi Santoso",
        "Penulis: Sari Dewi",
        "Reporter: Andi",
        "Sumber : The Moscow Times, Reuters",
        "Sumber CNBC Indonesia",
        "(Sumber: Kementerian Keuangan)",
        "Scan QR Code Warta Nusantara e-paper",
        "Home » Nasional » Politik",
        "(ant/abc)",
        "Artikel ini telah tayang di Warta.com dengan judul Harga Emas Turun",
        "Gulir ke bawah untuk lanjut membaca",
        "Scroll down to continue reading",
        "Ikuti WhatsApp Channel KabarKita untuk berita terkini setiap hari",
        "Yuk gabung di grup Telegram Kabar Kita, klik tautan di bawah, lalu pilih join. Pastikan aplikasi sudah"
        " terpasang di ponsel Anda sebelum bergabung dengan ribuan pembaca lain yang sudah lebih dulu menerima"
        " kabar terbaru dari redaksi setiap hari.",
        "Kabar Kita kini hadir di saluran WhatsApp, ikuti untuk berita pilihan di ponsel Anda.",
        "Ada kabar meragukan? Silakan WA ke nomor pengaduan hoaks redaksi Kabar Kita.",
        "Dilarang keras menyalin atau menayangkan ulang konten situs ini tanpa izin tertulis redaksi.",
        "Petugas menyalurkan bantuan di Garut. [Dok. KABARKITA]",
        "Petugas menyalurkan bantuan di Garut. KABARKITA/Rina Susanti",
        "Petugas menyalurkan bantuan di Garut. WartaKita/Rina Susanti",
        "Petugas menyalurkan bantuan di Garut. FOTO/Humas Pemkab Garut",
        "banjir garut  bpbd  cuaca ekstrem  pengungsi",
        "Banjir Garut  BPBD Jawa Barat  Rina Susanti  cuaca ekstrem",
        "Ikuti Kabar Kita di Google News dan dapatkan berita terbaru setiap hari",
        "#banjir garut #bpbd #cuaca ekstrem 2025",
    ],
)
def test_boilerplate_line_kinds(line: str) -> None:
    raw = f"Judul Artikel Contoh\n\n{line}\n\nIni paragraf asli yang harus tetap ada di hasil akhir.\n"
    assert clean_page(raw).paragraphs == ["Ini paragraf asli yang harus tetap ada di hasil akhir."]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Sumber di kepolisian menyebutkan tersangka sudah ditahan sejak Jumat.",
        "Foto-foto yang beredar di media sosial memperlihatkan antrean panjang di SPBU.",
        'Ia menambahkan, "Kami akan terus mengawal kasus ini sampai tuntas."',
        "Video itu diunggah pada Minggu malam dan sudah ditonton jutaan kali.",
        "Share prices fell sharply on Monday after the announcement.",
        "Iklan rokok kini dilarang tampil di media luar ruang di Jakarta.",
        "Editor senior harian itu mengatakan redaksi akan meninjau ulang laporan tersebut.",
        "Populer di kalangan anak muda, aplikasi itu kini diunduh jutaan kali.",
        "Warga diminta mengikuti akun resmi BMKG untuk memantau peringatan dini cuaca.",
        "Jangan lewatkan kesempatan ini, kata Bupati kepada para petani, Senin (3/2/2025).",
        "Surat dari warga itu diterima secara istimewa oleh Bupati Garut pada Senin (3/2/2025).",
        '"Silakan ikuti akun resmi BMKG untuk informasi cuaca terkini," kata Kepala BMKG Garut.',
        "Warga diminta agar ikuti kanal resmi kepolisian untuk kabar lalu lintas.",
        '"Jangan lewatkan informasi peringatan dini dari petugas," ujar Kepala BPBD Garut.',
        "Koalisi itu kini beranggotakan dua partai (Gerindra dan Golkar).",
        "Korban mengaku diajak bergabung ke grup Telegram oleh pelaku sebelum uangnya raib.",
        "Tagar #TolakRUU dan #DPR menjadi trending di X sepanjang Kamis, kata pengamat media sosial.",
        "Ikuti perkembangan kasus ini di Instagram resmi Polda, kata Kapolda kepada wartawan.",
        "Warga diimbau melapor ke nomor darurat 112 jika melihat tanda-tanda longsor.",
        "Keputusan itu disepakati bersama Pemerintah/DPR.",
        # Platforms and groups in reporting, not prompts to the reader.
        "Polisi menyebut korban diajak bergabung WhatsApp grup investasi bodong sebelum uangnya raib.",
        "Pelaku meminta korban join Telegram channel yang menjanjikan keuntungan berlipat.",
        '"Mari bergabung di grup WhatsApp siaga bencana desa," ujar Kepala BPBD Garut.',
        "Layanan pengaduan Dukcapil kini hadir di kanal WhatsApp, kata Kepala Dinas.",
        '"Kalau ada keluhan, silakan WA ke nomor pengaduan kelurahan," kata Lurah.',
        # A slash between names after a bracket or inside a sentence is no photo credit.
        "Data itu dihimpun Kantor Perwakilan Bank Indonesia (KPwBI) NTB/Bali.",
        "Sekolah itu menerima lulusan sekolah menengah (sederajat) SMA/SMK.",
        "Rasio utang terhadap PDB naik menjadi 39 persen, menurut data Kementerian Keuangan.",
    ],
)
def test_genuine_paragraphs_resembling_boilerplate_are_kept(paragraph: str) -> None:
    raw = f"Judul Artikel Contoh\n\n{paragraph}\n"
    assert clean_page(raw).paragraphs == [paragraph]


@pytest.mark.parametrize("end", ["", " ", "\u00a0", "\t"])
def test_a_sentence_with_runs_of_spaces_is_prose_not_tags(end: str) -> None:
    # Tags flattened into a line stand apart by runs of spaces; a sentence so spaced is
    # still a sentence (it ends like one, whatever trails it), its spaces made single.
    raw = f"Judul  Artikel  Contoh  Banjir\n\nPemerintah menetapkan tiga prioritas:  pangan,  energi,  dan air.{end}\n"
    page = clean_page(raw)
    assert page.title == "Judul Artikel Contoh Banjir"
    assert page.paragraphs == ["Pemerintah menetapkan tiga prioritas: pangan, energi, dan air."]


# ---------------------------------------------------------------------------
# Title
# ---------------------------------------------------------------------------


def test_title_skips_leading_banners_and_markdown() -> None:
    raw = "\n\nNyaman tanpa iklan. Langganan KabarPro\nIklan\n## Judul Yang Sebenarnya\n\nIsi berita ini adalah satu kalimat lengkap.\n"
    page = clean_page(raw)
    assert page.title == "Judul Yang Sebenarnya"
    assert page.paragraphs == ["Isi berita ini adalah satu kalimat lengkap."]


def test_title_is_never_joined_with_a_following_lowercase_line() -> None:
    raw = "Judul Berita Singkat\nkalimat pertama dimulai dengan huruf kecil dan tetap paragraf sendiri.\n"
    page = clean_page(raw)
    assert page.title == "Judul Berita Singkat"
    assert page.paragraphs == ["kalimat pertama dimulai dengan huruf kecil dan tetap paragraf sendiri."]


def test_dateline_alone_on_its_own_line_leaves_no_empty_paragraph() -> None:
    raw = "Judul Dateline Sendiri\n\nJAKARTA, KOMPAS.com —\nPresiden meresmikan bendungan baru di Jawa Barat.\n"
    assert clean_page(raw).paragraphs == ["Presiden meresmikan bendungan baru di Jawa Barat."]


def test_clean_page_result_is_frozen() -> None:
    page = clean_page(PAGE_GEMPA)
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.title = "x"  # type: ignore[misc]


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------


def test_input_normalisation_crlf_nbsp_zero_width_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Café")
    raw = (
        "\ufeffJudul\u00a0 Berita\u200b Kafe\r\n\r\n"
        f"JAKARTA,\u00a0KOMPAS.com\u00a0— Sebuah {decomposed} baru dibuka di Pu\u200btin Street pada Senin.\u00a0\r\n"
        "Sebuah\u202fkalimat\u2009kedua yang\u3000juga sah.\r\n"
    )
    page = clean_page(raw)
    assert page.title == "Judul Berita Kafe"
    assert page.paragraphs == [
        "Sebuah Café baru dibuka di Putin Street pada Senin.",
        "Sebuah kalimat kedua yang juga sah.",
    ]
    assert unicodedata.is_normalized("NFC", page.paragraphs[0])


# ---------------------------------------------------------------------------
# Datelines
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Bisnis.com, JAKARTA - Presiden Rusia menelepon.", "Presiden Rusia menelepon."),
        ("Jakarta, JatimVoice.com - Dilansir dari berbagai sumber.", "Dilansir dari berbagai sumber."),
        ("JAKARTA, KOMPAS.com — Banjir merendam kota.", "Banjir merendam kota."),
        ("JAKARTA, KOMPAS.com—Banjir merendam kota.", "Banjir merendam kota."),
        ("Moskow, KabarDunia.id - Pemerintah Rusia bereaksi.", "Pemerintah Rusia bereaksi."),
        ("TEMPO.CO, Jakarta - Harga beras naik.", "Harga beras naik."),
        ("Liputan6.com, Jakarta: Menteri hadir.", "Menteri hadir."),
        ("REPUBLIKA.CO.ID, JAKARTA -- Hujan deras turun.", "Hujan deras turun."),
        ("Jakarta (ANTARA) - Menteri Keuangan menyatakan.", "Menteri Keuangan menyatakan."),
        ("Jakarta, 16/10 (ANTARA) - Menteri Keuangan menyatakan.", "Menteri Keuangan menyatakan."),
        ("WASHINGTON (AP) — The president said.", "The president said."),
        ("Jakarta, CNBC Indonesia - Harga emas turun.", "Harga emas turun."),
        ("SURABAYA - Wali Kota meresmikan taman.", "Wali Kota meresmikan taman."),
        ("KUALA LUMPUR – Perdana Menteri berbicara.", "Perdana Menteri berbicara."),
        ("KOMPAS.com - Gempa terjadi lagi.", "Gempa terjadi lagi."),
        ("Surabaya (beritajatim.com) - Polisi menangkap pelaku.", "Polisi menangkap pelaku."),
        ('Bisnis.com, JAKARTA - "Kami siap," kata dia.', '"Kami siap," kata dia.'),
    ],
)
def test_strip_dateline_removes_datelines(paragraph: str, expected: str) -> None:
    assert strip_dateline(paragraph) == expected
    assert strip_dateline(expected) == expected  # idempotent on the remainder


@pytest.mark.parametrize(
    "paragraph",
    [
        "Rusia, Iran, dan Suriah - tiga negara yang kerap disebut sekutu - menolak resolusi itu.",
        "Presiden Joko Widodo: Kita harus bekerja lebih keras tahun depan.",
        "Harga BBM - Pertalite dan Solar - naik mulai besok.",
        "Ketua KPK Firli Bahuri — Tersangka kasus pemerasan itu diperiksa lagi.",
        "Menurut Bisnis.com, harga emas turun - namun masih tinggi.",
        "Putin - yang kini berusia 71 tahun - menelepon Netanyahu.",
        "NATO - organisasi pertahanan Atlantik Utara - bersiaga.",
        "Jakarta - Presiden meresmikan jalan tol baru.",  # no outlet token: kept (conservative)
        "Dia berkata: Saya tidak tahu apa-apa soal itu.",
        "Kurs rupiah melemah ke Rp15.800 per dolar AS pada Senin.",
        "Pertandingan berakhir 2-1 untuk tuan rumah.",
    ],
)
def test_strip_dateline_leaves_ordinary_sentences(paragraph: str) -> None:
    assert strip_dateline(paragraph) == paragraph


def test_dateline_only_stripped_at_start_of_body() -> None:
    raw = (
        "Judul Dateline\n\n"
        "Bisnis.com, JAKARTA - Paragraf pertama dengan dateline.\n\n"
        "Paragraf kedua menyebut JAKARTA - SURABAYA sebagai rute kereta baru.\n"
    )
    assert clean_page(raw).paragraphs == [
        "Paragraf pertama dengan dateline.",
        "Paragraf kedua menyebut JAKARTA - SURABAYA sebagai rute kereta baru.",
    ]


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t\r\n", "\u00a0\u200b\n"])
def test_empty_text_raises(raw: str) -> None:
    with pytest.raises(CleaningError, match="empty"):
        clean_page(raw)


def test_only_boilerplate_raises_no_title() -> None:
    raw = "Nyaman tanpa iklan. Langganan BisnisPro\n\nIklan\nHome\nBaca juga: Sesuatu\nنموذج الاتصال\n"
    with pytest.raises(CleaningError, match="no title"):
        clean_page(raw)


def test_title_without_body_raises_no_body() -> None:
    raw = "Judul Berita Hari Ini\n\nBaca juga: Sesuatu\nEditor: Budi\nIklan\nJudul Berita Hari Ini\n"
    with pytest.raises(CleaningError, match="no body"):
        clean_page(raw)


def test_cleaning_error_is_a_value_error() -> None:
    assert issubclass(CleaningError, ValueError)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_text_either_cleans_or_raises_cleaning_error(raw: str) -> None:
    try:
        page = clean_page(raw)
    except CleaningError:
        return
    assert page.title and page.paragraphs
    for paragraph in page.paragraphs:
        assert paragraph and "\n" not in paragraph and paragraph == paragraph.strip()


# ---------------------------------------------------------------------------
# Seeds (optional: the two example pages shared with the project)
# ---------------------------------------------------------------------------

SEEDS_DIR = Path("/work/shared/seeds")


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="seed pages not available")
def test_seed_pages_clean_to_no_boilerplate() -> None:
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    if not seeds:
        pytest.skip("no seed pages")
    for seed in seeds:
        page = clean_page(seed.read_text(encoding="utf-8"))
        assert page.paragraphs, seed.name
        _assert_no_boilerplate(page)
        for paragraph in page.paragraphs:
            assert not paragraph.startswith(("Bisnis.com", "Jakarta, JatimVoice")), paragraph
            assert not paragraph.endswith("REUTERS"), paragraph
        keys = [" ".join(p.casefold().split()) for p in page.paragraphs]
        assert len(keys) == len(set(keys)), seed.name


def test_a_standfirst_before_the_dateline_lead_is_counted() -> None:
    raw = (
        "Pabrik Tekstil Tutup, Ribuan Buruh Kehilangan Pekerjaan\n\n"
        "Penutupan pabrik menjadi pukulan bagi ekonomi kota kecil itu.\n\n"
        "Kamis, 6 Maret 2025 | 10:15 WIB\n\n"
        "SOLO, Warta Kita - Sebuah pabrik tekstil di Solo resmi berhenti beroperasi pada Kamis.\n\n"
        "Sebanyak 2.000 buruh kehilangan pekerjaan karena perusahaan tidak mampu membayar utang.\n"
    )
    page = clean_page(raw, "Warta Kita")
    assert page.standfirst == 1
    assert page.paragraphs[0] == "Penutupan pabrik menjadi pukulan bagi ekonomi kota kecil itu."
    assert page.paragraphs[1].startswith("Sebuah pabrik tekstil di Solo")  # the lead, its dateline off


def test_a_page_whose_first_paragraph_is_the_lead_has_no_standfirst() -> None:
    raw = (
        "Pabrik Tekstil Tutup\n\n"
        "SOLO, Warta Kita - Sebuah pabrik tekstil di Solo resmi berhenti beroperasi pada Kamis.\n\n"
        "Sebanyak 2.000 buruh kehilangan pekerjaan.\n"
    )
    assert clean_page(raw, "Warta Kita").standfirst == 0
    assert clean_page("Judul Tanpa Dateline\n\nSatu paragraf saja di sini.\n\nDan yang kedua.\n").standfirst == 0


def test_a_standfirst_repeated_in_the_lead_is_not_counted() -> None:
    # The standfirst copied word for word into the lead is dropped as a repeat: nothing
    # stands before the lead any more.
    raw = (
        "Pabrik Tekstil Tutup\n\n"
        "Sebuah pabrik tekstil di Solo resmi berhenti beroperasi pada Kamis.\n\n"
        "SOLO, Warta Kita - Sebuah pabrik tekstil di Solo resmi berhenti beroperasi pada Kamis. "
        "Sebanyak 2.000 buruh kehilangan pekerjaan.\n"
    )
    page = clean_page(raw, "Warta Kita")
    assert page.standfirst == 0 and len(page.paragraphs) == 1


@pytest.mark.parametrize(
    "line",
    [
        "#SaveKPK dan #ReformasiDikorupsi Ramai di Twitter",
        "Ikuti Prabowo di Instagram, warganet ramai mengomentari unggahannya.",
    ],
)
def test_prose_that_looks_like_tags_or_prompts_is_no_boilerplate(line: str) -> None:
    assert not is_boilerplate_line(line)


# ---------------------------------------------------------------------------
# Site furniture told by how news pages are built: each line that goes beside prose
# that looks like it and stays.
# ---------------------------------------------------------------------------


LAST_PARAGRAPH = "Ini paragraf asli yang harus tetap ada di hasil akhir."


def _cleans_to(line: str, furniture: bool) -> bool:
    """The line goes (furniture) or stays word for word (prose) on a page of its own."""
    paragraphs = clean_page(f"Judul Artikel Contoh\n\n{line}\n\n{LAST_PARAGRAPH}\n").paragraphs
    return paragraphs == ([LAST_PARAGRAPH] if furniture else [line, LAST_PARAGRAPH])


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Artikel ini telah ditinjau oleh tim medis Kabar Kita.", True),
        ("Artikel ini bukan pengganti saran medis. Konsultasikan keluhan kesehatan Anda dengan dokter.", True),
        ("Tulisan ini bukan rekomendasi investasi.", True),
        ("Artikel 33 UUD 1945 mengatur perekonomian nasional yang disusun sebagai usaha bersama.", False),
        ("Hingga berita ini diturunkan, pihak rumah sakit belum memberikan tanggapan.", False),
        ("Artikel yang ditulis dosen itu dimuat di jurnal internasional pada Maret.", False),
        # The site's notes on its own text: reviewed, updated, not advice, first run, paid for.
        ("Artikel ini telah ditinjau oleh tim medis Nusantara Pos.", True),
        ("Berita ini telah diperbarui pada Selasa pukul 14.00 WIB dengan tambahan keterangan polisi.", True),
        ("Artikel ini pertama kali tayang di Kabar Kita edisi cetak, Kamis, 15 Mei 2025.", True),
        ("Artikel ini merupakan kerja sama Kabar Kita dengan Bank Jateng.", True),
        # News about a scientific article names it "this article" too.
        ("Artikel ini diterbitkan di jurnal The Lancet pada Maret 2025.", False),
        ("Artikel ini dipublikasikan di jurnal Nature Medicine pada Januari lalu.", False),
        ("Artikel ini menguraikan data 12.000 pasien dari 30 rumah sakit di Asia.", False),
        ("Artikel ini terbit di The Lancet pada Maret 2025.", False),
        ("Artikel ini dipublikasikan dalam New England Journal of Medicine pekan lalu.", False),
    ],
)
def test_a_line_about_the_article_itself_is_furniture(line: str, furniture: bool) -> None:
    assert _cleans_to(line, furniture)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Disclaimer: Artikel ini bukan rekomendasi investasi. Keputusan ada di tangan pembaca.", True),
        ("Penafian: Kabar Kita tidak bertanggung jawab atas isi iklan.", True),
        ("LIVE UPDATE: Ikuti perkembangan terbaru banjir Garut di sini", True),
        ("IKLAN · Lanjutkan membaca di bawah", True),
        ("LIVE UPDATE: Ikuti perkembangan terbaru gempa Majene di sini", True),
        ("BREAKING NEWS: Simak perkembangan terbaru di sini.", True),
        # A live or breaking label heads the story's own news too: only furniture after it goes.
        ("BREAKING NEWS: Gempa magnitudo 6,2 mengguncang Majene, Sulawesi Barat, pada Selasa pagi.", False),
        ("LIVE UPDATE: Gempa susulan M 4,1 terjadi pukul 10.00 WITA.", False),
        ("Disclaimer yang dipasang perusahaan itu dinilai menyesatkan oleh BPKN.", False),
        ("Siaran langsung pertandingan itu ditonton dua juta orang, menurut KPI.", False),
        ("Iklan rokok kini dilarang tampil di media luar ruang di Jakarta.", False),
        ("Iklan-iklan rokok itu diturunkan Satpol PP pada Senin pagi.", False),
    ],
)
def test_a_furniture_label_opening_a_line_drops_it(line: str, furniture: bool) -> None:
    assert _cleans_to(line, furniture)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Peta sebaran banjir di Kabupaten Garut, Senin (3/2/2025). (BPBD)", True),
        ("Ilustrasi petani memanen padi di sawah. (Shutterstock)", True),
        ("Ilustrasi. Petugas memeriksa tanggul yang jebol di Garut.", True),
        ("Bupati meninjau tanggul yang jebol di Garut, 3 Februari 2025. Kabar/Rina Susanti", True),
        ("Gempa itu tercatat oleh Badan Meteorologi, Klimatologi, dan Geofisika (BMKG).", False),
        ("Pusat gempa berada di darat, menurut catatan BMKG (Badan Meteorologi).", False),
        ("Harga minyak dunia naik dua persen pada perdagangan Senin. (Antara)", False),
        ("PT DLN merupakan anak usaha PT Pelabuhan Indonesia (Persero) di kawasan timur. (gls/lh)", False),
        ("Ilustrasi karya siswa SD itu dipamerkan di Balai Kota pada Senin.", False),
        ("Keputusan itu disepakati bersama Pemerintah/DPR.", False),
        # A picture word opens the caption, or the bracket names where the picture came from.
        ("Grafis inflasi tahunan Februari 2025. (Warta Kita)", True),
        ("Tangkapan layar video amatir saat gempa mengguncang Majene. (Instagram)", True),
        ("Foto udara permukiman yang terendam banjir di Bekasi. (BNPB)", True),
        ("Petugas memeriksa jentik nyamuk di permukiman warga. (iStock)", True),
        ("Warga memadati pusat perbelanjaan menjelang Lebaran. (Getty Images)", True),
        ("Petugas menyemprotkan disinfektan di sebuah sekolah. (Dok. Humas Pemkab Garut)", True),
        ("Siswa mengikuti kegiatan belajar di sebuah sekolah di Jakarta Timur. Dok. Kabar Kita", True),
        ("Dok. Humas Polri menjadi sumber foto itu, kata redaksi.", False),
        ("Data itu tercatat dalam dok. internal kementerian.", False),
        ("Arsip itu disimpan di gudang. Dok. Humas Polri mencatat 300 berkas hilang.", False),
        # An editor's or outlet's code after a body paragraph's full stop, often in capitals.
        ("Rapat lanjutan akan digelar pada Rabu. (DNE)", False),
        ("Pemerintah daerah menyiapkan 500 tenda bagi pengungsi di tiga kecamatan. (JPNN)", False),
        ("Harga beras di pasar tradisional mulai turun pekan ini. (Kompas)", False),
        ("Program itu terbuka bagi pelaku UMKM di seluruh Jawa Barat. (ADV)", False),
        ("Pendaftaran peserta ditutup pada akhir bulan ini. (Tim)", False),
        ("Warga diimbau tetap waspada terhadap gempa susulan. (Red)", False),
        ("Singapura akan memberlakukan aturan itu mulai Juli. (CNA)", False),
        ("Pemilu sela itu digelar serentak di 12 negara bagian. (BBC)", False),
        ("Kedua negara sepakat melanjutkan perundingan bulan depan. (VOA)", False),
    ],
)
def test_a_credit_after_the_full_stop_marks_a_caption(line: str, furniture: bool) -> None:
    # A body sentence puts its brackets before its full stop, a caption its credit after.
    assert _cleans_to(line, furniture)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Ingin ringkasan berita setiap pagi? Daftar buletin Kabar Kita, gratis.", True),
        ("Punya kisah guru yang menginspirasi? Usulkan sosoknya untuk Penghargaan Guru 2025. Klik di sini.", True),
        ("Ingin ringkasan ekonomi setiap pagi? Daftar buletin Warta Kita Pagi, gratis.", True),
        (
            "Punya kisah abdi negara yang menginspirasi? Usulkan sosoknya untuk Penghargaan Abdi Negeri 2025. "
            "Klik tautan di bawah.",
            True,
        ),
        # How-to journalism asks and orders too, but points at no service of the site; a
        # service box without one reads like it and stays.
        ("Ingin mengurus paspor? Daftar lewat aplikasi M-Paspor yang bisa diunduh di ponsel.", False),
        ("Punya anak balita? Ikuti jadwal imunisasi di puskesmas terdekat.", False),
        ("Siap mudik? Isi dulu formulir pendaftaran di laman Kemenhub.", False),
        ("Butuh bantuan darurat? Hubungi Call Center 112 (gratis, 24 jam).", False),
        ('"Ingin tahu hasilnya? Tunggu saja," kata Budi.', False),
        ('"Butuh bantuan? Hubungi posko kami," kata Kepala BPBD Garut.', False),
        ("Apa saja syaratnya? Pemohon wajib membawa KTP dan kartu keluarga.", False),
        ("Butuh waktu tiga jam bagi petugas untuk memadamkan api di gudang itu.", False),
    ],
)
def test_a_question_to_the_reader_answered_by_an_order_is_a_prompt(line: str, furniture: bool) -> None:
    assert _cleans_to(line, furniture)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Dapatkan notifikasi berita terbaru dengan mengaktifkan lonceng di pojok kanan atas.", True),
        ("Aktifkan notifikasi untuk mendapat kabar terkini dari redaksi.", True),
        ("Dukung jurnalisme berkualitas. Jadi anggota Kabar Kita+ dan dapatkan buletin mingguan.", True),
        ("Berlangganan Kabar Kita Digital mulai Rp 2.900/hari. Akses tanpa batas ke seluruh liputan.", True),
        ("Jadi anggota Kabar Kita Plus dan nikmati artikel tanpa iklan.", True),
        ("Jadi anggota DPR sejak 2019, Budi dikenal vokal soal anggaran daerah.", False),
        ("Warga bisa mendapatkan notifikasi peringatan dini lewat aplikasi InaRISK.", False),
        ("Dukungan warga terhadap program itu mencapai 70 persen, menurut survei.", False),
        ("Berlangganan listrik prabayar kini bisa dilakukan lewat aplikasi PLN Mobile.", False),
        # A price reported as news: no cue of the site's own subscription, and attributed.
        ("Berlangganan Lensa Digital mulai Rp 2.900/hari. Akses tanpa batas ke seluruh liputan investigasi.", True),
        ("Berlangganan KabarKita+ hanya Rp 30.000 per bulan, batalkan kapan saja.", True),
        ("Berlangganan IndiHome kini mulai Rp 250.000 per bulan, menurut Telkom.", False),
        ("Berlangganan paket internet itu hanya Rp 100.000 per bulan, kata Direktur Utama Telkom.", False),
        ("Berlangganan IndiHome mulai Rp 250.000 per bulan dengan akses internet 50 Mbps.", False),
        ("Berlangganan Netflix kini mulai Rp 54.000 per bulan untuk paket premium.", False),
    ],
)
def test_an_imperative_selling_the_site_opening_a_line_is_a_prompt(line: str, furniture: bool) -> None:
    assert _cleans_to(line, furniture)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        # The page counting its comments or readers, alone on the line.
        ("Komentar (7)", True),
        ("Komentar (0) · Tulis komentar Anda", True),
        ("24 komentar | Lihat semua komentar", True),
        ("Jadilah orang pertama yang memberikan komentar", True),
        ("0 komentar — Jadilah orang pertama yang berkomentar", True),
        ("Belum ada komentar", True),
        ("Jadilah orang pertama yang berkomentar.", True),
        # The box asking the reader's opinion before its order.
        ("Apa pendapat Anda? Tulis komentar di bawah ini.", True),
        ("Bagaimana menurut kamu? Tulis komentar", True),
        ('"Apa pendapat Anda?" tanya Menteri kepada wartawan, lalu menulis komentar di papan.', False),
        ("Apa pendapat Anda? Menteri bertanya kepada warga yang menulis komentar di media sosial.", False),
        ("Dibaca 2.310 kali", True),
        ("Berita ini sudah dibaca 12 ribu kali", True),
        ("Dilihat: 5.402", True),
        ("1,2 rb dibaca", True),
        # Prose counts comments and readers of something and goes on to say more.
        ("Komentar Menteri itu memicu perdebatan panjang di media sosial.", False),
        ("Unggahan itu mendapat 3.000 komentar dalam satu jam, kata pengelola akun.", False),
        ("12 komentar bernada rasis di unggahan itu kini dilaporkan ke polisi.", False),
        ("Novel itu telah dibaca lebih dari satu juta kali sejak terbit pada 2019.", False),
        ("Video amatir itu telah dilihat 3 juta kali di TikTok sejak Minggu malam.", False),
        ("Surat keputusan itu dibaca oleh Sekda di hadapan 1.000 peserta upacara.", False),
        # That nobody has commented, written as a sentence, is news: the box's label has no stop.
        ("Belum ada komentar.", False),
    ],
)
def test_a_counter_of_the_page_alone_on_its_line_is_furniture(line: str, furniture: bool) -> None:
    assert _cleans_to(line, furniture)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        # A social post's embed code as scraped text: its link and its caption ending on the account.
        ("Lihat video ini di TikTok", True),
        ("View this post on Instagram", True),
        ("Sebuah kiriman dibagikan oleh Polda Jawa Barat (@humaspoldajabar)", True),
        ("A post shared by Kabar Kita (@kabarkita.id)", True),
        ("— BMKG (@infoBMKG) 3 Februari 2025", True),
        ("— Humas Polda Jawa Barat (@humaspoldajabar) February 3, 2025", True),
        ("— Basarnas (@basarnas) 14 Agt 2025", True),
        # Prose about a post says what it shows.
        ("Kiriman yang dibagikan oleh akun @pemkabgarut itu memperlihatkan tanggul yang jebol.", False),
        ("Sebuah video yang diunggah oleh warga memperlihatkan detik-detik jembatan ambruk.", False),
        ("Polisi melihat unggahan ini di Instagram sebelum menangkap pelaku, kata Kapolres.", False),
        # A sentence naming the account and the date: lowercase words before the handle, or
        # a day where a tweet's caption has its month.
        ("Peringatan dini itu diunggah BMKG lewat akun X (@infoBMKG) 3 Februari 2025.", False),
        ("Kabar itu disebarkan Basarnas melalui akun resminya (@basarnas) Senin 2025.", False),
        ("Peta jalur evakuasi dibagikan pemkab di akun (@pemkabgarut) pada 12 Maret 2025.", False),
    ],
)
def test_a_social_embed_caption_is_furniture(line: str, furniture: bool) -> None:
    assert _cleans_to(line, furniture)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        # A health page's reviewer credit: a colon after "oleh", or a medical title before the name.
        ("Ditinjau oleh: Tim Medis Kabar Sehat", True),
        ("Ditinjau oleh dr. Sari Lestari, Sp.A", True),
        ("Ditinjau secara medis oleh drg. Budi Hartono", True),
        ("Medically reviewed by Dr. Jane Doe, MD", True),
        ("Diperiksa oleh: Tim Cek Fakta Kabar Kita", True),
        # Prose says who reviewed what and goes on.
        ("Ditinjau oleh tim ahli, rancangan itu dinilai layak dilanjutkan tahun depan.", False),
        ("Rancangan itu ditinjau oleh dr. Sari Lestari, Sp.A, sebelum diajukan ke Kemenkes.", False),
        ("Ditinjau oleh Menteri Kesehatan pada Senin, rumah sakit itu dinyatakan siap beroperasi.", False),
        ("Laporan keuangan itu diperiksa oleh BPK sebelum diserahkan ke DPR.", False),
    ],
)
def test_a_reviewer_credit_is_furniture(line: str, furniture: bool) -> None:
    assert _cleans_to(line, furniture)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        # A link asking the reader to report an error in the page.
        ("Laporkan kesalahan", True),
        ("Laporkan salah ketik pada berita ini", True),
        ("Report an error in this story", True),
        ("Menemukan kesalahan dalam artikel ini? Laporkan ke redaksi.", True),
        # Prose reports people reporting errors, or quotes someone asking for it.
        ("Warga diminta melaporkan kesalahan data penerima bantuan ke kantor kelurahan.", False),
        ("Laporkan kesalahan petugas ke Ombudsman, kata Kepala Ombudsman Jawa Barat.", False),
        ("Laporkan kesalahan tagihan listrik lewat aplikasi PLN Mobile atau kantor PLN terdekat.", False),
        ("Ada kesalahan? Laporkan ke polisi, kata Kapolres Garut kepada warga.", False),
    ],
)
def test_a_link_to_report_an_error_is_furniture(line: str, furniture: bool) -> None:
    assert _cleans_to(line, furniture)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        # A poll: its question to the reader with a label, or followed by its answer buttons.
        ("Apakah Anda setuju jam kerja ASN dikurangi? Setuju | Tidak Setuju | Lihat Hasil", True),
        ("Siapa calon bupati pilihan Anda? Paslon 1 • Paslon 2 • Paslon 3", True),
        ("JAJAK PENDAPAT: Menurut Anda, perlukah sekolah libur penuh selama Ramadan?", True),
        # Prose reports polls and the questions asked in them.
        ("Hasil polling Litbang menunjukkan 60 persen responden setuju pemangkasan anggaran.", False),
        ("Polling: 60 persen responden setuju anggaran perjalanan dinas dipangkas.", False),
        ("Setujukah Anda? Pertanyaan itu diajukan kepada 1.200 responden dalam survei tersebut.", False),
        ('"Apakah Anda setuju?" tanya Ketua DPRD kepada anggota, yang kemudian menjawab setuju.', False),
        # A poll's evidence: an answer that is a poll's button, its label, or the reader's view
        # or choice asked for.
        ("Apakah jalur sepeda di kota ini sudah aman? Ya • Tidak • Ragu-ragu", True),
        ("Jalan berbayar di pusat kota perlu diterapkan? Setuju | Tidak Setuju", True),
        ("POLLING · Siapa yang layak memimpin PSSI? Erick • Zainudin • Lainnya", True),
        ("Tim mana yang kamu jagokan di final? Persib | Persija", True),
        ("Siapa calon wali kota pilihanmu? Paslon A | Paslon B", True),
        # An explainer answers its own question with a row of short items, and may speak to
        # the reader, but asks neither their view nor their choice.
        ("Apa saja dokumen yang perlu dibawa? KTP • Kartu Keluarga • Bukti pendaftaran", False),
        ("Bagaimana cara mendaftar? Buka situs • Isi formulir • Unggah dokumen", False),
        ("Apa yang perlu disiapkan sebelum mudik? Cek ban • Isi saldo e-toll • Bawa obat", False),
        ("Dokumen apa yang perlu Anda bawa? KTP | Kartu Keluarga | Pas foto", False),
        ("Apa yang Anda bawa untuk memilih di TPS? KTP | Formulir C6 | Surat undangan", False),
    ],
)
def test_a_poll_is_furniture(line: str, furniture: bool) -> None:
    assert _cleans_to(line, furniture)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        # An offer closed by its button's capitalised label after the full stop.
        ("Cek harga tiket pesawat termurah, diskon hingga 30%. Pesan Sekarang", True),
        ("Tes darah lengkap di rumah mulai Rp199.000. Pesan Sekarang »", True),
        ("Belanja kebutuhan dapur lebih hemat, gratis ongkir. Beli Sekarang", True),
        # Prose names prices and offers but ends on its full stop.
        ("Konsultasi dokter spesialis secara daring di puskesmas itu dikenai tarif mulai Rp30.000.", False),
        ("Tiket masuk gratis bagi anak di bawah lima tahun. Pengunjung dewasa membayar Rp20.000.", False),
        # The same capitalised words closing a sentence on its full stop are prose.
        ("Layanan itu gratis bagi warga. Daftar Sekarang.", False),
        ("Pemeriksaan mata di puskesmas itu gratis bagi pelajar. Daftar Sekarang.", False),
        ("BREAKING NEWS: Vaksinasi campak gratis dibuka di semua puskesmas. Daftar Sekarang.", False),
    ],
)
def test_an_offer_closed_by_its_button_is_furniture(line: str, furniture: bool) -> None:
    assert _cleans_to(line, furniture)


def test_a_wrapped_offer_going_on_in_lowercase_is_prose() -> None:
    # The button's label is capitalised; a hard-wrapped sentence goes on in lowercase after
    # the same words, and stays one paragraph with all its words.
    raw = (
        "Judul Artikel Contoh\n\n"
        "Layanan konsultasi itu gratis bagi peserta BPJS Kesehatan. Daftar sekarang\n"
        "juga bisa dilakukan lewat aplikasi Mobile JKN.\n\n"
        f"{LAST_PARAGRAPH}\n"
    )
    assert clean_page(raw).paragraphs == [
        "Layanan konsultasi itu gratis bagi peserta BPJS Kesehatan. Daftar sekarang juga bisa dilakukan lewat "
        "aplikasi Mobile JKN.",
        LAST_PARAGRAPH,
    ]


@pytest.mark.parametrize(
    "lines",
    [
        ("Rekaman banjir bandang di Garut itu sudah", "dilihat 3,2 juta kali", "dan memicu perdebatan."),
        ("Hingga berita ini diturunkan,", "belum ada komentar", "dari pihak Kementerian Perhubungan."),
        ("Jenazah korban kemudian", "diperiksa oleh dr. Budi Santoso, Sp.F", "di RS Bhayangkara Semarang."),
        ("Surat edaran itu telah", "dibaca 1.200 kali", "di laman resmi pemerintah kota sejak Senin."),
    ],
)
def test_a_wrapped_line_that_reads_like_a_widget_is_joined(lines: tuple[str, ...]) -> None:
    # A widget's label opens with a capital or its count; the same words opening a line in
    # lowercase go on from the line above, and the paragraph stays whole.
    raw = "Judul Artikel Contoh\n\n" + "\n".join(lines) + f"\n\n{LAST_PARAGRAPH}\n"
    assert clean_page(raw).paragraphs == [" ".join(lines), LAST_PARAGRAPH]


def _seconds_to_clean(line: str) -> float:
    started = time.perf_counter()
    clean_page(f"Judul Artikel Contoh\n\n{line}\n\n{LAST_PARAGRAPH}\n")
    return time.perf_counter() - started


def test_a_long_row_of_bars_after_a_question_is_read_in_linear_time() -> None:
    # A footer asking a question before a row of links, its last part a sentence: options
    # that could start on the spaces around each bar took time exponential in the bars (ten
    # took seconds). The bound is generous (a shared CI machine), as in tests/text.
    links = " | ".join(["Kontak", "FAQ", "Redaksi", "Pedoman", "Karier", "Iklan"] * 5)
    line = f"Ada pertanyaan? {links} | Seluruh isi situs ini dilindungi undang-undang sejak 2010."
    assert line.count("|") == 30
    assert _seconds_to_clean(line) < 0.5


def test_a_long_number_opening_a_line_is_read_in_linear_time() -> None:
    # A pager's numbers are digits and spaces; a long number opening a line was split into
    # numbers in every way (24 digits took seconds).
    line = "1234567890" * 4 + " adalah nomor rekening yang disebut dalam surat dakwaan itu."
    assert _seconds_to_clean(line) < 0.5


# U+001C-U+001F are spaces to a regex (and to str.split) but no " " that cleaning collapses
# into one, so a raw line keeps a long run of them wherever it has one.
_SPACES = " \x1c" * 1_000


@pytest.mark.parametrize(
    "line",
    [
        f"Warga mengungsi ke balai desa via AFP{_SPACES}lalu pulang",
        f"Warga mengungsi ke balai desa. (Istimewa){_SPACES}lalu pulang",
        f"Warga mengungsi di Demak, Selasa (27/1/2026).{_SPACES}lalu pulang",
    ],
)
def test_a_long_run_of_spaces_after_a_credit_is_read_in_linear_time(line: str) -> None:
    # A caption's credit ends on spaces, a bracket and a stop, each optional: a run of 2,000
    # spaces not ending the line was split between them in every way (cubic: seconds).
    assert _seconds_to_clean(line) < 0.5
    # A repeated line is also read for the looser credits ("… istimewa", "… (27/1/2026)").
    assert _seconds_to_clean(f"{line}\n{line}") < 0.5


@pytest.mark.parametrize(
    "line",
    [
        f"Warga mengungsi{_SPACES * 25}ke balai desa.",
        f"Dibaca{_SPACES * 25}kali oleh warga desa itu.",
        f"Komentar (3){_SPACES * 25}warga desa itu.",
        f"Simak perkembangan banjir di sini{_SPACES * 25}lalu pulang",
    ],
)
def test_a_long_run_of_spaces_inside_a_line_is_read_in_linear_time(line: str) -> None:
    # Spaces before a breadcrumb's separator, around a widget's colon or a link's stop: each
    # was read from every space of a run with no separator after it (quadratic: 50,000
    # characters took seconds).
    assert _seconds_to_clean(line) < 0.5


def test_a_long_run_of_spaces_after_an_imperative_is_read_once() -> None:
    # A link prompt ("Simak … di sini") looked for its link's text from every space after
    # the imperative: a hundred steps a space, 1.3 s for a run of 200,000. The pattern is
    # timed alone, since cleaning the whole line takes longer than the old cost at any
    # length a test can afford.
    from bot.ingest.boilerplate import LINK_PROMPT_RE

    line = f"Simak{_SPACES * 100}perkembangan banjir di desa itu"
    started = time.perf_counter()
    assert LINK_PROMPT_RE.match(line) is None
    assert time.perf_counter() - started < 0.1


@pytest.mark.parametrize(
    "line",
    [
        "Dalam keadaan darurat, hubungi 112 atau posko bencana terdekat.",
        "Jika melihat tanda-tanda longsor, segera hubungi Call Center 112.",
    ],
)
def test_a_line_telling_whom_to_call_stays(line: str) -> None:
    # A hotline box reads like the how-to advice that closes many disaster stories: nothing
    # in the words tells the site's box from the journalist's tip, so both stay.
    assert _cleans_to(line, furniture=False)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("pilkada 2024, psu, kpu, bawaslu, komisi ii dpr", True),
        ("banjir garut, bpbd, cuaca ekstrem", True),
        ("Pemerintah menetapkan tiga prioritas, yakni pangan, energi, dan air.", False),
        ("harga cabai, bawang merah, dan beras naik menjelang Ramadan.", False),
        ("Garut, Tasikmalaya, Ciamis, dan Pangandaran kembali dilanda banjir", False),
        # A prose enumeration ends with a conjunction; tags never join items so.
        ("pangan, energi, dan air bersih", False),
        ("sawah, kebun, atau ladang warga", False),
    ],
)
def test_a_lowercase_comma_list_without_a_sentence_end_is_tags(line: str, furniture: bool) -> None:
    assert _cleans_to(line, furniture)


@pytest.mark.parametrize("middle", ["pangan, energi, dan air bersih", "pangan, energi, air bersih"])
def test_a_comma_list_inside_a_wrapped_paragraph_is_prose(middle: str) -> None:
    # The middle of a hard-wrapped paragraph may look like a tag line; tags are told only
    # once wrapped lines are joined, so the paragraph stays one, with all its words.
    raw = (
        "Judul Artikel Contoh\n\n"
        f"Pemerintah menetapkan tiga prioritas tahun depan, yakni\n{middle}\nuntuk seluruh warga desa.\n\n"
        f"{LAST_PARAGRAPH}\n"
    )
    assert clean_page(raw).paragraphs == [
        f"Pemerintah menetapkan tiga prioritas tahun depan, yakni {middle} untuk seluruh warga desa.",
        LAST_PARAGRAPH,
    ]


def test_a_tag_line_after_the_last_paragraph_goes() -> None:
    raw = f"Judul Artikel Contoh\n\n{LAST_PARAGRAPH}\npilkada 2024, psu, kpu, bawaslu, komisi ii dpr\n"
    assert clean_page(raw).paragraphs == [LAST_PARAGRAPH]
    # a paragraph closed by its agency's code after the full stop ends there as well
    closed = "Warga diminta tetap waspada, kata Kepala BPBD Demak. (ant)"
    raw = f"Judul Artikel Contoh\n\n{LAST_PARAGRAPH}\n{closed}\npilkada 2024, psu, kpu, bawaslu\n"
    assert clean_page(raw).paragraphs == [LAST_PARAGRAPH, closed]
