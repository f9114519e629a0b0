"""Tests for cityreports.metadata.dates: numerals of dates, years, date mentions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.metadata.dates import (
    DateMention,
    find_dates,
    parse_chinese_number,
    parse_chinese_year,
)
from cityreports.pipeline.parse import parse_document
from cityreports.records import RawDocument

# ---------------------------------------------------------------- numbers and years


@pytest.mark.parametrize(
    ("text", "value"),
    [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("三十一", 31),
     ("二〇二〇", 2020), ("二零一五", 2015), ("", None), ("十十", None), ("百", None),
     ("一二十", None)],
)  # fmt: skip
def test_parse_chinese_number(text, value):
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize(
    ("text", "roc", "year"),
    [("2020", False, 2020), ("2020年", False, 2020), ("二〇二〇年", False, 2020),
     ("民国108年", False, 2019), ("民國108", False, 2019), ("108", True, 2019),
     ("108", False, None), ("1850", False, None), ("30", False, None), ("abc", False, None),
     ("", False, None)],
)  # fmt: skip
def test_parse_chinese_year(text, roc, year):
    assert parse_chinese_year(text, roc=roc) == year


# ---------------------------------------------------------------- find_dates


@pytest.mark.parametrize(
    ("text", "roc", "expected"),
    [
        ("2015年12月12日，论坛召开", False, [("2015-12-12", "ymd")]),
        ("2020年12月3日上午", False, [("2020-12-03", "ymd")]),
        ("——2017年3月5日在第十二届全国人民代表大会上", False, [("2017-03-05", "ymd")]),
        ("二〇二〇年十二月三日", False, [("2020-12-03", "chinese")]),
        ("——一九九O年四月五日在市人民代表大会上", False, [("1990-04-05", "chinese")]),  # OCR's O
        ("面向二〇三五年远景目标", False, [("2035", "chinese")]),
        ("发布于2020-12-03，更新", False, [("2020-12-03", "numeric")]),
        ("2020.12.03", False, [("2020-12-03", "numeric")]),
        ("2020/12/3", False, [("2020-12-03", "numeric")]),
        ("民國108年3月5日", False, [("2019-03-05", "roc")]),
        ("108年3月5日", True, [("2019-03-05", "roc")]),
        ("108年3月5日", False, []),  # bare ROC year only in Taiwanese text
        ("擁有108年歷史", True, []),
        # bare ROC years 100-150 without a month, only in Taiwanese text; durations are not years
        ("112年度补助", True, [("2023", "roc")]),
        ("政府将于113年投入", True, [("2024", "roc")]),
        ("112年度补助", False, []),
        ("长达120年", True, []),
        ("成立99年", True, []),
        ("民国111年全台", False, [("2022", "roc")]),
        # Taiwanese dateline day
        ("行政院今（15）日召开会议", True, [("---15", "day")]),
        ("行政院（15）日表示", True, [("---15", "day")]),
        ("（1）日常管理", True, []),
        ("行政院今（15）日召开会议", False, []),
        # Taiwanese numeric dates with an ROC year; an ROC year in Chinese numerals anywhere
        ("发稿日期：113/03/05", True, [("2024-03-05", "roc")]),
        ("发布日期：113.03.05", True, [("2024-03-05", "roc")]),
        ("发稿日期：113/03/05", False, []),
        ("发文日期：中华民国一一三年三月五日", False, [("2024-03-05", "roc")]),
        ("3月24日，在京举办", False, [("--03-24", "md")]),
        ("截至2015年8月，共计", False, [("2015-08", "ym")]),
        ("于2013年发起", False, [("2013", "y")]),
        ("持续30年至50年", False, []),
        ("2021年2月30日", False, []),
        ("13月5日", False, []),
        ("版本1.2.3和2020.13.01", False, []),
        ("3·15消费曝光台", False, []),
        (
            "2012年12月5日，住建部发布；3月24日举办",
            False,
            [("2012-12-05", "ymd"), ("--03-24", "md")],
        ),
        # English dates, month first or day first (bilingual and Hong Kong releases)
        ("SHENZHEN, China, March 5, 2024 /PRNewswire/", False, [("2024-03-05", "numeric")]),
        ("Tuesday, 5 March 2024", False, [("2024-03-05", "numeric")]),
        ("Issued at HKT 15:30 on 12 Feb 2024", False, [("2024-02-12", "numeric")]),
        ("May 2024 was hot; Feb 30, 2024", False, []),
    ],
)
def test_find_dates(text, roc, expected):
    found = find_dates(text, roc=roc)
    assert [(m.iso, m.form) for m in found] == expected
    for m in found:
        assert text[m.start : m.end].strip() == text[m.start : m.end]


_MONTHS = ("January February March April May June July August September October November "
           "December").split()


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}", "{y}.{m}.{d}", "{y}/{m}/{d}",
                        "{mon} {d}, {y}", "{d} {mon} {y}"]),
       st.text(alphabet="，。在北京召开 ", max_size=5))  # fmt: skip
def test_find_dates_round_trip(date, template, context):
    text = context + template.format(y=date.year, m=date.month, d=date.day,
                                     mon=_MONTHS[date.month - 1]) + context
    found = find_dates(text)
    assert [m.iso for m in found] == [date.isoformat()]
    assert (found[0].year, found[0].month, found[0].day) == (date.year, date.month, date.day)


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("0123456789年月日号〇一二三十民国.-/ ，。在举办")),
               max_size=40))  # fmt: skip
def test_find_dates_never_raises_and_offsets_are_sane(text):
    found = find_dates(text, roc=True)
    ends = [0]
    for m in found:
        assert isinstance(m, DateMention)
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= ends[-1]  # sorted, not overlapping
        ends.append(m.end)
        assert m.iso.startswith("--") == (m.year is None)


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=40))
def test_taken_spans_find_overlaps_as_a_scan_over_every_span_would(spans):
    from cityreports.metadata.dates import _Taken

    taken, kept = _Taken(), []
    for start, length in spans:
        end = start + length
        naive = any(s < end and start < e for s, e in kept)
        assert taken.overlaps(start, end) is naive
        if not naive:
            taken.add(start, end)
            kept.append((start, end))


@pytest.mark.parametrize("text, date", [
    ("发布时间：2023年5月6日", "2023年5月6日"),
    ("2023年5月6日，市政府召开智慧城市建设推进会", "2023年5月6日"),
    ("会议印发了2021年3月2日的《方案》", "2021年3月2日"),
])
def test_a_date_scores_the_same_far_inside_a_long_line(text, date):
    """Text far before and after a date (beyond the context read) changes nothing."""
    from cityreports.metadata.dates import CONTEXT_CHARS, find_dates, score_date

    pad = "城" * (3 * CONTEXT_CHARS)
    long_text = pad + "\n" + text + "。" + pad
    short = next(m for m in find_dates(text) if text[m.start:m.end] == date)
    far = next(m for m in find_dates(long_text) if long_text[m.start:m.end] == date)
    assert score_date(long_text, far) == score_date(text + "。", short)



def test_an_events_time_label_is_no_publication_date():
    """会议时间：… is the meeting's; the notice's own date is the one it is signed with."""
    raw = ("关于召开全市数字政府建设推进会的通知\n各区人民政府：\n"
           "一、会议时间：2024年3月15日上午9:00\n二、会议地点：市政府第一会议室\n"
           "请各单位准时参加。\n市政府办公室\n2024年3月10日\n")
    doc = parse_document(RawDocument("d", "d.txt", "txt", "utf-8", "0", raw))
    assert doc.meta.date == "2024-03-10"


@pytest.mark.parametrize(("stated", "iso"), [("113-03-05", "2024-03-05"),
                                             ("2024-03-05", "2024-03-05")])
def test_a_records_roc_date_field_is_read(stated, iso):
    raw = RawDocument("d", "d.jsonl", "jsonl", "utf-8", "0", "臺北市推動智慧城市。",
                      {"date": stated, "text_source": "content"})
    assert parse_document(raw).meta.date == iso


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        # a reprint's source line is a labelled date, and it outranks the event's
        ("智能新时代 共享新未来\n——2023世界智能产业博览会综述\n"
         "5月18日至21日，2023世界智能产业博览会在天津举行。\n本届博览会共签约项目182个。\n"
         "（原载《天津日报》2023年5月22日第1版）\n", "2023-05-22"),
        ("专访住房城乡建设部有关负责人\n新华社北京3月5日电（记者　王优玲）\n"
         "问：当前平台建设进展如何？\n答：全国已有31个省份建成平台。\n（原载2024年3月6日《人民日报》）\n",
         "2024-03-05"),  # the wire's own date, its year from the reprint's
        # a date with no year takes the year of a dated line a few days from it
        ("數字政策辦公室推出「數據共享平台」\n新聞公報　2024年3月4日\n"
         "　　數字政策辦公室今日（三月五日）宣布，「數據共享平台」正式啟用。\n", "2024-03-05"),
        # ... across the turn of a year
        ("城市大脑上线运行\n新华社杭州12月31日电\n城市大脑今日正式上线运行，接入数据十亿条。\n"
         "（原载2025年1月2日《浙江日报》）\n", "2024-12-31"),
        ("城市大脑上线运行\n杭州12月31日讯\n城市大脑今日正式上线运行，接入数据十亿条。\n"
         "本报记者 张三 2025年1月2日\n", "2024-12-31"),
        # ... but not of one further away, nor of a date in the body's sentences
        ("數字政策辦公室推出「數據共享平台」\n新聞公報　2024年2月1日\n"
         "　　數字政策辦公室今日（三月五日）宣布，「數據共享平台」正式啟用。\n", "--03-05"),
        ("數字政策辦公室推出「數據共享平台」\n"
         "　　數字政策辦公室今日（三月五日）宣布，平台將於2025年3月6日全面啟用。\n", "--03-05"),
        # a date in brackets closing the title's line
        ("关于公布第三批智慧城市试点名单的通知（2023年11月20日）\n各区人民政府：\n"
         "现将名单公布如下，请认真组织实施。自2024年1月1日起施行。\n", "2023-11-20"),
        # a release's dateline: place, date and a dash
        ("For Immediate Release 即时发布\n中国杭州，2024年3月5日——\n"
         "城市大脑公司发布城市智能体平台\n城市大脑公司今日在杭州发布平台，已在5个城市试点，计划2024年6月1日全面上线。\n",
         "2024-03-05"),
        # a wire's dateline is the story's date, whatever document its sentence cites
        ("国务院常务会议部署推进数字政府建设\n"
         "新华社北京8月25日电 国务院总理主持召开国务院常务会议，"
         "审议通过《关于加强数字政府建设的指导意见》。\n会议指出，要加快推进数字政府建设。\n",
         "--08-25"),
    ],
)
def test_a_date_without_a_year_borrows_a_dated_line_nearby(raw, iso):
    doc = parse_document(RawDocument("d", "d.txt", "txt", "utf-8", "0", raw))
    assert doc.meta.date == iso


@pytest.mark.parametrize(
    ("raw", "iso", "year"),
    [
        # a date line that also holds the document number it was approved or issued under
        ("臺中市智慧城市推動計畫（113年至116年）\n中華民國113年1月15日府授經字第1130012345號函核定\n"
         "壹、計畫緣起\n為推動智慧城市發展，本府規劃於4年內投入新臺幣12億元。\n",
         "2024-01-15", 2024),
        ("行政院智慧國家方案\n中華民國112年3月2日院臺經字第1120012345號令修正發布\n"
         "第一條　為推動數位發展，特訂定本方案。\n", "2023-03-02", 2023),
        ("杭州市数字政府建设实施方案（2024—2026年）\n2024年1月15日 杭政发〔2024〕3号\n"
         "为加快推进数字政府建设，制定本方案。\n", "2024-01-15", 2024),
        # ... but a sentence that cites a number is no date line
        ("数字政府建设情况的报告\n一、工作进展\n"
         "我们于2023年5月6日根据杭政发〔2023〕3号文件的要求，全面完成了平台建设和数据归集工作，"
         "并向社会公开了成果。\n", "", 2023),
    ],
)
def test_a_date_line_may_hold_a_document_number(raw, iso, year):
    meta = parse_document(RawDocument("d", "d.txt", "txt", "utf-8", "0", raw)).meta
    assert (meta.date, meta.year) == (iso, year)
