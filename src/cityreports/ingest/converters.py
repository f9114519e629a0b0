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
- PDF: pdfplumber's ``extract_text`` per page (lines joined by ``"\\n"``), pages joined by
  ``"\\f"``; ``page_breaks[i]`` is the offset of page ``i + 1``'s first character (so it starts
  with 0 and has one entry per page). No Unicode normalisation: Kangxi radicals or compatibility
  ideographs that some Chinese PDFs map their glyphs to are kept as they are.
- HTML: trafilatura's main text (paragraphs one per line, trailing spaces dropped; tables as
  ``| a | b |`` rows, a ``|---|`` line under a header row); if it finds none, the visible text
  of ``<body>`` via lxml (one block per line, cells joined by ``"\\t"``). trafilatura leaves out
  the text of ``<time>`` elements. Metadata: trafilatura's, then the ``<meta name>`` tags of
  Chinese government sites (ArticleTitle, PubDate, ContentSource, SiteName) and ``author``
  (trafilatura drops one-word, i.e. Chinese, author names), then a labelled byline date
  (``发布时间：2024年03月15日``).
- XML records: field values are element text as XML parsing gives it: entities decoded and line
  ends normalised (CRLF and lone CR become LF, as the XML spec requires).

Metadata keys are lower case; ``date`` is ``yyyy-mm-dd`` where the stated date allows it.
"""

from __future__ import annotations

import codecs
import collections
import datetime as dt
import html.entities
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from cityreports.errors import InputError

__all__ = [
    "MAX_DOCX_UNCOMPRESSED",
    "XML_FIELD_ROLES",
    "ConvertedText",
    "convert_docx",
    "convert_html",
    "convert_pdf",
    "parse_xml_records",
    "sniff_format",
]

#: A DOCX whose parts add up to more than this many bytes once decompressed is refused (zip bomb).
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024

#: XML record field name (lower case) -> what the field holds.
XML_FIELD_ROLES: dict[str, str] = {
    "contenttitle": "title",
    "title": "title",
    "headline": "title",
    "url": "url",
    "link": "url",
    "docno": "id",
    "docid": "id",
    "id": "id",
    "content": "text",
    "text": "text",
    "body": "text",
    "date": "date",
    "pubdate": "date",
    "publishdate": "date",
    "time": "date",
    "author": "author",
    "source": "source",
    "media": "source",
    "keywords": "keywords",
    "summary": "summary",
    "abstract": "summary",
}


@dataclass(frozen=True)
class ConvertedText:
    """Text extracted from one file, with the metadata the file states.

    ``text_source`` names the extractor ("python-docx", "pdfplumber", "trafilatura", "lxml");
    ``page_breaks`` (PDF only) holds the offset in ``text`` where each page starts.
    """

    text: str
    text_source: str
    metadata: dict[str, str] = field(default_factory=dict)
    page_breaks: tuple[int, ...] = ()


# --------------------------------------------------------------------------------------------
# shared helpers

_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_COMPACT_YMD = re.compile(r"(?:D:)?(\d{4})(\d{2})(\d{2})")


def _iso_date(value: str) -> str:
    """``yyyy-mm-dd`` for a date string that starts with a recognisable date, else the string."""
    value = value.strip()
    for pattern in (_YMD, _COMPACT_YMD):
        m = pattern.match(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                pass
    return value.removeprefix("D:")  # a PDF date with less than a day


def _reason(exc: BaseException, default: str) -> str:
    """A short one-line reason from an exception's message (no class names)."""
    text = " ".join(str(exc).split())
    return text[:120] if text else default


def _put(metadata: dict[str, str], key: str, value: object) -> None:
    """Set ``metadata[key]`` to the stripped string ``value`` when non-empty and not yet set."""
    if isinstance(value, str) and value.strip() and not metadata.get(key):
        metadata[key] = " ".join(value.split())


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


def sniff_format(data: bytes, *, suffix: str) -> str | None:
    """``"docx"``, ``"pdf"``, ``"html"`` or ``"xml"`` judged by content, or None if none of them.

    Only the start of the file is looked at for markup, so a text that mentions ``<html>`` later
    on is not HTML. ``suffix`` (e.g. ``".htm"``) only decides the doubtful case of a page that
    opens with a body tag such as ``<div>``.
    """
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            # Truncated archive: the local headers still name their files.
            names = {"word/document.xml"} if b"word/document.xml" in data else set()
        return "docx" if "word/document.xml" in names else None
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


