"""Tests for cityreports.metadata.report_year: a work report's year from the genre's cues."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.metadata.report_year import work_report_year

from .. import factories

#: Blocks are normalised text: full-width digits are half-width already.
OPEN = [("body", "各位代表："), ("body", "现在，我代表国务院，向大会作政府工作报告，请予审议。")]


def _cue(parts):
    return work_report_year(factories.make_doc(OPEN + parts).blocks)


@pytest.mark.parametrize(
    ("parts", "year", "cue"),
    [
        ([("heading", "一、2009年工作回顾"), ("body", "过去一年，经济平稳。")], 2010, "review"),
        ([("heading", "一、1991年国内工作的回顾")], 1992, "review"),
        ([("heading", "一、一九八三年国内工作的回顾")], 1984, "review"),
        ([("heading", "首先报告2001年的工作")], 2002, "review"),
        ([("heading", "二、2004年主要任务")], 2004, "plan"),
        ([("body", "2024年经济社会发展的主要预期目标是：增长5%左右。")], 2024, "plan"),
        ([("body", "向第十一届全国人民代表大会第三次会议报告工作。")], 2010, "addressed"),
        ([("body", "第十届全国人民代表大会第一次会议以来的五年，是不平凡的五年。")], 2008,
         "term"),
        ([("body", "从第七届全国人民代表大会第一次会议，到这次大会的召开，已经整整过去了五年。")],
         1993, "term"),
        ([("body", "第六届全国人民代表大会期间，国务院认真执行决议。")], 1988, "term"),
        ([("body", "本届政府从1 9 9 3 年3 月就职，到现在已经五年了。")], 1998, "term"),
        ([("body", "去年召开的党的第十一次全国代表大会，作了全面的总结。")], 1978, "anchor"),
        ([("body", "从去年9月第五届全国人民代表大会第三次会议到现在。")], 1981, "anchor"),
        ([("body", "刚刚过去的1984年，是我国各族人民奋发进取的一年。")], 1985, "past"),
        ([("heading", "一、过去一年工作回顾"), ("body", "2004年，全国各族人民团结奋斗。")], 2005,
         "past"),
        ([("body", "从今年开始，我国将实施第十个五年计划。")], 2001, "five-year plan"),
        ([("body", "今年是“十四五”规划收官之年。")], 2025, "five-year plan"),
        ([("heading", "一、“十一五”时期国民经济和社会发展的回顾")], 2011, "five-year plan"),
        ([("body", "从今年开始，我国将实施新世纪第一个五年计划。")], None, None),  # not the 1st
    ],
)  # fmt: skip
def test_genre_cues(parts, year, cue):
    found = _cue(parts)
    assert (found.year if found else None, found.cue if found else None) == (year, cue)
    if found:
        assert found.evidence


def test_strongest_cue_wins():
    parts = [("heading", "一、2023年工作回顾"), ("body", "刚刚过去的2022年，…"),
             ("heading", "二、2025年工作安排")]  # fmt: skip
    assert _cue(parts).cue == "review"


@pytest.mark.parametrize(
    ("parts", "year", "cue"),
    [
        # a cue below what the report reports as past is skipped; the bound is the year
        ([("body", "第五届全国人民代表大会第二次会议，号召全国各族人民。")], 1980, "after"),
        ([("body", "刚刚过去的1980年。按照党的十二大的精神。")], 1982, "after"),
        # future sessions and congresses bound nothing
        ([("body", "九届全国人大一次会议将要进行政府换届。"), ("heading", "一、1997年工作回顾")],
         1998, "review"),
        ([("body", "在一九八一年举行的五届人大四次会议上，国务院将提出计划。")], None, None),
    ],
)  # fmt: skip
def test_lower_bounds(parts, year, cue):
    found = _cue(parts)
    assert (found.year if found else None, found.cue if found else None) == (year, cue)


PIECES = ["一、", "2009年", "工作回顾", "去年", "第五届", "全国人民代表大会", "第三次会议", "五年",
          "“十五”", "计划", "今年是", "，", "。", "将"]  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_any_text_gives_a_plausible_year_or_none(pieces):
    found = work_report_year(factories.make_doc([("body", "".join(pieces))]).blocks)
    assert found is None or 1950 <= found.year <= 2100
