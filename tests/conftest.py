"""Shared fixtures: the bundled corpus parsed once per test session, and the gold annotations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="session")
def bundled_corpus():
    """The bundled corpus (data/), parsed once for the whole session."""
    from cityreports.pipeline import parse_corpus

    return parse_corpus(DATA)


@pytest.fixture(scope="session")
def gold_documents() -> pd.DataFrame:
    return pd.read_csv(GOLD / "documents.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def gold_claims() -> pd.DataFrame:
    return pd.read_csv(GOLD / "claims.csv", dtype=str, keep_default_na=False)
