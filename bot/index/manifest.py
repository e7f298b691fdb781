"""Building, reusing and growing the on-disk index of a corpus.

Layout of the index directory:

    MANIFEST.json        format, version, analyzer version, BM25 parameters, the corpus
                         roots (relative to the index directory), and the segments with
                         the corpus files (root number/name: size, mtime) each one covers
    seg-<id>/            one immutable segment: postings (bot.index) and passages
                         (bot.index.passages)

MANIFEST.json is the commit point. A build writes a new segment directory completely,
then replaces the manifest atomically, then deletes the segments no manifest names, so
a crash or Ctrl-C at any moment leaves the previous index serving. When only new files
appeared in the corpus (what `ingest` does), a segment holding just them is appended
instead of rebuilding; past MAX_SEGMENTS segments the whole index is rebuilt into one.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.files import atomic_write_text
from bot.index import integrity
from bot.index.bm25 import Bm25Params
from bot.index.searcher import Bm25Index
from bot.index.store import PassageStore
from bot.text.markers import MARKERS_VERSION
from bot.text.sentences import MAX_SENTENCE_CHARS
from bot.text.terms import ANALYZER_VERSION as TERMS_VERSION

FORMAT = "kutipan-index"
# What the index was analysed with: index terms, and the answer-type markers stored per passage.
ANALYZER_VERSION = f"{TERMS_VERSION}/markers-{MARKERS_VERSION}"
# 5: sizes and checksums of segment files; 6: forward index and article_offsets; 7: flags;
# 8: article_lead (the standfirst told from the lead); 9: flags of 16 bits
FORMAT_VERSION = 9
MANIFEST = "MANIFEST.json"
MAX_SEGMENTS = 8

log = logging.getLogger(__name__)

FileStamp = tuple[int, int]  # size, mtime_ns: cheap to read for tens of thousands of files


def corpus_stamps(corpus_dirs: Sequence[Path], *, quiet: bool = False) -> dict[str, FileStamp]:
    """Every article file (in passage-numbering order) with its size and mtime, keyed
    "<root number>/<file name>": relative, so moving the checkout (corpus and index
    together) keeps the index. One directory scan each, so checking a corpus of tens
    of thousands of files costs a fraction of a second at every start.

    An entry that cannot be looked at (a symlink loop, a dangling link, no permission)
    is left out with a warning; it never stops the others."""
    stamps: dict[str, FileStamp] = {}
    for number, directory in enumerate(corpus_dirs):
        with os.scandir(directory) as scan:
            entries = sorted((e for e in scan if e.name.endswith(".md")), key=lambda e: e.name)
        for entry in entries:
            try:
                if not entry.is_file():
                    continue
                stat = entry.stat()
            except OSError as exc:
                if not quiet:
                    log.warning("skipping %s: %s", entry.path, exc.strerror or exc)
                continue
            stamps[f"{number}/{entry.name}"] = (stat.st_size, stat.st_mtime_ns)
    return stamps


def corpus_path(key: str, corpus_dirs: Sequence[Path]) -> Path:
    """The file a corpus_stamps key names."""
    number, _, name = key.partition("/")
    return Path(corpus_dirs[int(number)]) / name


def corpus_roots(corpus_dirs: Sequence[Path], index_dir: Path) -> list[str]:
    """The corpus directories as the manifest records them: relative to the index."""
    return [os.path.relpath(Path(d).resolve(), index_dir.resolve()) for d in corpus_dirs]


@dataclass(frozen=True)
class OpenIndex:
    """The searchable index and the passages its document ids point at."""

    bm25: Bm25Index
    stores: list[PassageStore]
    rebuilt: bool
    # Why the index serving is not the corpus's current state (a rebuild failed or was
    # refused, and the last good index serves instead); None when it is up to date.
    problem: str | None = None

    @property
    def passage_count(self) -> int:
        return self.bm25.n_docs


def open_index(
    corpus_dirs: Sequence[Path],
    index_dir: Path,
    params: Bm25Params,
    *,
    force_rebuild: bool = False,
    passage_max_chars: int = MAX_SENTENCE_CHARS,
    workers: int | None = None,
) -> OpenIndex:
    """Open the index of `corpus_dirs`, building or extending it first if it is stale.

    When building fails (an error while analysing, a full or read-only disk, files that
    cannot be written), the last good index keeps serving, with one warning naming the
    cause; only when there is none does the error reach the caller.
    """
    roots = corpus_roots(corpus_dirs, index_dir)
    stamps = corpus_stamps(corpus_dirs)
    manifest = None if force_rebuild else _read_manifest(index_dir, roots, passage_max_chars)
    if manifest is not None and _covered(manifest) == stamps:
        opened = _try_open(index_dir, manifest, params)
        if opened is not None:
            _remove_leftovers(index_dir)
            return opened
    try:
        return _build(corpus_dirs, index_dir, roots, params, force_rebuild, passage_max_chars, workers)
    except Exception as exc:  # anything a build can raise; KeyboardInterrupt still stops
        cause = _describe(exc)
        fallback = _last_good(index_dir, roots, params)
        if fallback is None:
            raise
        log.warning("could not update the index in %s (%s); serving the last good index", index_dir, cause)
        return OpenIndex(fallback.bm25, fallback.stores, rebuilt=False, problem=cause)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return f"{type(exc).__name__}: {exc}"


def _build(
    corpus_dirs: Sequence[Path],
    index_dir: Path,
    roots: list[str],
    params: Bm25Params,
    force_rebuild: bool,
    passage_max_chars: int,
    workers: int | None,
) -> OpenIndex:
    index_dir.mkdir(parents=True, exist_ok=True)
    with _build_lock(index_dir):
        # The corpus is listed under the lock, so an article an `ingest` wrote while
        # another process was building is seen here, not left out of the index.
        stamps = corpus_stamps(corpus_dirs, quiet=True)  # what cannot be listed was logged at the first look
        # Another process may have built it meanwhile; what is stale was logged above.
        manifest = None if force_rebuild else _read_manifest(index_dir, roots, passage_max_chars, quiet=True)
        covered = _covered(manifest) if manifest is not None else {}
        if manifest is not None and covered == stamps:
            if opened := _try_open(index_dir, manifest, params):
                return opened
            manifest = None  # what it names is damaged: rebuild everything
        added = {path: stamp for path, stamp in stamps.items() if path not in covered}
        only_additions = manifest is not None and all(stamps.get(p) == s for p, s in covered.items())
        # Building needs the corpus reader, cleaner and splitter; answering does not,
        # so they are imported only here and a served query never pays for them.
        from bot.index.build import build_segment

        if (
            manifest is not None
            and only_additions
            and len(manifest["segments"]) < MAX_SEGMENTS
            and _try_open(index_dir, manifest, params)
        ):
            new = [build_segment(index_dir, added, corpus_dirs, max_chars=passage_max_chars, workers=workers)]
            segments = [*manifest["segments"], *_with_checksums(index_dir, new)]
        else:
            new = [build_segment(index_dir, stamps, corpus_dirs, max_chars=passage_max_chars, workers=workers)]
            segments = _with_checksums(index_dir, new)
        manifest = _write_manifest(index_dir, roots, segments, params, passage_max_chars)
        _remove_unlisted(index_dir, manifest)
    opened = _try_open(index_dir, manifest, params)
    if opened is None:
        raise RuntimeError(f"the index just built in {index_dir} cannot be opened")
    return OpenIndex(opened.bm25, opened.stores, rebuilt=True)


def _with_checksums(index_dir: Path, segments: list[dict]) -> list[dict]:
    """The segments' manifest entries with the sizes and checksums of their files."""
    return [{**seg, "integrity": integrity.record(index_dir / seg["name"])} for seg in segments]


