"""Read a corpus: a folder of report files, a manifest CSV, or a single file.

A corpus is a folder (read recursively, hidden entries skipped) or a manifest CSV with columns
``doc_id,file[,title,date,source,url,notes,...]``; a folder holding ``corpus.csv`` is read as that
manifest. Non-empty manifest columns (except ``doc_id``, ``file``, ``notes``) override the file's
metadata, and ``metadata["manifest_fields"]`` lists them comma-separated.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from cityreports.errors import InputError, ParameterError
from cityreports.ingest.decode import decode_bytes
from cityreports.ingest.formats import doc_id_for, read_bytes, read_records
from cityreports.records import RawDocument, Skipped

__all__ = ["MANIFEST_NAME", "read_corpus"]

MANIFEST_NAME = "corpus.csv"
_MANIFEST_SKIP_COLUMNS = frozenset({"doc_id", "file", "notes"})


def read_corpus(
    source: str | os.PathLike[str], *, text_field: str | None = None, strict: bool = False
) -> tuple[list[RawDocument], list[Skipped]]:
    """Read a corpus folder, manifest CSV or single report file.

    Returns documents sorted by ``doc_id`` (plain string order) and the skipped files/records
    with reasons, in reading order. ``strict=True`` raises the first problem instead.
    """
    source = Path(source)
    if source.is_dir():
        manifest = source / MANIFEST_NAME
        if manifest.is_file():
            items = _manifest_items(manifest, text_field=text_field)
        else:
            items = _folder_items(source, text_field=text_field)
    elif source.is_file():
        if source.suffix.lower() == ".csv" and _is_manifest(source):
            items = _manifest_items(source, text_field=text_field)
        else:
            items = iter(
                [
                    _file_item(
                        source, doc_id=doc_id_for(source, root=source.parent), text_field=text_field
                    )
                ]
            )
    else:
        raise InputError(str(source), "no such file or folder")
    docs: dict[str, RawDocument] = {}
    skipped: list[Skipped] = []
    for found, problems in items:
        for problem in problems:
            if strict:
                raise InputError(problem.path, problem.reason)
            skipped.append(problem)
        for doc in found:
            if doc.doc_id in docs:
                first = docs[doc.doc_id].path
                reason = f"duplicate doc_id '{doc.doc_id}' (first: {first})"
                if strict:
                    raise InputError(doc.path, reason)
                skipped.append(Skipped(doc.path, reason))
                continue
            docs[doc.doc_id] = doc
    return sorted(docs.values(), key=lambda d: d.doc_id), skipped


_Item = tuple[list[RawDocument], list[Skipped]]


def _file_item(path: Path, *, doc_id: str, text_field: str | None) -> _Item:
    try:
        return read_records(path, doc_id=doc_id, text_field=text_field)
    except InputError as exc:
        return [], [Skipped(exc.path, exc.problem)]


def _folder_items(root: Path, *, text_field: str | None) -> Iterator[_Item]:
    for path in _walk(root):
        yield _file_item(path, doc_id=doc_id_for(path, root=root), text_field=text_field)


def _walk(root: Path) -> list[Path]:
    """Non-hidden files below ``root``, sorted by relative POSIX path."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(folder) / f for f in files if not f.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _read_manifest(manifest: Path) -> list[dict[str, str]]:
    text, _ = decode_bytes(read_bytes(manifest), path=str(manifest))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = [(f or "").strip().lower() for f in reader.fieldnames or []]
        rows = [
            {
                k.strip().lower(): v.strip()
                for k, v in row.items()
                if isinstance(k, str) and isinstance(v, str)
            }
            for row in reader
        ]
    except csv.Error as exc:
        raise InputError(str(manifest), f"invalid manifest CSV: {exc}") from exc
    if "file" not in fields:
        raise InputError(str(manifest), "manifest has no 'file' column")
    return rows


def _is_manifest(path: Path) -> bool:
    try:
        _read_manifest(path)
    except InputError:
        return False
    return True


def _manifest_items(manifest: Path, *, text_field: str | None) -> Iterator[_Item]:
    rows = _read_manifest(manifest)
    base = manifest.parent
    for n, row in enumerate(rows, start=1):
        where = f"{manifest}#{n}"
        if not row.get("file"):
            yield [], [Skipped(where, "manifest row has an empty 'file' column")]
            continue
        path = base / row["file"]
        if not path.is_file():
            yield [], [Skipped(str(path), f"file not found (manifest row {n})")]
            continue
        try:
            doc_id = row.get("doc_id") or doc_id_for(path, root=base)
        except ParameterError:
            yield (
                [],
                [Skipped(str(path), f"file outside the manifest folder (row {n}) needs a doc_id")],
            )
            continue
        found, problems = _file_item(path, doc_id=doc_id, text_field=text_field)
        overrides = {k: v for k, v in row.items() if v and k and k not in _MANIFEST_SKIP_COLUMNS}
        if overrides:
            found = [_with_manifest_fields(doc, overrides) for doc in found]
        yield found, problems


def _with_manifest_fields(doc: RawDocument, overrides: Mapping[str, str]) -> RawDocument:
    metadata = {**doc.metadata, **overrides, "manifest_fields": ",".join(sorted(overrides))}
    return RawDocument(
        doc.doc_id, doc.path, doc.format, doc.encoding, doc.sha256, doc.raw_text, metadata
    )
