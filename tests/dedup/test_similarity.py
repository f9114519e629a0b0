"""Tests for cityreports.dedup.similarity: when two documents are copies."""

from __future__ import annotations

import pytest

from cityreports.dedup.fingerprints import document_fingerprint, text_fingerprint
from cityreports.dedup.similarity import DedupPolicy, judge, prepare, template_lines
from cityreports.errors import ParameterError

from . import cases as c
from .texts import parse_text

H = c.HANGZHOU

#: (name, text a, text b, copies?) - texts written for these tests, see cases.py.
PAIRS = [
    ("repost in traditional script", c.join(H), c.traditional(c.join(H)), True),
    ("repost localised for Taiwan (vocabulary too)", c.join(H),
     c.traditional(c.join(H), "s2twp"), True),
    ("repost for Hong Kong", c.join(H), c.traditional(c.join(H), "s2hk"), True),
    ("reordered paragraphs", c.join(H), c.join(c.reordered(H)), True),
    ("other header and footer", c.join(c.HEADER_A + H + c.FOOTER_A),
     c.join(c.HEADER_B + H + c.FOOTER_B), True),
    ("a paragraph added", c.join(H), c.join([*H[:3], c.EXTRA_PARAGRAPH, *H[3:]]), True),
    ("a paragraph dropped", c.join(H), c.join(H[:2] + H[3:]), True),
    ("same-template releases, March and June", c.STATS_MARCH, c.STATS_JUNE, False),
    ("same-template releases, March and September", c.STATS_MARCH, c.STATS_SEPTEMBER, False),
    ("weekly release, two weeks", c.AIR_WEEK_12, c.AIR_WEEK_13, False),
    ("two years of one city's work report", c.WORK_REPORT_2022, c.WORK_REPORT_2023, False),
    ("two articles of one site, same front matter and footer", c.HK_ARTICLE_1,
     c.HK_ARTICLE_2, False),
    ("a short notice quoted in a long report", c.NOTICE, c.LONG_REPORT, False),
    ("the article and one paragraph of it", c.join(H), c.join(H[:2]), False),
    ("a repost cut off mid-paragraph", c.join(H), c.join([*H[:3], H[3][:30] + "……"]), True),
    ("a repost cut off, then 阅读全文", c.join(H), c.join([*H[:3], "阅读全文 >>"]), True),
    ("the first paragraphs, no sign of a cut", c.join(H), c.join(H[:3]), False),
    ("cut off, but not where the other starts", c.join(H), c.join([*H[3:], "（未完待续）"]),
     False),
]  # fmt: skip


def _judge_texts(a: str, b: str, **policy):
    fps = [document_fingerprint(parse_text("a", a)), document_fingerprint(parse_text("b", b))]
    template = template_lines(fps, DedupPolicy(**policy).template_df)
    return judge(*(prepare(f, template) for f in fps), DedupPolicy(**policy))


@pytest.mark.parametrize(("name", "a", "b", "copies"), PAIRS, ids=[p[0] for p in PAIRS])
def test_pairs(name, a, b, copies):
    measure = _judge_texts(a, b)
    assert bool(measure.reason) is copies, (name, measure)
    assert _judge_texts(b, a).reason == measure.reason  # symmetric


def test_same_template_releases_are_told_apart_by_their_numbers():
    """A weekly release whose fixed text dwarfs its figures: the number rule keeps them apart."""
    assert not _judge_texts(c.AIR_WEEK_12, c.AIR_WEEK_13).reason
    lenient = _judge_texts(c.AIR_WEEK_12, c.AIR_WEEK_13, min_numbers=100,
                           own_numbers=1000)  # no number rules
    assert lenient.reason == "near_copy"


#: Two offices' yearly disclosure reports on the national template (written for this test on
#: the pattern of the 政府信息公开工作年度报告 every office publishes): the template's own
#: numbers (its document number, dates) outnumber the figures the two differ in.
OPEN_INFO = (
    "{office}2023年政府信息公开工作年度报告\n"
    "本报告依据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于"
    "印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。"
    "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n"
    "一、总体情况\n2023年，{we}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实党中央、"
    "国务院关于全面推进政务公开工作的决策部署，扎实推进政务公开各项工作。全年主动公开政府信息"
    "{n1}条，其中规范性文件{n2}件。\n二、主动公开政府信息情况\n制发件数 {n2} 现行有效件数 {n3}\n"
    "三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量 {n4} 件，结转上年度 0 件。\n"
    "四、存在的主要问题及改进情况\n一是公开内容的全面性有待加强；二是政策解读形式有待丰富。"
    "下一步，{we}将进一步加大公开力度，丰富解读形式。\n"
)
NOTICE = (
    "关于做好{y}年元旦春节期间政务服务保障工作的通知\n各市、县（区）政务服务管理局：\n"
    "为切实做好{y}年元旦春节期间政务服务保障工作，确保节日期间政务服务不断档、不打烊，现将有关"
    "事项通知如下。\n一、加强值班值守。各地要严格落实24小时值班和领导带班制度，值班人员要坚守岗位，"
    "保持通讯畅通，遇有重大情况及时报告。\n二、做好“不打烊”服务。各级政务服务中心要设置“节假日服务"
    "窗口”，为企业群众提供预约办、延时办服务，确保急事急办。\n三、强化网上办理。要引导企业群众通过"
    "政务服务网和移动端办理业务，保障网上政务服务平台安全稳定运行。\n省政务服务管理局\n{date}\n"
)


