"""Tests for cityreports.metadata.year: event years and year inference."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.metadata.ordinals import session_year
from cityreports.metadata.year import find_event_years, infer_year
from cityreports.records import (
    NormalizedText,
    RawDocument,
)

from .. import factories


def make_doc(parts: list[tuple[str, str]], **kw) -> tuple[RawDocument, NormalizedText, tuple]:
    """The factory's document from ``(role, text)`` lines, as ``extract_metadata``'s arguments."""
    doc = factories.make_doc(parts, **kw)
    return doc.raw, doc.norm, doc.blocks


# ---------------------------------------------------------------- event years and inference


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("国家信息中心主任在2023智慧城市发展论坛主论坛如是说", [(2023, "2023智慧城市发展论坛")]),
        ("日前，2020第六届中国智慧城市博览会在北京开幕", [(2020, "2020第六届中国智慧城市博览会")]),
        ("聚焦2021年全国两会", [(2021, "2021年全国两会")]),
        ("2020（第六届）中国智慧城市博览会", [(2020, "2020（第六届）中国智慧城市博览会")]),
        ("于2013年发起成立了首届“智慧城市论坛”", []),
        ("2023智慧城市发展", []),
        ("面向2035年基本实现现代化", []),
        ("冬奥会将于2022年冬奥会举办", []),
        ("聚焦2020年商业银行年报", []),
    ],
)
def test_find_event_years(text, years):
    assert [(h.year, h.text) for h in find_event_years(text)] == years


def test_infer_year_prefers_body_then_latest():
    _, _, blocks = make_doc(
        [("body", "2019智慧城市论坛和2020智慧城市峰会先后举办。"),
         ("boilerplate", "2022年全国两会")]
    )  # fmt: skip
    assert infer_year(blocks) == (2020, "2020智慧城市峰会")
    _, _, only_footer = make_doc([("body", "日前举办。"), ("boilerplate", "2021年全国两会聚焦")])
    assert infer_year(only_footer) == (2021, "2021年全国两会")
    _, _, dated = make_doc([("body", "截至2015年8月，共计672个。到2035年基本实现。")])
    assert infer_year(dated) == (2015, "2015年8月")
    _, _, nothing = make_doc([("body", "第六届博览会举办。到2035年基本实现。")])
    assert infer_year(nothing) is None


@pytest.mark.parametrize(
    ("parts", "roc", "expected"),
    [
        # an ROC fiscal year in the title beats a past data year and a future plan year
        ([("title", "行政院推动智慧城市 112年度补助县市逾20亿元"),
          ("body", "行政院今（15）日召开会议，政府将于113年投入约25亿元。"),
          ("body", "据统计，民国111年全台共有逾1,500家业者。")],
         True, (2023, "112年度 (ROC 112 = 2023)")),
        # a title naming the year of an annual document
        ([("title", "2024年重庆市智慧城市建设工作要点"), ("body", "全年新建智慧社区300个。")],
         False, (2024, "2024年重庆市智慧城市建设工作要点")),
        ([("title", "苏州工业园区2023年智慧城市建设情况通报"), ("body", "园区建成平台。")],
         False, (2023, "2023年智慧城市建设情况通报")),
        ([("title", "2023年南京市国民经济和社会发展统计公报"), ("body", "全年实现生产总值。")],
         False, (2023, "2023年南京市国民经济和社会发展统计公报")),
        ([("title", "智慧城市建设工作要点"), ("body", "到2025年建成平台。")], False, None),
        # a plan titled with its period (or the notice issuing it) is of its first year
        ([("title", "上海市智慧城市建设行动方案（2024—2026年）"), ("body", "到2026年建成平台。")],
         False, (2024, "2024—2026年")),
        ([("title", "关于印发苏州市数字政府建设三年行动计划（2024-2026年）的通知"),
          ("body", "现印发给你们。")], False, (2024, "2024-2026年")),
        ([("title", "智慧城市建设回顾（2019—2023年）数据"), ("body", "建成平台。")], False, None),
        # a plan titled with its period is of the period's first year, not its last
        ([("title", "台中市智慧城市推动计划（113年至116年）"), ("body", "本府规划投入12亿元。")],
         True, (2024, "113年 (ROC 113 = 2024)")),
        ([("title", "台中市智慧城市推动计划（113-116年）"), ("body", "本府规划投入12亿元。")],
         True, (2024, "113-116年 (ROC 113 = 2024)")),
        # without it: the latest past ROC year; the plan year (将于113年) never counts
        ([("title", "行政院推动智慧城市"),
          ("body", "政府将于113年投入约25亿元。据统计，民国111年全台共有逾1,500家业者。")],
         True, (2022, "据统计，民国111年 (ROC 111 = 2022)")),
        # a data year is a lower bound, quoted from the data cue
        ([("body", "局长表示，未来5年内推动。"),
          ("body", "根据统计处数据，2022年本港共有约3,400间初创企业。")],
         False, (2022, "根据统计处数据，2022年")),
        ([("body", "2022年本港共有约3,400间初创企业。到2025年统计将完成。")], False, None),
        # the document's own number: year of issue
        ([("title", "国务院办公厅关于印发方案的通知"), ("body", "国办发〔2022〕14号"),
          ("body", "根据《规划》（国发〔2015〕40号），2021年8月以来推进。")],
         False, (2022, "国办发〔2022〕14号")),
        ([("body", "根据《规划》（国发〔2015〕40号）推进。")], False, None),
    ],
)  # fmt: skip
def test_infer_year_roc_data_and_document_numbers(parts, roc, expected):
    assert infer_year(make_doc(parts)[2], roc=roc) == expected


@pytest.mark.parametrize(
    ("text", "year"),
    [("第十四届全国人民代表大会第一次会议", 2023), ("十三届全国人大三次会议", 2020),
     ("政协第十四届全国委员会第二次会议", 2024), ("全国政协十二届五次会议", 2017),
     ("第六届全国人民代表大会第一次会议", 1983),
     ("第十四届全国人民代表大会常务委员会第五次会议", None),  # standing committee: not annual
     ("第五届全国人民代表大会第一次会议", 1978), ("第四届全国人民代表大会第一次会议", 1975),
     ("第十四届全国人民代表大会第九次会议", None),
     ("第二十五届高交会", None)],
)  # fmt: skip
def test_session_year(text, year):
    found = session_year(text)
    assert (found[0] if found else None) == year
    if found:
        assert str(year) in found[1]


def test_infer_year_from_a_two_sessions_event_in_the_head():
    parts = [("title", "智慧城市建设提速"),
             ("body", "新华社北京3月5日电（记者 张三）第十四届全国人民代表大会第一次会议开幕。"),
             ("body", "截至2022年8月，共建成5G基站。")]  # fmt: skip
    expected = (2023, "第十四届全国人民代表大会第一次会议 (held in 2023)")
    assert infer_year(make_doc(parts)[2]) == expected
    # an event-name year in the body still comes first
    parts.append(("body", "主任在2022智慧城市论坛上说。"))
    assert infer_year(make_doc(parts)[2]) == (2022, "2022智慧城市论坛")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("根据数据统计年报。；！\n2024年增长的")),
               max_size=60), st.data())  # fmt: skip
def test_data_cue_lookup_is_the_sentence_search_it_replaces(text, data):
    # the year guess looks up the data cue of a year's sentence in spans found once per block
    # (linear); it must give what a search of the sentence before the year gives
    import re

    from cityreports.metadata import year as year_module

    pos = data.draw(st.integers(min_value=0, max_value=len(text)))
    starts = [0] + [m.end() for m in year_module._SENTENCE_END.finditer(text)]
    cues = [m.span() for m in year_module._P.data_cue.finditer(text)]
    start = max(text.rfind(p, 0, pos) for p in "。！？!?；;\n") + 1
    found = year_module._P.data_cue.search(text, start, pos)
    expected = found.start() if found else None
    if found is not None and re.search(r"[\d。！？!?；;\n]", found.group()):
        return  # cue words hold no punctuation or digit
    assert year_module._cue_before(cues, starts, pos) == expected
