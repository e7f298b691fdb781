"""A poisoned corpus: the three good test articles beside one article of each bad kind
issue 10 names. Whatever else happens, the good ones must answer."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import DATA

GOOD = "---\ntitle: {title}\nurl: {url}\nsource: Contoh\npublished: {published}\n---\n\n{body}\n"


def _article(
    title: str = "Judul", url: str = "https://contoh.id/a", published: str = "2024-03-05", body: str = "Isi."
) -> str:
    return GOOD.format(title=title, url=url, published=published, body=body)


ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join('*' + chr(97 + i) for _ in range(9))}]\n" for i in range(8)
)

POISON: dict[str, bytes] = {
    # crashed the lemmatiser and with it the whole build
    "se-dua.md": _article(body="Jembatan itu se dua kilometer panjangnya, kata m n ng nge warga.").encode(),
    # > 6 GB of memory when composed
    "alias-bomb.md": f"---\n{ALIAS_BOMB}title: Bom\nurl: https://contoh.id/b\nsource: S\npublished: 2024-01-01\n---\n\nIsi.\n".encode(),
    # the quadratic splitter's input: 300 kB of initials without a space
    "no-spaces.md": _article(body="A.\t" * 100_000).encode(),
    "nul.md": _article(body="Isi\x00biner.").encode(),
    "not-utf8.md": _article().encode() + b"\xff\xfe\xfa",
    "bad-date.md": _article(published="2024-02-31").encode(),
    "bad-url.md": _article(url='"https://contoh.id/a b"').encode(),
    "no-front-matter.md": b"Hanya teks.\n",
    "front-matter-list.md": b"---\n- a\n- b\n---\n\nIsi.\n",
    "control.md": _article(title='"Ju\\u200bdul\\a"', body="Kalimat\x1b[31m berwarna.").encode(),
}


def poisoned_corpus(target: Path) -> Path:
    shutil.copytree(DATA / "corpus", target)
    for name, content in POISON.items():
        (target / name).write_bytes(content)
    loop = target / "loop.md"
    loop.symlink_to(loop)
    (target / "dangling.md").symlink_to(target / "missing.md")
    (target / "folder.md").mkdir()
    unreadable = target / "unreadable.md"  # unreadable to anyone but root
    unreadable.write_text(_article())
    unreadable.chmod(0)
    return target
