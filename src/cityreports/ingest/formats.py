"""Read one report file into :class:`~cityreports.records.RawDocument` records.

Formats: ``.txt``; ``.md`` with optional YAML front matter (``raw_text`` is the body after the
front matter, so offsets index the report text; front-matter fields go into ``metadata``);
``.json`` (one record, or a list of records); ``.jsonl`` and ``.csv`` (one report per record).
Records of multi-record files get ``doc_id`` ``<id>#<n>`` (n = 1-based record number) and
``sha256`` of the record's text encoded as UTF-8; every other ``sha256`` is of the file's bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from cityreports.errors import InputError, ParameterError
from cityreports.ingest.decode import decode_bytes
from cityreports.records import RawDocument, Skipped

__all__ = [
    "DEFAULT_TEXT_FIELDS",
    "FORMATS",
    "doc_id_for",
    "read_bytes",
    "read_file",
    "read_records",
    "record_metadata",
    "split_front_matter",
]

#: File suffix -> format name.
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}

DEFAULT_TEXT_FIELDS = ("content", "text", "body")

# Record keys (lower-case) that feed each metadata key, first match wins.
_META_KEYS = {
    "title": ("title", "headline"),
    "date": ("date", "published", "publish_date", "pub_date", "pubdate", "published_at"),
    "author": ("author", "authors", "byline"),
    "url": ("url", "link"),
    "source": ("source", "publisher"),
}

_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


def read_file(
    path: str | os.PathLike[str], *, root: str | os.PathLike[str], text_field: str | None = None
) -> list[RawDocument]:
    """Read one report file (one or more records); ``doc_id`` is its path relative to ``root``.

    Raises :class:`InputError` for any problem, including one bad record of a multi-record file.
    """
    path = Path(path)
    docs, skipped = read_records(
        path, doc_id=doc_id_for(path, root=Path(root)), text_field=text_field
    )
    if skipped:
        raise InputError(skipped[0].path, skipped[0].reason)
    return docs


def doc_id_for(path: Path, *, root: Path) -> str:
    try:
        rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError as exc:
        raise ParameterError("root", f"{path} is not inside {root}") from exc
    return rel.with_suffix("").as_posix()


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(str(path), "no such file") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from exc


def read_records(
    path: Path, *, doc_id: str, text_field: str | None
) -> tuple[list[RawDocument], list[Skipped]]:
    """Documents of one file plus skipped records; whole-file problems raise InputError."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), f"unknown format '{path.suffix or '(no suffix)'}'")
    data = read_bytes(path)
    text, encoding = decode_bytes(data, path=str(path))
    sha = hashlib.sha256(data).hexdigest()
    if fmt in ("txt", "md"):
        metadata: dict[str, str] = {}
        if fmt == "md":
            text, metadata = split_front_matter(text)
        if not text.strip():
            raise InputError(str(path), "no text (only whitespace)")
        doc = RawDocument(doc_id, str(path), fmt, encoding, sha, text, metadata)
        return [doc], []
    records = _parse_records(text, fmt=fmt, path=str(path))
    columns = records[0][1].keys() if fmt == "csv" and records else None
    if columns is not None and _find_text_key(columns, text_field) is None:
        raise InputError(str(path), _missing_text_field(text_field, columns=list(columns)))
    single = fmt == "json" and len(records) == 1 and records[0][0] == 0
    docs: list[RawDocument] = []
    skipped: list[Skipped] = []
    for n, record in records:
        where = str(path) if single else f"{path}#{n}"
        try:
            body = _record_text(record, text_field=text_field, path=where)
        except InputError as exc:
            skipped.append(Skipped(where, exc.problem))
            continue
        meta = record_metadata(record)
        if single:
            docs.append(RawDocument(doc_id, str(path), fmt, encoding, sha, body, meta))
        else:
            rec_sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
            docs.append(RawDocument(f"{doc_id}#{n}", str(path), fmt, encoding, rec_sha, body, meta))
    return docs, skipped


