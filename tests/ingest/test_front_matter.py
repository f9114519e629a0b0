"""YAML front matter: kept in the text, parsed safely within limits (ingest.front_matter)."""

from __future__ import annotations

import hashlib

import pytest

from cityreports.ingest.formats import read_file
from cityreports.ingest.front_matter import (
    MAX_ALIASES,
    MAX_FRONT_MATTER_CHARS,
    find_front_matter,
    front_matter_end,
)
from cityreports.ingest.manifest import read_corpus
from cityreports.pipeline.parse import parse_document

from .helpers import write as _write

BODY = "# 智慧城市论坛\n\n2015年12月12日，论坛在北京举行，全市新建5G基站3.2万个。\n"
FULL = (
    "---\ntitle: 智慧城市论坛\ndate: 2015-12-12\nauthor: [丛晓男, 刘治彦]\n"
    "url: http://x.cn/a\nsource: 新华网\nextra: 1\n---\n"
)
LEVELS = "abcdefghi"
#: A "billion laughs" in 352 bytes: nine levels of nine aliases, 9**9 strings once flattened.
ALIAS_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{b}: &{b} [{','.join([f'*{a}'] * 9)}]\n"
        for a, b in zip(LEVELS, LEVELS[1:], strict=False)
    )
    + "title: *i\n"
)

CASES = [
    # (front matter, fields in metadata, problem ("" = parsed))
    (
        FULL,
        {
            "title": "智慧城市论坛",
            "date": "2015-12-12",
            "author": "丛晓男、刘治彦",
            "url": "http://x.cn/a",
            "source": "新华网",
        },
        "",
    ),
    ("---\r\ntitle: T\r\n...\r\n", {"title": "T"}, ""),
    ("---\n# a comment\ntitle: T\n---\n", {"title": "T"}, ""),
    ("---\n---\n", {}, ""),
    ("---\ntitle: [unclosed\n---\n", {}, "invalid YAML front matter: while parsing a flow"),
    ("---\ntitle: !!python/object/apply:os.system [ls]\n---\n", {}, "invalid YAML front matter"),
    (f"---\n{ALIAS_BOMB}---\n", {}, f"front matter uses more than {MAX_ALIASES} YAML aliases"),
    (
        "---\ntitle: " + "长" * MAX_FRONT_MATTER_CHARS + "\n---\n",
        {},
        f"front matter longer than {MAX_FRONT_MATTER_CHARS:,} characters",
    ),
    ("---\ntitle: " + "[" * 30_000 + "\n---\n", {}, "invalid YAML front matter"),
    ("---\nkey: value\n- item\n---\n", {}, "invalid YAML front matter"),
]
IDS = ["full", "crlf-dots", "comment", "empty", "broken", "python-tag", "alias-bomb", "too-long",
       "deep", "not-a-mapping"]


@pytest.mark.parametrize(("front", "fields", "problem"), CASES, ids=IDS)
def test_front_matter_stays_in_the_text(tmp_path, front, fields, problem):
    content = front + BODY
    path = _write(tmp_path / "a.md", content)
    (doc,) = read_file(path, root=tmp_path)
    assert doc.raw_text == content  # offsets index the decoded file, front matter included
    assert doc.sha256 == hashlib.sha256(content.encode()).hexdigest()
    assert front_matter_end(doc.metadata) == len(front)
    expected = {**fields, "text_source": "file", "front_matter_end": str(len(front))}
    if problem:
        expected["front_matter_problem"] = doc.metadata.get("front_matter_problem", "")
        assert expected["front_matter_problem"].startswith(problem)
        assert "\n" not in expected["front_matter_problem"]
    assert dict(doc.metadata) == expected
    assert sum(len(v) for v in doc.metadata.values()) < 2 * len(content) + 500  # no expansion


@pytest.mark.parametrize(("front", "fields", "problem"), CASES, ids=IDS)
def test_front_matter_lines_are_front_matter_blocks(tmp_path, front, fields, problem):
    content = front + BODY
    (raw,) = read_file(_write(tmp_path / "a.md", content), root=tmp_path)
    doc = parse_document(raw)
    roles = {b.role for b in doc.blocks if b.start < len(front)}
    assert roles <= {"front_matter"}
    body_roles = [b.role for b in doc.blocks if b.start >= len(front)]
    assert body_roles[-1] == "body"
    assert doc.meta.title == fields.get("title", "智慧城市论坛")  # the heading's # is markup


@pytest.mark.parametrize(("front", "fields", "problem"), CASES, ids=IDS)
def test_front_matter_problem_is_reported_and_the_rest_read(tmp_path, front, fields, problem):
    _write(tmp_path / "a.md", front + BODY)
    _write(tmp_path / "b.txt", BODY)
    docs, skipped = read_corpus(tmp_path)
    assert [(d.doc_id, d.raw_text) for d in docs] == [("a", front + BODY), ("b", BODY)]
    reasons = [(s.path, s.reason) for s in skipped]
    if problem:
        ((where, reason),) = reasons
        assert where == str(tmp_path / "a.md")
        assert reason.startswith(problem) and reason.endswith("; kept as front matter text")
        assert "\n" not in reason
    else:
        assert reasons == []


@pytest.mark.parametrize(
    "text",
    [
        "# 标题\n\n---\n\n正文。\n",  # a horizontal rule later on
        "---\n正文第一段：全市新建5G基站。\n---\n正文第二段",  # text between two rules
        "---\n---no newline",
        "---\ntitle: never closed\n正文。",
        "正文。\n---\ntitle: T\n---\n",
    ],
)
def test_no_front_matter(text):
    assert find_front_matter(text).end == 0
