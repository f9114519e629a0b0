"""Claim extraction: unit tests on hand-built documents and acceptance against the gold."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.pipeline.parse import parse_document
from cityreports.quant.claims import (
    CLAIM_COLUMNS,
    claim_diagnostics,
    claims_and_diagnostics,
    claims_table,
    extract_claims,
    find_diagnostics,
    find_speaker,
    resolve_time_scope,
)
from cityreports.records import RawDocument

from .. import factories

GOLD = Path(__file__).parents[1] / "gold"


def make_doc(text: str, *, year: int | None = 2020, roles: dict[int, str] | None = None, **kw):
    """The factory's document dated ``year``: one block per line, ``roles`` by line number."""
    lines = text.split("\n")
    return factories.make_doc(
        [((roles or {}).get(i, "body"), line) for i, line in enumerate(lines)], year=year, **kw
    )


def surfaces(text: str, **kw) -> list[str]:
    return [c.surface for c in extract_claims(make_doc(text, **kw))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("共设置五大亮点展区。", ["五大"]),
        ("由一场主论坛、两场主题论坛和两场同期主题论坛组成。", ["一场", "两场", "两场"]),
        ("这是人类认识方式的一场革命。", []),  # indefinite 一
        ("这是一项重大课题。", []),
        ("两场主题论坛分别为A论坛和B论坛。", []),  # anaphoric list head
        ("需要在六个方面做好工作：一是坚持；二是提升。", []),  # enumeration, not claim
        ("他阐述了国土空间规划的四个要点。", []),
        ("秉持五大发展理念。", []),
        ("这三个维度的问题已经到了亟待解决的时候。", []),
        ("网络购物用户规模达7.49亿。", ["7.49亿"]),
        ("人口1400万。", ["1400万"]),
        ("GDP达1.2万亿。", ["1.2万亿"]),
        ("2020第六届中国智慧城市博览会。", []),
        ("运用3S技术和5G网络，实现3060碳达峰。", []),
        ("共计672个区域性试点。", ["672个"]),
        ("过去30多年的时间里。", ["30多年"]),
        ("百年不遇大变局。", []),
        ("提出超过130项智慧城市措施。", ["超过130项"]),  # not the text's own points
        ("推出120项便民举措。", ["120项"]),
        ("经济总量翻一番。", ["翻一番"]),  # a doubling: 2倍 its base
        ("力争实现翻番。", []),  # no count of doublings stated
        ("增强“四个意识”、坚定“四个自信”、做到“两个维护”。", []),  # set phrases in quotes
        ("为实现「两个一百年」奋斗目标。", []),
        ("统筹推进五位一体总体布局。", []),
        ("他说“已有200家企业入驻”。", ["200家"]),  # a long quotation is speech
        ("2024/25年度财政预算。", []),  # Hong Kong fiscal year
        ("智慧停車柱設置3,200格。", ["3,200格"]),  # Taiwan's parking spaces
        ("设计别具一格，不拘一格降人才。", []),  # idioms with the counter 格
    ],
)
def test_claim_boundary(text, expected):
    assert surfaces(text) == expected


