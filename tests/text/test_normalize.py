"""Tests for cityreports.text.normalize: offset map, character rules, repairs, anomalies, script."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.errors import ParameterError
from cityreports.text.lexicon import HAN_BASIC_RE
from cityreports.text.normalize import (
    _translate,
    _translation,
    detect_script,
    is_page_number,
    normalize,
)

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "src" / "cityreports" / "resources" / "corpus"
RAW_DIR = ROOT / "src/cityreports/resources/corpus/raw"
GOLD = ROOT / "tests" / "gold"
DELETABLE = set(
    " \t\n\r\u3000\u200b\u200c\u200d\ufeff\u2060\u00ad\u200e\u200f\u2061\u2062\u2063\u2064"
)


def _raw(doc_id: str) -> str:
    return (RAW_DIR / f"{doc_id}.txt").read_text(encoding="utf-8")


def _manifest() -> list[dict[str, str]]:
    with open(BUNDLED / "corpus.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _gold_repairs(kind: str) -> list[dict[str, str]]:
    with open(GOLD / "repairs.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kind"] == kind]
    for r in rows:
        r["raw"] = r["raw"].replace("\\n", "\n")
    return rows


DOC_IDS = [row["doc_id"] for row in _manifest()]


def _check_map(raw: str, norm) -> None:
    n = len(norm.text)
    assert len(norm.raw_start) == len(norm.raw_end) == n
    assert norm.raw_length == len(raw)
    if n:
        assert np.all(norm.raw_start < norm.raw_end)
        assert np.all(norm.raw_end[:-1] <= norm.raw_start[1:])
        assert norm.raw_start[0] >= 0 and norm.raw_end[-1] <= len(raw)
    covered = np.zeros(len(raw), dtype=bool)
    for a, b in zip(norm.raw_start, norm.raw_end, strict=True):
        covered[a:b] = True
    for r in norm.repairs:  # a page number taken out of a sentence is kept by its repair
        if r.kind == "page_break" and _page_number_removed(r.raw):
            covered[r.start : r.end] = True
    assert all(_deletable(raw[i]) for i in np.flatnonzero(~covered))


def _deletable(ch: str) -> bool:
    return ch.isspace() or ch in DELETABLE


def _page_number_removed(removed: str) -> bool:
    """The raw text of a page_break repair that took out a page-number line: line breaks (a
    form feed among them) around one page number."""
    lines = [line.strip() for line in removed.splitlines() if line.strip()]
    return len(lines) == 1 and is_page_number(lines[0])


# ---------------------------------------------------------------- character rules


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("智慧\r\n城市", "智慧\n城市"),
        ("智慧\r城市", "智慧\n城市"),
        ("智\u200b慧\ufeff城\u2060市", "智慧城市"),
        ("２０２０年ＡＩ与ｉｏｔ", "2020年AI与iot"),
        ("你好,世界", "你好，世界"),
        ("增长1,100家", "增长1,100家"),
        ("Hello, world", "Hello, world"),
        ("问题:怎么办?", "问题：怎么办？"),
        ("中央党校(国家行政学院)教授", "中央党校（国家行政学院）教授"),
        ("数智产业交流对接会?广梅园", "数智产业交流对接会?广梅园"),
        ("第一段。\u3000\u3000第二段。", "第一段。\n第二段。"),
        ("“好。” \u3000\u3000对于", "“好。”\n对于"),
        ("\u3000\u3000第一段。\n\n\n\u3000\u3000第二段。\n", "第一段。\n第二段。"),
        ("  标题  \n\n  正文。  ", "标题\n正文。"),
        ("丛晓男\u3000刘治彦", "丛晓男 刘治彦"),
        # one U+3000 after a sentence end, or after a quote closing one, breaks the paragraph;
        # after a quote closing a name it is a space (a Taiwan headline)
        ("他说：「很好。」\u3000市府表示", "他说：「很好。」\n市府表示"),
        ("通過「國家2.0綱領」\u30004年投入300億元", "通过「国家2.0纲领」 4年投入300亿元"),
        ("第一段。  第二段。", "第一段。\n第二段。"),
        ("Wow!  Next one.", "Wow!  Next one."),
        ("智慧城市 AI 应用", "智慧城市 AI 应用"),
        ("", ""),
        ("\n\n \u3000\n", ""),
    ],
)
def test_character_rules(raw: str, expected: str) -> None:
    norm = normalize(raw)
    assert norm.text == expected
    _check_map(raw, norm)


@pytest.mark.parametrize(
    ("raw", "joined"),
    [
        ("这是一个很长的段落，" * 5 + "为此，中\n\n国社会科学院发起了论坛。", True),
        ("这是一个很长的段落，" * 5 + "为此，中\n国社会科学院发起了论坛。", True),
        ("这是一个很长的段落。" * 5 + "\n\n一、智慧城市研究的综合集成思维\n\n正文。", False),
        ("智慧城市惠及民生\n\n“当今世界正处于百年不遇大变局”，他说。", False),
        ("这是一个很长的段落，" * 5 + "结尾没有标点\n\n智慧社区建设刻不容缓", False),
        ("短的一行没有标点\n正文继续写下去，直到结束。", False),
        ("Smart city expo " * 4 + "\nworld congress, barcelona, spain, 2020.", False),
    ],
)
def test_page_break_join(raw: str, joined: bool) -> None:
    norm = normalize(raw)
    breaks = [r for r in norm.repairs if r.kind == "page_break"]
    assert bool(breaks) is joined
    for r in breaks:
        assert r.replacement == ""
        assert raw[r.start : r.end] == r.raw and set(r.raw) <= DELETABLE
    _check_map(raw, norm)


# A sentence of a PDF cut by a page break, with the page number between its halves.
HALF_A = "近年来，我市全面推进新型智慧城市建设，着力提升城市治理能力和公共服务水平，建成5G基站"
HALF_B = "1.2万个，覆盖率达到95%，城市大脑接入部门系统80个。"


@pytest.mark.parametrize(
    ("between", "joined"),
    [
        pytest.param("\n- 3 -\f", True, id="marker-at-the-foot-of-the-page"),
        pytest.param("\f- 4 -\n", True, id="marker-at-the-head-of-the-next-page"),
        pytest.param("\n— 3 —\n\f", True, id="em-dashes"),
        pytest.param("\n第3页 共10页\f", True, id="page-of-pages"),
        pytest.param("\n- 3 -\n", True, id="marker-without-a-form-feed"),
        pytest.param("\n3\n\f", True, id="bare-number-beside-a-form-feed"),
        pytest.param("\n12/40\f", True, id="number-of-pages-beside-a-form-feed"),
        pytest.param("\n3\n", False, id="bare-number-without-a-form-feed"),
        pytest.param("\n\n- 3 -\n\n", True, id="blank-lines-around-the-marker"),
    ],
)
def test_page_number_inside_a_sentence(between: str, joined: bool) -> None:
    raw = "报告\n" + HALF_A + between + HALF_B
    norm = normalize(raw)
    assert (HALF_A + HALF_B in norm.text) is joined
    _check_map(raw, norm)
    if joined:
        (repair,) = [r for r in norm.repairs if r.kind == "page_break"]
        assert repair.raw == between and raw[repair.start : repair.end] == between


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(HALF_A + "。\n- 3 -\f" + HALF_B, id="the-sentence-ended"),
        pytest.param(HALF_A + "\n- 3 -\f一、" + HALF_B, id="a-numbered-item-follows"),
        pytest.param(HALF_A + "\n- 3 -\f第二章 数字政府\n" + HALF_B, id="a-heading-follows"),
        pytest.param("短的一行\n- 3 -\n" + HALF_B, id="a-short-line-without-a-page-break"),
    ],
)
def test_page_number_stays_a_line(raw: str) -> None:
    norm = normalize(raw)
    assert any(line.strip() in ("- 3 -",) for line in norm.text.split("\n"))
    assert not any(r.kind == "page_break" and "3" in r.raw for r in norm.repairs)
    _check_map(raw, norm)


def _running_text_cuts(sentence: str) -> list[int]:
    """Where a line break may cut ``sentence`` inside running text: a Han character on one
    side, no punctuation that ends a clause before it, no punctuation after it."""
    han = HAN_BASIC_RE.fullmatch
    return [
        i for i in range(1, len(sentence))
        if (han(sentence[i - 1]) or han(sentence[i])) and sentence[i - 1] not in "。%."
        and sentence[i].isalnum()
    ]


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(_running_text_cuts(HALF_A + HALF_B)),
    st.sampled_from(["\n- {} -\f", "\f— {} —\n", "\n第{}页\f", "\n{}\n\f"]),
    st.integers(min_value=1, max_value=400),
)
def test_property_page_number_cut_anywhere(cut: int, form: str, page: int) -> None:
    """Wherever a page break with its number cuts a sentence of running text, the sentence
    reads whole, and only the page number and its line breaks map to no character."""
    sentence = HALF_A + HALF_B
    raw = sentence[:cut] + form.format(page) + sentence[cut:]
    norm = normalize(raw)
    assert norm.text == normalize(sentence).text
    _check_map(raw, norm)


# ---------------------------------------------------------------- anomalies


@pytest.mark.parametrize(
    ("raw", "kind", "text"),
    [
        ("对接会?广梅园", "lost_character", "?"),
        ("对接会\ufffd广梅园", "lost_character", "\ufffd"),
        ("对接会？广梅园", "lost_character", "？"),
        ("根据技术变革方向 and 实际需求", "foreign_token", "and"),
        ("方向of需求", "foreign_token", "of"),
        (
            "這個段落是繁體字寫的，說明問題。这个段落是简体字写的，说明问题。",
            "mixed_script",
            "這個段落是繁體字寫的，說明問題。这个段落是简体字写的，说明问题。",
        ),
    ],
)
def test_anomalies_flagged(raw: str, kind: str, text: str) -> None:
    norm = normalize(raw)
    found = [a for a in norm.anomalies if a.kind == kind]
    assert [a.text for a in found] == [text]
    assert all(raw[a.start : a.end] == a.text for a in found)


@pytest.mark.parametrize(
    "raw",
    [
        "这是什么？我们认为是城市大脑",  # a real question
        "发展AI和IoT技术，推进CIM平台与5G应用",
        "“CAICT TALKS 智汇沙龙暨谈云说AI·智慧城市高端对话”",
        "手机app服务",
        "增长1,100家?",
    ],
)
def test_no_false_anomalies(raw: str) -> None:
    assert normalize(raw).anomalies == ()


# ---------------------------------------------------------------- script


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("", "none"),
        ("abc 123", "none"),
        ("李广乾", "simplified"),
        ("国务院发展研究中心李广乾研究员", "simplified"),
        ("第二十五屆高交會智慧城市展在萬眾矚目中圓滿落幕", "traditional"),
        ("这个段落是简体字写的。", "simplified"),
        ("據臺灣媒體報導，這個城市發展很快。据记者报道，这个城市发展很快。", "mixed"),
        # Taiwan's and Hong Kong's standard forms (台, 群, 秘, 温) are no simplified evidence
        ("台北市政府113年投入新台幣20億元，推動台北、台中與台南的智慧城市計畫，台灣各地將同步推動。",
         "traditional"),
        ("族群融合，秘書處表示台灣將持續推動。", "traditional"),
        (
            "会议由國際歐亞科學院主办，来自各地的专家们讨论了智慧城市的发展问题、"
            "建设经验和数据资源开放共享等议题，认为应当坚持以人民为中心。",
            "simplified",
        ),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_simplified_text_untouched_by_conversion() -> None:
    raw = "国务院发展研究中心李广乾研究员，乾坤。"
    assert normalize(raw).text == raw


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_document_script_matches_manifest(doc_id: str) -> None:
    notes = {r["doc_id"]: r["notes"] for r in _manifest()}[doc_id]
    expected = "traditional" if "traditional" in notes else "simplified"
    norm = normalize(_raw(doc_id))
    assert norm.script == expected
    if expected == "traditional":
        assert detect_script(norm.text) == "simplified"
        kept = normalize(_raw(doc_id), convert_script=False)
        assert detect_script(kept.text) == "traditional"
    assert not [a for a in norm.anomalies if a.kind == "mixed_script"]


# ---------------------------------------------------------------- gold and corpus


@pytest.mark.parametrize("row", _gold_repairs("page_break"), ids=lambda r: r["raw"][:6])
def test_gold_page_breaks(row: dict[str, str]) -> None:
    raw = _raw(row["doc"])
    norm = normalize(raw)
    assert row["expected_normalized"] in norm.text
    lo = raw.index(row["raw"])
    hi = lo + len(row["raw"])
    assert any(r.kind == "page_break" and lo <= r.start and r.end <= hi for r in norm.repairs)


@pytest.mark.parametrize(
    "row",
    _gold_repairs("foreign_token") + _gold_repairs("lost_character"),
    ids=lambda r: r["kind"],
)
def test_gold_anomalies(row: dict[str, str]) -> None:
    raw = _raw(row["doc"])
    lo = raw.index(row["raw"])
    hi = lo + len(row["raw"])
    norm = normalize(raw)
    assert any(a.kind == row["kind"] and lo <= a.start < a.end <= hi for a in norm.anomalies)


@pytest.mark.parametrize("row", _gold_repairs("paragraph_separator"), ids=lambda r: r["doc"])
def test_gold_paragraph_separators(row: dict[str, str]) -> None:
    raw = _raw(row["doc"])
    norm = normalize(raw)
    assert "\u3000" not in norm.text
    inner = raw.strip().count(row["raw"])
    assert inner > 0 and norm.text.count("\n") >= inner
    for r in norm.repairs:
        if r.kind == "paragraph_break":
            assert norm.text[norm.norm_index(r.start)] == "\n"


@pytest.mark.parametrize("row", _gold_repairs("halfwidth_punctuation"), ids=lambda r: r["doc"])
def test_gold_halfwidth_punctuation(row: dict[str, str]) -> None:
    raw = _raw(row["doc"])
    assert row["raw"] in raw
    assert row["raw"] not in normalize(raw).text


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_corpus_map_and_crlf_equivalence(doc_id: str) -> None:
    raw = _raw(doc_id)
    norm = normalize(raw)
    _check_map(raw, norm)
    crlf = raw.replace("\n", "\r\n")
    norm2 = normalize(crlf)
    _check_map(crlf, norm2)
    assert norm2.text == norm.text
    crs_before = np.cumsum([c == "\r" for c in crlf])
    shifted = norm2.raw_start - np.concatenate([[0], crs_before])[norm2.raw_start]
    assert np.array_equal(shifted, norm.raw_start)
    assert [r.kind for r in norm2.repairs] == [r.kind for r in norm.repairs]


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_short_lines_not_joined(doc_id: str) -> None:
    """Titles, bylines, headings and captions stay whole lines of their own."""
    norm = normalize(_raw(doc_id))
    with open(GOLD / "blocks.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["doc"] == doc_id]
    raw, lines, pos = _raw(doc_id), set(), 0
    for line in norm.text.split("\n"):
        a, b = norm.raw_span(pos, pos + len(line))
        lines.add(raw[a:b])
        pos += len(line) + 1
    for r in rows:
        if r["role"] in {"title", "subtitle", "byline", "heading", "caption"}:
            assert r["text"] in lines


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((b"bytes",), {}), ((None,), {}), (("文本",), {"min_broken_line": 0})],
)
def test_bad_parameters(args: tuple, kwargs: dict) -> None:
    with pytest.raises(ParameterError):
        normalize(*args, **kwargs)


def test_detect_script_rejects_non_str() -> None:
    with pytest.raises(ParameterError):
        detect_script(42)  # type: ignore[arg-type]


# ---------------------------------------------------------------- properties

ALPHABET = st.sampled_from(
    list("智慧城市建设发展數據為中国AIabc019０９ＡＺａｚ，。！？；：“”（）,;:?!()-. ")
    + ["\n", "\r\n", "\r", "\u3000", "\u200b", "\ufeff", "\u2060", "\t", "\n\n"]
)
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)
HALF = dict(zip(",;:?!()", "，；：？！（）", strict=True))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_property_offset_map(raw: str) -> None:
    norm = normalize(raw, convert_script=False)
    _check_map(raw, norm)
    assert "\r" not in norm.text and "\n\n" not in norm.text
    assert not norm.text.startswith("\n") and not norm.text.endswith("\n")
    for i, ch in enumerate(norm.text):
        src = raw[norm.raw_start[i] : norm.raw_end[i]]
        if src in DELETABLE:
            continue  # structural: line/paragraph breaks and spaces
        if src in HALF:
            assert ch in (src, HALF[src])
        else:
            assert normalize(src, convert_script=False).text == ch


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_property_any_text(raw: str) -> None:
    norm = normalize(raw)
    _check_map(raw, norm)
    for r in norm.repairs:
        assert raw[r.start : r.end] == r.raw
        assert all(_deletable(c) for c in r.raw) or _page_number_removed(r.raw)
    for a in norm.anomalies:
        assert raw[a.start : a.end] == a.text


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_property_idempotent_and_converted_map(raw: str) -> None:
    norm = normalize(raw)
    _check_map(raw, norm)
    again = normalize(norm.text)
    assert again.text == norm.text


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_property_crlf_invariant(raw: str) -> None:
    lf = raw.replace("\r\n", "\n").replace("\r", "\n")
    assert normalize(lf).text == normalize(lf.replace("\n", "\r\n")).text


# ---------------------------------------------------------------- hard-wrapped PDF text

WRAPPED = (
    "关于智慧城市建设情况的调研报告\n"
    "根据市人大常委会年度工作安排，调研组于今年三月至五月对全\n"
    "市智慧城市建设情况进行了专题调研。现将有关情况报告如下：\n"
    "一、基本情况\n"
    "近年来，我市坚持以数字化改革为引领，统筹推进智慧城市建设，\n"
    "城市大脑、一网通办、一网统管等重点项目取得积极进展。截至2023\n"
    "年4月底，全市政务服务事项网上可办率达到98.6%。\n"
    "- 2 -\n"
    "二、存在问题\n"
)


@pytest.mark.parametrize(
    ("fragment", "present"),
    [  # joined lines appear without their break; lines kept apart keep theirs
        ("对全市智慧城市建设情况", True),  # a full-width line wrapped mid-word
        ("智慧城市建设，城市大脑", True),  # wrapped after a comma
        ("截至2023年4月底", True),  # a date wrapped after its year
        ("关于智慧城市建设情况的调研报告\n根据", True),  # the title is short, not wrapped
        ("如下：\n一、基本情况\n近年来", True),  # headings stay lines of their own
        ("98.6%。\n- 2 -\n二、", True),  # a page number stays a line
    ],
)
def test_hard_wrapped_lines_are_joined(fragment: str, present: bool) -> None:
    assert (fragment in normalize(WRAPPED).text) is present


def test_lines_of_unequal_width_are_not_joined_as_wrapped() -> None:
    raw = "智慧城市\n建设取得成效\n数据共享机制不断完善\n群众获得感增强\n一网通办"
    assert normalize(raw).text == raw


# ------------------------------------------- hard-wrapped text of varying line widths (PDF)
# Lines as a PDF's text layer gives them, one paragraph cut at the page width; the expected
# text has a line break only where a paragraph, a heading, a table row or an item ends.

JUSTIFIED_TEXT = (
    "关于全市智慧城市建设情况的调研报告\n"
    "市人大常委会：\n"
    "根据市人大常委会2023年度工作安排，调研组于今年三\n"
    "月至五月对全市智慧城市建设情况进行了专题调研，听取了\n"
    "市发展改革委、市数据局等12个部门的情况汇报。现将有关\n"
    "情况报告如下。\n"
    "一、基本情况\n"
    "近年来，我市坚持以数字化改革为引领，统筹推进智慧\n"
    "城市建设，城市大脑、一网通办、一网统管等重点项目取得\n"
    "积极进展。截至2023年4月底，全市政务服务事项网上可办\n"
    "率达到98.6%，“最多跑一次”改革实现率超过95%。\n"
)

RAGGED_TEXT = (  # left-aligned: a Latin word or a number that does not fit goes to the next line
    "市数据局依托政务云平台建成全市统一的容器云，采用\n"
    "Kubernetes编排技术，支撑了城市大脑等126个应用系统的\n"
    "稳定运行，全市政务云平台资源利用率由35%提高到\n"
    "72.5%，运维成本下降了约四成。平台还接入了5G+AIoT\n"
    "感知设备3.2万台，日均处理数据超过12TB，为城市运行\n"
    "管理提供了有力支撑。\n"
    "二、存在问题\n"
    "一是数据共享不够充分，部分部门仍存在“数据烟囱”现\n"
    "象，跨部门业务协同水平有待提高。\n"
)

INDENTED_TEXT = (  # a text exported from a PDF: paragraphs indented with U+3000, lines wrapped
    "\u3000\u3000根据《杭州市推进新型智慧城市建设三年行动计划》\n"
    "提出的目标任务，全市各级各部门密切配合，智慧城市建设\n"
    "取得明显成效。\n"
    "\u3000\u3000一是基础设施不断完善。全市累计建成5G基站3.2万\n"
    "个，千兆光纤网络实现城乡全覆盖，城市大脑接入数据资源\n"
    "1500亿条。\n"
    "城市大脑中枢平台建设运营管理和数据资源统筹工作机制\n"
    "\u3000\u3000二是数字政府建设走在前列，政务服务事项网上可办率\n"
    "达到99%。\n"
)

HEADINGS_TEXT = (
    "全市智慧城市建设取得积极进展，城市大脑、一网通办、一网\n"
    "统管等重点项目顺利推进，群众获得感明显增强。\n"
    "（一）加强组织领导\n"
    "各区县要建立主要领导亲自抓、分管领导具体抓的工作机制，\n"
    "明确责任分工，细化工作措施，确保各项任务落到实处落地\n"
    "存在的主要问题\n"
    "全市智慧城市建设仍存在数据共享不够充分、应用场景不够丰\n"
    "- 2 -\n"
    "富、专业人才相对缺乏等问题，需要在下一步工作中加以解决。\n"
    "1.完善数据共享机制，推动公共数据按需共享、有序开放。\n"
)

TABLE_TEXT = (
    "各区县智慧城市重点项目建设情况统计表见下表，请认真核对。\n"
    "序号 项目名称 建设单位 建设内容 总投资（万元）\n"
    "1 城市大脑 市数据局 建设市级中枢平台和区县分平台 12000\n"
    "2 智慧交通 市交通局 建设交通信号优化控制系统一套 8600\n"
    "3 智慧医疗 市卫健委 建设互联网医院和远程诊疗平台 5300\n"
    "合计 25900\n"
)

LIST_TEXT = (
    "市政府确定的2023年智慧城市建设十大重点项目名单如下：\n"
    "杭州市城市大脑综合指挥平台二期建设项目\n"
    "杭州市智慧交通一体化运行管理平台项目\n"
    "杭州市公共数据平台与数据资源目录项目\n"
    "杭州市基层智治综合应用系统建设项目\n"
    "智慧医疗\n智慧教育\n智慧养老\n"
)

BLANK_TEXT = (
    "全市智慧城市建设取得积极进展，城市大脑、一网通办、一网\n"
    "统管等重点项目顺利推进，群众获得感、幸福感明显增强，\n"
    "\n"
    "数字经济核心产业增加值占地区生产总值比重达到百分之十\n"
    "二以上，数字化改革走在全省前列，形成了一批标志性成果。\n"
)

FOOT_TEXT = (
    "全市智慧城市建设取得积极进展，城市大脑、一网通办、一网\n"
    "统管等重点项目顺利推进，群众获得感、幸福感明显增强，数\n"
    "字经济核心产业增加值占地区生产总值比重达到百分之十二以\n"
    "上，数字化改革走在全省前列，形成了一批具有全国影响力的\n"
    "标志性成果。\n"
    "①数据来源：市统计局《2023年国民经济和社会发展统计公报》，下同。\n"
    "②城市大脑接入数据包括政务数据、社会数据和物联感知数据，按年度累计。\n"
)

NO_COMMA_TEXT = (  # a full line without a comma is wrapped into the punctuated line below it
    "全市智慧城市建设取得积极进展，城市大脑、一网通办、一网\n"
    "统管等重点项目顺利推进并在全省率先实现省市县三级贯通运\n"
    "行，群众获得感、幸福感明显增强。数字经济核心产业增加\n"
    "值占全市地区生产总值的比重由上年的11.8%提高到今年的12.5%\n"
    "以上，数字化改革走在全省前列，形成了一批标志性成果。\n"
)


def _joined(raw: str, kept: tuple[int, ...]) -> str:
    """``raw``'s lines (indentation stripped), a line break kept only after the ``kept`` ones."""
    lines = [ln.strip(" \u3000") for ln in raw.rstrip("\n").split("\n")]
    return "".join(ln + ("\n" if n in kept else "") for n, ln in enumerate(lines, 1)).rstrip()


