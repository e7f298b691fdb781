"""Surface markers of answer types in a sentence: a number, a date or time, a reason,
reported speech, a place, a name; and whether it leans on the sentence before.

They are closed classes of each language (reporting verbs, causal connectives, numerals),
not words of any one article. Questions' types are `bot.search.qtypes`; the markers live
here because the index writes each passage's markers at build time (`text_flags`, two
bytes per passage) so that answering reads them instead of running these patterns.
"""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

from bot.text import normalize as normalize_module
from bot.text import sentences, wordlists
from bot.text.normalize import normalize
from bot.text.sentences import leans_on_previous
from bot.text.wordlists import MONTHS_EN, MONTHS_ID

# This module and those whose code decides the markers it writes.
_READ_WITH = (sys.modules[__name__], sentences, wordlists, normalize_module)

# Reporting verbs and attributions, also with the clitic that names the speaker back
# ("Menurutnya, …", "katanya", "imbuhnya").
SPEECH_VERBS = re.compile(
    r"\b(mengatakan|menyampaikan|menegaskan|menjelaskan|menyatakan|menyebut|menyebutkan|menilai|"
    r"mengungkapkan|menambahkan|menuturkan|memastikan|meminta|mendesak|memperingatkan|menjanjikan|"
    r"berkata|kata|katanya|ujar|ujarnya|ucap|ucapnya|tutur|tuturnya|jelas|jelasnya|tegas|tegasnya|"
    r"menurut|menurutnya|imbuh|imbuhnya|pungkas|pungkasnya|tambahnya|demikian|mengeluhkan|memprotes|"
    r"mengaku|mengakui|mengimbau|mengingatkan|menekankan|mengklaim|membantah|menampik|berjanji|"
    r"menuding|menyerukan|menerangkan|berpesan|menyinggung|menyoroti|mengkritik|mengecam|mengenang|"
    r"mengumumkan|memaparkan|membeberkan)\b"
)
# Indonesian causal and purpose connectives: a reason is given with a conjunction of cause
# (karena, sebab, lantaran, gara-gara, pasalnya, mengingat), a passive of causing
# (disebabkan, dipicu, akibat, imbas, berkat; economic news says what drove a figure with
# dipengaruhi, didorong, ditopang: "laba naik ditopang efisiensi", "ekspor naik didorong
# lonjakan pengiriman"), an event it follows (menyusul), a result (sehingga), or a purpose
# clause (untuk, agar, supaya, guna, demi, bertujuan); news also gives a decision's reason as
# the event it followed ("izin dicabut setelah perusahaan gagal menambah modal"), which as a
# sign is as weak as a purpose, as is a bare "didorong" (also "urged to"). "Ditopang"
# (supported by) is "berkat" (thanks to) said of a figure: a cause.
REASON_WORDS = re.compile(
    r"\b(karena|sebab|disebabkan|akibat|lantaran|dipicu|untuk|agar|supaya|guna|demi|alasan|"
    r"penyebab|bertujuan|gara-gara|pasalnya|mengingat|menyusul|imbas|berkat|sehingga|setelah|usai|seusai|"
    r"ditopang|dipengaruhi|didorong)\b"
)
# The connectives of cause and result alone: "untuk" and "guna" also just mean "for", so a
# purpose clause is the weaker sign that a sentence says why.
CAUSE_WORDS = re.compile(
    r"\b(karena|sebab|disebabkan|akibat|lantaran|dipicu|alasan|penyebab|gara-gara|pasalnya|"
    r"mengingat|menyusul|imbas|berkat|sehingga|ditopang|dipengaruhi|didorong oleh)\b"
)
NUMBER_WORDS = re.compile(
    r"\d|\b(satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|"
    r"belas|belasan|puluh|puluhan|ratus|ratusan|ribu|ribuan|juta|miliar|triliun|persen|separuh|setengah)\b"
)
# Numbers that count nothing: dates, years and clock times answer "when", not "how many"
# ("16/10", "2024", "pukul 10.30", a day before a month name: "14 Juli", "15-17
# November"); labels and ordinals name one thing of a series ("nomor urut 3", "Nomor
# 90/PUU-XXI/2023", "Pasal 169", "ayat 2", "ke-7").
NOT_COUNTS = re.compile(
    r"\b\d{1,2}/\d{1,2}(/\d{2,4})?|\b(19|20)\d\d\b|\b(?i:pukul) \d{1,2}[.:]\d\d\b"
    rf"|\b\d{{1,2}}(-\d{{1,2}})? (?i:{'|'.join(MONTHS_ID + MONTHS_EN)})\b"
    r"|\b(?i:nomor(?: urut)?|no\.?|pasal|ayat|ke-) ?\(?\d[\w/.-]*\)?"
)
DAYS = r"senin|selasa|rabu|kamis|jumat|sabtu|minggu"
# Words of time: days, months, clock and calendar words. "Sejak", "hingga", "sampai" relate
# an event to a time or to another event ("sejak Israel vs Hamas memanas"), so alone they
# date nothing; the date after them does.
TIME_WORDS = re.compile(
    rf"\b({DAYS}|{'|'.join(MONTHS_ID)}|pukul|kemarin|lalu|pekan|"
    r"tahun|hari|tanggal|pagi|siang|sore|malam)\b|\d{1,2}/\d{1,2}|\b(19|20)\d\d\b"
)
# A length of time ("75 tahun", "tiga hari", "dua pekan") answers "how long", not "when";
# "dua hari lalu" still dates an event.
DURATIONS = re.compile(
    r"\b(\d+(?:[.,]\d+)?|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|belasan|puluhan|"
    r"ratusan|beberapa) (detik|menit|jam|hari|pekan|minggu|bulan|tahun|dekade|abad)\b"
    r"(?! (lalu|silam|sebelumnya|kemudian|mendatang|depan|ke depan)\b)"
)
# A place: a capitalised name after a preposition of place, or a noun of places (the
# administrative units, buildings and sites news names as where things happen).
PLACE_WORDS = re.compile(
    r"\b(di|ke|dari) [A-Z][\w-]+|\b(kota|provinsi|kabupaten|kecamatan|desa|pulau|negara|wilayah|kawasan|"
    r"istana|gedung|kantor)\b"
)
# Enumerations of names answer "which": "Jepang, Korea Selatan, Filipina, dan Vietnam", "yakni …".
# A name before a comma is a run of word characters ending on the comma with a capital before
# its last character (the capital need not open it: "iPhone, Samsung dan Xiaomi"); each run is
# read once, from where it starts: read from each of its capitals, a long run of capitals took
# time quadratic in its length.
NAME_ENUMERATION = re.compile(r"(?<![\w-])(?=[\w-]*?[A-Z][\w-])[\w-]+, [A-Z][\w-]+,? (dan|and) [A-Z]")
NAME_LIST = re.compile(rf"\b(yakni|yaitu|antara lain|termasuk)\b|{NAME_ENUMERATION.pattern}")
NAME_SEQUENCE = re.compile(r"(?<![.!?\"] )(?<!^)\b[A-Z][a-z]+(?: [A-Z][a-z]+)+")
# A single name where the grammar says it is a person: the doer or speaker.
NAMED_AGENT = re.compile(
    r"\b(kata|ujar|ucap|tutur|oleh|menurut|dipimpin|dijabat)\s+[A-Z][a-z]+"
    r"|^[A-Z][a-z]+ (mengatakan|menyampaikan|menegaskan|menjelaskan|menyatakan|menyebut|meminta|memimpin)\b"
)


