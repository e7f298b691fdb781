"""The index: sentence passages of the corpus, BM25 over memory-mapped segments, and the
manifest that says which segments serve. Knows nothing of questions or Telegram."""
