"""Tests for cityreports.metadata.people: event, place, authors and source."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.metadata import people as md
from cityreports.metadata.people import (
    extract_authors,
    extract_event,
    extract_location,
    extract_source,
)
from cityreports.records import (
    NormalizedText,
    RawDocument,
)

from .. import factories


def make_doc(parts: list[tuple[str, str]], **kw) -> tuple[RawDocument, NormalizedText, tuple]:
    """The factory's document from ``(role, text)`` lines, as ``extract_metadata``'s arguments."""
    doc = factories.make_doc(parts, **kw)
    return doc.raw, doc.norm, doc.blocks


# ---------------------------------------------------------------- event, place, people


@pytest.mark.parametrize(
    ("text", "event", "place"),
    [
        ("2020年12月3日上午，以“人民的城市”为主题的2020（第六届）中国智慧城市博览会在北京展览馆隆重开幕。",
         "2020（第六届）中国智慧城市博览会", "北京展览馆"),
        ("3月24日，由甲和乙打造的“CAICT TALKS 智汇沙龙”在京举办，对话以《智慧》为主题。",
         "CAICT TALKS 智汇沙龙", "京"),
        ("11月19日，第二十五届高交会智慧城市展在万众瞩目中圆满落幕。",
         "第二十五届高交会智慧城市展", "万众瞩目中"),
        ("今天天气很好。", "", ""),
        # a credit before and a time after the name are not part of it
        ("新华社北京3月5日电（记者 张三）第十四届全国人民代表大会第一次会议"
         "5日上午在人民大会堂开幕。", "第十四届全国人民代表大会第一次会议", "人民大会堂"),
    ],
)  # fmt: skip
def test_extract_event(text, event, place):
    assert extract_event(text) == (event, place)


@pytest.mark.parametrize(
    ("place", "location"),
    [("北京展览馆", "北京"), ("京", "北京"), ("南昌市青云谱区", "南昌市青云谱区"),
     ("深圳会展中心", "深圳"), ("万众瞩目中", ""), ("", ""), ("浙江省乌镇", "浙江省乌镇")],
)  # fmt: skip
def test_extract_location(place, location):
    assert extract_location(place) == location


@pytest.mark.parametrize(
    ("parts", "authors"),
    [
        ([("byline", "丛晓男 刘治彦")], ("丛晓男", "刘治彦")),
        ([("byline", "作者：张三、李四")], ("张三", "李四")),
        ([("body", "正文内容。（记者 成静）")], ("成静",)),
        ([("credit", "（记者 王五 通讯员 赵六）")], ("王五", "赵六")),
        ([("credit", "责任编辑：庄立")], ()),
        ([("body", "记者从会上获悉，张三说。")], ()),
        ([("byline", "国务院总理 李克强")], ("李克强",)),
        ([("byline", "总理 李克强")], ("李克强",)),
        ([("byline", "文/阿依古丽·买买提")], ("阿依古丽·买买提",)),
        ([("byline", "记者王小明／台北报导")], ("王小明",)),
        ([("body", "本报讯（记者 李四）近日，城市大脑上线。")], ("李四",)),
        ([("body", "新华社北京3月5日电（记者 张三）会议开幕。")], ("张三",)),
        # a Taiwan paper's byline after the date and time
        ([("front_matter", "2024-03-05 14:20 联合报／记者陈秋云／台中即时报导")], ("陈秋云",)),
    ],
)
def test_extract_authors(parts, authors):
    assert extract_authors(make_doc(parts)[2]) == authors


@pytest.mark.parametrize(
    ("parts", "source"),
    [
        ([("body", "参会人数达到数万人。（国家发展改革委）")], "国家发展改革委"),
        ([("body", "正文。"), ("credit", "（国家发展改革委）")], "国家发展改革委"),
        ([("body", "正文。（记者 成静）")], ""),
        ([("body", "正文。"), ("boilerplate", "凡本网站注明“来源：中国网科技”的所有作品")],
         "中国网科技"),
        ([("byline", "来源：人民日报"), ("boilerplate", "注明“来源：中国网科技”")], "人民日报"),
        ([("body", "新华社北京3月5日电（记者 张三）会议召开。")], "新华社"),
        ([("body", "本报北京3月5日电 会议召开。")], ""),
        ([("body", "人民网北京12月3日电 记者从会上获悉。")], "人民网"),
        ([("title", "城市大脑上线"), ("body", "本报讯（记者 李四）近日上线运行。"),
          ("body", "市民可通过手机查询。"), ("body", "来源：人民日报")], "人民日报"),
        ([("body", "2021-03-24 10:15:33 来源：中国网"), ("body", "正文。")], "中国网"),
        # a data source inside prose is not the publisher
        ([("body", "正文。"), ("body", "数据来源：国家统计局")], ""),
        # policy text: the issuing body above the signature date, not （此件公开发布）
        ([("title", "国务院办公厅关于印发方案的通知"), ("body", "国办发〔2022〕14号"),
          ("body", "各省、自治区、直辖市人民政府："), ("body", "现印发给你们，请认真贯彻执行。"),
          ("credit", "国务院办公厅"), ("credit", "2022年6月6日"), ("credit", "（此件公开发布）")],
         "国务院办公厅"),
        ([("body", "一、总体要求。"), ("body", "国家发展改革委"), ("body", "工业和信息化部"),
          ("body", "2014年8月27日")], "国家发展改革委、工业和信息化部"),
        # no signature: the issuer named in the title
        ([("title", "住房和城乡建设部关于开展智慧城市试点工作的通知"),
          ("body", "各地：现通知如下。")], "住房和城乡建设部"),
    ],
)  # fmt: skip
def test_extract_source(parts, source):
    assert extract_source(make_doc(parts)[2]) == source


EVENT_ALPHABET = st.sampled_from(
    ["召开", "举办", "举行", "开幕", "拉开帷幕", "隆重", "在", "北京", "“", "”", "《", "》", "，",
     "。", " ", "的", "论坛", "博览会", "大会", "智慧城市", "第六届", "2020"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(EVENT_ALPHABET, max_size=80))
def test_extract_event_skips_only_text_without_a_clause(pieces):
    """extract_event starts its search shortly before the first event verb: same answer as a
    scan of the whole text."""
    text = "".join(pieces)
    expected = ("", "")
    for m in md._P.event_clause.finditer(text):
        subject = m["subject"]
        if subject[0] not in "“《「":
            subject = md._trim_subject(subject)
        name = md._clean_event(subject)
        if len(name) >= 3 and (md._P.event_end.search(name) or subject[0] in "“《「"):
            expected = (name, (m["place"] or "")[1:])
            break
    assert extract_event(text) == expected
    assert extract_event("。" * 200 + text) == expected  # verbs far from the start
