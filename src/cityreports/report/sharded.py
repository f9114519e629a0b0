"""``cityreports extract`` in shards: every per-document table written as its shard is parsed,
then one reduce step over small per-document summaries.

The map step (:func:`write_shard`, in this process, worker processes or on a Dask cluster;
see :mod:`~cityreports.pipeline.distributed`) parses one shard
(:mod:`~cityreports.pipeline.shards`), renders its rows of every per-document table and writes
them to the shard's folder in a work folder inside the output folder: CSV bodies, typed
Parquet parts, and the claims and enumerations of its documents as JSON lines. It sends back
only the fingerprints, the rows of ``documents`` and the column types of each part. The reduce
step (:func:`assemble`) groups duplicates from the fingerprints, checks claims across the
copies of each group (reading the claims of grouped documents only), and puts the parts
together in shard order, which is doc_id order. Peak memory is bounded by the shard size
(plus the fingerprints and the raw text the reader holds), not by the corpus.

Output folder: ``<table>.csv`` (``--format csv`` or ``both``), byte for byte the tables of the
one-process run, and ``parquet/<table>/shard=NNNNN/part-0.parquet`` (``parquet`` or ``both``):
Parquet datasets partitioned by shard with the same rows and typed columns (a tuple of strings
is a list of strings); for ``checks`` the last partition holds the checks across documents.
Read them with :func:`read_parquet_table`, ``pandas.read_parquet`` or
``dask.dataframe.read_parquet``.

Column types follow the whole corpus, as if every table had been one DataFrame: a part whose
integer column is empty elsewhere (so the corpus-wide column is a float column) is rendered
again as floats, and Parquet parts are cast to one schema per table.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from cityreports.analyses.dfm import DocumentFeatureMatrix
from cityreports.analyses.dfm import dfm as document_feature_matrix
from cityreports.csvfiles import csv_bytes, frame_rows, write_csv
from cityreports.dedup.fingerprints import Fingerprint
from cityreports.errors import InputError, ParameterError
from cityreports.ingest.files import DEFAULT_MAX_BYTES, check_max_bytes
from cityreports.ingest.manifest import read_corpus
from cityreports.pipeline.corpus import corpus_sha256, default_corpus_path
from cityreports.pipeline.distributed import make_executor
from cityreports.pipeline.parallel import progress_bar
from cityreports.pipeline.parse import DEFAULT_TIME_LIMIT, check_time_limit
from cityreports.pipeline.shards import (
    DEFAULT_SHARD_CHARS,
    CorpusSummary,
    ReportStatements,
    Shard,
    cross_document_checks,
    document_checks,
    grouped_doc_ids,
    groups_from_fingerprints,
    parse_shard,
    plan_shards,
    report_statements,
    start_worker,
    warm_worker,
)
from cityreports.quant.claims import Claim, claim_diagnostics, claims_of
from cityreports.quant.enumerations import Enumeration, enumerations_of
from cityreports.records import Corpus, Skipped
from cityreports.report.output import StagedFolder
from cityreports.report.parquet import (
    PARQUET_DIR,
    ColumnType,
    arrow_frame,
    arrow_table,
    column_types,
    conformed,
    read_parquet_table,
    shard_name,
    unified_schema,
    write_part,
)
from cityreports.report.tables import (
    PER_DOCUMENT_TABLES,
    DocumentTables,
    anomalies_table,
    blocks_table,
    documents_table,
    repairs_table,
    run_report,
    sentences_table,
    write_report,
)
from cityreports.report.texts import stage_texts, write_text_files

__all__ = [
    "TABLE_FORMATS",
    "ExtractSummary",
    "ShardJob",
    "ShardOutput",
    "assemble",
    "extract_sharded",
    "read_parquet_table",
    "write_shard",
]

#: Values of ``--format``: CSV files, Parquet datasets, or both.
TABLE_FORMATS = ("csv", "parquet", "both")

#: The claims tables, in the order they are written.
QUANT_TABLES = ("claims", "claim_diagnostics", "enumerations", "checks")

def check_format(fmt: str) -> tuple[bool, bool]:
    """``(csv, parquet)`` for a value of :data:`TABLE_FORMATS`; anything else raises."""
    if fmt not in TABLE_FORMATS:
        raise ParameterError("format", f"expected one of {list(TABLE_FORMATS)}, got {fmt!r}")
    return fmt in ("csv", "both"), fmt in ("parquet", "both")


#: Files of the document-feature matrix folder ``dfm/`` (``--dfm``).
DFM_FILES = frozenset({"dfm.mtx", "features.csv", "docvars.csv"})


def _is_dataset(folder: Path) -> bool:
    """``parquet/<table>/shard=N/<part>.parquet`` files only."""
    files = [p for p in folder.rglob("*") if p.is_symlink() or not p.is_dir()]
    return bool(files) and all(
        p.is_file() and not p.is_symlink() and p.suffix == ".parquet"
        and len(p.relative_to(folder).parts) == 3 for p in files
    )


def _is_dfm(folder: Path) -> bool:
    entries = list(folder.iterdir())
    return bool(entries) and all(
        e.is_file() and not e.is_symlink() and e.name in DFM_FILES for e in entries
    )


def is_extract_folder(folder: Path) -> bool:
    """Whether ``folder`` is empty or holds what ``extract`` writes (``report.json``, the CSV
    tables, Parquet datasets in ``parquet/``, a document-feature matrix in ``dfm/``), so that
    a new run may replace it."""
    entries = list(folder.iterdir())
    if not entries:
        return True
    checks = {PARQUET_DIR: _is_dataset, "dfm": _is_dfm}
    for entry in entries:
        if entry.name in checks and entry.is_dir() and not entry.is_symlink():
            if not checks[entry.name](entry):
                return False
        elif not (entry.is_file() and not entry.is_symlink()
                  and (entry.suffix == ".csv" or entry.name == "report.json")):
            return False
    return "report.json" in {e.name for e in entries}


# --------------------------------------------------------------------------- the map step


@dataclass(frozen=True, eq=False)
class ShardJob:
    """One shard to parse and write (everything a worker needs, picklable)."""

    shard: Shard
    work_dir: str
    source: str
    segment: bool = True
    claims: bool = True
    table_format: str = "csv"  # one of TABLE_FORMATS
    time_limit: float | None = DEFAULT_TIME_LIMIT
    dfm: bool = False


@dataclass(frozen=True, eq=False)
class ShardOutput:
    """What a shard sends back: its documents' fingerprints and ``documents`` rows (without
    duplicate groups), and the header, rows and column types of each table part it wrote."""

    index: int
    fingerprints: dict[str, Fingerprint]
    documents: pd.DataFrame
    skipped: tuple[Skipped, ...] = ()
    columns: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    types: dict[str, list[ColumnType]] = field(default_factory=dict)
    reports: list[ReportStatements] = field(default_factory=list)
    dfm: DocumentFeatureMatrix | None = None


@functools.cache
def _getter(cls: type) -> Callable[[object], tuple]:
    """The fields of a flat record of ``cls`` as a tuple, in field order (``astuple`` without
    its deep copy: the values are numbers, text and tuples of text)."""
    return attrgetter(*(f.name for f in fields(cls)))


def _rows(by_doc: Mapping[str, Sequence[object]], cls: type) -> dict[str, list[tuple]]:
    getter = _getter(cls)
    return {doc_id: [getter(r) for r in records] for doc_id, records in by_doc.items()}


def _record(cls: type, values: Sequence[object]):
    """A record of ``cls`` from its fields as JSON gave them back (lists were tuples)."""
    return cls(*(tuple(v) if isinstance(v, list) else v for v in values))


def write_shard(job: ShardJob) -> ShardOutput:
    """Parse one shard and write its parts of every per-document table (the map step)."""
    parsed = parse_shard(job.shard, segment=job.segment, claims=job.claims,
                         time_limit=job.time_limit)
    docs = parsed.documents
    csv, parquet = check_format(job.table_format)
    corpus = Corpus(documents=docs, source=job.source)
    folder = Path(job.work_dir) / shard_name(job.shard.index)
    folder.mkdir(parents=True, exist_ok=True)
    out = ShardOutput(job.shard.index, parsed.fingerprints, documents_table(corpus),
                      parsed.skipped)
    if csv:
        text = DocumentTables()
        text.add(docs)
        text.write(folder)
        out.rows.update(text.rows)
        out.columns.update({name: text.columns(name) for name in PER_DOCUMENT_TABLES})
    if parquet:
        frames = {"blocks": blocks_table(corpus), "sentences": sentences_table(corpus),
                  "anomalies": anomalies_table(corpus), "repairs": repairs_table(corpus)}
        for name, frame in frames.items():
            out.types[name] = write_part(frame, folder / f"{name}.parquet")
            out.rows[name] = len(frame)
            out.columns[name] = [str(c) for c in frame.columns]
    if job.claims:
        found = {d.doc_id: claims_of(d) for d in docs}  # found with the parse
        listed = {d.doc_id: enumerations_of(d) for d in docs}
        claims, enums = _rows(found, Claim), _rows(listed, Enumeration)
        with (folder / "quant.jsonl").open("w", encoding="ascii") as fh:
            fh.writelines(json.dumps([d, claims[d], enums[d]], ensure_ascii=True) + "\n"
                          for d in claims)
        out.reports.extend(report_statements(docs, found))
        frames = {
            "claims": _records_frame(claims, Claim),
            "claim_diagnostics": claim_diagnostics(docs),
            "enumerations": _records_frame(enums, Enumeration),
            # the checks across documents are made in the reduce step
            "checks": document_checks(docs, found, listed),
        }
        for name, frame in frames.items():
            out.types[name] = write_part(frame, folder / f"{name}.parquet")
            out.rows[name] = len(frame)
            out.columns[name] = [str(c) for c in frame.columns]
            if csv:
                write_csv(frame, folder / f"{name}.csv")
    if job.dfm:
        out = replace(out, dfm=document_feature_matrix(corpus))
    return out


def _records_frame(rows: Mapping[str, Sequence[tuple]], cls: type) -> pd.DataFrame:
    """One row per record (``claims_table``, ``enumerations_table``) of records found once."""
    return pd.DataFrame([r for records in rows.values() for r in records],
                        columns=[f.name for f in fields(cls)])


# --------------------------------------------------------------------------- the reduce step


def _load_quant(
    work_dir: Path, outputs: Sequence[ShardOutput], wanted: set[str]
) -> tuple[dict[str, list[Enumeration]], dict[str, list[Claim]]]:
    """Enumerations and claims of the ``wanted`` documents, read from their shards' spills."""
    enums: dict[str, list[Enumeration]] = {}
    claims: dict[str, list[Claim]] = {}
    for output in outputs:
        if not wanted.intersection(output.fingerprints):
            continue
        path = work_dir / shard_name(output.index) / "quant.jsonl"
        with path.open(encoding="ascii") as fh:
            for line in fh:
                doc_id, claim_rows, enum_rows = json.loads(line)
                if doc_id in wanted:
                    claims[doc_id] = [_record(Claim, c) for c in claim_rows]
                    enums[doc_id] = [_record(Enumeration, e) for e in enum_rows]
    return enums, claims


