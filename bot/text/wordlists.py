"""Closed word classes of Indonesian and English that several layers need, kept once.

Each list is a grammatical class (months, question words, numerals, reporting verbs),
not vocabulary picked from any article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MONTHS_ID = ("januari februari maret april mei juni juli agustus september oktober november desember").split()
MONTHS_EN = ("january february march april may june july august september october november december").split()
MONTH_NUMBER = {name: number for names in (MONTHS_ID, MONTHS_EN) for number, name in enumerate(names, 1)}
MONTH_NUMBER.update({name[:3]: number for number, name in enumerate(MONTHS_EN, 1)})
MONTH_NUMBER.update({"agu": 8, "okt": 10, "des": 12, "sept": 9})

# Words before a year or month that make it a date: "in 2024", "tahun 2024", "pada Maret".
DATE_MARKERS = frozenset(
    "in on during since until by from of early late mid tahun thn th pada pas sejak hingga sampai awal akhir "
    "pertengahan bulan".split()
)
# Month names that are also everyday words ("may", "march", "mar", "jun") name a month only
# next to a number or after a word that marks a date: "May 2024", "5 May", "in March".
AMBIGUOUS_MONTHS = frozenset(m for m in MONTH_NUMBER if len(m) <= 3 and m != "mei") | {"march"}


def names_a_month(tokens: Sequence[str], position: int) -> bool:
    """Whether the token at `position` names a month (not "may" the modal, not "marched",
    not "workers march")."""
    token = tokens[position]
    if token not in MONTH_NUMBER:
        return False
    if token not in AMBIGUOUS_MONTHS:
        return True
    around = [*tokens[max(0, position - 1) : position], *tokens[position + 1 : position + 2]]
    return any(t[:1].isdigit() for t in around) or (position > 0 and tokens[position - 1] in DATE_MARKERS)


QUESTION_WORDS = {
    "en": frozenset("what who whom whose when where why how which".split()),
    "id": frozenset("apa apakah siapa kapan mana dimana mengapa kenapa bagaimana berapa manakah".split()),
}

# Word forms that attach to names and carry no meaning of their own.
NAME_PARTICLES = frozenset("al el ad as ash bin ibn abu".split())

# Numerals and quantity words: what follows "se-" as a measure, what a count states.
QUANTITY_WORDS = frozenset(
    "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas seratus seribu sejuta "
    "puluhan ratusan ribuan jutaan setengah separuh".split()
)

# Indonesian reporting verbs and attributions, as news writing puts them after a quote
# ("…," kata X) or before it (menurut X, X mengatakan).
SPEECH_MARKERS = re.compile(r"\b(kata|ujar|ucap|tutur|ungkap|jelas|tegas|demikian|menurut)\w*\b", re.IGNORECASE)
