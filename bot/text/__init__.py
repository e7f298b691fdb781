"""Text analysis shared by articles and questions: normalising, tokens, index terms,
sentences, datelines and the word lists of both languages. The bottom layer with
`bot.lang`: it imports nothing above itself."""
