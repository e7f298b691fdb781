"""Benchmarks of Kutipan's BM25 index against its peers: `python -m bench --help`."""
