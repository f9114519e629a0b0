"""Claims that keep their meaning: bounds, changes, targets versus outcomes, compound units.

Each row gives a sentence (a document dated 2024) and, for the claim with that surface, the
value, bounds, qualifier, inclusive, relation, the surface of the claim it is linked with and
the modality. Phrasings from national and municipal work reports, plans, news and Hong Kong /
Taiwan releases.
"""

from __future__ import annotations

import pytest

from cityreports.quant.claims import extract_claims

from .. import factories


def claims_of(text: str, year: int = 2024):
    return extract_claims(factories.make_doc([("body", line) for line in text.split("\n")],
                                             year=year))


def one(text: str, surface: str, year: int = 2024):
    found = [c for c in claims_of(text, year) if c.surface == surface]
    assert len(found) == 1, [c.surface for c in claims_of(text, year)]
    return found[0]


B, E = 1e8, 1e4  # 亿, 万

# text, surface, value, low, high, qualifier, inclusive, relation, linked surface, modality
CASES = [
    # at least: never split off its negation
    ("财政资金投入不低于200亿元。", "不低于200亿元", 200 * B, 200 * B, None, "more_than", True,
     "level", None, "unknown"),
    ("一律按不低于5%的幅度压减一般性支出。", "不低于5%", 5, 5, None, "more_than", True, "level",
     None, "unknown"),
    ("今年要新增企业不少于3家。", "不少于3家", 3, 3, None, "more_than", True, "level", None,
     "target"),
    ("受益人数不下于10万人。", "不下于10万人", 10 * E, 10 * E, None, "more_than", True, "level",
     None, "unknown"),
    ("能耗至少降低30%。", "30%", 30, 30, None, "more_than", True, "change", None, "unknown"),
    ("研发投入占比达到3%以上。", "3%以上", 3, 3, None, "more_than", True, "level", None,
     "achieved"),
    ("实际完成投资1000万元及以上的企业。", "1000万元及以上", 1000 * E, 1000 * E, None,
     "more_than", True, "level", None, "achieved"),
    ("参展企业超过300家。", "超过300家", 300, 300, None, "more_than", False, "level", None,
     "unknown"),
    ("要求增长速度提高到4%，并在执行中力争超过。", "4%", 4, 4, None, "more_than", True, "to", None,
     "target"),
    # at most
    ("单个项目补助不超过50万元。", "不超过50万元", 50 * E, None, 50 * E, "less_than", True,
     "level", None, "unknown"),
    ("涨幅不高于3%。", "不高于3%", 3, None, 3, "less_than", True, "level", None, "unknown"),
    ("每户最多补助1万元。", "1万元", E, None, E, "less_than", True, "level", None, "unknown"),
    ("每家企业最高可获500万元奖励。", "500万元", 500 * E, None, 500 * E, "less_than", True, "level",
     None, "unknown"),
    ("最低补贴50元。", "50元", 50, 50, None, "more_than", True, "level", None, "unknown"),
    ("最高温度达到38℃。", "38℃", 38, 38, 38, "exact", None, "level", None, "achieved"),
    ("单个企业最高1000万元。", "最高1000万元", 1000 * E, None, 1000 * E, "less_than", True,
     "level", None, "unknown"),
    ("亏损面控制在10%以内。", "10%以内", 10, None, 10, "less_than", True, "level", None,
     "unknown"),
    ("居民消费价格涨幅控制在3%左右。", "3%左右", 3, 3, 3, "approx", None, "level", None,
     "unknown"),
    ("城镇登记失业率控制在4.5%。", "4.5%", 4.5, None, 4.5, "less_than", True, "level", None,
     "unknown"),
    ("单位产值能耗降至1.3以下。", "1.3以下", 1.3, None, 1.3, "less_than", True, "to", None,
     "unknown"),
    ("人口增长率控制在千分之十以下。", "千分之十以下", 10, None, 10, "less_than", True, "level",
     None, "unknown"),
    ("在校生不到2000人。", "不到2000人", 2000, None, 2000, "less_than", False, "level", None,
     "unknown"),
    # changes, and the level a change reaches
    ("去年国内生产总值增长6.7%。", "6.7%", 6.7, 6.7, 6.7, "exact", None, "change", None,
     "achieved"),
    ("营业收入增加18%至52.8億元。", "18%", 18, 18, 18, "exact", None, "change", "52.8億元",
     "unknown"),
    ("营业收入增加18%至52.8億元。", "52.8億元", 52.8 * B, 52.8 * B, 52.8 * B, "exact", None,
     "to", "18%", "unknown"),
    ("补助标准由30万元提高到50万元。", "30万元", 30 * E, 30 * E, 30 * E, "exact", None, "from",
     "50万元", "unknown"),
    ("补助标准由30万元提高到50万元。", "50万元", 50 * E, 50 * E, 50 * E, "exact", None, "to",
     "30万元", "unknown"),
    ("空置率从12%降至8%。", "8%", 8, 8, 8, "exact", None, "to", "12%", "unknown"),
    ("试点城市由上年的88个增加到317个。", "88个", 88, 88, 88, "exact", None, "from", "317个",
     "unknown"),
    ("比上年末增加8800多亿元。", "8800多亿元", 8800 * B, 8800 * B, None, "more_than", False,
     "change", None, "achieved"),
    ("实现地区生产总值5576.3亿元，高于全省平均水平0.5个百分点。", "0.5个百分点", 0.5, 0.5, 0.5,
     "exact", None, "change", None, "achieved"),
    ("削减财政赤字450亿元。", "450亿元", 450 * B, 450 * B, 450 * B, "exact", None, "change",
     None, "unknown"),
    ("新增就业900万人。", "900万人", 900 * E, 900 * E, 900 * E, "exact", None, "level", None,
     "unknown"),
    ("产量分别增长10.2%、16.2%。", "16.2%", 16.2, 16.2, 16.2, "exact", None, "change", None,
     "unknown"),
    # targets, results and forecasts
    ("今年发展的主要预期目标是：国内生产总值增长6.5%左右；城镇新增就业1100万人以上。",
     "1100万人以上", 1100 * E, 1100 * E, None, "more_than", True, "level", None, "target"),
    ("过去一年，国内生产总值增长5.2%。", "5.2%", 5.2, 5.2, 5.2, "exact", None, "change", None,
     "achieved"),
    ("截至2023年底，累计建成5G基站3.5万个。", "3.5万个", 3.5 * E, 3.5 * E, 3.5 * E, "exact", None,
     "level", None, "achieved"),
    ("预计全年完成投资1200亿元。", "1200亿元", 1200 * B, 1200 * B, 1200 * B, "exact", None,
     "level", None, "forecast"),
    ("今年预计将比去年增长9%。", "9%", 9, 9, 9, "exact", None, "change", None, "forecast"),
    ("到2027年，数字经济核心产业增加值突破2000亿元。", "突破2000亿元", 2000 * B, 2000 * B, None,
     "more_than", False, "level", None, "target"),
    ("力争实现地区生产总值增长5%。", "5%", 5, 5, 5, "exact", None, "change", None, "target"),
    ("全市将新建学校30所。", "30所", 30, 30, 30, "exact", None, "level", None, "target"),
    ("我们要完成造林2000万亩。", "2000万亩", 2000 * E, 2000 * E, 2000 * E, "exact", None, "level",
     None, "target"),
    ("城镇新增就业980万人，超过预期目标。", "980万人", 980 * E, 980 * E, 980 * E, "exact", None,
     "level", None, "unknown"),
    # compound units and counted nouns
    ("装机容量300万千瓦。", "300万千瓦", 300 * E, 300 * E, 300 * E, "exact", None, "level", None,
     "unknown"),
    ("发电量20亿千瓦时。", "20亿千瓦时", 20 * B, 20 * B, 20 * B, "exact", None, "level", None,
     "unknown"),
    ("节约5万吨标准煤。", "5万吨标准煤", 5 * E, 5 * E, 5 * E, "exact", None, "change", None,
     "unknown"),
    # cutting verbs: a cut by the number, or to it; after 后 the number is the level reached
    ("通勤时间缩短20分钟。", "20分钟", 20, 20, 20, "exact", None, "change", None, "unknown"),
    ("内设机构精简四分之一。", "四分之一", 25, 25, 25, "exact", None, "change", None, "unknown"),
    ("平均通勤距离缩短至8公里。", "8公里", 8, 8, 8, "exact", None, "to", None, "unknown"),
    ("机构进行了精简，精简后为18个。", "18个", 18, 18, 18, "exact", None, "level", None,
     "unknown"),
    ("运算速度达到每秒1.5万亿亿次。", "1.5万亿亿次", 1.5e20, 1.5e20, 1.5e20, "exact", None,
     "level", None, "achieved"),
    ("第四代移动通信用户3.4亿。", "3.4亿", 3.4 * B, 3.4 * B, 3.4 * B, "exact", None, "level",
     None, "unknown"),
    ("分别给予30、50万元奖励。", "30", 30 * E, 30 * E, 30 * E, "exact", None, "level", None,
     "unknown"),
    ("规模3至5万元。", "3至5万元", None, 3 * E, 5 * E, "range", True, "level", None, "unknown"),
    # Hong Kong and Taiwan
    ("政府已拨款超逾20亿元。", "超逾20亿元", 20 * B, 20 * B, None, "more_than", False, "level",
     None, "achieved"),
    ("每宗申请的资助上限为50万元。", "50万元", 50 * E, None, 50 * E, "less_than", True, "level",
     None, "unknown"),
    ("资助下限为200元。", "200元", 200, 200, None, "more_than", True, "level", None, "unknown"),
    ("全市人口突破1,200万大关。", "突破1,200万", 1200 * E, 1200 * E, None, "more_than", False,
     "level", None, "unknown"),
    ("市府预计明年税收将较今年减少约12亿元。", "约12亿元", 12 * B, 12 * B, 12 * B, "approx", None,
     "change", None, "forecast"),
    ("预计全年完成投资1200亿元，明年将投资1500亿元。", "1500亿元", 1500 * B, 1500 * B, 1500 * B,
     "exact", None, "level", None, "target"),
    ("政府已預留約100億港元。", "約100億港元", 100 * B, 100 * B, 100 * B, "approx", None, "level",
     None, "achieved"),
    ("粮食产量33，212万吨，比上年增加2，737万吨。", "2，737万吨", 2737 * E, 2737 * E, 2737 * E,
     "exact", None, "change", None, "achieved"),
    ("经济增长8 ．8 ％。", "8 ．8 ％", 8.8, 8.8, 8.8, "exact", None, "change", None, "unknown"),
    ("全社会固定资产投资增长14·1％。", "14·1％", 14.1, 14.1, 14.1, "exact", None, "change",
     None, "unknown"),
]


