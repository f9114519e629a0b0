"""Reading report files: encodings, formats, errors and corpus assembly (ingest.reader)."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.errors import InputError, ParameterError
from cityreports.ingest.reader import decode_bytes, read_corpus, read_file

DATA = Path(__file__).resolve().parents[1] / "src/cityreports/resources/corpus"

RAW_FILES = sorted((DATA / "raw").glob("*.txt"))
TRADITIONAL = [p for p in RAW_FILES if p.name.startswith("003_")]
SIMPLIFIED_CHARS = sorted(
    {
        c
        for p in RAW_FILES
        if p not in TRADITIONAL
        for c in p.read_text("utf-8")
        if "\u4e00" <= c <= "\u9fff"
    }
)


def _text(path: Path) -> str:
    return path.read_text("utf-8")


# --------------------------------------------------------------------------- decode_bytes

ENCODINGS = [
    # (how to encode the decoded text, expected encoding name)
    (lambda t: t.encode("utf-8"), "utf-8"),
    (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
    (lambda t: t.encode("utf-16"), "utf-16-le"),  # CPython writes a little-endian BOM
    (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16-be"),
    (lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16-le"),
    (lambda t: t.encode("utf-16-le"), "utf-16-le"),  # BOM-less: recognised by its NULs
    (lambda t: t.encode("utf-16-be"), "utf-16-be"),
    (lambda t: t.encode("gb18030"), "gb18030"),
]


@pytest.mark.parametrize("path", RAW_FILES, ids=lambda p: p.name[:3])
@pytest.mark.parametrize(("encode", "expected"), ENCODINGS)
def test_round_trip_of_bundled_files(path, encode, expected):
    text = _text(path)
    assert decode_bytes(encode(text), path=str(path)) == (text, expected)


@pytest.mark.parametrize("path", TRADITIONAL, ids=lambda p: p.name[:3])
def test_traditional_file_round_trips_as_big5(path):
    text = _text(path)
    decoded, encoding = decode_bytes(text.encode("big5"), path=str(path))
    assert (decoded, encoding) == (text, "big5")


@pytest.mark.parametrize("path", RAW_FILES, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_crlf_copy_differs_only_by_cr(path, codec):
    text = _text(path)
    data = text.replace("\n", "\r\n").encode(codec)
    decoded, _ = decode_bytes(data, path=str(path))
    assert "\r\n" in decoded or "\n" not in text  # line endings are left untouched
    assert decoded.replace("\r", "") == text


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        ("智慧城市建设要以人民为中心", "gb18030", "gb18030"),
        ("数字孪生城市", "gb18030", "gb18030"),
        ("數位政府與智慧城市的發展", "big5", "big5"),
        ("智慧城市藍圖", "big5", "big5"),
        ("香港智慧城市藍圖：屋內設施", "big5hkscs", "big5"),  # no HKSCS-only characters
        ("香港公共屋邨的智慧設施", "big5hkscs", "big5hkscs"),  # 邨 is HKSCS-only
        ("恒生指數上升，港深兩地：𥚃", "big5hkscs", "big5hkscs"),
    ],
)
def test_short_chinese_strings_are_told_apart(text, codec, expected):
    assert decode_bytes(text.encode(codec), path="short.txt") == (text, expected)


@pytest.mark.parametrize("text", ["Café au lait", "naïve résumé", "Привет мир", "東京タワー"])
def test_valid_non_chinese_utf8_stays_utf8(text):
    assert decode_bytes(text.encode("utf-8"), path="x.txt") == (text, "utf-8")


def test_file_cut_mid_character_decodes_with_replacement():
    text = _text(RAW_FILES[0])
    data = text.encode("utf-8")[:-1]  # the last character loses a byte
    decoded, encoding = decode_bytes(data, path="cut.txt")
    assert encoding == "utf-8+replace"
    assert decoded[:-1] == text[:-1]
    assert decoded.endswith("\ufffd")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
        (bytes(range(1, 9)) * 20 + "智慧城市".encode(), "binary file, not text"),
        # a few bytes with a NUL: not BOM-less UTF-16 just because it decodes as such
        (b"\x00\x01binary", "binary file, not text"),
        (b"\xff\xfeA\x00B", "invalid utf-16-le after its byte-order mark"),
        (b"\xff" * 200, "cannot decode as UTF-8, UTF-16, GB18030 or Big5"),
    ],
    ids=["empty", "nul", "controls", "short-nul", "invalid-utf16", "ff"],
)
def test_decode_errors_name_file_and_problem(data, problem):
    with pytest.raises(InputError) as info:
        decode_bytes(data, path="corpus/bad.txt")
    assert info.value.path == "corpus/bad.txt"
    message = str(info.value)
    assert message.startswith("corpus/bad.txt: ")
    assert "\n" not in message
    assert message.endswith(problem)


SIMPLIFIED_TEXT = "\n".join(_text(p) for p in RAW_FILES if p not in TRADITIONAL)
TRADITIONAL_TEXT = "\n".join(_text(p) for p in TRADITIONAL)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.integers(min_value=12, max_value=80))
def test_passages_of_real_text_round_trip_through_gb18030_and_big5(data, length):
    """Any passage of 12 or more characters of real Chinese text is decoded right.

    (Random strings of rare characters are not: a run of uncommon simplified characters
    read as Big5 gives an equally plausible run of traditional ones.)
    """
    for text, codec in ((SIMPLIFIED_TEXT, "gb18030"), (TRADITIONAL_TEXT, "big5")):
        start = data.draw(st.integers(min_value=0, max_value=len(text) - length))
        passage = text[start : start + length]
        try:
            data_bytes = passage.encode(codec)
        except UnicodeEncodeError:  # a character the legacy codec lacks
            continue
        if len(data_bytes) == len(passage):  # pure ASCII: nothing to detect
            continue
        decoded, encoding = decode_bytes(data_bytes, path="passage.txt")
        assert decoded == passage
        assert encoding == codec


MIXED_ALPHABET = (
    st.sampled_from(SIMPLIFIED_CHARS)
    | st.characters(min_codepoint=0x20, max_codepoint=0x7E)
    | st.sampled_from(["\n", "\r\n", "\u3000", "，", "。", "“", "”", "％"])
)


@settings(max_examples=200, deadline=None)
@given(st.lists(MIXED_ALPHABET, min_size=1, max_size=120).filter(lambda cs: "".join(cs).strip()))
@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_encodings_round_trip(codec, chars):
    text = "".join(chars)
    decoded, _ = decode_bytes(text.encode(codec), path="any.txt")
    assert decoded == text


def test_regex_whitespace_is_str_isspace():
    """The counting regexes rely on ``\\s`` meaning exactly ``str.isspace``."""
    import re
    import sys

    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    found = re.findall(
        r"\s",
        "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, sys.maxunicode + 1))),
    )
    assert "".join(found) == spaces


SCORE_ALPHABET = (
    MIXED_ALPHABET
    | st.characters()
    | st.sampled_from(["\x85", "\xa0", "\u2028", "\u3000", "·", "—", "\u9fff", "\ua000", "國"])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SCORE_ALPHABET, max_size=80))
def test_vectorised_scores_match_character_loops(pieces):
    from cityreports.ingest import reader as cio

    text = "".join(pieces)

    chars = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    frequent = sum(1 for c in chars if c in cio._FREQUENT_HANZI or c in cio._CJK_PUNCTUATION)
    plausible = sum(1 for c in chars if "\u4e00" <= c <= "\u9fff" or c in cio._CJK_PUNCTUATION)
    assert cio._non_ascii_count(text) == len(chars)
    assert cio._visible_count(text) == sum(1 for c in text if not c.isspace())
    assert cio.cjk_score(text) == (frequent / len(chars) if chars else 0.0)
    assert cio._plausible_share(text) == (plausible / len(chars) if chars else 1.0)


# --------------------------------------------------------------------------- formats


def _write(path: Path, content: str | bytes, *, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


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


# --------------------------------------------------------------------------- corpora


def test_bundled_data_folder_is_read_through_its_manifest():
    docs, skipped = read_corpus(DATA)
    with (DATA / "corpus.csv").open(encoding="utf-8", newline="") as handle:
        manifest = list(csv.DictReader(handle))
    assert skipped == []
    assert [d.doc_id for d in docs] == sorted(row["doc_id"] for row in manifest)
    for doc, row in zip(docs, sorted(manifest, key=lambda r: r["doc_id"]), strict=True):
        assert doc.raw_text == (DATA / row["file"]).read_text("utf-8")
        assert "notes" not in doc.metadata  # notes are for curators, not metadata


def test_folder_corpus(tmp_path):
    _write(tmp_path / "b" / "r10.txt", "第十篇")
    _write(tmp_path / "b" / "r2.txt", "第二篇")
    _write(tmp_path / "a.jsonl", '{"text": "一"}\n{"title": "no text"}\n{"text": "三"}\n')
    _write(tmp_path / ".hidden.txt", "隐藏")
    _write(tmp_path / ".git" / "x.txt", "隐藏")
    _write(tmp_path / "empty.txt", b"")
    _write(tmp_path / "notes.docx", b"PK\x03\x04")
    docs, skipped = read_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["a#1", "a#3", "b/r10", "b/r2"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert reasons == {
        "a.jsonl#2": "missing text field (tried content, text, body)",
        "empty.txt": "empty file",
        "notes.docx": "unknown format '.docx'",
    }
    with pytest.raises(InputError, match="a.jsonl#2: missing text field"):
        read_corpus(tmp_path, strict=True)


def test_duplicate_doc_id_keeps_the_first(tmp_path):
    first = _write(tmp_path / "r.md", "智慧城市一")
    second = _write(tmp_path / "r.txt", "智慧城市二")
    docs, skipped = read_corpus(tmp_path)
    assert [(d.doc_id, d.raw_text) for d in docs] == [("r", "智慧城市一")]
    assert skipped[0].path == str(second)
    assert skipped[0].reason == f"duplicate doc_id 'r' (first: {first})"
    with pytest.raises(InputError, match="duplicate doc_id 'r'"):
        read_corpus(tmp_path, strict=True)


def _manifest(tmp_path: Path, rows: list[dict[str, str]], *, name: str = "corpus.csv") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_manifest_overrides_doc_id_and_metadata(tmp_path):
    _write(tmp_path / "raw" / "x.md", "---\ntitle: 文件标题\nsource: 文件来源\n---\n正文")
    _write(tmp_path / "raw" / "y.txt", "另一篇")
    _write(tmp_path / "raw" / "unlisted.txt", "不在清单")
    _write(tmp_path / "raw" / "many.jsonl", '{"text": "甲"}\n{"text": "乙"}\n')
    rows = [
        {"doc_id": "X", "file": "raw/x.md", "Title": "", "Date": "2016-04-19", "notes": "n"},
        {"doc_id": "", "file": "raw/y.txt", "Title": "清单标题", "Date": "", "notes": ""},
        {"doc_id": "M", "file": "raw/many.jsonl", "Title": "", "Date": "", "notes": ""},
        {"doc_id": "Z", "file": "raw/missing.txt", "Title": "", "Date": "", "notes": ""},
    ]
    manifest = _manifest(tmp_path, rows)
    for source in (tmp_path, manifest):
        docs, skipped = read_corpus(source)
        by_id = {d.doc_id: d for d in docs}
        assert list(by_id) == ["M#1", "M#2", "X", "raw/y"]
        assert dict(by_id["X"].metadata) == {
            "title": "文件标题",
            "source": "文件来源",
            "date": "2016-04-19",
            "manifest_fields": "date",
        }
        assert dict(by_id["raw/y"].metadata) == {"title": "清单标题", "manifest_fields": "title"}
        assert dict(by_id["M#2"].metadata) == {}
        assert [(Path(s.path).name, s.reason) for s in skipped] == [
            ("missing.txt", "file not found (manifest row 4)")
        ]


def test_manifest_file_outside_its_folder(tmp_path):
    _write(tmp_path / "elsewhere" / "a.txt", "智慧城市")
    _write(tmp_path / "elsewhere" / "b.txt", "数字政府")
    rows = [
        {"doc_id": "", "file": "../elsewhere/a.txt"},
        {"doc_id": "B", "file": "../elsewhere/b.txt"},
    ]
    manifest = _manifest(tmp_path / "corpus", rows)
    docs, skipped = read_corpus(manifest)
    assert [(d.doc_id, d.raw_text) for d in docs] == [("B", "数字政府")]
    assert [s.reason for s in skipped] == [
        "file outside the manifest folder (row 1) needs a doc_id"
    ]


def test_manifest_without_file_column(tmp_path):
    _manifest(tmp_path, [{"doc_id": "a", "path": "a.txt"}])
    with pytest.raises(InputError, match="corpus.csv: manifest has no 'file' column"):
        read_corpus(tmp_path)


def test_single_data_file_as_source(tmp_path):
    path = _write(tmp_path / "news.jsonl", '{"content": "一"}\n{"content": "二"}\n')
    docs, skipped = read_corpus(path)
    assert [d.doc_id for d in docs] == ["news#1", "news#2"]
    assert skipped == []


def test_missing_source(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        read_corpus(tmp_path / "nowhere")
