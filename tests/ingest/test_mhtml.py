"""MHTML (a web page saved as one file, and the MHTML ".doc" that many government sites
serve): ingest/html_pages.py convert_mhtml, sniffed by content whatever the suffix."""

from __future__ import annotations

import quopri
from base64 import encodebytes

import pytest

from cityreports.ingest.converters import sniff_format
from cityreports.ingest.formats import read_file

from .helpers import assert_refused, write

PAGE = ('<html><head><meta charset="{charset}"><title>关于推进智慧城市建设的通知</title></head>'
        "<body><h1>关于推进智慧城市建设的通知</h1><p>2024年3月5日</p>"
        "<p>全市建成5G基站3万个，数据中心机架2000架。</p></body></html>")


def _mhtml(charset: str, transfer: str, *, start: bool = False) -> bytes:
    """An MHTML file as Word or a browser writes it: headers, a root HTML part in ``charset``
    (base64 or quoted-printable), an image part."""
    html = PAGE.format(charset=charset).encode(charset)
    body = encodebytes(html) if transfer == "base64" else quopri.encodestring(html)
    start_param = ' start="<root@page>";' if start else ""
    head = (
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related; boundary="----=_NextPart_01D";{start_param} '
        'type="text/html"\r\n\r\n'
        "This document is a Single File Web Page, also known as a Web Archive file.\r\n\r\n"
        "------=_NextPart_01D\r\n"
        "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Location: file:///C:/x.png\r\n\r\niVBORw0KGgo=\r\n\r\n"
        "------=_NextPart_01D\r\n"
        f'Content-Type: text/html; charset="{charset}"\r\n'
        f"Content-Transfer-Encoding: {transfer}\r\n"
        "Content-ID: <root@page>\r\n"
        "Content-Location: http://www.example.gov.cn/art/2024/3/5/a.html\r\n\r\n"
    )
    return head.encode("ascii") + body + b"\r\n------=_NextPart_01D--\r\n"


@pytest.mark.parametrize("name", ["page.mht", "page.mhtml", "notice.doc", "saved"])
@pytest.mark.parametrize(("charset", "transfer"), [("gb2312", "quoted-printable"),
                                                   ("utf-8", "base64")])
def test_mhtml_is_read_by_content(tmp_path, name, charset, transfer):
    data = _mhtml(charset, transfer, start=name == "saved")
    assert sniff_format(data, suffix="") == "mhtml"
    [doc] = read_file(write(tmp_path / name, data), root=tmp_path)
    assert doc.format == "mhtml" and doc.metadata["text_source"] == "trafilatura"
    assert "全市建成5G基站3万个，数据中心机架2000架。" in doc.raw_text
    assert doc.metadata["title"] == "关于推进智慧城市建设的通知"
    assert doc.metadata["url"] == "http://www.example.gov.cn/art/2024/3/5/a.html"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n"
         b"Content-Type: image/png\r\n\r\nabc\r\n--x--\r\n", "no HTML part in the MHTML file"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n", "MHTML"),
    ],
)
def test_mhtml_without_a_page_is_refused_with_the_file_named(tmp_path, data, problem):
    assert_refused(write(tmp_path / "broken.mht", data), problem)


def test_a_mail_header_in_ordinary_text_is_no_mhtml():
    text = "MIME-Version: 1.0 是邮件格式的一部分。\n全市建成5G基站3万个。\n".encode()
    assert sniff_format(text, suffix=".txt") is None