def carries_answer_type(qtype: str | None, sentence: str) -> bool:
    lowered = normalize(sentence)
    if qtype == "count":
        return bool(NUMBER_WORDS.search(NOT_COUNTS.sub(" ", lowered)))
    if qtype == "when":
        return bool(TIME_WORDS.search(DURATIONS.sub(" ", lowered)))
    if qtype == "why":
        return bool(REASON_WORDS.search(lowered))
    if qtype == "speech":
        return bool(SPEECH_VERBS.search(lowered)) or '"' in sentence or "“" in sentence
    if qtype == "where":
        # "Which countries …" is answered by naming them, with no preposition of place.
        return bool(PLACE_WORDS.search(sentence) or NAME_ENUMERATION.search(sentence))
    if qtype == "who":
        return bool(NAME_SEQUENCE.search(sentence) or NAME_LIST.search(sentence) or NAMED_AGENT.search(sentence))
    return False


# Bits of a passage's flags: the answer types it carries, whether it leans on the
# sentence before it (`leans_on_previous`), whether it holds a number that counts
# nothing as NOT_COUNTS finds them (where none is, the sentence without them is the
# sentence: its index terms are the forward index's), and whether it gives a cause
# (CAUSE_WORDS), not only a purpose.
TYPE_FLAGS: dict[str, int] = {"count": 1, "when": 2, "why": 4, "speech": 8, "where": 16, "who": 32}
LEANS_FLAG = 64
NOT_COUNTS_FLAG = 128
CAUSE_FLAG = 256
# The sentence names a month or a year as a period ("pada 2024", "Maret 2025"), not only as
# part of a day ("Senin (3/3/2025)", "3 Maret 2025"): news dates each statement to the day it
# was made, which says when it was said, not which period the figures in it are of.
PERIOD_FLAG = 512
# Every number of the sentence is a share ("naik 14 persen", "50,07 persen suara sah",
# "25 basis poin"): it says by what part something changed or stands, not how many there
# are, so it does not answer "how many visitors".
SHARES_FLAG = 1024
# The sentence holds one of Indonesian's negators (NEGATORS): it may deny. News reports what
# did not happen ("Prabowo tidak menghadiri peluncuran", "MKMK tidak berwenang membatalkan
# putusan") only with a negator, so of the sentences that match a yes/no question equally
# well, the one that denies answers it, where the others tell of something else. The mark is
# only the negator, and the fitted weight says how much it is worth; a negator that opens
# one of the idioms in which it denies nothing (NOT_DENYING) does not count.
DENIAL_FLAG = 2048
NEGATORS = frozenset({"tidak", "tak", "belum", "bukan"})
# Words after which a negator denies nothing, in litotes and fixed phrases: "tak hanya" (not
# only), "tak lama kemudian" (soon after), "tidak sedikit" (many), "tak jarang" (often),
# "tidak kurang dari" (as many as), "tak lain" (none other than), "tidak heran" (no wonder),
# "tak ayal" (inevitably), "bukan tidak mungkin" (may well).
NOT_DENYING = ("hanya", "cuma", "saja", "lama", "sedikit", "jarang", "kurang", "lain", "heran", "ayal", "tidak")
DENIAL = re.compile(rf"(?<!bukan )\b(?:{'|'.join(sorted(NEGATORS))})\b(?! (?:{'|'.join(NOT_DENYING)})\b)")
# A number is read from its first digit: read from each digit of a long number, the share's
# word looked for after it took time quadratic in the number's length.
SHARES = re.compile(
    r"((?<!\d)\d+(?:[.,]\d+)?|\b(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|puluhan))"
    r"\s*(?:persen\b|%|basis poin\b|poin persentase\b)"
)