def _copy_body(src: Path, dst) -> None:
    """Append the rows of the CSV file ``src`` (without its header line) to ``dst``."""
    with src.open("rb") as fh:
        fh.readline()
        shutil.copyfileobj(fh, dst, 1 << 20)


def _needs_rendering(types: Sequence[ColumnType], schema: pa.Schema) -> bool:
    """Whether a part's CSV differs from the corpus-wide rendering: whole numbers that are
    floats in the corpus (``15`` written where the corpus column says ``15.0``)."""
    return any(
        pa.types.is_integer(t) and pa.types.is_floating(schema.field(name).type)
        for name, t, _ in types
        if name in schema.names
    )


@dataclass(frozen=True)
class _Part:
    """One part of a table: where its files are, its rows and column types."""

    folder: Path
    rows: int
    types: list[ColumnType]
    columns: list[str]


def _write_table(
    name: str, parts: Sequence[_Part], out_dir: Path, *, csv: bool, parquet: bool,
    extra: pd.DataFrame | None = None,
) -> int:
    """Put the parts of table ``name`` together (then the rows of ``extra``); its rows."""
    typed = [(p.rows, p.types) for p in parts if p.types]
    extra_table = arrow_table(extra) if extra is not None else None
    if extra_table is not None:
        typed.append((len(extra), column_types(extra_table)))
    schema = unified_schema(typed) if typed else None
    if csv:
        header = max((p.columns for p in parts), key=len, default=None)
        if header is None and extra is not None:
            header = [str(c) for c in extra.columns]
        with (out_dir / f"{name}.csv").open("wb") as fh:
            fh.write(csv_bytes([header or []]))
            for part in parts:
                if schema is not None and _needs_rendering(part.types, schema):
                    table = conformed(pq.read_table(part.folder / f"{name}.parquet"), schema)
                    fh.write(csv_bytes(frame_rows(arrow_frame(table))))
                else:
                    _copy_body(part.folder / f"{name}.csv", fh)
            if extra_table is not None and len(extra):
                fh.write(csv_bytes(frame_rows(arrow_frame(conformed(extra_table, schema)))))
    if parquet and schema is not None:
        dataset = out_dir / PARQUET_DIR / name
        shutil.rmtree(dataset, ignore_errors=True)
        for index, part in enumerate(parts):
            target = dataset / shard_name(index) / "part-0.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            source = part.folder / f"{name}.parquet"
            table = pq.read_table(source)
            if table.schema.equals(schema):
                os.replace(source, target)
            else:
                pq.write_table(conformed(table, schema), target)
        if extra_table is not None:
            target = dataset / shard_name(len(parts)) / "part-0.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(conformed(extra_table, schema), target)
    return sum(p.rows for p in parts) + (len(extra) if extra is not None else 0)


