"""Tests for cityreports.metadata.kind: genre cues decide the kind; script and usage the region."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.errors import InputError
from cityreports.metadata import kind as kind_module
from cityreports.metadata.kind import canonical_kind, infer_kind, infer_region
from cityreports.records import DOCUMENT_KINDS, REGIONS
from cityreports.text.normalize import normalize

from .. import factories


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("gov_work_report_national", "gov_work_report"),
        ("gov_work_report_municipal", "gov_work_report"),
        ("press_release_tw", "press_release"), ("policy", "policy"), ("News", "news"),
        ("press", "press_release"), ("whatever", ""), ("", ""),
    ],
)  # fmt: skip
def test_canonical_kind(value, kind):
    assert canonical_kind(value) == kind


@pytest.mark.parametrize(
    ("parts", "kind", "cue"),
    [
        ([("body", "各位代表："), ("body", "现在，我代表市人民政府向大会报告工作，请予审议。"),
          ("heading", "一、2023年工作回顾")], "gov_work_report", "各位代表"),
        ([("title", "关于加快智慧城市建设的通知"), ("front_matter", "京政发〔2021〕3号"),
          ("body", "各区人民政府，市政府各委、办、局："), ("body", "现将有关事项通知如下。")],
         "policy", "〔2021〕3号"),
        ([("title", "市府推动智慧交通"), ("front_matter", "发稿单位：交通局"),
          ("body", "市政府今（3）日宣布扩大智慧号志。")], "press_release", "发稿单位"),
        ([("title", "数字经济加快发展"),
          ("body", "新华社北京3月5日电（记者 张三）国务院常务会议5日召开。"),
          ("credit", "（责任编辑：李四）")], "news", "新华社北京3月5日电"),
        # an addressee opening a body stored as one string; one office addressed by a 批复
        ([("body", "各市、县（市、区）人民政府，省政府直属各单位：为推进数据要素市场化配置，"
                   "现提出如下意见。")], "policy", "各市、县（市、区）人民政府，省政府直属各"),
        ([("title", "市政府关于某某项目的批复"), ("body", "市数据局："),
          ("body", "你局报来的请示收悉。")], "policy", "批复"),
        # news sites' leads, a company's release
        ([("title", "合肥政务服务迈上新台阶"),
          ("body", "合肥新闻网讯 近日，市数据资源局发布消息。")], "news", "合肥新闻网讯"),
        ([("title", "海康威视助力智慧城市"),
          ("body", "【2023年9月12日，中国苏州】海康威视今天宣布。"), ("body", "媒体联系：王先生")],
         "press_release", "【2023年9月12日，中国苏州】"),
        # the plan report to the congress is no work report, whatever its salutation
        ([("title", "关于2023年国民经济和社会发展计划执行情况与2024年计划草案的报告"),
          ("body", "各位代表："), ("body", "受国务院委托，现将计划执行情况向大会报告，请予审议。")],
         "other", ""),
        ([("title", "香港推出智慧城市蓝图2.0"),
          ("body", "HONG KONG, Dec 15 (Xinhua) -- 香港特区政府15日公布蓝图。")], "news",
         "HONG KONG, Dec 15 (X"),  # an English wire dateline
        ([("title", "在全市数字政府建设推进会上的讲话"), ("body", "同志们：今天召开会议。")],
         "speech", "同志们"),
        ([("title", "“2023智慧城市论坛”综述"),
          ("body", "2023年11月18日，由研究会主办的论坛在深圳举行，与会代表深入研讨。")],
         "conference_summary", "综述"),
        ([("body", "今天天气很好。")], "other", ""),
        # a title's edition or period is no part of its genre; a subtitle names a speech
        ([("title", "二〇二四年财政年度施政报告（节录）"), ("body", "主席、各位议员："),
          ("body", "政府将推进智慧城市建设。")], "gov_work_report", "施政报告"),
        ([("title", "武汉市推进城市数字公共基础设施建设三年行动方案（2024—2026年）"),
          ("body", "为加快推进城市数字公共基础设施建设，制定本方案。")], "policy", "方案"),
        ([("title", "深圳市数字政府和智慧城市“十四五”发展规划（节选）"),
          ("heading", "一、发展基础"), ("body", "“十三五”期间，深圳建成平台。")], "policy", "规划"),
        ([("title", "关于加快推进新型智慧城市建设的建议"),
          ("subtitle", "——在市十六届人大三次会议第二次全体会议上的发言"), ("body", "各位代表："),
          ("body", "我建议加快推进新型智慧城市建设。"), ("body", "谢谢大家！")], "speech",
         "在市十六届人大三次会议第二次全体会议上的"),
        ([("title", "2024年广州市政府工作报告（节录）"), ("heading", "一、2023年工作回顾"),
          ("body", "过去一年，全市建成平台。")], "gov_work_report", "2024年广州市政府工作报告"),
        ([("title", "苏州市数字政府建设三年行动计划（2024—2026年）"),
          ("body", "为加快建设，制定本行动计划。")], "policy", "行动计划"),
        ([("title", "解读2024年政府工作报告中的智慧城市"),
          ("body", "本报讯 记者从市政府获悉，政府工作报告提出建设平台。")], "news", "本报讯"),
        # a government information office above a release (Macao's 新聞局)
        ([("front_matter", "新闻局"), ("front_matter", "澳门特别行政区政府"),
          ("title", "智慧城市发展策略获咨询委员会讨论"),
          ("body", "经济财政司司长表示，特区政府将推动智慧城市建设。")], "press_release", "新闻局"),
        ([("title", "市新闻出版局召开会议"), ("body", "今天天气很好。")], "other", ""),
        # meeting news (主持召开…会议, 推进会召开), a paper or news site as the source, a wire lead
        ([("title", "市委常委会召开会议 研究部署数字经济发展工作"),
          ("body", "3月4日，市委书记主持召开市委常委会会议，研究部署数字经济发展工作。"),
          ("body", "会议指出，发展数字经济是战略选择。"), ("body", "会议强调，要加快建设。")],
         "conference_summary", "常委会召开"),
        ([("title", "宁波市召开城市数字化改革推进会"), ("body", "2024-02-20 17:05　来源：宁波日报"),
          ("body", "2月20日，全市城市数字化改革推进会召开。")], "news", "来源：宁波日报"),
        ([("title", "国家数据局：今年将推进城市全域数字化转型"),
          ("body", "央视网消息（新闻联播）：国家数据局今天（3月5日）表示，今年将深入推进。")],
         "news", "网消息（新闻联播）："),
        # a Taiwan paper's byline; a headline reporting a document
        ([("title", "台中智慧路灯全面换装"),
          ("body", "2024-03-05 14:20 联合报／记者陈秋云／台中即时报导"),
          ("body", "台中市政府推动换装计划，市政府表示，市长卢秀燕说。")], "news",
         "／记者陈秋云／"),
        ([("title", "我市印发智慧交通三年行动方案"),
          ("body", "近日，市政府办公厅印发《方案》。据了解，方案提出三项任务。")], "news",
         "我市印发智慧交通三年行动方案"),
        ([("title", "省政府出台促进数字经济发展若干措施"),
          ("body", "近日，省政府办公厅印发《若干措施》，提出二十条举措。")], "news",
         "省政府出台促进数字经济发展若干措施"),  # with no other cue of news
        ([("title", "福田区智慧城管平台上线"),
          ("body", "据福田区城管局介绍，平台接入视频监控点位3000余个，实现问题自动发现。"),
          ("body", "（来源：深圳特区报 2022-09-14）")], "news", "来源：深圳特区报"),
        ([("title", "关于实施智能停车收费管理的通告"),
          ("body", "为规范停车秩序，市政府决定实施智能停车收费管理。"), ("body", "特此通告。")],
         "policy", "特此通告"),
        # an issuer's own numbered order, though its title says 发布
        ([("title", "市人民政府发布2024年第1号总林长令"),
          ("body", "各区人民政府，市政府各部门：现发布2024年第1号总林长令，请认真贯彻执行。")],
         "policy", "请认真贯彻执行"),
        ([("title", "城市大脑公司发布城市智能体平台"), ("body", "中国杭州，2024年3月5日——"),
          ("body", "城市大脑公司今日在杭州发布平台，已在5个城市试点。")], "press_release",
         "中国杭州，2024年3月5日——"),  # a company's release dateline
        ([("title", "“数字上海”建设新闻发布会实录"), ("body", "主持人：各位记者朋友，大家好。")],
         "press_release", "新闻发布会"),
        # acts of a congress, an official letter's fields, a Macao enactment, a Macao release
        ([("title", "武汉市人民代表大会关于政府工作报告的决议"),
          ("body", "（2024年1月10日武汉市第十五届人民代表大会第四次会议通过）"),
          ("body", "会议听取和审议了政府工作报告，决定批准这个报告。")], "policy",
         "（2024年1月10日"),
        ([("title", "国家发展委员会　公告"), ("body", "发文字号：发资字第1131300456号"),
          ("body", "主旨：公告补助作业要点，并自即日生效。")], "policy", "发文字号"),
        ([("title", "电子政务规定修改"), ("body", "第12/2024号行政法规"),
          ("body", "本行政法规自公布翌日起生效。")], "policy", "第12/2024号行政法规"),
        ([("title", "智慧城市发展策略阶段性成果公布"),
          ("body", "经济财政司司长李伟农今日（5日）出席发布会时表示，特区政府将持续推动。"),
          ("body", "（完）")], "press_release", "今日（5日）"),
    ],
)  # fmt: skip
def test_genre_cues_decide_the_kind(parts, kind, cue):
    found, evidence = infer_kind(factories.make_doc(parts).blocks)
    assert found == kind
    assert cue in evidence


def test_the_file_name_never_decides():
    doc = factories.make_doc([("body", "今天天气很好。")], doc_id="gwr_national_2010")
    assert infer_kind(doc.blocks, doc.raw.metadata) == ("other", "")


@pytest.mark.parametrize(
    ("metadata", "evidence"),
    [
        ({"kind": "policy", "manifest_fields": "kind"}, "manifest kind: policy"),
        ({"kind": "policy"}, "record kind: policy"),
    ],
)
def test_a_stated_kind_overrides_the_text(metadata, evidence):
    blocks = factories.make_doc([("body", "各位代表："), ("heading", "一、2023年工作回顾")]).blocks
    assert infer_kind(blocks, metadata) == ("policy", evidence)


@pytest.mark.parametrize(
    "text",
    ["kinds: [", "threshold: 3\nkinds:\n  novel:\n    - {cue: x, where: head, weight: 1}",
     "threshold: 3\nkinds:\n  news:\n    - {cue: x, where: middle, weight: 1}",
     "threshold: 3\nkinds:\n  news:\n    - {cue: '(', where: head, weight: 1}"],
)  # fmt: skip
def test_bad_cue_files_fail_with_one_line(text):
    with pytest.raises(InputError, match="kind cues"):
        kind_module._load_cues(text, "cues.yml")


@pytest.mark.parametrize(
    ("text", "script", "region"),
    [
        ("台南市政府今（15）日表示，行政院核定112年度补助。", "traditional", "tw"),
        ("特区政府今日公布，立法会将审议港元预算。香港市民欢迎。", "traditional", "hk"),
        ("深圳市人民政府召开会议。", "traditional", "mainland"),  # mainland news in traditional
        ("智慧城市建设。", "traditional", "unknown"),
        ("国务院印发通知，各省、自治区、直辖市人民政府认真贯彻。", "simplified", "mainland"),
        ("一国两制下香港保持繁荣，香港回归祖国，我国政府…", "simplified", "mainland"),
        ("本港经济向好，特区政府表示，立法会通过拨款，港元稳定。", "simplified", "hk"),
    ],
)
def test_region_from_script_and_usage(text, script, region):
    norm = factories.make_doc([("body", text)], script=script).norm
    found, evidence = infer_region(norm)
    assert found == region
    assert region == "unknown" or evidence


#: Hong Kong and Macao texts, and texts that name the other one, as written (normalised here).
_SAR_TEXTS = [
    # Macao: a policy address, simplified and traditional
    ("澳门特别行政区政府二〇二四年财政年度施政报告。主席、各位议员：我代表特区政府向立法会"
     "提交施政报告。本澳经济稳步复苏，特区政府投入40亿澳门元，推进氹仔、路环智慧城市建设。",
     "simplified", "mo", "本澳"),
    ("澳門特別行政區政府二〇二四年財政年度施政報告。主席、各位議員：我代表特區政府向立法會"
     "提交施政報告。本澳經濟穩步復甦，特區政府投入40億澳門元，推進氹仔、路環智慧城市建設。",
     "traditional", "mo", "氹仔"),
    # Macao in the traditional forms a mixed-script paragraph keeps (no 本澳 or 氹仔, which
    # read the same in both scripts)
    ("澳門特別行政區行政長官今日表示，将推动智慧城市，路環先行，以澳門幣计价。",
     "mixed", "mo", "澳門"),
    # Hong Kong stays hk, also when it names Macao once
    ("本港经济向好，特区政府表示，立法会通过拨款，港元稳定。", "simplified", "hk", "本港"),
    ("本港经济向好，特区政府将与澳门加强合作，立法会通过拨款，港元稳定。",
     "simplified", "hk", "本港"),
    ("香港特區政府今日公布，將與澳門合作發展智慧城市，立法會將審議撥款，九龍、新界先行。",
     "traditional", "hk", "九龙"),
    # only one of them speaks of its own place (本澳 / 本港): a Macao release counting Hong
    # Kong's visitors names 香港 more often than 澳門; a Hong Kong one about the bridge to Macao
    ("港珠澳大橋通車五週年，往來香港與澳門的旅客大幅增加。香港居民來澳旅遊更加便利，香港旅客"
     "佔入境旅客逾兩成。特區政府表示，本澳將與香港加強合作。", "traditional", "mo", "本澳"),
    ("港珠澳大橋香港口岸昨日錄得旅客逾8萬人次，其中前往澳門的旅客最多。往來澳門與香港的金巴"
     "班次增加，澳門旅遊局亦加強宣傳。本港旅遊業界歡迎。", "traditional", "hk", "本港"),
    ("香港旅客佔本澳入境旅客的三成，來自香港、深圳和廣州的旅客數目最多，經濟財政司表示將繼續與香港合作。",
     "traditional", "mo", "本澳"),
    # shared words only: hk, as before there was a mo
    ("特區政府今日表示，立法會通過撥款。", "traditional", "hk", "特区"),
    # a mainland text naming Macao (or Hong Kong and Macao) stays mainland
    ("国务院印发通知，支持粤港澳大湾区建设，深化内地与澳门合作，各省、自治区人民政府认真贯彻。",
     "simplified", "mainland", ""),
    ("全国人大常委会听取报告，香港特区和澳门特区行政长官述职，我国坚持一国两制。",
     "simplified", "mainland", ""),
]

#: Short Macao texts of other genres (made up, in the conventions of each).
_MACAO_GENRES = [
    # a release of the Government Information Bureau (新闻局), traditional
    ("澳門特別行政區政府新聞局\n新聞稿\n經濟財政司司長梁志明今（十五）日出席智慧城市論壇，"
     "表示特區政府將推動路氹城區數據中心建設，支持本澳中小企業數字化轉型。\n"
     "2024年3月15日", "mo", "本澳"),
    # the same release in simplified characters (gov.mo publishes both)
    ("澳门特别行政区政府新闻局\n新闻稿\n经济财政司司长梁志明今（十五）日出席智慧城市论坛，"
     "表示特区政府将推动路氹城区数据中心建设，支持本澳中小企业数字化转型。\n"
     "2024年3月15日", "mo", "经济财政司"),
    # a news item in the style of 澳门日报
    ("【本報訊】社會文化司轄下衛生局昨日宣布，氹仔及路環兩間衛生中心將於下月啟用電子預約系統，"
     "市民可透過「一戶通」辦理。有議員表示，本澳智慧醫療起步較遲。", "mo", "本澳"),
    # a speech of the Chief Executive at a forum
    ("行政長官在「澳門國際智慧城市論壇」開幕式致辭\n各位嘉賓：\n"
     "特區政府高度重視智慧城市建設，將與橫琴深度合作區協同，推動澳門經濟適度多元發展。"
     "博彩業以外，本澳將培育大健康、現代金融及高新技術產業。", "mo", "澳门"),
]


@pytest.mark.parametrize(("text", "script", "region", "cue"), _SAR_TEXTS)
def test_hong_kong_or_macao_by_their_own_words(text, script, region, cue):
    norm = factories.make_doc([("body", text)], script=script).norm
    if script != "mixed":  # as the pipeline reads it: traditional paragraphs in simplified
        norm = normalize(text)
        assert norm.script == script
    found, evidence = infer_region(norm)
    assert (found, cue in evidence) == (region, True)


@pytest.mark.parametrize(("text", "region", "cue"), _MACAO_GENRES)
def test_macao_texts_of_other_genres(text, region, cue):
    found, evidence = infer_region(normalize(text))
    assert (found, cue in evidence) == (region, True)
    assert found in REGIONS


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["title", "body", "front_matter", "credit"]),
                          st.text(min_size=1, max_size=40).filter(lambda s: "\n" not in s)),
                max_size=5))  # fmt: skip
def test_any_blocks_give_a_known_kind(parts):
    kind, evidence = infer_kind(factories.make_doc(parts).blocks)
    assert kind in DOCUMENT_KINDS and (kind == "other") == (evidence == "")


#: Lines that carry (or nearly carry) the cues, to be drawn into blocks of any role.
_CUE_LINES = ["各位代表：", "我代表市人民政府向大会报告工作", "一、2023年工作回顾", "施政报告",
              "京政发〔2021〕3号", "各区人民政府：", "附件", "附 件：名单", "第一条 为了规范",
              "发稿单位：交通局", "市政府今（3）日宣布", "新华社北京3月5日电", "（责任编辑：李四）",
              "同志们：", "记者：王五", "与会代表", "由研究会主办", "关于印发方案的通知",
              "3月5日上午，市长在会上宣布", "主席、各位议员："]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["title", "body", "front_matter", "credit", "heading"]),
                          st.lists(st.sampled_from(_CUE_LINES) | st.text(max_size=6), min_size=1,
                                   max_size=3).map("".join)),
                min_size=1, max_size=25))  # fmt: skip
def test_screening_joined_regions_changes_no_kind(parts):
    # a cue is searched block by block only where the joined region holds a match
    doc = factories.make_doc([(role, text) for role, text in parts if text.strip()])
    screened = infer_kind(doc.blocks)
    original = kind_module._Cue.screen
    try:
        kind_module._Cue.screen = property(lambda cue: None)
        assert infer_kind(doc.blocks) == screened
    finally:
        kind_module._Cue.screen = original


def _screened_cues():
    text, source, _ = kind_module.read_resource(kind_module._CUES)
    return [c for c in kind_module._load_cues(text, source)[0] if c.prefilter is not None]


@pytest.mark.parametrize("cue", _screened_cues(), ids=lambda c: c.prefilter.pattern[:20])
@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["各位代表：", "同志们，", "副市长王大明，", "张三市长表示", "局长",
                                 "2024年工作安排", "今年的主要任务", "主要预期目标", "本规划依据",
                                 "规划期为", "。", "\n", "各位", "代表", "市", "长"])
                | st.text(max_size=4), max_size=12).map("".join))  # fmt: skip
def test_a_cue_screen_matches_wherever_its_cue_does(cue, text):
    """A cue's screen is only a quicker first test: it never hides a match of the cue."""
    if cue.regex.search(text):
        assert cue.prefilter.search(text)


