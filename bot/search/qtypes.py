"""Question types: what kind of answer a question wants, and whether a sentence carries it.

"When" wants a date, "why" a reason, "how many" a number, "who" a person, "what did X
say" reported speech. The cues and markers are closed classes of each language (question
words, reporting verbs, causal connectives, numerals), not words of any one article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.search.question import AnalyzedQuestion
from bot.text.markers import NOT_COUNTS as NOT_COUNTS
from bot.text.markers import NUMBER_WORDS, TIME_WORDS
from bot.text.markers import carries_answer_type as carries_answer_type
from bot.text.normalize import normalize, tokens_of
from bot.text.wordlists import MONTH_NUMBER

ENGLISH_REPORTING = (
    "say|says|said|tell|tells|told|ask|asked|assure|assured|call|called|complain|complained|promise|promised|"
    "warn|warned|stress|stressed|emphasi[sz]e|emphasi[sz]ed|insist|insisted|claim|claimed|announce|announced|"
    "urge|urged|explain|explained|reveal|revealed|admit|admitted|deny|denied|argue|argued|respond|responded|"
    "reply|replied|describe|described|mention|mentioned|note|noted|think|thought|suggest|suggested|"
    "propose|proposed|pledge|pledged|comment|commented|write|wrote|state|stated|add|added"
)

# English asks "when/where" with the auxiliary inverted ("when did …", "where will …");
# without it the word starts a clause ("… when he met Biden", "the city where …").
AUXILIARIES = "did|does|do|is|are|was|were|will|would|has|have|had|can|could|should|must"
INVERTED = rf"({AUXILIARIES}|exactly)\b"
# An indirect question keeps the word order of a statement: "do you know when the toll road
# opens", "tell me where the dam broke".
INDIRECT = r"\b(?:know|tell (?:me|us)|idea|wonder|ask|find out|explain) "
# A question that opens with such a clause ("When Prabowo visited the White House, what did
# he say …?") asks what its other cue asks; alone, as people type ("where prabowo go
# next"), the opening word is the question word.
CLAUSE_OPENERS = {"when": re.compile(r"^when\b"), "where": re.compile(r"^where\b")}

# A measure asked by name: "at what age", "what percentage", "what is the new benchmark
# interest rate" (the measure may stand after a few words naming it, never after a
# preposition or a verb: "the reason for the price rise" asks why).
NAMED_MEASURE = re.compile(
    r"\bwhat (?P<short>age|percentage|percent|rate|price|level|amount|number|share|cost|salary|tariff|threshold)\b"
    r"|\bwhat(?:'s| is| was| are| were) (the )?((?!(?:of|for|about|on|in|to|with|behind|by|that|doing)\b)\S+ ){0,5}"
    r"(?P<named>length|number|amount|size|rate|percentage|price|level|cost|value|total|threshold|tariff|budget|"
    r"salary|wage|fine|fee|loss|damage|revenue|profit|debt|deficit|surplus|toll|turnout|population)(?:s|es)?\b"
)
# A change asked by where it ended: "what did the bank cut its rate to", "what did BPS put
# inflation at" ask for the new value.
CHANGED_MEASURE = re.compile(
    rf"\bwhat (did|does|do|has|have|had|will|would) (?:(?!\b(?:{ENGLISH_REPORTING})\b).)+ "
    r"(?P<changed>rate|price|level|target|tariff|threshold|limit|inflation|growth|budget|salary|wage|fine|fee|toll)s? "
    r"(to|at)(?= (in|on|last|this)\b|$)"
)

QUESTION_TYPES: dict[str, tuple[str, ...]] = {
    # type: patterns over the normalised question. The cue that comes first in the
    # question decides; on the same position the type listed first wins, so "which city"
    # is "where" before "which" is "who".
    "count": (
        r"\bhow (many|much|long|far|old|fast|big|large|high|tall|deep|often)\b",
        r"\bberapa\b",
        r"\bbrp\b",
        r"\bbrapa\b",
        NAMED_MEASURE.pattern,
        CHANGED_MEASURE.pattern,
    ),
    "when": (
        rf"\bwhen('s\b| (?={INVERTED}))|\bwhen$|{INDIRECT}when\b",
        r"\bkapan\b",
        r"\bwhat (time|date|day|year|month)\b",
        r"\bjam berapa\b",
        r"\bpukul berapa\b",
        r"\btanggal berapa\b",
    ),
    "where": (
        rf"\bwhere('s\b| (?={INVERTED}))|\bwhere$|{INDIRECT}where\b",
        r"\bdi ?mana\b",
        r"\bke ?mana\b",
        r"\bdari ?mana\b",
        r"\b(which|what) (city|cities|country|countries|place|province|port|island|region|district|town|village|"
        r"airport|state)\b",
        r"\b(provinsi|negara|kota|kabupaten|daerah|wilayah|pulau|sungai|pelabuhan|bandara) (mana|apa)\b",
    ),
    # "Which X": a named one of its kind, as "lembaga apa", "partai mana" ask in Indonesian.
    "who": (
        r"\bwho(m|se)?\b",
        r"\bsiapa\b",
        r"\bwhich\b",
        r"\b(lembaga|partai|kementerian|instansi|badan|perusahaan|organisasi|pengadilan|tokoh|pejabat) (mana|apa)\b",
    ),
    "why": (
        r"\bwhy\b",
        r"\bmengapa\b",
        r"\bkenapa\b",
        r"\bknp\b",
        r"\bapa (alasan|penyebab|sebab)\b",
        r"\bpenyebab\b",
        # "What" with a verb of causing asks for the cause.
        r"\bwhat's behind\b",
        # "What reason/excuse did the company give": the reason is what is asked.
        r"\bwhat (reasons?|excuses?|justifications?|grounds)\b",
        # "What made the boat go down": a cause made it happen.
        r"\bwhat made\b(?! (?:of|up)\b)",
        r"\bwhat (caused|causes|is the reason|was the reason|drove|drives|led to|leads to|triggered|prompted|"
        r"sparked|fuelled|fueled|held up|delayed|is behind|was behind)\b",
    ),
    # "What did X <reporting verb>": English reporting verbs as a class (say, tell, warn,
    # stress, …), not one question's verb; Indonesian "apa kata X", "X bilang/ngomong apa".
    "speech": (
        rf"\bwhat (did|does|do|has|have|had|was|were) .+ ({ENGLISH_REPORTING})\b",
        r"\bapa (kata|ujar|pesan|yang (dikatakan|disampaikan|diucapkan|ditegaskan|dijelaskan))\b",
        r"\b(bilang|kata|ngomong|omong|ucap) apa\b",
    ),
}


# Each type's patterns as one: a search finds the leftmost position where any of them
# matches, the first match of the pattern that matches first.
_TYPE_CUES = {qtype: re.compile("|".join(f"(?:{p})" for p in patterns)) for qtype, patterns in QUESTION_TYPES.items()}


def question_type(question: AnalyzedQuestion) -> str | None:
    """The type whose cue comes first: "what did X complain about when …" asks for what
    was said, not when; on the same position the more specific type wins."""
    # Read both as asked and after chat forms were rewritten: "bilang apa" is a speech
    # question before it becomes "mengatakan apa", "knp" a why question after.
    found: list[tuple[int, int, str]] = []
    for text in (" ".join(question.tokens), " ".join(tokens_of(normalize(question.text)))):
        for order, (qtype, cue) in enumerate(_TYPE_CUES.items()):
            if match := cue.search(text):
                found.append((match.start(), order, qtype))
    if found:
        return min(found)[2]
    text = " ".join(question.tokens)
    return next((qtype for qtype, opener in CLAUSE_OPENERS.items() if opener.search(text)), None)


COUNT_OPENERS = re.compile(r"\b(how many|how much|berapa|brp|brapa)\b")
# "How many", "the number of", "berapa banyak/orang/kali", "jumlah" ask how many things
# there are, which a share ("naik 14 persen") does not say; "how much" and a bare "berapa"
# also ask rates and changes ("how much did prices rise"), as does a question naming a
# share or a change ("kenaikan jumlah wisatawan" is as often given in percent).
THINGS_COUNTED = re.compile(r"\bhow many\b|\bthe number of\b|\bberapa (banyak|orang|kali)\b|\bjumlah\b")
SHARE_ASKED = re.compile(
    r"\b(persen|percent|percentages?|rates?|shares?|proporsi|tingkat|porsi)\b|%"
    r"|\b(naik|kenaikan|menaikkan|turun|penurunan|menurunkan|tumbuh|pertumbuhan|bertambah|berkurang|"
    r"rise|rose|fall|fell|increase|decrease|grow|grew|growth|more|fewer)\b"
)


# A yes/no question inverts the auxiliary ("Did Prabowo attend …?", "Didn't the court …?",
# "So can the council cancel …?"), or asks with "apakah" or one of the words in "-kah" that
# ask whether ("Benarkah …?", "Prabowo, apakah …?"); these are a closed list. One that ends on
# a chat tag ("… datang gak?") was measured apart: its denials earned nothing. "Is it A or
# B?" asks which of the two.
YES_NO = re.compile(
    r"^(?:(?:so|and|but|then|well|jadi|lalu|terus|trus) )?"
    rf"(?:(?:{AUXILIARIES})(?:n't)?|(?:ca|wo)n't)\b"
    r"|\b(apakah|adakah|benarkah|betulkah|sudahkah|bisakah|dapatkah|haruskah|akankah|mungkinkah|perlukah|"
    r"bolehkah|pernahkah|masihkah|bukankah|tidakkah)\b"
)
ALTERNATIVES = re.compile(r"\b(or|atau)\b")


def asks_yes_or_no(question: AnalyzedQuestion) -> bool:
    """Whether a question has the form of a yes/no question. One that also asks for a type
    ("Do you know when …?") asks for that (`view_question` reads the type first)."""
    text = " ".join(tokens_of(normalize(question.text)))  # as asked: "didn't" is still there
    return YES_NO.search(text) is not None and ALTERNATIVES.search(text) is None


def counts_things(question: AnalyzedQuestion) -> bool:
    """Whether a count question asks how many things there are, not a share of them."""
    text = " ".join(question.tokens)
    return THINGS_COUNTED.search(text) is not None and SHARE_ASKED.search(text) is None


# "How long/far/much" count in units the question does not name.
MEASURES = {
    "long": "detik menit jam hari pekan minggu bulan tahun dekade abad kilometer km meter",
    "lama": "detik menit jam hari pekan minggu bulan tahun dekade abad",
    "far": "kilometer km meter mil",
    "jauh": "kilometer km meter mil",
    "much": "rp rupiah dolar euro yuan persen juta miliar triliun ribu ton",
    "old": "tahun",
    "tinggi": "meter cm kilometer",
    "high": "meter cm kilometer",
}


def counted_terms(question: AnalyzedQuestion) -> set[str]:
    """Terms of the thing being counted: the words right after "how many"/"berapa"
    ("how many months", "berapa tahanan"), or the units of a measure ("how long" →
    hari, bulan, tahun …). Chat Indonesian also asks with the thing first and "berapa"
    after it ("harganya berapa", "di level berapa saat …", "pinjaman berapa untuk …"):
    see `_counted_before`."""
    tokens = question.tokens
    text = " ".join(tokens)
    match = COUNT_OPENERS.search(text) or re.search(r"\bhow (long|far|old|high)\b", text)
    if not match:
        return _measure_named(question, text)
    following = text[match.end() :].split()[:2]
    if not match.group().startswith("how "):
        at = len(text[: match.start()].split())  # the token "berapa" is
        if at and tokens[at - 1] not in question.names and _counted_before(tokens, at, following):
            following = [tokens[at - 1]]
    measure = match.group().split()[-1] if match.group().startswith("how ") else (following or [""])[0]
    # "How far above the limit", "how much quicker": a difference, counted in the units of
    # what is compared; no thing or measure is named.
    if measure in ("much", "far") and following and following[0] in COMPARED:
        return set()
    # Single words only: a phrase ("awak kapal") split into words would count "2.000 kapal".
    counted = {
        terms[0]
        for group in question.groups
        if group.source in following
        for _, terms in group.alternatives
        if len(terms) == 1
    }
    return counted | set(MEASURES.get(measure, "").split())


# Nouns that name no measure of their own: "the number/total/amount of X" counts X, and
# "the value/level/size of" may be of anything.
GENERIC_MEASURES = frozenset({"number", "amount", "total", "value", "level", "size", "length"})


def _measure_named(question: AnalyzedQuestion, text: str) -> set[str]:
    """For a measure asked by name ("what is the new benchmark interest rate", "what did
    the bank cut its rate to"): the terms of the words naming it, which news writes right
    before the value ("suku bunga acuan 6 persen", "denda hingga Rp 5 miliar"), so that a
    sentence never naming them counts something else (`counted_unmet`). Only what surely
    names it: the word's first sense ("fine" is denda, not "baik"), and of a phrase only
    its own words ("bunga" of "suku bunga"), not an abbreviation ("UMP" for "upah
    minimum", which news also writes out). Not its units: any sum of money stands next to
    "Rp", whatever it is the sum of."""
    found = NAMED_MEASURE.search(text) or CHANGED_MEASURE.search(text)
    if not found:
        return set()
    measure = next(word for word in found.groupdict().values() if word)
    if measure in GENERIC_MEASURES:
        return set()
    counted: set[str] = set()
    for group in question.groups:
        if not any(re.fullmatch(rf"{measure}(?:e?s)?", word) for word in group.source.split()):
            continue
        phrases = {term for _, terms in group.alternatives if len(terms) > 1 for term in terms}
        first = max(weight for weight, _ in group.alternatives)
        for weight, terms in group.alternatives:
            if len(terms) == 1 and (terms[0] in phrases if phrases else weight == first):
                counted.add(terms[0])
    return counted


def _counted_before(tokens: Sequence[str], at: int, following: Sequence[str]) -> bool:
    """Whether the word before "berapa" (at `at`) is what it counts: where a clause or
    preposition follows ("pinjaman berapa untuk …"), or where "berapa" ends the question
    and the word is a noun marked as the topic ("harganya berapa") or stands after a
    preposition ("di level berapa"). A unit after it ("berapa persen") is what it
    counts; a "brp" ending a longer question ("skor final Raka lawan pemain Denmark
    brp?") asks about the whole of it, whose last word is no more the thing counted than
    any other; nor is a place or person named before it ("korban banjir di Demak
    berapa?"), which the caller leaves out."""
    rest = [word for word in following if word not in PARTICLES]
    if rest:
        return rest[0] in AFTER_BERAPA
    return tokens[at - 1].endswith("nya") or (at >= 2 and tokens[at - 2] in PREPOSITIONS)


PREPOSITIONS = frozenset("di ke dari pada dalam untuk buat bagi".split())
PARTICLES = frozenset("sih ya dong kah deh nih aja saja".split())


# Words that end the noun phrase "berapa" opens: prepositions and clause openers
# ("berapa untuk proyek …", "berapa saat …").
AFTER_BERAPA = PREPOSITIONS | frozenset(
    "sejak selama saat ketika sewaktu kalau jika yang dengan kepada sama oleh".split()
)


# What follows "how much/far" in a question about a difference.
COMPARED = frozenset(
    "above below ahead behind beyond short more less fewer further farther higher lower bigger smaller larger "
    "greater faster slower quicker cheaper dearer longer shorter better worse earlier later stronger weaker "
    "richer poorer heavier lighter wider narrower deeper".split()
)


def counts_the_thing(sentence_terms: Sequence[str], counted: set[str]) -> bool:
    """A number stands within two words of one of the counted terms, on either side:
    Indonesian writes a count's number before the thing counted ("301 orang") and a
    measure's value after the noun measured ("anggaran per porsi Rp 10.000", "suku
    bunga 6 persen"), and the question does not say which it asks."""
    for position, term in enumerate(sentence_terms):
        if term in counted and any(NUMBER_WORDS.search(t) for t in sentence_terms[max(0, position - 2) : position + 3]):
            return True
    return False


# Words that tie a date to an event: "until what date" is answered by "hingga 21 Oktober".
TIME_RELATIONS = frozenset("hingga sampai sejak setelah sebelum mulai".split())


def dates_the_relation(sentence_terms: Sequence[str], relations: set[str]) -> bool:
    """A relation word the question uses stands right before a date in the sentence."""
    for position, term in enumerate(sentence_terms[:-1]):
        following = sentence_terms[position + 1]
        if term in relations and (
            following[:1].isdigit() or following in MONTH_NUMBER or TIME_WORDS.fullmatch(following)
        ):
            return True
    return False


CUE_WORDS = {
    "why": frozenset("penyebab sebab alasan tujuan reason reasons cause caused causes purpose motive".split()),
    "count": frozenset("jumlah total banyak number amount many much".split()),
    "when": frozenset("tanggal waktu hari jam pukul date time day".split()),
    "where": frozenset("lokasi tempat location place".split()),
    "who": frozenset("orang nama person people name".split()),
    # The question's reporting verb stands for the class ("tell" is answered by "menjelaskan
    # kepada"): the type check reads the class, the words need not match.
    "speech": frozenset(
        v for word in ENGLISH_REPORTING.split("|") for v in (word.replace("[sz]", "s"), word.replace("[sz]", "z"))
    )
    | frozenset("kata bilang ngomong omong ucap ujar tutur mengatakan menyampaikan dikatakan disampaikan".split()),
}

# Types whose answer is checkable on the surface: "how many" needs a number, "when" a
# date or time, "why" a reason ("karena", "untuk", "dipicu", …), "who/which" a person or a
# list of names (a full name, a title and a name, a name as speaker or doer); a sentence
# without one does not answer, however many words it shares. Places are not checkable
# so: a capitalised word may be a place, a person, or neither.
CHECKABLE_TYPES = frozenset({"count", "when", "why", "who"})

# "Where/when did X meet Y" is answered by the names and a place or date alone; other
# questions ask about a role, a reason, a quantity or words said, which the sentence
# must share with the question beyond its names.
CIRCUMSTANCE_TYPES = frozenset({"where", "when"})


def speaker_named(sentence: str, sentence_terms: set[str], name_groups: Sequence) -> bool:
    """The sentence reports speech and names one of the question's people: in news
    writing the speaker stands beside the reporting verb in every form ("…," kata X;
    menurut X; X mengatakan), so a quote with the asked-about name is that person's."""
    if not name_groups or not carries_answer_type("speech", sentence):
        return False
    return any(all(t in sentence_terms for t in terms) for g in name_groups for _, terms in g.alternatives)