# Government work report, policy, Hong Kong and Taiwan phrasings:
# text, surface, value (or (low, high)), unit, qualifier, kind, subject
REPORT_CASES = [
    ("粮食产量1.37万亿斤。", "1.37万亿斤", 1.37e12, "斤", "exact", "measure", "粮食产量"),
    ("城镇新增就业1206万人。", "1206万人", 1.206e7, "人", "exact", "measure", "城镇新增就业"),
    ("国内生产总值增长5%左右。", "5%左右", 5, "%", "approx", "percentage", "国内生产总值"),
    ("比上年增长8.1%。", "8.1%", 8.1, "%", "exact", "percentage", ""),
    ("下降3.1个百分点。", "3.1个百分点", 3.1, "百分点", "exact", "percentage", ""),
    ("惠及1.4亿人。", "1.4亿人", 1.4e8, "人", "exact", "measure", ""),
    ("覆盖96%以上的行政村。", "96%以上", 96, "%", "more_than", "percentage", "行政村"),
    ("建成5G基站231.2万个。", "231.2万个", 2.312e6, "个", "exact", "measure", "5G基站"),
    ("市场主体达1.69亿户。", "1.69亿户", 1.69e8, "户", "exact", "measure", "市场主体"),
    ("年均增长6%以上。", "6%以上", 6, "%", "more_than", "percentage", ""),
    ("增长2.3倍。", "2.3倍", 2.3, "倍", "exact", "measure", ""),
    ("人均可支配收入36883元。", "36883元", 36883, "元", "exact", "measure", "人均可支配收入"),
    ("政府撥款逾百億元。", "逾百億元", 1e10, "元", "more_than", "measure", "政府撥款"),
    ("政府已预留约100亿港元。", "约100亿港元", 1e10, "港元", "approx", "measure", "政府已预留"),
    ("资助1,200万港元。", "1,200万港元", 1.2e7, "港元", "exact", "measure", ""),
    ("将于113年投入新台币约25亿元。", "约25亿元", 2.5e9, "新台币", "approx", "measure", ""),
    ("共有逾1,500家业者。", "逾1,500家", 1500, "家", "more_than", "measure", "业者"),
    ("约四分之一集中于台北市。", "约四分之一", 25, "%", "approx", "percentage", "集中"),
    ("约3,400间初创企业。", "约3,400间", 3400, "间", "approx", "measure", "初创企业"),
    ("雇用超过1万2千人。", "超过1万2千人", 12000, "人", "more_than", "measure", "雇用"),
]


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit", "qualifier", "kind", "subject"), REPORT_CASES
)
def test_report_phrasings(text, surface, value, unit, qualifier, kind, subject):
    claims = extract_claims(make_doc(text))
    assert len(claims) == 1, [c.surface for c in claims]
    c = claims[0]
    assert (c.surface, c.unit, c.qualifier, c.kind, c.subject) == (
        surface,
        unit,
        qualifier,
        kind,
        subject,
    )
    assert c.value == pytest.approx(value)


def test_people_unit_for_bare_multiplier():
    claims = extract_claims(make_doc("网络支付用户规模达8.05亿，GDP达1.2万亿。"))
    assert [(c.value, c.unit) for c in claims] == [(805_000_000, "人"), (1.2e12, "")]


def test_doublings_are_multiples_of_their_base_with_their_qualifier_and_modality():
    text = ("到2020年，国内生产总值比2010年翻一番。人均收入比2010年翻一番多。"
            "力争使工农业年总产值接近翻两番。")
    got = [(c.surface, c.value, c.unit, c.qualifier, c.modality)
           for c in extract_claims(make_doc(text, year=2013))]
    assert got == [("翻一番", 2, "倍", "exact", "target"),
                   ("翻一番多", 2, "倍", "more_than", "target"),
                   ("接近翻两番", 4, "倍", "nearly", "target")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the people named right after the count, maybe after a modifier that ends there
        ("覆盖约350万常住人口。", [("约350万", "人")]),
        ("新增450万农村沼气用户，改善生活条件。", [("450万", "人")]),
        ("2100多万市民群众心手相牵。", [("2100多万", "人")]),
        ("350万常住人口享受服务。", [("350万", "人")]),
        ("帮扶2万失业人员再就业。", [("2万", "人")]),
        # a Chinese count in 万 or 亿 is a claim of what it counts ...
        ("我国人口已经超过十亿。", [("超过十亿", "人")]),
        ("登记用户已超过二百八十万。", [("超过二百八十万", "人")]),
        # ... never a bare 万/亿 word, an idiom, or a count in a quoted name
        ("亿万人民欢欣鼓舞，十万火急。", []),
        ("百万雄师过大江。", []),
        ("扎实推进中小企业培育“七万工程”。", []),
    ],
)
def test_counts_in_wan_and_yi_take_the_unit_of_what_they_count(text, expected):
    assert [(c.surface, c.unit) for c in extract_claims(make_doc(text))] == expected


