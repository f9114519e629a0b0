"""Tidy tables of a parsed corpus, and writing them as deterministic UTF-8 CSV files."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .pipeline import Corpus

DOCUMENT_COLUMNS = [
    "doc_id",
    "path",
    "format",
    "encoding",
    "sha256",
    "script",
    "title",
    "date",
    "year",
    "year_source",
    "year_evidence",
    "n_chars",
    "duplicate_group",
    "event",
    "location",
    "authors",
    "source",
    "url",
]


def documents_table(corpus: Corpus) -> pd.DataFrame:
    """One row per document: provenance, script, metadata, length and duplicate group."""
    rows = []
    for doc in corpus:
        raw, meta = doc.raw, doc.meta
        rows.append(
            {
                "doc_id": doc.doc_id,
                "path": raw.path,
                "format": raw.format,
                "encoding": raw.encoding,
                "sha256": raw.sha256,
                "script": doc.norm.script,
                "title": meta.title,
                "date": meta.date,
                "year": meta.year,
                "year_source": meta.year_source,
                "year_evidence": meta.year_evidence,
                "n_chars": len(doc.norm.text),
                "duplicate_group": corpus.duplicate_group.get(doc.doc_id, doc.doc_id),
                "event": meta.event,
                "location": meta.location,
                "authors": "; ".join(meta.authors),
                "source": meta.source,
                "url": meta.url,
            }
        )
    table = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
    table["year"] = table["year"].astype("Int64")
    return table


def blocks_table(corpus: Corpus) -> pd.DataFrame:
    """One row per block: role, raw offsets (end exclusive) and normalised text."""
    rows = [
        {
            "doc_id": doc.doc_id,
            "block_id": b.block_id,
            "role": b.role,
            "start": b.start,
            "end": b.end,
            "text": b.text,
        }
        for doc in corpus
        for b in doc.blocks
    ]
    return pd.DataFrame(rows, columns=["doc_id", "block_id", "role", "start", "end", "text"])


def sentences_table(corpus: Corpus, *, segmenter=None) -> pd.DataFrame:
    """One row per sentence; with tokens (kept by the parse, or from ``segmenter``) joined by
    spaces in a ``tokens`` column."""
    columns = ["doc_id", "sentence_id", "block_id", "role", "start", "end", "text"]
    with_tokens = segmenter is not None or any(doc.tokens for doc in corpus)
    rows = []
    for doc in corpus:
        for i, s in enumerate(doc.sentences):
            row = {
                "doc_id": doc.doc_id,
                "sentence_id": s.sentence_id,
                "block_id": s.block_id,
                "role": s.role,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
            if with_tokens:
                tokens = doc.tokens[i] if doc.tokens else segmenter.tokens(s.text)
                row["tokens"] = " ".join(tokens)
            rows.append(row)
    if with_tokens:
        columns.append("tokens")
    return pd.DataFrame(rows, columns=columns)


ANOMALY_COLUMNS = ["doc_id", "kind", "start", "end", "text", "detail"]
REPAIR_COLUMNS = ["doc_id", "kind", "start", "end", "raw", "replacement"]


def _records_table(corpus: Corpus, attribute: str, columns: list[str]) -> pd.DataFrame:
    """One row per record in ``doc.norm.<attribute>`` of every document, with its doc_id."""
    rows = [
        {"doc_id": doc.doc_id, **{c: getattr(record, c) for c in columns[1:]}}
        for doc in corpus
        for record in getattr(doc.norm, attribute)
    ]
    return pd.DataFrame(rows, columns=columns)


def anomalies_table(corpus: Corpus) -> pd.DataFrame:
    """Flagged anomalies (lost characters, foreign tokens, mixed scripts) with raw offsets."""
    return _records_table(corpus, "anomalies", ANOMALY_COLUMNS)


def repairs_table(corpus: Corpus) -> pd.DataFrame:
    """Repairs the normaliser made (page-break joins...) with the raw span they replaced."""
    return _records_table(corpus, "repairs", REPAIR_COLUMNS)


def extract_tables(
    corpus: Corpus, *, segmenter=None, claims: bool = True
) -> dict[str, pd.DataFrame]:
    """Every table ``cityreports extract`` writes, by name."""
    tables = {
        "documents": documents_table(corpus),
        "blocks": blocks_table(corpus),
        "sentences": sentences_table(corpus, segmenter=segmenter),
        "anomalies": anomalies_table(corpus),
        "repairs": repairs_table(corpus),
    }
    if claims:
        tables.update(claim_tables(corpus))
    return tables


def claim_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """The quantitative-claims tables: claims, enumerations and cross-checks."""
    from .checks import run_checks
    from .claims import claim_diagnostics, claims_table
    from .enumerations import enumerations_table

    return {
        "claims": claims_table(corpus),
        "claim_diagnostics": claim_diagnostics(corpus),
        "enumerations": enumerations_table(corpus),
        "checks": run_checks(corpus),
    }


def write_csv(table: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a table as UTF-8 CSV with ``\\n`` line ends (byte-identical across runs)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def write_tables(
    tables: Mapping[str, pd.DataFrame], out_dir: str | os.PathLike[str]
) -> list[Path]:
    """Write each table as ``<name>.csv`` in ``out_dir``."""
    return [write_csv(table, Path(out_dir) / f"{name}.csv") for name, table in tables.items()]


def run_report(corpus: Corpus, tables: Mapping[str, pd.DataFrame]) -> dict:
    """Counts and skipped files of one run, for ``report.json``."""
    return {
        "corpus_sha256": corpus.sha256,
        "n_documents": len(corpus),
        "n_skipped": len(corpus.skipped),
        "skipped": [{"path": s.path, "reason": s.reason} for s in corpus.skipped],
        "rows": {name: int(len(t)) for name, t in sorted(tables.items())},
        "duplicate_groups": _groups(corpus.duplicate_group),
    }


def _groups(duplicate_group: Mapping[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for doc_id, group in sorted(duplicate_group.items()):
        groups.setdefault(group, []).append(doc_id)
    return {g: ids for g, ids in sorted(groups.items()) if len(ids) > 1}


def write_report(report: Mapping, path: str | os.PathLike[str]) -> Path:
    """Write ``report.json`` with sorted keys (byte-identical across runs)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path

