"""Quantitative claims: number grammar, units, claims, enumerations, cross-checks."""
