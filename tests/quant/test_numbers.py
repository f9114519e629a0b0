"""Number grammar: numerals, multipliers, qualifiers, units, ranges and exclusions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.quant.number_diagnostics import scan_diagnostics
from cityreports.quant.numbers import (
    scan_quantities,
    scan_with_diagnostics,
    starts_with_point_noun,
)

# text, surface, value, low, high, unit, qualifier, kind
CASES = [
    ("展期3天", "3天", 3, 3, 3, "天", "exact", "duration"),
    ("参展单位约200余家", "约200余家", 200, 200, None, "家", "approx_more_than", "measure"),
    ("展出面积近2万平米", "近2万平米", 20000, None, 20000, "平方米", "nearly", "measure"),
    ("活动10余场", "10余场", 10, 10, None, "场", "more_than", "measure"),
    ("嘉宾逾百人", "逾百人", 100, 100, None, "人", "more_than", "measure"),
    ("近百个地方政府", "近百个", 100, None, 100, "个", "nearly", "measure"),
    ("超百家企业", "超百家", 100, 100, None, "家", "more_than", "measure"),
    ("人数达到数万人", "数万人", None, 20000, 90000, "人", "vague_range", "measure"),
    ("数十家企业", "数十家", None, 20, 90, "家", "vague_range", "measure"),
    ("几百人", "几百人", None, 200, 900, "人", "vague_range", "measure"),
    ("六七十人", "六七十人", None, 60, 70, "人", "vague_range", "measure"),
    ("两场高端对话", "两场", 2, 2, 2, "场", "exact", "measure"),
    (
        "金额达196.98万亿元",
        "196.98万亿元",
        196.98e12,
        196.98e12,
        196.98e12,
        "元",
        "exact",
        "measure",
    ),
    ("投资5000万元", "5000万元", 5e7, 5e7, 5e7, "元", "exact", "measure"),
    ("资助3万港元", "3万港元", 3e4, 3e4, 3e4, "港元", "exact", "measure"),
    ("超60万人次观众", "超60万人次", 6e5, 6e5, None, "人次", "more_than", "measure"),
    ("持续30年至50年领先", "30年至50年", None, 30, 50, "年", "range", "duration"),
    ("未来5年~10年", "5年~10年", None, 5, 10, "年", "range", "duration"),
    ("5至10年", "5至10年", None, 5, 10, "年", "range", "duration"),
    ("18-40岁", "18-40岁", None, 18, 40, "岁", "range", "measure"),
    ("不到两年的时间", "不到两年", 2, None, 2, "年", "less_than", "duration"),
    ("不足三成", "不足三成", 30, None, 30, "%", "less_than", "percentage"),
    ("过去30多年", "30多年", 30, 30, None, "年", "more_than", "duration"),
    ("近180亿条", "近180亿条", 1.8e10, None, 1.8e10, "条", "nearly", "measure"),
    ("新增近50余万条", "近50余万条", 5e5, None, None, "条", "contradictory", "measure"),
    ("9300余万次", "9300余万次", 9.3e7, 9.3e7, None, "次", "more_than", "measure"),
    ("40多个部门", "40多个", 40, 40, None, "个", "more_than", "measure"),
    ("增长6.5%左右", "6.5%左右", 6.5, 6.5, 6.5, "%", "approx", "percentage"),
    ("完工率63.83％", "63.83％", 63.83, 63.83, 63.83, "%", "exact", "percentage"),
    ("提高1.5个百分点", "1.5个百分点", 1.5, 1.5, 1.5, "百分点", "exact", "percentage"),
    ("下降2个百分点以上", "2个百分点以上", 2, 2, None, "百分点", "more_than", "percentage"),
    ("三分之一的城市", "三分之一", 100 / 3, 100 / 3, 100 / 3, "%", "exact", "percentage"),
    ("百分之十五", "百分之十五", 15, 15, 15, "%", "exact", "percentage"),
    ("3成", "3成", 30, 30, 30, "%", "exact", "percentage"),
    ("约5公里", "约5公里", 5, 5, 5, "公里", "approx", "measure"),
    ("10平方公里以内", "10平方公里以内", 10, None, 10, "平方公里", "less_than", "measure"),
    ("大约300人", "大约300人", 300, 300, 300, "人", "approx", "measure"),
    ("将近一半", "将近一半", 50, None, 50, "%", "nearly", "percentage"),  # a verbal half
    ("接近20家", "接近20家", 20, None, 20, "家", "nearly", "measure"),
    ("低于5%", "低于5%", 5, None, 5, "%", "less_than", "percentage"),
    ("突破1000万人", "突破1000万人", 1e7, 1e7, None, "人", "more_than", "measure"),
    ("3万4000元", "3万4000元", 34000, 34000, 34000, "元", "exact", "measure"),
    ("13万2人", "13万2人", 132000, 132000, 132000, "人", "exact", "measure"),
    ("11萬3,000人", "11萬3,000人", 113000, 113000, 113000, "人", "exact", "measure"),
    ("２０个", "２０个", 20, 20, 20, "个", "exact", "measure"),
    ("二十五个", "二十五个", 25, 25, 25, "个", "exact", "measure"),
    ("一百二十家", "一百二十家", 120, 120, 120, "家", "exact", "measure"),
    ("10大类", "10大类", 10, 10, 10, "类", "exact", "measure"),
    ("五大亮点展区", "五大", 5, 5, 5, "个", "exact", "measure"),
    ("连续举办三届", "三届", 3, 3, 3, "届", "exact", "measure"),
    ("近百個城市", "近百個", 100, None, 100, "个", "nearly", "measure"),
    ("兩場主題論壇", "兩場", 2, 2, 2, "场", "exact", "measure"),
    ("3个月", "3个月", 3, 3, 3, "月", "exact", "duration"),
    ("24小时", "24小时", 24, 24, 24, "小时", "exact", "duration"),
    # a tail counted in 万 after 亿 (3亿5千万 = 3.5亿; the 万 is read, the unit follows it)
    ("财政收入3亿5千万元", "3亿5千万元", 3.5e8, 3.5e8, 3.5e8, "元", "exact", "measure"),
    ("預算1億2千萬元", "1億2千萬元", 1.2e8, 1.2e8, 1.2e8, "元", "exact", "measure"),
    ("經費2億3千5百萬元", "2億3千5百萬元", 2.35e8, 2.35e8, 2.35e8, "元", "exact", "measure"),
    ("投资12亿3400万元", "12亿3400万元", 1.234e9, 1.234e9, 1.234e9, "元", "exact", "measure"),
    ("投资1亿5万元", "1亿5万元", 100_050_000, 100_050_000, 100_050_000, "元", "exact",
     "measure"),
    ("投资1亿零5万元", "1亿零5万元", 100_050_000, 100_050_000, 100_050_000, "元", "exact",
     "measure"),
    ("投资3亿零500万元", "3亿零500万元", 3.05e8, 3.05e8, 3.05e8, "元", "exact", "measure"),
    ("收入3亿5千多万元", "3亿5千多万元", 3.5e8, 3.5e8, None, "元", "more_than", "measure"),
    ("收入2亿3456.78万元", "2亿3456.78万元", 234_567_800, 234_567_800, 234_567_800, "元",
     "exact", "measure"),
    ("约3亿5000万人次", "约3亿5000万人次", 3.5e8, 3.5e8, 3.5e8, "人次", "approx", "measure"),
    # a minus sign is read; 负 too, after a word that introduces a value
    ("同比增长-2.5%", "-2.5%", -2.5, -2.5, -2.5, "%", "exact", "percentage"),
    ("增速为负0.3%", "负0.3%", -0.3, -0.3, -0.3, "%", "exact", "percentage"),
    ("人口自然增长为负8800人", "负8800人", -8800, -8800, -8800, "人", "exact", "measure"),
    ("为企业减负200亿元以上", "200亿元以上", 2e10, 2e10, None, "元", "more_than", "measure"),
    ("年龄18-40岁", "18-40岁", None, 18, 40, "岁", "range", "measure"),
    # a range of fractions shares their unit
    ("增长百分之五到百分之八", "百分之五到百分之八", None, 5, 8, "%", "range", "percentage"),
    ("千分之三至千分之五", "千分之三至千分之五", None, 3, 5, "‰", "range", "percentage"),
    ("工业生产增长百分之五至六", "百分之五至六", None, 5, 6, "%", "range", "percentage"),
    ("降低千分之二至三", "千分之二至三", None, 2, 3, "‰", "range", "percentage"),
    ("三分之一到二分之一", "三分之一到二分之一", None, 100 / 3, 50, "%", "range", "percentage"),
    # thousands groups separated by spaces (Hong Kong, Macao), before a Han character
    ("人口為7 413 070人", "7 413 070人", 7413070, 7413070, 7413070, "人", "exact", "measure"),
    ("旅客12 345名", "12 345名", 12345, 12345, 12345, "名", "exact", "measure"),
    # ranges of tenths, formal traditional places, spaced groups before a decimal or Latin unit
    ("比例在三成至四成之间", "三成至四成", None, 30, 40, "%", "range", "percentage"),
    ("比例三至四成", "三至四成", None, 30, 40, "%", "range", "percentage"),
    ("預算3億5仟萬元", "3億5仟萬元", 3.5e8, 3.5e8, 3.5e8, "元", "exact", "measure"),
    ("總額為12 345.6百萬元", "12 345.6百萬元", 1.23456e10, 1.23456e10, 1.23456e10, "元",
     "exact", "measure"),
    ("存储容量达到1 200PB", "1 200PB", 1200, 1200, 1200, "PB", "exact", "measure"),
    # computing, storage and network units
    ("算力规模达到230EFLOPS", "230EFLOPS", 230, 230, 230, "EFLOPS", "exact", "measure"),
    ("2.3万PFlops", "2.3万PFlops", 23000, 23000, 23000, "PFLOPS", "exact", "measure"),
    ("年数据量达10ZB", "10ZB", 10, 10, 10, "ZB", "exact", "measure"),
    ("全市算力规模超过1000P", "超过1000P", 1000, 1000, None, "PFLOPS", "more_than", "measure"),
    ("提供算力7.12P（PFlops）", "7.12P", 7.12, 7.12, 7.12, "PFLOPS", "exact", "measure"),
    ("时延低于10ms", "低于10ms", 10, None, 10, "毫秒", "less_than", "duration"),
    ("时延20毫秒", "20毫秒", 20, 20, 20, "毫秒", "exact", "duration"),
    ("骨干网带宽1.2Tbps", "1.2Tbps", 1.2, 1.2, 1.2, "Tbps", "exact", "measure"),
    # 千 that starts a unit is the unit's (a red-team helper: 300千瓦 was 300,000 with no unit)
    ("装机容量300千瓦", "300千瓦", 300, 300, 300, "千瓦", "exact", "measure"),
    ("平均电耗12.5千瓦时", "12.5千瓦时", 12.5, 12.5, 12.5, "千瓦时", "exact", "measure"),
    ("修建道路35千米", "35千米", 35, 35, 35, "公里", "exact", "measure"),
    ("建成500千伏输变电工程", "500千伏", 500, 500, 500, "千伏", "exact", "measure"),
    ("装机3千万千瓦", "3千万千瓦", 3e7, 3e7, 3e7, "千瓦", "exact", "measure"),
    # two neighbouring digits are a range, also with 两, tens before them or places after
    ("两三年内完成", "两三年内", None, 2, 3, "年", "less_than", "duration"),
    ("一两家企业", "一两家", None, 1, 2, "家", "vague_range", "measure"),
    ("十一二个项目", "十一二个", None, 11, 12, "个", "vague_range", "measure"),
    ("二十三四岁的青年", "二十三四岁", None, 23, 24, "岁", "vague_range", "measure"),
    ("两三百家企业", "两三百家", None, 200, 300, "家", "vague_range", "measure"),
    ("三两天就能办结", "三两天", None, 2, 3, "天", "vague_range", "duration"),
    ("游客十五六万人次", "十五六万人次", None, 1.5e5, 1.6e5, "人次", "vague_range", "measure"),
    ("收入二十三四万元", "二十三四万元", None, 2.3e5, 2.4e5, "元", "vague_range", "measure"),
    # fractions over 十 and 万 (十分 is "very" only before another word)
    ("十分之一的企业", "十分之一", 10, 10, 10, "%", "exact", "percentage"),
    ("误差率万分之三以下", "万分之三以下", 0.03, None, 0.03, "%", "less_than", "percentage"),
    ("为60周岁以上老人", "60周岁以上", 60, 60, None, "岁", "more_than", "measure"),
    ("噪声低于55分贝", "低于55分贝", 55, None, 55, "分贝", "less_than", "measure"),
    ("集装箱吞吐量3000万TEU", "3000万TEU", 3e7, 3e7, 3e7, "标准箱", "exact", "measure"),
    ("下调50个基点", "50个基点", 50, 50, 50, "基点", "exact", "measure"),
    # the number included, said in brackets
    ("投资1000万元（含）以上的项目", "1000万元（含）以上", 1e7, 1e7, None, "元", "more_than",
     "measure"),
    ("补助50万元(含)以下", "50万元(含)以下", 5e5, None, 5e5, "元", "less_than", "measure"),
    # a rate in its compound unit, with the qualifier after it
    ("新房均价18500元/平方米", "18500元/平方米", 18500, 18500, 18500, "元/平方米", "exact",
     "measure"),
    ("设计时速60公里/小时", "60公里/小时", 60, 60, 60, "公里/小时", "exact", "measure"),
    ("外排流量200立方米/秒以上", "200立方米/秒以上", 200, 200, None, "立方米/秒", "more_than",
     "measure"),
    # the currency before the number names the numerator; a span of the calendar is a
    # denominator; a rate's kind is its numerator's
    ("每人补贴港币5000元/人", "5000元/人", 5000, 5000, 5000, "港元/人", "exact", "measure"),
    ("低保标准提升至1413元/月", "1413元/月", 1413, 1413, 1413, "元/月", "exact", "measure"),
    ("处理能力1200吨/日", "1200吨/日", 1200, 1200, 1200, "吨/日", "exact", "measure"),
    ("增速5%/年", "5%/年", 5, 5, 5, "%/年", "exact", "percentage"),
    # a modal verb inside a negated bound keeps its direction (legal and policy text)
    ("累计不得超过300万元", "不得超过300万元", 3e6, None, 3e6, "元", "less_than", "measure"),
    ("不应低于5%", "不应低于5%", 5, 5, None, "%", "more_than", "percentage"),
    ("不能少于10人", "不能少于10人", 10, 10, None, "人", "more_than", "measure"),
    ("不得低于每亩300万元", "300万元", 3e6, 3e6, None, "元", "more_than", "measure"),
    # caps through a verb, a rate word or a tender's ceiling price; a stated maximum stays exact
    ("最高可达500万元", "500万元", 5e6, None, 5e6, "元", "less_than", "measure"),
    ("最长补助6个月", "6个月", 6, None, 6, "月", "less_than", "duration"),
    # 近 before a span of time: the recent past at a clause's start, after 特别是/是/创 or
    # before 来; "nearly" after a verb
    ("近三年累计投入", "三年", 3, 3, 3, "年", "exact", "duration"),
    ("特别是近五年", "五年", 5, 5, 5, "年", "exact", "duration"),
    ("创近六年来新高", "六年", 6, 6, 6, "年", "exact", "duration"),
    ("历时近三年建成", "近三年", 3, None, 3, "年", "nearly", "duration"),
    ("烂尾近30年的问题", "近30年", 30, None, 30, "年", "nearly", "duration"),
    ("进行近2小时的交流", "近2小时", 2, None, 2, "小时", "nearly", "duration"),
    ("其中最长两条隧道贯通", "两条", 2, 2, 2, "条", "exact", "measure"),  # the longest, no cap
    # approx with a verb (约为, 约有), a cap before a currency, a bound of a share with its base
    ("合格率约为六成", "约为六成", 60, 60, 60, "%", "approx", "percentage"),
    ("约有730人次未正确配戴口罩", "约有730人次", 730, 730, 730, "人次", "approx", "measure"),
    ("每月最高补助新台币5,000元", "5,000元", 5000, None, 5000, "新台币", "less_than", "measure"),
    ("最高新台币500万元", "最高新台币500万元", 5e6, None, 5e6, "新台币", "less_than", "measure"),
    ("利率不超过同期贷款市场报价利率的50%", "50%", 50, None, 50, "%", "less_than", "percentage"),
    ("约占全省的三分之一", "三分之一", 100 / 3, 100 / 3, 100 / 3, "%", "approx", "percentage"),
    ("大约相当于全年总量的40%", "40%", 40, 40, 40, "%", "approx", "percentage"),
    ("节约占地面积的20%", "20%", 20, 20, 20, "%", "exact", "percentage"),  # 节约: no about
    ("年产量140万公吨", "140万公吨", 1.4e6, 1.4e6, 1.4e6, "吨", "exact", "measure"),
    ("上限为每户3万元", "3万元", 3e4, None, 3e4, "元", "less_than", "measure"),
    ("最高投标限价：1,280万元", "1,280万元", 1.28e7, None, 1.28e7, "元", "less_than", "measure"),
    ("气温最高达38℃", "38℃", 38, 38, 38, "℃", "exact", "measure"),
    # the units of statistical communiqués and tender notices; a compound before its head
    ("货运周转量456.7亿吨公里", "456.7亿吨公里", 4.567e10, 4.567e10, 4.567e10, "吨公里", "exact",
     "measure"),
    ("PM2.5浓度35微克/立方米", "35微克/立方米", 35, 35, 35, "微克/立方米", "exact", "measure"),
    ("工期180日历天", "180日历天", 180, 180, 180, "天", "exact", "duration"),
    ("发生较大事故3起", "3起", 3, 3, 3, "起", "exact", "measure"),
    ("开行中欧班列500列", "500列", 500, 500, 500, "列", "exact", "measure"),
    ("夜间温度零下5℃", "零下5℃", -5, -5, -5, "℃", "exact", "measure"),  # below zero
    ("气温在-5℃至3℃之间", "-5℃至3℃", None, -5, 3, "℃", "range", "measure"),  # a signed end
    ("气温在-5至3℃之间", "-5至3℃", None, -5, 3, "℃", "range", "measure"),
    ("气温零下12℃到零下3℃", "零下12℃到零下3℃", None, -12, -3, "℃", "range", "measure"),
    ("月租金在1500元至2500元/月之间", "1500元至2500元/月", None, 1500, 2500, "元/月", "range",
     "measure"),  # a range of rates
    # 兆 with a tail in 亿 before a currency (Taiwan budgets)
    ("歲出規模達新台幣2兆8,827億元", "2兆8,827億元", 2.8827e12, 2.8827e12, 2.8827e12, "新台币",
     "exact", "measure"),
    ("約新台幣1兆5千億元", "約新台幣1兆5千億元", 1.5e12, 1.5e12, 1.5e12, "新台币", "approx",
     "measure"),
    # a 千 that starts a unit is the unit's after Chinese numerals too (1980s reports)
    ("发电量四千一百亿千瓦时", "四千一百亿千瓦时", 4.1e11, 4.1e11, 4.1e11, "千瓦时", "exact",
     "measure"),
    ("装机五百万千瓦", "五百万千瓦", 5e6, 5e6, 5e6, "千瓦", "exact", "measure"),
    ("合同金额：壹佰贰拾叁万肆仟伍佰元整", "壹佰贰拾叁万肆仟伍佰元", 1234500, 1234500, 1234500,
     "元", "exact", "measure"),
]


@pytest.mark.parametrize(
    ("text", "surface", "value", "low", "high", "unit", "qualifier", "kind"), CASES
)
def test_quantity_grammar(text, surface, value, low, high, unit, qualifier, kind):
    found = [q for q in scan_quantities(text) if q.unit]
    if surface is None:
        assert found == []
        return
    assert len(found) == 1, found
    q = found[0]
    assert (q.surface, q.unit, q.qualifier, q.kind) == (surface, unit, qualifier, kind)
    assert text[q.start : q.end] == q.surface
    for got, want in ((q.value, value), (q.low, low), (q.high, high)):
        assert got == (None if want is None else pytest.approx(want))


@pytest.mark.parametrize(
    "text",
    [
        "2020年12月3日上午",
        "截至2015年8月",
        "二〇三五年远景目标",
        "2020第六届博览会",
        "2023智慧城市发展论坛",
        "第六届",
        "第二十五届高交会",
        "首届论坛",
        "第一，",
        "一是坚持",
        "“十四五”智慧城市",
        "十三五规划",
        "5G应用",
        "运用3S技术",
        "3060碳达峰",
        "神舟十五号",
        "一网通办",
        "一张图",
        "双碳战略",
        "一体化推进",
        "一系列政策",
        "进一步推动",
        "统一的标准",
        "发改高技〔2014〕1770号",
        "电话：0086-10-82081166-6059",
        "www.china.org.cn",
        "第十四个五年规划",
        "党的十九届五中全会",
        "党的十八大以来",
        "百年不遇大变局",
        "3月24日",
        "11月19日",
        "今年6月底",
        "万物互联",
        "千家万户",
        "经历三起三落",  # idioms with the counters 起 and 包
        "实行三包政策",
        "2012年12月5日",
        "2020-2025年",
        "3·15消费",
        "建设成为",
        "二〇二〇年",
        "90年代",
        "10周年",
        "5G基站",  # a name with digits, not 5 G (the Latin units are GB, MW, kWh …)
        "3060碳达峰",
        "COVID-19疫情",
        "4K超高清",
        "23年2月推出新措施",  # a year in two digits before a month is a date
        "於23年2月起實施",
        "截至24年6月底",
        "数量 120 135 140",  # table cells, not one number in spaced thousands groups
        "百分之五到千分之八",  # a range whose ends have different units
        "電話：2 345 678號碼",
        "10MBit以太网",  # a Latin unit ends at the end of a word (megabit is no megabyte)
        "5msps采样",
        "10GBASE-T网卡",
        "1080P高清视频",  # P is PFLOPS only of computing power
        "市十五届人大三次会议",  # the sitting of a congress
        "政协十三届二次会议",
        "十四届全国人大一次会议",
        "这十分重要",
        "提供7×24小时服务",  # round the clock: no span of time is stated
        "实行5x8小时工作制",
        "G20峰会",  # a name with digits; only a currency code glued to digits is an amount
        "新制自1/3起實施",  # a Taiwanese month/day, not 3 cases (起)
        "活動於5/6（一）舉行",
        "5/6至5/10受理申請",
        "ABC12亿",
    ],
)
def test_exclusions_give_no_quantity_with_unit(text):
    assert [q.surface for q in scan_quantities(text) if q.unit] == []


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("方面做好工作", True),
        ("个要点", True),
        ("发展理念", True),
        ("维度的问题", True),
        ("区域性试点", False),
        ("亮点展区", False),
        ("主题论坛", False),
    ],
)
def test_point_nouns(after, expected):
    assert starts_with_point_noun(after) is expected


# Units and counters of government reports, HK and Taiwan news: text, surface, value, unit
UNIT_CASES = [
    ("粮食产量1.37万亿斤", "1.37万亿斤", 1.37e12, "斤"),
    ("增产74亿斤", "74亿斤", 7.4e9, "斤"),
    ("钢铁产量5万吨", "5万吨", 5e4, "吨"),
    ("每袋500克", "500克", 500, "克"),
    ("体重60公斤", "60公斤", 60, "千克"),
    ("储水5000立方米", "5000立方米", 5000, "立方米"),
    ("加油200升", "200升", 200, "升"),
    ("装机300万千瓦", "300万千瓦", 3e6, "千瓦"),
    ("发电1.2万亿千瓦时", "1.2万亿千瓦时", 1.2e12, "千瓦时"),
    ("全年用电3000度", "3000度", 3000, "度"),
    ("节约50万度电", "50万度电", 5e5, "度"),
    ("高标准农田3000亩", "3000亩", 3000, "亩"),
    ("造林1.2万公顷", "1.2万公顷", 1.2e4, "公顷"),
    ("新建道路1000公里", "1000公里", 1000, "公里"),
    ("跑道3000米", "3000米", 3000, "米"),
    ("约3,400間初創企業", "约3,400間", 3400, "间"),
    ("新建学校5所", "5所", 5, "所"),
    ("共10栋楼", "10栋", 10, "栋"),
    ("保障房2万套", "2万套", 2e4, "套"),
    ("新能源公交车200辆", "200辆", 200, "辆"),
    ("服务器2000台", "2000台", 2000, "台"),
    ("無人機30架", "30架", 30, "架"),
    ("船舶5艘", "5艘", 5, "艘"),
    ("出台法规3部", "3部", 3, "部"),
    ("工信部等十部门联合印发", "十部门", 10, "部门"),
    ("床位100张", "100张", 100, "张"),
    ("发表论文50篇", "50篇", 50, "篇"),
    ("办理事项120件", "120件", 120, "件"),
    ("惠及3万户", "3万户", 3e4, "户"),
    ("专家20名", "20名", 20, "名"),
    ("嘉宾30位", "30位", 30, "位"),
    ("年满60岁", "60岁", 60, "岁"),
    ("增长2.3倍", "2.3倍", 2.3, "倍"),
    ("分3批", "3批", 3, "批"),
    ("开展两轮", "两轮", 2, "轮"),
    ("分3期建设", "3期", 3, "期"),
    ("存储10PB", "10PB", 10, "PB"),
    ("提高0.5个百分点", "0.5个百分点", 0.5, "百分点"),
    ("人均可支配收入36883元", "36883元", 36883, "元"),
    ("约100亿港元", "约100亿港元", 1e10, "港元"),
    ("撥款1,200萬港元", "1,200萬港元", 1.2e7, "港元"),
    ("资助50万美元", "50万美元", 5e5, "美元"),
    ("投入新台幣約25億元", "約25億元", 2.5e9, "新台币"),  # currency before the number
    ("新台币1.2兆元", "1.2兆元", 1.2e12, "新台币"),  # 兆 = 10^12 before a currency
    ("人民币5000万元", "5000万元", 5e7, "元"),
    ("港币3亿元", "3亿元", 3e8, "港元"),
    ("外汇储备余额（美元）3.2万亿", "3.2万亿", 3.2e12, "美元"),  # the currency in brackets
    ("以美元计，出口额达到500亿", "500亿", 5e10, "美元"),  # the sentence's basis
    ("按美元计算，总额300亿元", "300亿元", 3e10, "美元"),
    ("市值3兆元", "3兆元", 3e12, "元"),
    ("超過1萬2千人", "超過1萬2千人", 12000, "人"),
    ("3萬4千5百人", "3萬4千5百人", 34500, "人"),
    ("约两臺设备", "约两臺", 2, "台"),
    ("十來個城市", "十來個", 10, "个"),
    # the symbols and codes of English-style amounts set the currency
    ("投资US$12亿", "12亿", 1.2e9, "美元"),
    ("拨款HK$50亿", "50亿", 5e9, "港元"),
    ("預算MOP 12億", "12億", 1.2e9, "澳门元"),
    ("补助NT$3000万", "3000万", 3e7, "新台币"),
    ("吸引外资USD12亿元", "12亿元", 1.2e9, "美元"),  # a code glued to its amount
    ("预算MOP12亿", "12亿", 1.2e9, "澳门元"),
    ("智慧停車柱設置3,200格", "3,200格", 3200, "格"),  # Taiwan's parking spaces
    ("預算新臺幣1億2,000萬元", "1億2,000萬元", 1.2e8, "新台币"),  # thousands groups after 億
    ("停车格共计五百格", "五百格", 500, "格"),
    # a doubling is a multiple of its base: 翻一番 = 2倍, 翻两番 = 4倍
    ("经济总量翻一番", "翻一番", 2, "倍"),
    ("工农业年总产值翻两番", "翻两番", 4, "倍"),
    ("全市生产总值比2015年翻了一番", "翻了一番", 2, "倍"),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit"), UNIT_CASES)
def test_units_and_counters(text, surface, value, unit):
    found = [q for q in scan_quantities(text) if q.unit]
    assert [q.surface for q in found] == [surface]
    assert found[0].unit == unit
    assert found[0].value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    ["室外30度", "旋转360度", "二期工程", "3期", "100兆宽带", "实现翻番"],
)
def test_units_that_need_context(text):
    assert [q.surface for q in scan_quantities(text) if q.unit] == []


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit", "qualifier"),
    [
        # a qualifier before the currency word bounds the amount after it
        ("總經費約新台幣18億元", "約新台幣18億元", 1.8e9, "新台币", "approx"),
        ("超过人民币3亿元的项目", "超过人民币3亿元", 3e8, "元", "more_than"),
        ("近港币2亿元", "近港币2亿元", 2e8, "港元", "nearly"),
        # 内 after a duration is an upper bound; after a place it is not
        ("要在两个月内完成整合", "两个月内", 2, "月", "less_than"),
        ("3年内建成", "3年内", 3, "年", "less_than"),
        ("覆盖5个区内的学校", "5个", 5, "个", "exact"),
        # counters of things in the world
        ("智慧路燈已超過15萬盞", "超過15萬盞", 1.5e5, "盏", "more_than"),
        ("设立服务点120处", "120处", 120, "处", "exact"),
        ("发放电子社保卡300万张", "300万张", 3e6, "张", "exact"),
    ],
)
def test_qualifier_before_currency_and_duration_bounds(text, surface, value, unit, qualifier):
    found = [q for q in scan_quantities(text) if q.unit]
    assert [(q.surface, q.unit, q.qualifier) for q in found] == [(surface, unit, qualifier)]
    assert found[0].value == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["三次产业结构为2.0:40.0:58.0", "第一、二、三次产业协同发展"]
)
def test_three_industries_is_a_name(text):
    assert [q.surface for q in scan_quantities(text) if q.unit] == []


@pytest.mark.parametrize(
    ("text", "roc_years", "expected"),
    [
        ("政府將於113年投入", False, []),
        ("民國111年全台共有", False, []),
        ("民国一百一十一年", False, []),
        ("112年度補助縣市", False, []),
        ("109年底完成", False, []),
        ("110年起實施", False, []),
        ("110年至112年", False, []),
        ("111年3月", False, []),
        ("111年第3季", False, []),
        ("自108年開始", False, []),
        ("在110年時", False, []),
        ("該公司今年113年", True, []),  # bare 100-149年 in Taiwan text
        ("產值113年成長", True, []),
        ("过去30多年", False, ["30多年"]),
        ("不到两年", False, ["不到两年"]),
        ("持续5年", False, ["5年"]),
        ("30年至50年", False, ["30年至50年"]),
        ("新中国成立70年来", False, ["70年"]),
        ("历时近100年", True, ["近100年"]),  # a span, not the ROC year 100
        ("100年來", True, ["100年"]),
        ("100多年", True, ["100多年"]),
        ("達到100年", True, ["100年"]),
        ("不到100年", True, ["不到100年"]),
        ("于2020年建成", False, []),
        ("該公司成立113年", False, ["113年"]),  # only traditional text reads it as a year
    ],
)
def test_roc_years_are_time_points(text, roc_years, expected):
    found = scan_quantities(text, roc_years=roc_years)
    assert [q.surface for q in found if q.unit] == expected


@pytest.mark.parametrize(
    ("text", "surface"), [("增长3.4.5万元", "3.4.5"), ("共1,00,0万元", "1,00")]
)
def test_diagnostics_flag_malformed_numbers(text, surface):
    assert any(surface in d.surface for d in scan_diagnostics(text))


_CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), max_size=12)
_PIECES = st.sampled_from(
    [
        "3",
        "万",
        "亿",
        "余",
        "多",
        "近",
        "约",
        "个",
        "年",
        "%",
        "至",
        "-",
        "，",
        "。",
        "十",
        "两",
        "百",
        "第",
        "数",
        "分之",
        "1,0",
        ".",
        "２",
        "萬",
        "場",
        "“",
        "”",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_CJK, _PIECES), max_size=20))
def test_scanner_never_raises_and_spans_are_exact(parts):
    text = "".join(parts)
    for q in scan_quantities(text):
        assert text[q.start : q.end] == q.surface
        assert 0 <= q.start < q.end <= len(text)
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
    for d in scan_diagnostics(text):
        assert text[d.start : d.end] == d.surface


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789０１.,，、%万亿元个人一二两三十百千零〇几数分之点年月"
                                            "增长达到约超过智慧城市的了")) | st.characters(),
               max_size=40))  # fmt: skip
def test_diagnostics_shortcut_finds_what_the_full_scan_finds(text):
    # a text with no digit and fewer than two Chinese numerals is not scanned at all
    from cityreports.quant import number_diagnostics
    from cityreports.quant.grammar import scanner
    from cityreports.text.numerals import fold_text

    folded = fold_text(text)
    full = number_diagnostics._scan_diagnostics(text, folded, scanner().finditer(folded))
    assert scan_diagnostics(text) == full


# Written by the redteam helper: ○ (U+25CB) for the zero 〇 in years, and years in Chinese
# digits that run into the numeral after them. text -> the surfaces of the claims-only scan.
@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("政府於二○一九年推出試驗計劃", []),
        ("二○二一至二二年度的開支約為6,800萬港元", ["6,800萬港元"]),
        ("在二○二五年或之前增至約400支", ["約400支"]),
        ("一九七九和一九八○两年合计近三百亿元", ["两年", "近三百亿元"]),
        ("一九八一和一九八二两个年度计划", ["两个"]),
        ("高于一九五五年至一九八〇年平均每年递增的速度", []),
        ("○ 智慧交通 ○ 智慧医疗", []),
        ("增长百分之十二点三", ["百分之十二点三"]),
    ],
)
def test_chinese_digit_years_and_white_circle_zero(text: str, surfaces: list[str]) -> None:
    assert [q.surface for q in scan_quantities(text, claims_only=True)] == surfaces


# Written by the redteam helper: Chinese numerals with a decimal part (1980s-90s reports).
@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        ("国内生产总值完成十八点六亿元，", "十八点六亿元", 1.86e9, "元"),
        ("财政收入一点二亿元", "一点二亿元", 1.2e8, "元"),
        ("比上年增长四点五倍", "四点五倍", 4.5, "倍"),
        ("增长一点二六倍", "一点二六倍", 1.26, "倍"),
        ("约二点五万人", "约二点五万人", 25000, "人"),
        ("增长百分之十二点三", "百分之十二点三", 12.3, "%"),
    ],
)
def test_chinese_decimals(text: str, surface: str, value: float, unit: str) -> None:
    (q,) = scan_quantities(text, claims_only=True)
    assert (q.surface, q.unit) == (surface, unit)
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize("text", ["下午三点四十分开会", "提出三点意见", "多一点耐心", "一点一滴"])
def test_points_that_are_no_decimals(text: str) -> None:
    assert scan_quantities(text, claims_only=True) == []


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        # bare digits after 亿 before a unit are a number of their own, not an abbreviation
        ("资金3亿20%用于民生", ["3亿", "20%"]),
        ("总投资约10亿2个项目", ["约10亿", "2个"]),
        ("补贴1亿5年内发放", ["1亿", "5年内"]),
        ("投资1亿2024年底完成", ["1亿"]),
        ("全年3亿5，", ["3亿5"]),  # before punctuation: 3.5亿
        ("3亿12000万元", ["3亿", "12000万元"]),  # no tail of 1亿 or more
    ],
)
def test_what_follows_yi_is_read_as_one_number_or_two(text, surfaces):
    assert [q.surface for q in scan_quantities(text)] == surfaces


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("专栏1 100个重大项目", ["100个"]),  # a caption's number and the figure after it
        ("见表2 100家重点企业", ["100家"]),
        ("共有1 234宗", ["1 234宗"]),  # a Hong Kong count in spaced groups
    ],
)
def test_spaced_groups_join_only_after_a_word(text, surfaces):
    assert [q.surface for q in scan_quantities(text) if q.unit] == surfaces


@pytest.mark.parametrize("roc_years", [False, True])
@pytest.mark.parametrize("claims_only", [False, True])
@pytest.mark.parametrize(
    "text",
    [
        "投资1.2.3亿元，增长5%",  # malformed digits beside a quantity
        "增加18%至52.8亿元，再增三五万元",  # a range split in two: the scan goes on differently
        "民国113年完成120个，111年預算3億",  # the ROC scanner
        "一二三四亿元和十百千万个",  # Chinese numerals that do not parse
        "没有数字的句子",
    ],
)
def test_shared_scan_gives_the_two_scans(text, roc_years, claims_only):
    quantities, found = scan_with_diagnostics(text, roc_years=roc_years, claims_only=claims_only)
    assert quantities == scan_quantities(text, roc_years=roc_years, claims_only=claims_only)
    assert found == scan_diagnostics(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789.,%、至到和万亿元个人一二两三十百千零几分之点年月"
                                          "增长达到约超过民国")), max_size=40),
    st.booleans(),
)  # fmt: skip
def test_shared_scan_is_the_two_scans_on_any_text(text, roc_years):
    quantities, found = scan_with_diagnostics(text, roc_years=roc_years, claims_only=True)
    assert quantities == scan_quantities(text, roc_years=roc_years, claims_only=True)
    assert found == scan_diagnostics(text)
