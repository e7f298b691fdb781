"""Getting articles in: fetching pages and feeds politely, extracting article text and
metadata from HTML, deduplicating, and writing them to the corpus."""
