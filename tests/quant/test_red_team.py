"""Red team: sentences written for this test in styles the development corpus has little of — a
provincial work report, a Hong Kong budget speech, Taiwan press releases (億元, ROC years), news
articles — each checked for value, bounds, qualifier, inclusive, relation, link and modality.

Each sentence is its own document dated 2024, read through the pipeline (traditional script is
normalised as in a real corpus, ROC years resolved), so the rules are tried as a user meets them.
"""

from __future__ import annotations

import csv

import pytest

from cityreports.pipeline import parse_corpus
from cityreports.quant.claims import extract_claims

B, E = 1e8, 1e4  # 亿, 万

SENTENCES = {
    "province-review": "2023年，全省地区生产总值达到5.6万亿元，比上年增长5.8%，"
                       "高于全国平均水平0.6个百分点。",
    "province-targets": "今年全省经济社会发展的主要预期目标是：地区生产总值增长6%左右，"
                        "一般公共预算收入增长5%以上，城镇调查失业率控制在5.5%以内。",
    "province-plan": "到2025年，全省5G基站总数不少于15万个，森林覆盖率由2020年的61.3%提高到63.5%。",
    "hk-deficit": "我預計2024至25年度的綜合赤字為481億元，財政儲備降至7,335億元。",
    "hk-reserve": "政府會預留不少於100億元，推動創新科技發展。",
    "hk-growth": "本地生產總值在2023年實質增長3.2%，預測今年全年經濟增長介乎2.5%至3.5%。",
    "hk-tax": "我們會把利得稅稅率維持在16.5%，並把法定最低工資上調至每小時42.1元。",
    "tw-budget": "市府表示，113年度預算編列新臺幣約45億元，較112年度增加3.2億元。",
    "tw-investment": "經發局指出，今年上半年工業區投資金額突破新臺幣600億元，創下歷年新高。",
    "tw-roads": "交通局規劃於114年底前完成至少20處路口改善，總經費不超過1億元。",
    "tw-tourism": "觀光局預期，明年觀光人次上看500萬人次，營收可望突破新臺幣30億元。",
    "news-chargers": "该市计划在三年内将公共充电桩数量由目前的1.2万个增加到3万个以上。",
    "news-projects": "记者从市发改委获悉，全市重点项目年度计划投资不低于800亿元，"
                     "截至9月底已完成投资612亿元。",
    "news-slowdown": "全市GDP增速回落至5.2%，比一季度放缓0.5个百分点。",
    "news-exports": "出口总额由2019年的45亿美元提升至2023年的58亿美元，年均增长6.5%。",
}

