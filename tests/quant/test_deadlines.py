"""A number under a deadline after the document's year is a target (or a forecast where 预计
says so), even when result words (累计, 达到, 完成) stand before it; under a deadline already
past it stays a result. Documents dated 2024 unless a row says otherwise.
"""

from __future__ import annotations

import pytest

from cityreports.quant.claims import extract_claims
from cityreports.quant.timescope import future_deadline

from .. import factories


def claim(text: str, surface: str, year: int = 2024):
    doc = factories.make_doc([("body", line) for line in text.split("\n")], year=year)
    found = [c for c in extract_claims(doc) if c.surface == surface]
    assert len(found) == 1, [c.surface for c in extract_claims(doc)]
    return found[0]


@pytest.mark.parametrize(
    ("text", "surface", "year", "modality", "cue"),
    [
        ("到2026年，全市新能源装机容量累计达到800万千瓦以上。", "800万千瓦以上", 2024,
         "target", "到2026年"),
        ("到2026年底，全市累计建成5G基站3万个。", "3万个", 2024, "target", "到2026年底"),
        ("力争到2030年，规上工业企业累计达到5000家。", "5000家", 2024, "target",
         "力争到2030年"),
        ("至2027年，累计完成投资1200亿元。", "1200亿元", 2024, "target", "至2027年"),
        ("到“十五五”末，全市新能源装机容量累计达到1000万千瓦。", "1000万千瓦", 2024, "target",
         "到“十五五”末"),
        ("到十四五期末，累计建成充电桩10万个。", "10万个", 2024, "target", "到十四五期末"),
        ("预计到2026年，累计达到800万千瓦。", "800万千瓦", 2024, "forecast", "预计"),
        # 将 after a forecast that opens the deadline is the forecast's own future
        ("预计到2025年，全市低空经济市场规模将超过500亿元。", "超过500亿元", 2024, "forecast",
         "预计"),
        # a year closing the deadline (2030年前碳达峰), the middle of the century
        ("2030年前，单位地区生产总值能耗累计下降15%。", "15%", 2024, "target", "2030年前"),
        ("到本世纪中叶，全市常住人口城镇化率达到80%。", "80%", 2024, "target", "到本世纪中叶"),
        ("到本世纪中叶，城镇化率达到60%。", "60%", 1990, "achieved", "达到"),  # 1950
        # the base year of a multiple is not the claim's time
        ("到2026年，累计培育专精特新企业1000家，是2023年的2倍。", "2倍", 2024, "target",
         "到2026年"),
        # a paragraph under the deadline: the next sentence is still about it
        ("到2027年，全市数字经济核心产业增加值占比达到12%。累计建成5G基站5万个。", "5万个",
         2024, "target", "到2027年"),
        # a deadline already past: a result
        ("到2023年底，全市新能源装机容量累计达到800万千瓦。", "800万千瓦", 2024, "achieved",
         "累计"),
        ("到2025年，全市累计建成5G基站3万个。", "3万个", 2026, "achieved", "累计"),
        ("到“十四五”末，累计达到800万千瓦。", "800万千瓦", 2026, "achieved", "累计"),
        # as of (截至) is no deadline; a present word after the deadline speaks of now
        ("截至2026年底，累计建成5G基站3万个。", "3万个", 2026, "achieved", "累计"),
        ("到2026年建成100个，目前已建成50个。", "50个", 2024, "achieved", "已"),
        ("到2026年，建成驿站100个。全市已累计建成50个。", "50个", 2024, "achieved", "累计"),
    ],
)
def test_future_deadline_makes_a_target(text, surface, year, modality, cue):
    c = claim(text, surface, year)
    assert (c.modality, c.modality_cue) == (modality, cue)


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("到2026年，全市", "到2026年"),
        ("2030年前，全市", "2030年前"),  # a year closing the deadline: by 2030
        ("2027年之前，", "2027年之前"),
        ("力争2030年以前", "2030年以前"),
        ("2030年前后，", ""),  # about 2030: no deadline
        ("2023年前，", ""),  # before a past year
        ("到本世纪中叶，", "到本世纪中叶"),  # 2050 in a text of 2024
        ("至本世纪末，", "至本世纪末"),
        ("截至本世纪中叶，", ""),
        ("争取到2028年底，", "争取到2028年底"),
        ("2021年至2026年，累计", "至2026年"),
        ("到“十五五”末，", "到“十五五”末"),
        ("到2026年，比2023年", "到2026年"),  # a comparison base is no time of the claim
        ("到2026年，是2023年的", "到2026年"),  # nor the base of a share or multiple
        ("到2024年底，", ""),  # the document's own year: left to the other cues
        ("截至2026年，", ""),
        ("截止到2026年，", ""),
        ("达到2026年", ""),
        ("到2026年，去年", ""),  # the last time is 去年
        ("到2026年，目前已", ""),
    ],
)
def test_future_deadline_words(text, deadline):
    assert future_deadline(text, year=2024) == deadline
