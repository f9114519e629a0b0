"""Tests for cityreports.metadata.title: the title and where it comes from."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityreports.metadata.title import choose_title, constructed_title
from cityreports.pipeline.parse import parse_document
from cityreports.records import RawDocument

from .. import factories


def _choose(parts, *, metadata=None, kind="other", year=None, issuer=("", "")):
    doc = factories.make_doc(parts, metadata=metadata)
    return choose_title(doc.raw, doc.norm, doc.blocks, kind=kind, year=year,
                        year_evidence="cue", issuer=issuer)  # fmt: skip


@pytest.mark.parametrize(
    ("parts", "metadata", "kind", "year", "issuer", "title", "source"),
    [
        ([("title", "智慧城市新进展"), ("body", "正文。")], None, "news", None, ("", ""),
         "智慧城市新进展", "text"),
        ([("title", "文中标题"), ("body", "正文。")], {"title": "记录标题"}, "news", None,
         ("", ""), "记录标题", "record"),
        ([("body", "正文。")], {"title": "清单标题", "manifest_fields": "title"}, "news", None,
         ("", ""), "清单标题", "manifest"),
        ([("title", "香港推出智慧城市蓝图2.0 HONG KONG, Dec 15 (Xinhua)"), ("body", "正文。")],
         None, "news", None, ("", ""), "香港推出智慧城市蓝图2.0", "text"),  # a wire dateline
        ([("title", "香港推出智慧城市蓝图2.0HONG KONG, Dec 15 (Xinhua)"), ("body", "正文。")],
         None, "news", None, ("", ""), "香港推出智慧城市蓝图2.0", "text"),
        ([("title", "美国发布报告 WASHINGTON, D.C., Dec 15, 2023 (China Daily)"),
          ("body", "正文。")], None, "news", None, ("", ""), "美国发布报告", "text"),
        ([("title", "2010年国务院政府工作报"), ("title", "告"), ("body", "各位代表：")], None,
         "gov_work_report", 2010, ("国务院", "speaker"), "2010年国务院政府工作报告", "text"),
        ([("body", "各位代表："), ("body", "现在，我代表市人民政府报告工作。")], None,
         "gov_work_report", 2024, ("杭州市", "session"), "2024年杭州市政府工作报告",
         "constructed"),
        ([("title", "政府工作报告"), ("body", "各位代表：")], None, "gov_work_report", 2023,
         ("浙江省", "session"), "2023年浙江省政府工作报告", "constructed"),
        ([("body", "正文。")], None, "news", 2020, ("", ""), "", "none"),
        ([("front_matter", "【法宝引证码】 CLI.12.1"), ("body", "正文。")], None, "policy", None,
         ("", ""), "", "none"),
        # a DOCX/PDF title property: only when the text has none, and only a real title
        ([("title", "文中标题"), ("body", "正文。")], {"file_title": "模板标题"}, "policy", None,
         ("", ""), "文中标题", "text"),
        ([("body", "正文。")], {"file_title": "Microsoft Word - 关于推进智慧城市的意见"},
         "policy", None, ("", ""), "关于推进智慧城市的意见", "file"),
        ([("body", "正文。")], {"file_title": "报告20230105.docx"}, "policy", None, ("", ""),
         "", "none"),
        ([("body", "正文。")], {"file_title": "Document1"}, "news", None, ("", ""), "", "none"),
        ([("title", "政府工作报告"), ("body", "各位代表：")],
         {"file_title": "2023年浙江省政府工作报告（全文）"}, "gov_work_report", 2023,
         ("浙江省", "session"), "2023年浙江省政府工作报告（全文）", "file"),
        ([("title", "政府工作报告"), ("body", "各位代表：")], {"file_title": "政府工作报告"},
         "gov_work_report", 2023, ("浙江省", "session"), "2023年浙江省政府工作报告", "constructed"),
    ],
)  # fmt: skip
def test_choose_title(parts, metadata, kind, year, issuer, title, source):
    found, found_source, evidence = _choose(
        parts, metadata=metadata, kind=kind, year=year, issuer=issuer
    )
    assert (found, found_source) == (title, source)
    assert (source in ("constructed", "file")) == bool(evidence)


def test_constructed_evidence_names_its_parts():
    _, _, evidence = _choose([("body", "各位代表：")], kind="gov_work_report", year=2024,
                             issuer=("长沙市", "the text names 长沙 ×74"))  # fmt: skip
    assert "2024" in evidence and "长沙 ×74" in evidence


@given(st.one_of(st.none(), st.integers(1949, 2100)), st.sampled_from(["", "国务院", "长沙市"]))
def test_constructed_titles_name_the_genre(year, issuer):
    title = constructed_title(year=year, issuer=issuer)
    assert title.endswith("政府工作报告") and issuer in title
    assert (year is None) or title.startswith(f"{year}年")



@pytest.mark.parametrize(
    ("raw", "title"),
    [
        # a newspaper's masthead with its date and page, or alone above a dateline
        ("人民日报 2024年03月06日 第01版\n政府工作报告提出今年经济增长预期目标为5%左右\n"
         "十四届全国人大二次会议3日在北京开幕，国务院总理作政府工作报告。\n",
         "政府工作报告提出今年经济增长预期目标为5%左右"),
        ("光明日报\n2024年3月6日 星期三\n数字中国建设迈出坚实步伐\n全国数字经济规模持续扩大，"
         "数字基础设施建设加快推进。\n", "数字中国建设迈出坚实步伐"),
        # Taiwan mastheads: 行政院新聞稿, a city's 新聞稿 with a space, a ROC date line
        ("行政院新聞稿\n發布日期：113年3月5日\n\n行政院會通過「智慧國家推動方案」\n"
         "行政院今日召開院會，通過智慧國家推動方案。\n", "行政院會通過「智慧國家推動方案」"),
        ("高雄市政府 新聞稿\n中華民國112年12月28日\n高雄亞灣5G AIoT創新園區第二期啟用\n"
         "高雄市長今天出席亞灣創新園區第二期啟用典禮。\n", "高雄亞灣5G AIoT創新園區第二期啟用"),
        # the title field of a gov.cn information table (its label spaced with U+3000)
        ("索 引 号：000014349/2021-00123\n发文机关：国务院\n成文日期：2021年12月12日\n"
         "标\u3000\u3000题：国务院关于印发“十四五”数字经济发展规划的通知\n发文字号：国发〔2021〕29号\n"
         "国务院关于印发“十四五”数字经济发展规划的通知\n各省、自治区、直辖市人民政府：\n",
         "国务院关于印发“十四五”数字经济发展规划的通知"),
        # an export's labelled title line
        ("【标题】 国务院关于加快推进“互联网+政务服务”工作的指导意见\n"
         "【发文字号】国发〔2016〕55号\n各省、自治区、直辖市人民政府：\n",
         "国务院关于加快推进“互联网+政务服务”工作的指导意见"),
        # a decree with no title line: the enactment it promulgates
        ("贵州省人民政府令\n第218号\n《贵州省政务数据资源管理办法》已经省人民政府常务会议通过，"
         "现予公布，自2024年5月1日起施行。\n省长　李炳军\n二〇二四年三月五日\n"
         "贵州省政务数据资源管理办法\n第一章　总　则\n第一条　为了加强管理，制定本办法。\n",
         "贵州省政务数据资源管理办法"),
        # ... not a numbered part of it; with no heading for it, the enactment its preamble names
        ("上海市人民政府令\n第19号\n《上海市人民政府关于修改〈上海市公共数据开放暂行办法〉的决定》"
         "已经市政府常务会议通过，现予公布，自公布之日起施行。\n市长　龚正\n2024年3月1日\n"
         "一、将第五条修改为数据开放的相关规定\n二、删去第十条。\n",
         "上海市人民政府关于修改〈上海市公共数据开放暂行办法〉的决定"),
        # a table's fields two to a line, one a spaced label (分　　类：), and its 名　　称： field
        ("索 引 号：11440300MB2C92040K/2023-00123\u3000分\u3000\u3000类：通知\n"
         "发布机构：深圳市政务服务数据管理局\u3000成文日期：2023-06-28\n"
         "名\u3000\u3000称：深圳市政务服务数据管理局关于印发《公共数据开放管理办法》的通知\n\n"
         "深圳市政务服务数据管理局关于印发《公共数据开放管理办法》的通知\n各区政务服务数据管理局：\n"
         "现将《公共数据开放管理办法》印发给你们，请认真贯彻执行。\n",
         "深圳市政务服务数据管理局关于印发《公共数据开放管理办法》的通知"),
        # an issuer above a notice's own title and number: the title is not a decree's head
        ("嘉兴市人民政府\n关于实施城市道路智能停车收费管理的通告\n嘉政告〔2022〕5号\n\n"
         "为规范城市道路停车秩序，市政府决定在中心城区实施智能停车收费管理。现将有关事项通告如下：\n",
         "嘉兴市人民政府关于实施城市道路智能停车收费管理的通告"),
        # a date in brackets closing the title's line is the document's, not the title's
        ("关于公布第三批智慧城市试点名单的通知（2023年11月20日）\n各区人民政府：\n"
         "现将第三批智慧城市试点名单公布如下，请认真组织实施。\n",
         "关于公布第三批智慧城市试点名单的通知"),
        # a Taiwan release: masthead, an ROC date line in any of its forms, then the headline
        ("新竹縣政府 新聞稿\n中華民國一一三年四月二日\n竹縣智慧城市論壇登場　吸引逾六百人參與\n"
         "縣長今（2）日出席智慧城市論壇，共同探討數位治理。\n",
         "竹縣智慧城市論壇登場　吸引逾六百人參與"),
        ("高雄市政府 新聞稿\n113年5月6日\n高市智慧停車再擴充\n市府今（6）日宣布擴充智慧停車格。\n",
         "高市智慧停車再擴充"),
        ("臺中市政府 新聞稿\n113.5.6\n中市智慧路燈建置完成　節電逾5成\n"
         "市府今（6）日表示，智慧路燈建置完成，節電逾5成。\n", "中市智慧路燈建置完成　節電逾5成"),
        ("數位發展部新聞稿\n中華民國113年3月14日\n寬頻普及率創新高\n"
         "數位發展部今（14）日公布，寬頻網路普及率已達9成5。\n", "寬頻普及率創新高"),
        ("行政院新聞稿\n行政院會通過「智慧國家2.0綱領」　4年投入逾新臺幣300億元\n"
         "行政院今（14）日院會通過綱領。\n",
         "行政院會通過「智慧國家2.0綱領」　4年投入逾新臺幣300億元"),
        ("臺中市政府 新聞稿\n中華民國113年3月14日（星期四）\n中市智慧路燈全面上線\n"
         "市府今（14）日宣布智慧路燈全面上線。\n", "中市智慧路燈全面上線"),  # with its weekday
        ("臺中市政府 新聞稿\n113年3月14日(四)\n中市智慧路燈全面上線\n"
         "市府今（14）日宣布智慧路燈全面上線。\n", "中市智慧路燈全面上線"),
        ("政府新聞處\n香港特別行政區政府\n2024年5月3日\n智方便用戶突破二百八十萬\n"
         "政府今日宣布，「智方便」用戶突破二百八十萬。\n", "智方便用戶突破二百八十萬"),
        # a headline that names an organisation, over its byline, is no masthead
        ("走进国家数据局\n作者：王明\n近日，记者走进国家数据局，了解数据要素市场建设情况，已建成平台20个。\n",
         "走进国家数据局"),
        ("探访小米总部\n本报记者 王明\n近日，记者探访小米总部，园区已部署传感器超过1万个。\n",
         "探访小米总部"),
        # ministries' joint notice: the issuers and the 关于… line
        ("工业和信息化部\n国家发展改革委\n住房城乡建设部\n关于推进新型智慧城市建设的指导意见\n"
         "各省、自治区、直辖市人民政府：\n为推进建设，提出如下意见。\n",
         "工业和信息化部国家发展改革委住房城乡建设部关于推进新型智慧城市建设的指导意见"),
        # a stack of issuers above the headline (Macao's 新聞局 / 澳門特別行政區政府)
        ("新聞局\n澳門特別行政區政府\n2024-05-10 18:30\n智慧城市發展策略獲諮詢委員會討論\n"
         "經濟財政司司長表示，特區政府將投入約5億澳門元推動智慧城市建設。\n",
         "智慧城市發展策略獲諮詢委員會討論"),
        # ... and a joint notice's issuers above its 关于…: one title
        ("中共杭州市委办公厅\n杭州市人民政府办公厅\n关于加快推进城市大脑建设的实施意见\n"
         "各区、县（市）党委和人民政府，市直属各单位：\n为加快推进城市大脑建设，现提出如下意见。\n",
         "中共杭州市委办公厅杭州市人民政府办公厅关于加快推进城市大脑建设的实施意见"),
        # a social-media post: its account is a byline, its 【headline】 the title
        ("@深圳发布\n#深圳智慧城市# 【深圳新型智慧城市建设再获殊荣】12月1日，深圳获评“新型智慧城市"
         "标杆市”。目前，全市累计建成5G基站7.3万个。\n", "深圳新型智慧城市建设再获殊荣"),
        ("來自 ＠臺南市政府\n＃智慧臺南＃＃交通＃【智慧路燈建置完成】本市今年完成智慧路燈建置，"
         "共計1萬2千盞。\n", "智慧路燈建置完成"),
        # ... but a title line stays the title, and a short export label in 【】 is none
        ("深圳发布\n【深圳新型智慧城市建设再获殊荣】12月1日，深圳获评“新型智慧城市标杆市”，全市累计建"
         "成5G基站7.3万个，5G基站密度居全国第一。\n", "深圳发布"),
        ("【2024年6月18日，中国深圳】华为今日宣布，推出城市智能体解决方案，已在30个城市落地。\n"
         "媒体联系：王先生\n", ""),  # a company release's dateline
        ("【記者王小明／台北報導】臺北市政府今日宣布，智慧路燈建置完成，共計1萬盞。\n", ""),
        ("【新华社北京3月5日电】国务院今日召开常务会议，研究部署数字政府建设工作。\n", ""),
        ("【法宝引证码】CLI.12.123456 发布部门：国务院办公厅，成文日期：2024年1月1日，现将有关事项"
         "通知如下，请认真贯彻执行，抓好落实。\n", ""),
    ],
)
def test_mastheads_and_title_fields_give_the_real_title(raw, title):
    doc = parse_document(RawDocument("d", "d.txt", "txt", "utf-8", "0", raw))
    assert doc.meta.title == title
