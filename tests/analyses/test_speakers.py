"""Tests for analyses.speakers: names, titles, organisations, voices, attributed speech."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.analyses.speakers import (
    SHARE_COLUMNS,
    SPEAKER_COLUMNS,
    VOICES,
    find_speakers,
    speakers_table,
    voice_shares,
)
from cityreports.text.speech import Speaker, classify_voice, read_name

from ..factories import make_doc


@pytest.mark.parametrize(
    ("text", "name", "title", "organisation", "voice"),
    [
        ("国家发展改革委财政金融和信用建设司司长陈洪宛在主题演讲中说。", "陈洪宛", "司长",
         "国家发展改革委财政金融和信用建设司", "government"),
        ("自然资源部国土空间规划局局长张兵指出，规划很重要。", "张兵", "局长",
         "自然资源部国土空间规划局", "government"),
        ("民政部基层政权建设和社区治理司一级巡视员李健分享了导向。", "李健", "一级巡视员",
         "民政部基层政权建设和社区治理司", "government"),
        ("此次对话中，京东集团副总裁郑宇与嘉宾交流。", "郑宇", "副总裁", "京东集团", "enterprise"),
        ("随后，中国科学院院士周成虎做了报告。", "周成虎", "院士", "中国科学院", "academia"),
        ("国家信息中心主任徐强表示，数据是要素。", "徐强", "主任", "国家信息中心", "government"),
        ("中国信息通信研究院副院长胡坚波出席并致辞。", "胡坚波", "副院长", "中国信息通信研究院",
         "government"),
        ("中国改革报社副社长杨禹主持。", "杨禹", "副社长", "中国改革报社", "media"),
        ("百度智能云智慧城市业务部总经理刘捷介绍了经验。", "刘捷", "总经理",
         "百度智能云智慧城市业务部", "enterprise"),
        ("开幕式由中国城市和小城镇改革发展中心主任史育龙主持。", "史育龙", "主任",
         "中国城市和小城镇改革发展中心", "government"),
        ("清华大学建筑学院教授欧阳明远认为，城市需要更新。", "欧阳明远", "教授", "清华大学建筑学院",
         "academia"),
    ],
)
def test_full_mentions(text, name, title, organisation, voice):
    doc = make_doc(text)
    speakers = find_speakers(doc)
    assert [s.name for s in speakers] == [name]
    s = speakers[0]
    assert (s.title, s.organisation, s.voice) == (title, organisation, voice)
    assert doc.raw.raw_text[s.start : s.end] == name


@pytest.mark.parametrize(
    ("text", "name", "title", "organisation", "voice"),
    [  # Hong Kong and Taiwan reports, as normalised (simplified) text
        ("国发会主委龚明鑫表示，政府将投入25亿元。", "龚明鑫", "主委", "国发会", "government"),
        ("行政长官李家超表示，政府会全力推动。", "李家超", "行政长官", "", "government"),
        ("财政司司长陈茂波称，政府预留100亿元。", "陈茂波", "司长", "财政司", "government"),
        ("立法会议员莫乃光指出，数码基建仍然不足。", "莫乃光", "议员", "立法会", "government"),
        ("立委洪申翰表示，应加强监督。", "洪申翰", "立委", "", "government"),
        ("宜兰县长林姿妙表示，县府将推动数位转型。", "林姿妙", "县长", "宜兰", "government"),
        ("行政院发言人陈宗彦表示，行政院高度重视。", "陈宗彦", "发言人", "行政院", "government"),
        ("行政院院长陈建仁强调，要加速推动。", "陈建仁", "院长", "行政院", "government"),
        ("民政署署长甘焯威表示，将加强地区服务。", "甘焯威", "署长", "民政署", "government"),
        ("数位发展部部长唐凤说，数位韧性很重要。", "唐凤", "部长", "数位发展部", "government"),
        ("台积电董事长魏哲家表示，AI需求强劲。", "魏哲家", "董事长", "台积电", "enterprise"),
        ("趋势科技执行长陈怡桦表示，资安很重要。", "陈怡桦", "执行长", "趋势科技", "enterprise"),
        ("香港科技园公司行政总裁黄克强表示，企业增加。", "黄克强", "行政总裁", "香港科技园公司",
         "enterprise"),
    ],
)
def test_hong_kong_and_taiwan_titles(text, name, title, organisation, voice):
    (s,) = find_speakers(make_doc(text))
    assert (s.name, s.title, s.organisation, s.voice) == (name, title, organisation, voice)
    assert s.n_reported_chars > 0


QUOTE = "我们希望市民能够切身感受到创科带来的便利。"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (f"创新科技及工业局局长薛永恒说：「{QUOTE}」", len(QUOTE)),
        (f"创新科技及工业局局长薛永恒表示：『{QUOTE}』", len(QUOTE)),
        (f"创新科技及工业局局长薛永恒指出，“{QUOTE}”", len(QUOTE)),
        (f"创新科技及工业局局长薛永恒出席。「{QUOTE}」薛永恒称。", len(QUOTE)),
        (f"创新科技及工业局局长薛永恒出席。「{QUOTE}『智方便』」他说。", len(QUOTE) + 5),
        (f"创新科技及工业局局长薛永恒今日（15日）表示：「{QUOTE}」", len(QUOTE)),
    ],
)
def test_corner_bracket_quotes_are_attributed(text, quoted):
    (s,) = find_speakers(make_doc(text))
    assert s.name == "薛永恒" and s.voice == "government"
    assert s.n_quoted_chars == quoted


def test_unseen_hong_kong_layout():
    text = (
        "【本报讯】创新科技及工业局今日公布蓝图。局长表示，政府已预留约100亿港元。\n"
        f"创新科技及工业局局长薛永恒说：「{QUOTE}」他指出，「智方便」平台已有逾120万名用户。"
    )
    (s,) = find_speakers(make_doc(text))
    assert s.n_quoted_chars == len(QUOTE)
    assert s.n_reported_chars >= len("「智方便」平台已有逾120万名用户") - 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("北京市经济和信息化局党组成员、副局长潘锋发言。", ("潘锋", "北京市经济和信息化局")),
        ("江西省社会科学院党组书记姜玮、院长梁勇出席。", ("梁勇", "江西省社会科学院")),
    ],
)
def test_chained_titles_inherit_organisation(text, expected):
    by_name = {s.name: s.organisation for s in find_speakers(make_doc(text))}
    assert by_name[expected[0]] == expected[1]


@pytest.mark.parametrize(
    "text",
    [
        "来自不同领域的领导、专家全方位、多角度地阐述了智慧城市。",
        "主任和副主任都出席了会议。",
        "智慧城市建设需要数据要素。",
        "",
    ],
)
def test_no_false_speakers(text):
    assert find_speakers(make_doc(text)) == []


@pytest.mark.parametrize(
    ("text", "pos", "name"),
    [
        ("张兵指出，张兵说", 0, "张兵"),  # 3rd char starts 指出
        ("陈洪宛说。陈洪宛介绍", 0, "陈洪宛"),
        ("李健巡视员提出", 0, "李健"),  # title right after the name
        ("欧阳明远认为", 0, "欧阳明远"),
        ("和平发展", 0, ""),  # continuation word, not a name
        ("的确如此", 0, ""),  # 的 is not a surname
    ],
)
def test_read_name(text, pos, name):
    assert read_name(text, pos) == name


@pytest.mark.parametrize(
    ("organisation", "title", "voice"),
    [
        ("国家发展改革委", "司长", "government"),
        ("科技部", "部长", "government"),
        ("华为技术有限公司", "总裁", "enterprise"),
        ("某某科技", "首席技术官", "enterprise"),
        ("中国社会科学院城市发展与环境研究所", "研究员", "academia"),
        ("中国信息通信研究院产业与规划研究所", "所长", "government"),
        ("人民日报", "记者", "media"),
        ("", "教授", "academia"),
        ("", "副市长", "government"),
        ("", "嘉宾", "other"),
        ("市城市运行管理中心", "常务副主任", "government"),
    ],
)
def test_classify_voice(organisation, title, voice):
    assert classify_voice(organisation, title) == voice


NEWS = (
    "京东集团副总裁郑宇出席论坛。\n"
    "“智慧城市面临四方面的挑战，数据孤岛仍然存在。”郑宇说。\n"
    "郑宇表示，平台的支撑能力还不足够。\n"
    "国家信息中心主任徐强指出，数据要素价值需要释放。他说，“要把人工智能打造成推动力。”\n"
    "徐主任强调，城市治理要现代化。\n"
    "本届展会共设置五大展区。"
)


def test_quotes_and_reported_speech_are_attributed():
    doc = make_doc(NEWS)
    by_name = {s.name: s for s in find_speakers(doc)}
    assert set(by_name) == {"郑宇", "徐强"}
    zheng, xu = by_name["郑宇"], by_name["徐强"]
    assert zheng.n_quoted_chars == len("智慧城市面临四方面的挑战，数据孤岛仍然存在。")
    assert zheng.n_reported_chars == len("平台的支撑能力还不足够")
    assert xu.n_quoted_chars == len("要把人工智能打造成推动力。")
    assert xu.n_reported_chars >= len("数据要素价值需要释放") + len("城市治理要现代化")
    assert xu.mentions == 2  # named mentions: full name and 徐主任 (pronouns not counted)
    assert zheng.voice == "enterprise" and xu.voice == "government"


def test_non_body_text_is_not_counted():
    text = "国家信息中心主任徐强指出，数据要素价值需要释放。\n徐强表示，城市治理要现代化。"
    doc = make_doc(list(zip(["caption", "body"], text.split("\n"), strict=True)))
    (xu,) = find_speakers(doc)
    assert xu.n_reported_chars == len("城市治理要现代化")


def test_speakers_table_columns_and_share():
    table = speakers_table([make_doc(NEWS, doc_id="a"), make_doc("没有人说话。", doc_id="b")])
    assert list(table.columns) == list(SPEAKER_COLUMNS)
    assert set(table["doc_id"]) == {"a"}
    assert ((table["share_of_text"] > 0) & (table["share_of_text"] < 1)).all()


def test_voice_shares_sum_to_one():
    shares = voice_shares([make_doc(NEWS, doc_id="a"), make_doc("", doc_id="empty")])
    assert list(shares.columns) == list(SHARE_COLUMNS)
    a = shares[shares["doc_id"] == "a"].set_index("voice")
    assert list(a.index) == [*VOICES, "narrator"]
    assert a["share"].sum() == pytest.approx(1.0)
    assert a.loc["enterprise", "share"] > 0 and a.loc["government", "share"] > 0
    assert shares[shares["doc_id"] == "empty"]["share"].isna().all()


def test_speaker_is_frozen():
    s = Speaker("d", "张兵", "局长", "自然资源部", "government", 0, 2)
    with pytest.raises(AttributeError):
        s.name = "x"  # type: ignore[misc]


ALPHABET = list("张兵局长司说表示，。“”他的要是一陈洪宛部\n 指出")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=80))
def test_arbitrary_text_never_raises_and_shares_are_valid(text):
    doc = make_doc(text)
    speakers = find_speakers(doc)
    for s in speakers:
        assert doc.raw.raw_text[s.start : s.end] == s.name
        assert s.voice in VOICES
    shares = voice_shares([doc])
    if shares["share"].notna().any():
        assert shares["share"].sum() == pytest.approx(1.0)
        assert (shares["chars"] >= 0).all()


@pytest.mark.parametrize(
    ("doc_id", "name", "voice"),
    [
        ("000", "陈洪宛", "government"),
        ("000", "张兵", "government"),
        ("000", "李健", "government"),
        ("000", "周成虎", "academia"),
        ("001", "陈洪宛", "government"),
        ("001", "张兵", "government"),
        ("001", "李健", "government"),
        ("002", "郑宇", "enterprise"),
        ("002", "徐志发", "government"),  # 中国信息通信研究院: state-affiliated think tank
        ("003", "徐强", "government"),  # traditional source text
        ("004", "李春华", "academia"),
    ],
)
def test_bundled_corpus_acceptance(bundled_line_docs, doc_id, name, voice):
    table = speakers_table(bundled_line_docs)
    rows = table[(table["doc_id"] == doc_id) & (table["name"] == name)]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["voice"] == voice
    raw = next(d for d in bundled_line_docs if d.doc_id == doc_id).raw.raw_text
    assert raw[row["start"] : row["end"]] in (name, "徐強")


def test_bundled_corpus_quotes_are_attributed(bundled_line_docs):
    table = speakers_table(bundled_line_docs).set_index(["doc_id", "name"])
    assert table.loc[("001", "陈洪宛"), "quoted_chars"] > 100
    assert table.loc[("001", "张兵"), "quoted_chars"] > 100
    assert table.loc[("003", "徐强"), "quoted_chars"] > 50
    assert table.loc[("002", "郑宇"), "quoted_chars"] > 100


# ---------------------------------------------------------------- reporters are not speakers

_SAYS = "国发会主委龚明鑫表示，政府将投入新台币约25亿元。"


@pytest.mark.parametrize(
    "blocks",
    [
        [("title", "智慧城市补助"), ("byline", "记者王小明／台北报导"), ("body", _SAYS)],
        [("title", "智慧城市补助"), ("body", "本报台北6月16日电（记者 王小明）" + _SAYS)],
        [("title", "智慧城市补助"), ("body", "中央社记者王小明台北15日电 " + _SAYS)],
        [("title", "智慧城市补助"), ("body", _SAYS), ("credit", "（记者 王小明）")],
        [("title", "智慧城市补助"), ("body", _SAYS), ("credit", "责任编辑：王小明")],
    ],
)
def test_reporters_in_bylines_and_credits_are_not_speakers(blocks):
    doc = make_doc(blocks)
    assert [s.name for s in find_speakers(doc)] == ["龚明鑫"]
    assert list(speakers_table(doc)["name"]) == ["龚明鑫"]


def test_reporter_who_speaks_in_the_body_is_a_speaker():
    doc = make_doc("新华社记者王小明在现场说，智慧灯柱已经投入使用。")
    assert [(s.name, s.voice) for s in find_speakers(doc)] == [("王小明", "media")]


@pytest.mark.parametrize(
    ("text", "name", "organisation"),
    [  # Hong Kong posts named after 政府 are government, whatever their head noun
        ("政府资讯科技总监黄志光表示，智慧灯柱可收集数据。", "黄志光", "政府资讯科技"),
        ("政府统计处处长陈大文表示，人口数据已更新。", "陈大文", "政府统计处"),
    ],
)
def test_hong_kong_government_posts(text, name, organisation):
    [s] = find_speakers(make_doc(text))
    assert (s.name, s.organisation, s.voice) == (name, organisation, "government")