@pytest.mark.parametrize(
    ("text", "surface", "subject"),
    [
        ("全市已建置智慧号志500处。", "500处", "智慧号志"),  # Taiwan's 建置 is a leading verb
        ("于全港18区增设约1,000个Wi-Fi热点。", "约1,000个", "Wi-Fi热点"),  # a hyphenated name
        ("建成3个e-Gov平台。", "3个", "e-Gov平台"),
        # the clause of who speaks is no topic of the number after it
        ("陈其迈市长今（1）日表示，将投入新台币6亿元。", "6亿元", ""),
        ("台北市府表示，今年将再投入4,500万元。", "4,500万元", ""),
        ("农民的纯收入，增长5%。", "5%", "农民的纯收入"),
    ],
)
def test_subjects_of_taiwan_verbs_latin_names_and_speech_clauses(text, surface, subject):
    found = {c.surface: c.subject for c in extract_claims(make_doc(text))}
    assert found[surface] == subject


@pytest.mark.parametrize(
    "text, surface, unit",
    [
        ("年末人民币存款余额5000亿元，比上年末增加100亿。", "100亿", "元"),
        ("发电量3，120亿度，比1980年预计增加120亿。", "120亿", "度"),
        ("全市生产总值3000亿元，比上年增长5%，增加150亿。", "150亿", "元"),  # across the rate
        ("全年货运量8亿吨，同比减少0.5亿。", "0.5亿", "吨"),
        # a new subject, a new clause, or no comparison: no unit is taken over
        ("旅客3000万人次，营业收入比上年增加150亿。", "150亿", ""),
        ("完成投资3000亿元；比上年增加150亿。", "150亿", ""),
        ("完成投资3000亿元，撬动社会资本150亿。", "150亿", ""),
        ("增长12%，比上年增加150亿。", "150亿", ""),
    ],
)
def test_change_against_an_earlier_time_takes_the_unit_of_its_level(text, surface, unit):
    found = {c.surface: c.unit for c in extract_claims(make_doc(text))}
    assert found[surface] == unit


@pytest.mark.parametrize(
    "text, kept",
    [
        ("每10万人口拥有执业医师25678人。", ["25678人"]),
        ("每100户居民拥有汽车45辆。", ["45辆"]),
        ("小麦最低收购价每50公斤提高5到7元。", ["5到7元"]),
        ("发病率为8.5/10万，比上年下降。", ["8.5/10万"]),  # a rate per 100,000
        ("每5年开展一次普查。", []),
    ],
)
def test_the_base_of_a_rate_is_no_claim(text, kept):
    assert [c.surface for c in extract_claims(make_doc(text))] == kept


def test_non_body_roles_are_skipped_by_default():
    doc = make_doc("共有200余人出席。\n电话：0086-10-1234567，10个语种", roles={1: "boilerplate"})
    assert [c.surface for c in extract_claims(doc)] == ["200余人"]
    assert "10个" in [c.surface for c in extract_claims(doc, roles=("body", "boilerplate"))]


@pytest.mark.parametrize(
    ("text", "year", "scope"),
    [
        ("截至今年6月底，", 2020, "2020-06-30"),
        ("截至2015年6月底，", 2020, "2015-06-30"),
        ("今年上半年", 2020, "2020-H1"),
        ("截至2015年8月，", None, "2015-08"),
        ("去年底", 2021, "2020-12-31"),
        ("今年2月底", 2024, "2024-02-29"),
        ("今年6月底", None, ""),
        ("目前", 2020, ""),
        ("2015年12月12日，", 2020, "2015-12-12"),
        ("23年2月，", 2023, "2023-02"),  # a year in two digits before its month
        ("截至24年6月底，", 2024, "2024-06-30"),
        ("历时15年3月完工，", 2024, ""),  # years and months of a duration
    ],
)
def test_time_scope(text, year, scope):
    assert resolve_time_scope(text, year=year) == scope


@pytest.mark.parametrize(
    ("text", "roc", "scope"),
    [
        ("民国111年全台", False, "2022"),
        ("政府将于113年", False, "2024"),
        ("112年度补助", True, "2023"),
        ("111年第3季", True, "2022-Q3"),
        ("2022年第1季度", False, "2022-Q1"),
        ("2023年前3季度", False, "2023-Q1-Q3"),
        ("近100年", True, ""),
        ("今(113)年预计", True, "2024"),
        ("去（2023）年营收", False, "2023"),
        ("112年度补助", False, ""),
    ],
)
def test_time_scope_roc_years_and_quarters(text, roc, scope):
    assert resolve_time_scope(text, year=2020, roc=roc) == scope


