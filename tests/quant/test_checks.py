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


def _report(doc_id: str, year: int, body: str):
    """A work report (it addresses the congress) of ``year``, one block per line."""
    return make_doc("\n".join(["各位代表：", body]), doc_id=doc_id, year=year)


TARGETS_2005 = (
    "今年经济社会发展的主要预期目标是：国内生产总值增长8%左右；城镇新增就业900万人以上；"
    "居民消费价格总水平涨幅控制在4%；粮食产量达到9500亿斤。"
)


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        # indicator -> status, from the next year's report
        (
            "去年国内生产总值比上年增长9.9%；城镇新增就业970万人；居民消费价格总水平上涨1.8%；"
            "粮食产量9680亿斤。",
            {"gdp": "missed", "urban_new_jobs": "met", "cpi": "met", "grain_output": "missed"},
        ),
        (
            "去年国内生产总值比上年增长8.2%。城镇新增就业880万人。",
            {"gdp": "met", "urban_new_jobs": "missed"},
        ),
        # an outcome that is only a bound, one of another kind (a level against a rate)
        (
            "去年国内生产总值增长8%以上。去年粮食产量比上年增长3%。",
            {"gdp": "unclear", "grain_output": "unclear"},
        ),
        # a target restated in the next report is not its outcome; a span of years neither
        (
            "去年提出的国内生产总值增长8%左右的目标没有变。五年来粮食产量年均增长2%。",
            {},
        ),
    ],
)
def test_target_vs_outcome(outcomes, expected):
    a, b = _report("r2005", 2005, TARGETS_2005), _report("r2006", 2006, outcomes)
    table = run_checks(make_corpus([a, b]))
    rows = table[table["check"] == "target_vs_outcome"]
    got = {d.split(" ")[0]: s for d, s in zip(rows["detail"], rows["status"], strict=True)}
    assert got == expected
    assert set(rows["doc_id"]) <= {"r2005"} and set(rows["other_doc_id"]) <= {"r2006"}
    for _, row in rows.iterrows():
        assert a.raw.raw_text[row["start"] : row["end"]] in TARGETS_2005
        assert b.raw.raw_text[row["other_start"] : row["other_end"]] in outcomes


@pytest.mark.parametrize(
    ("target", "outcome", "status"),
    [
        ("今年中央财政安排再就业补助资金109亿元。", "去年中央财政安排再就业补助资金109亿元。",
         "met"),
        ("今年中央财政安排再就业补助资金109亿元。", "去年中央财政安排再就业补助资金112亿元。",
         "missed"),
        # the sum of several listed budget lines is not the one line the target names
        ("今年中央财政安排再就业补助资金109亿元。",
         "去年中央财政安排下岗职工基本生活保障补助、再就业补助209亿元。", "unclear"),
        # a change that went the other way missed its target, however near its size
        ("今年单位国内生产总值能耗降低4%左右。", "去年单位国内生产总值能耗下降4.2%。", "met"),
        ("今年单位国内生产总值能耗降低4%左右。", "去年单位国内生产总值能耗增长-4.2%。", "met"),
        ("今年单位国内生产总值能耗降低4%左右。", "去年单位国内生产总值能耗上升4.1%。", "missed"),
    ],
)
def test_one_target_and_its_outcome(target, outcome, status):
    a, b = _report("r2005", 2005, target), _report("r2006", 2006, outcome)
    rows = run_checks(make_corpus([a, b]))
    rows = rows[rows["check"] == "target_vs_outcome"]
    assert list(rows["status"]) == [status]
    summed = "sums several listed items" in rows["detail"].iloc[0]
    assert summed is (status == "unclear")


@pytest.mark.parametrize(
    ("years", "opener"),
    [
        ((2005, 2007), "各位代表："),  # not consecutive
        ((2005, 2006), "本报讯"),  # not work reports
    ],
)
def test_target_vs_outcome_needs_consecutive_work_reports(years, opener):
    a = make_doc(f"{opener}\n{TARGETS_2005}", doc_id="a", year=years[0])
    b = make_doc(f"{opener}\n去年国内生产总值比上年增长9.9%。", doc_id="b", year=years[1])
    table = run_checks(make_corpus([a, b]))
    assert (table["check"] == "target_vs_outcome").sum() == 0


def test_group_checks_compare_each_member_with_the_representative():
    """A group of many copies: rows only for the copies that differ, linear in the group."""
    speech = "要在六个方面做好工作：一是坚持甲；二是乙；三是丙；四是丁；五是戊；六是己。"
    short = "做好以下几个方面的工作：一是坚持甲；二是乙；三是丙；四是丁。"
    docs = [make_doc(speech if i % 10 else short, doc_id=f"d{i:03d}") for i in range(60)]
    groups = {d.doc_id: "g" for d in docs}
    table = run_checks(make_corpus(docs, groups=groups))
    rows = table[table["check"] == "group_enumeration"]
    assert set(rows["status"]) == {"inconsistent"}
    # d000 (short) is the representative: every full copy differs from it
    assert set(rows["doc_id"]) == {"d000"}
    assert set(rows["other_doc_id"]) == {d.doc_id for d in docs[1:] if d.doc_id[-1] != "0"}


def test_target_vs_outcome_in_a_city_series():
    """Municipal reports of two years: 全市 and 地区生产总值 instead of 全国 and 国内生产总值."""
    a = _report(
        "c2023", 2023,
        "我市2023年主要预期目标是：全市地区生产总值增长6%左右，一般公共预算收入增长5%，"
        "城镇新增就业10万人以上，居民消费价格涨幅控制在3%左右。",
    )
    b = _report(
        "c2024", 2024,
        "过去一年，全市地区生产总值增长5.4%，一般公共预算收入增长6.1%，城镇新增就业11.2万人，"
        "居民消费价格上涨0.5%。",
    )
    table = run_checks(make_corpus([a, b]))
    rows = table[table["check"] == "target_vs_outcome"]
    got = {d.split(" ")[0]: s for d, s in zip(rows["detail"], rows["status"], strict=True)}
    assert got == {
        "gdp": "missed", "fiscal_revenue": "missed", "urban_new_jobs": "met", "cpi": "missed"
    }