def _documents(
    outputs: Sequence[ShardOutput], duplicate_group: Mapping[str, str], source: str
) -> list[pd.DataFrame]:
    """The ``documents`` rows of each shard with their duplicate groups."""
    frames = []
    for output in outputs:
        frame = output.documents.copy()
        frame["duplicate_group"] = [duplicate_group.get(d, d) for d in frame["doc_id"]]
        frames.append(frame)
    return frames or [documents_table(Corpus(documents=(), source=source))]


def _write_documents(frames: Sequence[pd.DataFrame], out_dir: Path, *, csv: bool,
                     parquet: bool) -> int:
    non_empty = [f for f in frames if len(f)] or list(frames[:1])
    if csv:
        write_csv(pd.concat(non_empty, ignore_index=True), out_dir / "documents.csv")
    if parquet:
        tables = [arrow_table(f) for f in frames]
        schema = unified_schema([(t.num_rows, column_types(t)) for t in tables])
        dataset = out_dir / PARQUET_DIR / "documents"
        shutil.rmtree(dataset, ignore_errors=True)
        for index, table in enumerate(tables):
            target = dataset / shard_name(index) / "part-0.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(conformed(table, schema), target)
    return sum(len(f) for f in frames)


def assemble(
    out_dir: str | os.PathLike[str],
    work_dir: str | os.PathLike[str],
    outputs: Sequence[ShardOutput],
    duplicate_group: Mapping[str, str],
    *,
    source: str,
    csv: bool = True,
    parquet: bool = False,
    claims: bool = True,
) -> dict[str, int]:
    """Write every table of the run from the shard parts (in shard order) and the duplicate
    groups: the reduce step. Returns the rows of each table."""
    out, work = Path(out_dir), Path(work_dir)
    out.mkdir(parents=True, exist_ok=True)
    outputs = sorted(outputs, key=lambda o: o.index)
    rows = {"documents": _write_documents(_documents(outputs, duplicate_group, source), out,
                                          csv=csv, parquet=parquet)}
    names = [*PER_DOCUMENT_TABLES, *(QUANT_TABLES if claims else ())]
    across = None
    if claims:
        grouped = grouped_doc_ids(duplicate_group)
        enums, found = _load_quant(work, outputs, grouped)
        reports = [r for o in outputs for r in o.reports]
        across = cross_document_checks(enums, found, duplicate_group, reports)
    for name in names:
        parts = [
            _Part(work / shard_name(o.index), o.rows.get(name, 0), o.types.get(name, []),
                  o.columns.get(name, []))
            for o in outputs
        ]
        rows[name] = _write_table(name, parts, out, csv=csv, parquet=parquet,
                                  extra=across if name == "checks" else None)
    return rows