# sentence, surface, value, low, high, qualifier, inclusive, relation, linked surface, modality
CASES = [
    ("province-review", "5.8%", 5.8, 5.8, 5.8, "exact", None, "change", None, "achieved"),
    ("province-review", "0.6个百分点", 0.6, 0.6, 0.6, "exact", None, "change", None, "achieved"),
    ("province-targets", "6%左右", 6, 6, 6, "approx", None, "change", None, "target"),
    ("province-targets", "5%以上", 5, 5, None, "more_than", True, "change", None, "target"),
    ("province-targets", "5.5%以内", 5.5, None, 5.5, "less_than", True, "level", None, "target"),
    ("province-plan", "不少于15万个", 15 * E, 15 * E, None, "more_than", True, "level", None,
     "target"),
    ("province-plan", "61.3%", 61.3, 61.3, 61.3, "exact", None, "from", "63.5%", "achieved"),
    ("province-plan", "63.5%", 63.5, 63.5, 63.5, "exact", None, "to", "61.3%", "target"),
    ("hk-deficit", "481億元", 481 * B, 481 * B, 481 * B, "exact", None, "level", None,
     "forecast"),
    ("hk-deficit", "7,335億元", 7335 * B, 7335 * B, 7335 * B, "exact", None, "to", None,
     "forecast"),
    ("hk-reserve", "不少於100億元", 100 * B, 100 * B, None, "more_than", True, "level", None,
     "target"),
    ("hk-growth", "3.2%", 3.2, 3.2, 3.2, "exact", None, "change", None, "achieved"),
    ("hk-growth", "2.5%至3.5%", None, 2.5, 3.5, "range", True, "level", None, "forecast"),
    ("hk-tax", "16.5%", 16.5, 16.5, 16.5, "exact", None, "level", None, "target"),
    ("hk-tax", "42.1元", 42.1, 42.1, 42.1, "exact", None, "to", None, "target"),
    ("tw-budget", "約45億元", 45 * B, 45 * B, 45 * B, "approx", None, "level", None, "unknown"),
    ("tw-budget", "3.2億元", 3.2 * B, 3.2 * B, 3.2 * B, "exact", None, "change", None, "unknown"),
    ("tw-investment", "突破新臺幣600億元", 600 * B, 600 * B, None, "more_than", False, "level",
     None, "unknown"),
    ("tw-roads", "至少20處", 20, 20, None, "more_than", True, "level", None, "target"),
    ("tw-roads", "不超過1億元", B, None, B, "less_than", True, "level", None, "target"),
    ("tw-tourism", "500萬人次", 500 * E, 500 * E, 500 * E, "exact", None, "level", None,
     "forecast"),
    ("tw-tourism", "突破新臺幣30億元", 30 * B, 30 * B, None, "more_than", False, "level", None,
     "forecast"),
    ("news-chargers", "1.2万个", 1.2 * E, 1.2 * E, 1.2 * E, "exact", None, "from", "3万个以上",
     "target"),
    ("news-chargers", "3万个以上", 3 * E, 3 * E, None, "more_than", True, "to", "1.2万个",
     "target"),
    ("news-projects", "不低于800亿元", 800 * B, 800 * B, None, "more_than", True, "level", None,
     "target"),
    ("news-projects", "612亿元", 612 * B, 612 * B, 612 * B, "exact", None, "level", None,
     "achieved"),
    ("news-slowdown", "5.2%", 5.2, 5.2, 5.2, "exact", None, "to", None, "unknown"),
    ("news-slowdown", "0.5个百分点", 0.5, 0.5, 0.5, "exact", None, "change", None, "unknown"),
    ("news-exports", "45亿美元", 45 * B, 45 * B, 45 * B, "exact", None, "from", "58亿美元",
     "achieved"),
    ("news-exports", "58亿美元", 58 * B, 58 * B, 58 * B, "exact", None, "to", "45亿美元",
     "achieved"),
    ("news-exports", "6.5%", 6.5, 6.5, 6.5, "exact", None, "change", None, "achieved"),
]


@pytest.fixture(scope="module")
def claims_by_sentence(tmp_path_factory):
    """Every sentence as a document of 2024, parsed by the pipeline; its claims by name."""
    folder = tmp_path_factory.mktemp("redteam")
    for name, text in SENTENCES.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    with open(folder / "corpus.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["doc_id", "file", "year"])
        writer.writerows([name, f"{name}.txt", 2024] for name in SENTENCES)
    return {d.doc_id: extract_claims(d) for d in parse_corpus(folder).documents}


def test_every_sentence_is_used():
    assert {case[0] for case in CASES} == set(SENTENCES) and len(SENTENCES) == 15


@pytest.mark.parametrize(
    ("name", "surface", "value", "low", "high", "qualifier", "inclusive", "relation", "linked",
     "modality"),
    CASES,
)
def test_red_team_claim_meaning(claims_by_sentence, name, surface, value, low, high, qualifier,
                                inclusive, relation, linked, modality):
    claims = claims_by_sentence[name]
    found = [c for c in claims if c.surface == surface]
    assert len(found) == 1, [c.surface for c in claims]
    c = found[0]
    assert c.value == (None if value is None else pytest.approx(value))
    assert c.low == (None if low is None else pytest.approx(low))
    assert c.high == (None if high is None else pytest.approx(high))
    assert (c.qualifier, c.inclusive, c.relation, c.modality) == (
        qualifier, inclusive, relation, modality)
    partners = [x.surface for x in claims if x.link and x.link == c.link and x is not c]
    if linked is None:
        assert c.link == "" and partners == []
    else:
        assert c.link and partners == [linked]


@pytest.mark.parametrize(
    ("text", "surface", "cue"),
    [
        ("政府会预留不少于100亿元。", "不少于100亿元", "会"),
        ("我们亦会拨款3亿元。", "3亿元", "会"),
        ("政府会同有关部门推进项目12个。", "12个", "推进"),  # 会同: together with
        ("召开社会各界座谈会3场。", "3场", ""),  # 社会, 座谈会: nouns
        ("市政府会议审议通过项目12个。", "12个", ""),
    ],
)
def test_hui_is_will_only_after_an_actor(text, surface, cue):
    from .. import factories

    doc = factories.make_doc(text, year=2024)
    (claim,) = [c for c in extract_claims(doc) if c.surface == surface]
    assert claim.modality_cue == cue
