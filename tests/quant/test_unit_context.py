"""What the words around a number say of its unit and sign (quant/unit_context.py)."""

from __future__ import annotations

import pytest

from cityreports.quant.unit_context import (
    currency_before,
    is_computing,
    is_electricity,
    is_negative,
)


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("人民币5000万元", "元"),
        ("新台币约25亿元", "新台币"),
        ("外汇储备余额（美元）3.2万亿", "美元"),
        ("以美元计，出口额达到500亿", "美元"),
        ("按美元计算。出口额达到500亿", ""),  # the basis of another sentence
        ("出口额达到500亿", ""),
    ],
)
def test_currency_before(text, currency):
    start = next(i for i, ch in enumerate(text) if ch.isdigit())
    assert currency_before(text, start) == currency


@pytest.mark.parametrize(
    ("text", "start", "sign"),
    [("增长-2.5%", 3, True), ("增长负2.5%", 3, True), ("-3", 1, True), ("2019-2020", 5, False),
     ("为企业减负200亿元", 5, False), ("A-5", 2, False)],
)
def test_is_negative(text, start, sign):
    """``start``: where the number's digits begin."""
    assert is_negative(text, start) is sign


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [("用电量3000度", "度", True), ("室外30度", "度", False), ("3000度电", "度", True),
     ("算力规模超过1000P", "P", True), ("1080P高清", "P", False),
     ("算力7.12P（PFlops）", "P", True)],
)
def test_context_units(text, unit, expected):
    end = text.index(unit)
    start = next(i for i in range(end) if text[i].isdigit())
    check = is_electricity if unit == "度" else is_computing
    assert check(text, start, end + 1) is expected
