"""Turn DOCX, PDF, HTML and XML-record files into plain text with the metadata they state.

Each ``convert_*`` function takes the file's bytes and returns a :class:`ConvertedText`; its
``text`` is the string that analyses' character offsets index (it is *not* the file's bytes).
:func:`parse_xml_records` takes already-decoded text and returns one field dict per record.
:func:`sniff_format` tells the four formats apart by content. Problems raise
:class:`~cityreports.errors.InputError` with a one-line message.

Text decisions:

- DOCX: one body paragraph per line (empty paragraphs give empty lines); a table row is one line,
  its cells joined by ``"\\t"`` (a merged cell once: horizontally merged cells once per row,
  vertically merged ones in their first row, ``""`` below); paragraphs inside a cell joined by
  ``" "``. Text boxes, headers, footers, footnotes and comments are left out; tracked insertions
  are kept, deletions dropped.
- PDF: pdfplumber's ``extract_text`` per page (lines joined by ``"\\n"``; of a page set in two
  columns, of its parts in reading order, see :mod:`~cityreports.ingest.pdf_columns`), pages
  joined by ``"\\f"``; ``page_breaks[i]`` is the offset of page ``i + 1``'s first character
  (so it starts with 0 and has one entry per page). No Unicode normalisation: Kangxi radicals
  or compatibility ideographs that some Chinese PDFs map their glyphs to are kept as they are.
- HTML: trafilatura's main text (paragraphs one per line, trailing spaces dropped; tables as
  ``| a | b |`` rows, a ``|---|`` line under a header row); if it finds none, the visible text
  of ``<body>`` via lxml (one block per line, cells joined by ``"\\t"``). trafilatura leaves out
  the text of ``<time>`` elements. Metadata: trafilatura's, then the ``<meta name>`` tags of
  Chinese government sites (ArticleTitle, PubDate, ContentSource, SiteName) and ``author``
  (trafilatura drops one-word, i.e. Chinese, author names), then a labelled byline date
  (``发布时间：2024年03月15日``).
- XML records: field values are element text as XML parsing gives it: entities decoded and line
  ends normalised (CRLF and lone CR become LF, as the XML spec requires).

DOC (Word 97-2003), RTF and ODT are converted in :mod:`~cityreports.ingest.word97` and
:mod:`~cityreports.ingest.rtf_odt` (their text decisions are written there) and re-exported here.

Metadata keys are lower case; ``date`` is ``yyyy-mm-dd`` where the stated date allows it.
DOCX core properties and PDF document info describe the *file*, not the document: Word's
default template says created 2013, a PDF's CreationDate is when it was exported or scanned,
its Title is often ``Microsoft Word - 文件1.doc``. They are kept as ``file_title`` and
``file_created`` (``yyyy-mm-dd``), which the metadata stage uses only when the text states no
title or date (``title_source`` / ``year_source`` ``file``).
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from cityreports.errors import InputError
from cityreports.ingest.converted import (
    MAX_UNCOMPRESSED,
    ConvertedText,
    _iso_date,
    _put,
    _reason,
    zip_problem,
)
from cityreports.ingest.html_pages import convert_html, convert_mhtml, is_mhtml
from cityreports.ingest.ofd import OFD_ROOT, convert_ofd, is_ofd
from cityreports.ingest.pdf_columns import reading_regions
from cityreports.ingest.rtf_odt import convert_odt, convert_rtf
from cityreports.ingest.word97 import OLE_MAGIC, convert_doc
from cityreports.ingest.xml_records import XML_FIELD_ROLES, parse_xml_records

__all__ = [
    "MAX_DOCX_UNCOMPRESSED",
    "XML_FIELD_ROLES",
    "ConvertedText",
    "convert_doc",
    "convert_docx",
    "convert_html",
    "convert_mhtml",
    "convert_ofd",
    "convert_odt",
    "convert_pdf",
    "convert_rtf",
    "parse_xml_records",
    "sniff_format",
]

#: A DOCX whose parts add up to more than this many bytes once decompressed is refused (zip bomb).
MAX_DOCX_UNCOMPRESSED = MAX_UNCOMPRESSED  # the limit of every zipped document

# --------------------------------------------------------------------------------------------
# sniffing

_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)(?=[\s>/]|$)", re.I)
# Tags that open saved HTML pages but never a Markdown or XML record file.
_HTML_HEAD_TAGS = re.compile(r"<(?:meta|title|script|link|style|base)(?=[\s>/])", re.I)
_XML_DECL_START = re.compile(r"<\?xml(?=[\s?])")
_XML_ELEMENT_START = re.compile(r"<([^\W\d][\w.\-:]*)[^<>]*>\s*<[^\W\d]")
# Common HTML element names: a file opening with one of these is not taken for an XML corpus.
_HTML_ELEMENTS = frozenset(
    "a abbr address article aside b blockquote br center div dl em font form h1 h2 h3 h4 h5 h6 "
    "header footer hr i iframe img li main nav ol p pre section span strong table tbody td th "
    "thead tr u ul".split()
)
_HTML_SUFFIXES = frozenset({".htm", ".html", ".shtml", ".xhtml", ".asp", ".aspx", ".jsp", ".php"})
_SNIFF_BYTES = 8192


def _decode_prefix(prefix: bytes) -> str | None:
    """Decode the start of a file: BOM, BOM-less UTF-16 markup, UTF-8, GB18030; None if none."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if prefix.startswith(bom):
            candidates = [(codec, len(bom))]
            break
    else:
        if prefix[:2] == b"<\x00":
            candidates = [("utf-16-le", 0)]
        elif prefix[:2] == b"\x00<":
            candidates = [("utf-16-be", 0)]
        else:
            candidates = [("utf-8", 0), ("gb18030", 0)]
    for codec, skip in candidates:
        decoder = codecs.getincrementaldecoder(codec)()
        try:
            # final=False: a multi-byte character cut by the prefix's end is not an error.
            return decoder.decode(prefix[skip:], final=False)
        except UnicodeDecodeError:
            continue
    return None