def _last_good(index_dir: Path, roots: list[str], params: Bm25Params) -> OpenIndex | None:
    """The index the manifest names, whatever the corpus holds now, if it opens intact."""
    try:
        manifest = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (
        isinstance(manifest, dict)
        and manifest.get("format") == FORMAT
        and manifest.get("version") == FORMAT_VERSION
        and manifest.get("roots") == roots
        and _well_formed(manifest.get("segments"))
    ):
        return None
    return _try_open(index_dir, manifest, params)


def _covered(manifest: dict) -> dict[str, FileStamp]:
    return {path: tuple(stamp) for seg in manifest["segments"] for path, stamp in seg["files"].items()}


def _read_manifest(index_dir: Path, roots: list[str], passage_max_chars: int, *, quiet: bool = False) -> dict | None:
    path = index_dir / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        valid = isinstance(manifest, dict) and manifest.get("format") == FORMAT
        valid = valid and _well_formed(manifest.get("segments"))
    except (OSError, ValueError, AttributeError):
        valid = False
    if not valid:
        if not quiet:
            log.warning("index in %s is corrupt or not a Kutipan index; rebuilding it", index_dir)
        return None
    if manifest.get("version") != FORMAT_VERSION or manifest.get("analyzer") != ANALYZER_VERSION:
        if not quiet:
            log.info("index in %s was built by another version of Kutipan; rebuilding it", index_dir)
        return None
    if manifest.get("roots") != roots:
        if not quiet:
            log.info("index in %s was built for other corpus directories; rebuilding it", index_dir)
        return None
    if manifest.get("passage_max_chars") != passage_max_chars:
        if not quiet:
            log.info("index in %s was built with another passage size cap; rebuilding it", index_dir)
        return None
    return manifest


