"""Word 97-2003 binary documents (``.doc``): the main text per [MS-DOC] §2.4.1.

Hand-written on purpose: no PyPI library reads the text of a ``.doc`` without an external
program (textract shells out to antiword, others to LibreOffice or wvWare), and Chinese
government sites still publish many attachments in this format. ``olefile`` opens the compound
file; the rest is the spec's "Retrieving Text" algorithm:

1. the FIB at the start of the ``WordDocument`` stream gives ``fWhichTblStm`` (``0Table`` or
   ``1Table``), ``fcClx``/``lcbClx`` (where the Clx is in the table stream) and ``ccpText``
   (how many characters the main document has);
2. the Clx is Prc records (skipped) and a Pcdt holding the PlcPcd piece table: ``n + 1``
   character positions and ``n`` piece descriptors;
3. each piece's text is in ``WordDocument`` at its ``fc``: 8-bit "compressed" (cp1252 with the
   spec's own mapping of 0x82–0x9F, other bytes as Latin-1) or UTF-16LE.

Only the main document (CPs ``0 .. ccpText``) is kept: footnotes, headers, comments, endnotes
and text boxes, stored after it, are left out (as the DOCX converter leaves them out).

Word's special characters are then turned into plain text (:func:`_clean`): paragraph marks
``\\r`` and line breaks ``\\x0b`` become ``\\n``; a page or section break ``\\x0c`` stays a form
feed, as PDF pages are joined (the paragraph mark right after it is dropped), and so does the
line end before a paragraph with "page break before" (how LibreOffice saves a page break); a
table cell end
``\\x07`` becomes a tab and a row end a line end, so a row is one line with its cells joined by
tabs as in DOCX (row ends are told from cell ends by the paragraph property ``sprmPFTtp``;
paragraphs inside a cell are joined by a space); of a field (``\\x13`` instruction ``\\x14``
result ``\\x15``, nested too) the result is kept and the instruction dropped; object anchors
(``\\x01``, ``\\x08``), footnote marks and other control characters are dropped.

Every offset and length read from the file is checked against the stream it points into, so a
damaged or crafted file raises :class:`~cityreports.errors.InputError` with one line, never
runs away: the work is linear in the size of the file.
"""

from __future__ import annotations

import bisect
import io
import struct

from cityreports.errors import InputError
from cityreports.ingest.converted import ConvertedText, _put

