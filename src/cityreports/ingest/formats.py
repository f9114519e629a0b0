"""Read one report file into :class:`~cityreports.records.RawDocument` records.

The format is judged by content first (:func:`~cityreports.ingest.converters.sniff_format`: a
DOCX saved as ``.txt`` is read as DOCX, a Sogou ``.dat`` file as XML records), then by suffix
(:data:`FORMATS`).

What ``raw_text`` is, i.e. what the character offsets of every table index (the offset contract,
``docs/offsets.md``):

* ``.txt`` and ``.md``: the decoded file, nothing removed; a Markdown file's YAML front matter
  stays in it (``metadata["front_matter_end"]`` says where it ends) and its fields go into
  ``metadata``;
* records (``.json`` object or list, ``.jsonl``, ``.csv`` rows, XML ``<doc>`` records): the
  record's text field as the parser gives it (JSON escapes such as ``\\/`` decoded; XML entities
  decoded and line ends turned into LF);
* converted formats (DOCX, DOC, RTF, ODT, OFD, PDF, HTML, MHTML): the text the converter
  extracted (PDF and OFD pages and page breaks of DOC, RTF and ODT become form feeds).

``metadata["text_source"]`` names where the text came from: ``file``, the record field
(``content``), or the extractor (``python-docx``, ``ms-doc``, ``striprtf``, ``lxml-odf``,
``pdfplumber``, ``trafilatura``, ``lxml``).
Records of multi-record files get ``doc_id`` ``<id>#<n>`` (n = 1-based record number) and
``sha256`` of the record's text encoded as UTF-8; every other ``sha256`` is of the file's bytes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from cityreports.errors import InputError, ParameterError
from cityreports.ingest.converters import (
    ConvertedText,
    convert_doc,
    convert_docx,
    convert_html,
    convert_mhtml,
    convert_odt,
    convert_ofd,
    convert_pdf,
    convert_rtf,
    sniff_format,
)
from cityreports.ingest.decode import decode_bytes
from cityreports.ingest.files import DEFAULT_MAX_BYTES, check_max_bytes, read_bytes
from cityreports.ingest.front_matter import find_front_matter
from cityreports.ingest.html_pages import fragment_text, is_html_fragment
from cityreports.ingest.record_files import (
    RECORD_FORMATS,
    check_text_column,
    parse_records,
    record_metadata,
    record_text,
)
from cityreports.ingest.word97 import OLE_MAGIC
from cityreports.records import RawDocument, Skipped

__all__ = ["FORMATS", "TEXT_SOURCE_FILE", "doc_id_for", "read_file", "read_records"]

#: File suffix -> format name (when the content does not say otherwise).
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".xml": "xml",
    ".docx": "docx",
    ".doc": "doc",
    ".rtf": "rtf",
    ".odt": "odt",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".mht": "mhtml",
    ".mhtml": "mhtml",
    ".ofd": "ofd",
}

#: ``text_source`` of a ``.txt``/``.md`` document: its text is the whole decoded file.
TEXT_SOURCE_FILE = "file"

_CONVERTERS: dict[str, Callable[..., ConvertedText]] = {
    "docx": convert_docx,
    "doc": convert_doc,
    "rtf": convert_rtf,
    "odt": convert_odt,
    "pdf": convert_pdf,
    "html": convert_html,
    "mhtml": convert_mhtml,
    "ofd": convert_ofd,
}
#: Bytes read to judge the format of a file whose suffix names no format.
_SNIFF_PREFIX = 65_536


def read_file(
    path: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str],
    text_field: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[RawDocument]:
    """Read one report file (one or more records); ``doc_id`` is its path relative to ``root``.

    Raises :class:`InputError` for any problem, including one bad record of a multi-record file.
    """
    path = Path(path)
    docs, skipped = read_records(
        path, doc_id=doc_id_for(path, root=Path(root)), text_field=text_field,
        max_bytes=check_max_bytes(max_bytes),
    )
    if skipped:
        raise InputError(skipped[0].path, skipped[0].reason)
    return docs


def doc_id_for(path: Path, *, root: Path) -> str:
    """``path`` relative to ``root``, POSIX style, without its suffix."""
    try:
        rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError as exc:
        raise ParameterError("root", f"{path} is not inside {root}") from exc
    return rel.with_suffix("").as_posix()


def _format_and_bytes(path: Path, *, max_bytes: int) -> tuple[str, bytes, str | None]:
    """``(format, bytes, sniffed format)``: content first, then suffix.

    A file whose suffix names no format is judged by its first bytes and read whole only when
    they show DOCX, DOC, ODT, OFD, RTF, PDF, HTML, MHTML or XML.
    """
    by_suffix = FORMATS.get(path.suffix.lower())
    if by_suffix is None:
        head = read_bytes(path, max_bytes=max_bytes, prefix=_SNIFF_PREFIX)
        sniffed = sniff_format(head, suffix=path.suffix) if head else None
        if sniffed is None:
            shown = path.suffix or "(no suffix)"
            raise InputError(
                str(path),
                f"unknown format '{shown}' (not DOCX, DOC, ODT, OFD, RTF, PDF, HTML, MHTML or XML "
                "by content)",
            )
        return sniffed, read_bytes(path, max_bytes=max_bytes), sniffed
    data = read_bytes(path, max_bytes=max_bytes)
    sniffed = sniff_format(data, suffix=path.suffix) if data else None
    return sniffed or by_suffix, data, sniffed


def read_records(
    path: Path, *, doc_id: str, text_field: str | None, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[RawDocument], list[Skipped]]:
    """Documents of one file plus skipped records; whole-file problems raise InputError."""
    fmt, data, sniffed = _format_and_bytes(path, max_bytes=max_bytes)
    by_suffix = FORMATS.get(path.suffix.lower())
    if sniffed is None and fmt in _WORD_FORMATS and _is_plain_text(data, path=str(path)):
        fmt = "txt"  # plain text saved as .doc (an old site's "Word" download): read as text
    if fmt in _CONVERTERS:
        return [_converted(path, data, fmt=fmt, doc_id=doc_id)], []
    text, encoding = decode_bytes(data, path=str(path))
    sha = hashlib.sha256(data).hexdigest()
    if fmt in RECORD_FORMATS:
        try:
            return _records(path, text, fmt=fmt, encoding=encoding, sha=sha, doc_id=doc_id,
                            text_field=text_field)
        except InputError:
            if not (sniffed and by_suffix in ("txt", "md")):
                raise
            fmt = by_suffix  # a text file that merely opens like XML: read it as text
    return [_text_document(path, text, fmt=fmt, encoding=encoding, sha=sha, doc_id=doc_id)], []


#: Formats whose suffix a plain-text file may carry: old sites serve text as a .doc
#: "Word" download (as they serve RTF and HTML). A text .docx or .odt stays refused: those
#: suffixes promise a zip archive.
_WORD_FORMATS = frozenset({"doc"})
#: Share of printable characters (line ends, tabs and form feeds count) in the first 4096
#: characters that makes a file with a Word suffix plain text.
_PRINTABLE_SHARE = 0.95


def _is_plain_text(data: bytes, *, path: str) -> bool:
    """Whether a file that is no DOC by content is text: it does not open like a zip
    archive or a compound file (a broken one), has no NUL byte in its start (unless it opens
    with a UTF-16 byte order mark), decodes, and almost every character of its start is
    printable or a space."""
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # its NUL bytes are ASCII's halves
    if not data.strip() or data.startswith((b"PK", OLE_MAGIC[:4])) or (
        not utf16 and b"\x00" in data[:4096]
    ):
        return False
    try:
        text = decode_bytes(data, path=path)[0][:4096]
    except InputError:
        return False
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)  # U+3000 indents count
    return printable >= _PRINTABLE_SHARE * len(text)


def _text_document(
    path: Path, text: str, *, fmt: str, encoding: str, sha: str, doc_id: str
) -> RawDocument:
    """A ``.txt``/``.md`` document: the whole decoded file, front matter included."""
    metadata: dict[str, str] = {"text_source": TEXT_SOURCE_FILE}
    body_start = 0
    if fmt == "md":
        front = find_front_matter(text)
        if front.end:
            body_start = front.end
            metadata.update(record_metadata(front.fields))
            metadata["front_matter_end"] = str(front.end)
            if front.problem:
                metadata["front_matter_problem"] = front.problem
    if not text[body_start:].strip():
        raise InputError(str(path), "no text (only whitespace)")
    return RawDocument(doc_id, str(path), fmt, encoding, sha, text, metadata)


def _converted(path: Path, data: bytes, *, fmt: str, doc_id: str) -> RawDocument:
    """A DOCX, PDF or HTML file through its converter."""
    converted = _CONVERTERS[fmt](data, path=str(path))
    if not converted.text.strip():
        raise InputError(str(path), f"no text in the {fmt.upper()} file")
    metadata = {**converted.metadata, "text_source": converted.text_source}
    encoding = fmt
    if fmt == "html":
        try:
            encoding = decode_bytes(data, path=str(path))[1]
        except InputError:
            encoding = "html"
    sha = hashlib.sha256(data).hexdigest()
    return RawDocument(doc_id, str(path), fmt, encoding, sha, converted.text, metadata)


def _records(
    path: Path, text: str, *, fmt: str, encoding: str, sha: str, doc_id: str,
    text_field: str | None,
) -> tuple[list[RawDocument], list[Skipped]]:
    """The documents of a JSON, JSONL, CSV or XML file, one per record."""
    records, skipped = parse_records(text, fmt=fmt, path=str(path))
    check_text_column(records, fmt=fmt, text_field=text_field, path=str(path))
    single = fmt == "json" and len(records) == 1 and records[0][0] == 0
    docs: list[RawDocument] = []
    for n, record in records:
        where = str(path) if single else f"{path}#{n}"
        try:
            body, field = record_text(record, fmt=fmt, text_field=text_field, path=where)
        except InputError as exc:
            skipped.append(Skipped(where, exc.problem))
            continue
        meta = {**record_metadata(record, fmt=fmt), "text_source": field}
        if is_html_fragment(body):  # a scraped article's HTML in its record: its visible text
            body, meta["text_source"] = fragment_text(body), f"{field} (html)"
            if not body.strip():
                skipped.append(Skipped(where, f"no text in the HTML of field '{field}'"))
                continue
        if single:
            docs.append(RawDocument(doc_id, str(path), fmt, encoding, sha, body, meta))
        else:
            rec_sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
            docs.append(RawDocument(f"{doc_id}#{n}", str(path), fmt, encoding, rec_sha, body, meta))
    skipped.sort(key=lambda s: _record_number(s.path))
    return docs, skipped


def _record_number(where: str) -> int:
    number = where.rpartition("#")[2]
    return int(number) if number.isdigit() else 0
