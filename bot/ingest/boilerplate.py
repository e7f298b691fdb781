"""What scraped Indonesian news pages wrap around an article: section headings, menus,
ad banners, "Baca juga" links, share and subscription prompts, copyright and photo
credit lines. Generic patterns of how news sites are built, never lines of one page;
`bot.ingest.cleaning` decides with them which lines to drop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# All case-insensitive; matched against the line without markdown markers and
# decorative edge characters.


def _spaced(mark: str) -> str:
    r"""`\s*(?:mark)?\s*`, each run of spaces read once (`*+`): the same strings, in time
    linear in the run. Written so, a long run of spaces that does not end the pattern is
    split between the two `\s*` in every way (quadratic in the run; cubic with a third), and
    a raw line keeps such runs: cleaning collapses runs of " ", but U+001C-U+001F are
    spaces to a regex too. What follows must not start with a space.
    """
    return rf"\s*+(?:{mark}\s*+)?"


# Whole-line section headings that introduce link lists, not article text.
# A line equal to one of these is dropped and opens a "linked headlines" zone.
SECTION_HEADINGS: tuple[str, ...] = (
    r"berita terkait",
    r"artikel terkait",
    r"topik terkait",
    r"berita (?:lainnya|lain|terbaru|terkini|populer|pilihan|rekomendasi|utama)",
    r"artikel (?:lainnya|terbaru|populer|pilihan)",
    r"rekomendasi(?: kami| untuk anda| berita| artikel)?",
    r"hot ?topics?",
    r"(?:paling |ter)?populer",
    r"terkini",
    r"trending(?: now| topics?)?",
    r"pilihan (?:editor|redaksi)",
    r"editor'?s? picks?",
    r"foto",
    r"video",
    r"galeri(?: foto| video)?",
    r"infografis?",
    r"related(?: articles?| news| posts?| stories| topics)?",
    r"recommended(?: for you| stories)?",
    r"(?:most )?popular",
    r"most read",
    r"latest(?: news)?",
    r"more (?:stories|news)",
    r"read next",
    r"tags?",
    r"topik",
)

# Whole-line navigation and page-furniture labels.
NAVIGATION_LABELS: tuple[str, ...] = (
    r"home",
    r"beranda",
    r"share",
    r"bagikan",
    r"(?:(?:previous|prev|next|older|newer) posts?\s*)+",
    r"(?:halaman|page) (?:selanjutnya|berikutnya|sebelumnya|next|previous)",
    r"selanjutnya|sebelumnya|berikutnya|next|prev(?:ious)?",
    r"kembali(?: ke atas)?|back to top",
    r"(?:load|show|view) more|muat lebih banyak|lihat (?:semua|lainnya|selengkapnya)",
    r"(?:baca )?selengkapnya|read (?:more|full story)",
    r"menu|tutup|close|cari|search|indeks(?: berita)?|index",
    r"(?:halaman|page)?\s*\d+(?:\s*(?:dari|of|/)\s*\d+)?",
    # a pager's numbers ("1 2 3 Selanjutnya"), read once: digits split into numbers in every
    # way took time exponential in a long number opening a line
    r"\d[\d\s]*(?:selanjutnya|next)?",
    r"(?:masuk|login|log in|daftar|register|sign in|sign up)"
    r"(?:\s*(?:/|atau|or)\s*(?:daftar|register|sign up))?",
    r"komentar|comments?|tulis komentar",
)

# Whole-line ad and paywall banners.
AD_BANNERS: tuple[str, ...] = (
    r"advertorial",
    r"iklan",
    r"advertisements?",
    r"ads?",
    r"sponsored(?: content)?",
    r"konten (?:premium|bersponsor|sponsor|berbayar)",
    r"premium",
    r"(?:scroll|gulir)(?: (?:ke bawah|down))? (?:to|untuk) (?:continue|melanjutkan|lanjut|membaca)(?: with content| reading| membaca| baca)?",
    # "read on below (the ad)": the page talking about its own layout, never the story
    r"(?:lanjut(?:kan)?|teruskan) (?:membaca|baca)(?: (?:di bawah|berikut)(?: ini)?)?|continue reading(?: below)?",
    # an outlet's paid tier named alone on a line ("KompasPro", "BisnisPro")
    r"[a-z]*pro",
    # editor's initials closing many Indonesian articles: "(ant/abc)", "(rzr)"
    r"\((?:[a-z]{2,5})(?:/[a-z*]{1,5}){0,3}\)",
)

# Line prefixes of "read also" links; the whole line goes, whatever follows.
READ_MORE_PREFIXES: tuple[str, ...] = (
    r"baca\s+juga\b",
    r"baca\s*:",
    r"baca\s+(?:selengkapnya|berita|artikel)\b",
    r"also\s+read\b",
    r"read\s+(?:more|also|next)\b",
    r"see\s+also\b",
    r"related\s*:",
    r"(?:lihat|simak|tonton|saksikan)\s+juga\b",
    r"(?:simak|saksikan|tonton)\s+video\b",
    r"(?:berita|artikel)\s+terkait\s*:",
)

# Subscription / paywall prompts (prefix match).
SUBSCRIPTION_PREFIXES: tuple[str, ...] = (
    r"nyaman\s+tanpa\s+iklan\b",
    r"(?:ber)?langganan\s+(?:sekarang|kini|premium|digital|e-?paper|newsletter|buletin|\S+pro\b|\S+\.id\b)",
    r"subscribe\b",
    r"sign\s+up\s+(?:for|to|now)\b",
    r"daftar\s+(?:sekarang|newsletter|gratis)\b",
    r"dapatkan\s+informasi\b.*\b(?:login|masuk|langganan|berlangganan|premium)\b",
    # "Newsletter X: …" — a newsletter's name as a label opens its sign-up box
    r"newsletter\b",
)

# Phrases that mark a paywall/login prompt wherever they occur in a short line.
PAYWALL_PHRASES: tuple[str, ...] = (
    r"\bsilakan\s+(?:login|log\s+in|masuk|daftar|berlangganan)\b",
    r"\b(?:login|log\s+in|masuk|sign\s+in)\s+untuk\s+(?:menikmati|membaca|melanjutkan|mengakses)\b",
    r"\b(?:sign|log)\s+in\s+to\s+(?:continue|read|access)\b",
    r"\bkhusus\s+(?:untuk\s+)?pelanggan\b",
    r"\bsubscribers?\s+only\b",
    r"\ball\s+rights\s+reserved\b",
    r"©",
    # Sign-up prompts address the reader's inbox: news prose reports, it does not ask the
    # reader to register an address ("Daftarkan email Anda", "… ke kotak masuk Anda").
    r"\bdaftar(?:kan)?\s+(?:newsletter|email|e-mail|surel)\b",
    r"\b(?:dapatkan|terima|kirim\w*|langsung)\b[^.!?]{0,60}\b(?:email|e-mail|surel|kotak\s+masuk|inbox)\s+(?:anda|kamu|you)\b",
    r"\bnewsletter\s+[^.!?]{0,40}\b(?:sekarang|di\s+sini|gratis)\b",
    # Follow prompts address the reader, wherever the imperative stands in the line
    # ("Jangan lewatkan berita terbaru, ikuti kanal WhatsApp …"), and name the platform
    # to follow; an official quoted asking people to follow "akun resmi BMKG" names none.
    r"\b(?:ikuti|follow|gabung(?:lah)?|bergabung(?:lah)?|join)\s+(?:kanal|saluran|channel|akun)\s+"
    r"(?:\w+\s+){0,2}?(?:whatsapp|wa|telegram|instagram|tiktok|youtube|google\s+news|twitter|facebook)\b",
    r"\bjangan\s+(?:lewatkan|ketinggalan)\s+(?:berita|artikel|update)\s+(?:terbaru|terkini|menarik|lainnya|pilihan)\b",
)

# Prompts that name a platform in words news prose also uses ("korban diajak bergabung
# WhatsApp grup investasi", "layanan itu kini hadir di kanal WhatsApp, kata …"): boilerplate
# only where the line speaks to the reader (READER_ADDRESS) and reports nobody's words
# (REPORTED): the platform before "channel" ("Follow WhatsApp Channel X …"), an invitation
# ("Mari bergabung di Grup Telegram …"), an outlet announcing its channel ("X kini hadir di
# kanal WhatsApp, ikuti …"), the platform used as a verb ("silakan WhatsApp ke nomor …").
READER_PROMPTS: tuple[str, ...] = (
    r"\b(?:ikuti|follow|gabung(?:lah)?|bergabung(?:lah)?|join)\s+(?:whatsapp|wa|telegram|instagram|tiktok|youtube|google\s+news)"
    r"\s+(?:kanal|saluran|channel|grup|group)\b",
    r"\b(?:mari|ayo|yuk)\s+(?:ber)?gabung(?:lah)?\b[^.!?]{0,40}"
    r"\b(?:whatsapp|wa|telegram|instagram|tiktok|youtube|google\s+news|twitter|facebook)\b",
    r"\bhadir\s+di\s+(?:kanal|saluran|channel|grup)\s+(?:whatsapp|wa|telegram)\b",
    r"\bsilakan\s+(?:whatsapp|wa)\s+ke\b",
    # the outlet followed on a platform for its news: "Ikuti Warta Nusantara di Google News
    # dan dapatkan berita terbaru …" ("Ikuti Prabowo di Instagram, warganet …" is prose)
    r"^(?:ikuti|follow)\s+(?:[\w.-]+\s+){1,3}(?:di|on|lewat|melalui|via)\s+"
    r"(?:whatsapp|wa|telegram|instagram|tiktok|youtube|google\s+news|twitter|facebook)"
    r"(?:\s*$|\s+(?:dan|untuk|for|to)\s+(?:dapatkan|mendapatkan|get|berita|update|informasi|kabar|news)\b)",
)
# The reader addressed: "Anda/kamu", a click or link to follow, "silakan", or the prompt's
# imperative opening the line.
READER_ADDRESS = r"\b(?:anda|kamu|klik|click|tautan|link|silakan)\b|^(?:ikuti|follow|gabung|join|mari|ayo|yuk)\b"
# Quoted or attributed words: someone in the story said it (a quote opening the line or
# closing after its punctuation, or a reporting verb; a name in quotes is no speech).
REPORTED = (
    r'^["“]|[,.!?]["”]|\b(?:kata|ujar|ucap|tutur|ungkap|menurut|mengatakan|menyebut|meminta|mengimbau|menjelaskan)\b'
)

# A question to the reader about what they want, answered by the site's imperative and
# pointing at one of the site's own services: "Ingin ringkasan ekonomi setiap pagi? Daftar
# buletin …", "Punya kisah …? Usulkan sosoknya … Klik tautan di bawah." Prose asks about the
# story ("Apa saja syaratnya?"), and a question to someone stands in quotes (REPORTED). How-to
# journalism asks and orders too ("Ingin mengurus paspor? Daftar lewat aplikasi M-Paspor …",
# "Siap mudik? Isi dulu formulir … di laman Kemenhub."), but sends the reader to a public
# service, never to the site's newsletter, its editors ("redaksi", "kami") or a link on the
# page (a click, "tautan di bawah", "di sini" closing a sentence). "aplikasi" and
# "notifikasi" are left out: government apps have both. A service box without such a word
# ("Butuh bantuan darurat? Hubungi Call Center 112 …") reads like how-to prose and stays.
READER_QUESTION = (
    r"^(?:ingin|mau|punya|memiliki|butuh|membutuhkan|perlu|tertarik|penasaran|bingung|siap)\s+"
    r"(?:[\w'’/-]+\s+){0,9}?[\w'’/-]+\?\s+"
    r"(?:daftar(?:kan)?|(?:ber)?langganan|usulkan|kirim(?:kan)?|hubungi|klik|unduh|download|ikuti"
    r"|gabung(?:lah)?|bergabung(?:lah)?|masukkan|laporkan|isi|dapatkan|yuk|ayo|mari)\b"
    r".*?\b(?:buletin|newsletter|redaksi|kami|klik|click|(?:tautan|link)\s+(?:di\s+(?:bawah|atas)|berikut)"
    r"|di\s*sini\s*(?:[.!›»]|$))"
)

# Imperatives that sell the site's own services, opening a line: notifications, membership
# ("Dapatkan notifikasi berita …", "Aktifkan notifikasi", "Dukung jurnalisme berkualitas",
# "Jadi anggota X dan dapatkan …"). News prose reports in the third person; it never opens a
# paragraph by telling the reader to switch something on or join ("Jadi anggota DPR sejak
# 2019, ia …" goes on to report).
SITE_PROMPT_PREFIXES: tuple[str, ...] = (
    r"dapatkan\s+(?:\w+\s+){0,3}?(?:notifikasi|update|berita|informasi|kabar|ringkasan|buletin|newsletter"
    r"|akses|artikel)\b",
    r"(?:aktifkan|nyalakan|izinkan)\s+(?:\w+\s+)?(?:notifikasi|lonceng|pemberitahuan)\b",
    r"dukung\s+(?:jurnalisme|jurnalis|media|redaksi|kami)\b",
    r"jadi(?:lah)?\s+(?:anggota|member|pelanggan)\b[^.!?]{0,40}\b(?:dan|untuk)\s+(?:dapatkan|nikmati|akses)\b",
)

# The site's own priced subscription ("Berlangganan Lensa Digital mulai Rp 2.900/hari. Akses
# tanpa batas …"): a price per period and what the reader gets from the site itself (access to
# all its articles or without limit, no ads, exclusive content, a "Site+" tier). A price of
# another service reported as news ("Berlangganan Netflix mulai Rp 54.000 per bulan untuk paket
# premium", "… dengan akses internet 50 Mbps", "…, menurut Telkom") names none of these, or is
# attributed (REPORTED, checked beside it).
SITE_SUBSCRIPTION = (
    r"^(?=.*?(?:\b(?:akses\s+(?:tanpa\s+batas|penuh|ke\s+(?:seluruh|semua))|tanpa\s+iklan|bebas\s+iklan"
    r"|(?:seluruh|semua)\s+(?:artikel|berita|liputan|konten)|konten\s+eksklusif)\b|\w\+))"
    r"(?:ber)?langganan\b[^!?]{0,60}?\b(?:mulai|hanya|cuma)\s+rp\s?[\d.,]+\s*(?:/\s*|per\s+)"
    r"(?:hari|minggu|bulan|tahun)\b"
)

# The site's notes on its own text, opening a line: the article reviewed or updated ("Artikel
# ini telah ditinjau oleh tim medis …"), no advice ("Artikel ini bukan pengganti saran medis"),
# where it first ran ("Berita ini tayang di …"), or paid for ("… merupakan advertorial"). News
# may call a scientific paper "this article" ("Artikel ini diterbitkan di jurnal The Lancet
# …", "Artikel ini menguraikan data …"), so only these notes go, and a journal is never the
# site ("Artikel 33 UUD 1945" names a law's article, "hingga berita ini diturunkan" stands
# inside a sentence).
_THIS_TEXT = r"(?:artikel|tulisan|berita)\s+ini\s+"
# Where the note names where it ran, it names a site or an edition ("… tayang di Kompas.com
# dengan judul …", "… di Kabar Kita edisi cetak"),
# never a journal ("… terbit di The Lancet", "… dalam New England Journal of Medicine").
_ON_A_SITE = (
    r"(?!.*\b(?:jurnal|journal)\b)"
    r"(?=.*(?:\bdengan\s+judul\b|\bedisi\s+(?:cetak|digital)\b|\b\w+\.(?:com|co\.id|id|net|org|tv|example)\b))"
)
SELF_REFERENCE_PREFIXES: tuple[str, ...] = (
    _THIS_TEXT + r"(?:(?:telah|sudah)\s+)?(?:ditinjau|diperiksa|diperbarui|disunting)\b",
    _THIS_TEXT + r"bukan\s+(?:pengganti|rekomendasi|saran|ajakan)\b",
    _THIS_TEXT + r"(?:(?:telah|sudah)\s+)?(?:pertama\s+kali\s+)?(?:tayang|dimuat|terbit)\s+di\b" + _ON_A_SITE,
    _THIS_TEXT + r"(?:merupakan|adalah)\s+(?:advertorial|konten\s+(?:bersponsor|berbayar|sponsor|promosi)"
    r"|(?:hasil\s+)?kerja\s*sama)\b",
)

# Labels that head a box of site furniture, whatever follows them: a disclaimer, an ad slot
# ("Disclaimer: …", "IKLAN · Lanjutkan membaca di bawah"); an article's own text never opens
# with a label for itself.
FURNITURE_LABEL_PREFIXES: tuple[str, ...] = (
    r"(?:disclaimer|penafian)\s*:",
    # the ad label parted from what follows ("Iklan-iklan rokok …" is a plural, no label)
    r"(?:iklan|advertisements?|ads?|sponsored)(?:\s*[·•|:]|\s+[–—-]\s)",
)

# Widgets a page builds around the article, each alone on its line (whole-line match):
# counters, a social post's embed caption, a reviewer's credit, a link to report an error.
# Prose that uses their words goes on to say something ("Video itu telah ditonton 3 juta
# kali di TikTok", "Unggahan yang dibagikan @basarnas itu memperlihatkan …", "Ditinjau
# oleh tim ahli, rancangan itu …", "Warga diminta melaporkan kesalahan data ke kelurahan"),
# so only a line that is nothing but the widget goes. A widget's label opens with a capital
# or its count ("Dibaca 2.310 kali", "12 Komentar"); the same words opening a line in
# lowercase are the middle of a hard-wrapped sentence ("… video itu sudah" / "dilihat 3,2
# juta kali" / "dan memicu …"), which must stay to be joined (`WIDGET_START`).
_COUNT = r"\d[\d.,]*(?:\s*(?:rb|ribu|k|jt|juta))?"
# The comment box's prompt under its counter: an order to the reader ("Jadilah orang pertama
# yang berkomentar", "Tulis komentar Anda") or the box saying it is empty ("Belum ada komentar").
_COMMENT_ORDER = (
    r"(?:jadilah\s+(?:orang\s+)?(?:yang\s+)?pertama\s+(?:yang\s+)?(?:berkomentar|memberi(?:kan)?\s+komentar"
    r"|mengomentari(?:\s+(?:artikel|berita)\s+ini)?)|tulis(?:kan)?\s+komentar(?:\s+anda)?(?:\s+di\s+bawah(?:\s+ini)?)?"
    r"|lihat\s+(?:semua\s+)?komentar|be\s+the\s+first\s+to\s+comment)"
)
# The box may first ask the reader's opinion, a question to "Anda/kamu", then give its order:
# "Apa pendapat Anda? Tulis komentar di bawah ini." (the whole line is the box's: prose that
# asks the same goes on to report, "… tanya Menteri kepada wartawan").
_READER_QUESTION = r"(?:[^.!?]{0,40}\b(?:anda|kamu)\b[^.!?]{0,20}\?\s*+)"
_NO_COMMENT_YET = r"(?:belum\s+ada\s+komentar|no\s+comments\s+yet)"
_COMMENT_PROMPT = rf"(?:{_COMMENT_ORDER}|{_NO_COMMENT_YET})"
_PLATFORM = r"(?:instagram|tiktok|facebook|twitter|x|youtube|threads)"
# A person's name as a credit writes it: capitalised words, maybe comma-parted degrees
# ("Sari Lestari, Sp.A", "Budi Hartono, M.Kes").
_PERSON = r"(?-i:[A-Z][\w.'’-]*)(?:,?\s+(?-i:[A-Z][\w.'’-]*)){0,7}"
_MEDICAL_TITLE = r"(?:dr|drg|apt|ns|prof|dr\.\s*med)\.?\s+"
# An account's display name over its handle: a few capitalised words ("BMKG", "Humas Polda
# Jawa Barat"); a sentence before a handle has lowercase words ("… diunggah BMKG lewat akun X
# (@infoBMKG) …").
_DISPLAY_NAME = r"(?-i:[A-Z][\w.'’&-]*)(?:\s+(?-i:[A-Z][\w.'’&-]*)){0,4}"
# The months a tweet's date names, Indonesian and English, in full or cut short ("Feb", "Agt").
_MONTH = (
    r"(?:januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember"
    r"|january|february|march|may|june|july|august|october|december"
    r"|jan|feb|mar|apr|jun|jul|agu|agt|aug|sep|sept|okt|oct|nov|des|dec)"
)
# A colon or a separator between a widget's parts, spaced or not (see `_spaced`).
_COLON = _spaced(":")
_SEPARATOR = _spaced("[–—|·:-]")
# A widget's label opens on a capital or a digit, case-sensitively (see above).
WIDGET_START = r"(?=(?-i:[A-Z0-9]))"
PAGE_WIDGETS: tuple[str, ...] = (
    # The page counting its comments, alone or with the box's prompt: "Komentar (3) ·
    # Tulis komentar", "12 Komentar", "0 komentar — Jadilah orang pertama yang berkomentar".
    # The prompt alone is `COMMENT_PROMPT`.
    rf"(?:komentar|comments?|tanggapan)\s*\(\s*{_COUNT}\s*\)(?:{_SEPARATOR}{_COMMENT_PROMPT})?",
    rf"{_COUNT}\s+(?:komentar|comments?|tanggapan)(?:{_SEPARATOR}{_COMMENT_PROMPT})?",
    # The page counting its readers: "Dibaca 2.310 kali", "Berita ini sudah dibaca 12 ribu
    # kali", "1,2 rb dibaca", "3.400 views".
    rf"(?:{_THIS_TEXT}(?:(?:telah|sudah)\s+)?)?(?:dibaca|dilihat)(?:\s+(?:sebanyak|oleh))?{_COLON}{_COUNT}"
    r"(?:\s*(?:kali|x|pembaca))?",
    rf"{_COUNT}\s*(?:(?:kali|x)\s+dibaca|dibaca|pembaca|views?|shares?)",
    # A social post's embed code as scraped text: its link ("Lihat video ini di TikTok",
    # "View this post on Instagram") and its caption ending on the account ("Sebuah kiriman
    # dibagikan oleh Polda Jabar (@humaspoldajabar)", "A post shared by …"), or a tweet's: the
    # display name, the handle and the date ("— BMKG (@infoBMKG) 3 Februari 2025", "… February
    # 3, 2025", its dash an edge decoration).
    rf"lihat\s+(?:postingan|kiriman|unggahan|video|foto|reel|profil)\s+ini\s+di\s+{_PLATFORM}",
    rf"view\s+this\s+(?:post|video|photo|reel|profile)\s+on\s+{_PLATFORM}",
    r"(?:sebuah\s+|a\s+)?(?:kiriman|postingan|unggahan|post|video|reel)\s+(?:yang\s+)?(?:dibagikan|diunggah|shared)"
    r"\s+(?:oleh|by)\s+[^()@.!?]{0,60}?\(?@[\w.]+\)?",
    rf"{_DISPLAY_NAME}\s*\(@\w+\)\s*(?:\d{{1,2}}\s+)?{_MONTH}\.?\s+(?:\d{{1,2}},?\s+)?\d{{4}}",
    # A health page's reviewer credit, a medical title before the name ("Ditinjau oleh dr.
    # Sari Lestari, Sp.A", "Medically reviewed by Dr. …"); with a colon it is a credit
    # whatever the name (`CREDIT_PREFIXES`).
    rf"(?:ditinjau|direviu|direview|diperiksa|diverifikasi)\s+(?:secara\s+medis\s+)?oleh{_COLON}{_MEDICAL_TITLE}"
    rf"{_PERSON}",
    rf"(?:medically\s+)?reviewed\s+by{_COLON}{_MEDICAL_TITLE}{_PERSON}",
    # A link asking the reader to report an error in the page: "Laporkan salah ketik pada
    # berita ini", "Report an error", "Menemukan kesalahan? Laporkan ke redaksi".
    r"(?:laporkan|lapor)\s+(?:(?:sebuah|adanya)\s+)?(?:kesalahan|koreksi|salah\s+ketik|typo|galat)"
    r"(?:\s+(?:dalam|pada|di)\s+(?:artikel|berita|tulisan|halaman|konten)\s+ini)?",
    r"report\s+(?:an?\s+)?(?:error|typo|mistake|correction)(?:\s+(?:in|with)\s+this\s+(?:article|story|page))?",
    r"(?:(?:me)?nemukan|temukan|ada)\s+(?:kesalahan|typo|salah\s+ketik|yang\s+salah)[^.!?]{0,40}\?\s*"
    r"(?:laporkan|beri\s*tahu(?:kan)?|kabari)(?:\s+(?:kami|redaksi))?(?:\s+(?:di\s*sini|ke\s+(?:redaksi|kami)))?",
    # A poll's label before its question to the reader: "JAJAK PENDAPAT: Menurut Anda, …?"
    # (a poll reported in prose states its result: "Polling: 60 persen responden setuju …").
    # The reader is looked for ahead, so the question is read once (linear in the line).
    r"(?:polling|poling|jajak\s+pendapat|poll|kuis|survei(?:\s+pembaca)?)\s*:\s*(?=[^.!?]*\b(?:anda|kamu)\b)[^.!?]*\?",
)

# The comment box's prompt alone on its line. Matched on the line with its full stop (see
# `bot.ingest.cleaning`): an order to the reader is the box's whether or not it ends on one,
# but that nobody has commented is news prose when written as a sentence ("Belum ada
# komentar." about a ministry asked), the box's own label only without the stop.
COMMENT_PROMPT = rf"{WIDGET_START}(?:{_READER_QUESTION}?{_COMMENT_ORDER}[.!]?|{_NO_COMMENT_YET})"

# A poll's question followed by its answer buttons, apart by bars or bullets, maybe with the
# link to the results: "Apakah Anda setuju …? Setuju | Tidak Setuju | Lihat Hasil". Each option
# opens on a character that is neither a space nor a bar, so where one option ends and the
# next begins is fixed by the bars and the match is linear in the line; a row whose options
# could also start on the spaces around the bars tried exponentially many splits of a long
# footer ("Punya saran? Kontak | FAQ | Redaksi | … | Hak cipta …").
POLL_OPTIONS = r"\?\s*(?:[^|•·?!.\s][^|•·?!.]{0,29}[|•·]\s*)+[^|•·?!.\s][^|•·?!.]{0,29}$"
POLL_SEPARATOR = r"[|•·]"
# An explainer answers its own question with a row of short items too ("Apa saja dokumen yang
# perlu dibawa? KTP • Kartu Keluarga • Bukti pendaftaran", "Bagaimana cara mendaftar? Buka situs
# • Isi formulir • …"), so the row is a poll only with a poll's evidence: an answer that is a
# poll's button (`POLL_ANSWER`), a poll's label opening the line (`POLL_LABEL`), or a question
# asking the reader's own view or choice (`POLL_QUESTION`). How-to prose speaks to the reader
# too ("Apa saja yang perlu Anda bawa?"), but never asks what they think or pick.
POLL_ANSWER = (
    r"(?:ya|tidak|setuju|(?:sangat|tidak|kurang)\s+setuju|ragu(?:-ragu)?|netral|sudah|belum|(?:belum|tidak)\s+tahu"
    r"|abstain|lihat\s+hasil(?:nya)?|hasil\s+(?:polling|survei|jajak\s+pendapat)|vote|voting|pilih|kirim"
    r"|yes|no|maybe|agree|disagree|(?:see|view)\s+results?)"
)
POLL_LABEL = r"(?:polling|poling|jajak\s+pendapat|poll|survei\s+(?:kilat|pembaca)|kuis|voting)\s*[:|•·–—-]"
_READER = r"(?:anda|kamu)"
POLL_QUESTION = (
    rf"\b(?:menurut|pendapat|pilihan|jagoan|favorit)\s+{_READER}\b"
    r"|\b(?:menurut|pendapat|pilihan|jagoan|favorit)mu\b"
    rf"|\b{_READER}\s+(?:\w+\s+)?(?:setuju|pilih|memilih|dukung|mendukung|jagokan|sukai|yakin|puas)\b"
    rf"|\b(?:setujukah|sukakah|puaskah|yakinkah)\s+{_READER}\b"
)

# A sales box closing on its button: an offer (a price, "gratis", "diskon", "promo", a
# percentage), then after a full stop the button's label, two capitalised words with none
# after ("Tes darah lengkap di rumah mulai Rp199.000. Pesan Sekarang", "… diskon 50%. Beli
# Sekarang"). A sentence ends on its full stop, so the line is read with it (see
# `bot.ingest.cleaning`; "Layanan itu gratis bagi warga. Daftar Sekarang." is prose); a
# hard-wrapped one goes on in lowercase ("… gratis. Daftar sekarang" / "juga bisa lewat
# aplikasi"), so capitals tell the label; a quoted offer is checked apart (REPORTED).
_BUTTON_VERB = (
    r"(?:chat|beli|pesan|order|daftar|coba|unduh|download|install|pasang|klaim|ambil|dapatkan|cek|tanya"
    r"|konsultasi|booking|gabung|langganan|berlangganan|mulai|buy|shop|try|get|book|subscribe|join|start)"
)
_BUTTON_OBJECT = r"(?:sekarang|now|di\s*sini|here|gratis|free|dokter|promo(?:nya)?|aplikasi(?:nya)?|app|voucher)"
OFFER_BUTTON = (
    r"^(?=.*?(?:\brp\s?\d|\bgratis\b|\bdiskon\b|\bpromo\b|\bcashback\b|\bvoucher\b|\d\s?%))"
    rf".*[.!?:|]\s+(?=(?-i:[A-Z]\S*\s+[A-Z])){_BUTTON_VERB}\s+{_BUTTON_OBJECT}$"
)

# A live blog's or breaking story's label. It heads the story's own news as often as a link
# to it ("BREAKING NEWS: Gempa magnitudo 6,2 mengguncang Majene …", "LIVE UPDATE: Gempa
# susulan … pukul 10.00 WITA."), so the line goes only where what follows the label is itself
# furniture ("LIVE UPDATE: Ikuti perkembangan terbaru gempa Majene di sini").
LIVE_LABEL = r"(?:live\s+(?:update|report|blog|streaming)s?|siaran\s+langsung|breaking\s+news)\s*:\s*"

# A link whose text is "di sini" ("here"), offered by an imperative to follow the news:
# "Ikuti perkembangan terbaru gempa Majene di sini", "Simak selengkapnya di sini." Prose
# reports in the third person and never ends by pointing the reader at a link on the page.
# The spaces after the imperative are read once (`\s++`): the link's text was otherwise looked
# for from each of them.
LINK_PROMPT = (
    r"^(?:ikuti|simak|pantau|lihat|cek|tonton|saksikan|baca|klik)\s++[^.!?]{0,100}?\b(?:di\s*sini|here)"
    + _spaced("[.!›»]")
    + "$"
)

# Share / follow prompts (prefix match).
SHARE_PREFIXES: tuple[str, ...] = (
    r"bagikan\s*(?::|\b(?:artikel|berita|ini|ke|via|melalui|lewat)\b)",
    r"share\s*(?::|\b(?:this|on|via|to|artikel|berita)\b)",
    r"ikuti\s+(?:kami|kanal|saluran|akun|update|berita|terus)\b",
    r"follow\s+(?:us|kami)\b",
    r"(?:gabung|bergabung|join|klik|simak|pantau|dapatkan|cek|baca)\b.*"
    r"\b(?:google\s+news|whatsapp|wa\s+channel|telegram|instagram|twitter|facebook"
    r"|tiktok|youtube|channel|saluran|ponsel\w*)\b",
    r"(?:download|unduh)\s+(?:aplikasi|app|the\s+app)\b",
    r"(?:klik|click)\s+(?:di\s*sini|here|link|tautan)\b",
)

# Copyright and syndication notices (prefix match).
COPYRIGHT_PREFIXES: tuple[str, ...] = (
    r"copyright\b",
    r"hak\s+cipta\b",
    r"\(c\)\s*\d{4}",
    r"dilarang\s+(?:keras\s+)?(?:untuk\s+)?(?:mengambil|mengutip|menyalin|memperbanyak|menayangkan)\b",
    # "… telah tayang di …"; a paper in a journal is news ("Artikel ini dipublikasikan di jurnal …")
    r"artikel\s+ini\s+(?:telah\s+|sudah\s+|pertama\s+kali\s+)?(?:tayang|terbit|dipublikasikan)\b" + _ON_A_SITE,
)

# Editor / writer / source / photo credit lines (prefix match).
CREDIT_PREFIXES: tuple[str, ...] = (
    r"\(?(?:editor|penulis|reporter|pewarta|penyunting|redaktur|wartawan|kontributor"
    r"|sumber|source|foto|photo|fotografer|ilustrasi|grafis|video|writer|author"
    r"|penerjemah|translator|narasi|kameramen|editing)\s*:",
    r"(?:written|edited|reporting|editing|writing|additional\s+reporting)\s+by\b",
    r"laporan\s+(?:wartawan|reporter|jurnalis|kontributor)\b",
    # a health page's reviewer ("Ditinjau oleh: Tim Medis …"): prose puts no colon after "oleh"
    r"(?:ditinjau|direviu|direview|diperiksa|diverifikasi)(?:\s+secara\s+medis)?\s+oleh\s*:",
    r"(?:medically\s+)?reviewed\s+by\s*:",
    # "Ilustrasi. Petugas mengisi BBM …": the picture labelled an illustration; prose never
    # writes the word alone as a sentence ("Ilustrasi-ilustrasi itu …" goes on).
    r"ilustrasi\s*[.–—-]\s",
)

# A short "Sumber CNBC Indonesia" credit without a colon (see `_is_source_credit`).
SOURCE_CREDIT_PREFIX = r"\(?(?:sumber|source)\b"

# "Scan QR Code ..." e-paper / app promos (prefix match).
QR_PREFIXES: tuple[str, ...] = (
    r"scan\s+(?:the\s+)?qr\b",
    r"pindai\s+(?:kode\s+)?qr\b",
)

# Label prefixes of keyword lists ("Tags: BI, suku bunga, rupiah"): a page's topic
# labels, never prose (prefix match).
LABEL_PREFIXES: tuple[str, ...] = (r"(?:tags?|tagar|topik|topics?|kata\s+kunci|keywords?|label)\s*:",)

# A line of hashtags alone ("#labuan bajo #pariwisata #kapal wisata"): a page's topic
# labels, each a few lowercase words; a headline opening with a hashtag goes on in
# capitals ("#SaveKPK dan #ReformasiDikorupsi Ramai di Twitter"), and a Markdown heading
# ("# Judul") has a space after its mark.
HASHTAG_LIST = r"#\w+(?: [a-z0-9]+){0,3}(?:\s+#\w+(?: [a-z0-9]+){0,3})+"

#: A flattened tag list: at least this many items of at most this many words each.
MIN_TAGS = 3
MAX_WORDS_TAG = 4

# A page's topic tags written as a comma list: short lowercase items and no sentence end
# ("pilkada 2024, psu, kpu, bawaslu, komisi ii dpr"). A body paragraph opens with a capital
# letter or ends with punctuation; a title names things with capitals; a prose enumeration
# ends with a conjunction ("pangan, energi, dan air bersih"), tags never join items so. The
# middle of a hard-wrapped paragraph looks like tags too, so they are told only on lines
# already joined (see `bot.ingest.cleaning`).
_TAG_WORD = r"(?!(?:dan|atau|serta|and|or)\b)[a-z0-9](?:[a-z0-9'’&./-]*[a-z0-9])?"
_TAG = rf"{_TAG_WORD}(?: {_TAG_WORD}){{0,{MAX_WORDS_TAG - 1}}}"
TAG_LIST = rf"{_TAG}(?:\s*,\s*{_TAG}){{{MIN_TAGS - 1},}}"

# Bare "read also" labels whose link headline sits on the *next* line.
READ_MORE_LABELS: tuple[str, ...] = (
    r"baca\s+juga",
    r"baca",
    r"also\s+read",
    r"read\s+(?:more|also|next)",
    r"see\s+also",
    r"related",
    r"(?:lihat|simak|tonton|saksikan)\s+juga",
)

# Photo credits that end a caption. The agency names are case-sensitive on
# purpose: "REUTERS/Name" is a credit, "kata dia kepada Reuters." is prose.
_AGENCY = (
    r"(?-i:ANTARA\s+FOTO|ANTARA|REUTERS|AFP|AP\s+Photo|EPA(?:-EFE)?|SPUTNIK|Sputnik"
    r"|XINHUA|Xinhua|Anadolu|Getty\s+Images|Bloomberg|Shutterstock)"
)
# The end of a line after a credit: spaces and maybe a full stop (`_END`), or a closing
# bracket before them (`_TAIL`); see `_spaced`.
_END = _spaced(r"\.") + "$"
_TAIL = _spaced(r"\)") + _END
# One "/"-separated part of a credit: capitalised name words ("Pool via REUTERS",
# "M. Risyal Hidayat") or lowercase editor initials ("rwa"); never lowercase prose.
_NAME_WORD = r"(?-i:[A-Z0-9][\w.'’-]*|via|and|dan|&)"
_CREDIT_PART = rf"(?:{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,6}}|(?-i:[a-z]{{2,5}}))"
# An outlet's name as a brand: all capitals ("PEKAN"), a capital inside ("BisnisHarian"), or
# a digit ("Liputan9").
_BRAND = r"(?-i:[A-Z]{2}[\w.-]*|[A-Z][a-z]+[A-Z][\w.-]*|[A-Z][A-Za-z]*\d[\w.-]*)"
# What may close a story's last paragraph in brackets: the news agency it came from, an
# editor's or outlet's note, or a "to be continued" note (see the bracketed credit below).
_STORY_CLOSER = (
    r"(?:antara|ant|reuters|afp|ap|xinhua|bernama|anadolu|dpa|kyodo|yonhap|tass|sputnik|bloomberg"
    r"|red|redaksi|tim|adv|advertorial|rls|rilis|bersambung|selesai|habis|tamat)"
)
# Words that open a caption by naming the picture ("Peta guncangan gempa …", "Ilustrasi
# nyamuk …", "Tangkapan layar video …"); not a plural or a compound ("Foto-foto itu …",
# "Peta jalan transisi energi …" is a roadmap).
_PICTURE_WORD = (
    r"(?:foto(?:\s+udara)?|ilustrasi|peta|grafis|infografis?|tangkapan\s+layar|screenshot|gambar|citra\s+satelit"
    r"|sketsa|denah)(?![\w-])(?!\s+jalan\b)"
)
# Where a picture comes from, named in the credit: stock libraries, "courtesy" and the
# source's own files ("(Shutterstock)", "(iStock)", "(Dok. Humas Pemkab)").
_PICTURE_SOURCE = (
    r"(?:shutterstock|istock(?:photo)?|getty\s+images|freepik|unsplash|pexels|pixabay|canva|wikimedia(?:\s+commons)?"
    r"|istimewa|dok\.|dok\b|dokumentasi|tangkapan\s+layar|screenshot)"
)
#: Credits explicit enough to mark even a single (non-repeated) line as a caption.
STRONG_CAPTION_CREDITS: tuple[str, ...] = (
    _AGENCY + rf"(?:\s*/\s*{_CREDIT_PART}){{1,4}}" + _TAIL,  # ANTARA FOTO/Name/abc
    r"\bvia\s+(?-i:REUTERS|AFP|AP|Getty\s+Images)" + _TAIL,
    r"\((?:foto|photo)\s*:\s*[^()]{1,60}\)" + _END,
    r"(?:^|[.!?]\s)(?:foto|photo)\s*:\s*(?:dok\.\s*)?[^.!?:]{1,60}" + _TAIL,
    # "(Istimewa)" ("courtesy") after the description: prose never ends on it.
    r"[.!?]\s*\(\s*istimewa\s*\)" + _END,
    r"[(\[]\s*dok\.?\s+[^()\[\]]{1,50}[)\]]" + _END,
    # The same credit without brackets, alone after the description's full stop ("… di
    # Jakarta Timur. Dok. Pena Nusantara"): "Dok." (dokumentasi) opens no sentence of prose.
    r"[.!?]\s+dok\.\s+(?-i:[A-Z][\w.&'-]*)(?:\s+(?-i:[A-Z][\w.&'-]*)){0,4}" + _END,
    r"\bAP\s+Photo\b" + _TAIL,
    # A description, then an outlet's credit written as a brand (capitals, CamelCase or a
    # digit: "PEKAN/Prima Mulia", "BisnisHarian/Rahmat Hidayat", "FOTO/Kemlu RI"): prose
    # never ends on one, while a plain "Pemerintah/DPR" may stand in it.
    rf"[.!?]\s+{_BRAND}(?:\s*/\s*{_CREDIT_PART}){{1,3}}" + _END,
    # The same after any capitalised name ("… Jakarta, 14 Mei 2025. Lensa/Imam Sukamto"): a
    # sentence never ends on names joined by a slash standing alone after its full stop,
    # while "disepakati bersama Pemerintah/DPR." has no full stop before them.
    rf"[.!?]\s+(?-i:[A-Z][\w.-]*)(?:\s+(?-i:[A-Z][\w.-]*)){{0,3}}(?:\s*/\s*{_CREDIT_PART}){{1,3}}\s*$",
    # A description, then the outlet's and photographer's credit in brackets: "Warga
    # mengungsi di Demak. (OUTLET/Nama)" — prose never ends on a slash credit.
    rf"[.!?]\s*\((?-i:[A-Z][\w.-]*)(?:\s+(?-i:[A-Z][\w.-]*)){{0,3}}(?:\s*/\s*{_CREDIT_PART}){{1,3}}\)" + _END,
    # A credit in brackets after the description's full stop, even without a slash, where
    # the line is a caption: it opens with a picture word ("Peta guncangan gempa, Selasa
    # (2/9/2025). (BMKG)") or the bracket names a picture source ("… nyamuk. (Shutterstock)").
    # A body sentence puts its brackets before its full stop ("… kata BMKG (Badan
    # Meteorologi)."), but a body paragraph may end, after it, on the news agency, the
    # editor's or outlet's code, often in capitals ("(DNE)", "(JPNN)", "(Red)", "(BBC)"), or
    # a "to be continued" note: without a picture word or source, that is no caption.
    rf"^{_PICTURE_WORD}.*[.!?]\s*\((?!\s*{_STORY_CLOSER}\s*\))\s*(?-i:[A-Z][\w.&'-]*)"
    rf"(?:\s+(?-i:[A-Z][\w.&'-]*)){{0,3}}\s*\)" + _END,
    rf"[.!?]\s*\(\s*{_PICTURE_SOURCE}[^()]{{0,50}}\)" + _END,
    # Where and when the picture was taken, then the photographer's credit, in brackets or
    # not: "… di Demak, Selasa (27/1/2026). (OUTLET/Nama)" — prose never ends so.
    rf"\(\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\)\s*\.\s*\(?(?-i:[A-Z][\w.-]*)(?:\s+(?-i:[A-Z][\w.-]*)){{0,3}}"
    rf"(?:\s*/\s*{_CREDIT_PART}){{1,3}}\)?" + _END,
)
#: Looser credits, trusted only when the line is also repeated (the tell-tale of a
#: caption scraped from both the image alt text and the figcaption).
LOOSE_CAPTION_CREDITS: tuple[str, ...] = (
    *STRONG_CAPTION_CREDITS,
    r"\b" + _AGENCY + _TAIL,
    r"\bdok(?:\.|umentasi)?(?:\s+[^.!?]{1,50})?" + _TAIL,
    r"\bistimewa" + _TAIL,
    r"\btangkapan\s+layar\b[^.!?]{0,50}" + _TAIL,
    # "… Jumat (28/2/2025). Liputan9/Teguh Santoso": a photographer's credit after the
    # description, outlet and name joined by a slash (in brackets or not).
    rf"[.!?)]\s+\(?(?-i:[A-Z][\w.-]*)(?:\s+(?-i:[A-Z][\w.-]*)){{0,3}}(?:\s*/\s*{_CREDIT_PART}){{1,3}}\)?" + _END,
    # A caption describes the picture and ends on where and when it was taken:
    # "… di Jakarta, Minggu (8/12/2024)." (trusted only when the line is repeated).
    r"\(\d{1,2}/\d{1,2}/\d{2,4}\)(?:\s+(?:pagi|siang|sore|malam))?" + _END,
)


def _any_of(patterns: Iterable[str]) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


_I = re.IGNORECASE
SECTION_HEADING_RE = re.compile(_any_of(SECTION_HEADINGS), _I)
FULL_LINE_RE = re.compile(
    _any_of((*SECTION_HEADINGS, *NAVIGATION_LABELS, *AD_BANNERS, WIDGET_START + _any_of(PAGE_WIDGETS))), _I
)
_READ_MORE_RE = re.compile(_any_of(READ_MORE_PREFIXES), _I)
READ_MORE_LABEL_RE = re.compile(_any_of(READ_MORE_LABELS), _I)
SOURCE_CREDIT_RE = re.compile(SOURCE_CREDIT_PREFIX, _I)
STRONG_CAPTION_RE = re.compile(_any_of(STRONG_CAPTION_CREDITS), _I)
LOOSE_CAPTION_RE = re.compile(_any_of(LOOSE_CAPTION_CREDITS), _I)

#: (prefix regex, max words) — a line longer than the limit is assumed to be a
#: real paragraph that merely starts similarly, so it is kept.
PREFIX_RULES: tuple[tuple[re.Pattern[str], int], ...] = (
    (_READ_MORE_RE, 10_000),
    (re.compile(_any_of(SUBSCRIPTION_PREFIXES), _I), 60),
    (re.compile(_any_of(SHARE_PREFIXES), _I), 30),
    (re.compile(_any_of(COPYRIGHT_PREFIXES), _I), 60),
    (re.compile(_any_of(CREDIT_PREFIXES), _I), 25),
    (re.compile(_any_of(QR_PREFIXES), _I), 30),
    (re.compile(_any_of(LABEL_PREFIXES), _I), 40),
    (re.compile(_any_of(SITE_PROMPT_PREFIXES), _I), 40),
    (re.compile(_any_of(SELF_REFERENCE_PREFIXES), _I), 40),
    (re.compile(_any_of(FURNITURE_LABEL_PREFIXES), _I), 60),
)
PAYWALL_RE = re.compile(_any_of(PAYWALL_PHRASES), _I)
HASHTAG_LIST_RE = re.compile(HASHTAG_LIST)
TAG_LIST_RE = re.compile(TAG_LIST)
LIVE_LABEL_RE = re.compile(LIVE_LABEL, _I)
LINK_PROMPT_RE = re.compile(LINK_PROMPT, _I)
SITE_SUBSCRIPTION_RE = re.compile(SITE_SUBSCRIPTION, _I)
READER_QUESTION_RE = re.compile(READER_QUESTION, _I)
READER_PROMPT_RE = re.compile(_any_of(READER_PROMPTS), _I)
READER_ADDRESS_RE = re.compile(READER_ADDRESS, _I)
REPORTED_RE = re.compile(REPORTED, _I)
COMMENT_PROMPT_RE = re.compile(COMMENT_PROMPT, _I)
POLL_OPTIONS_RE = re.compile(POLL_OPTIONS, _I)
POLL_SEPARATOR_RE = re.compile(POLL_SEPARATOR)
POLL_ANSWER_RE = re.compile(POLL_ANSWER, _I)
POLL_LABEL_RE = re.compile(POLL_LABEL, _I)
POLL_QUESTION_RE = re.compile(POLL_QUESTION, _I)
OFFER_BUTTON_RE = re.compile(OFFER_BUTTON, _I)
MAX_WORDS_PAYWALL_LINE = 60

# Breadcrumbs: "Home » Nasional » Hukum" — every part short, split by » › >. The spaces before
# a separator are read from where their run starts only: `\s*[»›>]` tried at every space of
# a long run with no separator after it took time quadratic in the run (see `_spaced`).
BREADCRUMB_SPLIT_RE = re.compile(r"(?:(?<!\s)\s+)?[»›>]\s*")
MAX_WORDS_BREADCRUMB_PART = 4

MARKDOWN_RE = re.compile(r"^#{1,6}\s*|\*\*|__")
EDGE_DECORATION = " »«›‹|•·▪►▶▸→←↓↑>*#~=_-–—:."
SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*$")
WORD_RE = re.compile(r"\w+(?:[-'’.]\w+)*")
