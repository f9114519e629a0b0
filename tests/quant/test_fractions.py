"""Verbal fractions: halves (过半, 近一半, 超过半数, 一半以上, 大半, 一多半) and tenths (三成,
两成半, 八成多) are percentages; the lexical uses of 半 (半年, 上半年, 半导体, 多半 …) are not.

Rows are sentences of a document dated 2024; a positive gives the claim's surface (the raw
words, ``raw_text[start:end]``), value, unit, qualifier and inclusive.
"""

from __future__ import annotations

import pytest

from cityreports.quant.claims import extract_claims

from .. import factories


def claims_of(text: str):
    doc = factories.make_doc([("body", text)], year=2024, prefix="　")  # raw offsets ≠ norm
    found = extract_claims(doc)
    for c in found:
        assert doc.raw.raw_text[c.start : c.end] == c.surface
    return found


POSITIVES = [
    # halves
    ("超过半数的城市实现了正增长。", "超过半数", 50, "more_than", False),
    ("过半数企业已经复工。", "过半数", 50, "more_than", False),
    ("全市过半的社区建成了养老服务站。", "过半", 50, "more_than", False),
    ("逾半受访市民表示满意。", "逾半", 50, "more_than", False),
    ("超半的乡镇完成了改造。", "超半", 50, "more_than", False),
    ("年度重点工程投资完成过半，进度好于预期。", "过半", 50, "more_than", False),
    ("近半的家庭有老人需要照护。", "近半", 50, "nearly", False),
    ("近半数居民参加了医保。", "近半数", 50, "nearly", False),
    ("新能源汽车产量占全国近一半。", "近一半", 50, "nearly", False),
    ("将近一半的项目已经开工。", "将近一半", 50, "nearly", False),
    ("其中一半用于农村道路建设。", "一半", 50, "exact", None),
    ("其中半数已投入使用。", "半数", 50, "exact", None),
    ("会议数量压减一半以上。", "一半以上", 50, "more_than", True),
    ("半数以上的街道设立了服务中心。", "半数以上", 50, "more_than", True),
    ("出口额占了大半。", "大半", 50, "more_than", False),
    ("一大半的企业使用了工业互联网。", "一大半", 50, "more_than", False),
    ("一多半的居民住进了新房。", "一多半", 50, "more_than", False),
    ("一半多的资金来自社会资本。", "一半多", 50, "more_than", False),
    ("不到一半的村庄通了公交。", "不到一半", 50, "less_than", False),
    ("占比一半左右。", "一半左右", 50, "approx", None),
    ("重点项目开工过半。", "过半", 50, "more_than", False),
    ("全市重点工程建设进度过半，完成投资120亿元。", "过半", 50, "more_than", False),
    # tenths
    ("三成企业计划扩大投资。", "三成", 30, "exact", None),
    ("七成以上的行政村通了光纤。", "七成以上", 70, "more_than", True),
    ("有两成半的企业实现盈利。", "两成半", 25, "exact", None),
    ("两成半以上的用户选择线上办理。", "两成半以上", 25, "more_than", True),
    ("八成多的企业已复工复产。", "八成多", 80, "more_than", False),
    ("九成五的事项可以网上办理。", "九成五", 95, "exact", None),
    ("寬頻網路普及率已達9成5。", "9成5", 95, "exact", None),  # Taiwan's Arabic tenths
    ("光纖覆蓋率約8成3，持續提升。", "約8成3", 83, "approx", None),
    ("智慧垃圾車路線已達9成5覆蓋。", "9成5", 95, "exact", None),
    ("約9成5民眾支持。", "約9成5", 95, "approx", None),
    ("较前年增加近六成。", "近六成", 60, "nearly", False),
    # a share in Arabic digits before the noun it is a share of
    ("全市2/3的村集体经济收入达到30万元。", "2/3", 200 / 3, "exact", None),
    ("已有近1/3的街道完成改造。", "近1/3", 100 / 3, "nearly", False),
    ("约3/4的小区接入平台。", "约3/4", 75, "approx", None),
    ("2/3以上的城市建成平台。", "2/3以上", 200 / 3, "more_than", True),
]


@pytest.mark.parametrize(("text", "surface", "value", "qualifier", "inclusive"), POSITIVES)
def test_verbal_fractions_are_percentages(text, surface, value, qualifier, inclusive):
    found = [c for c in claims_of(text) if c.surface == surface]
    assert len(found) == 1, [c.surface for c in claims_of(text)]
    c = found[0]
    assert (c.value, c.unit, c.kind) == (value, "%", "percentage")
    assert (c.qualifier, c.inclusive) == (qualifier, inclusive)
    if qualifier == "more_than":
        assert (c.low, c.high) == (value, None)
    elif qualifier in ("nearly", "less_than"):
        assert (c.low, c.high) == (None, value)
    else:
        assert (c.low, c.high) == (value, value)


NEGATIVES = [
    # durations and periods with 半: not read (as 半年 and 一年半 never were)
    "上半年全市经济运行平稳。",
    "下半年要抓好项目建设。",
    "经过半年的准备，展会顺利开幕。",
    "超过半年没有发生事故。",
    "近半个世纪以来，城市面貌发生巨变。",
    "大半年过去了。",
    "用了大半天时间。",
    "半天就能办完。",
    "半个月内完成整改。",
    "用时近半小时。",
    "近半百的人。",
    # words that start with 半 or end with 一/大
    "大力发展半导体产业。",
    "壮大半导体和集成电路产业。",
    "统一半导体材料标准。",
    "山东半岛城市群建设加快。",
    "扩大半径覆盖范围。",
    "推进半数字化改造。",
    "这一半岛地区风景优美。",
    # 多半 = probably, idioms, slogans, the other half
    "这种情况多半是管理不到位造成的。",
    "一半是海水，一半是火焰。",
    "一半欢喜一半忧。",
    "这类项目成功与失败的机会一半一半。",  # even odds
    "他们在这里度过半生。",  # 度过, unless 进度过半
    "确保实现“双过半”目标。",
    "他和另一半一起参加了活动。",
    # 成 in words, and a tenth before a word (九成五星级 is 90 % of five-star hotels)
    "建成为全国一流的示范区。",
    # a slash that is no share: a Taiwanese month/day, round the clock, a rate per 10万
    "新制自1/3起實施。",
    "活動於5/6（一）舉行。",
    "提供7/24的服务。",
    "发病率为3/10万的地区。",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_lexical_halves_are_no_claims(text):
    assert [c for c in claims_of(text) if c.unit == "%"] == []


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("九成五星级酒店完成了改造。", "九成", 90),
        ("3成5G用户来自农村。", "3成", 30),
        ("八成三甲医院开通了互联网诊疗。", "八成", 80),
        ("三成半导体企业实现盈利。", "三成", 30),
        ("三成多元化经营的企业。", "三成", 30),
    ],
)
def test_a_tenth_before_a_word_keeps_the_word(text, surface, value):
    assert [(c.surface, c.value) for c in claims_of(text) if c.unit == "%"] == [(surface, value)]
