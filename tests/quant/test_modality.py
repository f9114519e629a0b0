"""quant/modality: whether a claim states a result, a target or a forecast."""

from __future__ import annotations

import pytest

from cityreports.quant.claims import extract_claims

from .. import factories


def modality_of(text: str, surface: str, year: int = 2024) -> tuple[str, str]:
    doc = factories.make_doc([("body", text)], year=year)
    found = [(c.modality, c.modality_cue) for c in extract_claims(doc) if c.surface == surface]
    assert len(found) == 1, [c.surface for c in extract_claims(doc)]
    return found[0]


@pytest.mark.parametrize(
    "text, surface, modality, cue",
    [
        # a plan noun as the base of a share is no target cue (a red-team helper's cases)
        ("截至11月底，已完成全年目标任务的85%。", "85%", "achieved", "已"),
        ("全年完成年度计划的102%。", "102%", "achieved", "完成"),
        ("重点项目完成投资超过3300亿元，达到年度投资计划的148%。", "148%", "achieved", "达到"),
        ("全年完成规划目标的90%。", "90%", "achieved", "完成"),
        ("全年完成年度计划投资的80%。", "80%", "achieved", "完成"),
        # nor is the plan noun of a rate of doing the plan: the rate is the measure
        ("全年计划完成率达95%。", "95%", "achieved", "完成"),
        ("截至9月底，年度目标达成率为78%。", "78%", "achieved", "截至"),
        ("明年力争规划实施率达到90%。", "90%", "target", "力争"),
        ("今年计划完成投资200亿元。", "200亿元", "target", "计划"),  # a verb: plans to do
        # ... but still a cue before the plan's own figures
        ("今年计划总投资100亿元。", "100亿元", "target", "计划"),
        ("上年目标为增长6%。", "6%", "target", "目标"),
        # 加快 in a comparison is the change of a speed, not a target
        ("一季度增速比上年加快0.4个百分点。", "0.4个百分点", "achieved", "比上年"),
        ("加快100个停车场建设。", "100个", "target", "加快"),
        ("全年实际完成投资120亿元。", "120亿元", "achieved", "实际完成"),
    ],
)
def test_modality_cues(text, surface, modality, cue):
    assert modality_of(text, surface) == (modality, cue)


def test_the_base_before_a_cue_is_looked_for_no_further_back_than_it_can_reach():
    """``_last`` searches ``base_before`` in the last ``_BASE_BEFORE_SPAN`` characters before a
    cue only: the pattern (an editable file) must not match anything longer."""
    import re._parser as sre_parse

    from cityreports.quant import modality

    pattern = modality._P.base_before
    assert sre_parse.parse(pattern.pattern, pattern.flags).getwidth()[1] <= (
        modality._BASE_BEFORE_SPAN)




@pytest.mark.parametrize(
    "text, surface, modality",
    [
        ("比1980年预计增长5.5%。", "5.5%", "unknown"),  # 预计 is the base's estimate
        ("由上年18亿元增加到95亿元。", "95亿元", "unknown"),  # 上年 is the start
        ("全年预计增长5.5%。", "5.5%", "forecast"),
        # the comparison ends more than eight characters before the cue: the cue is the claim's
        ("比上年同期的实际水平预计增长5.5%。", "5.5%", "forecast"),
        ("与上年相比，今年预计增长5.5%。", "5.5%", "forecast"),  # a comma ends the base
    ],
)
def test_a_cue_right_after_a_comparison_belongs_to_its_base(text, surface, modality):
    assert modality_of(text, surface)[0] == modality


@pytest.mark.parametrize(
    ("head", "plans"),
    [
        ("2024年重庆市智慧城市建设工作要点\n一、总体要求\n", True),
        ("苏州市数字政府建设三年行动计划（2024—2026年）\n为加快建设，制定本行动计划。", True),
        ("各位代表：\n现在，我代表市人民政府向大会报告工作。", True),  # a work report
        ("杭州城市大脑上线\n本报讯 记者获悉，市里印发了年度工作计划。", False),
        ("关于智慧城市的调研报告\n一、基本情况\n", False),
    ],
)
def test_a_plan_titled_as_one_plans_its_own_year(head, plans):
    from cityreports.quant.modality import plans_its_own_year

    assert plans_its_own_year(head) is plans


def test_a_year_plan_makes_its_own_years_numbers_targets():
    doc = factories.make_doc([("title", "2024年重庆市智慧城市建设工作要点"),
                              ("body", "今年新建智慧社区300个。")], year=2024)
    assert [(c.modality, c.modality_cue) for c in extract_claims(doc)] == [("target", "2024")]


_PLAN_BODY = "全年新建智慧社区300个，实现跨省通办150项以上。截至2023年底，已建成平台20个。"


@pytest.mark.parametrize(
    ("title", "moods"),
    [
        # in a plan, a weak result cue says what is to be done; a strong one is its background
        ("2024年重庆市智慧城市建设工作要点", ["target", "target", "achieved"]),
        # ... not in a report, which looks back on what was done
        ("关于2023年智慧城市建设情况的报告", ["achieved", "achieved", "achieved"]),
    ],
)
def test_weak_result_cues_in_a_plan_state_targets(title, moods):
    doc = factories.make_doc([("title", title), ("body", _PLAN_BODY)], year=2024)
    got = [(c.surface, c.modality, c.modality_cue) for c in extract_claims(doc)]
    cues = [("300个", "全年"), ("150项以上", "实现"), ("20个", "已")]
    assert got == [(surface, mood, cue) for (surface, cue), mood in zip(cues, moods, strict=True)]
