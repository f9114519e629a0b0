"""Enumerations: declared counts against listed items, and the gold acceptance."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cityreports.quant.enumerations import (
    ENUMERATION_COLUMNS,
    enumerations_table,
    find_enumerations,
)

from ..factories import make_doc

GOLD = Path(__file__).parents[1] / "gold"


@pytest.mark.parametrize(
    ("text", "declared", "listed", "marker"),
    [
        ("需要在六个方面做好工作：一是甲；二是乙；三是丙；四是丁；五是戊；六是己。", 6, 6, "一是"),
        ("需要从以下几个方面着力：第一，甲；第二，乙；第三，丙。", None, 3, "第一"),
        ("具备两个特点，一是甲；二是乙。", 2, 2, "一是"),
        ("“第一保障甲，第二保障乙，第三提供丙，第四解决丁，是发展的四个目标。”", 4, 4, "第一"),
        (
            "发展分成五个阶段，第一阶段是甲，第二阶段是乙，第三阶段是丙，第四阶段是丁。",
            5,
            4,
            "第一阶段",
        ),
        ("要处理好甲与乙、丙与丁、戊和己三对矛盾。", 3, 3, "、"),
        ("秉持“创新、协调、绿色、开放、共享”五大发展理念。", 5, 5, "、"),
        ("共设置五大亮点展区——甲展区、乙展区、丙展区、丁展区和戊展区。", 5, 5, "、"),
        ("做好以下三方面：一是甲；二是乙。", 3, 2, "一是"),
        ("重点打造交通、医疗、教育等三大领域20个示范场景。", 3, 3, "、"),
        ("要做到三个“坚持”：一是坚持甲，二是坚持乙，三是坚持丙。", 3, 3, "一是"),
        ("抓好三个方面：一要加强领导；二要完善机制。", 3, 2, "一要"),
        ("把握好三个方面：\n一是甲。\n二是乙。\n三是丙。", 3, 3, "一是"),
    ],
)
def test_enumeration_forms(text, declared, listed, marker):
    found = find_enumerations(make_doc(text))
    assert len(found) == 1, found
    e = found[0]
    assert (e.declared, e.listed, e.marker) == (declared, listed, marker)
    assert e.mismatch is (declared is not None and declared != listed)


def test_undeclared_paragraph_run():
    text = "引言。\n第一，甲要以人为本。\n第二，乙。\n第三，丙。\n结语。"
    (e,) = find_enumerations(make_doc(text))
    assert (e.declared, e.listed, e.declared_text) == (None, 3, "第一，甲要以人为本。")


@pytest.mark.parametrize(
    ("text", "listed", "marker", "declared_text"),
    [
        (
            "（二）基本原则。一是坚持党的全面领导；二是坚持以人民为中心；三是坚持改革引领；"
            "四是坚持数据赋能；五是坚持整体协同；六是坚持安全可控。",
            6,
            "一是",
            "一是坚持党的全面领导",
        ),
        ("主要做法：一是建平台。\n二是强应用。\n三是优服务。", 3, "一是", "一是建平台。"),
        ("我简单讲几句。第一，要改革；第二，要创新；第三，要开放。", 3, "第一", "第一，要改革"),
        ("原因有二：其一，成本高；其二，周期长。", 2, "其一", "其一，成本高"),
        ("一要加强领导，二要完善机制，三要强化考核。", 3, "一要", "一要加强领导"),
    ],
)
def test_undeclared_inline_run(text, listed, marker, declared_text):
    found = [e for e in find_enumerations(make_doc(text)) if e.declared is None]
    assert [(e.listed, e.marker, e.declared_text) for e in found] == [
        (listed, marker, declared_text)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "一是坚持党的全面领导。",  # a single item is no run
        "他是第一个到场的，也是第二次来。",
        "统一是前提，二是乙。",
        "这是第一步，第二步随后。",
        "统一要求，二要素认证。",
    ],
)
def test_no_undeclared_inline_run(text):
    assert [e for e in find_enumerations(make_doc(text)) if e.declared is None] == []


@pytest.mark.parametrize(
    "text", ["一方面甲，另一方面乙。", "第二阶段向第三阶段迈进。", "21世纪的第一产业。"]
)
def test_no_enumeration(text):
    assert find_enumerations(make_doc(text)) == []


def test_gold_enumerations_all_found_with_counts(bundled_corpus):
    corpus = bundled_corpus
    with open(GOLD / "enumerations.csv", encoding="utf-8") as fh:
        gold = list(csv.DictReader(fh))
    found = {d.doc_id: find_enumerations(d) for d in corpus.documents}
    missing = []
    for g in gold:
        raw = corpus.get(g["doc"]).raw.raw_text
        s = raw.find(g["declared_span"])
        e = s + len(g["declared_span"])
        declared = int(g["declared"]) if g["declared"] else None
        ok = any(
            x.start < e and s < x.end and x.declared == declared and x.listed == int(g["listed"])
            for x in found[g["doc"]]
        )
        if not ok:
            missing.append(g["declared_span"])
    assert missing == []


def test_table_columns():
    table = enumerations_table([make_doc("具备两个特点，一是甲；二是乙。")])
    assert list(table.columns) == list(ENUMERATION_COLUMNS)
    assert table["listed"].tolist() == [2]
