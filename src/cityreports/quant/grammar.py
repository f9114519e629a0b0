"""The scanner grammar: the regular expressions that find quantities and what only looks numeric.

A match is either an exclusion (group ``x``) — a date or year, an ordinal, a plan period (十四五),
a document or phone number, a URL, a name with digits (5G, 3S, 神舟十五号) or a lexical 一/两/双
word (一体化, 进一步, 一网通办) — or a quantity (group ``q``): an optional qualifier before the
number, the number, an optional second number of a range, the unit and a qualifier after it.
Interpreting a match is :mod:`cityreports.quant.numbers`'s job.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cityreports.quant.units import unit_table

__all__ = ["BARE_PREFIXES", "CN", "PREFIXES", "SUFFIXES", "SEP", "scanner"]

CN = "零〇一二两三四五六七八九十百千万亿"
_ARABIC = r"(?<![\d.])\d+(?:,\d{3})*(?:\.\d+)?(?![.]?\d)"
_CURRENCY = r"(?:元|美元|新台币|台币|日元|韩元|港元|港币|人民币)"
#: 兆 is 10^12 only before a currency (3兆元, 1.2兆新台币); mainland 兆 is mega (100兆宽带).
_MULT_RE = rf"(?:万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千|百(?!分)|兆(?={_CURRENCY}))"
_MIXED_TAIL = r"(?:\d[千百十]){1,3}\d?(?![\d.])"  # 1万2千, 3万4千5百
_ARABIC_NUM = (
    rf"{_ARABIC}[余多]?{_MULT_RE}?[余多]?"
    rf"(?:(?<=[万亿])(?:{_MIXED_TAIL}|{_ARABIC}(?![.\d])))?"
)
_CN_NUM = rf"(?:数(?=[十百千万亿])|[{CN}几])[{CN}几]*(?:[余多来](?:[万亿])?)?"
_CN_NUM_STRICT = rf"(?:[{CN}]+(?:点[{CN}]+)?|\d+(?:\.\d+)?)"
_FRACTION = rf"(?:[百千]分之{_CN_NUM_STRICT}|{_CN_NUM_STRICT}分之{_CN_NUM_STRICT})"
_NUMBER = rf"(?:{_FRACTION}|{_ARABIC_NUM}|{_CN_NUM})"

PREFIXES = {
    "大约": "approx",
    "约合": "approx",
    "大概": "approx",
    "约": "approx",
    "将近": "nearly",
    "接近": "nearly",
    "近": "nearly",
    "超过": "more_than",
    "超": "more_than",
    "逾": "more_than",
    "突破": "more_than",
    "高于": "more_than",
    "多于": "more_than",
    "不少于": "more_than",
    "至少": "more_than",
    "过": "more_than",
    "上": "approx",
    "不到": "less_than",
    "不足": "less_than",
    "低于": "less_than",
    "少于": "less_than",
    "不超过": "less_than",
    "未满": "less_than",
}
SUFFIXES = {
    "以上": "more_than",
    "有余": "more_than",
    "之多": "more_than",
    "多": "more_than",
    "左右": "approx",
    "上下": "approx",
    "以下": "less_than",
    "以内": "less_than",
    "之内": "less_than",
    "内": "less_than",  # kept only after a duration (两个月内, 3年内): see _build
}
BARE_PREFIXES = frozenset({"近", "将近", "接近", "逾", "超", "超过", "上", "过", "突破", "约"})

_LEXICAL = (
    "进一步|一体化|一系列|一些|一步|一流|统一|唯一|一定|一起|一张图|一张网|一网通办|一网统管|"
    "一网协同|一网|一带一路|另一方面|一方面|一线|双碳|双循环|一致|一直|一旦|一切|一般|一样|一度|"
    "一齐|一同|万一|一成不变|千家万户|成千上万|千千万万|万众|万物|百姓|千方百计|三番五次|五湖四海|"
    "四面八方|一心一意|十分|万分|百分百|百分之百|之一|同一|单一|逐一|一一|第一时间|一站式|"
    "一揽子|一把手|一批批|一次性|一手|一边|一键|两岸|三农|四化|一些|一下|一点|数据|数字|几乎|"
    "三次产业|百年不遇|千年|万年|翻一番|翻两番|翻三番|翻番|[三四五]位一体"
)
SEP = r"(?:至|到|~|～|-|－|—|–)"

#: A 2-3 digit year of the Republic of China calendar (民国60年 = 1971 … 150年 = 2061).
_ROC_YEAR = r"(?<![\d.,])(?:[6-9]\d|1[0-4]\d|150)"
#: In traditional-script text a bare 100-150年 is a ROC year unless a qualifier or a duration
#: word marks a span (近100年, 100年来, 100多年, 100年以上, 100年之久, 100年间).
_ROC_BARE = (
    r"(?<![\d.,近超逾约过达续时了去满余多到于])1[0-4]\d年"
    r"(?!来|多|余|以上|以来|之久|之内|左右|间|内|历史)"
)

_EXCLUDE = "|".join(
    [
        r"https?://\S+|www\.[A-Za-z0-9./-]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
        r"(?:\+?\d{2,4}[-－])?\d{2,4}[-－]\d{6,8}(?:[-－]\d{1,6})*|\d{11,}",  # phone numbers
        r"[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号",  # document numbers
        rf"(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年?\s*{SEP}\s*"
        rf"(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年",  # year ranges
        r"\d{4}\s*[/／\-－]\s*\d{2}(?!\d)\s*(?:财政)?(?:年度|学年)",  # HK fiscal 2024/25年度
        r"(?:1[0-9]|20|21)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?"
        r"|[一二][〇零一二三四五六七八九]{3}年(?:[一二三四五六七八九十]{1,2}月"
        r"(?:[一二三四五六七八九十]{1,3}[日号])?)?",  # years and dates
        r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})?[日号]?"
        r"(?:底|末|初|中旬|上旬|下旬|份|中)?",  # months and month-days
        r"\d{1,2}\s*[日号](?!元)|\d{1,2}·\d{1,2}|\d{1,2}[:：]\d{2}",  # days, 3·15
        rf"第[\d{CN}]+(?:个|届|次|批|期|条|章|节|款|项|阶段|年|名|位|轮|季度|代)?",  # ordinals
        rf"[\d{CN}]+(?:号|周年|世纪|年代|季度)",  # names (神舟十五号), anniversaries, decades
        rf"[\d{CN}]+年(?:规划|计划|行动计划)",  # 五年规划
        rf"(?<=民国)[\d{CN}]{{1,6}}年(?:\d{{1,2}}月(?:\d{{1,2}}[日号])?)?",  # 民国111年
        _ROC_YEAR + r"年(?=度|底|初|中|起|至|上半年|下半年|第|[一二三四1-4]季|\d{1,2}月)",
        r"(?<=[于在至到自从])(?<![大高低少多等小甚乃达不得做长][于在至到自从])" + _ROC_YEAR + "年",
        r"十[一二三四五六七八九]五",  # plan periods 十四五
        rf"[{CN}]+届(?:[一二三四五六七]中全会|全国人大|人大|全国政协|政协|全会)",  # congress
        rf"(?:党的)?[{CN}]+大(?=以来|精神|报告|召开|代表|提出|上|的|和|、)",
        r"[A-Za-z]+[-]?\d+[A-Za-z\d]*|\d+(?!GB|TB|PB|EB|Mbps|Gbps)[A-Za-z][A-Za-z\d]*",  # 5G, 3S
        r"\d{3,}(?=碳|[A-Za-z])",  # 3060碳达峰
        _LEXICAL,
    ]
)

#: 约 after 节/制/预/签 … is part of a verb (节约50万度电 saves, it does not approximate).
_PREFIX_RE = "|".join(
    r"(?<![节制预签合公条契邀践履违特])约" if p == "约" else p
    for p in sorted(PREFIXES, key=len, reverse=True)
)


def _quantity_re(units: str) -> str:
    """qualifier + number (+ unit, separator, qualifier, number) + unit + qualifier."""
    suffixes = "|".join(sorted(SUFFIXES, key=len, reverse=True))
    return (
        rf"(?P<pre>{_PREFIX_RE})?"
        rf"(?P<num>{_NUMBER})"
        rf"(?:(?P<u1>{units})?\s*(?P<sep>{SEP})\s*"
        rf"(?P<pre2>{_PREFIX_RE})?(?P<num2>{_NUMBER}))?"
        rf"(?P<unit>{units})?"
        rf"(?P<post>{suffixes})?"
    )


#: Characters a match can start with: a cheap lookahead so most positions fail at once.
_FIRST = rf"0-9A-Za-z{CN}数几〔\[［(（第党大约将接近超逾突高多不至过上低少未进统唯双成同单逐之另"


@lru_cache(maxsize=2)
def scanner(roc_years: bool = False) -> re.Pattern[str]:
    """The scanner: an exclusion (group ``x``: dates, ordinals, names…) or a quantity (``q``).

    With ``roc_years`` a bare 100-149年 of traditional-script text is excluded as a year.
    """
    aliases = unit_table().aliases
    units = "|".join(sorted((re.escape(u) for u in aliases), key=len, reverse=True))
    exclude = f"{_ROC_BARE}|{_EXCLUDE}" if roc_years else _EXCLUDE
    return re.compile(rf"(?=[{_FIRST}])(?:(?P<x>{exclude})|(?P<q>{_quantity_re(units)}))")
