"""RTF and ODT files (cityreports.ingest.rtf_odt).

``fixtures/legacy.rtf`` and ``fixtures/legacy.odt`` were made by LibreOffice from the same DOCX
as ``legacy.doc`` (``fixtures/make_legacy.py``); LibreOffice writes Chinese in RTF as ``\\uN``
escapes. The GB2312 ``\\'hh`` form that Word writes under ``\\ansicpg936`` is written by hand
here.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.errors import InputError
from cityreports.ingest.converters import sniff_format
from cityreports.ingest.rtf_odt import convert_odt, convert_rtf

from .test_word97 import EXPECTED

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RTF = (FIXTURES / "legacy.rtf").read_bytes()
ODT = (FIXTURES / "legacy.odt").read_bytes()
METADATA = {"file_title": "老城区数字化改造试点情况说明", "author": "市数据资源局",
            "file_created": "2021-06-08"}


@pytest.mark.parametrize(("data", "convert", "source"),
                         [(RTF, convert_rtf, "striprtf"), (ODT, convert_odt, "lxml-odf")],
                         ids=["rtf", "odt"])
def test_libreoffice_fixture_text_and_metadata(data, convert, source):
    # The same text as the .doc LibreOffice made from the same DOCX (its .txt export recorded in
    # test_word97.LIBREOFFICE_TXT): rows as tab-joined lines, the page break a form feed.
    result = convert(data, path="x")
    assert result.text == EXPECTED
    assert result.metadata == METADATA
    assert result.text_source == source


def _gb(text: str) -> str:
    """``text`` as RTF ``\\'hh`` escapes of its GB2312 bytes."""
    return "".join(f"\\'{b:02x}" for b in text.encode("gb2312"))


FONTS = ("{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}"
         "{\\f13\\fnil\\fcharset134 " + _gb("宋体") + ";}}")


def _rtf(body: str, *, info: str = "") -> bytes:
    return ("{\\rtf1\\ansi\\ansicpg936\\deff0" + FONTS + info + "\r\n" + body + "}").encode("ascii")


HAND_RTF = [
    # (case, body, expected text)
    ("gb-in-gb-font", "\\f13 " + _gb("国家数据局") + "\\par", "国家数据局"),
    ("gb-in-latin-font", "\\f0\\dbch\\af13 " + _gb("国家数据局") + "\\par", "国家数据局"),
    ("gb-run-across-source-lines", "\\f13 " + _gb("数字")[:12] + "\r\n" + _gb("数字")[12:]
     + "\\par", "数字"),
    ("unicode-uc2", "{\\uc2\\u22269\\'b9\\'fa\\u23478\\'bc\\'d2}\\par", "国家"),
    ("unicode-uc1", "\\uc1\\u25968?\\u23383?\\par", "数字"),
    ("both-forms", "\\f13 " + _gb("智慧") + "{\\uc2\\u22478\\'b3\\'c7\\u24066\\'ca\\'d0}\\par",
     "智慧城市"),
    ("latin-1-byte", "caf\\'e9 2024\\par", "café 2024"),
    ("table-row", "\\trowd\\cellx1000\\cellx2000\\intbl " + _gb("指标") + "\\cell 12%\\cell"
     "\\row\\pard " + _gb("完") + "\\par", "指标\t12%\n完"),
    ("hyperlink-field", "{\\field{\\*\\fldinst{HYPERLINK \"http://www.example.gov.cn/\"}}"
     "{\\fldrslt{" + _gb("全文") + "}}}\\par", "全文"),
    ("page-break", "\\f13 " + _gb("一页") + "\\page\\par " + _gb("二页") + "\\par", "一页\f二页"),
    ("line-break-tab", "a\\line b\\tab c\\par", "a\nb\tc"),
]


@pytest.mark.parametrize(("case", "body", "expected"), HAND_RTF, ids=[c[0] for c in HAND_RTF])
def test_hand_written_chinese_rtf(case, body, expected):
    assert convert_rtf(_rtf(body), path="x.rtf").text == expected