# Written by the redteam helper: a plan that names its own basis or period, and a Taiwanese
# speech titled 致詞稿 with its salutation, are read for what they are.
@pytest.mark.parametrize(
    ("parts", "kind", "cue"),
    [
        ([("title", "湖州市“十四五”新型智慧城市发展规划"),
          ("body", "本规划依据《纲要》编制，规划期为2021—2025年。")], "policy", "本规划依据"),
        ([("title", "某市数字经济发展三年行动计划"),
          ("body", "规划期为2024—2026年，展望到2035年。")], "policy", "行动计划"),
        ([("title", "某市数字经济发展三年行动计划"), ("body", "全市推进数字经济发展。")],
         "other", ""),  # the genre of its title alone is not enough
        ([("title", "市长出席2023智慧城市展开幕典礼致词稿"),
          ("body", "各位贵宾、各位女士先生，大家早安："), ("body", "谢谢大家！")],
         "speech", "致词稿"),
        ([("title", "副市长在智慧交通论坛的致辞"), ("body", "各位嘉宾：大家好！")],
         "speech", "致辞"),
    ],
)  # fmt: skip
def test_plans_and_addresses(parts, kind, cue):
    found, evidence = infer_kind(factories.make_doc(parts).blocks)
    assert found == kind
    assert cue in evidence