def test_two_offices_reports_on_one_template_are_told_apart_by_their_own_figures():
    a = OPEN_INFO.format(office="南京市发展和改革委员会", we="我委", n1=352, n2=5, n3=32, n4=18)
    b = OPEN_INFO.format(office="南京市工业和信息化局", we="我局", n1=218, n2=2, n3=15, n4=7)
    assert not _judge_texts(a, b).reason
    assert _judge_texts(a, b, own_numbers=1000).reason  # without the rule: one text


def test_a_notice_sent_out_again_a_year_later_is_no_copy():
    a = NOTICE.format(y=2023, date="2022年12月20日")
    b = NOTICE.format(y=2024, date="2023年12月18日")
    repost = NOTICE.format(y=2023, date="2022年12月20日") + "（来源：省政务服务管理局网站）\n"
    assert not _judge_texts(a, b).reason
    assert _judge_texts(a, b, max_date_gap=1000).reason  # without the rule: one text
    assert _judge_texts(a, repost).reason  # the same issue reposted stays a copy


def _site(doc_id: str, body: list[str], footer: list[str]):
    return text_fingerprint(doc_id, [*body, *footer])


FOOTER_1 = ["本站由第一区融媒体中心主办，未经许可不得转载，联系电话01012345678。",
            "第一区融媒体中心版权所有，违法和不良信息举报电话01012349999。"]  # fmt: skip
FOOTER_2 = ["本网由第二区新闻办公室主办，转载请注明出处，投稿邮箱 news@example.cn。",
            "第二区新闻办公室版权所有，网站标识码 1100000002。"]  # fmt: skip
OTHER_NEWS = [c.WORK_REPORT_2022.split("\n")[i] for i in (5, 6, 7, 9, 10)]


def _corpus_with_site_footers():
    """One article posted by two sites that put their long footer under every page."""
    fps = [_site("copy1", H[1:3], FOOTER_1), _site("copy2", H[1:3], FOOTER_2)]
    for i, para in enumerate(OTHER_NEWS):
        fps += [_site(f"one{i}", [para], FOOTER_1), _site(f"two{i}", [para[::-1]], FOOTER_2)]
    return {f.doc_id: f for f in fps}


@pytest.mark.parametrize(("template_df", "copies"), [(5, True), (100, False)])
def test_another_sites_footer_is_left_out(template_df, copies):
    fps = _corpus_with_site_footers()
    policy = DedupPolicy(template_df=template_df)
    template = template_lines(list(fps.values()), policy.template_df)
    measure = judge(prepare(fps["copy1"], template), prepare(fps["copy2"], template), policy)
    assert bool(measure.reason) is copies


def test_one_sites_chrome_does_not_make_its_articles_copies():
    """Six articles of one site whose chrome the parser took for body (half of each page)."""
    chrome = [
        "本网站是市政府门户网站，由市政府办公室主办，市大数据中心承办，提供政务公开、在线办事、"
        "互动交流等服务，欢迎广大市民和企业访问使用并提出宝贵意见。",
        "免责声明：本网站所载内容仅供参考，转载请注明出处；凡注明来源为其他媒体的稿件，均为转载"
        "稿，本网转载出于传递更多信息之目的，并不意味着赞同其观点或证实其内容的真实性。",
    ]
    pages = [c.WORK_REPORT_2023.split("\n")[i] for i in (5, 6, 7, 9, 10, 11)]
    fps = [text_fingerprint(f"p{i}", [page, *chrome]) for i, page in enumerate(pages)]
    policy = DedupPolicy()
    template = template_lines(fps, policy.template_df)
    assert len(template) == len(chrome)
    docs = [prepare(f, template) for f in fps]
    assert not any(judge(a, b, policy).reason for a in docs for b in docs if a is not b)


def test_many_reposts_are_copies_although_every_line_recurs():
    fps = [text_fingerprint(f"r{i}", [f"发布时间：2023-05-1{i}", *H]) for i in range(8)]
    policy = DedupPolicy()
    template = template_lines(fps, policy.template_df)
    assert len(template) == len(H)  # every line of the article is in 8 documents
    assert judge(prepare(fps[0], template), prepare(fps[5], template), policy).reason


def test_exact_copies_and_empty_documents():
    a, b, empty = (text_fingerprint(d, t) for d, t in [("a", H), ("b", H), ("e", [])])
    none = template_lines([a, b, empty], 5)
    assert judge(prepare(a, none), prepare(b, none), DedupPolicy()).reason == "exact"
    e = prepare(empty, none)
    assert not judge(e, e, DedupPolicy()).reason
    assert not judge(prepare(a, none), e, DedupPolicy()).reason


@pytest.mark.parametrize(
    ("field", "value"),
    [("resemblance", 0.0), ("containment", 1.5), ("length_ratio", -0.1),
     ("template_keep", 2.0), ("template_df", 2), ("max_postings", 0), ("min_numbers", 1.5)],
)  # fmt: skip
def test_policy_is_checked(field, value):
    with pytest.raises(ParameterError, match=field):
        DedupPolicy(**{field: value})


@pytest.mark.parametrize(
    ("policy", "expected"),
    [({}, 0.9 * 0.6 / (1 + 0.6 - 0.9 * 0.6)), ({"resemblance": 0.3}, 0.3),
     ({"containment": 1.0, "length_ratio": 1.0}, 0.8)],
)  # fmt: skip
def test_min_jaccard_is_the_lowest_resemblance_of_copies(policy, expected):
    assert DedupPolicy(**policy).min_jaccard == pytest.approx(expected)
