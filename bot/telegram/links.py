"""Links that open an article scrolled to the quoted sentence: text fragments
(https://wicg.github.io/scroll-to-text-fragment/)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from urllib.parse import quote

# Sentences longer than this many words are linked with textStart,textEnd so the link
# stays short and survives small differences in the middle of the sentence.
FRAGMENT_EDGE_WORDS = 4
FRAGMENT_FULL_MAX_WORDS = 10


def _trim_punctuation(text: str) -> str:
    """Drops punctuation at both ends: quote marks and full stops are often typeset
    differently on the page than in the corpus, and a fragment that misses by one
    character does not scroll at all."""
    start, end = 0, len(text)
    while start < end and (unicodedata.category(text[start]).startswith("P") or text[start].isspace()):
        start += 1
    while end > start and (unicodedata.category(text[end - 1]).startswith("P") or text[end - 1].isspace()):
        end -= 1
    return text[start:end]


def _encode_fragment_term(term: str) -> str:
    """Percent-encodes a textStart/textEnd term. `quote` leaves '-' alone, but the spec
    gives '-' (prefix/suffix marker), '&' (directive separator) and ',' (range separator)
    meaning, so all three must be encoded; everything non-ASCII is encoded too."""
    return quote(term, safe="").replace("-", "%2D")


def text_directive(sentence: str) -> str:
    """The `text=` directive that selects `sentence` on its page: the whole sentence
    when short, else its first and last few words as a range."""
    words = sentence.split()
    if len(words) > FRAGMENT_FULL_MAX_WORDS:
        start = _trim_punctuation(" ".join(words[:FRAGMENT_EDGE_WORDS]))
        end = _trim_punctuation(" ".join(words[-FRAGMENT_EDGE_WORDS:]))
        if start and end:
            return f"text={_encode_fragment_term(start)},{_encode_fragment_term(end)}"
    return f"text={_encode_fragment_term(_trim_punctuation(' '.join(words)))}"


def link_to_sentences(url: str, sentences: Iterable[str]) -> str:
    """`url` with a fragment directive that makes browsers scroll to and highlight the
    quoted sentences, so a reader lands on the quote instead of the top of the article."""
    directives = list(dict.fromkeys(d for d in (text_directive(s) for s in sentences) if d != "text="))
    if not directives:
        return url
    separator = ":~:" if "#" in url else "#:~:"
    return url + separator + "&".join(directives)