def test_a_records_title_field_counts_as_its_title():
    """A JSON/CSV record keeps its title in a field, not in the text: the title cues read it."""
    doc = factories.make_doc([("body", "为推进数据要素市场化配置，现提出如下意见。")])
    assert infer_kind(doc.blocks)[0] == "other"
    kind, evidence = infer_kind(doc.blocks, {"title": "关于推进数据要素市场化配置的实施意见",
                                             "text_source": "content"})
    assert (kind, evidence) == ("other", "")  # the title alone (weight 2) is below threshold
    doc = factories.make_doc([("body", "各区民政局："), ("body", "现将有关事项通知如下。")])
    kind, evidence = infer_kind(doc.blocks, {"title": "关于开展智慧社区试点申报工作的通知"})
    assert kind == "policy" and "通知" in evidence



@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("新竹市政府今(5)日宣布智慧路燈計畫，新竹市長表示將持續推動。", "tw"),  # smaller cities
        ("澎湖縣政府今(5)日表示，澎湖將推動智慧觀光。", "tw"),
        ("政府今日公布《香港创新科技发展蓝图》。\n完\n2022年12月22日（星期四）\n香港时间13时00分",
         "hk"),  # the simplified edition of a Hong Kong release
        ("新聞局消息：行政公職局今日公佈，全澳公務人員將使用電子政務平台。", "mo"),
    ],
)
def test_regions_of_smaller_places_and_other_editions(text, region):
    assert infer_region(normalize(text))[0] == region
