"""Text of one document: the shared lexicon, normalisation, structure, quotes, numerals, tokens."""