@pytest.mark.parametrize(
    ("text", "surface", "value", "low", "high", "qualifier", "inclusive", "relation", "linked",
     "modality"),
    CASES,
)
def test_claim_meaning(text, surface, value, low, high, qualifier, inclusive, relation, linked,
                       modality):
    c = one(text, surface)
    assert c.value == (None if value is None else pytest.approx(value))
    assert c.low == (None if low is None else pytest.approx(low))
    assert c.high == (None if high is None else pytest.approx(high))
    assert (c.qualifier, c.inclusive, c.relation, c.modality) == (
        qualifier, inclusive, relation, modality
    )
    partners = [x.surface for x in claims_of(text) if x.link and x.link == c.link]
    partners = [p for p in partners if p != surface]
    if linked is None:
        assert c.link == "" and partners == []
    else:
        assert c.link and partners == [linked]


@pytest.mark.parametrize(
    ("text", "surface", "unit"),
    [
        ("装机容量300万千瓦。", "300万千瓦", "千瓦"),
        ("发电量20亿千瓦时。", "20亿千瓦时", "千瓦时"),
        ("节约5万吨标准煤。", "5万吨标准煤", "吨标准煤"),
        ("运算速度达到每秒1.5万亿亿次。", "1.5万亿亿次", "次"),
        ("第四代移动通信用户3.4亿。", "3.4亿", "人"),
        ("市场主体达1.69亿。", "1.69亿", "户"),
        ("全市汽车保有量突破300万。", "突破300万", "辆"),
        ("GDP达1.2万亿。", "1.2万亿", ""),
        ("分别给予30、50万元奖励。", "30", "元"),
        ("规模3至5万元。", "3至5万元", "元"),
        ("申办数达22万笔。", "22万笔", "笔"),
        ("集装箱吞吐量突破100万标箱。", "突破100万标箱", "标准箱"),
        ("全市人口突破1,200万大关。", "突破1,200万", "人"),  # 大关 is no counter
        # Latin symbols of power, energy and distance, and working days
        ("储能电池产量突破20GW。", "突破20GW", "吉瓦"),
        ("新增光伏装机100MW。", "100MW", "兆瓦"),
        ("已建成电池产能40.5GWh。", "40.5GWh", "吉瓦时"),
        ("新建自行车道12km。", "12km", "公里"),
        ("审批时间压缩至5个工作日。", "5个工作日", "工作日"),
    ],
)
def test_compound_and_counted_units(text, surface, unit):
    assert one(text, surface).unit == unit


