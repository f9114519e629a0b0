"""Near-duplicate detection: fingerprints and the grouping policy."""
