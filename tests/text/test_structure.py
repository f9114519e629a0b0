"""Tests for cityreports.text.structure: block roles (gold and synthetic) and sentence splitting."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.errors import ParameterError
from cityreports.records import BLOCK_ROLES
from cityreports.text import structure
from cityreports.text.normalize import normalize
from cityreports.text.structure import segment_blocks, split_sentences

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "src" / "cityreports" / "resources" / "corpus"
RAW_DIR = ROOT / "src/cityreports/resources/corpus/raw"
GOLD = ROOT / "tests" / "gold"
CLOSERS = "”’」』）)】》"


def _doc_ids() -> list[str]:
    with open(BUNDLED / "corpus.csv", encoding="utf-8", newline="") as fh:
        return [r["doc_id"] for r in csv.DictReader(fh)]


def _gold(doc_id: str) -> list[dict[str, str]]:
    with open(GOLD / "blocks.csv", encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["doc"] == doc_id]


def _parse(raw: str):
    norm = normalize(raw)
    blocks = segment_blocks(norm)
    return norm, blocks, split_sentences(norm, blocks)


def _roles(raw: str) -> list[tuple[str, str]]:
    return [(b.role, b.text) for b in _parse(raw)[1]]


def _check_blocks(raw: str, norm, blocks, sentences) -> None:
    last = -1
    for k, b in enumerate(blocks):
        assert b.block_id == k and b.role in BLOCK_ROLES
        assert b.text == norm.text[b.norm_start : b.norm_end] and b.text
        assert b.text == b.text.strip(" ") and "\n" not in b.text
        assert (b.start, b.end) == norm.raw_span(b.norm_start, b.norm_end)
        assert last <= b.norm_start
        last = b.norm_end
    covered = "".join(b.text for b in blocks).replace(" ", "")
    assert covered == norm.text.replace("\n", "").replace(" ", "")
    by_block: dict[int, str] = {}
    for k, s in enumerate(sentences):
        assert s.sentence_id == k and s.text
        assert s.text == norm.text[s.norm_start : s.norm_end]
        assert s.role == blocks[s.block_id].role
        assert (s.start, s.end) == norm.raw_span(s.norm_start, s.norm_end)
        if s.block_id in by_block:  # only a block's first sentence may start with a closer
            assert s.text[0] not in CLOSERS
        by_block[s.block_id] = by_block.get(s.block_id, "") + s.text
    for b in blocks:
        assert by_block[b.block_id].replace(" ", "") == b.text.replace(" ", "")


# ---------------------------------------------------------------- gold


def _role_accuracy(doc_id: str) -> tuple[float, list[str]]:
    raw = (RAW_DIR / f"{doc_id}.txt").read_text(encoding="utf-8")
    _norm, blocks, _ = _parse(raw)
    rows = _gold(doc_id)
    matched: set[int] = set()
    right = 0
    for b in blocks:
        surface = raw[b.start : b.end]
        expected = "body"
        for k, r in enumerate(rows):
            same = r["text"] in (surface, b.text)
            prefix = r["role"] == "boilerplate" and surface.startswith(r["text"])
            if k not in matched and (same or prefix):
                expected = r["role"]
                matched.add(k)
                break
        right += expected == b.role
    missing = [r["text"] for k, r in enumerate(rows) if k not in matched]
    return right / len(blocks), missing


@pytest.mark.parametrize("doc_id", _doc_ids())
def test_gold_block_roles(doc_id: str) -> None:
    accuracy, missing = _role_accuracy(doc_id)
    print(f"{doc_id}: role accuracy {accuracy:.3f}")
    assert missing == []
    assert accuracy >= 0.95


@pytest.mark.parametrize("doc_id", _doc_ids())
def test_corpus_invariants(doc_id: str) -> None:
    raw = (RAW_DIR / f"{doc_id}.txt").read_text(encoding="utf-8")
    _check_blocks(raw, *_parse(raw))


# ---------------------------------------------------------------- synthetic roles

BODY = "智慧城市建设取得了明显成效，各地积极推进数据共享和业务协同，群众获得感不断增强。"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            f"智慧城市的未来\n——2020年会议综述\n张三 李四\n{BODY}",
            ["title", "subtitle", "byline", "body"],
        ),
        (f"新型智慧城市建设稳步推进\n作者：王五\n{BODY}", ["title", "byline", "body"]),
        # a social-media account above a post is a byline, with or without its title line
        (f"@深圳发布\n{BODY}", ["byline", "body"]),
        (f"新型智慧城市建设稳步推进\n来自 ＠臺南市政府 \n{BODY}", ["title", "byline", "body"]),
        (f"@深圳发布 微博\n{BODY}", ["byline", "body"]),
        (f"数字城市@2024年度回顾\n{BODY}", ["title", "body"]),  # an @ inside a title
        (
            f"{BODY}\n一、总体要求\n{BODY}\n（二）主要任务\n{BODY}",
            ["body", "heading", "body", "heading", "body"],
        ),
        (f"{BODY}\n智慧社区建设刻不容缓\n{BODY}", ["body", "heading", "body"]),
        (
            f"{BODY}\n国家发展改革委高技术司司长王大明\n{BODY}",
            ["body", "caption", "body"],
        ),
        (f"{BODY}\n新华社记者 李明 摄\n{BODY}", ["body", "caption", "body"]),
        (f"{BODY}\n责任编辑：庄立", ["body", "credit"]),
        (f"{BODY}（记者 成静）", ["body", "credit"]),
        (f"{BODY}\n（国家发展改革委）", ["body", "credit"]),
        (
            f"{BODY} 关于我们联系我们网站地图版权所有©2021",
            ["body", "boilerplate"],
        ),
        (
            f"{BODY}\n电话：010-12345678传真：010-87654321邮箱：a@b.cn",
            ["body", "boilerplate"],
        ),
        (
            f"政府工作报告\n——2021年3月5日在全国人民代表大会上\n国务院总理　李克强\n各位代表：\n"
            f"{BODY}\n一、2020年工作回顾\n{BODY}",
            ["title", "subtitle", "byline", "body", "body", "heading", "body"],
        ),
        (
            f"2023-11-20 10:25　來源：明報\n智慧城市藍圖出爐　港府推百項措施\n{BODY}\n記者　陳大文",
            ["front_matter", "title", "body", "credit"],
        ),
        (
            f"关于推进智慧城市建设的指导意见\n{BODY}\n国务院办公厅\n2021年3月1日",
            ["title", "body", "credit", "credit"],
        ),
        (
            f"智慧城市建设的实践与思考\n摘要：{BODY}\n关键词：智慧城市；数据治理\n1 引言\n{BODY}",
            ["title", "front_matter", "front_matter", "heading", "body"],
        ),
        (f"{BODY}\n图为数码港园区外貌\n{BODY}", ["body", "caption", "body"]),
        # a line that states a figure is body, even short and with no full stop
        (
            f"全市经济运行情况\n{BODY}\n地区生产总值：5000亿元\n常住人口: 1200万人\n"
            f"带宽：100Gbps\n同比：增长6.5%\n1.城市大脑接入系统：85个\n{BODY}",
            ["title", "body", "body", "body", "body", "body", "body", "body"],
        ),
        # …but a date, a time, a phone or a house number after a label is no figure
        (
            f"{BODY}\n时间：2024年3月5日\n地点：3号楼\n联系电话：68724690（水务局）\n{BODY}",
            ["body", "caption", "caption", "caption", "body"],
        ),
        # a page's counters and a form's fields are no figures; a time is no label
        (
            f"{BODY}\n浏览次数：2356次\n阅读：10万+\n会议地点：88栋\n活动奖品：100份\n{BODY}",
            ["body", "caption", "caption", "caption", "caption", "body"],
        ),
        # labels with digits, spaced and negative figures
        (
            f"{BODY}\n2023年地区生产总值：5000亿元\n5G基站：1.2万个\n1-11月工业增加值：增长6.8%\n"
            f"增速：-2.5%\n香港人口：7 498 100人\n{BODY}",
            ["body", "body", "body", "body", "body", "body", "body"],
        ),
        # a WeChat headline that ends in an emoji is the title, its dateline front matter
        (
            f"重磅！我市新能源汽车产量突破3万辆🎉\n原创 某市发布 2024-03-05 10:00 北京\n{BODY}",
            ["title", "front_matter", "body"],
        ),
        # a WeChat sentence may end in an emoji instead of a full stop; a short heading too
        (
            f"{BODY}\n活动亮点✨\n{BODY}\n全市5G基站数量突破3万个🎉\n{BODY}",
            ["body", "heading", "body", "body", "body"],
        ),
        ("", []),
    ],
)
def test_synthetic_roles(raw: str, expected: list[str]) -> None:
    assert [role for role, _ in _roles(raw)] == expected


TITLE = "智慧城市的未来"


@pytest.mark.parametrize(
    "byline",
    [
        "記者王小明／台北報導",
        "【記者王小明／台北報導】",
        "记者王小明、李四/综合报道",
        "文／王小明",
        "撰文：王小明",
        "本报记者 王小明",
        "（记者 王小明 通讯员 李四）",
        "作者：王小明",
        "【本報訊】",
        "新华社北京3月5日电",
        "新华社北京3月5日电（记者 王小明）",
    ],
)
def test_bylines_and_datelines_under_the_title(byline: str) -> None:
    roles = [r for r, _ in _roles(f"{TITLE}\n{byline}\n{BODY}")]
    assert roles == ["title", "byline", "body"]


@pytest.mark.parametrize(
    "head",
    ["记者手记", "整理数据资源", "文化强市"],
)
def test_words_starting_like_a_byline_are_not_bylines(head: str) -> None:
    roles = [r for r, _ in _roles(f"{head}\n{BODY}")]
    assert roles == ["title", "body"]


@pytest.mark.parametrize(
    "prefix",
    ["【本報訊】", "新华社北京3月5日电（记者王小明）", "（中央社記者王小明台北15日電）"],
)
def test_dateline_prefix_keeps_the_paragraph_body(prefix: str) -> None:
    assert [r for r, _ in _roles(f"{TITLE}\n{prefix}{BODY}")] == ["title", "body"]


POLICY = (
    "国务院办公厅关于印发加快推进新型智慧城市建设三年行动方案（2022—2025年）的通知\n"
    "国办发〔2022〕14号\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
    f"{BODY}\n"
    "附件：1.智慧城市建设重点任务分工\n"
    "2.名词解释\n"
    "国务院办公厅\n"
    "2022年6月6日\n"
    "（此件公开发布）\n"
    "智慧城市建设行动方案\n"
    f"{BODY}\n"
    "一、总体要求\n"
    f"{BODY}"
)


def test_policy_notice_layout() -> None:
    assert [r for r, _ in _roles(POLICY)] == [
        "title",
        "front_matter",
        "body",
        "body",
        "front_matter",
        "front_matter",
        "credit",
        "credit",
        "credit",
        "heading",
        "body",
        "heading",
        "body",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (  # information table of a government site, then the title
            "索引号：000014349/2022-00056\n发文字号：国发〔2022〕14号\n"
            f"成文日期：2022年06月06日\n国务院关于加强数字政府建设的指导意见\n{BODY}",
            ["front_matter", "front_matter", "front_matter", "title", "body"],
        ),
        (  # document number before the title
            f"国办发〔2022〕14号\n关于印发《智慧城市建设方案》的通知\n{BODY}",
            ["front_matter", "title", "body"],
        ),
        (  # signature with a Chinese-numeral date and a space between issuers
            f"关于印发方案的通知\n{BODY}\n中共中央 国务院\n二〇二二年六月六日",
            ["title", "body", "credit", "credit"],
        ),
        (  # regulation: chapters are headings, long articles body
            "智慧城市数据管理条例\n第一章 总则\n第一条 为了规范智慧城市数据管理，促进数据共享开放，"
            "根据有关法律、行政法规，结合本市实际，制定本条例。\n第二条 本条例适用于本市。\n"
            "第二章 数据共享\n第三条 公共数据应当依法共享，法律、行政法规另有规定的除外。",
            ["title", "heading", "body", "body", "heading", "body"],
        ),
    ],
)
def test_policy_and_regulation_roles(raw: str, expected: list[str]) -> None:
    assert [r for r, _ in _roles(raw)] == expected


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("（图片来源：新华社）", "caption"),
        ("图片来源：视觉中国", "caption"),
        ("图为市民在体验智慧政务服务", "caption"),
        ("责任编辑：王五", "credit"),
        ("原标题：数字政府怎么建？", "credit"),  # a question is a reporter's only
        ("来源：城市大脑建设有哪些新进展？", "credit"),
        ("【责任编辑：王五】", "credit"),
        ("编辑丨王五", "credit"),
        ("校对：张三", "credit"),
        ("审核：赵六", "credit"),
        ("来源 | 人民日报", "credit"),
        ("分享到：", "boilerplate"),
        ("扫一扫在手机打开当前页", "boilerplate"),
        ("上一篇：智慧交通建设提速", "boilerplate"),
        ("下一篇：智慧医疗惠及百姓", "boilerplate"),
        ("版权所有 北京日报社", "boilerplate"),
        ("京ICP备12345678号", "boilerplate"),
        ("【打印】【关闭】", "boilerplate"),
    ],
)
def test_captions_credits_and_chrome_after_body(line: str, role: str) -> None:
    roles = _roles(f"{TITLE}\n{BODY}\n{line}\n{BODY}")
    assert roles[2] == (role, normalize(line).text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (  # breadcrumbs before the title, release line, photo source, correction link
            f"首页 > 新闻中心 > 正文\n{TITLE}\n发布时间：2023-03-05 10:00 来源：新华网\n{BODY}\n"
            f"（图片来源：新华网）\n{BODY}\n【纠错】\n责任编辑：王五",
            [
                "boilerplate",
                "title",
                "front_matter",
                "body",
                "caption",
                "body",
                "boilerplate",
                "credit",
            ],
        ),
        (  # speech: date in parentheses, speaker's name, salutation
            f"在2023智慧城市大会上的讲话\n（2023年3月5日）\n王小明\n各位领导、各位来宾：\n{BODY}",
            ["title", "front_matter", "byline", "body", "body"],
        ),
        (  # WeChat account line with date and time; read-more link
            "重磅！智慧城市新政来了\n原创 智慧城市研究院 2023-03-05 10:00 北京\n"
            f"{BODY}\n点击阅读原文",
            ["title", "front_matter", "body", "boilerplate"],
        ),
        (  # Taiwan wire story: date-time, dateline, editor credit with a wire code
            "北市推智慧路燈\n2023/12/15 10:25\n中央社記者王小明台北15日電\n"
            f"{BODY}\n（編輯：李四）1121215",
            ["title", "front_matter", "byline", "body", "credit"],
        ),
        (  # short notice ending with 特此通知。 and a signature
            f"关于开展智慧城市试点工作的通知\n各区县人民政府：\n{BODY}\n特此通知。\n市发展改革委\n"
            "2023年3月5日",
            ["title", "body", "body", "body", "credit", "credit"],
        ),
    ],
)
def test_news_and_speech_layouts(raw: str, expected: list[str]) -> None:
    assert [r for r, _ in _roles(raw)] == expected


def test_related_links_list_is_boilerplate() -> None:
    raw = f"{TITLE}\n{BODY}\n相关阅读\n智慧交通建设提速\n智慧医疗惠及百姓\n版权所有"
    assert [r for r, _ in _roles(raw)] == ["title", "body", *["boilerplate"] * 4]


def test_parenthesis_inside_sentence_is_not_credit() -> None:
    raw = f"{BODY}会议由中心（国家发展改革委）主办。"
    assert [r for r, _ in _roles(raw)] == ["body"]


def test_glued_navigation_run_is_split() -> None:
    nav = "神舟十五号计划择机发射郑州机场北货运区试运营广州机务段机车大夫宁德助力新能源产业发展"
    raw = f"{BODY} {nav * 2}中国网是国务院新闻办公室领导的网站。电话：010-12345678"
    roles = _roles(raw)
    assert [r for r, _ in roles] == ["body", "boilerplate", "boilerplate", "boilerplate"]
    assert roles[0][1] == BODY
    assert roles[2][1].startswith("中国网是") and roles[3][1].startswith("电话：")


# ---------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
        ("他说：“我们要发展。”然后离开了。", ["他说：“我们要发展。”", "然后离开了。"]),
        ("“甲。乙。”丙说。", ["“甲。乙。”", "丙说。"]),
        ("等等……后来又说。", ["等等……", "后来又说。"]),
        ("（这是括号。）下一句。", ["（这是括号。）", "下一句。"]),
        ("对接会?广梅园举行。", ["对接会?广梅园举行。"]),
        ("没有结尾标点", ["没有结尾标点"]),
        ("一是坚持；二是推进。", ["一是坚持；二是推进。"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    norm = normalize(text)
    sentences = split_sentences(norm, segment_blocks(norm))
    assert [s.text for s in sentences] == expected


def test_long_quotation_is_split() -> None:
    text = "“第一句完。" + "这是很长的引语，" * 30 + "第二句完。”他说。"
    norm = normalize(text)
    parts = [s.text for s in split_sentences(norm, segment_blocks(norm), max_quote=20)]
    assert len(parts) == 3 and parts[0] == "“第一句完。" and parts[2] == "他说。"
    whole = [s.text for s in split_sentences(norm, segment_blocks(norm), max_quote=500)]
    assert len(whole) == 2 and whole[1] == "他说。"


# ---------------------------------------------------------------- errors and properties


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        (lambda: segment_blocks("text"), {}),  # type: ignore[arg-type]
        (lambda: segment_blocks(normalize("文本"), max_short=0), {}),
        (lambda: split_sentences("text", ()), {}),  # type: ignore[arg-type]
        (lambda: split_sentences(normalize("文本"), (), max_quote=-1), {}),
    ],
)
def test_bad_parameters(call, kwargs) -> None:
    with pytest.raises(ParameterError):
        call(**kwargs)


PIECES = st.sampled_from(
    [
        "智慧城市",
        "建设发展",
        "。",
        "，",
        "！",
        "？",
        "……",
        "“",
        "”",
        "（",
        "）",
        "：",
        "\n",
        "\n\n",
        "\u3000\u3000",
        " ",
        "一、",
        "司长张三",
        "电话：010",
        "版权所有",
        "（记者 王五）",
        "责任编辑：李四",
        "AI",
        "2020",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_property_blocks_and_sentences(raw: str) -> None:
    _check_blocks(raw, *_parse(raw))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_property_any_text_never_raises(raw: str) -> None:
    _check_blocks(raw, *_parse(raw))


# ---------------------------------------------------------------- red-team layouts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (  # the attached plan's own title after the signature, before a numbered heading
            f"国务院办公厅关于印发“十四五”数字政府建设规划的通知\n国办发〔2022〕14号\n{BODY}\n"
            "国务院办公厅\n2022年6月6日\n（此件公开发布）\n“十四五”数字政府建设规划\n"
            f"一、发展现状\n{BODY}",
            [
                "title",
                "front_matter",
                "body",
                "credit",
                "credit",
                "credit",
                "heading",
                "heading",
                "body",
            ],
        ),
        (  # …and after 附件：, repeating the body's 《…》 (not a caption of it)
            f"关于印发智慧城市实施方案的通知\n《江苏省新型智慧城市建设实施方案》已经同意，{BODY}\n"
            "附件：江苏省新型智慧城市建设实施方案\n江苏省人民政府办公厅\n2023年5月8日\n"
            f"江苏省新型智慧城市建设实施方案\n{BODY}",
            ["title", "body", "front_matter", "credit", "credit", "heading", "body"],
        ),
        (  # government work report: office and name separated by two spaces
            f"政府工作报告\n——2024年1月20日在浙江省第十四届人民代表大会第二次会议上\n"
            f"浙江省省长  王浩\n各位代表：\n{BODY}",
            ["title", "subtitle", "byline", "body", "body"],
        ),
        (  # speech transcript with chained offices
            f"在全市数字政府建设推进会上的讲话\n——2023年4月12日\n市委副书记、市长  李明华\n"
            f"同志们：\n{BODY}\n一、充分肯定成绩\n{BODY}",
            ["title", "subtitle", "byline", "body", "body", "heading", "body"],
        ),
        (  # WeChat article: chrome lines, emoji after the full stop
            f"重磅｜数字孪生城市白皮书发布\n原创 智慧城市观察 2023-05-06 08:00 发表于北京\n"
            f"点击上方蓝字关注我们\n{BODY}\n白皮书指出，全国已有超过30个城市开展试点。🔥\n"
            "长按二维码关注我们\n阅读原文",
            ["title", "front_matter", "boilerplate", "body", "body", "boilerplate", "boilerplate"],
        ),
        (  # a photo caption written as a sentence, then the photographer's credit
            f"{BODY}\n图为大会开幕式现场。\n摄影：张伟\n{BODY}",
            ["body", "caption", "credit", "body"],
        ),
        (  # page numbers of extracted PDF text
            f"{BODY}\n- 2 -\n{BODY}\n第3页\n{BODY}\n—4—\n{BODY}",
            ["body", "boilerplate", "body", "boilerplate", "body", "boilerplate", "body"],
        ),
        (  # an author group under the title
            f"关于智慧城市建设情况的调研报告\n市人大常委会调研组\n{BODY}",
            ["title", "byline", "body"],
        ),
    ],
)
def test_red_team_layouts(raw: str, expected: list[str]) -> None:
    assert [r for r, _ in _roles(raw)] == expected


# ---------------------------------------------------------------- export chrome and heads

PKULAW = (
    "    【法宝引证码】 CLI.12.4638041\n"
    "原文链接：https://www.pkulaw.com/lar/e069caa6e9e192c2d4e5fade93a3d543bdfb.html\n"
    "安徽省人民政府办公厅关于印发支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划"
    "(2021—2023年)的通知\n"
    "安徽省人民政府办公厅关于印发支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划"
    "（2021-2023年）的通知\n"
    "（皖政办秘〔2021〕82号）\n"
    "各市人民政府，省政府各部门，各直属机构：\n"
    f"{BODY}\n安徽省人民政府办公厅\n2021年9月2日\n"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (  # pkulaw export: header, catalogue line (half-width brackets), the own title
            PKULAW,
            ["front_matter", "front_matter", "front_matter", "title", "front_matter", "body",
             "body", "credit", "credit"],
        ),
        (  # the catalogue line repeated after a decree head and the signature
            "【法宝引证码】 CLI.11.1535062\n中国(上海)自由贸易试验区临港新片区管理办法\n"
            f"上海市人民政府令\n（第19号）\n{BODY}\n市长 应勇\n2019年8月12日\n"
            f"中国（上海）自由贸易试验区临港新片区管理办法\n第一章 总则\n{BODY}",
            ["front_matter", "front_matter", "front_matter", "front_matter", "body", "credit",
             "credit", "title", "heading", "body"],
        ),
        (  # a gov.cn information table flattened to one cell per line
            "索引号：\n000014349/2016-00171\n发文机关：\n国务院\n标题：\n"
            f"国务院关于印发规划的通知\n国务院关于印发规划的通知\n国发〔2016〕43号\n{BODY}",
            ["front_matter"] * 6 + ["title", "front_matter", "body"],
        ),
        (  # a release's header and issuing office are front matter, never the title
            f"（新闻及国际关系处发布）\n{BODY}\n（此件公开发布）",
            ["front_matter", "body", "credit"],
        ),
        (f"发稿单位：交通局\n{BODY}", ["front_matter", "body"]),
        (  # a newspaper kicker ending in —— is the subtitle of the headline under it
            f"数字中国建设峰会在福州开幕——\n数字经济成为高质量发展新引擎\n{BODY}",
            ["subtitle", "title", "body"],
        ),
        (  # a title split inside a word across short lines
            f"2010年国务院政府工作报\n告\n各位代表：\n{BODY}",
            ["title", "title", "body", "body"],
        ),
        (f"关于加强数据治理的通\n知\n{BODY}", ["title", "title", "body"]),
        (f"智慧城市\n建设\n{BODY}", ["title", "heading", "body"]),  # no word is broken
        (  # a speech dateline without a title above it is front matter, never the title
            f"（2024年1月29日在杭州市第十四届人民代表大会第四次会议上）\n各位代表：\n{BODY}",
            ["front_matter", "body", "body"],
        ),
    ],
)  # fmt: skip
def test_export_chrome_and_heads(raw: str, expected: list[str]) -> None:
    assert [r for r, _ in _roles(raw)] == expected


@pytest.mark.parametrize(
    ("text", "joins", "lines"),
    [
        # a join after a URL or a document title is undone; one inside a sentence is kept
        ("原文链接：https://a.cn/x.html安徽省关于印发方案的通知", {24},
         ["原文链接：https://a.cn/x.html", "安徽省关于印发方案的通知"]),
        ("安徽省关于印发方案的通知为加快发展，制定本方案。", {12},
         ["安徽省关于印发方案的通知", "为加快发展，制定本方案。"]),
        ("为加快发展，根据国务院的通知要求，制定本方案。", {13},
         ["为加快发展，根据国务院的通知要求，制定本方案。"]),
        ("第一行\n第二行", set(), ["第一行", "第二行"]),
    ],
)  # fmt: skip
def test_page_break_joins_after_a_whole_unit_are_cut(text, joins, lines) -> None:
    assert [text[a:b] for a, b in structure._lines(text, frozenset(joins))] == lines


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["字", "a", " ", "，", "。", "、", "!", ";", "字字字"]),
                max_size=40).map("".join), st.integers(min_value=1, max_value=6))  # fmt: skip
def test_property_long_run_screen_is_any_long_run(line: str, nav_run: int) -> None:
    # the run searched only where it starts finds one exactly when the plain search does
    plain = re.search(f"[^，。；！？、,;!?]{{{nav_run},}}", line)
    assert bool(structure._long_run(nav_run).search(line)) == bool(plain)


# Written by the redteam helper: a release's masthead with its genre label on one line and its
# contact line are head fields, not the title; WeChat chrome may start with an emoji.
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("新竹市政府新聞稿\n發稿日期：民國113年4月2日\n聯絡人：林科長　電話：03-5216121\n"
         "竹市智慧停車再升級\n新竹市政府今（2）日宣布擴大建置感測器，民眾可即時查詢空位。\n",
         ["front_matter", "front_matter", "front_matter", "title", "body"]),
        ("👆点击蓝字 关注我们\n杭州城市大脑3.0正式发布，接入数据量达到1500亿条。\n▼往期推荐▼\n",
         ["boilerplate", "body", "boilerplate"]),
    ],
)  # fmt: skip
def test_release_heads_and_wechat_chrome(raw: str, expected: list[str]) -> None:
    assert [role for role, _text in _roles(raw)] == expected


# From a red-team helper's documents: an exclaimed or asked headline is the title; a site's
# name or path on a line of its own, whatever its first step, is chrome.
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("重磅！我市入选国家数据要素综合试验区！\n本报记者 李明\n"
         "3月5日，国家数据局公布名单，我市成功入选，成为全省唯一入选城市。\n",
         ["title", "byline", "body"]),
        ("数字政府怎么建？\n近日，记者走访了市大数据局，了解数字政府建设的进展和下一步打算。\n",
         ["title", "body"]),
        ("同志们！\n今天我们召开全市数字政府建设推进会，总结去年工作，部署今年任务。\n",
         ["body", "body"]),  # a salutation, not a headline
        ("尊敬的各位来宾！\n今天我们召开全市数字政府建设推进会，总结去年工作，部署今年任务。\n",
         ["body", "body"]),
        ("热烈欢迎各位专家莅临指导！\n今天我们召开全市数字政府建设推进会，总结去年工作，部署今年任务。\n",
         ["body", "body"]),  # a welcome
        ("宁波市人民政府门户网站\n宁波市召开城市数字化改革推进会\n"
         "2月20日，全市城市数字化改革推进会召开，会议部署了今年的重点任务。\n",
         ["boilerplate", "title", "body"]),
        # an interview's questions are body, not credits
        ("专访市数据局局长\n作者：本报记者 王婷\n记者：城市大脑建设有哪些新进展？\n"
         "局长：目前城市大脑已建成覆盖公安、交通、城管等11大系统的应用场景。\n",
         ["title", "byline", "body", "body"]),
        # a bilingual release: the masthead and genre label with their English, an English
        # subtitle that is not glued to the Chinese paragraph after it
        ("深圳市政府新闻办公室 Information Office of Shenzhen Municipal Government\n"
         "新闻稿 Press Release\nMarch 5, 2024\n\n深圳发布新型智慧城市建设行动计划\n"
         "Shenzhen Unveils Action Plan for New-type Smart City\n\n"
         "深圳市人民政府今日发布行动计划，提出到2026年建成全球新型智慧城市标杆。\n",
         ["front_matter", "front_matter", "front_matter", "title", "body", "body"]),
        # publication fields in square brackets
        ("【发布日期】2021/12/28 【来源】湖州市人民政府办公室\n关于印发数字乡村建设行动计划的通知\n"
         "各区县人民政府：\n《行动计划》已经市政府同意，现印发给你们，请认真组织实施。\n",
         ["front_matter", "title", "body", "body"]),
        # a genre label, in one language or two, and a date in English are front matter
        ("Press Release 新聞公報\nTuesday, March 5, 2024\n數字政策辦公室推出數據共享平台\n"
         "數字政策辦公室今日宣布，數據共享平台正式啟用，首階段涵蓋二十個政策局及部門。\n",
         ["front_matter", "front_matter", "title", "body"]),
        ("For Immediate Release 即时发布\n5 March 2024\n市数据局发布公共数据开放目录\n"
         "市数据局今日发布新版公共数据开放目录，新增开放数据集三百余个。\n",
         ["front_matter", "front_matter", "title", "body"]),
        ("泉州市人民政府 > 政务公开 > 工作动态\n泉州推进城市运行一网统管\n"
         "近日，泉州市城市运行管理中心正式上线运行，接入各类数据十亿条。\n",
         ["boilerplate", "title", "body"]),
    ],
)  # fmt: skip
def test_headlines_and_site_chrome_at_the_top(raw: str, expected: list[str]) -> None:
    assert [role for role, _text in _roles(raw)] == expected


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("嘉义县政府全球资讯网 > 县府新闻", "boilerplate"),  # one step after a site's name
        ("首页 > 新闻 > 政务 > 通知 > 公告 > 专题 > 正文 > 详情", "boilerplate"),  # eight steps
        ("满意度＞95%", "heading"),  # a comparison, not a path
        ("效率 > 公平", "heading"),  # one step after no site's name
        ("（一）政府网站", "heading"),  # a numbered heading that names a site
        ("首页 | 政务公开 | 政务服务 | 互动交流", "boilerplate"),  # a site's menu
        ("洛阳网 | 洛阳日报 | 洛阳晚报 登录 注册", "boilerplate"),  # two bars and a menu word
        ("两会时间｜代表委员｜谈智慧城市", "heading"),  # a headline's bars
        ("专访｜张三｜数字政府｜未来之路", "heading"),
        ("全面注册制改革｜政策解读｜问答", "heading"),  # 注册 inside a word is no menu word
        ("项目名称 | 建设单位 | 建设内容 | 建设地点", "heading"),  # a table's header row, kept
    ],
)
def test_site_paths_and_names_among_the_body(line: str, role: str) -> None:
    roles = _roles(f"{TITLE}\n{BODY}\n{line}\n{BODY}")
    assert roles[2] == (role, normalize(line).text)


@pytest.mark.parametrize("steps", [4, 8, 16])
def test_space_padded_path_is_read_in_linear_time(steps: int) -> None:
    # the breadcrumb pattern whose steps took the spaces beside a separator took 6.6 s on
    # 4 of these steps, and grew 50-fold with each
    line = "首页" + " >      a      " * steps + "。"
    assert _roles(f"{line}\n{BODY}")[0][0] == "body"


def test_space_padded_menu_is_read_in_linear_time() -> None:
    line = "首页" + " |      a      " * 16 + "。"
    assert _roles(f"{line}\n{BODY}")[0][0] == "body"
