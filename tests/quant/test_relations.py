"""quant/relations: what a number states — a level, a change, or the two ends of a change."""

from __future__ import annotations

import pytest

from cityreports.quant.claims import extract_claims
from cityreports.quant.qualifiers import NEGATED_MODALS
from cityreports.quant.relations import is_compared_change
from cityreports.quant.unit_context import _CURRENCY_PREFIXES

from .. import factories


def relation_of(text: str, surface: str) -> str:
    doc = factories.make_doc([("body", text)], year=2024)
    found = [c.relation for c in extract_claims(doc) if c.surface == surface]
    assert len(found) == 1, [c.surface for c in extract_claims(doc)]
    return found[0]


@pytest.mark.parametrize(
    "text, surface, relation",
    [
        # a change verb opening the clause, with its object before the number
        ("削减财政赤字450亿元。", "450亿元", "change"),
        # ... after a few words of its own: who or when acts
        ("审计核减资金5000万元。", "5000万元", "change"),
        ("年内共计削减产能500万吨。", "500万吨", "change"),
        ("国家财政共增加支出540多亿元。", "540多亿元", "change"),
        ("五年节约能源折合标准煤1.6亿吨。", "1.6亿吨", "change"),
        # a noun made of the verb, a level reached, a verb in a modifier, a count of a noun
        ("工业增加值1000亿元。", "1000亿元", "level"),
        ("减少量达300万吨。", "300万吨", "level"),
        ("用于增加城镇职工住宅的支出一百五十二亿元。", "一百五十二亿元", "level"),
        ("出台稳定和扩大就业25条政策。", "25条", "level"),
        ("新标准提高到人均1196元。", "1196元", "to"),
    ],
)
def test_change_lead(text, surface, relation):
    assert relation_of(text, surface) == relation


@pytest.mark.parametrize(
    "gap, compared",
    [
        ("，比上年末增加", True),
        ("，同比减少", True),
        ("，比上年增长，增加", True),  # a rate stated between (cut out by the caller)
        ("，营业收入比上年增加", False),  # a new subject
        ("；比上年增加", False),  # a new clause
        ("，新建项目", False),
    ],
)
def test_compared_change(gap, compared):
    assert is_compared_change(gap) is compared


@pytest.mark.parametrize(
    "text, surface, relation, direction",
    [
        ("全市生产总值增长5%。", "5%", "change", "up"),
        ("能耗下降3.1%。", "3.1%", "change", "down"),
        ("增速为负增长0.8%。", "0.8%", "change", "down"),
        ("增长-2.5%。", "-2.5%", "change", "up"),  # the sign stays with the value
        ("比上年少5个。", "5个", "change", "down"),
        ("削减财政赤字450亿元。", "450亿元", "change", "down"),
        ("减少高耗能企业50家。", "50家", "change", "down"),  # not the 高 of the object
        ("由2019年的45亿美元提升至2023年的58亿美元。", "45亿美元", "from", "up"),
        ("由2019年的45亿美元提升至2023年的58亿美元。", "58亿美元", "to", "up"),
        ("降至1.3以下。", "1.3以下", "to", "down"),
        ("分别下降12%、33.8%。", "33.8%", "change", "down"),
        ("由10个调整为8个。", "8个", "to", ""),  # no direction said
        # the verb's or the comparison's direction, not a change word of what it compares
        ("低于全省增速0.3个百分点。", "0.3个百分点", "change", "down"),
        ("高于全国降幅0.5个百分点。", "0.5个百分点", "change", "up"),
        ("降低企业增值税负担120亿元。", "120亿元", "change", "down"),
        ("减少增值税收入30亿元。", "30亿元", "change", "down"),
        ("增加减贫资金2亿元。", "2亿元", "change", "up"),
        ("比上年增长部分多5个。", "5个", "change", "up"),
        # a change lead's amount may run on into the next verb; a count before its noun may not
        ("压减一般性支出23.9亿元用于保障民生。", "23.9亿元", "change", "down"),
        ("审计核减资金5000万元并收回国库。", "5000万元", "change", "down"),
        ("稳定和扩大就业25条政策落地见效。", "25条", "level", ""),
        ("扩大有效投资项目共计120个。", "120个", "level", ""),
        # more change verbs; a currency between the verb and the number; no comparison after
        # a negation (a floor, not a change)
        ("工业产值同比下滑3.2%。", "3.2%", "change", "down"),
        ("贷款利率上浮10%。", "10%", "change", "up"),
        ("上调最低工资标准150元。", "150元", "change", "up"),
        ("增加新台币1,200亿元。", "1,200亿元", "change", "up"),
        ("基本工资调升至新台币27,470元。", "27,470元", "to", "up"),
        ("不得低于每亩300万元。", "300万元", "level", ""),
        # a comparison after a modal that is no negation is still a change
        ("产能高于上年同期15%。", "15%", "change", "up"),
        ("粮食总产量比上年减产120亿公斤。", "120亿公斤", "change", "down"),
        ("经济成长率上修至3.5%。", "3.5%", "to", "up"),
        ("城市供应低于需求量30%。", "30%", "change", "down"),
        # a count's classifier before its noun (名, 户, 所, 家): a count, not the change
        ("提高全市120万名老年人的基础养老金。", "120万名", "level", ""),
        ("降低全市2万户企业用电成本。", "2万户", "level", ""),
        ("全市常住人口1200万人。", "1200万人", "level", ""),
    ],
)
def test_direction(text, surface, relation, direction):
    doc = factories.make_doc([("body", text)], year=2024)
    found = [(c.relation, c.direction) for c in extract_claims(doc) if c.surface == surface]
    assert found == [(relation, direction)]


@pytest.mark.parametrize("currency", sorted(_CURRENCY_PREFIXES))
def test_a_currency_between_a_verb_and_its_number_keeps_the_change(currency):
    # every currency unit_context reads stands between a change verb and its number
    gap = " " if currency.isascii() and currency.isalpha() else ""  # a code stands apart: USD 12亿
    doc = factories.make_doc([("body", f"外汇收入增加{currency}{gap}12亿元。")], year=2024)
    assert [(c.relation, c.direction) for c in extract_claims(doc)] == [("change", "up")]


@pytest.mark.parametrize("modal", ["", *NEGATED_MODALS])
def test_no_comparison_after_a_negation(modal):
    # 不低于, 不得低于, 不会低于 …: a floor, as quant.qualifiers reads the same words
    doc = factories.make_doc([("body", f"增速不{modal}低于全国平均水平0.5个百分点。")], year=2024)
    assert [c.relation for c in extract_claims(doc)] == ["level"]