@pytest.mark.parametrize(
    ("text", "surface", "subject"),
    [
        # whole phrases: never a verb, a qualifier or a piece of a word
        ("炼铁焦比由九百五十公斤降到七百零五公斤。", "七百零五公斤", "炼铁焦比"),
        ("政府将于113年投入新台币约25亿元。", "约25亿元", "政府投入"),
        ("对跨行业跨领域工业互联网平台给予奖补，最高3000万元。", "最高3000万元", "奖补"),
        ("城乡居民储蓄存款年末达到38500多亿元，比上年末增加8800多亿元。", "8800多亿元",
         "城乡居民储蓄存款"),
        ("全国有24万多户国有小企业。", "24万多户", "国有小企业"),
        ("去年对外贸易总额达到2.97万亿美元。", "2.97万亿美元", "对外贸易总额"),
        ("10家全国重点实验室获批建设。", "10家", "全国重点实验室"),
        ("新建改造特色商业街6个。", "6个", "特色商业街"),
        ("大型公共建筑（单体建筑面积2万平方米以上）。", "2万平方米以上", "单体建筑面积"),
        ("[总决标金额]7,990,000元", "7,990,000元", "总决标金额"),
        # a cutting verb or an averaging word before the number is no part of the subject
        ("坚持过紧日子，一般性支出压减9.3%。", "9.3%", "一般性支出"),
        ("企业开办时间压缩至30分钟以内。", "30分钟以内", "企业开办时间"),
        ("部门项目支出平均压减20%。", "20%", "部门项目支出"),
        ("城镇调查失业率平均5.1%。", "5.1%", "城镇调查失业率"),
        ("往返京沪日均238架次。", "238架次", "往返京沪"),
        ("城乡居民医保补助标准提高到人均640元。", "640元", "城乡居民医保补助标准"),
        ("城乡居民人均可支配收入增长8%。", "8%", "城乡居民人均可支配收入"),
        # a list marker before the subject is no part of it
        ("1.地区生产总值达到5000亿元。", "5000亿元", "地区生产总值"),
        ("（4）新开工老旧小区改造1.45万户。", "1.45万户", "老旧小区改造"),
        ("一是全市5G基站达到3万个。", "3万个", "5G基站"),
        ("②城市大脑接入系统85个。", "85个", "城市大脑接入系统"),
        # the noun after a share, up to its verb (用于, 拥有, 表示 …)
        ("一半以上的财政支出用于民生。", "一半以上", "财政支出"),
        ("三成五的家庭拥有汽车。", "三成五", "家庭"),
        ("四成五的受访者表示愿意购买新能源汽车。", "四成五", "受访者"),
        ("将75%以上财力用于保障和改善民生。", "75%以上", "财力"),
    ],
)
def test_subjects_are_whole_phrases(text, surface, subject):
    assert one(text, surface).subject == subject


@pytest.mark.parametrize(
    ("text", "surface", "speaker"),
    [
        ("交通局王铭德局长指出，管控超过158处号志化路口。", "超过158处", "王铭德"),
        ("美商宝蕴凌科公司创办人谢源宝指出，采用10万张诱卵纸影像。", "10万张", "谢源宝"),
        ("根据登革热防治中心估计，重点区域共设置3,252个诱卵桶。", "3,252个", "登革热防治中心"),
        ("许慧香说世界经济论坛调查显示将有23%的劳工转换工作。", "23%", "许慧香"),
        ("劳动部职安署邹子廉署长致词时先肯定各方努力，指出全国有12家企业获奖。", "12家", "邹子廉"),
        ("创办人陈秋瑜表示，人才需求量为12,700人。此次博览会有超过60家企业征才。", "超过60家",
         "陈秋瑜"),
        ("总起来说，全年完成投资1200亿元。", "1200亿元", ""),
        ("[机关名称]台南市政府[总决标金额]7,990,000元", "7,990,000元", ""),
    ],
)
def test_speakers_are_whole_names(text, surface, speaker):
    assert one(text, surface).speaker == speaker