@pytest.mark.parametrize(
    ("raw", "kept"),
    [  # kept: the lines (1-based) that end a paragraph, heading, row or item
        pytest.param(JUSTIFIED_TEXT, (1, 2, 6, 7), id="justified-digits-indented-first-lines"),
        pytest.param(RAGGED_TEXT, (6, 7), id="ragged-latin-word-and-number-pushed-down"),
        pytest.param(INDENTED_TEXT, (3, 6, 7), id="txt-export-indent-starts-a-paragraph"),
        pytest.param(HEADINGS_TEXT, (2, 3, 5, 6, 7, 8, 9), id="headings-and-page-number"),
        pytest.param(TABLE_TEXT, (1, 2, 3, 4, 5), id="table-rows-not-joined"),
        pytest.param(LIST_TEXT, (1, 2, 3, 4, 5, 6, 7), id="list-of-items-not-joined"),
        pytest.param(BLANK_TEXT, (2,), id="blank-line-ends-a-paragraph"),
        pytest.param(FOOT_TEXT, (5, 6), id="footnotes-in-a-smaller-font"),
        pytest.param(NO_COMMA_TEXT, (), id="full-line-without-comma-and-percent-at-end"),
    ],
)
def test_wrapped_lines_of_varying_width(raw: str, kept: tuple[int, ...]) -> None:
    norm = normalize(raw)
    assert norm.text == _joined(raw, kept)
    _check_map(raw, norm)
    for r in norm.repairs:
        assert raw[r.start : r.end] == r.raw and set(r.raw) <= DELETABLE


