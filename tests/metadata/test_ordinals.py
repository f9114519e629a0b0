"""Tests for cityreports.metadata.ordinals: numbered congresses, sessions and plans as years."""

from __future__ import annotations

import pytest

from cityreports.metadata.ordinals import (
    cpc_congress_year,
    find_congress_sessions,
    find_party_congresses,
    find_plans,
    npc_term_start,
    plan_start,
)


@pytest.mark.parametrize(
    ("function", "number", "year"),
    [
        (npc_term_start, 1, 1954), (npc_term_start, 4, 1975),  # early terms: the data file
        (npc_term_start, 5, 1978), (npc_term_start, 10, 2003), (npc_term_start, 11, 2008),
        (npc_term_start, 12, 2013), (npc_term_start, 13, 2018), (npc_term_start, 14, 2023),
        (cpc_congress_year, 11, 1977), (cpc_congress_year, 12, 1982),
        (cpc_congress_year, 16, 2002), (cpc_congress_year, 20, 2022),
        (plan_start, 1, 1953), (plan_start, 3, 1966), (plan_start, 6, 1981),
        (plan_start, 10, 2001), (plan_start, 14, 2021),
        (npc_term_start, 0, None), (cpc_congress_year, 3, None),
    ],
)  # fmt: skip
def test_ordinal_years(function, number, year):
    assert function(number) == year


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("第十一届全国人民代表大会第三次会议", [(11, 3, 2010)]),
        ("十四届全国人大一次会议", [(14, 1, 2023)]),
        ("五届人大三次会议以后", [(5, 3, 1980)]),
        ("全国政协十四届二次会议", [(14, 2, 2024)]),
        ("第六届全国人民代表大会期间", [(6, None, 1983)]),
        ("第十四届全国人民代表大会常务委员会第五次会议", []),  # standing committee
        ("杭州市第十四届人民代表大会第四次会议", []),  # local congress: no national ordinal
        ("市十六届人大四次会议", []),
        ("第十四届全国人民代表大会第九次会议", []),  # no ninth annual session
    ],
)
def test_find_congress_sessions(text, found):
    assert [(o.number, o.session, o.year) for o in find_congress_sessions(text)] == found


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("贯彻党的十六大精神", [2002]), ("中共十一大", [1977]),
        ("中国共产党第十二次全国代表大会", [1982]), ("党的二十大胜利召开", [2022]),
        ("党的十一届三中全会以来", []),
    ],
)  # fmt: skip
def test_find_party_congresses(text, years):
    assert [o.year for o in find_party_congresses(text)] == years


@pytest.mark.parametrize(
    ("text", "plans"),
    [
        ("第十个五年计划纲要", [(10, 2001)]), ("“十一五”时期", [(11, 2006)]),
        ("“十四五”规划", [(14, 2021)]), ("“十五”计划", [(10, 2001)]),
        ("“十五五”规划", [(15, 2026)]), ("“九五”期间", [(9, 1996)]),
        ("五年来", []),
    ],
)  # fmt: skip
def test_find_plans(text, plans):
    assert [(o.number, o.year) for o in find_plans(text)] == plans
