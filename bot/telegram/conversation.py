"""What a conversation needs beyond one message (pure functions and bounded memory):
small talk, follow-up questions, the reply language, and deep-link payloads."""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, Protocol, TypeVar

from bot.telegram.phrases import Lang, language_from_code

SmallTalk = Literal["greeting", "thanks", "who", "help", "more", "ack"]

# Whole messages that are small talk, not questions: a search for "makasih" quotes
# something irrelevant, and "hi" is "not found". Each phrase says its language.
_SMALL_TALK: dict[str, tuple[SmallTalk, Lang]] = {
    **{p: ("greeting", "en") for p in ("hi", "hello", "hey", "good morning", "good evening", "good afternoon")},
    **{
        p: ("greeting", "id")
        for p in ("halo", "hallo", "hai", "hei", "selamat pagi", "selamat siang", "selamat sore", "selamat malam")
    },
    **{p: ("greeting", "id") for p in ("pagi", "siang", "sore", "malam", "assalamualaikum", "permisi")},
    **{p: ("thanks", "en") for p in ("thanks", "thank you", "thx", "ty", "thanks a lot", "cheers")},
    **{p: ("thanks", "id") for p in ("makasih", "terima kasih", "terimakasih", "trims", "tengkyu", "thanks ya")},
    **{p: ("who", "en") for p in ("who are you", "what are you", "what can you do", "what do you do")},
    **{p: ("who", "id") for p in ("siapa kamu", "kamu siapa", "siapa anda", "anda siapa", "kamu bisa apa")},
    **{p: ("help", "en") for p in ("help", "help me", "how does this work", "how do i use this")},
    **{p: ("help", "id") for p in ("bantuan", "tolong", "cara pakai", "bagaimana cara pakai", "gimana caranya")},
    **{p: ("more", "en") for p in ("more", "more answers", "anything else", "what else")},
    **{p: ("more", "id") for p in ("lagi", "lainnya", "jawaban lain", "yang lain", "ada lagi", "apa lagi")},
    **{p: ("ack", "en") for p in ("ok", "okay", "cool", "nice", "great", "good", "got it", "i see")},
    **{p: ("ack", "id") for p in ("oke", "sip", "siap", "baik", "baiklah", "mantap", "oh begitu", "paham")},
}
# Words that may surround small talk without making it a question ("makasih ya bot").
_FILLERS = frozenset(
    "ya yah deh dong sih kak min bot kutipan banget banyak so much very a lot you please pls ok oke "
    "the all again kasih".split()
)
MAX_SMALL_TALK_WORDS = 6