def _parse_records(text: str, *, fmt: str, path: str) -> list[tuple[int, Mapping[str, object]]]:
    """``(n, record)`` pairs; ``n`` is 1-based, or 0 for the single object of a JSON file."""
    if fmt == "json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON: {exc}") from exc
        if isinstance(obj, dict):
            return [(0, obj)]
        if isinstance(obj, list) and obj and all(isinstance(r, dict) for r in obj):
            return list(enumerate(obj, start=1))
        raise InputError(path, "JSON must be an object or a non-empty list of objects")
    if fmt == "jsonl":
        return _parse_jsonl(text, path=path)
    return _parse_csv(text, path=path)


def _parse_jsonl(text: str, *, path: str) -> list[tuple[int, Mapping[str, object]]]:
    records: list[tuple[int, Mapping[str, object]]] = []
    lines = (line for line in text.splitlines() if line.strip())
    for n, line in enumerate(lines, start=1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}#{n}", f"invalid JSON line: {exc}") from exc
        if not isinstance(obj, dict):
            raise InputError(f"{path}#{n}", "JSON line is not an object")
        records.append((n, obj))
    if not records:
        raise InputError(path, "no records")
    return records


def _parse_csv(text: str, *, path: str) -> list[tuple[int, Mapping[str, object]]]:
    """Rows as dicts; the csv field-size limit is raised while reading (long reports)."""
    old_limit = csv.field_size_limit(max(len(text) + 1, csv.field_size_limit()))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = [(n, dict(row)) for n, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise InputError(path, f"invalid CSV: {exc}") from exc
    finally:
        csv.field_size_limit(old_limit)
    if not rows:
        raise InputError(path, "no rows")
    return rows


def _find_text_key(keys: object, text_field: str | None) -> str | None:
    names = {str(k).strip().lower(): k for k in keys}  # type: ignore[attr-defined]
    wanted = (text_field.strip().lower(),) if text_field else DEFAULT_TEXT_FIELDS
    for name in wanted:
        if name in names:
            return names[name]
    return None


def _missing_text_field(text_field: str | None, *, columns: list[str] | None = None) -> str:
    tried = f"'{text_field}'" if text_field else f"(tried {', '.join(DEFAULT_TEXT_FIELDS)})"
    found = f"; columns: {', '.join(map(str, columns))}" if columns is not None else ""
    return f"missing text field {tried}{found}"


def _record_text(record: Mapping[str, object], *, text_field: str | None, path: str) -> str:
    key = _find_text_key(record.keys(), text_field)
    if key is None:
        raise InputError(path, _missing_text_field(text_field))
    value = record[key]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n".join(value)
    if not isinstance(value, str):
        raise InputError(path, f"text field '{key}' is not a string")
    if not value.strip():
        raise InputError(path, f"empty text field '{key}'")
    return value


def _meta_value(value: object) -> str:
    if value is None or isinstance(value, dict):
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(s for s in (_meta_value(v) for v in value) if s)
    if hasattr(value, "isoformat"):  # dates parsed by YAML
        return value.isoformat()  # type: ignore[no-any-return]
    return str(value).strip()


def record_metadata(record: Mapping[str, object]) -> dict[str, str]:
    """Metadata keys title, date, author, url, source from a record's (aliased) fields."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    meta: dict[str, str] = {}
    for key, aliases in _META_KEYS.items():
        for alias in aliases:
            value = _meta_value(lowered.get(alias))
            if value:
                meta[key] = value
                break
    return meta


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """Split YAML front matter off a Markdown text: ``(body, metadata)``.

    Without a well-formed front matter (``---`` line, YAML mapping, ``---``/``...`` line) the
    text is returned whole with empty metadata.
    """
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is None:
        return text, {}
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if closing is None:
        return text, {}
    try:
        data = yaml.safe_load(text[opening.end() : closing.start()])
    except yaml.YAMLError:
        return text, {}
    if not isinstance(data, dict):
        return text, {}
    return text[closing.end() :], record_metadata(data)

