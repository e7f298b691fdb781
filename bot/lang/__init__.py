"""Language data: the English→Indonesian lexicon, informal Indonesian forms, stopword
lists and English irregular forms, read from the packaged `data/` folder."""