def _folded_words(text: str) -> list[str]:
    """Lower-case words without accents or repeated letters ("Haiii!!" -> ["hai"])."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"(\w)\1{2,}", r"\1", text)
    return re.findall(r"[a-z0-9']+", text)


def small_talk(text: str, bot_username: str | None = None) -> tuple[SmallTalk, Lang] | None:
    """The kind of small talk `text` is, and its language; None for a real question."""
    words = [w for w in _folded_words(text) if w != (bot_username or "").lower()]
    if not words or len(words) > MAX_SMALL_TALK_WORDS:
        return None
    joined = " ".join(words)
    if joined in _SMALL_TALK:
        return _SMALL_TALK[joined]
    for length in range(len(words), 0, -1):  # the longest phrase in the message, fillers around it
        for start in range(len(words) - length + 1):
            phrase = " ".join(words[start : start + length])
            rest = words[:start] + words[start + length :]
            if phrase in _SMALL_TALK and all(w in _FILLERS for w in rest):
                return _SMALL_TALK[phrase]
    return None


# Words that point back at the previous question instead of naming something new.
_REFERRING = frozenset(
    "he she it they him her them his hers its their that this those these there then why "
    "dia ia beliau mereka itu ini tersebut sana situ nya kenapa mengapa lalu terus".split()
)
# How an elliptical question opens: "and Iran?", "what about the US?", "kalau Iran?"
# swap in a name and keep the rest of the question before.
_ELLIPTICAL_OPENINGS = (
    ("and",),
    ("or",),
    ("what", "about"),
    ("how", "about"),
    ("dan",),
    ("atau",),
    ("kalau",),
    ("kalo",),
    ("bagaimana", "dengan"),
    ("gimana", "dengan"),
    ("lalu",),
    ("terus",),
)
# Words a short follow-up may add without asking about anything new ("how many?",
# "what else?", "siapa lagi?"): the analyser keeps some of them as words to search.
_NO_CONTENT = frozenset(
    "about many much else more also too again exactly really so juga lagi saja aja sih dong ya".split()
)
# Up to this many words, a question that points back at nothing may still be a
# follow-up: when it asks about nothing new ("why?", "kapan?", "dan Putin?").
MAX_BARE_FOLLOW_UP_WORDS = 4


class _Group(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def terms(self) -> set[str]: ...


class Reading(Protocol):
    """What `is_follow_up` needs of a question's analysis (`Engine.analyze`): its
    normalised words, the words written as names, the words it searches for (each a
    group of index terms) and those the index cannot match."""

    @property
    def tokens(self) -> tuple[str, ...]: ...
    @property
    def names(self) -> tuple[str, ...]: ...
    @property
    def unknown(self) -> tuple[str, ...]: ...
    @property
    def groups(self) -> Sequence[_Group]: ...


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"\w+", text)]


def _refers(word: str) -> bool:
    return word in _REFERRING or (word.endswith("nya") and len(word) > 5)


def _opening(words: list[str]) -> tuple[str, ...]:
    """The elliptical opening `words` start with ("what about"), or ()."""
    for opening in _ELLIPTICAL_OPENINGS:
        if tuple(words[: len(opening)]) == opening:
            return opening
    return ()


def is_follow_up(text: str, previous: str, analyze: Callable[[str], Reading]) -> bool:
    """Whether `text` continues `previous` ("why did he win?", "kapan itu?", "and
    Iran?") rather than asking something new, read with the engine's `analyze`.

    It names no one `previous` does not (a capitalised first word counts, unless it is
    a question word or a common word: "Prabowo bilang apa?" names Prabowo), except
    in an elliptical question that swaps in a name and adds nothing else ("and
    Iran?"). Then it either points back (a pronoun, "itu", "-nya", "why"), or is short
    and asks about nothing `previous` did not: "Harga beras naik?" is short, but a
    new question.
    """
    words = _words(text)
    if not words:
        return False
    now, before = analyze(text), analyze(previous)
    before_terms = {term for group in before.groups for term in group.terms}
    known = (
        set(_words(previous))
        | set(before.tokens)
        | set(before.names)
        | set(before.unknown)
        | {part for group in before.groups for part in group.source.split()}
        | before_terms
    )
    opening = _opening(words)
    ignored = set(now.names) | _NO_CONTENT | _REFERRING | set(opening)
    new_content = [
        group.source
        for group in now.groups
        if not group.terms & before_terms and any(w not in known and w not in ignored for w in group.source.split())
    ] + [w for w in now.unknown if w not in known and w not in ignored and not _refers(w)]
    new_names = [name for name in now.names if name not in known]
    short = len(words) <= MAX_BARE_FOLLOW_UP_WORDS
    if new_names and not (opening and short and not new_content):
        return False
    if any(_refers(w) for w in (*words, *now.tokens)):
        return True
    return short and not new_content


def combined_question(previous: str, follow_up: str, limit: int) -> str:
    """The follow-up searched together with the question it follows, within `limit` characters."""
    combined = " ".join(f"{previous} {follow_up}".split())
    return combined if len(combined) <= limit else combined[-limit:].split(" ", 1)[-1]


def words_decide_language(text: str) -> bool:
    """Whether the words say the language: one bare name ("Raisi?") does not."""
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 2


def choose_language(
    text: str,
    *,
    pinned: Lang | None,
    language_code: str | None,
    last: Lang | None,
    detect: Callable[[str], str],
) -> Lang:
    """The reply language: pinned with /lang, else the question's words when they say
    it, else the user's Telegram language, else the language of their last question."""
    if pinned:
        return pinned
    if words_decide_language(text):
        return "id" if detect(text) == "id" else "en"
    if language_code:
        return language_from_code(language_code)
    return last or "en"


# t.me/<bot>?start=<payload>: 1-64 characters of A-Z a-z 0-9 _ -
_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def decode_start_payload(payload: str) -> str | None:
    """The question or topic a deep link carries: base64url of UTF-8 text, or words
    joined with underscores ("harga_beras"). None for anything malformed."""
    if not _PAYLOAD.match(payload):
        return None
    if payload.startswith("q-"):
        encoded = payload[2:]
        try:
            text = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
    else:
        text = payload.replace("_", " ").replace("-", " ")
    text = " ".join(text.split())
    if not text or any(unicodedata.category(ch).startswith("C") for ch in text):
        return None
    return text


def encode_start_payload(question: str) -> str | None:
    """The deep-link payload for `question` ("q-" + base64url), or None if over Telegram's 64."""
    payload = "q-" + base64.urlsafe_b64encode(question.encode("utf-8")).decode("ascii").rstrip("=")
    return payload if len(payload) <= 64 else None


K = TypeVar("K")
V = TypeVar("V")


class Bounded(Generic[K, V]):
    """A dict that forgets its least recently used entries past `capacity`: memory of
    chats must not grow with every chat the bot ever saw."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def pop(self, key: K) -> V | None:
        return self._items.pop(key, None)

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True, slots=True)
class LastQuestion:
    """A chat's last searched question, for follow-ups, and when it was asked."""

    question: str
    at: float
