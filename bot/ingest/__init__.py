"""Getting articles into the corpus: article files, cleaning raw pages (and, later,
fetching them). Imports text and lang below it, never index, search or telegram."""
