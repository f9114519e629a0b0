"""Reading one report file: txt, md front matter, JSON, JSONL, CSV and errors (ingest.formats)."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

from cityreports.errors import InputError, ParameterError
from cityreports.ingest.formats import read_file

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
    assert dict(doc.metadata) == {}


@pytest.mark.parametrize(
    ("content", "body", "metadata"),
    [
        (
            "---\ntitle: 智慧城市论坛\ndate: 2015-12-12\nauthor: [丛晓男, 刘治彦]\n"
            "url: http://x.cn/a\nsource: 新华网\nextra: 1\n---\n# 标题\n正文。\n",
            "# 标题\n正文。\n",
            {
                "title": "智慧城市论坛",
                "date": "2015-12-12",
                "author": "丛晓男、刘治彦",
                "url": "http://x.cn/a",
                "source": "新华网",
            },
        ),
        ("---\r\ntitle: T\r\n...\r\n正文。", "正文。", {"title": "T"}),
        ("# 标题\n\n---\n\n正文。\n", "# 标题\n\n---\n\n正文。\n", {}),
        ("---\n正文第一段\n---\n正文第二段", "---\n正文第一段\n---\n正文第二段", {}),
        ("---\ntitle: [unclosed\n---\n正文", "---\ntitle: [unclosed\n---\n正文", {}),
    ],
    ids=["full", "crlf-dots", "rule-later", "not-a-mapping", "bad-yaml"],
)
def test_markdown_front_matter(tmp_path, content, body, metadata):
    path = _write(tmp_path / "a.md", content)
    (doc,) = read_file(path, root=tmp_path)
    assert doc.format == "md"
    assert doc.raw_text == body
    assert dict(doc.metadata) == metadata
    assert doc.sha256 == hashlib.sha256(content.encode()).hexdigest()


@pytest.mark.parametrize(
    ("record", "text_field", "text", "metadata"),
    [
        ({"content": "正文", "title": "题"}, None, "正文", {"title": "题"}),
        ({"text": "正文", "published": "2020-12-03"}, None, "正文", {"date": "2020-12-03"}),
        (
            {"body": ["第一段", "第二段"], "authors": ["甲", "乙"]},
            None,
            "第一段\n第二段",
            {"author": "甲、乙"},
        ),
        ({"article": "正文", "text": "摘要", "URL": "u"}, "article", "正文", {"url": "u"}),
        ({"content": "正文", "source": "", "date": None}, None, "正文", {}),
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
    assert dict(docs[0].metadata) == {"title": "题一", "date": "2020-01-01"}
    assert dict(docs[1].metadata) == {"title": "题二"}


@pytest.mark.parametrize(
    ("name", "content", "text_field", "problem"),
    [
        ("a.docx", "PK", None, "unknown format '.docx'"),
        ("README", "text", None, "unknown format '(no suffix)'"),
        ("a.json", "{broken", None, "invalid JSON"),
        ("a.json", '"just a string"', None, "JSON must be an object or a non-empty list"),
        ("a.json", '{"title": "t"}', None, "missing text field (tried content, text, body)"),
        ("a.json", '{"content": "x"}', "article", "missing text field 'article'"),
        ("a.json", '{"content": 3}', None, "text field 'content' is not a string"),
        ("a.json", '{"content": "  "}', None, "empty text field 'content'"),
        ("a.jsonl", '{"content": "x"}\n[1]\n', None, "JSON line is not an object"),
        ("a.jsonl", "\n\n", None, "no records"),
        ("a.csv", "title,date\nt,2020\n", None, "missing text field (tried content, text, body)"),
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

