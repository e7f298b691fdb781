"""Re-ranking BM25's candidates: what kind of answer the question wants, and when.

BM25 finds sentences that share the question's words; it cannot tell that "when"
wants a date or "why" a reason, nor that "in 2023" rules out a 2025 article about the
same leaders. This layer multiplies each candidate's BM25 score by factors for those
signals, drops candidates that cannot answer (no number for "how many", no name for
"who", too little of the question), and so decides when nothing answers at all. The
factors are modest (tens of percent): they reorder near-ties among sentences BM25
already found, they never lift a sentence that shares little with the question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.analysis import MONTH_NUMBER, MONTHS_ID, AnalyzedQuestion, index_terms, leans_on_previous, normalize

# ---- question types ----------------------------------------------------------------

QUESTION_TYPES: dict[str, tuple[str, ...]] = {
    # type: patterns over the normalised question. The cue that comes first in the
    # question decides; on the same position the type listed first wins, so "which city"
    # is "where" before "which" is "who".
    "count": (r"\bhow (many|much|long|far|old)\b", r"\bberapa\b", r"\bbrp\b", r"\bbrapa\b",
              r"\bwithin how\b", r"\bwhat (is|was) the (length|number|amount|size|rate|price)\b",
              r"\bwhat .*\b(rate|percentage|price)\b"),
    "when": (r"\bwhen\b", r"\bkapan\b", r"\bwhat (time|date|day|year|month)\b", r"\buntil what date\b",
             r"\bjam berapa\b", r"\bpukul berapa\b", r"\btanggal berapa\b"),
    "where": (r"\bwhere\b", r"\bdi ?mana\b", r"\bke ?mana\b", r"\bdari ?mana\b", r"\bwhich (city|country|countries|place|province)\b",
              r"\bprovinsi (mana|apa)\b", r"\bnegara (mana|apa)\b", r"\bkota (mana|apa)\b"),
    "who": (r"\bwho(m|se)?\b", r"\bsiapa\b", r"\bwhich\b"),
    "why": (r"\bwhy\b", r"\bmengapa\b", r"\bkenapa\b", r"\bknp\b", r"\bapa (alasan|penyebab|sebab)\b",
            r"\bpenyebab\b", r"\bwhat (caused|is the reason|was the reason)\b"),
    "speech": (r"\bwhat did .+ (tell|say|said|ask|told|assure|call|complain|promise|warn)\b",
               r"\bapa (kata|yang (dikatakan|disampaikan))\b", r"\b(bilang|kata|ngomong) apa\b",
               r"\bwhat did .+ think\b"),
}

SPEECH_VERBS = re.compile(
    r"\b(mengatakan|menyampaikan|menegaskan|menjelaskan|menyatakan|menyebut|menilai|mengungkapkan|"
    r"menambahkan|menuturkan|memastikan|meminta|mendesak|memperingatkan|menjanjikan|berkata|"
    r"kata|ujar|ucap|tutur|jelas|tegas|menurut|demikian pernyataan|mengeluhkan|memprotes)\b"
)
REASON_WORDS = re.compile(
    r"\b(karena|sebab|disebabkan|akibat|lantaran|dipicu|untuk|agar|supaya|guna|demi|alasan|"
    r"penyebab|bertujuan|upaya|terlambat|mendorong)\b"
)
NUMBER_WORDS = re.compile(
    r"\d|\b(satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|"
    r"puluh|puluhan|ratus|ratusan|ribu|ribuan|juta|miliar|triliun|persen|separuh|setengah)\b"
)
# Dates, years and clock times hold digits but answer "when", not "how many".
DATES_AND_TIMES = re.compile(r"\d{1,2}/\d{1,2}(/\d{2,4})?|\b(19|20)\d\d\b|\bpukul \d{1,2}[.:]\d\d\b")
DAYS = r"senin|selasa|rabu|kamis|jumat|sabtu|minggu"
TIME_WORDS = re.compile(
    rf"\b({DAYS}|{'|'.join(MONTHS_ID)}|pukul|kemarin|lalu|pekan|"
    r"tahun|hari|tanggal|sejak|hingga|sampai|pagi|siang|sore|malam)\b|\d{1,2}/\d{1,2}|\b(19|20)\d\d\b"
)
PLACE_WORDS = re.compile(r"\b(di|ke|dari) [A-Z][\w-]+|\b(kota|provinsi|kabupaten|negara|wilayah|kawasan|istana)\b")
# Enumerations of names answer "which": "Australia, Bahrain, Kanada, dan Belanda", "yakni …".
NAME_LIST = re.compile(r"\b(yakni|yaitu|antara lain|termasuk)\b|[A-Z][\w-]+, [A-Z][\w-]+,? (dan|and) [A-Z]")
NAME_SEQUENCE = re.compile(r"(?<![.!?\"] )(?<!^)\b[A-Z][a-z]+(?: [A-Z][a-z]+)+")
# A single name where the grammar says it is a person: the doer or speaker.
NAMED_AGENT = re.compile(
    r"\b(kata|ujar|ucap|tutur|oleh|menurut|dipimpin|dijabat)\s+[A-Z][a-z]+"
    r"|^[A-Z][a-z]+ (mengatakan|menyampaikan|menegaskan|menjelaskan|menelepon|membacakan|memimpin|menyebut)\b"
)

# How much a candidate gains when it carries the kind of answer asked for (twice that
# when a number stands right before the thing counted).
TYPE_BONUS = 0.5
# Gained when the article or the sentence is dated in the year/month the question names;
# lost when the article is dated in another year and the sentence names no year asked for.
DATE_BONUS, DATE_PENALTY = 0.25, 0.35
# Share of a question word's weight earned when the word stands only in the sentence's
# neighbours or in its article's title (the sentence continues them).
CONTEXT_SHARE, TITLE_SHARE = 0.35, 0.25
# ... and when the sentence itself points back at its neighbour ("Keputusan tersebut …").
LEANING_SHARE = 0.8
# Share of the better neighbour's BM25 a sentence inherits: it continues that sentence.
CONTEXT_BM25_SHARE = 0.5
# Headlines are short and dense with the story's keywords, so BM25 favours them; they
# restate the topic more often than they answer a question about it.
TITLE_FACTOR = 0.85
# An article's first sentence sums up the whole story (who, what, when, where), so it
# shares words with any question about the story and outscores the sentence that holds
# the detail asked for; on the dev set and on questions of our own it took first place
# from the right sentence more than any other kind. It keeps first place when it
# clearly answers best.
LEAD_FACTOR = 0.7
# Below this share of the question's weight matched (sentence, neighbours and title
# together), nothing answers the question.
MIN_COVERAGE = 0.35
# Weight of a question word the index holds no term for, relative to an average word.
UNKNOWN_SHARE = 0.5


def question_type(question: AnalyzedQuestion) -> str | None:
    """The type whose cue comes first: "what did X complain about when …" asks for what
    was said, not when; on the same position the more specific type wins."""
    text = " ".join(question.tokens)
    found: list[tuple[int, int, str]] = []
    for order, (qtype, patterns) in enumerate(QUESTION_TYPES.items()):
        starts = [m.start() for pattern in patterns if (m := re.search(pattern, text))]
        if starts:
            found.append((min(starts), order, qtype))
    return min(found)[2] if found else None


COUNT_OPENERS = re.compile(r"\b(how many|how much|berapa|brp|brapa)\b")


# "How long/far/much" count in units the question does not name.
MEASURES = {
    "long": "detik menit jam hari pekan minggu bulan tahun dekade abad kilometer km meter",
    "lama": "detik menit jam hari pekan minggu bulan tahun dekade abad",
    "far": "kilometer km meter mil", "jauh": "kilometer km meter mil",
    "much": "rp rupiah dolar euro yuan persen juta miliar triliun ribu ton",
    "old": "tahun", "tinggi": "meter cm kilometer", "high": "meter cm kilometer",
}


def counted_terms(question: AnalyzedQuestion) -> set[str]:
    """Terms of the thing being counted: the words right after "how many"/"berapa"
    ("how many months", "berapa tahanan"), or the units of a measure ("how long" →
    hari, bulan, tahun …). The answer puts a number in front of them."""
    text = " ".join(question.tokens)
    match = COUNT_OPENERS.search(text) or re.search(r"\bhow (long|far|old|high)\b", text)
    if not match:
        return set()
    following = text[match.end():].split()[:2]
    # Single words only: a phrase ("awak kapal") split into words would count "2.000 kapal".
    counted = {terms[0] for group in question.groups if group.source in following
               for _, terms in group.alternatives if len(terms) == 1}
    measure = match.group().split()[-1] if match.group().startswith("how ") else (following or [""])[0]
    counted.update(MEASURES.get(measure, "").split())
    return counted


def counts_the_thing(sentence_terms: Sequence[str], counted: set[str]) -> bool:
    """A number stands right before (within two words of) one of the counted terms."""
    for position, term in enumerate(sentence_terms):
        if term in counted and any(NUMBER_WORDS.search(t) for t in sentence_terms[max(0, position - 2):position]):
            return True
    return False


# Words that tie a date to an event: "until what date" is answered by "hingga 21 Oktober".
TIME_RELATIONS = frozenset("hingga sampai sejak setelah sebelum mulai".split())


def dates_the_relation(sentence_terms: Sequence[str], relations: set[str]) -> bool:
    """A relation word the question uses stands right before a date in the sentence."""
    for position, term in enumerate(sentence_terms[:-1]):
        following = sentence_terms[position + 1]
        if term in relations and (following[:1].isdigit() or following in MONTH_NUMBER or TIME_WORDS.fullmatch(following)):
            return True
    return False


def carries_answer_type(qtype: str | None, sentence: str) -> bool:
    lowered = normalize(sentence)
    if qtype == "count":
        return bool(NUMBER_WORDS.search(DATES_AND_TIMES.sub(" ", lowered)))
    if qtype == "when":
        return bool(TIME_WORDS.search(lowered))
    if qtype == "why":
        return bool(REASON_WORDS.search(lowered))
    if qtype == "speech":
        return bool(SPEECH_VERBS.search(lowered)) or '"' in sentence or "“" in sentence
    if qtype == "where":
        return bool(PLACE_WORDS.search(sentence))
    if qtype == "who":
        return bool(NAME_SEQUENCE.search(sentence) or NAME_LIST.search(sentence) or NAMED_AGENT.search(sentence))
    return False


# ---- dates --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateFilter:
    years: frozenset[int] = frozenset()
    months: frozenset[int] = frozenset()


def question_dates(question: AnalyzedQuestion) -> DateFilter:
    years = {int(t) for t in question.tokens if re.fullmatch(r"(19|20)\d\d", t)}
    months = {MONTH_NUMBER[t] for position, t in enumerate(question.tokens) if _names_a_month(question.tokens, position)}
    return DateFilter(frozenset(years), frozenset(months))


# Month names that are also everyday words ("may", "mar", "jun") name a month only next
# to a number: "May 2024", "5 May".
AMBIGUOUS_MONTHS = frozenset(m for m in MONTH_NUMBER if len(m) <= 3 and m != "mei")


def _names_a_month(tokens: Sequence[str], position: int) -> bool:
    token = tokens[position]
    if token not in MONTH_NUMBER:
        return False
    if token not in AMBIGUOUS_MONTHS:
        return True
    around = tokens[max(0, position - 1) : position] + tokens[position + 1 : position + 2]
    return any(t[:1].isdigit() for t in around)


def date_factor(dates: DateFilter, published: str, sentence_terms: set[str]) -> float:
    if not dates.years and not dates.months:
        return 1.0
    year, month = int(published[:4]), int(published[5:7])
    named_years = {str(y) for y in dates.years}
    if dates.years and (year in dates.years or named_years & sentence_terms):
        factor = 1.0 + DATE_BONUS
        if dates.months and month in dates.months:
            factor += DATE_BONUS / 2
        return factor
    if dates.years:
        return 1.0 - DATE_PENALTY
    return 1.0 + (DATE_BONUS / 2 if month in dates.months else 0.0)


CUE_WORDS = {
    "why": frozenset("penyebab sebab alasan tujuan reason reasons cause caused causes purpose motive".split()),
    "count": frozenset("jumlah total banyak number amount many much".split()),
    "when": frozenset("tanggal waktu hari jam pukul date time day".split()),
    "where": frozenset("lokasi tempat location place".split()),
    "who": frozenset("orang nama person people name".split()),
}
DATE_WORD = re.compile(rf"(19|20)\d\d|{'|'.join(MONTH_NUMBER)}")

# ---- candidates ---------------------------------------------------------------------


@dataclass(slots=True)
class Candidate:
    doc: int
    bm25: float
    text: str
    terms: set[str]
    context_terms: set[str]  # neighbouring sentences in the same paragraph
    title_terms: set[str]
    published: str
    is_title: bool = False
    is_lead: bool = False  # the article's first sentence
    context_bm25: float = 0.0  # BM25 of the better-matching neighbour in the paragraph
    # Names of the question (group sources) standing near the sentence (in it, its
    # neighbours, its article's title or lead), and anywhere in its article.
    names_near: frozenset[str] = frozenset()
    names_in_article: frozenset[str] = frozenset()
    score: float = 0.0
    coverage: float = 0.0
    factors: dict[str, float] = field(default_factory=dict)


def group_weights(question: AnalyzedQuestion, idf: dict[str, float]) -> list[float]:
    """A question word weighs the mean idf of its alternatives (by their weights): a word
    with one rare translation among common ones is not made rare by it."""
    weights = []
    for group in question.groups:
        total = sum(weight for weight, _ in group.alternatives)
        mass = sum(weight * sum(idf.get(t, 0.0) for t in terms) for weight, terms in group.alternatives)
        weights.append(mass / total if total else 0.0)
    return weights


def coverage(
    question: AnalyzedQuestion, weights: Sequence[float], candidate: Candidate, optional: frozenset[str] = frozenset()
) -> float:
    """Share of the question's weight the candidate matches, with its context and title.

    A content word the index cannot match at all still counts against every candidate,
    at part of an average word's weight: the corpus may simply word it differently.
    Groups in `optional` (dates, the question's cue words) count only where matched.
    """
    content = [(g, w) for g, w in zip(question.groups, weights)]
    required = [w for g, w in content if g.source not in optional]
    unknown_weight = UNKNOWN_SHARE * (sum(required) / len(required)) if required else 0.0
    total = sum(required) + unknown_weight * len(question.unknown)
    if total <= 0:
        return 0.0
    earned = 0.0
    for group, weight in content:
        if any(all(t in candidate.terms for t in terms) for _, terms in group.alternatives):
            earned += weight
        elif group.source in optional:
            continue
        elif any(all(t in candidate.context_terms for t in terms) for _, terms in group.alternatives):
            earned += weight * (LEANING_SHARE if leans_on_previous(candidate.text) else CONTEXT_SHARE)
        elif any(all(t in candidate.title_terms for t in terms) for _, terms in group.alternatives):
            earned += weight * TITLE_SHARE
    return min(1.0, earned / total)


# Types whose answer is checkable on the surface: "how many" needs a number, "when" a
# date or time, "why" a reason ("karena", "untuk", "dipicu", …), "who/which" a person or a
# list of names (a full name, a title and a name, a name as speaker or doer); a sentence
# without one does not answer, however many words it shares. Places are not checkable
# so: a capitalised word may be a place, a person, or neither.
CHECKABLE_TYPES = frozenset({"count", "when", "why", "who"})


def lacks_answer_type(qtype: str | None, candidate: Candidate, carries: bool) -> bool:
    return qtype in CHECKABLE_TYPES and not candidate.is_title and not carries


def _type_factor(qtype: str | None, candidate: Candidate, carries: bool, anchors: set[str]) -> float:
    """Bonus for carrying the answer's type; double when the answer is tied to what the
    question asks about (a number before the thing counted, a date after "until")."""
    if candidate.is_title or not carries:
        return 1.0  # headlines are title-cased and terse: their capitals are no names
    if qtype == "count" and anchors and counts_the_thing(index_terms(DATES_AND_TIMES.sub(" ", candidate.text)), anchors):
        return 1.0 + 2 * TYPE_BONUS
    if qtype == "when" and anchors and dates_the_relation(index_terms(candidate.text), anchors):
        return 1.0 + 2 * TYPE_BONUS
    return 1.0 + TYPE_BONUS


# "Where/when did X meet Y" is answered by the names and a place or date alone; other
# questions ask about a role, a reason, a quantity or words said, which the sentence
# must share with the question beyond its names.
CIRCUMSTANCE_TYPES = frozenset({"where", "when"})


def matches_beyond_names(question: AnalyzedQuestion, candidate: Candidate, optional: frozenset[str]) -> bool:
    """The sentence (or what it continues) shares with the question something besides
    its names: one that only mentions the same people says nothing about what was asked."""
    names = {group.source for group in question.name_groups} | optional
    asked = [group for group in question.groups if group.source not in names]
    seen = candidate.terms | candidate.context_terms
    return not asked or any(all(t in seen for t in terms) for group in asked for _, terms in group.alternatives)


def names_met(question: AnalyzedQuestion, candidate: Candidate) -> bool:
    """Every name in the question stands near the sentence: in it, its neighbours, its
    article's title or lead. A question about two people is not answered by a sentence
    about one of them in another story: "what did Putin tell Erdogan" needs Erdogan there.

    A name reached through the lexicon ("British" → Inggris, "Saudi Arabia") need only
    stand somewhere in the article: demonyms and countries are often left unsaid in the
    sentence that answers.
    """
    return all(group.source in (candidate.names_near if group.literal else candidate.names_in_article)
               for group in question.name_groups)


@dataclass(frozen=True, slots=True)
class Features:
    """Parts of the method that can be switched off, to measure what each one earns."""

    lexicon: bool = True  # English words through the bilingual lexicon
    informal: bool = True  # chat forms, colloquial verbs and typos repaired
    types: bool = True  # question types and the answers that carry them
    dates: bool = True  # years and months against article dates
    context: bool = True  # neighbouring sentences and titles
    names: bool = True  # names the corpus lacks, or that never meet, mean not found


def rerank(
    question: AnalyzedQuestion,
    candidates: list[Candidate],
    idf: dict[str, float],
    features: Features = Features(),
) -> list[Candidate]:
    """Candidates that answer, best first; empty when none covers the question enough."""
    weights = group_weights(question, idf)
    qtype = question_type(question) if features.types else None
    dates = question_dates(question) if features.dates else DateFilter()
    if qtype == "count":
        anchors = counted_terms(question)
    else:
        anchors = question.terms & TIME_RELATIONS if qtype == "when" else set()
    # Years and months are weighed by date_factor against the article's date, and cue
    # words ("penyebab", "date") say what kind of answer is wanted: a sentence that
    # answers need not repeat either.
    cues = CUE_WORDS.get(qtype, frozenset())
    optional = frozenset(g.source for g in question.groups if DATE_WORD.fullmatch(g.source) or g.source in cues)
    typed: dict[int, bool] = {}  # candidate doc → whether it carries the answer's type
    for candidate in candidates:
        typed[candidate.doc] = carries = carries_answer_type(qtype, candidate.text)
        candidate.coverage = coverage(question, weights, candidate, optional)
        candidate.factors = {
            "coverage": candidate.coverage,
            "type": _type_factor(qtype, candidate, carries, anchors),
            "date": date_factor(dates, candidate.published, candidate.terms),
        }
        relevance = candidate.bm25 + CONTEXT_BM25_SHARE * candidate.context_bm25
        candidate.score = relevance * math.prod(candidate.factors.values())
        if candidate.is_title:
            candidate.score *= TITLE_FACTOR
        if candidate.is_lead:
            candidate.score *= LEAD_FACTOR
    answering = [
        c for c in candidates
        if c.coverage >= MIN_COVERAGE
        and (qtype in CIRCUMSTANCE_TYPES or matches_beyond_names(question, c, optional))
        and (not features.names or names_met(question, c))
        and not lacks_answer_type(qtype, c, typed[c.doc])
    ]
    return sorted(answering, key=lambda c: (-c.score, c.doc))
