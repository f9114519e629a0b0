"""Read a corpus: a folder of report files, a manifest CSV, or a single file.

A corpus is a folder (read recursively, hidden entries skipped) or a manifest CSV with columns
``doc_id,file[,title,date,source,url,notes,...]``; a folder holding ``corpus.csv`` is read as that
manifest. A file's doc_id is its path below the folder without the suffix (with it when two
files differ only by suffix). Non-empty manifest columns (except ``doc_id``, ``file``, ``notes``)
override the file's metadata, and ``metadata["manifest_fields"]`` lists them comma-separated.

The corpus root is the folder (or the manifest's folder). Files outside it are not read unless
``allow_outside=True``: a manifest row with an absolute path or ``..`` that leaves the root, and
a symlink (in the folder or named by the manifest) that resolves outside the root, are each a
one-line skip. Every file is read in isolation: whatever goes wrong with one file (or record)
becomes a :class:`~cityreports.records.Skipped` entry and the others are read.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path

from cityreports.errors import InputError, ParameterError
from cityreports.ingest.decode import decode_bytes
from cityreports.ingest.files import DEFAULT_MAX_BYTES, check_max_bytes, read_bytes
from cityreports.ingest.formats import doc_id_for, read_records
from cityreports.records import RawDocument, Skipped

__all__ = ["MANIFEST_NAME", "folder_doc_ids", "read_corpus"]

MANIFEST_NAME = "corpus.csv"
_MANIFEST_SKIP_COLUMNS = frozenset({"doc_id", "file", "notes"})
_ALLOW_HINT = "not read (--allow-outside or allow_outside=True reads it)"

_Item = tuple[list[RawDocument], list[Skipped]]


def read_corpus(
    source: str | os.PathLike[str],
    *,
    text_field: str | None = None,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_outside: bool = False,
) -> tuple[list[RawDocument], list[Skipped]]:
    """Read a corpus folder, manifest CSV or single report file.

    Returns documents sorted by ``doc_id`` (plain string order) and the skipped files/records
    with reasons, in reading order. ``strict=True`` raises the first problem instead.
    ``max_bytes`` is the largest file read; ``allow_outside=True`` reads manifest paths and
    symlinks that lead outside the corpus folder. A front matter that could not be parsed is
    reported as a skip of the front matter; its document is read.
    """
    if isinstance(source, str) and not source.strip():
        raise ParameterError("corpus", "empty path (give a folder, manifest CSV or file)")
    options = {"text_field": text_field, "max_bytes": check_max_bytes(max_bytes)}
    source = Path(source)
    if source.is_dir():
        manifest = source / MANIFEST_NAME
        if manifest.is_file():
            items = _manifest_items(manifest, allow_outside=allow_outside, **options)
        else:
            items = _folder_items(source, allow_outside=allow_outside, **options)
    elif os.path.lexists(source):
        if source.suffix.lower() == ".csv" and _is_manifest(source, max_bytes=max_bytes):
            items = _manifest_items(source, allow_outside=allow_outside, **options)
        else:
            doc_id = doc_id_for(source, root=source.parent)
            items = iter([_file_item(source, doc_id=doc_id, **options)])
    else:
        raise InputError(str(source), "no such file or folder")
    return _collect(items, strict=strict)


def _collect(items: Iterator[_Item], *, strict: bool) -> tuple[list[RawDocument], list[Skipped]]:
    """Documents by doc_id (the first of a duplicate wins) and every problem in reading order."""
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
            problem = doc.metadata.get("front_matter_problem")
            if problem:
                skipped.append(Skipped(doc.path, f"{problem}; kept as front matter text"))
    return sorted(docs.values(), key=lambda d: d.doc_id), skipped


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _file_item(path: Path, *, doc_id: str, text_field: str | None, max_bytes: int) -> _Item:
    """The documents of one file, or its problem; nothing raised escapes (but interrupts)."""
    try:
        return read_records(path, doc_id=doc_id, text_field=text_field, max_bytes=max_bytes)
    except InputError as exc:
        return [], [Skipped(exc.path, exc.problem)]
    except RecursionError:
        return [], [Skipped(str(path), "nested too deeply to read")]
    except Exception as exc:  # a reader or converter failure on a strange file: skip that file
        return [], [Skipped(str(path), f"cannot read ({_one_line(exc)})")]


def _outside(path: Path, root: Path) -> str | None:
    """Why ``path`` (after symlinks) is outside ``root``, or None if it is inside."""
    real = Path(os.path.realpath(path))
    if real.is_relative_to(os.path.realpath(root)):
        return None
    how = "symbolic link to a file" if os.path.islink(path) else "file"
    return f"{how} outside the corpus folder ({real}), {_ALLOW_HINT}"


def _folder_items(
    root: Path, *, text_field: str | None, max_bytes: int, allow_outside: bool
) -> Iterator[_Item]:
    paths, problems = _walk(root)
    if problems:
        yield [], problems
    doc_ids = folder_doc_ids(paths, root=root)
    for path in paths:
        outside = None if allow_outside else _outside(path, root)
        if outside:
            yield [], [Skipped(str(path), outside)]
            continue
        yield _file_item(path, doc_id=doc_ids[path], text_field=text_field, max_bytes=max_bytes)


def folder_doc_ids(paths: list[Path], *, root: Path) -> dict[Path, str]:
    """doc_id of each file: its path below ``root`` without the suffix, or with it when another
    file has the same path but another suffix (``report.docx`` and ``report.txt`` beside it are
    the documents ``report.docx`` and ``report.txt``, not one doc_id read twice)."""
    stems = {path: doc_id_for(path, root=root) for path in paths}
    counts = Counter(stems.values())
    return {
        path: stem if counts[stem] == 1 else f"{stem}{path.suffix}" for path, stem in stems.items()
    }


def _walk(root: Path) -> tuple[list[Path], list[Skipped]]:
    """Non-hidden files below ``root`` sorted by relative POSIX path, and the folders not read.

    Symlinked folders are not entered (no loops, nothing outside the root that way); each is
    reported, as is a folder that cannot be listed.
    """
    found: list[Path] = []
    problems: list[Skipped] = []

    def unreadable(exc: OSError) -> None:
        problems.append(Skipped(str(exc.filename), f"cannot read folder: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in dirs:
            if os.path.islink(os.path.join(folder, name)):
                link = Path(folder) / name
                problems.append(Skipped(str(link), "symbolic link to a folder, not followed"))
        found.extend(Path(folder) / f for f in files if not f.startswith("."))
    problems.sort(key=lambda s: s.path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix()), problems


def _read_manifest(manifest: Path, *, max_bytes: int) -> list[dict[str, str]]:
    text, _ = decode_bytes(read_bytes(manifest, max_bytes=max_bytes), path=str(manifest))
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


def _is_manifest(path: Path, *, max_bytes: int) -> bool:
    try:
        _read_manifest(path, max_bytes=max_bytes)
    except InputError:
        return False
    return True


def _manifest_row_path(
    base: Path, name: str, *, n: int, allow_outside: bool
) -> tuple[Path | None, str]:
    """The file a manifest row names, or None and why it is not read."""
    path = base / name
    if not allow_outside:  # checked first: whether a file outside exists is not told either
        if Path(name).is_absolute():
            return None, f"absolute path in manifest row {n}, {_ALLOW_HINT}"
        outside = _outside(path, base)
        if outside:
            return None, f"{outside} (manifest row {n})"
    if not os.path.lexists(path):
        return None, f"file not found (manifest row {n})"
    return path, ""


def _manifest_items(
    manifest: Path, *, text_field: str | None, max_bytes: int, allow_outside: bool
) -> Iterator[_Item]:
    rows = _read_manifest(manifest, max_bytes=max_bytes)
    base = manifest.parent
    for n, row in enumerate(rows, start=1):
        where = f"{manifest}#{n}"
        if not row.get("file"):
            yield [], [Skipped(where, "manifest row has an empty 'file' column")]
            continue
        path, problem = _manifest_row_path(base, row["file"], n=n, allow_outside=allow_outside)
        if path is None:
            yield [], [Skipped(str(base / row["file"]), problem)]
            continue
        try:
            doc_id = row.get("doc_id") or doc_id_for(path, root=base)
        except ParameterError:
            yield (
                [],
                [Skipped(str(path), f"file outside the manifest folder (row {n}) needs a doc_id")],
            )
            continue
        found, problems = _file_item(path, doc_id=doc_id, text_field=text_field,
                                     max_bytes=max_bytes)
        overrides = {k: v for k, v in row.items() if v and k and k not in _MANIFEST_SKIP_COLUMNS}
        if overrides:
            found = [_with_manifest_fields(doc, overrides) for doc in found]
        yield found, problems


def _with_manifest_fields(doc: RawDocument, overrides: Mapping[str, str]) -> RawDocument:
    metadata = {**doc.metadata, **overrides, "manifest_fields": ",".join(sorted(overrides))}
    return RawDocument(
        doc.doc_id, doc.path, doc.format, doc.encoding, doc.sha256, doc.raw_text, metadata
    )
