"""The engines compared, behind one small interface.

Every engine gets the same pre-tokenized passages (lists of index terms) and the same
questions (lists of terms), and answers top-10 with BM25:

  kutipan    bot.index: write_segment, Bm25Index.open, search(plain_query(q), 10)
  rank_bm25  BM25Okapi (the reference scores; no persistence, so no cold start)
  bm25s      numpy backend, method "atire" with Robertson idf (rank_bm25's formula
             but for the idf floor and float32 scores), saved and loaded with mmap
  tantivy    one text field, whitespace tokenizer over the space-joined terms,
             default BM25 (Lucene's: k1 1.2, idf ln(1 + (N - df + .5) / (df + .5))),
             a boolean SHOULD query of term queries, top 10 without counting matches

`search` returns whatever the engine natively returns (timed); `doc_ids` turns that
into corpus doc ids (not timed: for tantivy it reads a stored field per hit).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

K = 10
ENGINES = ("kutipan", "rank_bm25", "bm25s", "tantivy")


class Engine:
    name = ""
    persistent = True

    def build(self, corpus: list[list[str]], directory: Path) -> Any:
        raise NotImplementedError

    def open(self, directory: Path) -> Any:
        raise NotImplementedError

    def search(self, handle: Any, query: list[str]) -> Any:
        raise NotImplementedError

    def doc_ids(self, handle: Any, result: Any) -> list[int]:
        raise NotImplementedError


class Kutipan(Engine):
    name = "kutipan"

    def build(self, corpus, directory):
        from bot.index.segment import write_segment

        shutil.rmtree(directory, ignore_errors=True)
        write_segment(directory, corpus)

    def open(self, directory):
        from bot.index.bm25 import Bm25Params
        from bot.index.searcher import Bm25Index

        return Bm25Index.open([directory], Bm25Params())

    def search(self, handle, query):
        from bot.index.query import plain_query

        return handle.search(plain_query(query), K)

    def doc_ids(self, handle, result):
        return [doc for doc, _ in result]


class RankBm25(Engine):
    name = "rank_bm25"
    persistent = False

    def build(self, corpus, directory):
        from rank_bm25 import BM25Okapi

        return BM25Okapi(corpus)

    def search(self, handle, query):
        return handle.get_scores(query)

    def doc_ids(self, handle, result):
        return top_k(result)


def top_k(scores: np.ndarray, k: int = K) -> list[int]:
    """Best k documents with a nonzero score; ties to the lower doc id."""
    matching = np.flatnonzero(scores != 0)
    if len(matching) > k:
        kth = np.partition(scores[matching], len(matching) - k)[len(matching) - k]
        matching = matching[scores[matching] >= kth]
    order = np.lexsort((matching, -scores[matching]))[:k]
    return matching[order].tolist()


class Bm25s(Engine):
    name = "bm25s"

    def build(self, corpus, directory):
        import bm25s

        shutil.rmtree(directory, ignore_errors=True)
        retriever = bm25s.BM25(k1=1.5, b=0.75, method="atire", idf_method="robertson", backend="numpy")
        retriever.index(corpus, show_progress=False)
        retriever.save(str(directory), show_progress=False)

    def open(self, directory):
        import bm25s

        return bm25s.BM25.load(str(directory), mmap=True, show_progress=False)

    def search(self, handle, query):
        docs, _scores = handle.retrieve([query], k=K, show_progress=False, n_threads=0)
        return docs

    def doc_ids(self, handle, result):
        return [int(doc) for doc in result[0]]


class Tantivy(Engine):
    name = "tantivy"

    @staticmethod
    def _schema():
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", stored=False, tokenizer_name="whitespace")
        builder.add_unsigned_field("id", stored=True)
        return builder.build()

    def build(self, corpus, directory):
        import tantivy

        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        index = tantivy.Index(self._schema(), str(directory))
        writer = index.writer()
        for number, doc in enumerate(corpus):
            document = tantivy.Document()
            document.add_text("body", " ".join(doc))
            document.add_unsigned("id", number)
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()

    def open(self, directory):
        import tantivy

        schema = self._schema()
        index = tantivy.Index.open(str(directory))
        return schema, index.searcher()

    def search(self, handle, query):
        import tantivy

        schema, searcher = handle
        clauses = [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", term)) for term in query]
        return searcher.search(tantivy.Query.boolean_query(clauses), K, count=False).hits

    def doc_ids(self, handle, result):
        _, searcher = handle
        return [int(searcher.doc(address)["id"][0]) for _, address in result]


def engine(name: str) -> Engine:
    return {"kutipan": Kutipan, "rank_bm25": RankBm25, "bm25s": Bm25s, "tantivy": Tantivy}[name]()
