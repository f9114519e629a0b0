"""Tidy tables of a parsed corpus, and writing them as deterministic UTF-8 CSV files.

Every CSV file is written by one encoder (:func:`cityreports.csvfiles.csv_bytes`): DataFrames
(:func:`~cityreports.csvfiles.write_csv`) and the per-document rows rendered while a corpus is
parsed (:class:`DocumentTables`) alike.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from cityreports.csvfiles import (
    TEXT_ERRORS,
    csv_bytes,
    write_csv,
    write_file,
)
from cityreports.quant.checks import run_checks
from cityreports.quant.claims import claim_diagnostics, claims_table
from cityreports.quant.enumerations import enumerations_table
from cityreports.records import Corpus, ParsedDocument

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
    "title_source",
    "title_evidence",
    "kind",
    "kind_evidence",
    "region",
    "text_source",
]


def corpus_relative_path(path: str, source: str) -> str:
    """``path`` relative to the corpus folder (or the manifest's folder), POSIX style.

    Tables name files this way so that they do not depend on where the corpus or the package
    is installed; a file outside the corpus folder keeps the path it was read from.
    """
    if not source:
        return path
    root = Path(source)
    root = root if root.is_dir() else root.parent
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path


def documents_table(corpus: Corpus) -> pd.DataFrame:
    """One row per document: provenance, script, metadata, length and duplicate group; then
    where the title comes from, the document's kind and region (each with its cue)."""
    rows = []
    for doc in corpus:
        raw, meta = doc.raw, doc.meta
        rows.append(
            {
                "doc_id": doc.doc_id,
                "path": corpus_relative_path(raw.path, corpus.source),
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
                "title_source": meta.title_source,
                "title_evidence": meta.title_evidence,
                "kind": meta.kind,
                "kind_evidence": meta.kind_evidence,
                "region": meta.region,
                "text_source": raw.metadata.get("text_source", ""),
            }
        )
    table = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
    table["year"] = table["year"].astype("Int64")
    return table


BLOCK_COLUMNS = ["doc_id", "block_id", "role", "start", "end", "text"]
SENTENCE_COLUMNS = ["doc_id", "sentence_id", "block_id", "role", "start", "end", "text"]
ANOMALY_COLUMNS = ["doc_id", "kind", "start", "end", "text", "detail"]
REPAIR_COLUMNS = ["doc_id", "kind", "start", "end", "raw", "replacement"]


def _block_rows(doc: ParsedDocument) -> list[tuple]:
    """Rows of :func:`blocks_table` for one document."""
    return [(doc.doc_id, b.block_id, b.role, b.start, b.end, b.text) for b in doc.blocks]


def _sentence_rows(doc: ParsedDocument, *, tokens: Sequence[Sequence[str]] = ()) -> list[tuple]:
    """Rows of :func:`sentences_table` for one document; with ``tokens`` (one sequence per
    sentence) a last column of tokens joined by spaces."""
    doc_id = doc.doc_id
    if tokens:
        return [
            (doc_id, s.sentence_id, s.block_id, s.role, s.start, s.end, s.text, " ".join(t))
            for s, t in zip(doc.sentences, tokens, strict=True)
        ]
    return [
        (doc_id, s.sentence_id, s.block_id, s.role, s.start, s.end, s.text)
        for s in doc.sentences
    ]


def _record_rows(doc: ParsedDocument, attribute: str, columns: Sequence[str]) -> list[tuple]:
    """Rows of one record per ``doc.norm.<attribute>`` (``columns`` after the doc_id)."""
    return [
        (doc.doc_id, *(getattr(record, c) for c in columns[1:]))
        for record in getattr(doc.norm, attribute)
    ]


def blocks_table(corpus: Corpus) -> pd.DataFrame:
    """One row per block: role, raw offsets (end exclusive) and normalised text."""
    rows = [row for doc in corpus for row in _block_rows(doc)]
    return pd.DataFrame(rows, columns=BLOCK_COLUMNS)


def sentences_table(corpus: Corpus, *, segmenter=None) -> pd.DataFrame:
    """One row per sentence; with tokens (kept by the parse, or from ``segmenter``) joined by
    spaces in a ``tokens`` column."""
    with_tokens = segmenter is not None or any(doc.tokens for doc in corpus)
    rows = []
    for doc in corpus:
        tokens: Sequence[Sequence[str]] = ()
        if with_tokens:
            tokens = doc.tokens or [segmenter.tokens(s.text) for s in doc.sentences]
        rows.extend(_sentence_rows(doc, tokens=tokens))
    columns = SENTENCE_COLUMNS + ["tokens"] if with_tokens else SENTENCE_COLUMNS
    return pd.DataFrame(rows, columns=columns)


def _records_table(corpus: Corpus, attribute: str, columns: list[str]) -> pd.DataFrame:
    """One row per record in ``doc.norm.<attribute>`` of every document, with its doc_id."""
    rows = [row for doc in corpus for row in _record_rows(doc, attribute, columns)]
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
    return {
        "claims": claims_table(corpus),
        "claim_diagnostics": claim_diagnostics(corpus),
        "enumerations": enumerations_table(corpus),
        "checks": run_checks(corpus),
    }


#: Tables with rows of one document at a time, which :class:`DocumentTables` renders as the
#: documents are parsed.
PER_DOCUMENT_TABLES = ("blocks", "sentences", "anomalies", "repairs")


class DocumentTables:
    """The per-document tables (:data:`PER_DOCUMENT_TABLES`) rendered as CSV while a corpus is
    parsed: pass :meth:`add` as ``on_parsed`` to :func:`~cityreports.pipeline.corpus.parse_corpus`,
    then :meth:`write`. The files are the same as :func:`write_csv` of
    :func:`blocks_table`, :func:`sentences_table`, :func:`anomalies_table` and
    :func:`repairs_table` of the parsed corpus (with the tokens the parse kept).
    """

    def __init__(self) -> None:
        self._parts: dict[str, list[bytes]] = {name: [] for name in PER_DOCUMENT_TABLES}
        self.rows: dict[str, int] = dict.fromkeys(PER_DOCUMENT_TABLES, 0)
        self._with_tokens = False

    def add(self, docs: Sequence[ParsedDocument]) -> None:
        """Render the rows of ``docs`` (documents in corpus order, after those added before)."""
        self._with_tokens = self._with_tokens or any(doc.tokens for doc in docs)
        tables: dict[str, list[tuple]] = {name: [] for name in PER_DOCUMENT_TABLES}
        for doc in docs:
            tables["blocks"].extend(_block_rows(doc))
            tables["sentences"].extend(_sentence_rows(doc, tokens=doc.tokens))
            tables["anomalies"].extend(_record_rows(doc, "anomalies", ANOMALY_COLUMNS))
            tables["repairs"].extend(_record_rows(doc, "repairs", REPAIR_COLUMNS))
        for name, rows in tables.items():
            self._parts[name].append(csv_bytes(rows))
            self.rows[name] += len(rows)

    def columns(self, name: str) -> list[str]:
        """Header of table ``name``."""
        if name == "sentences":
            return SENTENCE_COLUMNS + ["tokens"] if self._with_tokens else SENTENCE_COLUMNS
        return {"blocks": BLOCK_COLUMNS, "anomalies": ANOMALY_COLUMNS,
                "repairs": REPAIR_COLUMNS}[name]

    def write(self, out_dir: str | os.PathLike[str]) -> list[Path]:
        """Write each table as ``<name>.csv`` in ``out_dir``."""
        return [
            write_file(Path(out_dir) / f"{name}.csv", [csv_bytes([self.columns(name)]), *parts])
            for name, parts in self._parts.items()
        ]


def write_tables(
    tables: Mapping[str, pd.DataFrame], out_dir: str | os.PathLike[str]
) -> list[Path]:
    """Write each table as ``<name>.csv`` in ``out_dir``."""
    return [write_csv(table, Path(out_dir) / f"{name}.csv") for name, table in tables.items()]


def run_report(corpus: Corpus, tables: Mapping[str, pd.DataFrame | int]) -> dict:
    """Counts and skipped files of one run, for ``report.json`` (``tables`` by name: the
    tables, or their numbers of rows). Skipped files are named relative to the corpus, as in
    the tables, so that the report does not depend on where the corpus is."""
    return {
        "corpus_sha256": corpus.sha256,
        "n_documents": len(corpus),
        "n_skipped": len(corpus.skipped),
        "skipped": [{"path": corpus_relative_path(s.path, corpus.source), "reason": s.reason}
                    for s in corpus.skipped],
        "rows": {
            name: t if isinstance(t, int) else int(len(t)) for name, t in sorted(tables.items())
        },
        "duplicate_groups": _groups(corpus.duplicate_group),
    }


def _groups(duplicate_group: Mapping[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for doc_id, group in sorted(duplicate_group.items()):
        groups.setdefault(group, []).append(doc_id)
    return {g: ids for g, ids in sorted(groups.items()) if len(ids) > 1}


#: Subfolders ``extract`` may write into its output folder (``--dfm``).
TABLE_SUBFOLDERS = ("dfm",)


def is_table_folder(folder: Path) -> bool:
    """Whether ``folder`` is empty or holds a set of tables ``extract`` wrote (``report.json``,
    ``*.csv`` files and the files of :data:`TABLE_SUBFOLDERS`), so that a new set may replace
    it."""
    entries = list(folder.iterdir())
    if not entries:
        return True

    def written(entry: Path) -> bool:
        if entry.is_symlink():
            return False
        if entry.is_dir():
            return entry.name in TABLE_SUBFOLDERS and all(
                e.is_file() and not e.is_symlink() for e in entry.iterdir())
        return entry.is_file() and (entry.suffix == ".csv" or entry.name == "report.json")

    return any(e.name == "report.json" for e in entries) and all(map(written, entries))


def write_report(report: Mapping, path: str | os.PathLike[str]) -> Path:
    """Write ``report.json`` with sorted keys (byte-identical across runs)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    path.write_bytes(text.encode("utf-8", TEXT_ERRORS))
    return path