def shares_only(without_labels: str) -> bool:
    """Whether the numbers of a sentence (`normalize`d, NOT_COUNTS taken out) are all shares."""
    return SHARES.search(without_labels) is not None and not NUMBER_WORDS.search(SHARES.sub(" ", without_labels))


# Dates of a day, numeric or with the month's name; what is left names periods.
DAY_DATES = re.compile(
    rf"\b\d{{1,2}}/\d{{1,2}}(/\d{{2,4}})?\b|\b\d{{1,2}}(-\d{{1,2}})? ({'|'.join(MONTHS_ID)})( (19|20)\d\d)?\b"
)
PERIODS = re.compile(rf"\b({'|'.join(MONTHS_ID)}|(19|20)\d\d)\b")


def denies(lowered: str) -> bool:
    """Whether a sentence (`normalize`d) holds a negator that may deny."""
    return DENIAL.search(lowered) is not None


def names_a_period(lowered: str) -> bool:
    """Whether a sentence (`normalize`d) names a month or a year other than as part of a day."""
    return PERIODS.search(DAY_DATES.sub(" ", lowered)) is not None


def _alternatives(pattern: re.Pattern[str], number: int = 0) -> tuple[frozenset[str], frozenset[str]]:
    """The words of the pattern's `number`-th word alternation ("\\b(karena|sebab|…)\\b"):
    those that are one run of word characters, and the first run of the others
    ("gara-gara", "antara lain")."""
    words = re.findall(r"\\b\(([\w |-]+)\)", pattern.pattern)[number].split("|")
    single = frozenset(w for w in words if re.fullmatch(r"\w+", w))
    first = frozenset(re.match(r"\w+", w).group() for w in words if w not in single)  # type: ignore[union-attr]
    return single, first