def test_taiwan_roc_years_are_not_durations():
    text = "政府将于113年投入新台币约25亿元。民国111年全台共有逾1,500家业者，113年产值成长15.6%。"
    claims = extract_claims(make_doc(text, year=None, script="traditional"))
    assert [(c.surface, c.unit, c.time_scope) for c in claims] == [
        ("约25亿元", "新台币", "2024"),
        ("逾1,500家", "家", "2022"),
        ("15.6%", "%", "2024"),
    ]


def test_claim_fields_subject_time_speaker():
    text = (
        "截至今年6月底，我国网络购物用户规模达7.49亿。\n"
        "“目前，我国31个省已开通平台。”国家发展改革委司长陈洪宛说。\n"
        "据张兵介绍，共计672个区域性试点。"
    )
    claims = {c.surface: c for c in extract_claims(make_doc(text, year=2020))}
    assert claims["7.49亿"].subject == "网络购物用户规模"
    assert claims["7.49亿"].time_scope == "2020-06-30"
    assert claims["7.49亿"].speaker == ""
    assert claims["31个"].speaker == "陈洪宛"
    assert claims["672个"].speaker == "张兵"
    assert claims["672个"].subject == "区域性试点"


@pytest.mark.parametrize(
    ("block", "number", "speaker"),
    [
        ("局长薛永恒说：「我们已投入100亿港元。」", "100", "薛永恒"),
        ("「平台已有120万名用户。」局长薛永恒说。", "120", "薛永恒"),
        ("『平台已有120万名用户。』薛永恒表示。", "120", "薛永恒"),
        ("“目前已开通31个平台。”司长陈洪宛说。", "31", "陈洪宛"),
        ("局长薛永恒说：「很便利。」他指出，「智方便」平台已有逾120万名用户。", "120", "薛永恒"),
        ("薛永恒说：「很好。」李明说：「不错。」他指出，已有120万名用户。", "120", "李明"),
        ("薛永恒说，很好；李明说，不错。他指出，已有120万名用户。", "120", ""),  # ambiguous
        ("他指出，已有120万名用户。", "120", ""),
        ("局长表示，政府已预留约100亿港元。", "100", "局长"),
        ("局长表示，政府已预留约100亿港元。局长薛永恒说，很好。", "100", "薛永恒"),
        ("主委龚明鑫表示，政府将投入25亿元。", "25", "龚明鑫"),
        ("据张兵介绍，共计672个区域性试点。", "672", "张兵"),
        ("」他说，已有5个。", "5", ""),
        # a colon hands the quote to the speaker before it, whatever follows the quote
        ("孙东在会上表示：「我们会在未来三年投放约5亿港元。」他又指出，很好。", "5", "孙东"),
        ("局长孙东在记者会上表示：「未来三年投放约5亿港元。」他又指出，很好。", "三", "孙东"),
        ("孙东说：“我们将投入约5亿元，建设数据中心。”他还强调，要加快进度。", "5", "孙东"),
        ("李明指出：“全市已建成5G基站3万个。”", "3万", "李明"),
        ("王芳认为，“全市已建成5G基站3万个。”", "3万", "王芳"),
        ("「全市已建成3万个基站。」他說。", "3", ""),
        # a Taiwanese day in brackets between the speaker and the verb
        ("黄伟哲市长今（3）日表示，今年将增设1,000盏智慧路灯。", "1,000", "黄伟哲"),
        ("经发局今(3)日在记者会上指出，今年将增设1,000盏智慧路灯。", "1,000", "经发局"),
        ("行政院长今（14）日于院会表示，将投入300亿元。", "300", ""),  # not 日于院会
    ],
)
def test_speaker_with_hk_quotes_pronouns_and_titles(block, number, speaker):
    got = find_speaker(block, block.index(number))
    assert got == speaker
    assert not re.search(r"[^\w·]", got)