def _skip_prolog(text: str) -> tuple[str, bool]:
    """Drop leading whitespace, BOMs, comments and processing instructions; report ``<?xml``."""
    declared = False
    while True:
        text = text.lstrip("\ufeff \t\r\n")
        if text.startswith("<!--"):
            end = text.find("-->")
            if end < 0:
                return "", declared
            text = text[end + 3 :]
        elif text.startswith("<?"):
            declared = declared or bool(_XML_DECL_START.match(text))
            end = text.find("?>")
            if end < 0:
                return "", declared
            text = text[end + 2 :]
        else:
            return text, declared


_ODT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"
_WORD_DOCUMENT_NAME = "WordDocument".encode("utf-16-le")


def sniff_format(data: bytes, *, suffix: str) -> str | None:
    """``"docx"``, ``"odt"``, ``"ofd"``, ``"doc"``, ``"rtf"``, ``"mhtml"``, ``"pdf"``,
    ``"html"`` or ``"xml"`` judged by content, or None if none of them.

    Only the start of the file is looked at for markup, so a text that mentions ``<html>`` later
    on is not HTML. ``suffix`` (e.g. ``".htm"``) only decides the doubtful case of a page that
    opens with a body tag such as ``<div>``. A compound (OLE) file is a ``.doc`` when its
    directory names a ``WordDocument`` stream (an ``.xls`` or ``.ppt`` is not); an RTF file
    saved as ``.doc``, as many Chinese government attachments are, is RTF, and one that is
    MHTML (Word's "single file web page", the ".doc" many sites generate) is MHTML.
    """
    if data[:4] == b"PK\x03\x04":
        if data[30:30 + len(_ODT_MIMETYPE)] == _ODT_MIMETYPE:  # ODF: "mimetype" stored first
            return "odt"
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            # Truncated archive: the local headers still name their files.
            names = {"word/document.xml"} if b"word/document.xml" in data else set()
        if "word/document.xml" in names:
            return "docx"
        return "ofd" if OFD_ROOT in names or (not names and is_ofd(data)) else None
    if data.startswith(OLE_MAGIC):
        return "doc" if _WORD_DOCUMENT_NAME in data else None
    if data.lstrip(b" \t\r\n")[:5] == b"{\\rtf":
        return "rtf"
    if is_mhtml(data):
        return "mhtml"  # a page saved as one file (.mht), or a site's MHTML ".doc"
    pdf_at = data.find(b"%PDF-", 0, 1024)
    if pdf_at >= 0 and (not data[:pdf_at].strip() or b" obj" in data[pdf_at : pdf_at + 4096]):
        return "pdf"
    text = _decode_prefix(data[:_SNIFF_BYTES])
    if text is None:
        return None
    head, declared = _skip_prolog(text)
    if _HTML_START.match(head) or _HTML_HEAD_TAGS.match(head):
        return "html"
    m = _XML_ELEMENT_START.match(head)
    if m and m[1].lower() in _HTML_ELEMENTS:
        return "html" if suffix.lower() in _HTML_SUFFIXES else None
    if declared or m or head.startswith("<!DOCTYPE"):
        return "xml"
    return None


