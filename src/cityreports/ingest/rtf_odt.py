"""RTF (striprtf, with the code page handled here) and OpenDocument text (``.odt``).

RTF: striprtf turns RTF into text, but on Chinese RTF it goes wrong in three ways, so the RTF is
rewritten before it sees it (:func:`_rewrite`):

- ``\\'hh`` bytes are decoded per *font* charset only: a GB2312 run (``\\'b9\\'fa`` = 国) in a
  font declared ``\\fcharset0`` (Word's Latin font of a run whose ``\\dbch`` font is Chinese,
  or a generator that never sets charsets) comes out as cp1252 mojibake (``¹ú``), although the
  document says ``\\ansicpg936``;
- a run of ``\\'hh`` broken by a line end of the RTF source (Word wraps its lines every 255
  characters or so, also between the two bytes of one character) is decoded in two halves;
- raw 8-bit bytes (some generators write GBK bytes unescaped) are taken one by one as cp1252.

So runs of ``\\'hh`` and raw 8-bit bytes (line ends between them skipped) are decoded here:
with the font's charset when it is not Western, else with the document's ``\\ansicpg``, else
cp1252 (the first that decodes the run, GB2312/GBK as GB18030), and handed to striprtf as
``\\uN`` escapes. ``\\uN`` escapes and their fallback bytes (``\\ucN``) are left to striprtf,
which reads them right. Also rewritten: ``\\cell`` (striprtf writes ``|``) so that a table row
is one line with its cells joined by tabs (as DOCX), ``\\page`` (striprtf writes two line ends)
to a form feed (as PDF pages) and ``\\pagebb`` (page break before a paragraph, as LibreOffice
writes a page break) to a form feed in place of the line end before it, and a ``\\fldinst``
group so that striprtf's own rewrite of hyperlinks into ``text(url)`` does not fire: of a field
only the result is kept.

ODT: ``content.xml`` read with zipfile + lxml rather than odfpy, whose ``extractText`` puts
footnote bodies and comments inline, so the tree would be walked here anyway: paragraphs and
headings (``text:p``, ``text:h``) one per line in document order, also inside lists, sections
and indexes; ``text:s`` spaces, ``text:tab``, ``text:line-break``; a table row one line with its
cells joined by tabs (paragraphs in a cell joined by a space, a covered cell ``""``); footnotes,
comments and frames (text boxes, images) left out; a paragraph whose style breaks the page
before it starts after a form feed.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from lxml import etree

from cityreports.errors import InputError
from cityreports.ingest.converted import ConvertedText, _iso_date, _put, zip_problem

__all__ = ["convert_odt", "convert_rtf"]


# --------------------------------------------------------------------------------------------
# RTF

_RTF_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([\r\n]+)"
    r"|([\x80-\xff])|([^\\{}\r\n\x80-\xff]+)"
)
_FONT_ENTRY = re.compile(r"\\f(\d+)[^;{}]*?\\fcharset(\d+)")
# fcharset -> code page (Windows charsets of CJK and the others striprtf knows).
_CHARSETS = {128: "cp932", 129: "cp949", 134: "gb18030", 136: "big5hkscs", 161: "cp1253",
             162: "cp1254", 163: "cp1258", 177: "cp1255", 178: "cp1256", 186: "cp1257",
             204: "cp1251", 222: "cp874", 238: "cp1250"}
_CODEPAGES = {936: "gb18030", 950: "big5hkscs", 54936: "gb18030", 65001: "utf-8"}
_RTF_DATE = re.compile(r"\\creatim\s*\\yr(\d{4})\s*\\mo(\d{1,2})\s*\\dy(\d{1,2})")


def _codec(codepage: int) -> str | None:
    name = _CODEPAGES.get(codepage, f"cp{codepage}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_run(raw: bytes, font_codec: str | None, doc_codec: str | None) -> str:
    candidates = [c for c in (font_codec, doc_codec, "cp1252") if c]
    for codec in candidates:
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode(candidates[0], "replace")


def _rewrite(rtf: str) -> str:
    """The RTF with byte runs as ``\\uN`` escapes and cells, pages and fields as described."""
    fonts: dict[str, str] = {}
    for number, charset in _FONT_ENTRY.findall(_rtf_group(rtf, "fonttbl") or ""):
        codec = _CHARSETS.get(int(charset))
        if codec and number not in fonts:
            fonts[number] = codec
    doc_codec: str | None = None
    out: list[str] = []
    run = bytearray()
    stack: list[tuple[int, str | None]] = []
    uc, font, skip = 1, None, 0

    def flush() -> None:
        if run:
            text = _decode_run(bytes(run), fonts.get(font) if font else None, doc_codec)
            out.append("{\\uc0" + "".join(f"\\u{ord(c)}" for c in text) + "}")
            run.clear()

    pos = 0
    while pos < len(rtf):
        m = _RTF_TOKEN.match(rtf, pos)
        if m is None:  # a lone backslash at the end
            out.append(rtf[pos:])
            break
        pos = m.end()
        word, arg, hexbyte, symbol, brace, newline, high, plain = m.groups()
        if newline is not None:
            if not run:
                out.append(newline)
            continue  # a line end between two bytes of a character does not split the run
        if hexbyte is not None or high is not None:
            if skip:  # a \uN fallback: striprtf skips it itself
                skip -= 1
                flush()
                out.append(m.group(0) if hexbyte is not None else f"\\'{ord(high):02x}")
            else:
                run.append(int(hexbyte, 16) if hexbyte is not None else ord(high))
            continue
        flush()
        if plain is not None:
            if skip:
                skip = max(0, skip - len(plain))
            out.append(plain)
            continue
        skip = 0
        if brace == "{":
            stack.append((uc, font))
        elif brace == "}" and stack:
            uc, font = stack.pop()
        if word == "bin" and arg and int(arg) > 0:  # binary data: copied, never read
            out.append(m.group(0) + rtf[pos : pos + int(arg)])
            pos += int(arg)
            continue
        if word == "ansicpg" and arg:
            doc_codec = _codec(int(arg))
        elif word == "uc" and arg:
            uc = max(0, int(arg))
        elif word == "u" and arg:
            skip = uc
        elif word == "f" and arg is not None:
            font = arg
        if word in ("cell", "nestcell"):
            out.append("{\\uc0\\u57344}")  # U+E000 marks a cell end; a tab after striprtf
        elif word == "page":
            out.append("{\\uc0\\u12}")
        elif word == "pagebb":  # "page break before" this paragraph: U+E001, a form feed after
            out.append("{\\uc0\\u57345}")
        elif word == "fldinst":
            out.append("\\fldinst ")  # not followed by "{": striprtf's HYPERLINK rewrite skips it
        else:
            out.append(m.group(0))
    flush()
    return "".join(out)


def _rtf_group(rtf: str, word: str) -> str | None:
    """The content of the last ``{\\word ...}`` group (braces balanced, at most 64 KB), or None."""
    found = None
    for m in re.finditer(r"\{\\" + word + r"(?![a-zA-Z])", rtf):
        depth, i = 1, m.end()
        stop = min(len(rtf), i + 65536)
        while i < stop and depth:
            ch = rtf[i]
            if ch == "\\":
                i += 2
                continue
            depth += {"{": 1, "}": -1}.get(ch, 0)
            i += 1
        found = rtf[m.end() : i - 1]
    return found


def convert_rtf(data: bytes, *, path: str) -> ConvertedText:
    """Text of an RTF document (striprtf) and the title, author and date of its ``\\info``."""
    from striprtf.striprtf import rtf_to_text

    if not data.lstrip()[:5] == b"{\\rtf":
        raise InputError(path, "corrupt RTF: does not start with {\\rtf")
    rtf = _rewrite(data.decode("latin-1"))  # bytes over 0x7f are decoded by _rewrite
    try:
        text = rtf_to_text(rtf, errors="replace")
    except Exception as exc:  # striprtf's parser on damaged input
        raise InputError(path, f"corrupt RTF: {' '.join(str(exc).split())[:80]}") from None
    text = text.replace("\ue000\n", "\n").replace("\ue000", "\t").replace("\f\n", "\f")
    text = text.replace("\n\ue001", "\f").replace("\ue001", "")
    metadata: dict[str, str] = {}
    for key, word in (("file_title", "title"), ("author", "author")):
        group = _rtf_group(rtf, word)
        if group is not None:
            _put(metadata, key, rtf_to_text("{\\rtf1 " + group + "}", errors="replace"))
    date = _RTF_DATE.search(rtf)
    if date:
        metadata["file_created"] = _iso_date(f"{date[1]}-{date[2]}-{date[3]}")
    return ConvertedText(text.rstrip("\n"), "striprtf", metadata)


# --------------------------------------------------------------------------------------------
# ODT

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


_PARAGRAPHS = {_q("text:p"), _q("text:h")}
_TABLE, _ROW, _CELL, _COVERED = (_q(n) for n in ("table:table", "table:table-row",
                                                 "table:table-cell", "table:covered-table-cell"))
_SKIPPED = {_q(n) for n in ("text:note", "office:annotation", "office:annotation-end",
                            "draw:frame", "draw:a", "text:tracked-changes", "text:deletion",
                            "table:table-source", "office:forms")}
_SPACE, _TAB, _BREAK = _q("text:s"), _q("text:tab"), _q("text:line-break")
_STYLE_NAME = _q("text:style-name")
_MAX_REPEAT = 100  # table:number-*-repeated beyond this is taken as this


def _inline(element: etree._Element, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED:
            pass
        elif child.tag == _SPACE:
            count = child.get(_q("text:c"), "1")
            parts.append(" " * (min(int(count), 1000) if count.isdigit() and len(count) < 7 else 1))
        elif child.tag == _TAB:
            parts.append("\t")
        elif child.tag == _BREAK:
            parts.append("\n")
        else:
            _inline(child, parts)
        if child.tail:
            parts.append(child.tail)


def _repeat(element: etree._Element, attribute: str) -> int:
    value = element.get(_q(attribute), "1")
    if not value.isdigit() or len(value) > 6:
        return _MAX_REPEAT if value.isdigit() else 1
    return min(max(int(value), 1), _MAX_REPEAT)


def _cell_text(cell: etree._Element) -> str:
    lines: list[tuple[str, bool]] = []
    _odt_lines(cell, lines, set())
    return " ".join(" ".join(t.split()) for t, _ in lines if t.strip())


def _odt_lines(container: etree._Element, lines: list[tuple[str, bool]],
               page_styles: set[str]) -> None:
    """``(line, page break before)`` of a container's paragraphs and tables in order."""
    for child in container:
        if not isinstance(child.tag, str) or child.tag in _SKIPPED:
            continue
        if child.tag in _PARAGRAPHS:
            parts: list[str] = []
            _inline(child, parts)
            lines.append(("".join(parts), child.get(_STYLE_NAME) in page_styles))
        elif child.tag == _TABLE:
            for row in child.iter(_ROW):
                if row.getparent() is not None and _enclosing_table(row) is not child:
                    continue  # a row of a nested table: its text is in its cell
                cells: list[str] = []
                for cell in row:
                    if cell.tag == _CELL:
                        cells += [_cell_text(cell)] * _repeat(cell, "table:number-columns-repeated")
                    elif cell.tag == _COVERED:
                        cells += [""] * _repeat(cell, "table:number-columns-repeated")
                lines += [("\t".join(cells), False)] * _repeat(row, "table:number-rows-repeated")
        else:  # lists, list items, sections, indexes, headers of tables...
            _odt_lines(child, lines, page_styles)