def test_bare_title_takes_the_name_given_elsewhere_in_the_document():
    text = "局长表示，政府已预留约100亿港元。\n创新科技及工业局局长薛永恒说：「我们很高兴。」"
    claims = extract_claims(make_doc(text))
    assert [(c.surface, c.speaker) for c in claims] == [("约100亿港元", "薛永恒")]


def test_tables_have_columns_and_diagnostics_rows():
    doc = make_doc("投资3.4.5万元，共有200人。")
    table = claims_table([doc])
    assert list(table.columns) == list(CLAIM_COLUMNS)
    assert table["surface"].tolist() == ["200人"]
    diags = claim_diagnostics(doc)
    assert diags["surface"].str.contains("3.4.5").any()


_CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=15)
_NUMS = st.sampled_from(
    [
        "近50余万条",
        "约200余家",
        "3万4000元",
        "数万人",
        "30年至50年",
        "两场",
        "一场",
        "十几年",
        "7.49亿",
        "2020年",
        "第六届",
        "1,100万",
        "１２个",
        "63.83％",
        "百分之十五",
        "5-10年",
        "，",
        "。",
        "“",
        "”",
        "\n",
        "说",
        "他指出，",
        "「",
        "」",
        "局长表示，",
        "民国111年",
        "1萬2千人",
        "截至今年6月底",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_CJK, _NUMS), max_size=25))
def test_random_text_never_raises_and_spans_match(parts):
    text = "".join(parts)
    doc = make_doc(text)
    for c in extract_claims(doc):
        assert doc.raw.raw_text[c.start : c.end] == c.surface
    claim_diagnostics(doc)
    assert claims_and_diagnostics(doc) == (extract_claims(doc), find_diagnostics(doc))


def test_one_scan_for_claims_and_diagnostics_matches_the_two(bundled_line_docs):
    # the pipeline's single pass gives what the two public functions give (003 is traditional)
    found = 0
    made = make_doc("投资1.2.3亿元，增长5%。\n增加18%至52.8亿元，完成一二三四亿元。")
    for doc in (*bundled_line_docs, made):
        claims, diagnostics = claims_and_diagnostics(doc)
        assert claims == extract_claims(doc)
        assert diagnostics == find_diagnostics(doc)
        found += len(diagnostics)
    assert found > 0  # the comparison saw diagnostics, not only empty lists


# --------------------------------------------------------------------------- gold acceptance