__all__ = ["MAX_PIECES", "convert_doc"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: A piece table with more pieces than this is refused (a real one has a few hundred at most).
MAX_PIECES = 1_000_000

_WORD_IDENT = 0xA5EC
_NFIB_WORD97 = 0x00C1
_F_ENCRYPTED = 0x0100
_F_WHICH_TBL_STM = 0x0200
_FC_CLX = 33  # index of the fcClx/lcbClx pair in FibRgFcLcb97
_FC_PLCF_BTE_PAPX = 13  # fcPlcfBtePapx/lcbPlcfBtePapx

# [MS-DOC] §2.4.1: compressed bytes 0x82-0x9F that are not their Latin-1 code point.
_COMPRESSED_MAP = {
    0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
    0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x91: 0x2018,
    0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014,
    0x98: 0x02DC, 0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9F: 0x0178,
}

_SPRM_P_F_IN_TABLE = 0x2416
_SPRM_P_F_TTP = 0x2417
_SPRM_P_F_INNER_TTP = 0x244C
_SPRM_P_F_INNER_TABLE_CELL = 0x244B
_SPRM_P_F_PAGE_BREAK_BEFORE = 0x2407


class _Corrupt(Exception):
    """The file breaks the format; the message is the problem shown to the user."""


def _u16(data: bytes, at: int) -> int:
    return struct.unpack_from("<H", data, at)[0]


def _u32(data: bytes, at: int) -> int:
    return struct.unpack_from("<I", data, at)[0]


def _i32(data: bytes, at: int) -> int:
    return struct.unpack_from("<i", data, at)[0]


# --------------------------------------------------------------------------------------------
# FIB and piece table


class _Fib:
    """The few FIB fields text retrieval needs."""

    def __init__(self, word: bytes) -> None:
        if len(word) < 34:
            raise _Corrupt("WordDocument stream too short for a FIB")
        if _u16(word, 0) != _WORD_IDENT:
            raise _Corrupt("no Word FIB at the start of the WordDocument stream")
        n_fib = _u16(word, 2)
        self.flags = _u16(word, 0x0A)
        if self.flags & _F_ENCRYPTED:
            return  # the rest of the FIB may be readable, but the text is not
        if n_fib < _NFIB_WORD97 - 1:
            raise _Corrupt(f"Word 6/95 document (nFib {n_fib}): only Word 97-2003 is read")
        at = 32
        csw = _u16(word, at)
        at += 2 + 2 * csw
        if at + 2 > len(word):
            raise _Corrupt("FIB cut short (fibRgW)")
        cslw = _u16(word, at)
        rg_lw = at + 2
        at = rg_lw + 4 * cslw
        if cslw < 4 or at + 2 > len(word):
            raise _Corrupt("FIB cut short (fibRgLw)")
        self.ccp_text = _i32(word, rg_lw + 12)
        cb_rg_fc_lcb = _u16(word, at)
        self._rg_fc_lcb = at + 2
        self._n_pairs = cb_rg_fc_lcb
        if cb_rg_fc_lcb <= _FC_CLX or self._rg_fc_lcb + 8 * cb_rg_fc_lcb > len(word):
            raise _Corrupt("FIB cut short (fibRgFcLcb)")
        self._word = word

    @property
    def encrypted(self) -> bool:
        return bool(self.flags & _F_ENCRYPTED)

    @property
    def table_stream(self) -> str:
        return "1Table" if self.flags & _F_WHICH_TBL_STM else "0Table"

    def pair(self, index: int) -> tuple[int, int]:
        at = self._rg_fc_lcb + 8 * index
        return _u32(self._word, at), _u32(self._word, at + 4)


def _slice(data: bytes, fc: int, lcb: int, what: str) -> bytes:
    if fc + lcb > len(data):
        raise _Corrupt(f"{what} at {fc}+{lcb} points past the end of its stream ({len(data)})")
    return data[fc : fc + lcb]


def _plc_pcd(clx: bytes) -> bytes:
    """The PlcPcd of a Clx: skip the Prc records, then the Pcdt's payload."""
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: clxt, cbGrpprl (int16), grpprl
        if at + 3 > len(clx):
            raise _Corrupt("Clx cut short")
        size = struct.unpack_from("<h", clx, at + 1)[0]
        if size < 0:
            raise _Corrupt("Clx with a negative property size")
        at += 3 + size
    if at + 5 > len(clx) or clx[at] != 0x02:
        raise _Corrupt("no piece table (Pcdt) in the Clx")
    lcb = _u32(clx, at + 1)
    if at + 5 + lcb > len(clx):
        raise _Corrupt("piece table longer than its Clx")
    return clx[at + 5 : at + 5 + lcb]


def _pieces(plc: bytes) -> list[tuple[int, int, int, bool]]:
    """``(cp_start, cp_end, fc, compressed)`` per piece, checked to be in order."""
    if len(plc) < 16 or (len(plc) - 4) % 12:
        raise _Corrupt(f"piece table of {len(plc)} bytes is not 4 + 12n")
    n = (len(plc) - 4) // 12
    if n > MAX_PIECES:
        raise _Corrupt(f"piece table with {n:,} pieces (over {MAX_PIECES:,})")
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    pieces = []
    for i in range(n):
        start, end = cps[i], cps[i + 1]
        if start < 0 or end < start:
            raise _Corrupt(f"piece table out of order at piece {i + 1}")
        fc_raw = _u32(plc, 4 * (n + 1) + 8 * i + 2)
        compressed = bool(fc_raw & 0x40000000)
        fc = fc_raw & 0x3FFFFFFF
        pieces.append((start, end, fc // 2 if compressed else fc, compressed))
    return pieces


def _decode_compressed(raw: bytes) -> str:
    text = raw.decode("latin-1")
    if any(0x82 <= b <= 0x9F for b in raw):
        text = text.translate(_COMPRESSED_MAP)
    return text


def _main_text(word: bytes, pieces: list[tuple[int, int, int, bool]], ccp_text: int,
               ) -> tuple[str, list[tuple[int, int, bool]]]:
    """The characters of CPs ``0 .. ccp_text`` and, per piece used, ``(cp, fc, compressed)``."""
    parts: list[str] = []
    used: list[tuple[int, int, bool]] = []
    for start, end, fc, compressed in pieces:
        if start >= ccp_text:
            break
        end = min(end, ccp_text)
        width = 1 if compressed else 2
        raw = _slice(word, fc, (end - start) * width, "text piece")
        parts.append(_decode_compressed(raw) if compressed else raw.decode("utf-16-le", "replace"))
        used.append((start, fc, compressed))
    text = "".join(parts)
    if len(text) < ccp_text:
        raise _Corrupt(f"piece table ends at character {len(text)}, before the text's end "
                       f"({ccp_text})")
    return text, used


# --------------------------------------------------------------------------------------------
# paragraph properties: which \r and \x07 are in a table, which \x07 ends a row

_SPRM_OPERAND = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}


def _sprms(grpprl: bytes) -> dict[int, int]:
    """The one-byte toggles of a grpprl (opcode -> first operand byte); stops at damage."""
    found: dict[int, int] = {}
    at = 0
    while at + 2 <= len(grpprl):
        opcode = _u16(grpprl, at)
        spra = opcode >> 13
        at += 2
        if spra == 6:  # variable: a size byte first (sprmPChgTabs/sprmTDefTable differ)
            if at >= len(grpprl):
                break
            if opcode == 0xD608:  # sprmTDefTable: two-byte size
                if at + 2 > len(grpprl):
                    break
                size = _u16(grpprl, at) + 1
            else:
                size = grpprl[at] + 1
        else:
            size = _SPRM_OPERAND[spra]
        if at < len(grpprl):
            found[opcode] = grpprl[at]
        at += size
    return found


class _Paragraphs:
    """Table flags of the paragraph holding a file position (PlcBtePapx -> PAPX FKPs)."""

    def __init__(self, word: bytes, plc: bytes) -> None:
        self._word = word
        n = (len(plc) - 4) // 8 if len(plc) >= 12 and (len(plc) - 4) % 8 == 0 else 0
        self._fcs = list(struct.unpack_from(f"<{n + 1}I", plc, 0)) if n else []
        self._pns = list(struct.unpack_from(f"<{n}I", plc, 4 * (n + 1))) if n else []
        self._pages: dict[int, tuple[list[int], bytes] | None] = {}

    def __bool__(self) -> bool:
        return bool(self._pns)

    def _page(self, pn: int) -> tuple[list[int], bytes] | None:
        if pn not in self._pages:
            page = self._word[pn * 512 : pn * 512 + 512]
            crun = page[511] if len(page) == 512 else 0
            if not crun or 4 * (crun + 1) + 13 * crun > 511:
                self._pages[pn] = None
            else:
                self._pages[pn] = (list(struct.unpack_from(f"<{crun + 1}I", page, 0)), page)
        return self._pages[pn]

    def flags(self, fc: int) -> dict[int, int]:
        """Sprm toggles of the paragraph whose text includes file position ``fc``."""
        i = bisect.bisect_right(self._fcs, fc) - 1
        if i < 0 or i >= len(self._pns):
            return {}
        got = self._page(self._pns[i] & 0x3FFFFF)
        if got is None:
            return {}
        rgfc, page = got
        j = bisect.bisect_right(rgfc, fc) - 1
        if j < 0 or j >= len(rgfc) - 1:
            return {}
        bx = page[4 * len(rgfc) + 13 * j]
        if not bx:
            return {}
        at = 2 * bx
        cb = page[at]
        if cb == 0:
            cb, start, size = page[at + 1], at + 2, 2 * page[at + 1]
        else:
            start, size = at + 1, 2 * cb - 1
        return _sprms(page[start + 2 : min(start + size, 511)])  # after the istd


# --------------------------------------------------------------------------------------------
# special characters -> plain text

_DROP = {c: None for c in range(0x20) if c not in (0x09, 0x0A)}
_MAP = {**_DROP, 0x0B: "\n", 0x0E: "\n", 0x1E: "-", 0xFEFF: None}


def _fc_of(used: list[tuple[int, int, bool]], starts: list[int], cp: int) -> int:
    i = bisect.bisect_right(starts, cp) - 1
    start, fc, compressed = used[i]
    return fc + (cp - start) * (1 if compressed else 2)


def _clean(text: str, used: list[tuple[int, int, bool]], paragraphs: _Paragraphs) -> str:
    """Word's special characters of the main text as plain text (see the module doc)."""
    starts = [u[0] for u in used]
    out: list[str] = []
    fields: list[bool] = []  # per open field: True once its separator (result part) is reached
    hidden = False  # inside some field's instruction
    after_break = False
    last_end = -1  # where in ``out`` the line end before the current paragraph is
    for cp, ch in enumerate(text):
        if ch == "\x13":
            fields.append(False)
            hidden = True
            continue
        if ch == "\x14":
            if fields:
                fields[-1] = True
                hidden = not all(fields)
            continue
        if ch == "\x15":
            if fields:
                fields.pop()
                hidden = not all(fields)
            continue
        if hidden:
            continue
        if ch == "\r" or ch == "\x07":
            props = paragraphs.flags(_fc_of(used, starts, cp)) if paragraphs else {}
            if ch == "\r":
                if after_break:
                    after_break = False
                    continue
                in_cell = props.get(_SPRM_P_F_IN_TABLE) or props.get(_SPRM_P_F_INNER_TABLE_CELL)
                if props.get(_SPRM_P_F_PAGE_BREAK_BEFORE) and last_end >= 0 and not in_cell:
                    out[last_end] = "\f"  # "page break before" this paragraph
                out.append(" " if in_cell else "\n")
                if not in_cell:
                    last_end = len(out) - 1
            elif props.get(_SPRM_P_F_TTP) or props.get(_SPRM_P_F_INNER_TTP) or (
                not paragraphs and out and out[-1] == "\t"
            ):
                if out and out[-1] == "\t":
                    out[-1] = "\n"  # the row's last cell end
                else:
                    out.append("\n")
                last_end = len(out) - 1
            else:
                out.append("\t")
            after_break = False
            continue
        if ch == "\x0c":
            out.append("\f")
            after_break = True
            continue
        after_break = False
        mapped = _MAP.get(ord(ch), ch)
        if mapped:
            out.append(mapped)
    return "".join(out).rstrip("\n")


# --------------------------------------------------------------------------------------------
# the converter


def _decode_property(value: object, codepage: int | None) -> str | None:
    if isinstance(value, str):
        return value
    if not isinstance(value, bytes):
        return None
    codec = {65001: "utf-8", 1200: "utf-16-le", 936: "gb18030", 950: "big5hkscs"}.get(
        (codepage or 0) & 0xFFFF, f"cp{(codepage or 1252) & 0xFFFF}")
    value = value.split(b"\x00", 1)[0] if codec != "utf-16-le" else value
    try:
        return value.decode(codec, "replace")
    except LookupError:
        return value.decode("latin-1")


def _metadata(ole) -> dict[str, str]:
    """``file_title``, ``author``, ``file_created`` from the SummaryInformation stream."""
    metadata: dict[str, str] = {}
    try:
        props = ole.get_metadata()
    except Exception:  # a damaged property stream costs the metadata only
        return metadata
    codepage = props.codepage if isinstance(props.codepage, int) else None
    _put(metadata, "file_title", _decode_property(props.title, codepage))
    _put(metadata, "author", _decode_property(props.author, codepage))
    created = props.create_time
    if created is not None and hasattr(created, "date") and created.year > 1601:
        metadata["file_created"] = created.date().isoformat()
    return metadata


def _read_streams(data: bytes) -> tuple[bytes, bytes | None, dict[str, str], str]:
    """``(WordDocument, table stream or None if encrypted, metadata, table name)``."""
    # olefile costs little to import, but only .doc files need it.
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError... on damage
        raise _Corrupt(f"damaged compound file ({_short(exc)})") from None
    try:
        if not ole.exists("WordDocument"):
            raise _Corrupt("no WordDocument stream (not a Word document)")
        word = ole.openstream("WordDocument").read()
        fib = _Fib(word)
        if fib.encrypted:
            return word, None, {}, ""
        name = fib.table_stream
        if not ole.exists(name):
            raise _Corrupt(f"no {name} stream")
        table = ole.openstream(name).read()
        return word, table, _metadata(ole), name
    except _Corrupt:
        raise
    except Exception as exc:
        raise _Corrupt(f"damaged compound file ({_short(exc)})") from None
    finally:
        ole.close()


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:80] if text else "unreadable"


def convert_doc(data: bytes, *, path: str) -> ConvertedText:
    """Main text of a Word 97-2003 document and its SummaryInformation properties."""
    try:
        if len(data) < 512 or not data.startswith(OLE_MAGIC):
            raise _Corrupt("not an OLE compound file")
        word, table, metadata, _ = _read_streams(data)
        if table is None:
            raise InputError(path, "encrypted .doc: cannot read without the password")
        fib = _Fib(word)
        if fib.ccp_text < 0 or fib.ccp_text > len(word):
            raise _Corrupt(f"text length {fib.ccp_text} does not fit the WordDocument stream")
        fc_clx, lcb_clx = fib.pair(_FC_CLX)
        if not lcb_clx:
            raise _Corrupt("no piece table (lcbClx is 0)")
        clx = _slice(table, fc_clx, lcb_clx, "Clx")
        text, used = _main_text(word, _pieces(_plc_pcd(clx)), fib.ccp_text)
        fc_papx, lcb_papx = fib.pair(_FC_PLCF_BTE_PAPX)
        papx = table[fc_papx : fc_papx + lcb_papx] if fc_papx + lcb_papx <= len(table) else b""
        cleaned = _clean(text, used, _Paragraphs(word, papx))
    except _Corrupt as exc:
        raise InputError(path, f"corrupt .doc: {exc}") from None
    except (struct.error, IndexError, ValueError) as exc:
        raise InputError(path, f"corrupt .doc: {_short(exc)}") from None
    return ConvertedText(cleaned, "ms-doc", metadata)
