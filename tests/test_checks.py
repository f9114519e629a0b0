"""Consistency checks: enumeration counts, part/whole sums, qualifiers, duplicate groups."""

from __future__ import annotations

import pytest

from cityreports.checks import CHECK_COLUMNS, run_checks

from .factories import make_corpus, make_doc


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("中国共有城市建制654个，其中直辖市4个、地级市291个、县级市359个。", "consistent"),
        ("共有城市建制650个，其中直辖市4个、地级市291个、县级市359个。", "inconsistent"),
        ("共有企业100家，其中国企约30家、民企70家。", "flagged"),
    ],
)
def test_part_whole(text, status):
    table = run_checks(make_corpus([make_doc(text)]))
    rows = table[table["check"] == "part_whole"]
    assert rows["status"].tolist() == [status]


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
    # 000 and 001 report the same 2020 expo speech: six points in one, four in the other
    enum = table[table["check"] == "group_enumeration"]
    assert enum["detail"].str.contains("6 points").any()
    assert "inconsistent" in enum["status"].tolist()