def _docx_archive_problem(data: bytes) -> str | None:
    """Why the bytes are not a readable, reasonably sized DOCX zip; None if they may be."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if data[:4] == b"PK\x03\x04":
            return "truncated or damaged zip archive"
        return "not a zip archive"
    if "word/document.xml" not in {info.filename for info in infos}:
        return "no word/document.xml in the archive"
    # zipfile stops each member at its declared size (and fails its CRC check if the data go
    # on), so the declared sizes bound what python-docx can decompress.
    total = sum(info.file_size for info in infos)
    if total > MAX_DOCX_UNCOMPRESSED:
        return (
            f"decompresses to {total / 2**20:,.0f} MB, over the "
            f"{MAX_DOCX_UNCOMPRESSED // 2**20} MB limit (zip bomb?)"
        )
    return None


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

    problem = _docx_archive_problem(data)
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
        _put(metadata, "title", props.title)
        _put(metadata, "author", props.author)
        try:
            created = props.created
        except (ValueError, TypeError):  # unparseable W3CDTF date
            created = None
        if created is not None:
            metadata["date"] = created.date().isoformat()
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
                page_text = page.extract_text() or ""
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
    for key, name in (("title", "Title"), ("author", "Author"), ("subject", "Subject"),
                      ("keywords", "Keywords")):
        _put(metadata, key, info.get(name))
    created = info.get("CreationDate")
    if isinstance(created, str) and created.strip():
        metadata["date"] = _iso_date(created)
    return ConvertedText("\f".join(texts), "pdfplumber", metadata, tuple(breaks))


# --------------------------------------------------------------------------------------------
# HTML

_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I
)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""")
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb_2312-80", "gb_2312", "x-gbk", "cp936", "euc-cn",
                        "csgb2312", "chinese", "hz-gb-2312", "gb18030", "windows-936"})
_LEADING_XML_DECL = re.compile(r"\A\ufeff?\s*<\?xml[^>]*\?>")


