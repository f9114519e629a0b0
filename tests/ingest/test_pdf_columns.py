"""Reading order of PDF pages set in two columns (ingest/pdf_columns.py)."""

from __future__ import annotations

import pytest
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.ingest.converters import convert_pdf
from cityreports.ingest.pdf_columns import reading_regions

from .helpers import FONT

PAGE = (0.0, 0.0, 600.0, 800.0)
EM = 10.0  # the width of a character


def _line(x: float, top: float, n: int, *, text: str = "字") -> list[dict]:
    """``n`` characters of one em from ``x`` on a line at ``top``."""
    return [{"x0": x + i * EM, "x1": x + (i + 1) * EM, "top": top, "bottom": top + EM,
             "text": text} for i in range(n)]


def _page(rows: list[list[tuple[float, int]]], *, first: float = 50.0) -> list[dict]:
    """Lines 15 points apart, each a list of ``(x, characters)`` runs."""
    return [c for i, runs in enumerate(rows) for x, n in runs for c in _line(x, first + 15 * i, n)]


ONE_COLUMN = _page([[(50, 50)]] * 12)
TWO_COLUMNS = _page([[(50, 50)]] + [[(50, 24), (320, 24)]] * 10)
COLUMN_LINE = [(50, 24), (320, 24)]
WITH_SHORT_LAST_LINE = _page([COLUMN_LINE] * 6 + [[(50, 10)]] + [COLUMN_LINE] * 3)
TABLE = _page([[(50, 4), (400, 3)]] * 20)  # labels and figures: short cells, a wide gap
SPACED_WORDS = _page([[(50, 20), (255, 2), (290, 25)]] * 10)  # a gap of less than 2 ems


@pytest.mark.parametrize(
    ("chars", "regions"),
    [
        pytest.param(ONE_COLUMN, None, id="one-column"),
        pytest.param(TABLE, None, id="table-of-short-cells"),
        pytest.param(_page([[(50, 24), (320, 24)]] * 2), None, id="too-few-characters"),
        pytest.param(
            TWO_COLUMNS,
            [(0.0, 0.0, 600.0, 62.5), (0.0, 62.5, 305.0, 800.0), (305.0, 62.5, 600.0, 800.0)],
            id="headline-then-two-columns",
        ),
        pytest.param(
            WITH_SHORT_LAST_LINE,
            [(0.0, 0.0, 305.0, 800.0), (305.0, 0.0, 600.0, 800.0)],
            id="a-paragraph-ends-short-in-the-left-column",
        ),
    ],
)
def test_reading_regions(chars, regions) -> None:
    assert reading_regions(chars, bbox=PAGE) == regions


def test_a_gap_of_a_word_space_is_no_gutter() -> None:
    regions = reading_regions(SPACED_WORDS, bbox=PAGE)
    assert regions is None


def test_a_character_outside_every_region_keeps_the_page_whole() -> None:
    stray = {"x0": 700.0, "x1": 710.0, "top": 60.0, "bottom": 70.0, "text": "字"}
    assert reading_regions(TWO_COLUMNS + [stray], bbox=PAGE) is None


BOXES = st.lists(
    st.tuples(st.floats(0, 590), st.floats(1, 30), st.floats(0, 790), st.floats(1, 20)),
    max_size=200,
)


@settings(max_examples=200, deadline=None)
@given(BOXES, st.booleans())
def test_property_every_character_in_exactly_one_region(boxes, columns) -> None:
    """Whatever the boxes, the regions (if any) hold every character once, in the page."""
    chars = [{"x0": x, "x1": x + w, "top": t, "bottom": t + h, "text": "字"}
             for x, w, t, h in boxes]
    if columns:
        chars += TWO_COLUMNS
    regions = reading_regions(chars, bbox=PAGE)
    if regions is None:
        return
    for c in chars:
        holding = [r for r in regions if r[0] <= c["x0"] and c["x1"] <= r[2]
                   and r[1] <= c["top"] and c["bottom"] <= r[3]]
        assert len(holding) == 1
    assert all(PAGE[0] <= r[0] < r[2] <= PAGE[2] and PAGE[1] <= r[1] < r[3] <= PAGE[3]
               for r in regions)


# A page of a bulletin as fpdf2 sets it (written for these tests): a headline across the page,
# two columns of running text, a credit line below them.
LEFT = ("近年来，我市坚持以数字化改革为引领，统筹推进智慧城市建设，城市大脑、一网通办、"
        "一网统管等重点项目取得积极进展。截至2023年4月底，全市政务服务事项网上可办率达到98.6%。")
RIGHT = ("市数据局依托政务云平台建成全市统一的容器云，支撑了城市大脑等126个应用系统的稳定运行，"
         "资源利用率由上年的35%提高到今年的72.5%，运维成本下降约四成。")


def _bulletin() -> bytes:
    pdf = FPDF()
    pdf.add_font("wqy", fname=str(FONT))
    pdf.set_font("wqy", size=10)
    pdf.add_page()
    pdf.set_xy(10, 12)
    pdf.cell(190, 8, "智慧城市建设专刊 第3期")
    for x, text in ((10, LEFT), (110, RIGHT)):
        for i in range(0, len(text), 22):
            pdf.set_xy(x, 24 + 6 * (i // 22))
            pdf.cell(88, 6, text[i : i + 22])
    pdf.set_xy(10, 120)
    pdf.cell(190, 8, "（本刊编辑部）")
    return bytes(pdf.output())


def test_a_page_in_two_columns_reads_column_by_column() -> None:
    text = convert_pdf(_bulletin(), path="bulletin.pdf").text
    flat = text.replace("\n", "")
    assert text.startswith("智慧城市建设专刊 第3期\n")
    assert LEFT in flat and RIGHT in flat and flat.index(LEFT) < flat.index(RIGHT)
    assert text.rstrip().endswith("（本刊编辑部）")