# --------------------------------------------------------------------------------------------
# DOCX

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_P, _W_TBL, _W_TR, _W_TC = (f"{{{_W}}}{t}" for t in ("p", "tbl", "tr", "tc"))
_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML = (f"{{{_W}}}{t}" for t in ("sdt", "sdtContent", "customXml"))
# Runs that belong to this paragraph: also inside w:ins, w:hyperlink, w:smartTag, w:fldSimple,
# w:sdt (python-docx's Paragraph.text sees only direct w:r and w:hyperlink children), but not
# those of paragraphs nested in text boxes (they have one more w:p ancestor).
_DOCX_RUNS = etree.XPath(".//w:r[count(ancestor::w:p) = $depth]", namespaces={"w": _W})
_DOCX_CELL_PARAGRAPHS = etree.XPath(
    ".//w:p[count(ancestor::w:p) = $depth]", namespaces={"w": _W}
)
_DOCX_DEPTH = etree.XPath("count(ancestor-or-self::w:p)", namespaces={"w": _W})


def _docx_paragraph_text(p: etree._Element) -> str:
    depth = int(_DOCX_DEPTH(p))
    # python-docx's CT_R.text maps w:t, w:tab, w:br, w:cr, w:noBreakHyphen, w:ptab to text.
    return "".join(r.text for r in _DOCX_RUNS(p, depth=depth))


def _docx_cell_text(tc: etree._Element) -> str:
    depth = int(_DOCX_DEPTH(tc))  # w:p ancestors of the cell = those of its own paragraphs
    texts = (_docx_paragraph_text(p) for p in _DOCX_CELL_PARAGRAPHS(tc, depth=depth))
    return " ".join(" ".join(t.split()) for t in texts if t.strip())


def _docx_lines(container: etree._Element) -> Iterator[str]:
    """Lines of a body-like element's w:p / w:tbl children in document order."""
    for child in container.iterchildren():
        if child.tag == _W_P:
            yield _docx_paragraph_text(child)
        elif child.tag == _W_TBL:
            for tr in child.iterchildren(_W_TR):
                cells = []
                for tc in tr.iterchildren(_W_TC):
                    # A vertically merged cell's text belongs to its first row.
                    merged_below = getattr(tc, "vMerge", None) == "continue"
                    cells.append("" if merged_below else _docx_cell_text(tc))
                yield "\t".join(cells)
        elif child.tag == _W_SDT:  # content control (cover page, table of contents...)
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _docx_lines(content)
        elif child.tag == _W_CUSTOM_XML:
            yield from _docx_lines(child)


def _docx_failure(exc: BaseException) -> str:
    """A short reason, in our words, for python-docx failing to open a package."""
    message = str(exc)
    if isinstance(exc, etree.XMLSyntaxError):
        return f"malformed XML (line {exc.lineno})"
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        member = re.search(r"file '([^']+)'", message)
        return "damaged zip member" + (f" {member[1]}" if member else "")
    if isinstance(exc, KeyError):
        member = re.search(r"named '([^']+)'", message)
        return "missing part" + (f" {member[1]}" if member else "")
    if isinstance(exc, ValueError):
        content_type = re.search(r"content type is '([^']+)'", message)
        if content_type:
            return f"not a Word document (content type {content_type[1]})"
    return "unreadable package"