def _codec(label: str) -> str | None:
    """Python codec for an HTML charset label (GB2312/GBK as their superset GB18030)."""
    label = label.strip().lower()
    if label in _GB_FAMILY:
        return "gb18030"
    if label in {"big5", "x-x-big5", "cn-big5", "csbig5"}:
        return "big5hkscs"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode_html(data: bytes, encoding: str | None) -> str:
    """Decode an HTML page: BOM, then ``encoding``, then ``<meta charset>``, then guesses."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    head = data[:4096]
    declared = [encoding] if encoding else []
    for pattern in (_META_CHARSET, _XML_ENCODING):
        m = pattern.search(head)
        if m:
            declared.append(m[1].decode("ascii"))
    tried: list[str] = []
    for label in declared:
        codec = _codec(label)
        if codec is None or codec in tried:
            continue
        tried.append(codec)
        if codec == "gb18030" and not data.isascii():
            # Pages re-saved as UTF-8 often keep their old GB2312 declaration; GB text is
            # almost never valid UTF-8, so valid UTF-8 wins over a GB declaration.
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("utf-8", errors="replace")


_INVISIBLE = ("script", "style", "noscript", "template", "head", "title", "iframe", "object",
              "svg", "math", "select", "button", "canvas")
_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav "
    "ol p pre section summary table tbody tfoot thead tr ul".split()
)
_CELL_MARK, _LINE_MARK = "\x00", "\x01"  # cannot occur in parsed HTML text
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML collapses these (not U+3000, not NBSP)
_HIDDEN = etree.XPath(
    ".//*[@hidden or contains(translate(@style, ' ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
    "'abcdefghijklmnopqrstuvwxyz'), 'display:none')]"
)


def _visible_body_text(tree: etree._Element) -> str:
    """Visible text of ``<body>``: one block element per line, table cells joined by tabs."""
    body = tree.find(".//body")
    if body is None:
        body = tree
    etree.strip_elements(body, etree.Comment, etree.ProcessingInstruction, *_INVISIBLE,
                         with_tail=False)
    for element in _HIDDEN(body):
        if element is not body and element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []
    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS or tag == "br":
                parts.append(_LINE_MARK)
            if element.text:
                parts.append(_HTML_SPACE.sub(" ", element.text))
        else:
            if tag in _BLOCKS:
                parts.append(_LINE_MARK)
            elif tag in ("td", "th"):
                parts.append(_CELL_MARK)
            if element.tail and element is not body:
                parts.append(_HTML_SPACE.sub(" ", element.tail))
    lines = []
    for line in "".join(parts).split(_LINE_MARK):
        cells = [_HTML_SPACE.sub(" ", c).strip(" ") for c in line.split(_CELL_MARK)]
        while cells and not cells[-1]:
            cells.pop()
        line = "\t".join(cells)
        if line.strip():
            lines.append(line)
    return "\n".join(lines)


# Chinese government sites state their metadata in these <meta name=...> tags (the national
# standard for government websites); trafilatura does not read them.
_HTML_META_NAMES = {
    "author": "author",
    "articletitle": "title",
    "pubdate": "date",
    "publishdate": "date",
    "contentsource": "source",
    "source": "source",
    "sitename": "sitename",
    "description": "description",
}


_HTMLDATE_FAST = {"extensive_search": False, "original_date": True}
# "发布时间：2024年03月15日", "日期: 2024-03-15": the labelled date of a Chinese news byline.
_BYLINE_DATE = re.compile(
    r"(?:发布|发表|更新|成文|印发)?(?:时间|日期)\s*[：:]\s*"
    r"(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
)


def _html_meta(tree: etree._Element) -> dict[str, str]:
    """Metadata stated in <meta name=...> tags and, for the date, a labelled byline."""
    found: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        key = _HTML_META_NAMES.get((meta.get("name") or "").strip().lower())
        if key:
            _put(found, key, meta.get("content"))
    body = tree.find(".//body")
    if "date" not in found and body is not None:
        m = _BYLINE_DATE.search(body.text_content()[:20_000])
        if m:
            found["date"] = _iso_date(m[1])
    return found


def convert_html(data: bytes, *, path: str, encoding: str | None = None) -> ConvertedText:
    """Main text of an HTML page (trafilatura; lxml's visible body text as fall-back).

    ``encoding`` (e.g. from an HTTP header) is tried before the page's own declaration.
    """
    # trafilatura costs ~0.25 s to import (htmldate, justext, courlan): load it only here.
    import trafilatura
    from lxml import html as lxml_html

    page = _LEADING_XML_DECL.sub("", _decode_html(data, encoding), count=1)
    if not page.strip():
        raise InputError(path, "no text in HTML page")
    extracted = trafilatura.bare_extraction(
        page,
        favor_recall=True,
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        with_metadata=True,
        # htmldate's extensive search reads "2024年3月15日" in the text as 2024-01-01 and is
        # slow (dateparser) on long pages: metadata, <time> and date-classed elements only;
        # a labelled Chinese byline date is read below.
        date_extraction_params=_HTMLDATE_FAST,
    )
    try:
        tree = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        tree = None
    stated = _html_meta(tree) if tree is not None else {}
    text = (extracted.text or "") if extracted is not None else ""
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    source = "trafilatura"
    if not text.strip():
        text = _visible_body_text(tree) if tree is not None else ""
        source = "lxml"
        if not text:
            raise InputError(path, "no text in HTML page")
        extracted = trafilatura.extract_metadata(
            lxml_html.document_fromstring(page), date_config=_HTMLDATE_FAST
        )

    metadata: dict[str, str] = {}
    if extracted is not None:
        for key in ("title", "date", "author", "url", "sitename", "description"):
            _put(metadata, key, getattr(extracted, key, None))
    # trafilatura's sitename falls back to the host name: a stated SiteName is better.
    if stated.get("sitename") and metadata.get("sitename") == getattr(extracted, "hostname", 0):
        metadata["sitename"] = stated["sitename"]
    # trafilatura drops single-word authors, i.e. every Chinese name: take the meta tag.
    for key, value in stated.items():
        _put(metadata, key, value)
    if metadata.get("date"):
        metadata["date"] = _iso_date(metadata["date"])
    return ConvertedText(text, source, metadata)


# --------------------------------------------------------------------------------------------
# XML records

# Hand-written repair before parsing: lxml's recover=True silently *drops* a stray "&" or "<"
# and undeclared entities, which would change the text claims are indexed into; escaping them
# keeps every character. CDATA sections and comments are left alone. The patterns match only
# what may need repair (not well-formed tags and the five XML entities), so that ordinary
# markup costs no Python call.
_XML_SKIP = r"(?P<cdata><!\[CDATA\[.*?(?:\]\]>|\Z))|(?P<comment><!--.*?(?:-->|\Z))"
_XML_REF = (
    r"&(?!(?:amp|lt|gt|quot|apos);)"
    r"(?P<ref>\#[0-9]{1,8};|\#[xX][0-9A-Fa-f]{1,8};|[^\W\d][\w.\-]*;)?"
)
_XML_SUSPECT = re.compile(
    rf"{_XML_SKIP}|{_XML_REF}|<(?![^\W\d]|/[^\W\d]|!--|!\[CDATA\[|\?)", re.S
)
# Second try for a record that still fails: also every tag, to keep only the corpus's own.
_XML_SUSPECT_TAGS = re.compile(
    rf"{_XML_SKIP}|{_XML_REF}|<(?P<close>/?)(?P<name>[^\W\d][\w.\-:]*)?", re.S
)
_XML_BARE_AMP = re.compile(r"&(?!\#[0-9]{1,8};|\#[xX][0-9A-Fa-f]{1,8};|[^\W\d][\w.\-]*;)")
_XML_BARE_LT = re.compile(r"<(?![^\W\d]|/[^\W\d]|\?)")
_XML_ENTITY = re.compile(_XML_REF[: -len("?")])  # the same, reference required
_XML_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_PROLOG = re.compile(r"\A\ufeff?\s*(?:<\?xml[^>]*\?>)?\s*(?:<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)?",
                         re.S)


def _xml_char_ok(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or (
        0x10000 <= code <= 0x10FFFF
    )


def _repair_xml(text: str, known_tags: frozenset[str] | None = None, *, chars: bool = False) -> str:
    """Escape stray ``&``/``<`` and decode HTML entities; ``known_tags``: other tags too;
    ``chars``: replace characters XML 1.0 forbids by U+FFFD (one for one: lengths stay)."""

    def fix(m: re.Match[str]) -> str:
        token, groups = m[0], m.groupdict()
        if groups.get("cdata") or groups.get("comment"):
            return token
        if token.startswith("&"):
            ref = m["ref"]
            if ref is None:
                return "&amp;"
            if ref.startswith("#"):
                code = int(ref[2:-1], 16) if ref[1] in "xX" else int(ref[1:-1])
                return token if _xml_char_ok(code) else "&amp;" + ref
            char = html.entities.html5.get(ref)
            if char is None:
                return "&amp;" + ref
            return char.replace("&", "&amp;").replace("<", "&lt;")
        if known_tags is not None and groups.get("name") in known_tags:
            return token
        return "&lt;" + token[1:]

    if chars:
        text = _XML_INVALID_CHARS.sub("\ufffd", text)
    if known_tags is None and "<!" not in text:
        # Fast path (no CDATA or comment to protect): constant replacements run in C, and
        # only entity references other than the five of XML reach Python.
        text = _XML_BARE_AMP.sub("&amp;", text)
        text = _XML_BARE_LT.sub("&lt;", text)
        return _XML_ENTITY.sub(fix, text)
    pattern = _XML_SUSPECT if known_tags is None else _XML_SUSPECT_TAGS
    return pattern.sub(fix, text)


_STRICT = dict(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)


_STRUCTURE_SAMPLE = 2_000_000  # characters read to learn the record and field tags
# Usual names of a corpus's record element: decide between "root with one record" and "one
# record whose field holds markup".
_RECORD_TAGS = frozenset({"doc", "document", "record", "item", "article", "news", "entry", "row"})


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname.lower()


def _xml_structure(text: str, path: str) -> tuple[str, set[str]]:
    """Record tag and field tags, read off a recovering parse of the start of the text."""
    body = _XML_PROLOG.sub("", text[:_STRUCTURE_SAMPLE], count=1)
    parser = etree.XMLParser(recover=True, **_STRICT)
    wrapped = f"<cityreports-root>{_repair_xml(body, chars=True)}</cityreports-root>"
    root = etree.fromstring(wrapped, parser)
    tops = [] if root is None else [e for e in root if isinstance(e.tag, str)]
    if not tops:
        raise InputError(path, "malformed XML: no elements found, line 1")
    if len(tops) == 1 and _local(tops[0]) not in _RECORD_TAGS:
        children = [e for e in tops[0] if isinstance(e.tag, str)]
        tags = {e.tag for e in children}
        if len(children) == 1:
            fields = {g.tag for g in children[0] if isinstance(g.tag, str)}
            # <docs><doc><url/><content/></doc></docs>, not <doc><content>..<b>..</content></doc>
            is_root = _local(children[0]) in _RECORD_TAGS or len(fields) >= 2
        else:
            is_root = len(tags) == 1 and len(children) >= 2
        if is_root:
            tops = children
    record_tag = collections.Counter(e.tag for e in tops).most_common(1)[0][0]
    fields = {c.tag for e in tops if e.tag == record_tag for c in e if isinstance(c.tag, str)}
    return record_tag, fields | {record_tag}


def _xml_problem(exc: Exception, first_line: int) -> str:
    message = getattr(exc, "msg", None) or str(exc)
    reason = re.sub(r",?\s*line \d+(, column \d+)?", "", message).strip(" ,") or "syntax"
    return f"malformed XML: {reason}, line {first_line + (getattr(exc, 'lineno', 1) or 1) - 1}"


def _parse_record(
    chunk: str, known: set[str], parser: etree.XMLParser, first_line: int, path: str
) -> dict[str, str]:
    """Fields of one record's source text; ``known`` (the corpus's tags) grows with its own."""
    attempts = (
        lambda: _repair_xml(chunk),
        # characters XML forbids (control codes) become U+FFFD
        lambda: _repair_xml(chunk, chars=True),
        # and a "<" that opens none of the corpus's own tags is text
        lambda: _repair_xml(chunk, frozenset(known), chars=True),
    )
    for attempt, repaired in enumerate(attempts, start=1):
        try:
            element = etree.fromstring(repaired(), parser)
            break
        except (etree.XMLSyntaxError, ValueError) as exc:
            if attempt == len(attempts):
                raise InputError(path, _xml_problem(exc, first_line)) from None
    fields: dict[str, str] = {}
    for child in element:
        if isinstance(child.tag, str):
            known.add(child.tag)
            fields.setdefault(etree.QName(child).localname.lower(), "".join(child.itertext()))
    for name, value in element.attrib.items():
        fields.setdefault(etree.QName(name).localname.lower(), value)
    return fields


def parse_xml_records(text: str, *, path: str) -> list[tuple[int, dict[str, str]]]:
    """``(record number from 1, {field: text})`` for each ``<doc>``-like record of an XML corpus.

    Works with or without a root element; repairs unescaped ``&`` and ``<`` and undeclared
    (HTML) entities; skips a truncated last record. Field keys are the child tag names in lower
    case (the first of repeated children wins; the record's attributes fill in missing keys).
    Values are the elements' text: entities decoded, CRLF turned into LF as XML parsing does,
    nested markup inside a field reduced to its text. See :data:`XML_FIELD_ROLES`.
    """
    if not text.strip():
        raise InputError(path, "malformed XML: empty file, line 1")
    record_tag, known = _xml_structure(text, path)
    parser = etree.XMLParser(**_STRICT)
    tag = re.escape(record_tag)
    opening = re.compile(rf"<{tag}(?=[\s/>])[^<>]*?(/?)>")
    closing = re.compile(rf"</{tag}\s*>")
    records: list[tuple[int, dict[str, str]]] = []
    pos = line = number = 0
    truncated_line = None
    while (start := opening.search(text, pos)) is not None:
        line += text.count("\n", pos, start.start())
        pos = start.start()
        number += 1
        if start[1] == "/":  # <doc/>: a record without fields
            records.append((number, _parse_record(start[0], known, parser, line + 1, path)))
            pos = start.end()
            continue
        end = closing.search(text, start.end())
        following = opening.search(text, start.end())
        if end is None or (following is not None and following.start() < end.start()):
            if following is None:  # the last record, cut short: skip it
                truncated_line = line + 1
                break
            raise InputError(path, f"malformed XML: record {number} is not closed, line {line + 1}")
        chunk = text[pos : end.end()]
        records.append((number, _parse_record(chunk, known, parser, line + 1, path)))
        line += text.count("\n", pos, end.end())
        pos = end.end()
    if not records:
        where = truncated_line or 1
        raise InputError(path, f"malformed XML: no complete <{record_tag}> record, line {where}")
    return records
