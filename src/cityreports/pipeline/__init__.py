"""Running the per-document stages over a corpus: parse, parallel workers, cache."""
