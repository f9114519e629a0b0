"""Multi-record files: JSON, JSONL, CSV and XML records -> ``(n, fields)`` pairs, text, metadata.

Each record is read in isolation: a bad JSONL line becomes a :class:`~cityreports.records.Skipped`
entry naming ``file#n`` while the other lines are kept. A JSON nested too deeply for the parser
is a one-line :class:`~cityreports.errors.InputError`, not a ``RecursionError``.

Record fields feed ``metadata`` (title, date, author, url, source; see :func:`record_metadata`);
the text is the first of ``content``/``text``/``body`` (or the field asked for) and that field's
name is the document's ``text_source``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping

from cityreports.errors import InputError
from cityreports.ingest.converters import XML_FIELD_ROLES, parse_xml_records
from cityreports.records import Skipped

__all__ = [
    "DEFAULT_TEXT_FIELDS",
    "RECORD_FORMATS",
    "Record",
    "check_text_column",
    "parse_records",
    "record_metadata",
    "record_text",
]

#: Chinese crawler exports name their columns in Chinese (标题, 正文, 发布时间, 来源): read
#: after the English names.
DEFAULT_TEXT_FIELDS = ("content", "text", "body", "正文", "内容", "內容", "全文")
RECORD_FORMATS = frozenset({"json", "jsonl", "csv", "xml"})

# Record keys (lower-case) that feed each metadata key, first match wins.
_META_KEYS = {
    "title": ("title", "headline", "wz_title", "doctitle", "art_title", "标题", "標題", "题目"),
    "date": ("date", "published", "publish_date", "pub_date", "pubdate", "published_at",
             "pub_time", "publish_time", "pubtime", "release_date", "datetime", "time",
             "发布时间", "发布日期", "發布時間", "發布日期", "日期", "时间"),
    "author": ("author", "authors", "byline", "作者"),
    "url": ("url", "link", "链接", "网址"),
    "source": ("source", "publisher", "source_name", "来源", "來源"),
}
_XML_META_ROLES = ("title", "date", "author", "url", "source")

#: ``(n, fields)``: ``n`` is the 1-based record number, or 0 for the one object of a JSON file.
Record = tuple[int, Mapping[str, object]]


#: A UTF-16 surrogate with no partner: JSON may escape one (``"\\ud800"``), Unicode text cannot
#: hold it (UTF-8, Arrow and the CSV tables refuse it).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(obj: object) -> object:
    """``obj`` with every lone surrogate in its strings (keys too) replaced by U+FFFD, one for
    one, so that offsets into a field stay those of the JSON string (the same rule as XML's
    forbidden characters); the normaliser then marks them as lost characters. Iterative: a
    deeply nested value cannot exhaust the stack."""

    def fix(value: object) -> object:
        if isinstance(value, str) and _LONE_SURROGATE.search(value):
            return _LONE_SURROGATE.sub("\ufffd", value)
        return value

    root: list[object] = [obj]
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for i, value in enumerate(node):
                node[i] = fix(value)
                if isinstance(value, (list, dict)):
                    stack.append(value)
        elif isinstance(node, dict):
            for key in list(node):
                value = node.pop(key)
                node[fix(key)] = fix(value)
                if isinstance(value, (list, dict)):
                    stack.append(value)
    return root[0]


def _json_loads(text: str, *, path: str, what: str) -> object:
    try:
        return _without_lone_surrogates(json.loads(text))
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid {what}: {exc}") from exc
    except RecursionError as exc:
        raise InputError(path, f"invalid {what}: nested too deeply to read") from exc


def parse_records(text: str, *, fmt: str, path: str) -> tuple[list[Record], list[Skipped]]:
    """The records of a JSON, JSONL, CSV or XML file and the records that could not be parsed.

    A problem with the whole file raises :class:`InputError`.
    """
    if fmt == "json":
        obj = _json_loads(text, path=path, what="JSON")
        listed = _enveloped_records(obj) if isinstance(obj, dict) else None
        if listed is not None:  # an API answer: {"code": 200, "data": {"list": [{…}, …]}}
            return list(enumerate(listed, start=1)), []
        if isinstance(obj, dict):
            return [(0, obj)], []
        if isinstance(obj, list) and obj and all(isinstance(r, dict) for r in obj):
            return list(enumerate(obj, start=1)), []
        raise InputError(path, "JSON must be an object or a non-empty list of objects")
    if fmt == "jsonl":
        return _parse_jsonl(text, path=path)
    if fmt == "xml":
        return list(parse_xml_records(text, path=path)), []
    return _parse_csv(text, path=path), []


#: Levels of an API answer searched for its list of records, and the longest string an
#: envelope (not a record) may hold.
_ENVELOPE_DEPTH, _ENVELOPE_TEXT = 3, 200


def _enveloped_records(obj: dict, depth: int = 0) -> list[dict] | None:
    """The records of a JSON object that only wraps them (a site's API answer: ``code``,
    ``msg``, ``data.list``): the first non-empty list of objects among its values, searched
    :data:`_ENVELOPE_DEPTH` levels deep; None when the object holds text of its own (then it
    is a record itself)."""
    if depth > _ENVELOPE_DEPTH or any(
        isinstance(v, str) and len(v) > _ENVELOPE_TEXT for v in obj.values()
    ):
        return None
    for value in obj.values():
        if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
            return value
        if isinstance(value, dict):
            found = _enveloped_records(value, depth + 1)
            if found is not None:
                return found
    return None


def _parse_jsonl(text: str, *, path: str) -> tuple[list[Record], list[Skipped]]:
    """One record per non-blank line; a bad line is skipped as ``path#n``."""
    records: list[Record] = []
    skipped: list[Skipped] = []
    lines = (line for line in text.splitlines() if line.strip())
    for n, line in enumerate(lines, start=1):
        where = f"{path}#{n}"
        try:
            obj = _json_loads(line, path=where, what="JSON line")
        except InputError as exc:
            skipped.append(Skipped(where, exc.problem))
            continue
        if not isinstance(obj, dict):
            skipped.append(Skipped(where, "JSON line is not an object"))
            continue
        records.append((n, obj))
    if not records and not skipped:
        raise InputError(path, "no records")
    return records, skipped