def combined_dfm(
    parts: Sequence[DocumentFeatureMatrix], duplicate_group: Mapping[str, str]
) -> DocumentFeatureMatrix:
    """The document-feature matrix of the corpus from those of its shards (in shard order):
    the features of all shards, sorted, and their documents' rows, with duplicate groups."""
    import scipy.sparse  # only a run with --dfm needs it

    terms = sorted(set().union(*(p.features for p in parts)))
    index = {t: j for j, t in enumerate(terms)}
    blocks = []
    for part in parts:
        coo = part.matrix.tocoo()
        remap = np.array([index[f] for f in part.features], dtype=np.int64)
        columns = remap[coo.col] if len(remap) else coo.col.astype(np.int64)
        blocks.append(scipy.sparse.csr_matrix((coo.data.astype(np.int64), (coo.row, columns)),
                                              shape=(part.matrix.shape[0], len(terms))))
    if blocks:
        matrix = scipy.sparse.vstack(blocks, format="csr")
    else:
        matrix = scipy.sparse.csr_matrix((0, 0), dtype=np.int64)
    matrix.sum_duplicates()
    matrix.sort_indices()
    docvars = pd.concat([p.docvars for p in parts], ignore_index=True)
    docvars["duplicate_group"] = [duplicate_group.get(d, d) for d in docvars["doc_id"]]
    docvars["duplicate_group"] = docvars["duplicate_group"].astype(str)
    return DocumentFeatureMatrix(matrix, tuple(terms), docvars)