def convert_docx(data: bytes, *, path: str) -> ConvertedText:
    """Text of a DOCX body (paragraphs and tables in order) and its core properties."""
    # python-docx costs ~0.2 s to import: only load it when a DOCX is read.
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE

    problem = zip_problem(data, required="word/document.xml")
    if problem:
        raise InputError(path, f"corrupt DOCX: {problem}")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # the package reader fails in many ways on damaged files
        raise InputError(path, f"corrupt DOCX: {_docx_failure(exc)}") from None

    text = "\n".join(_docx_lines(document.element.body))
    metadata: dict[str, str] = {}
    try:
        # python-docx invents "Word Document" properties when the file has none: check first.
        document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
        has_core = True
    except KeyError:
        has_core = False
    if has_core:
        props = document.core_properties
        _put(metadata, "file_title", props.title)
        _put(metadata, "author", props.author)
        try:
            created = props.created
        except (ValueError, TypeError):  # unparseable W3CDTF date
            created = None
        if created is not None:
            metadata["file_created"] = created.date().isoformat()
    return ConvertedText(text, "python-docx", metadata)


# --------------------------------------------------------------------------------------------
# PDF

_ENCRYPTED = "encrypted PDF: cannot read without the password"
_NO_TEXT = "no text layer (scanned or image-only PDF): needs OCR"


def _pdf_failure(exc: BaseException) -> str:
    """The one-line problem for an exception raised while opening or reading a PDF."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFNoValidXRef, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSEOF, PSException

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(inner, PDFPasswordIncorrect):
        return _ENCRYPTED
    if isinstance(inner, PDFEncryptionError):
        return f"encrypted PDF: {_reason(inner, 'unsupported encryption')}"
    if isinstance(inner, PSEOF):
        return "corrupt PDF: unexpected end of file (truncated?)"
    if isinstance(inner, PDFNoValidXRef):
        return "corrupt PDF: no valid cross-reference table"
    if "/Root" in str(inner):
        return "corrupt PDF: no document catalog (/Root)"
    if isinstance(inner, PSException):  # pdfminer's own words about the file
        return f"corrupt PDF: {_reason(inner, 'unreadable structure')}"
    return "corrupt PDF: unreadable structure"


def _page_text(page) -> str:
    """pdfplumber's text of a page; of a page set in two columns, of its parts in reading
    order (:func:`~cityreports.ingest.pdf_columns.reading_regions`), one line apart."""
    regions = reading_regions(page.chars, bbox=page.bbox)
    if regions is None:
        return page.extract_text() or ""
    parts = (page.within_bbox(region).extract_text() or "" for region in regions)
    return "\n".join(part for part in parts if part)


def convert_pdf(data: bytes, *, path: str) -> ConvertedText:
    """Text layer of a PDF, pages joined by form feeds, with the document-info metadata.

    pdfplumber (on pdfminer.six) rather than pypdf: its character-position layout keeps the
    reading order and line breaks of Chinese text better, and it reports encryption and
    damage through pdfminer's distinct exceptions.
    """
    # pdfplumber (with pdfminer.six) costs ~0.2 s to import: only load it when a PDF is read.
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer wraps every parse failure; classify it
        raise InputError(path, _pdf_failure(exc)) from None
    try:
        texts: list[str] = []
        breaks: list[int] = []
        offset = 0
        try:
            pages = pdf.pages
        except Exception as exc:
            raise InputError(path, _pdf_failure(exc)) from None
        for number, page in enumerate(pages, start=1):
            try:
                page_text = _page_text(page)
            except Exception as exc:
                problem = _pdf_failure(exc)
                if problem.startswith("corrupt PDF: "):
                    problem = f"corrupt PDF: page {number}: {problem[len('corrupt PDF: '):]}"
                raise InputError(path, problem) from None
            finally:
                page.close()  # drop the page's cached layout objects: memory stays flat
            breaks.append(offset)
            texts.append(page_text)
            offset += len(page_text) + 1
        if not texts:
            raise InputError(path, "corrupt PDF: no pages")
        if not any(t.strip() for t in texts):
            raise InputError(path, _NO_TEXT)
        info = pdf.metadata
    finally:
        pdf.close()

    metadata: dict[str, str] = {}
    for key, name in (("file_title", "Title"), ("author", "Author"), ("subject", "Subject"),
                      ("keywords", "Keywords")):
        _put(metadata, key, info.get(name))
    created = info.get("CreationDate")
    if isinstance(created, str) and created.strip():
        metadata["file_created"] = _iso_date(created)
    return ConvertedText("\f".join(texts), "pdfplumber", metadata, tuple(breaks))