def _holds(runs: set[str], words: tuple[frozenset[str], frozenset[str]], pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern`'s word alternation \\b(…)\\b matches `text` (whose runs of word
    characters are `runs`): a word that is one run matches exactly where it is a whole
    run; a longer one ("gara-gara") is searched for where its first run occurs."""
    single, first = words
    return not single.isdisjoint(runs) or (not first.isdisjoint(runs) and pattern.search(text) is not None)


# The index stores each passage's markers, so any change to how they are read (a
# pattern, the code that combines them, or what they are read with: the openings that
# lean on the sentence before, the month names, normalisation) must rebuild it: the
# manifest records this fingerprint of those modules' source beside the analyzer's version.
MARKERS_VERSION = f"{zlib.crc32(b''.join(Path(m.__file__ or '').read_bytes() for m in _READ_WITH)):08x}"

_RUN = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = _alternatives(NUMBER_WORDS)
_TIME_WORDS = _alternatives(TIME_WORDS)
_TIME_DIGITS = re.compile(r"\d{1,2}/\d{1,2}|\b(19|20)\d\d\b")  # TIME_WORDS' other alternatives
_REASON_WORDS = _alternatives(REASON_WORDS)
_CAUSE_WORDS = _alternatives(CAUSE_WORDS)
_SPEECH_VERBS = _alternatives(SPEECH_VERBS)
_MONTH_WORDS = frozenset(MONTHS_ID)
_PLACE_BEFORE = _alternatives(PLACE_WORDS)[0]  # "di|ke|dari" before a capitalised word
_PLACE_WORDS = _alternatives(PLACE_WORDS, 1)
_NAME_LIST_WORDS = _alternatives(NAME_LIST)
_AGENT_WORDS = _alternatives(NAMED_AGENT)[0] | frozenset(
    re.findall(r"\(([a-z|]+)\)\\b", NAMED_AGENT.pattern)[-1].split("|")
)


def text_flags(sentence: str) -> int:
    """The flags of a passage: for each answer type, whether `carries_answer_type` holds;
    whether it leans on the previous sentence; whether it holds a date, a time or a number
    label; whether it gives a cause, names a period, counts only shares, or may deny.

    The same patterns, their word alternations read from the sentence's runs of word
    characters (this runs on every sentence of the corpus at build time);
    `text_flags_by_definition` is the definition, and tests hold them equal.
    """
    flags = LEANS_FLAG if leans_on_previous(sentence) else 0
    lowered = normalize(sentence)
    low_runs = set(_RUN.findall(lowered))
    runs = set(_RUN.findall(sentence))
    digits = _DIGIT.search(lowered) is not None  # dates, times and numerals need one
    if digits and NOT_COUNTS.search(sentence):
        flags |= NOT_COUNTS_FLAG
    if not NEGATORS.isdisjoint(low_runs) and denies(lowered):
        flags |= DENIAL_FLAG
    # A period needs a year's digits or a month's name: most sentences are spared the regex.
    if (digits or not _MONTH_WORDS.isdisjoint(low_runs)) and names_a_period(lowered):
        flags |= PERIOD_FLAG
    if digits:
        without = NOT_COUNTS.sub(" ", lowered)
        count = _DIGIT.search(without) is not None or _holds(
            set(_RUN.findall(without)), _NUMBER_WORDS, NUMBER_WORDS, without
        )
    else:
        count = _holds(low_runs, _NUMBER_WORDS, NUMBER_WORDS, lowered)
    if count:
        flags |= TYPE_FLAGS["count"]
        if shares_only(without if digits else lowered):
            flags |= SHARES_FLAG
    timed, time_runs = lowered, low_runs
    if DURATIONS.search(lowered):
        timed = DURATIONS.sub(" ", lowered)
        time_runs = set(_RUN.findall(timed))
    if _holds(time_runs, _TIME_WORDS, TIME_WORDS, timed) or (digits and _TIME_DIGITS.search(timed)):
        flags |= TYPE_FLAGS["when"]
    if _holds(low_runs, _REASON_WORDS, REASON_WORDS, lowered):
        flags |= TYPE_FLAGS["why"]
        if _holds(low_runs, _CAUSE_WORDS, CAUSE_WORDS, lowered):
            flags |= CAUSE_FLAG
    if _holds(low_runs, _SPEECH_VERBS, SPEECH_VERBS, lowered) or '"' in sentence or "“" in sentence:
        flags |= TYPE_FLAGS["speech"]
    if (
        _holds(runs, _PLACE_WORDS, PLACE_WORDS, sentence)
        or (not _PLACE_BEFORE.isdisjoint(runs) and PLACE_WORDS.search(sentence))
        or (", " in sentence and NAME_ENUMERATION.search(sentence))
    ):
        flags |= TYPE_FLAGS["where"]
    if (
        NAME_SEQUENCE.search(sentence)
        or _holds(runs, _NAME_LIST_WORDS, NAME_LIST, sentence)
        or (", " in sentence and NAME_LIST.search(sentence))
        or (not _AGENT_WORDS.isdisjoint(runs) and NAMED_AGENT.search(sentence))
    ):
        flags |= TYPE_FLAGS["who"]
    return flags


def text_flags_by_definition(sentence: str) -> int:
    """`text_flags` as defined: each type's `carries_answer_type`, one by one."""
    flags = LEANS_FLAG if leans_on_previous(sentence) else 0
    if NOT_COUNTS.search(sentence):
        flags |= NOT_COUNTS_FLAG
    if CAUSE_WORDS.search(normalize(sentence)):
        flags |= CAUSE_FLAG
    if names_a_period(normalize(sentence)):
        flags |= PERIOD_FLAG
    if denies(normalize(sentence)):
        flags |= DENIAL_FLAG
    if carries_answer_type("count", sentence) and shares_only(NOT_COUNTS.sub(" ", normalize(sentence))):
        flags |= SHARES_FLAG
    for qtype, bit in TYPE_FLAGS.items():
        if carries_answer_type(qtype, sentence):
            flags |= bit
    return flags