def _enclosing_table(row: etree._Element) -> etree._Element | None:
    parent = row.getparent()
    while parent is not None and parent.tag != _TABLE:
        parent = parent.getparent()
    return parent


def _page_break_styles(root: etree._Element) -> set[str]:
    names = set()
    for style in root.iter(_q("style:style")):
        props = style.find(_q("style:paragraph-properties"))
        if props is not None and props.get(_q("fo:break-before")) == "page":
            names.add(style.get(_q("style:name")))
    return names


def _odt_archive(data: bytes, path: str) -> dict[str, bytes]:
    problem = zip_problem(data, required="content.xml")
    if problem:
        raise InputError(path, f"corrupt ODT: {problem}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            return {name: archive.read(name) for name in ("content.xml", "meta.xml")
                    if name in names}
    except Exception:  # BadZipFile, zlib.error, EOFError, CRC failures...
        raise InputError(path, "corrupt ODT: truncated or damaged zip archive") from None


def _parse(xml: bytes, path: str, part: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"corrupt ODT: malformed XML in {part} (line {exc.lineno})"
                         ) from None


def convert_odt(data: bytes, *, path: str) -> ConvertedText:
    """Text of an OpenDocument text body and the title, author and date of its meta.xml."""
    parts = _odt_archive(data, path)
    root = _parse(parts["content.xml"], path, "content.xml")
    body = root.find(f"{_q('office:body')}/{_q('office:text')}")
    if body is None:
        raise InputError(path, "corrupt ODT: no office:text body (not a text document)")
    lines: list[tuple[str, bool]] = []
    _odt_lines(body, lines, _page_break_styles(root))
    out: list[str] = []
    for i, (line, page_before) in enumerate(lines):
        if i:
            out.append("\f" if page_before else "\n")
        out.append(line)
    metadata: dict[str, str] = {}
    if "meta.xml" in parts:
        meta = _parse(parts["meta.xml"], path, "meta.xml").find(_q("office:meta"))
        if meta is not None:
            _put(metadata, "file_title", meta.findtext(_q("dc:title")))
            _put(metadata, "author", meta.findtext(_q("meta:initial-creator")))
            _put(metadata, "author", meta.findtext(_q("dc:creator")))
            created = meta.findtext(_q("meta:creation-date"))
            if created and created.strip():
                metadata["file_created"] = _iso_date(created)
    return ConvertedText("".join(out), "lxml-odf", metadata)
