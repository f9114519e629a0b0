"""Shared fixtures: the bundled corpus parsed once per test session, and the gold annotations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src/cityreports/resources/corpus"
GOLD = Path(__file__).resolve().parent / "gold"


def shared_dir() -> Path:
    """The project's shared folder: beside the checkout (as in CI), else /work/shared."""
    beside = ROOT.parent / "shared"
    return beside if beside.is_dir() else Path("/work/shared")


#: The 116-document development corpus (read-only); tests that need it fail when it is missing.
DEVCORPUS = shared_dir() / "devcorpus"


@pytest.fixture(scope="session")
def bundled_corpus():
    """The bundled corpus (data/), parsed once for the whole session."""
    from cityreports.pipeline import parse_corpus

    return parse_corpus(DATA)


@pytest.fixture(scope="session")
def bundled_line_docs():
    """The bundled reports (data/raw), really normalised (003 traditional -> simplified) but
    with one body block per non-blank line, no sentences and empty metadata."""
    from cityreports.records import Block, DocumentMeta, ParsedDocument, RawDocument
    from cityreports.text.normalize import normalize

    docs = []
    for path in sorted((DATA / "raw").glob("*.txt")):
        raw_text = path.read_text(encoding="utf-8")
        norm = normalize(raw_text)
        blocks, pos = [], 0
        for i, line in enumerate(norm.text.split("\n")):
            if line.strip():
                a, b = norm.raw_span(pos, pos + len(line))
                blocks.append(Block(i, "body", a, b, pos, pos + len(line), line))
            pos += len(line) + 1
        raw = RawDocument(path.stem[:3], path.name, "txt", "utf-8", "0" * 64, raw_text)
        docs.append(ParsedDocument(raw, norm, tuple(blocks), (), DocumentMeta()))
    return tuple(docs)


@pytest.fixture(scope="session")
def gold_documents() -> pd.DataFrame:
    return pd.read_csv(GOLD / "documents.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def gold_claims() -> pd.DataFrame:
    return pd.read_csv(GOLD / "claims.csv", dtype=str, keep_default_na=False)
