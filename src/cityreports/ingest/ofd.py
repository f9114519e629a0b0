"""OFD (GB/T 33190, the Chinese fixed-layout format that government portals publish beside or
instead of PDF): the text of its pages.

An OFD file is a zip archive: ``OFD.xml`` names the document (``DocRoot``, and its title,
author and dates in ``DocInfo``); the document's ``Document.xml`` lists its pages in order,
each a ``Content.xml`` of layers of ``TextObject``\\ s (a ``Boundary`` box in millimetres,
then ``TextCode`` runs at ``X``/``Y`` inside it). No well-kept Python library reads OFD text
(easyofd renders pages to images and PDF, with OpenCV and PyMuPDF), so the XML is read here
with lxml: the text runs of a page are put in reading order — lines by their baseline (runs
whose baselines lie within half a character height are one line), each line left to right —
one line of text per line, pages joined by form feeds as for PDF (the normaliser then joins
hard-wrapped lines and sentences cut by a page break). Page templates (running heads, page
numbers) and annotations are left out; a run's ``DeltaX`` spacing is not needed, as its text
is one string.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from cityreports.errors import InputError
from cityreports.ingest.converted import ConvertedText, _iso_date, _put, zip_problem

__all__ = ["OFD_ROOT", "convert_ofd", "is_ofd"]

#: The entry every OFD archive holds.
OFD_ROOT = "OFD.xml"
#: Most pages read (a bound on the work of a hostile file, far above any report).
MAX_PAGES = 5000


def is_ofd(data: bytes) -> bool:
    """Whether a zip archive is an OFD file (its first entries name ``OFD.xml``)."""
    return data[:4] == b"PK\x03\x04" and OFD_ROOT.encode() in data[:65536]


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(node: etree._Element, name: str) -> list[etree._Element]:
    return [e for e in node.iter() if _local(e.tag) == name]


def _first_text(node: etree._Element, name: str) -> str:
    found = _children(node, name)
    return (found[0].text or "").strip() if found else ""


def _parse(archive: zipfile.ZipFile, name: str, path: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(archive.read(name), parser)
    except KeyError:
        raise InputError(path, f"corrupt OFD: no {name} in the archive") from None
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"corrupt OFD: malformed XML in {name} (line {exc.lineno})"
                         ) from None


def _resolve(base: str, location: str) -> str:
    """An archive path: ``location`` from the folder of ``base`` (or from the root when it
    starts with /), normalised; never outside the archive."""
    location = location.strip().replace("\\", "/")
    joined = location.lstrip("/") if location.startswith("/") else posixpath.join(
        posixpath.dirname(base), location)
    return posixpath.normpath(joined).lstrip("./") if joined else ""


def _floats(value: str | None, n: int) -> list[float]:
    try:
        parts = [float(p) for p in (value or "").split()]
    except ValueError:
        parts = []
    return (parts + [0.0] * n)[:n]


def _page_lines(page: etree._Element) -> list[str]:
    """The text of one page, line by line in reading order."""
    runs: list[tuple[float, float, float, str]] = []  # baseline, x, height, text
    for obj in _children(page, "TextObject"):
        x0, y0, _, _ = _floats(obj.get("Boundary"), 4)
        size = _floats(obj.get("Size"), 1)[0] or 3.5
        for code in _children(obj, "TextCode"):
            text = "".join(code.itertext())
            if text.strip():
                x, y = _floats(code.get("X"), 1)[0], _floats(code.get("Y"), 1)[0]
                runs.append((y0 + y, x0 + x, size, text))
    runs.sort(key=lambda r: (r[0], r[1]))
    lines: list[list[tuple[float, str]]] = []
    baseline = None
    for y, x, size, text in runs:
        if baseline is None or y - baseline > size / 2:
            lines.append([])
            baseline = y
        lines[-1].append((x, text))
    return ["".join(t for _, t in sorted(line)).rstrip() for line in lines]


def convert_ofd(data: bytes, *, path: str) -> ConvertedText:
    """Text of every page of an OFD file (see the module docstring) and the title, author and
    creation date its ``DocInfo`` states."""
    problem = zip_problem(data, required=OFD_ROOT)
    if problem:
        raise InputError(path, f"corrupt OFD: {problem}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = _parse(archive, OFD_ROOT, path)
            doc_root = _first_text(root, "DocRoot")
            if not doc_root:
                raise InputError(path, "corrupt OFD: OFD.xml names no DocRoot")
            doc_name = _resolve(OFD_ROOT, doc_root)
            document = _parse(archive, doc_name, path)
            pages = [p for p in _children(document, "Page") if p.get("BaseLoc")][:MAX_PAGES]
            texts = ["\n".join(_page_lines(_parse(archive, _resolve(doc_name, p.get("BaseLoc")),
                                                  path)))
                     for p in pages]
    except InputError:
        raise
    except Exception:  # BadZipFile, zlib.error, EOFError, CRC failures...
        raise InputError(path, "corrupt OFD: truncated or damaged zip archive") from None
    metadata: dict[str, str] = {}
    _put(metadata, "file_title", _first_text(root, "Title"))
    _put(metadata, "author", _first_text(root, "Author"))
    created = _first_text(root, "CreationDate")
    if created:
        metadata["file_created"] = _iso_date(created)
    return ConvertedText("\f".join(texts), "lxml-ofd", metadata)
