"""Consistency checks: enumeration counts, part/whole sums, qualifiers, duplicate groups."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cityreports.quant.checks import CHECK_COLUMNS, run_checks

from ..factories import make_corpus, make_doc


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("中国共有城市建制654个，其中直辖市4个、地级市291个、县级市359个。", "consistent"),
        ("共有城市建制650个，其中直辖市4个、地级市291个、县级市359个。", "inconsistent"),
        ("共有企业100家，其中国企约30家、民企70家。", "flagged"),
        # the total in the sentence before 其中; growth rates between the parts are skipped
        (
            "全年地区生产总值4500.6亿元，比上年增长4.2%。其中，第一产业增加值90.1亿元，"
            "增长3.1%；第二产业增加值1800.5亿元，增长5.0%；第三产业增加值2610.0亿元，增长3.8%。",
            "consistent",
        ),
        # a change (比上年末增加) is not the whole that 其中 divides
        (
            "年末常住人口1020万人，比上年末增加8.5万人。其中，城镇人口780万人，乡村人口240万人。",
            "consistent",
        ),
        # 其中 may name only some of the parts
        ("全市共有企业1000家，其中高新技术企业300家、专精特新企业50家。", "partial"),
    ],
)
def test_part_whole(text, status):
    table = run_checks(make_corpus([make_doc(text)]))
    rows = table[table["check"] == "part_whole"]
    assert rows["status"].tolist() == [status]


@pytest.mark.parametrize(
    "text",
    [
        "城镇人口780万人，其中乡村人口占比23.5%、流动人口占比10%。",  # percentages are no parts
        "网上零售额650亿元，占社会消费品零售总额的31.0%。",
        "新增就业32.6万人。其中，高校毕业生10万人。",  # one part only
    ],
)
def test_no_part_whole(text):
    table = run_checks(make_corpus([make_doc(text)]))
    assert (table["check"] == "part_whole").sum() == 0


def test_enumeration_and_qualifier_rows():
    doc = make_doc("发展分成五个阶段，第一阶段是甲，第二阶段是乙。平均每日新增近50余万条。")
    table = run_checks(make_corpus([doc]))
    assert list(table.columns) == list(CHECK_COLUMNS)
    status = dict(zip(table["check"], table["status"], strict=True))
    assert status == {"enumeration_count": "inconsistent", "contradictory_qualifier": "flagged"}


def test_duplicate_group_differences():
    a = make_doc(
        "要在六个方面做好工作：一是坚持以人民为中心；二是乙；三是丙；四是丁；五是戊；六是己。"
        "用户规模达7.49亿。",
        doc_id="a",
    )
    b = make_doc(
        "做好以下几个方面的工作：一是坚持以人民为中心；二是乙；三是丙；四是丁。用户规模达7.49万。",
        doc_id="b",
    )
    table = run_checks(make_corpus([a, b], groups={"a": "g", "b": "g"}))
    enum = table[table["check"] == "group_enumeration"]
    assert enum["status"].tolist() == ["inconsistent"]
    scale = table[table["check"] == "group_scale"]
    assert scale["status"].tolist() == ["flagged"]
    alone = run_checks(make_corpus([a, b], groups={"a": "g1", "b": "g2"}))
    assert not alone["check"].str.startswith("group").any()


def test_bundled_corpus_checks(bundled_corpus):
    table = run_checks(bundled_corpus)
    pw = table[table["check"] == "part_whole"]
    assert "consistent" in pw["status"].tolist()
    assert pw["detail"].str.contains("4+291+359=654", regex=False).any()
    flagged = table[table["check"] == "contradictory_qualifier"]
    assert flagged["detail"].str.contains("近50余万条").any()
    # 000 and 001 report the same 2020 expo speech in other words: one event, not copies, so
    # no group checks; checked as a group, six points in one, four in the other
    assert not table["check"].str.startswith("group").any()
    as_group = replace(bundled_corpus, duplicate_group=bundled_corpus.event_group)
    table = run_checks(as_group)
    enum = table[table["check"] == "group_enumeration"]
    assert enum["detail"].str.contains("6 points").any()
    assert "inconsistent" in enum["status"].tolist()
