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
    lenient = _judge_texts(c.AIR_WEEK_12, c.AIR_WEEK_13, min_numbers=100)  # no number rule
    assert lenient.reason == "near_copy"


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
