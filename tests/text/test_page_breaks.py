"""Page furniture of extracted PDF text: running heads and page numbers between the halves of a
sentence cut by a page break (text/page_breaks.py, pass 3 of the normaliser)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.text.normalize import normalize
from cityreports.text.page_breaks import is_page_number

BODY = "全市智慧城市建设取得明显成效，各区积极推进数据共享和业务协同，群众获得感不断增强，"
CUT = f"{BODY}{BODY}数字政府建设加快推"  # a page that stops mid-sentence


def _pages(*pages: str) -> str:
    return "\f".join(pages)


@pytest.mark.parametrize(
    ("raw", "joined", "flagged"),
    [
        # the same head on every page, a page number at every foot
        (_pages(*(f"某市政府工作报告\n{CUT}\n- {p} -" for p in (1, 2, 3))).replace(
            "\f某市政府工作报告\n", "\f某市政府工作报告\n进，"), 2, 0),
        # heads that differ in their digits only (国务院公报 2024年第5号 · 12), bare numbers
        (_pages(*(f"国务院公报 2024年第5号 · {p}\n进，{CUT}\n{p}" for p in (11, 12, 13))), 2, 0),
        # a page that ends with its sentence keeps the head, flagged
        (_pages(*(f"某市政府工作报告\n{BODY}推进。\n- {p} -" for p in (1, 2, 3))), 0, 2),
        # the traditional page marker (第 1 頁，共 3 頁) and a running head after it
        (_pages(*(f"{CUT}\n第 {p} 頁，共 3 頁" for p in (1, 2, 3))).replace(
            "\f", "\f某市政府公報\n進，"), 2, 0),
        # a running foot above the page number
        (_pages(*(f"{CUT}\n某市人民政府办公室印发\n- {p} -\n" for p in (1, 2, 3))).replace(
            "\f", "\f进，"), 2, 0),
    ],
)
def test_running_heads_and_page_numbers(raw, joined, flagged):
    norm = normalize(raw)
    furniture = [r for r in norm.repairs if r.kind == "page_break" and "\f" in r.raw]
    assert len(furniture) == joined
    assert len([a for a in norm.anomalies if a.kind == "running_head"]) == flagged
    for r in norm.repairs:
        assert raw[r.start : r.end] == r.raw
    for a in norm.anomalies:
        assert raw[a.start : a.end] == a.text


@pytest.mark.parametrize(
    "raw",
    [
        _pages(f"一、总体要求\n{CUT}", f"进，二、主要任务\n{BODY}"),  # a head seen once is no head
        _pages(f"{CUT}", f"专栏1\n{BODY}", f"专栏2\n{BODY}"),  # numbered boxes, not running
        _pages(f"{BODY}。", f"附件1\n{BODY}。", f"附件2\n{BODY}。", f"附件3\n{BODY}。"),
    ],
)
def test_lines_at_one_page_edge_are_no_running_heads(raw):
    assert not [a for a in normalize(raw).anomalies if a.kind == "running_head"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [("- 3 -", True), ("—12—", True), ("第3页 共10页", True), ("3/10", True), ("3", True),
     ("第三章", False), ("3个", False), ("2024", False)],
)
def test_is_page_number(line, expected):
    assert is_page_number(line) is expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([BODY, "某市政府工作报告", "- 3 -", "3", "进，", "推", "\f", "\n",
                                 "一、总体要求", "。"]), max_size=30))
def test_furniture_never_breaks_the_offset_map(parts):
    raw = "".join(parts)
    norm = normalize(raw)
    for i, ch in enumerate(norm.text):
        a, b = norm.raw_span(i, i + 1)
        assert a < b and (ch == raw[a] or ch == "\n" or not raw[a].isspace())
    for r in norm.repairs:
        assert raw[r.start : r.end] == r.raw


def test_a_chapter_head_on_a_share_of_the_pages_is_a_running_head():
    """A typeset plan repeats its chapter's title at the top of the chapter's pages: each
    title stands on a quarter of the page edges, and still cuts no paragraph."""
    pages = []
    for chapter in ("第一章 发展基础", "第二章 总体要求", "第三章 主要任务", "第四章 保障措施"):
        pages += [f"{chapter}\n进，{CUT}" for _ in range(5)]
    norm = normalize(_pages(*pages))
    joined = [r for r in norm.repairs if r.kind == "page_break" and "\f" in r.raw]
    assert len(joined) == 19 and all("章" in r.raw for r in joined)


def test_pages_of_furniture_only_are_read_in_one_pass():
    """A run of pages holding nothing but a head or a number is one run of furniture (the
    parse stays linear in the pages, whatever their number)."""
    raw = _pages(*(["某市政府公报"] * 3000))
    norm = normalize(raw)
    assert len([r for r in norm.repairs if r.kind == "page_break"]) <= 1
    assert len(norm.anomalies) <= 3000