# --------------------------------------------------------------------------- one run


@dataclass(frozen=True, eq=False)
class ExtractSummary:
    """What a sharded ``extract`` did: documents, skipped files, groups, rows, shards."""

    n_documents: int
    skipped: tuple[Skipped, ...]
    duplicate_group: dict[str, str]
    rows: dict[str, int]
    n_shards: int
    out: Path
    event_group: dict[str, str] = field(default_factory=dict)


def _map_shards(executor, jobs: Iterator[ShardJob], n_shards: int, *, bar, strict: bool) -> list:
    outputs: list[ShardOutput | None] = [None] * n_shards
    for index, output in executor.map_unordered(write_shard, jobs):
        if strict and output.skipped:
            raise InputError(output.skipped[0].path, output.skipped[0].reason)
        outputs[index] = output
        if bar is not None:
            bar.update(len(output.fingerprints) + len(output.skipped))
    return outputs


def extract_sharded(
    source: str | os.PathLike[str] | None,
    out: str | os.PathLike[str],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    fmt: str = "csv",
    shard_chars: int = DEFAULT_SHARD_CHARS,
    strict: bool = False,
    text_field: str | None = None,
    segment: bool = True,
    claims: bool = True,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    progress: bool = False,
    executor=None,
    dfm: bool = False,
    texts: str | os.PathLike[str] | StagedFolder | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_outside: bool = False,
) -> ExtractSummary:
    """Read a corpus, parse it in shards and write every table to ``out`` (see module doc).

    ``workers`` local processes, or a Dask cluster with ``scheduler`` (``"local"`` or an
    address); ``fmt`` one of :data:`TABLE_FORMATS`. The tables do not depend on ``workers``,
    ``scheduler`` or the order in which shards finish; Parquet partitions follow
    ``shard_chars``. A document that cannot be parsed or takes longer than ``time_limit``
    seconds is skipped with the reason (``strict=True``: the run fails instead).
    ``executor`` (one of :mod:`~cityreports.pipeline.distributed`, or any object with their
    ``warm`` and ``map_unordered``, entered here) replaces the one ``workers`` and
    ``scheduler`` choose. ``dfm=True`` also writes the document-feature matrix to
    ``out/dfm``; ``texts`` (a folder) every parsed document's raw text (see
    :mod:`~cityreports.report.texts`; the raw texts are then kept until the end): the folder
    is checked before reading and replaced in one rename at the end; a
    :class:`~cityreports.report.output.StagedFolder` is written into and left for the caller
    to commit (``cityreports extract`` commits it right after the tables).
    ``max_bytes`` and ``allow_outside`` are read options (see ``read_corpus``).
    """
    csv, parquet = check_format(fmt)
    time_limit = check_time_limit(time_limit)
    max_bytes = check_max_bytes(max_bytes)
    path = Path(source) if source is not None else default_corpus_path()
    out = Path(out)
    own_texts = texts is not None and not isinstance(texts, StagedFolder)
    staged_texts = stage_texts(texts) if own_texts else texts  # checked before any reading
    work = out / f".shards-{os.getpid()}"
    try:
        if executor is None:
            executor = make_executor(workers=workers, scheduler=scheduler)
        with executor:
            # the workers start (and load jieba) while the files are read, before this
            # process holds the corpus or runs a progress bar's thread
            executor.warm(warm_worker if segment else start_worker)
            raws, read_skipped = read_corpus(path, text_field=text_field, strict=strict,
                                             max_bytes=max_bytes, allow_outside=allow_outside)
            sha256 = corpus_sha256(raws)
            kept = raws if texts is not None else []
            # an empty corpus is one empty shard, which writes the header of every table
            shards = plan_shards(raws, shard_chars=shard_chars) or [Shard(0, ())]
            n_docs, n_shards = len(raws), len(shards)
            del raws  # the shards hold the documents now, and let go of each once it is sent
            work.mkdir(parents=True, exist_ok=True)
            shards.reverse()
            jobs = (ShardJob(shards.pop(), str(work), str(path), segment=segment, claims=claims,
                             table_format=fmt, time_limit=time_limit, dfm=dfm)
                    for _ in range(n_shards))
            bar = progress_bar(total=n_docs, unit="doc", desc="extract") if progress else None
            try:
                outputs = _map_shards(executor, jobs, n_shards, bar=bar, strict=strict)
            finally:
                if bar is not None:
                    bar.close()
        fingerprints = {d: f for o in outputs for d, f in o.fingerprints.items()}
        groups = groups_from_fingerprints(fingerprints)
        del fingerprints
        rows = assemble(out, work, outputs, groups.duplicate, source=str(path), csv=csv,
                        parquet=parquet, claims=claims)
        skipped = (*read_skipped, *(s for o in outputs for s in o.skipped))
        n_parsed = sum(len(o.documents) for o in outputs)
        summary = CorpusSummary(n_parsed, tuple(skipped), groups.duplicate, str(path), sha256)
        write_report(run_report(summary, rows), out / "report.json")  # type: ignore[arg-type]
        if dfm:
            parts = [o.dfm for o in outputs if o.dfm is not None]
            combined_dfm(parts, groups.duplicate).export_dfm(out / "dfm")
        if staged_texts is not None:
            parsed = {d for o in outputs for d in o.fingerprints}
            write_text_files([r for r in kept if r.doc_id in parsed], staged_texts.path)
            if own_texts:
                staged_texts.commit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if own_texts:
            staged_texts.discard()
    return ExtractSummary(n_parsed, tuple(skipped), groups.duplicate, rows, n_shards, out,
                          groups.event)
