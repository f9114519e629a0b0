"""Reading one report file: formats by content and suffix, records, errors (ingest.formats)."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

from cityreports.errors import InputError, ParameterError
from cityreports.ingest.formats import read_file, read_records
from cityreports.records import Skipped

from .helpers import make_docx, make_html, make_pdf
from .helpers import write as _write


def test_txt_file(tmp_path):
    data = "标题\r\n正文：智慧城市。\r\n".encode("gb18030")
    path = _write(tmp_path / "sub" / "report.txt", data)
    (doc,) = read_file(path, root=tmp_path)
    assert doc.doc_id == "sub/report"
    assert doc.format == "txt"
    assert doc.encoding == "gb18030"
    assert doc.raw_text == "标题\r\n正文：智慧城市。\r\n"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert dict(doc.metadata) == {"text_source": "file"}


@pytest.mark.parametrize(
    ("record", "text_field", "text", "metadata"),
    [
        (
            {"content": "正文", "title": "题"},
            None,
            "正文",
            {"title": "题", "text_source": "content"},
        ),
        (
            {"text": "正文", "published": "2020-12-03"},
            None,
            "正文",
            {"date": "2020-12-03", "text_source": "text"},
        ),
        (
            {"body": ["第一段", "第二段"], "authors": ["甲", "乙"]},
            None,
            "第一段\n第二段",
            {"author": "甲、乙", "text_source": "body"},
        ),
        (
            {"article": "正文", "text": "摘要", "URL": "u"},
            "article",
            "正文",
            {"url": "u", "text_source": "article"},
        ),
        ({"Content": "正文", "source": "", "date": None}, None, "正文", {"text_source": "Content"}),
    ],
)
def test_json_single_record(tmp_path, record, text_field, text, metadata):
    path = _write(tmp_path / "r.json", json.dumps(record, ensure_ascii=False))
    (doc,) = read_file(path, root=tmp_path, text_field=text_field)
    assert (doc.doc_id, doc.format, doc.raw_text) == ("r", "json", text)
    assert dict(doc.metadata) == metadata
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_json_list_and_jsonl_are_multi_record(tmp_path):
    records = [{"content": f"第{i}篇报道", "title": f"题{i}"} for i in range(1, 4)]
    as_list = _write(tmp_path / "list.json", json.dumps(records, ensure_ascii=False))
    lines = "\n\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    as_lines = _write(tmp_path / "lines.jsonl", lines)
    for path, fmt in ((as_list, "json"), (as_lines, "jsonl")):
        docs = read_file(path, root=tmp_path)
        assert [d.doc_id for d in docs] == [f"{path.stem}#{i}" for i in (1, 2, 3)]
        assert [d.raw_text for d in docs] == [r["content"] for r in records]
        assert [d.metadata["title"] for d in docs] == ["题1", "题2", "题3"]
        assert {d.format for d in docs} == {fmt}
        assert docs[1].sha256 == hashlib.sha256("第2篇报道".encode()).hexdigest()


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_rows_are_reports(tmp_path, codec):
    rows = [
        {"Title": "题一", "Date": "2020-01-01", "Content": "第一段\r\n第二段，含逗号"},
        {"Title": "题二", "Date": "", "Content": "另一篇" * 60000},  # > csv default field limit
    ]
    path = tmp_path / "news.csv"
    with path.open("w", encoding=codec, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["Title", "Date", "Content"])
        writer.writeheader()
        writer.writerows(rows)
    docs = read_file(path, root=tmp_path)
    assert [d.doc_id for d in docs] == ["news#1", "news#2"]
    assert [d.raw_text for d in docs] == [r["Content"] for r in rows]
    assert dict(docs[0].metadata) == {
        "title": "题一", "date": "2020-01-01", "text_source": "Content"
    }
    assert dict(docs[1].metadata) == {"title": "题二", "text_source": "Content"}


@pytest.mark.parametrize(
    ("name", "content", "text_field", "problem"),
    [
        ("a.docx", "PK", None, "corrupt DOCX: not a zip archive"),
        ("README", "text", None,
         "unknown format '(no suffix)' (not DOCX, DOC, ODT, OFD, RTF, PDF, HTML, MHTML or XML"),
        ("a.doc", b"\xd0\xcf\x11\xe0" + bytes(60), None, "corrupt .doc: not an OLE compound file"),
        ("a.wps", b"\xd0\xcf\x11\xe0" + bytes(60), None, "unknown format '.wps'"),
        ("a.pdf", "%PDF-1.4 broken", None, "corrupt PDF"),
        ("a.xml", "<docs><doc><content>x</doc>", None, "malformed XML"),
        ("a.json", "[" * 100_000 + "]" * 100_000, None, "invalid JSON: nested too deeply to read"),
        ("a.json", "{broken", None, "invalid JSON"),
        ("a.json", '"just a string"', None, "JSON must be an object or a non-empty list"),
        ("a.json", '{"title": "t"}', None, "missing text field (tried content, text, body"),
        ("a.json", '{"content": "x"}', "article", "missing text field 'article'"),
        ("a.json", '{"content": 3}', None, "text field 'content' is not a string"),
        ("a.json", '{"content": "  "}', None, "empty text field 'content'"),
        ("a.jsonl", '{"content": "x"}\n[1]\n', None, "a.jsonl#2: JSON line is not an object"),
        ("a.jsonl", '{"content": "x"}\n{bad\n', None, "a.jsonl#2: invalid JSON line: Expecting"),
        ("a.jsonl", "\n\n", None, "no records"),
        ("a.csv", "title,date\nt,2020\n", None, "missing text field (tried content, text, body"),
        ("a.csv", "content\n", None, "no rows"),
        ("a.txt", "  \n\u3000\n", None, "no text (only whitespace)"),
        ("a.md", "---\ntitle: t\n---\n\n", None, "no text (only whitespace)"),
    ],
)
def test_read_file_errors(tmp_path, name, content, text_field, problem):
    path = _write(tmp_path / name, content)
    with pytest.raises(InputError) as info:
        read_file(path, root=tmp_path, text_field=text_field)
    assert str(path) in str(info.value)
    assert problem in str(info.value)
    assert "\n" not in str(info.value)


def test_read_file_rejects_root_outside(tmp_path):
    path = _write(tmp_path / "a" / "x.txt", "智慧城市")
    with pytest.raises(ParameterError, match="root"):
        read_file(path, root=tmp_path / "b")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "gone.txt", root=tmp_path)



# --------------------------------------------------------------------------- by content

PARAGRAPHS = ["关于推进新型智慧城市建设的报告", "2023年全市新建5G基站3.2万个，增长12%。"]
SOGOU = (
    "<doc>\r\n<url>http://news.sogou.com/a.shtml</url>\r\n<docno>a1</docno>\r\n"
    "<contenttitle>智慧城市建设提速</contenttitle>\r\n"
    "<content>全市新建5G基站3.2万个。\r\n城市大脑覆盖16个区。</content>\r\n</doc>\r\n"
    "<doc>\r\n<url>http://news.sogou.com/b.shtml</url>\r\n<docno>a2</docno>\r\n"
    "<contenttitle>空记录</contenttitle>\r\n<content></content>\r\n</doc>\r\n"
    "<doc>\r\n<url>http://news.sogou.com/c.shtml</url>\r\n<docno>a3</docno>\r\n"
    "<contenttitle>数字政府</contenttitle>\r\n<content>政务服务“一网通办”率达95%。</content>\r\n"
    "</doc>\r\n"
)


def _pdf_bytes() -> bytes:
    return make_pdf(["\n".join(PARAGRAPHS)])


@pytest.mark.parametrize(
    ("name", "make", "fmt", "text_source"),
    [
        ("report.docx", lambda: make_docx(PARAGRAPHS), "docx", "python-docx"),
        ("saved-as.txt", lambda: make_docx(PARAGRAPHS), "docx", "python-docx"),
        ("report.pdf", _pdf_bytes, "pdf", "pdfplumber"),
        ("no-suffix", _pdf_bytes, "pdf", "pdfplumber"),
        ("page.html", lambda: make_html(PARAGRAPHS[0], PARAGRAPHS[1:]), "html", "trafilatura"),
        ("page.txt", lambda: make_html(PARAGRAPHS[0], PARAGRAPHS[1:]), "html", "trafilatura"),
        (
            "gbk.htm",
            lambda: make_html(PARAGRAPHS[0], PARAGRAPHS[1:], charset="gb18030"),
            "html",
            "trafilatura",
        ),
    ],
)
def test_converted_formats_are_sniffed_by_content(tmp_path, name, make, fmt, text_source):
    path = _write(tmp_path / name, make())
    (doc,) = read_file(path, root=tmp_path)
    assert (doc.format, doc.metadata["text_source"]) == (fmt, text_source)
    assert PARAGRAPHS[1] in doc.raw_text
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("root_element", [True, False], ids=["docs-root", "no-root"])
@pytest.mark.parametrize("name", ["news.dat", "news.xml", "news.txt"])
def test_sogou_xml_records_in_gb18030_with_crlf(tmp_path, name, root_element):
    xml = f"<docs>\r\n{SOGOU}</docs>\r\n" if root_element else SOGOU
    path = _write(tmp_path / name, xml.encode("gb18030"))
    docs, skipped = read_records(path, doc_id="news", text_field=None)
    assert [d.doc_id for d in docs] == ["news#1", "news#3"]
    assert [d.raw_text for d in docs] == [
        "全市新建5G基站3.2万个。\n城市大脑覆盖16个区。",  # XML parsing turns CRLF into LF
        "政务服务“一网通办”率达95%。",
    ]
    assert {(d.format, d.encoding) for d in docs} == {("xml", "gb18030")}
    assert dict(docs[0].metadata) == {
        "title": "智慧城市建设提速",
        "url": "http://news.sogou.com/a.shtml",
        "text_source": "content",
    }
    assert docs[1].sha256 == hashlib.sha256(docs[1].raw_text.encode()).hexdigest()
    assert skipped == [Skipped(f"{path}#2", "empty text field 'content'")]


def test_text_that_merely_opens_like_xml_is_read_as_text(tmp_path):
    text = "<智慧城市> <数字政府>\n正文：全市新建5G基站3.2万个。\n"
    path = _write(tmp_path / "notes.txt", text)
    (doc,) = read_file(path, root=tmp_path)
    assert (doc.format, doc.raw_text) == ("txt", text)


def test_json_escapes_are_decoded_in_the_text(tmp_path):
    raw = '{"url": "http:\\/\\/x.cn\\/a", "content": "城市\\/乡村：5G基站3.2万个\\u3002"}'
    path = _write(tmp_path / "r.json", raw)
    (doc,) = read_file(path, root=tmp_path)
    assert doc.raw_text == "城市/乡村：5G基站3.2万个。"
    assert doc.metadata["url"] == "http://x.cn/a"


@pytest.mark.parametrize(
    ("name", "make", "problem"),
    [
        ("scan.pdf", lambda: make_pdf([""]),
         "no text layer (scanned or image-only PDF): needs OCR"),
        ("bad.docx", lambda: make_docx(PARAGRAPHS)[:300], "corrupt DOCX"),
        ("bad.dat", lambda: b"<docs><doc><content>x</content></dc></docs>", "malformed XML"),
    ],
)
def test_bad_converted_files_get_one_line_errors(tmp_path, name, make, problem):
    path = _write(tmp_path / name, make())
    with pytest.raises(InputError) as info:
        read_file(path, root=tmp_path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert problem in message
    assert "\n" not in message


def test_jsonl_bad_line_keeps_the_good_records(tmp_path):
    path = _write(tmp_path / "a.jsonl", '{"content": "一"}\n{bad\n{"content": "三"}\n')
    docs, skipped = read_records(path, doc_id="a", text_field=None)
    assert [(d.doc_id, d.raw_text) for d in docs] == [("a#1", "一"), ("a#3", "三")]
    assert [s.path for s in skipped] == [f"{path}#2"]
    assert skipped[0].reason.startswith("invalid JSON line: Expecting property name")


# Written by the redteam helper: a Chinese crawler export names its fields in Chinese.
@pytest.mark.parametrize(
    ("record", "text", "metadata"),
    [
        ({"标题": "沈阳智慧城市建设取得新突破", "发布时间": "2020年11月3日", "正文": "会议召开。"},
         "会议召开。",
         {"title": "沈阳智慧城市建设取得新突破", "date": "2020年11月3日", "text_source": "正文"}),
        ({"標題": "臺北智慧路燈", "來源": "市府", "內容": "路燈汰換。"}, "路燈汰換。",
         {"title": "臺北智慧路燈", "source": "市府", "text_source": "內容"}),
        ({"内容": "摘要", "content": "全文"}, "全文", {"text_source": "content"}),
    ],
)  # fmt: skip
def test_chinese_field_names(tmp_path, record, text, metadata):
    path = _write(tmp_path / "r.json", json.dumps(record, ensure_ascii=False))
    (doc,) = read_file(path, root=tmp_path)
    assert doc.raw_text == text
    assert dict(doc.metadata) == metadata


@pytest.mark.parametrize(
    ("name", "data", "encoding"),
    [
        ("notice.doc", "关于推进智慧城市建设的通知\r\n全市建成5G基站3万个。\r\n".encode(), "utf-8"),
        ("notice.doc", "关于推进智慧城市建设的通知\n全市建成5G基站3万个。\n".encode("gb18030"),
         "gb18030"),
        ("notice.doc", "\ufeff关于推进智慧城市建设的通知\r\n第一条 为了规范。\r\n".encode(
            "utf-16-le"), "utf-16-le"),
        ("notice.doc", ("　　第一条 为了规范。\n" * 40).encode("gb18030"), "gb18030"),  # U+3000
    ],
)
def test_plain_text_with_a_word_suffix_is_read_as_text(tmp_path, name, data, encoding):
    """Old sites serve plain text as a .doc download: it is read as text, byte for byte."""
    path = _write(tmp_path / name, data)
    [doc] = read_file(path, root=tmp_path)
    assert (doc.format, doc.encoding, doc.metadata["text_source"]) == ("txt", encoding, "file")
    assert doc.raw_text == data.decode(encoding).removeprefix("\ufeff")  # BOM excluded


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 8, b"\xd0\xcf\x11\xe0" + bytes(60), b"\x01\x02\x03\x04" * 500],
)
def test_binary_with_a_word_suffix_is_still_refused(tmp_path, data):
    path = _write(tmp_path / "a.doc", data)
    with pytest.raises(InputError, match="corrupt .doc"):
        read_file(path, root=tmp_path)


def test_an_api_answer_wrapping_its_records_is_read_as_them(tmp_path):
    """A site's API dump: {"code": 200, "data": {"list": [...]}} holds the records; Unix times
    in milliseconds or seconds are dates (UTC+8)."""
    answer = {"code": 200, "msg": "success", "data": {"total": 2, "list": [
        {"wz_title": "市数据局关于公布数据要素应用场景的通告", "pubtime": 1709600000000,
         "source_name": "市数据局", "content": "现公布第二批数据要素应用场景名单。"},
        {"wz_title": "我市召开数字经济发展大会", "pubtime": "1709686400",
         "content": "3月6日，我市召开数字经济发展大会。"}]}}
    path = _write(tmp_path / "api.json", json.dumps(answer, ensure_ascii=False))
    docs = read_file(path, root=tmp_path)
    assert [d.doc_id for d in docs] == ["api#1", "api#2"]
    assert [d.metadata["date"] for d in docs] == ["2024-03-05", "2024-03-06"]
    assert docs[0].metadata["title"] == "市数据局关于公布数据要素应用场景的通告"
    assert docs[0].metadata["source"] == "市数据局"
    assert docs[1].raw_text == "3月6日，我市召开数字经济发展大会。"


def test_a_record_with_text_of_its_own_is_no_envelope(tmp_path):
    record = {"title": "标题", "content": "正文" * 200, "attachments": [{"name": "附件1"}]}
    path = _write(tmp_path / "one.json", json.dumps(record, ensure_ascii=False))
    [doc] = read_file(path, root=tmp_path)
    assert doc.raw_text == "正文" * 200


def test_html_in_a_records_text_field_is_read_as_its_visible_text(tmp_path):
    records = [{"title": "通告", "content": "<p>现公布第二批应用场景名单。</p><p>2024年3月5日</p>"},
               {"title": "纯文本", "content": "公式 a<b 与 c>d 不是标签。"}]
    path = _write(tmp_path / "news.json", json.dumps(records, ensure_ascii=False))
    html, plain = read_file(path, root=tmp_path)
    assert html.raw_text == "现公布第二批应用场景名单。\n2024年3月5日"
    assert html.metadata["text_source"] == "content (html)"
    assert plain.raw_text == "公式 a<b 与 c>d 不是标签。"
    assert plain.metadata["text_source"] == "content"