def _well_formed(segments: object) -> bool:
    """Segments as this module writes them: a name and the files with their stamps."""
    return isinstance(segments, list) and all(
        isinstance(seg, dict)
        and isinstance(seg.get("name"), str)
        and isinstance(seg.get("files"), dict)
        and all(isinstance(stamp, list) and len(stamp) == 2 for stamp in seg["files"].values())
        and integrity.well_formed(seg.get("integrity"))
        for seg in segments
    )


def _try_open(index_dir: Path, manifest: dict, params: Bm25Params) -> OpenIndex | None:
    """The index the manifest names, if every segment is whole (sizes and checksums as
    recorded, see bot.index.integrity) and consistent; None, with a warning, if not."""
    directories = [index_dir / seg["name"] for seg in manifest["segments"]]
    try:
        for seg, directory in zip(manifest["segments"], directories):
            damage = integrity.verify(directory, seg["integrity"])
            if damage:
                raise ValueError(damage)
        bm25 = Bm25Index.open(directories, params)
        stores = [PassageStore(directory) for directory in directories]
        if any(len(store) != len(seg) for store, seg in zip(stores, bm25.segments)):
            raise ValueError("passages and postings disagree")
    except Exception as exc:  # numpy and json raise many kinds on damaged files
        log.warning("index in %s is corrupt (%s); rebuilding it", index_dir, exc)
        return None
    return OpenIndex(bm25, stores, rebuilt=False)


def _write_manifest(
    index_dir: Path, roots: list[str], segments: list[dict], params: Bm25Params, passage_max_chars: int
) -> dict:
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "analyzer": ANALYZER_VERSION,
        "passage_max_chars": passage_max_chars,
        "params": {"k1": params.k1, "b": params.b, "epsilon": params.epsilon},
        "roots": roots,
        "segments": segments,
    }
    atomic_write_text(index_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _remove_unlisted(index_dir: Path, manifest: dict) -> None:
    """Drop segments no manifest names (replaced ones, and leftovers of killed builds)."""
    keep = {seg["name"] for seg in manifest["segments"]}
    for path in index_dir.iterdir():
        if path.is_dir() and path.name.lstrip(".").startswith("seg-") and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


def _remove_leftovers(index_dir: Path) -> None:
    """Remove what killed or failed builds left (`.seg-*.tmp` staging folders, segments
    no manifest names), when no build is running: only with the build lock, taken
    without waiting, and against the manifest as it stands under the lock."""
    try:
        leftovers = [p for p in index_dir.iterdir() if p.name.startswith((".seg-", "seg-")) and p.name != MANIFEST]
    except OSError:
        return
    if not leftovers:
        return
    try:
        with (index_dir / ".lock").open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return  # a build is running: its staging folder is not a leftover
            try:
                manifest = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
                if isinstance(manifest, dict) and _well_formed(manifest.get("segments")):
                    _remove_unlisted(index_dir, manifest)
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    except (OSError, ValueError):
        return  # a read-only index: nothing can be removed, and nothing needs to be


@contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    """One builder at a time per index directory (the bot and an `ingest` may race)."""
    with (index_dir / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
