"""OFD (GB/T 33190) files: the text of their pages in reading order (ingest/ofd.py), built here
as a real OFD writer lays them out (namespaced XML, text objects placed in millimetres)."""

from __future__ import annotations

import io
import zipfile

import pytest

from cityreports.ingest.converters import sniff_format
from cityreports.ingest.formats import read_file
from cityreports.pipeline.corpus import parse_corpus
from cityreports.quant.claims import claims_table

from .helpers import assert_refused, write, zip_bytes

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _text_object(x: float, y: float, text: str, *, size: float = 5.29) -> str:
    return (f'<ofd:TextObject ID="1" Boundary="{x} {y} 160 {size * 1.4}" Font="2" '
            f'Size="{size}"><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{size}" DeltaX="g {len(text) - 1} {size}">{text}'
            "</ofd:TextCode></ofd:TextObject>")


def make_ofd(pages: list[list[tuple[float, float, str]]], *, title: str = "") -> bytes:
    """An OFD archive: OFD.xml, Doc_0/Document.xml and one Content.xml per page, each page a
    list of (x mm, y mm, text) objects in any order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.1" DocType="OFD">'
            f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID><ofd:Title>{title}</ofd:Title>"
            "<ofd:Author>市数据局</ofd:Author><ofd:CreationDate>2024-03-05</ofd:CreationDate>"
            "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>"
            "</ofd:OFD>"))
        listed = "".join(f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                         for i in range(len(pages)))
        z.writestr("Doc_0/Document.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData>'
            '<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
            f"</ofd:CommonData><ofd:Pages>{listed}</ofd:Pages></ofd:Document>"))
        for i, objects in enumerate(pages):
            body = "".join(_text_object(x, y, t) for x, y, t in objects)
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content>'
                f'<ofd:Layer ID="2">{body}</ofd:Layer></ofd:Content></ofd:Page>'))
    return buf.getvalue()


BODY = "全市智慧城市建设取得明显成效，各区积极推进数据共享和业务协同，群众获得"
MORE = "感不断增强，城市运行管理服务平台实现全覆盖，一网通办事项持续扩大，政务"
PAGES = [
    [(25, 70, "服务效率明显提升。全市建成5G基站3万个。"), (25, 30, "关于推进智慧城市建设的通知"),
     (25, 50, BODY), (25, 60, MORE), (25, 40, "2024年3月5日")],  # out of order: by position
    [(25, 30, "城市大脑接入系统85个，"), (80, 30, "数据中心机架2000架。")],  # one line, two runs
]


def test_ofd_pages_are_read_in_reading_order(tmp_path):
    data = make_ofd(PAGES, title="关于推进智慧城市建设的通知")
    assert sniff_format(data, suffix="") == "ofd"
    [doc] = read_file(write(tmp_path / "notice.ofd", data), root=tmp_path)
    assert doc.format == "ofd" and doc.metadata["text_source"] == "lxml-ofd"
    assert doc.raw_text == (
        f"关于推进智慧城市建设的通知\n2024年3月5日\n{BODY}\n{MORE}\n服务效率明显提升。全市建成5G基站"
        "3万个。\f城市大脑接入系统85个，数据中心机架2000架。")
    assert (doc.metadata["file_title"], doc.metadata["author"], doc.metadata["file_created"]) == (
        "关于推进智慧城市建设的通知", "市数据局", "2024-03-05")


def test_an_ofd_parses_into_blocks_and_claims(tmp_path):
    write(tmp_path / "notice.ofd", make_ofd(PAGES))
    doc = parse_corpus(tmp_path).get("notice")
    assert doc.meta.title == "关于推进智慧城市建设的通知" and doc.meta.year == 2024
    assert any(BODY + MORE + "服务效率明显提升。" in b.text for b in doc.blocks)  # lines joined
    assert {"3万个", "85个", "2000架"} <= set(claims_table(parse_corpus(tmp_path))["surface"])


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (zip_bytes({"OFD.xml": f"<ofd:OFD {NS}><ofd:DocBody/></ofd:OFD>"}), "names no DocRoot"),
        (zip_bytes({"OFD.xml": f"<ofd:OFD {NS}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml"
                              "</ofd:DocRoot></ofd:DocBody></ofd:OFD>"}),
         "no Doc_0/Document.xml in the archive"),
        (zip_bytes({"OFD.xml": "<ofd:OFD"}), "malformed XML in OFD.xml"),
        (make_ofd(PAGES)[:300], "corrupt OFD"),
    ],
)
def test_a_broken_ofd_is_refused_with_the_file_named(tmp_path, data, problem):
    assert_refused(write(tmp_path / "broken.ofd", data), problem)
