"""The records every layer shares, below all of them: an article as stored, a passage
as indexed, the source of a quote as shown, and an answer as the engine returns it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Article:
    """An article as the corpus holds it: metadata and clean paragraphs."""

    id: str
    title: str
    url: str
    source: str
    published: str
    lang: str
    paragraphs: tuple[str, ...]
    # How many paragraphs open the article before its body's lead (the paragraph that
    # carried the dateline): a standfirst sums up the story under the headline.
    standfirst: int = 0


# The position of an article's title among its passages (sentences count from 0).
TITLE_POSITION = -1


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What a reader needs to find and trust the source of a quote."""

    id: str
    title: str
    url: str
    source: str
    published: str  # "YYYY-MM-DD" or "YYYY-MM"

    def to_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published": self.published,
        }


@dataclass(frozen=True, slots=True)
class Passage:
    article: int  # index of the article within its segment
    position: int  # sentence number in the article; TITLE_POSITION for the title
    paragraph: int
    text: str


@dataclass(frozen=True, slots=True)
class Answer:
    """One quoted sentence, the sentences around it that continue it, and where it stands.

    `matched` holds the words of `text` and its context that matched the question (as
    they are written there), so renderers can highlight them without re-analysing.
    `also_in` lists the other articles that carry the same (near-identical) sentence.
    """

    text: str
    context_before: tuple[str, ...]
    context_after: tuple[str, ...]
    score: float
    article: ArticleInfo
    matched: tuple[str, ...] = ()
    also_in: tuple[ArticleInfo, ...] = field(default=())

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "context_before": list(self.context_before),
            "context_after": list(self.context_after),
            "score": self.score,
            "article": self.article.to_json(),
        }