@pytest.mark.parametrize(
    ("prev", "nxt", "first_line", "wrapped"),
    [  # wrap width 56 columns (28 Han cells)
        ("全市智慧城市建设取得积极进展，城市大脑、一网通办、一网", "统管等", False, True),
        ("全市智慧城市建设取得积极进展，城市大脑、一网通办、", "一网统管", False, False),
        ("全市智慧城市建设取得积极进展，城市大脑、一网通办、", "一网统管", True, True),
        ("二、加快推进新型基础设施建设夯实智慧城市", "发展基础", True, False),
        ("全市政务云平台资源利用率由35%提高到", "72.5%，运维成本", False, False),
        ("全市政务云平台的总体资源利用率由上年的35%提高到了", "72.5%，运维成本", False, True),
        ("平台采用了开源的容器编排技术和云原生微服务架构", "Kubernetes", False, True),
        ("城市大脑一网通办一网统管等重点项目均取得积极进展截至", "年，全市", False, True),
        ("序号 项目名称 建设单位 建设内容 总投资（万元）合计", "1 城市大脑", False, False),
    ],
)
def test_soft_wrap_unit_does_not_fit(prev: str, nxt: str, first_line: bool, wrapped: bool):
    from cityreports.text.normalize import _soft_wrap

    assert _soft_wrap(prev, nxt, 56, first_line=first_line) is wrapped


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from("\r\n\t\x0b\x0c\x1c\x85\xa0\u2028\u3000\u2005\u202f０９ＡＺａｚ＠［｀｛"),
            st.characters(codec=None),
        )
    )
)
def test_property_translate_equals_str_translate(raw: str) -> None:
    """The vectorised pass-1 character map is ``str.translate`` with its table."""
    assert _translate(raw) == raw.translate(_translation())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("标\u3000\u3000题：关于推进智慧城市建设的通知",
         "标\u3000\u3000题：关于推进智慧城市建设的通知"),
        # a spaced label after another field on its line keeps its spaces: the run before it
        # ends the field, the runs inside it do not
        ("索引号：2023-00123\u3000分\u3000\u3000类：通知",
         "索引号：2023-00123 分\u3000\u3000类：通知"),
        # spaces between two words of a sentence are no label
        ("我们坚持\u3000\u3000创新驱动：建设智慧城市", "我们坚持\n创新驱动：建设智慧城市"),
    ],
)
def test_spaced_labels_keep_their_spaces_wherever_they_stand(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected
