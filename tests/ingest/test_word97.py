"""Word 97-2003 ``.doc`` files (cityreports.ingest.word97).

``fixtures/legacy.doc`` was made by LibreOffice from a DOCX built with python-docx
(``fixtures/make_legacy.py``). Other cases patch that file's streams in place (same sizes, with
olefile): the text of one piece, the FIB's flags, the piece table.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import olefile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityreports.errors import InputError
from cityreports.ingest.converters import sniff_format
from cityreports.ingest.word97 import convert_doc

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOC = (FIXTURES / "legacy.doc").read_bytes()

#: What ``soffice --headless --convert-to txt`` gives for legacy.doc (fixtures/legacy.txt):
#: table cells one per line, no page break character.
LIBREOFFICE_TXT = [
    "老城区数字化改造试点情况说明",
    "一、试点范围。今年在东街、西巷两个片区布设智能水表1800块，覆盖居民约6200户。",
    "项目", "计划", "完成",
    "智能水表（块）", "2000", "1800",
    "路灯改造（盏）", "450", "512",
    "详见：试点方案全文。",
    "二、下一步安排。",
    "三、保障措施。第四季度前完成验收，资金缺口约0.3亿元。",
    "第二行文字紧接着换行符。",
    "换行之后的内容。",
]
#: Ours: a table row is one line with its cells joined by tabs (as DOCX), the page break LibreOffice
#: saved as "page break before" is a form feed, the hyperlink field is its result only.
EXPECTED = (
    "老城区数字化改造试点情况说明\n"
    "一、试点范围。今年在东街、西巷两个片区布设智能水表1800块，覆盖居民约6200户。\n"
    "项目\t计划\t完成\n智能水表（块）\t2000\t1800\n路灯改造（盏）\t450\t512\n"
    "详见：试点方案全文。\n"
    "二、下一步安排。\f"
    "三、保障措施。第四季度前完成验收，资金缺口约0.3亿元。\n"
    "第二行文字紧接着换行符。\n换行之后的内容。"
)


def _problem(data: bytes) -> str:
    with pytest.raises(InputError) as info:
        convert_doc(data, path="x.doc")
    message = str(info.value)
    assert message.startswith("x.doc: ") and "\n" not in message and "Error" not in message
    return info.value.problem


def _streams(data: bytes) -> tuple[bytes, bytes]:
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        return ole.openstream("WordDocument").read(), ole.openstream("1Table").read()


def _patched(word: bytes | None = None, table: bytes | None = None) -> bytes:
    """legacy.doc with its WordDocument and/or 1Table stream replaced (same sizes)."""
    buffer = io.BytesIO(DOC)
    ole = olefile.OleFileIO(buffer, write_mode=True)
    if word is not None:
        ole.write_stream("WordDocument", word)
    if table is not None:
        ole.write_stream("1Table", table)
    ole.close()
    return buffer.getvalue()


WORD, TABLE = _streams(DOC)
CSW = struct.unpack_from("<H", WORD, 32)[0]
RG_LW = 32 + 2 + 2 * CSW + 2
CSLW = struct.unpack_from("<H", WORD, RG_LW - 2)[0]
RG_FC_LCB = RG_LW + 4 * CSLW + 2
FC_CLX, LCB_CLX = struct.unpack_from("<II", WORD, RG_FC_LCB + 8 * 33)


def _with_pieces(pieces: list[tuple[str, bool]]) -> bytes:
    """legacy.doc whose main text is ``pieces`` (text, compressed), one piece each.

    The texts are written at 2048 on in WordDocument (where LibreOffice put its text), the Clx
    is rewritten in place (or at the end of 1Table when longer), and the paragraph properties
    are cut off (lcbPlcfBtePapx = 0).
    """
    word, table = bytearray(WORD), bytearray(TABLE)
    cps, pcds, fc, cp = [0], b"", 2048, 0
    for text, compressed in pieces:
        raw = text.encode("cp1252") if compressed else text.encode("utf-16-le")
        word[fc : fc + len(raw)] = raw
        stored = (fc * 2) | 0x40000000 if compressed else fc
        pcds += struct.pack("<HIH", 0, stored, 0)
        fc += len(raw)
        cp += len(text)
        cps.append(cp)
    plc = struct.pack(f"<{len(cps)}i", *cps) + pcds
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    assert fc <= len(word)
    at = FC_CLX if len(clx) <= LCB_CLX else len(table) - len(clx)  # else over the stream's end
    table[at : at + len(clx)] = clx
    struct.pack_into("<II", word, RG_FC_LCB + 8 * 33, at, len(clx))
    struct.pack_into("<I", word, RG_FC_LCB + 8 * 13 + 4, 0)  # no PAPX: no table flags
    struct.pack_into("<i", word, RG_LW + 12, cp)  # ccpText
    return _patched(bytes(word), bytes(table))


def test_fixture_text_equals_libreoffice_text_with_rows_as_lines():
    result = convert_doc(DOC, path="legacy.doc")
    assert result.text == EXPECTED
    assert result.text_source == "ms-doc"
    as_libreoffice = result.text.replace("\t", "\n").replace("\f", "\n").split("\n")
    assert as_libreoffice == LIBREOFFICE_TXT
    recorded = (FIXTURES / "legacy.txt").read_text(encoding="utf-8-sig").splitlines()
    assert recorded == LIBREOFFICE_TXT


def test_fixture_metadata_from_summary_information():
    assert convert_doc(DOC, path="legacy.doc").metadata == {
        "file_title": "老城区数字化改造试点情况说明", "author": "市数据资源局",
        "file_created": "2021-06-08",
    }


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        ([("第一段。\r第二段。\r", False)], "第一段。\n第二段。"),
        ([("一行\x0b二行\r", False)], "一行\n二行"),
        ([("第一页。\x0c\r第二页。\r", False)], "第一页。\f第二页。"),
        ([("见\x13 HYPERLINK \"http://a.cn\" \x01\x14附件\x15。\r", False)], "见附件。"),
        ([("共\x13 = \x13 PAGE \x14 3\x15 + 1 \x14四\x15页\r", False)], "共四页"),  # nested
        ([("\x13 TOC \\o \x14目录\x13 PAGEREF _Toc1 \x142\x15\r\x15正文\r", False)],
         "目录2\n正文"),  # a field inside a field's result keeps its result
        ([("\x13 INCLUDEPICTURE x \x15图\x01\x08片\r", False)], "图片"),
        ([("甲\x07乙\x07\x07丙\x07丁\x07\x07", False)], "甲\t乙\n丙\t丁"),  # no PAPX: \x07\x07
        ([("“Quotes” – dash…\r", True)], "“Quotes” – dash…"),  # compressed cp1252 0x82-0x9f
        ([("Word 97 ", True), ("文档。\r", False)], "Word 97 文档。"),
        ([("a\x1eb\x1fc\x02\x05d\r", True)], "a-bcd"),
    ],
    ids=["paragraphs", "line-break", "page-break", "hyperlink", "nested-field", "toc",
         "objects", "cells", "compressed", "mixed-pieces", "hyphens-marks"],
)
def test_special_characters(pieces, expected):
    assert convert_doc(_with_pieces(pieces), path="x.doc").text == expected


def _fib_flags(flags_or: int) -> bytes:
    word = bytearray(WORD)
    word[0x0A] |= flags_or & 0xFF
    word[0x0B] |= flags_or >> 8
    return _patched(bytes(word))


def _clx_fc(fc: int) -> bytes:
    """The piece table's one piece pointing at ``fc``."""
    table = bytearray(TABLE)
    start = TABLE.index(b"\x02", FC_CLX)
    struct.pack_into("<I", table, start + 5 + 8 + 2, fc)
    return _patched(table=bytes(table))


def _directory_size(name: str, size: int) -> bytes:
    """legacy.doc with the directory entry of ``name`` claiming ``size`` bytes."""
    data = bytearray(DOC)
    entry = data.index(name.encode("utf-16-le") + b"\x00\x00")
    struct.pack_into("<I", data, entry + 120, size)
    return bytes(data)


def _word_field(offset: int, fmt: str, value: int) -> bytes:
    word = bytearray(WORD)
    struct.pack_into(fmt, word, offset, value)
    return _patched(bytes(word))


BAD_DOCS = [
    ("truncated", lambda: DOC[:9000], "corrupt .doc: "),
    ("piece-past-stream", lambda: _clx_fc(10_000_000),
     "corrupt .doc: text piece at 10000000+464 points past the end of its stream (4669)"),
    ("zero-length-word-stream", lambda: _directory_size("WordDocument", 0),
     "corrupt .doc: WordDocument stream too short for a FIB"),
    ("zero-length-table-stream", lambda: _directory_size("1Table", 0),
     "corrupt .doc: Clx at "),
    ("encrypted", lambda: _fib_flags(0x0100), "encrypted .doc: cannot read without the password"),
    ("ccp-text-too-long", lambda: _word_field(RG_LW + 12, "<i", 10**9),
     "corrupt .doc: text length 1000000000 does not fit the WordDocument stream"),
    ("clx-past-table", lambda: _word_field(RG_FC_LCB + 8 * 33, "<I", 2**31),
     "corrupt .doc: Clx at 2147483648+"),
    ("not-word", lambda: DOC.replace("WordDocument".encode("utf-16-le"),
                                     "WordDocumenX".encode("utf-16-le")),
     "corrupt .doc: no WordDocument stream (not a Word document)"),
    ("not-ole", lambda: b"\x00" * 1024, "corrupt .doc: not an OLE compound file"),
    ("word6", lambda: _word_field(2, "<H", 0x0065), "corrupt .doc: Word 6/95 document"),
]


@pytest.mark.parametrize(("name", "make", "problem"), BAD_DOCS, ids=[b[0] for b in BAD_DOCS])
def test_bad_doc_is_one_input_error(name, make, problem):
    assert _problem(make()).startswith(problem)


def test_sniffed_by_its_word_document_stream():
    assert sniff_format(DOC, suffix=".txt") == "doc"
    assert sniff_format(_directory_size("WordDocument", 0), suffix="") == "doc"
    not_word = DOC.replace("WordDocument".encode("utf-16-le"), "Workbook\x00\x00\x00\x00"
                           .encode("utf-16-le"))
    assert sniff_format(not_word, suffix=".xls") is None


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=0, max_size=20_000))
def test_random_bytes_after_an_ole_header_only_raise_input_error(tail):
    try:
        convert_doc(DOC[:512] + tail, path="x.doc")
    except InputError:
        pass


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(DOC) - 1), st.integers(0, 255)), max_size=40))
def test_damaged_bytes_of_a_real_doc_only_raise_input_error(damage):
    data = bytearray(DOC)
    for at, value in damage:
        data[at] = value
    try:
        convert_doc(bytes(data), path="x.doc")
    except InputError:
        pass
