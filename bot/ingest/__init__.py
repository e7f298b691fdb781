"""Getting articles into the corpus: article files, cleaning raw pages, fetching pages
and feeds politely, extracting article text and metadata from HTML, deduplicating.
Imports text and lang below it, never index, search or telegram."""