def _parse_csv(text: str, *, path: str) -> list[Record]:
    """Rows as dicts; the csv field-size limit is raised while reading (long reports)."""
    old_limit = csv.field_size_limit(max(len(text) + 1, csv.field_size_limit()))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows: list[Record] = [(n, dict(row)) for n, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise InputError(path, f"invalid CSV: {exc}") from exc
    finally:
        csv.field_size_limit(old_limit)
    if not rows:
        raise InputError(path, "no rows")
    return rows


def _wanted_fields(fmt: str, text_field: str | None) -> tuple[str, ...]:
    if text_field:
        return (text_field.strip().lower(),)
    if fmt == "xml":
        return tuple(name for name, role in XML_FIELD_ROLES.items() if role == "text")
    return DEFAULT_TEXT_FIELDS


def _find_text_key(keys: object, wanted: tuple[str, ...]) -> str | None:
    names = {str(k).strip().lower(): k for k in keys}  # type: ignore[attr-defined]
    for name in wanted:
        if name in names:
            return names[name]
    return None


def _missing_text_field(
    text_field: str | None, wanted: tuple[str, ...], *, columns: list[str] | None = None
) -> str:
    tried = f"'{text_field}'" if text_field else f"(tried {', '.join(wanted)})"
    found = f"; columns: {', '.join(map(str, columns))}" if columns is not None else ""
    return f"missing text field {tried}{found}"


def check_text_column(
    records: list[Record], *, fmt: str, text_field: str | None, path: str
) -> None:
    """A CSV whose header has no text column is one problem, not one per row."""
    if fmt != "csv" or not records:
        return
    columns = list(records[0][1].keys())
    wanted = _wanted_fields(fmt, text_field)
    if _find_text_key(columns, wanted) is None:
        raise InputError(path, _missing_text_field(text_field, wanted, columns=columns))


def record_text(
    record: Mapping[str, object], *, fmt: str, text_field: str | None, path: str
) -> tuple[str, str]:
    """``(text, field name)`` of a record; :class:`InputError` naming ``path`` if it has none."""
    wanted = _wanted_fields(fmt, text_field)
    key = _find_text_key(record.keys(), wanted)
    if key is None:
        raise InputError(path, _missing_text_field(text_field, wanted))
    value = record[key]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n".join(value)
    if not isinstance(value, str):
        raise InputError(path, f"text field '{key}' is not a string")
    if not value.strip():
        raise InputError(path, f"empty text field '{key}'")
    return value, str(key)


def _meta_value(value: object) -> str:
    if value is None or isinstance(value, dict):
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(s for s in (_meta_value(v) for v in value) if s)
    if hasattr(value, "isoformat"):  # dates parsed by YAML
        return value.isoformat()  # type: ignore[no-any-return]
    return str(value).strip()


def record_metadata(record: Mapping[str, object], *, fmt: str = "json") -> dict[str, str]:
    """Metadata keys title, date, author, url, source from a record's (aliased) fields.

    XML records name their fields by :data:`~cityreports.ingest.converters.XML_FIELD_ROLES`
    (``contenttitle`` is the title of a Sogou record); the first field of each role wins.
    """
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    meta: dict[str, str] = {}
    if fmt == "xml":
        for name, value in lowered.items():
            role = XML_FIELD_ROLES.get(name)
            text = _meta_value(value)
            if role in _XML_META_ROLES and text and role not in meta:
                meta[role] = " ".join(text.split())
        return meta
    for key, aliases in _META_KEYS.items():
        for alias in aliases:
            value = _meta_value(lowered.get(alias))
            if value:
                meta[key] = _epoch_date(value) if key == "date" else value
                break
    return meta


def _epoch_date(value: str) -> str:
    """A date given as Unix time in seconds or milliseconds (1709600000000) as yyyy-mm-dd in
    UTC+8, the time of the sites that write it; any other value as it is."""
    if not value.isdigit() or len(value) not in (10, 13):
        return value
    seconds = int(value) / (1000 if len(value) == 13 else 1)
    when = dt.datetime.fromtimestamp(seconds, dt.timezone(dt.timedelta(hours=8)))
    return when.date().isoformat()
