"""Answering: question analysis (Indonesian repair, English → Indonesian), question
types and dates, re-ranking BM25's candidates, answer assembly, and `Engine`, the one
entry point. Never imports telegram."""
