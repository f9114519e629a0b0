"""Converters for DOCX, PDF, HTML and XML-record files (cityreports.ingest.converters).

Every fixture is made here (in memory) except the real DOCX reports, read from the shared corpus
beside the repository (``<repo>/../shared``; see ``tests/conftest.py``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import zipfile
from pathlib import Path

import pytest

from cityreports.errors import InputError
from cityreports.ingest.converters import (
    MAX_DOCX_UNCOMPRESSED,
    XML_FIELD_ROLES,
    ConvertedText,
    convert_docx,
    convert_html,
    convert_pdf,
    parse_xml_records,
    sniff_format,
)

from ..conftest import DEVCORPUS

ROOT = Path(__file__).resolve().parents[2]


DEVDOCS = DEVCORPUS / "docs"  # the shared corpus (tests/conftest.py: beside the repo)
FONT = ROOT / "src" / "cityreports" / "resources" / "fonts" / "WenQuanYiMicroHei.ttf"


def _han(text: str) -> str:
    """The CJK unified ideographs of a text, in order."""
    return "".join(re.findall(r"[\u4e00-\u9fff]", text))


def _problem(excinfo: pytest.ExceptionInfo[InputError]) -> str:
    message = str(excinfo.value)
    assert "\n" not in message and "Error" not in message and "Traceback" not in message
    return excinfo.value.problem


# =========================================================================================
# DOCX

TITLE = "关于推进新型智慧城市建设的实施意见"
BODY = [
    "为深入贯彻落实国家关于数字中国建设的决策部署，现提出如下意见。",
    "到2025年，全市数字经济核心产业增加值占地区生产总值比重达到12%。",
]
TABLE = [["指标", "2023年", "2025年目标"], ["5G基站（万个）", "3.2", "5.0"]]
CLOSING = "各区、各部门要结合实际认真贯彻执行。"


def _made_docx() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "智慧城市实施意见"
    document.core_properties.author = "市政府办公厅"
    document.core_properties.created = dt.datetime(2024, 3, 5, 9, 30)
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph("")
    for text in BODY:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("")
    document.add_paragraph(CLOSING)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def made_docx() -> bytes:
    return _made_docx()


def test_docx_paragraphs_and_tables_in_document_order(made_docx):
    result = convert_docx(made_docx, path="made.docx")
    assert isinstance(result, ConvertedText)
    assert result.text_source == "python-docx"
    assert result.text.split("\n") == [
        TITLE,
        "",
        *BODY,
        "指标\t2023年\t2025年目标",
        "5G基站（万个）\t3.2\t5.0",
        "",
        CLOSING,
    ]
    assert result.page_breaks == ()


def test_docx_core_properties_become_metadata(made_docx):
    metadata = convert_docx(made_docx, path="made.docx").metadata
    assert metadata == {"file_title": "智慧城市实施意见", "author": "市政府办公厅",
                        "file_created": "2024-03-05"}


def _docx_with(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _merged_table(document) -> None:
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "横向合并"
    table.cell(0, 2).text = "甲"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "纵向合并"
    for r in (1, 2):
        table.cell(r, 1).text = f"乙{r}"
        table.cell(r, 2).text = f"丙{r}"
    cell = table.cell(1, 1)
    cell.add_paragraph("第二段")
    # Word shows no text of a cell that continues a vertical merge: stale text stays unread
    from docx.oxml import parse_xml

    below = table._tbl.tr_lst[2].tc_lst[0]
    below.append(parse_xml(
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:r><w:t>不显示</w:t></w:r></w:p>"
    ))


def _tracked_changes(document) -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document.element.body.insert(0, parse_xml(
        f"<w:p {w}><w:r><w:t>保留</w:t></w:r>"
        '<w:ins w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        "<w:smartTag w:uri='u' w:element='date'><w:r><w:t>3月5日</w:t></w:r></w:smartTag>"
        "<w:r><w:tab/><w:t>尾</w:t></w:r></w:p>"
    ))


@pytest.mark.parametrize(
    "build, lines",
    [
        # merged cells once: a horizontal span is one cell, a vertical one is text in its top row
        (_merged_table, ["横向合并\t甲", "纵向合并\t乙1 第二段\t丙1", "\t乙2\t丙2"]),
        # runs inside w:ins and w:smartTag count; deleted text does not
        (_tracked_changes, ["保留插入3月5日\t尾"]),
    ],
    ids=["merged-cells", "tracked-changes"],
)
def test_docx_structures(build, lines):
    text = convert_docx(_docx_with(build), path="x.docx").text
    assert text.split("\n")[: len(lines)] == lines


def test_docx_without_core_properties_has_no_invented_metadata(made_docx):
    source = zipfile.ZipFile(io.BytesIO(made_docx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "_rels/.rels":  # drop the core-properties relationship
                data = re.sub(rb"<Relationship [^>]*core-properties[^>]*/>", b"", data)
            if info.filename != "docProps/core.xml":
                out.writestr(info, data)
    result = convert_docx(buffer.getvalue(), path="x.docx")
    assert result.metadata == {}
    assert result.text.startswith(TITLE)


@pytest.mark.parametrize("city", ["beijing", "shenzhen", "chengdu"])
def test_real_docx_matches_its_txt_conversion(city):
    docx_path = DEVDOCS / f"gwr_municipal_{city}_2024.docx"
    txt_path = DEVDOCS / f"gwr_municipal_{city}_2024.txt"
    assert docx_path.is_file() and txt_path.is_file(), f"shared corpus missing: {DEVDOCS}"
    got = _han(convert_docx(docx_path.read_bytes(), path=str(docx_path)).text)
    want = _han(txt_path.read_text(encoding="utf-8"))
    assert len(want) > 10_000
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    assert matcher.ratio() >= 0.98


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _declared_bomb(made: bytes) -> bytes:
    """The DOCX plus a member whose central-directory entry declares 300 MB (as a bomb's does)."""
    data = bytearray(_zip({**_members(made), "word/media/bomb.bin": b"0" * 1000}))
    entry = data.find(b"PK\x01\x02", data.find(b"word/media/bomb.bin") - 46)
    data[entry + 24 : entry + 28] = (300 * 2**20).to_bytes(4, "little")
    return bytes(data)


def _damaged_member(made: bytes) -> bytes:
    """The DOCX with bytes in the middle of word/document.xml's compressed data overwritten."""
    data = bytearray(made)
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    data[middle : middle + 16] = b"\xff" * 16
    return bytes(data)


def _members(made: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize(
    "damage, problem",
    [
        (lambda d: "报告正文".encode() * 100, "corrupt DOCX: not a zip archive"),
        (lambda d: d[: len(d) // 2], "corrupt DOCX: truncated or damaged zip archive"),
        (lambda d: _zip({"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"}),
         "corrupt DOCX: no word/document.xml in the archive"),
        (lambda d: _zip({**_members(d), "word/document.xml": b"<w:document><unclosed>"}),
         "corrupt DOCX: malformed XML (line 1)"),
        (_declared_bomb, f"over the {MAX_DOCX_UNCOMPRESSED // 2**20} MB limit (zip bomb?)"),
        (_damaged_member, "corrupt DOCX: damaged zip member word/document.xml"),
        (lambda d: _zip({**_members(d), "[Content_Types].xml": _members(d)[
            "[Content_Types].xml"].replace(b"wordprocessingml.document.main", b"spreadsheetml")}),
         "corrupt DOCX: not a Word document (content type application/"),
    ],
    ids=["not-zip", "truncated", "no-document-xml", "bad-xml", "zip-bomb", "damaged-member",
         "wrong-content-type"],
)
def test_corrupt_docx(made_docx, damage, problem):
    with pytest.raises(InputError) as excinfo:
        convert_docx(damage(made_docx), path="bad.docx")
    assert problem in _problem(excinfo)
    assert _problem(excinfo).startswith("corrupt DOCX: ")


# =========================================================================================
# PDF

PDF_PAGES = [
    "2023年全市数字经济核心产业增加值增长12.5%。\n建成5G基站3.2万个。",
    "第二页：2024年新建智慧社区20个。",
]


def _made_pdf(pages: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("智慧城市建设报告")
    pdf.set_author("市政府办公厅")
    pdf.set_creation_date(dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.timezone.utc))
    pdf.add_font("wqy", fname=str(FONT))
    pdf.set_font("wqy", size=12)
    for text in pages:
        pdf.add_page()
        for line in text.split("\n"):
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def made_pdf() -> bytes:
    return _made_pdf(PDF_PAGES)


def test_pdf_pages_joined_by_form_feed_with_page_breaks(made_pdf):
    result = convert_pdf(made_pdf, path="made.pdf")
    assert result.text_source == "pdfplumber"
    assert result.text == "\f".join(PDF_PAGES)
    assert result.page_breaks == (0, len(PDF_PAGES[0]) + 1)
    assert all(result.text[b - 1] == "\f" for b in result.page_breaks[1:])
    assert result.text[result.page_breaks[1] :].startswith("第二页")


def test_pdf_document_info_becomes_metadata(made_pdf):
    metadata = convert_pdf(made_pdf, path="made.pdf").metadata
    assert metadata == {"file_title": "智慧城市建设报告", "author": "市政府办公厅",
                        "file_created": "2024-03-05"}


def _image_only_pdf(_made: bytes) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(2, 2))
    ax.imshow(np.random.default_rng(0).random((16, 16)))
    ax.axis("off")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="pdf")
    plt.close(fig)
    return buffer.getvalue()


def _encrypted_pdf(made: bytes) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(made))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _random_pdf(_made: bytes) -> bytes:
    import numpy as np

    return b"%PDF-1.7\n" + np.random.default_rng(1).bytes(4000)


@pytest.mark.parametrize(
    "make, problem",
    [
        (_image_only_pdf, "no text layer (scanned or image-only PDF): needs OCR"),
        (_encrypted_pdf, "encrypted PDF: cannot read without the password"),
        (_random_pdf, "corrupt PDF: "),
        (lambda made: made[: len(made) // 2], "corrupt PDF: "),
    ],
    ids=["image-only", "encrypted", "random-bytes", "truncated"],
)
def test_unreadable_pdf(made_pdf, make, problem):
    with pytest.raises(InputError) as excinfo:
        convert_pdf(make(made_pdf), path="bad.pdf")
    assert _problem(excinfo).startswith(problem)


def test_pdf_readable_without_password_when_only_an_owner_password_is_set(made_pdf):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(made_pdf))
    writer.encrypt("", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert convert_pdf(buffer.getvalue(), path="x.pdf").text == "\f".join(PDF_PAGES)


# =========================================================================================
# HTML

PARAGRAPHS = [
    "3月15日，记者从市大数据局获悉，2023年我市深入推进新型智慧城市建设，数字经济核心产业增加值达到"
    "1250亿元，同比增长12.5%，占地区生产总值比重提高到11.3%。全市累计建成5G基站3.2万个，实现城区"
    "和重点乡镇连续覆盖，千兆光网覆盖家庭超过260万户。",
    "在数字政府建设方面，“一网通办”平台上线政务服务事项2860项，其中“全程网办”比例达到92%，企业开办"
    "时间压缩至0.5个工作日以内。城市运行管理中心汇聚交通、应急、环保等42个部门的数据资源，日均处理城市"
    "事件1.8万件，事件按期办结率提升至98.6%。",
    "市大数据局有关负责人表示，2024年将围绕“数字中国”建设总体布局，加快建设城市数据大脑，推进公共数据"
    "授权运营，力争数字经济核心产业增加值增长10%以上，新建5G基站5000个，打造20个以上智慧社区示范场景，"
    "让数字化成果更多更公平惠及全体市民。",
]
NAV_AND_FOOTER = ["政务公开", "办事服务", "互动交流", "政策文件", "数据开放平台", "版权所有",
                  "ICP备", "网站标识码"]


def _news_page(charset: str = "utf-8", extra_head: str = "") -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>我市智慧城市建设取得新进展_新闻中心_某市人民政府门户网站</title>
<meta name="author" content="张伟">
{extra_head}
</head>
<body>
<header><div class="menu"><a href="/">首页</a> <a href="/zwgk">政务公开</a>
<a href="/bsfw">办事服务</a> <a href="/hdjl">互动交流</a></div></header>
<nav><ul><li><a href="/news">新闻中心</a></li><li><a href="/zcwj">政策文件</a></li>
<li><a href="/sjkf">数据开放平台</a></li></ul></nav>
<main><article>
<h1>我市智慧城市建设取得新进展</h1>
<div class="info">发布时间：<time datetime="2024-03-15">2024年03月15日</time></div>
{paragraphs}
<table><tr><th>指标</th><th>2023年</th></tr><tr><td>5G基站（万个）</td><td>3.2</td></tr></table>
</article></main>
<footer><p>版权所有：某市人民政府办公室 主办单位：某市人民政府办公室</p>
<p>ICP备案号：京ICP备12345678号-1 网站标识码：1100000001</p></footer>
</body>
</html>
"""


GOV_META = (
    '<meta name="SiteName" content="某市人民政府门户网站">'
    '<meta name="ContentSource" content="市大数据局">'
    '<link rel="canonical" href="http://www.example.gov.cn/xwzx/2024/0315/1.html">'
)


@pytest.mark.parametrize(
    "data, encoding",
    [
        (_news_page().encode("utf-8"), None),
        (b"\xef\xbb\xbf" + _news_page().encode("utf-8"), None),
        (_news_page("gb2312").encode("gb18030"), None),
        (_news_page("gbk").encode("gb18030"), None),
        # an HTTP header's charset (the caller's) beats a wrong declaration in the page
        (_news_page("iso-8859-1").encode("gb18030"), "gb2312"),
        # re-saved as UTF-8 but still declaring GB2312: valid UTF-8 wins
        (_news_page("gb2312").encode("utf-8"), None),
    ],
    ids=["utf-8", "utf-8-bom", "gb2312-meta", "gbk-meta", "encoding-argument", "utf-8-says-gb"],
)
def test_html_main_text_without_navigation_or_footer(data, encoding):
    result = convert_html(data, path="news.html", encoding=encoding)
    assert result.text_source == "trafilatura"
    lines = result.text.split("\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in lines  # one paragraph per line, intact
    assert lines.index(PARAGRAPHS[0]) < lines.index(PARAGRAPHS[1]) < lines.index(PARAGRAPHS[2])
    assert "5G基站（万个）" in result.text  # tables are kept
    for boilerplate in NAV_AND_FOOTER:
        assert boilerplate not in result.text
    assert result.metadata["title"] == "我市智慧城市建设取得新进展"
    assert result.metadata["date"] == "2024-03-15"
    assert result.metadata["author"] == "张伟"  # trafilatura alone drops one-word names


def test_html_metadata_from_canonical_url_and_government_meta_tags():
    metadata = convert_html(_news_page(extra_head=GOV_META).encode(), path="news.html").metadata
    assert metadata["url"] == "http://www.example.gov.cn/xwzx/2024/0315/1.html"
    assert metadata["sitename"] == "某市人民政府门户网站"
    assert metadata["source"] == "市大数据局"


def _dated_page(head: str, byline: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<html><head><title>新闻</title>{head}</head><body><article><h1>我市智慧城市建设取得新进展</h1>"
        f"<div class='info'>{byline}</div>{paragraphs}</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "head, byline",
    [
        ("", '<time datetime="2024-03-15T09:00:00+08:00">3月15日</time>'),
        ('<meta property="article:published_time" content="2024-03-15T09:00:00+08:00">', ""),
        ('<meta name="PubDate" content="2024-03-15 09:00">', "来源：市大数据局"),
        # htmldate's extensive search would read this byline as 2024-01-01
        ("", "发布时间：2024年03月15日 来源：市大数据局"),
        ("", "日期: 2024-3-15"),
        # an unlabelled date and clock before the source, as news sites write their byline
        ("", "2024年03月15日 09:15\u3000来源：洛阳日报\u3000作者：记者 王亮"),
    ],
    ids=["time-element", "opengraph-meta", "gov-pubdate-meta", "chinese-byline", "dash-byline",
         "unlabelled-byline"],
)
def test_html_date_as_the_page_states_it(head, byline):
    metadata = convert_html(_dated_page(head, byline), path="news.html").metadata
    assert metadata["date"] == "2024-03-15"


def test_html_without_any_stated_date_has_none():
    metadata = convert_html(_dated_page("", "来源：市大数据局"), path="news.html").metadata
    assert "date" not in metadata
    assert metadata["title"] == "我市智慧城市建设取得新进展"


def test_html_without_main_text_falls_back_to_visible_body_text():
    page = (
        "<html><head><title>侧栏页</title><style>p {color: red}</style></head><body>"
        "<aside><div>第一条 通知事项</div><div>第二条 \n  办理时间<br>（工作日）</div>"
        "<div hidden>隐藏</div><script>var hidden = '脚本';</script><!-- 注释 --></aside>"
        "</body></html>"
    )
    result = convert_html(page.encode(), path="aside.html")
    assert result.text_source == "lxml"
    assert result.text == "第一条 通知事项\n第二条 办理时间\n（工作日）"
    assert result.metadata["title"] == "侧栏页"


def test_html_valid_utf8_wins_over_a_gb2312_declaration():
    # 全市智慧城市建设 in UTF-8 (24 bytes) also decodes as GB18030, to 12 other characters
    page = '<html><head><meta charset="gb2312"></head><body><p>全市智慧城市建设</p></body></html>'
    assert page.encode("utf-8").decode("gb18030") != page  # the trap is real
    assert convert_html(page.encode("utf-8"), path="x.html").text == "全市智慧城市建设"


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>",
        b"<html><body>   </body></html>",
        b"",
    ],
    ids=["script-only", "blank-body", "empty-file"],
)
def test_html_without_any_text_is_an_error(page):
    with pytest.raises(InputError) as excinfo:
        convert_html(page, path="empty.html")
    assert _problem(excinfo) == "no text in HTML page"


# =========================================================================================
# XML records (Sogou news style)


def _record(n: int, content: str, title: str | None = None) -> str:
    title = title if title is not None else f"新闻标题{n}"
    return (
        f"<doc>\r\n<url>http://news.example.com/2024/{n}.html</url>\r\n<docno>d{n:04d}</docno>\r\n"
        f"<contenttitle>{title}</contenttitle>\r\n<content>{content}</content>\r\n</doc>\r\n"
    )


CONTENT_1 = "　　本报讯 2023年全市新建5G基站3.2万个。\r\n　　数字经济核心产业增加值增长12.5%。"
CONTENT_2 = "智慧交通项目投资8.6亿元，覆盖主城区。"


def _sogou(root: bool) -> str:
    records = _record(1, CONTENT_1) + _record(2, CONTENT_2)
    return f"<docs>\r\n{records}</docs>\r\n" if root else records


@pytest.mark.parametrize("root", [True, False], ids=["with-root", "without-root"])
def test_xml_records_fields_and_content(root):
    data = _sogou(root).encode("gb18030")
    records = parse_xml_records(data.decode("gb18030"), path="news.dat")
    assert [n for n, _ in records] == [1, 2]
    first = records[0][1]
    assert set(first) == {"url", "docno", "contenttitle", "content"}
    assert first["url"] == "http://news.example.com/2024/1.html"
    assert first["docno"] == "d0001"
    assert first["contenttitle"] == "新闻标题1"
    # exactly the element text: leading ideographic spaces kept, CRLF read as LF (XML rule)
    assert first["content"] == CONTENT_1.replace("\r\n", "\n")
    assert records[1][1]["content"] == CONTENT_2


@pytest.mark.parametrize(
    "content, expected",
    [
        ("AT&T与中国移动合作", "AT&T与中国移动合作"),  # unescaped &
        ("增长率3<5，且a<b成立", "增长率3<5，且a<b成立"),  # unescaped <
        ("一&nbsp;二&ldquo;三&rdquo;", "一\xa0二“三”"),  # undeclared (HTML) entities
        ("未知实体&foo;保留", "未知实体&foo;保留"),
        ("已转义&amp;&lt;&#x4e2d;", "已转义&<中"),
        ("<![CDATA[原样 & <保留>]]>", "原样 & <保留>"),
    ],
    ids=["ampersand", "less-than", "html-entities", "unknown-entity", "escaped", "cdata"],
)
def test_xml_recovers_what_real_dumps_contain(content, expected):
    text = _record(1, CONTENT_2) + _record(2, content) + _record(3, CONTENT_2)
    records = parse_xml_records(text, path="news.dat")
    assert [n for n, _ in records] == [1, 2, 3]
    assert records[1][1]["content"] == expected
    assert records[2][1]["content"] == CONTENT_2


def test_xml_truncated_last_record_is_skipped():
    text = _sogou(root=True)[: -len("</docs>\r\n")] + "<doc>\r\n<url>http://x</url>\r\n<content>截断"
    records = parse_xml_records(text, path="news.dat")
    assert [n for n, _ in records] == [1, 2]
    assert records[1][1]["content"] == CONTENT_2


def test_xml_with_declaration_and_attributes():
    text = "<?xml version='1.0' encoding='GB18030'?>\r\n<docs><doc id='7'><Content>正文</Content>" \
           "</doc><doc id='8'><Content>二</Content></doc></docs>"
    assert parse_xml_records(text, path="x.xml") == [
        (1, {"content": "正文", "id": "7"}),
        (2, {"content": "二", "id": "8"}),
    ]


@pytest.mark.parametrize(
    "text, problem",
    [
        ("这不是XML，只是一段文字。", "malformed XML: no elements found, line 1"),
        (_record(1, "甲") + "<doc><url>u</url><content>未闭合\r\n" + _record(3, "丙"),
         "malformed XML: record 2 is not closed, line 7"),
        (_record(1, "甲") + "<doc><url>u</url><content>错</title></doc>\r\n" + _record(3, "丙"),
         "line 7"),
        ("<doc><url>只有一条且被截断", "malformed XML: no complete <doc> record, line 1"),
        ("", "malformed XML: empty file, line 1"),
    ],
    ids=["plain-text", "unclosed-record", "mismatched-tag", "only-truncated", "empty"],
)
def test_xml_malformed_beyond_recovery(text, problem):
    with pytest.raises(InputError) as excinfo:
        parse_xml_records(text, path="bad.dat")
    assert _problem(excinfo).startswith("malformed XML: ")
    assert problem in _problem(excinfo)


def test_xml_field_roles_name_the_text_field():
    assert XML_FIELD_ROLES["content"] == "text"
    assert XML_FIELD_ROLES["contenttitle"] == "title"
    assert XML_FIELD_ROLES["docno"] == "id"
    assert all(key == key.lower() for key in XML_FIELD_ROLES)


# =========================================================================================
# sniff_format

PLAIN_CHINESE = "\n".join(
    ["2024年政府工作报告", "", "各位代表：", "现在，我代表市人民政府向大会报告工作。",
     "网页模板中的<html>标签不是正文。", "以上报告，请予审议。"]
)


@pytest.mark.parametrize(
    "make, suffix, expected",
    [
        (lambda: _made_docx(), ".txt", "docx"),
        (lambda: _made_docx()[:3000], ".docx", "docx"),  # truncated: still a DOCX, a corrupt one
        (lambda: _zip({"xl/workbook.xml": b"<w/>"}), ".docx", None),
        (lambda: _made_pdf(["一"]), ".dat", "pdf"),
        (lambda: b"\xef\xbb\xbf" + _news_page().encode(), ".txt", "html"),
        (lambda: ("\r\n  <!-- saved page -->\r\n" + _news_page()).encode(), ".dat", "html"),
        (lambda: _news_page("gb2312").encode("gb18030"), ".txt", "html"),
        (lambda: b'<meta http-equiv="Content-Type" content="text/html; charset=gbk"><p>x</p>',
         ".txt", "html"),
        (lambda: "<div align='center'><p>报告</p></div>".encode(), ".html", "html"),
        (lambda: "<div align='center'><p>报告</p></div>\n# 标题".encode(), ".md", None),
        (lambda: _sogou(root=False).encode("gb18030"), ".dat", "xml"),
        (lambda: _sogou(root=True).encode("gb18030"), ".dat", "xml"),
        (lambda: ("<?xml version='1.0'?>" + _sogou(True)).encode("utf-16"), ".xml", "xml"),
        (lambda: PLAIN_CHINESE.encode("utf-8"), ".txt", None),
        (lambda: PLAIN_CHINESE.encode("gb18030"), ".txt", None),
        (lambda: '{"title": "<html>", "text": "正文"}'.encode(), ".json", None),
        (lambda: b"", ".txt", None),
    ],
    ids=["docx-as-txt", "truncated-docx", "xlsx", "pdf-as-dat", "html-bom", "html-comment",
         "html-gb18030", "html-meta-first", "div-page-html", "div-markdown", "sogou-no-root",
         "sogou-root", "xml-utf16", "plain-text", "plain-gb18030", "json", "empty"],
)
def test_sniff_format(make, suffix, expected):
    assert sniff_format(make(), suffix=suffix) == expected


_SITE_PAGE = (
    '<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
    '<div class="header"><h1>成都市人民政府</h1></div>'
    '<div class="bread">当前位置：首页 > 政务公开 > 政策文件</div>'
    '<div class="main">{head}<div class="article-content"><p>各区（市）县政府，市政府各部门：</p>'
    "<p>《成都市智慧蓉城建设行动方案》已经市政府同意，现印发你们，请认真贯彻执行。</p>"
    "<p>成都市人民政府办公厅</p><p>2022年7月15日</p></div></div></body></html>"
)


@pytest.mark.parametrize(
    ("title", "head", "expected"),
    [
        # the site's logo in <h1>; the article's title in an element classed as one
        ("成都市人民政府门户网站",
         '<div class="article-title">成都市人民政府办公厅关于印发智慧蓉城建设行动方案的通知</div>',
         "成都市人民政府办公厅关于印发智慧蓉城建设行动方案的通知"),
        # a breadcrumb <title> is no title
        ("首页 > 新闻中心 > 图片新闻", "", None),
        # a title element that holds its byline too
        ("人民网", '<div class="text_title"><h1>智慧社区让养老更省心</h1>'
         '<p>2022年03月08日07:12 | 来源：人民网－人民日报</p></div>', "智慧社区让养老更省心"),
        # Xinhua's h-title element; a <title> that adds the site's name after the headline
        ("智慧城市建设按下“快进键”-新华网", '<div class="h-title">智慧城市建设按下“快进键”</div>',
         "智慧城市建设按下“快进键”"),
    ],
)
def test_html_title_is_the_articles_not_the_sites(title, head, expected):
    page = _SITE_PAGE.format(title=title, head=head).encode()
    assert convert_html(page, path="p.html").metadata.get("title") == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("成都印发智慧蓉城建设行动方案_中国政府网", "成都印发智慧蓉城建设行动方案"),
        ("智慧城市建设按下“快进键”-新华网", "智慧城市建设按下“快进键”"),
        ("市政府召开常务会议 | 宁波市人民政府 - 政务公开", "市政府召开常务会议"),
        ("数字孪生城市—理论与实践", "数字孪生城市—理论与实践"),  # a dash of the title's own
        # what is left of the suffix is still checked: a home page or a breadcrumb is no title
        ("首页_宁波市人民政府", None),
        ("当前位置：政务公开 - 宁波市人民政府", None),
        ("上海—上海市人民政府", "上海—上海市人民政府"),  # too short a headline to cut
        # a genre label before the headline
        ("新聞公報 - 創新科技及工業局局長致辭全文", "創新科技及工業局局長致辭全文"),
    ],
)
def test_html_title_loses_the_site_name_after_it(title, expected):
    page = (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            '<div class="main"><p>近日，成都市政府办公厅印发《成都市智慧蓉城建设行动方案》，'
            "提出到2025年基本建成智慧蓉城。</p><p>方案明确了五个方面的重点任务。</p></div>"
            "</body></html>").encode()
    assert convert_html(page, path="p.html").metadata.get("title") == expected


def test_a_space_padded_title_is_read_in_linear_time():
    # the nested form of the suffix pattern took 21 s on 6 of these parts, and doubled with each
    title = "智慧城市 - 新华网" + " -   ab   " * 12 + "-x"
    page = (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            "<div class=\"main\"><p>近日，成都市政府办公厅印发行动方案，"
            "提出到2025年基本建成智慧蓉城。</p></div></body></html>").encode()
    assert convert_html(page, path="p.html").metadata.get("title").startswith("智慧城市")


def test_one_cell_layout_rows_are_read_as_their_text():
    page = ("<html><body><table><tr><td><strong>区政务服务中心“周末不打烊”服务受群众点赞</strong>"
            "</td></tr><tr><td>今年以来，区政务服务中心推出“周末不打烊”服务，累计办件1.2万件。</td></tr>"
            "</table></body></html>").encode()
    text = convert_html(page, path="p.html").text
    assert "今年以来，区政务服务中心推出“周末不打烊”服务，累计办件1.2万件。" in text.split("\n")
    assert "|" not in text