def test_raw_gbk_bytes_in_rtf_are_decoded_with_the_code_page():
    data = ("{\\rtf1\\ansi\\ansicpg936" + FONTS + "\\f0 ").encode() + "数字政府".encode("gbk") \
        + b"\\par}"
    assert convert_rtf(data, path="x.rtf").text == "数字政府"


def test_rtf_info_metadata_in_gb2312():
    info = ("{\\info{\\title " + _gb("数字城市") + "}{\\author " + _gb("市大数据局")
            + "}{\\creatim\\yr2019\\mo11\\dy5\\hr9}}")
    result = convert_rtf(_rtf("x\\par", info=info), path="x.rtf")
    assert result.metadata == {"file_title": "数字城市", "author": "市大数据局",
                               "file_created": "2019-11-05"}


def test_not_rtf_is_an_input_error():
    with pytest.raises(InputError) as info:
        convert_rtf(b"just text", path="x.rtf")
    assert info.value.problem == "corrupt RTF: does not start with {\\rtf"


@settings(max_examples=100, deadline=2000)
@given(st.text(alphabet="\\{}'abcdefu0123456789 \r\n?", max_size=400))
def test_rtf_garbage_only_raises_input_error(tail):
    try:
        convert_rtf(b"{\\rtf1\\ansi\\ansicpg936 " + tail.encode(), path="x.rtf")
    except InputError:
        pass


def _odt(content: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def _odt_body(body: str) -> bytes:
    return _odt(f'<office:document-content {ODT_NS}><office:body><office:text>{body}'
                "</office:text></office:body></office:document-content>")


ODT_CASES = [
    ("spaces-tab-break",
     "<text:p>甲<text:s text:c=\"3\"/>乙<text:tab/>丙<text:line-break/>丁</text:p>",
     "甲   乙\t丙\n丁"),
    ("heading-list", "<text:h>一、总则</text:h><text:list><text:list-item><text:p>第一条"
     "</text:p></text:list-item></text:list>", "一、总则\n第一条"),
    ("note-left-out", "<text:p>正文<text:note><text:note-citation>1</text:note-citation>"
     "<text:note-body><text:p>脚注</text:p></text:note-body></text:note>继续</text:p>",
     "正文继续"),
    ("table", "<table:table><table:table-row><table:table-cell><text:p>a</text:p><text:p>b"
     "</text:p></table:table-cell><table:covered-table-cell/><table:table-cell "
     "table:number-columns-repeated=\"2\"><text:p>c</text:p></table:table-cell>"
     "</table:table-row></table:table>", "a b\t\tc\tc"),
]


@pytest.mark.parametrize(("case", "body", "expected"), ODT_CASES, ids=[c[0] for c in ODT_CASES])
def test_odt_structures(case, body, expected):
    assert convert_odt(_odt_body(body), path="x.odt").text == expected


BAD_ODT = [
    ("not-zip", b"plain text", "corrupt ODT: not a zip archive"),
    ("truncated", ODT[:3000], "corrupt ODT: "),
    ("no-content", _odt("", extra={}).replace(b"content.xml", b"content.xmm"),
     "corrupt ODT: no content.xml in the archive"),
    ("bad-xml", _odt("<office:document-content"), "corrupt ODT: malformed XML in content.xml"),
    ("spreadsheet", _odt(f"<office:document-content {ODT_NS}><office:body><office:spreadsheet/>"
                         "</office:body></office:document-content>"),
     "corrupt ODT: no office:text body (not a text document)"),
]


@pytest.mark.parametrize(("case", "data", "problem"), BAD_ODT, ids=[c[0] for c in BAD_ODT])
def test_bad_odt_is_one_input_error(case, data, problem):
    with pytest.raises(InputError) as info:
        convert_odt(data, path="x.odt")
    assert info.value.problem.startswith(problem)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("data", "expected"), [(ODT, "odt"), (RTF, "rtf"),
                                                (b"\r\n{\\rtf1 x}", "rtf")])
def test_sniffed_by_content(data, expected):
    assert sniff_format(data, suffix=".doc") == expected