def _gold_rows():
    with open(GOLD / "claims.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _match(corpus):
    """Gold rows matched to predicted claims by span overlap and equal value (or bounds)."""
    preds = {d.doc_id: extract_claims(d) for d in corpus.documents}
    matches, used = [], set()
    for g in _gold_rows():
        raw = corpus.get(g["doc"]).raw.raw_text
        s = raw.find(g["span"])
        assert s >= 0, g["span"]
        e = s + len(g["span"])
        lo, _, hi = g["value"].partition("-")
        want = (float(lo), float(hi) if hi else float(lo))
        for i, c in enumerate(preds[g["doc"]]):
            got = (c.low, c.high) if c.value is None else (c.value, c.value)
            if c.start < e and s < c.end and got == want and (g["doc"], i) not in used:
                used.add((g["doc"], i))
                matches.append((g, c))
                break
    n_pred = sum(len(v) for v in preds.values())
    return matches, n_pred


def test_gold_precision_and_recall(bundled_corpus):
    matches, n_pred = _match(bundled_corpus)
    n_gold = len(_gold_rows())
    assert len(matches) / n_gold >= 0.97  # recall (issue 10 acceptance)
    assert len(matches) / max(n_pred, 1) >= 0.97  # precision


def test_gold_unit_qualifier_kind(bundled_corpus):
    matches, _ = _match(bundled_corpus)
    t2s = opencc.OpenCC("t2s")
    unit_ok = sum(c.unit == t2s.convert(g["unit"]) for g, c in matches)
    qual_ok = sum(c.qualifier == g["qualifier"] for g, c in matches)
    kind_ok = sum(c.kind == g["kind"] for g, c in matches)
    both_ok = sum(c.unit == t2s.convert(g["unit"]) and c.qualifier == g["qualifier"]
                  for g, c in matches)
    assert min(unit_ok, qual_ok, kind_ok) / len(matches) >= 0.95
    assert both_ok / len(matches) >= 0.97  # unit and qualifier right together


def test_gold_surfaces_are_raw_slices(bundled_corpus):
    for doc in bundled_corpus.documents:
        for c in extract_claims(doc):
            assert doc.raw.raw_text[c.start : c.end] == c.surface
            assert c.role == "body"


# text, surface, field, expected: the field of the one claim with that surface
FIELD_CASES = [
    # the time a claim is about: a comparison base (较前年, 比2020年) is not its scope
    ("去年已有逾240万名市民登记，较前年增加近六成。", "近六成", "time_scope", "2022"),
    ("产值比2020年增长15%。", "15%", "time_scope", ""),
    # 截至4月底 with no year: the document's own year
    ("截至4月底,全市办件量突破3000万件。", "突破3000万件", "time_scope", "2023-04-30"),
    # a target year set earlier in the paragraph carries to the following sentences
    ("到2025年，数字经济增加值达到3万亿元。建成5G基站25万个。", "25万个", "time_scope",
     "2025"),
    # … but a sentence about the present is never given an earlier time
    ("去年已有逾240万名用户。目前有超过2,000间初创企业。", "超过2,000间", "time_scope", ""),
    # subject: no quote marks, no verb 完成/控制在, no modal or verb alone (预计将再投入)
    ("局长表示：「预计将再投入新台币25亿元。」", "25亿元", "subject", ""),
    ("一般公共预算收入完成1580亿元。", "1580亿元", "subject", "一般公共预算收入"),
    ("城镇调查失业率控制在5.5%以内。", "5.5%以内", "subject", "城镇调查失业率"),
    ("数字经济核心产业增加值占GDP比重达12.8%。", "12.8%", "subject",
     "数字经济核心产业增加值占GDP比重"),
    # speaker: 宣布/提到 are speech verbs; a time word (今日) is not part of the name
    ("行政长官李家超今日在施政报告中宣布，政府将预留约100亿港元。", "约100亿港元", "speaker",
     "李家超"),
    ("主任张明昨天提到，已建成基站3万个。", "3万个", "speaker", "张明"),
]


@pytest.mark.parametrize(("text", "surface", "field", "expected"), FIELD_CASES)
def test_claim_fields_time_subject_speaker(text, surface, field, expected):
    claims = {c.surface: c for c in extract_claims(make_doc(text, year=2023))}
    assert getattr(claims[surface], field) == expected


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        # N大 after a 、-list counts the list (an enumeration), not the world
        ("重点打造交通、医疗、教育等三大领域20个示范场景。", ["20个"]),
        ("三次产业结构为2.0:40.0:58.0。", []),
        ("要做到三个“坚持”：一是坚持甲，二是坚持乙。", []),
        ("各部门要在两个月内完成系统整合。", ["两个月内"]),
    ],
)
def test_claims_in_plans_and_bulletins(text, surfaces):
    assert [c.surface for c in extract_claims(make_doc(text))] == surfaces


@pytest.mark.parametrize(
    ("line", "surfaces"),
    [
        ("地区生产总值：5000亿元", ["5000亿元"]),  # a bulletin's label：figure line
        ("一般公共预算收入：450亿元，增长6.5%", ["450亿元", "6.5%"]),
        ("全市5G基站数量突破3万个🎉", ["突破3万个"]),  # a WeChat sentence ends in an emoji
        ("时间：2024年3月5日", []),
    ],
)
def test_claims_of_short_figure_lines_are_kept(line, surfaces):
    """End to end (structure, then claims): a short line that states a figure is body, so its
    claims are read; before, it was a caption and its claims were dropped."""
    body = "全市智慧城市建设取得明显成效，各区积极推进数据共享和业务协同。"
    text = f"2024年全市经济运行情况\n{body}\n{line}\n{body}\n"
    doc = parse_document(RawDocument("d", "d.txt", "txt", "utf-8", "0", text), claims=True)
    assert [c.surface for c in doc.claims] == surfaces
