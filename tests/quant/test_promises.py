"""Indicators named in a text (quant.promises.indicator_of): the closest name to the end wins,
the lexicon's order breaks ties, a unit rules indicators out, and the one-regex screen that
passes over texts naming no indicator never changes the answer."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.quant.promises import Indicator, indicator_of, indicators

LEXICON = indicators()


def _unscreened(text: str, lexicon, *, unit: str = "") -> str:
    """indicator_of as a plain loop over every indicator (the reference)."""
    best, best_end = "", -1
    for ind in lexicon:
        if unit and ind.units and unit not in ind.units:
            continue
        end = max((m.end() for p in ind.any for m in p.finditer(text)), default=-1)
        if end > best_end and not any(p.search(text) for p in ind.none):
            best, best_end = ind.id, end
    return best


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("单位国内生产总值能耗下降", "%", "energy_intensity"),
        ("国内生产总值增长", "%", "gdp"),
        ("城镇登记失业率控制在", "%", "registered_unemployment"),
        ("城镇登记失业率控制在", "吨", ""),  # no indicator of unemployment is counted in tonnes
        ("粮食产量和国内生产总值", "%", "gdp"),  # the name closest to the end
        ("财政收入增长", "%", "fiscal_revenue"),  # anchored at the start of the text
        ("全年财政收入增长", "%", ""),
        ("推进新型智慧城市建设", "%", ""),
        ("", "", ""),
    ],
)
def test_indicator_of(text, unit, expected):
    assert indicator_of(text, LEXICON, unit=unit) == expected


_NAMES = ["单位国内生产总值能耗", "国内生产总值", "人均国内生产总值", "粮食产量", "财政收入",
          "城镇新增就业", "居民消费价格", "研发经费", "合作医疗", "安置", "就业", "三农投入"]
_FILLER = ["全年", "比上年", "增长", "，", "。", "达到", "城市", "智慧", "每", "占", "比重", "的"]
_UNITS = ["", "%", "元", "人", "吨", "个", "立方米"]


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(_NAMES + _FILLER), max_size=8),
       unit=st.sampled_from(_UNITS), as_list=st.booleans())
def test_screen_never_changes_the_answer(parts, unit, as_list):
    text = "".join(parts)
    lexicon = list(LEXICON) if as_list else LEXICON  # a list is not cached by identity
    assert indicator_of(text, lexicon, unit=unit) == _unscreened(text, LEXICON, unit=unit)


def test_a_lexicon_with_a_backreference_is_searched_without_a_screen():
    repeated = Indicator(id="repeat", any=(re.compile(r"(增长)\1"),), none=(),
                         units=frozenset(), label="", label_en="")
    lexicon = (*LEXICON, repeated)
    assert indicator_of("增长增长", lexicon) == "repeat"
    assert indicator_of("国内生产总值增长增长", lexicon) == "repeat"
    assert indicator_of("国内生产总值", lexicon) == "gdp"
