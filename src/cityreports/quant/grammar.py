"""The scanner grammar: the regular expressions that find quantities and what only looks numeric.

A match is either an exclusion (group ``x``) — a date or year, an ordinal, a plan period (十四五),
a document or phone number, a URL, a name with digits (5G, 3S, 神舟十五号) or a lexical 一/两/双
word (一体化, 进一步, 一网通办) — or a verbal half (group ``h``: 过半, 近一半, 超过半数, 一半以上,
大半, 一多半; see :func:`_half_re`) or a quantity (group ``q``): an optional qualifier before the
number, the number, an optional second number of a range, the unit and a qualifier after it.
Interpreting a match is :mod:`cityreports.quant.numbers`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from cityreports.quant.qualifiers import qualifier_table
from cityreports.quant.unit_context import CURRENCY_CODES
from cityreports.text.lexicon import HAN_BASIC
from cityreports.text.units import unit_table

__all__ = [
    "CN",
    "SEP",
    "TWO_DIGIT_YEAR",
    "has_numeral",
    "scanner",
    "single_scanner",
    "word_trie",
]


def word_trie(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first, as a trie (``不(?:到|足|低于)``).

    Equivalent to the alternation of the words sorted longest first, but a failing position
    costs one character test instead of one per word.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_re(tree)


def _trie_re(node: dict) -> str:
    branches = [re.escape(c) + _trie_re(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


#: Chinese numerals; ○ (U+25CB) is the zero Hong Kong releases and many mainland documents
#: write for 〇 (二○一九年, 二○二一至二二年度).
CN = "零〇○一二两三四五六七八九十百千万亿"

# Every repetition is bounded ({m,n}) or guarded by a lookbehind that stops it from starting
# inside a run of its own class, so each scan position costs a bounded amount of work and a
# scan is linear in the text, whatever runs of letters, digits or numerals it holds.

#: Arabic digits: 1-18 digits with thousands groups (1,100 or the full-width 2，200 of older
#: reports), a decimal point (also the middle dot 14·1％ before a percent or multiplier).
_PLAIN_ARABIC = (
    r"\d{1,18}(?:(?:,\d{3}){1,6}|(?:，\d{3}){1,6}(?!\d))?"
    r"(?:\.\d{1,12}|·\d{1,6}(?=[%‰万亿]))?(?![.·]?\d)"
)
#: Spaced digits of text extracted from print (1 0 ％, 8 ．8 ％), only before a percent sign.
_SPACED_ARABIC = r"\d(?: \d){0,11} ?\. ?\d(?: \d){0,5}(?= ?[%‰])|\d(?: \d){1,11}(?= ?[%‰])"
#: Thousands groups separated by spaces (Hong Kong and Macao releases: 7 413 070人, 12 345.6
#: 百萬元, 1 234宗), only after a character that is neither a digit nor a space nor the label
#: of a caption or phone (专栏1 100个, 見表2 100家, 電話：2 345 678) and right
#: before a Han character, a percent sign or a Latin unit (so a row of table cells, 120 135
#: 140, stays three numbers).
_SPACE_GROUPED = (
    r"(?<![\d\s栏欄表图圖件号號第])(?<!话：)(?<!話：)(?<!真：)"
    r"[1-9]\d{0,2}(?: \d{3}){1,6}(?:\.\d{1,6})?"
    r"(?=[%‰A-Za-z\u3400-\u9fff])"
)
#: Never started inside a thousands group (the 212 of 33，212).
_ARABIC = (
    rf"(?<![\d.])(?:(?<!\d[,，])|(?!\d{{3}}(?!\d)))"
    rf"(?:{_SPACED_ARABIC}|{_SPACE_GROUPED}|{_PLAIN_ARABIC})"
)
_CURRENCY = r"(?:元|美元|新台币|台币|日元|韩元|港元|港币|人民币)"
#: 兆 is 10^12 only before a currency (3兆元, 1.2兆新台币); mainland 兆 is mega (100兆宽带).
#: A second 亿 before 次 is the supercomputing unit 亿亿次 (1.5万亿亿次). 千 that starts a
#: unit (300千瓦, 12.5千瓦时, 35千米, 5千克, 200千卡) is the unit's, not a thousand.
_MIXED_TAIL = r"(?:\d[千百十]){1,3}\d?(?![\d.])"  # 1万2千, 3万4千5百
#: The tail after 兆 counted in 亿, before a currency (2兆8,827亿元, 1兆5千亿元: Taiwan budgets).
_ZHAO_TAIL = rf"零?(?:{_MIXED_TAIL}|\d,\d{{3}}|\d{{1,4}}(?![.,\d]))[余多]?亿(?={_CURRENCY})"
_MULT_RE = (
    rf"(?:(?:万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千(?![瓦米克卡伏帕焦])|百(?!分)"
    rf"|兆(?={_CURRENCY}|{_ZHAO_TAIL}))(?:亿(?=次))?)"
)
#: The tail after 亿: counted in 万 (3亿5千万, 12亿3400万 = 1,234,000,000, 2亿3456.78万,
#: 3亿5千多万, 1亿零5万, Taiwan's 1億2,000萬), Chinese places (3亿5千 = 300,005,000), or bare
#: digits that abbreviate (3亿5 = 350,000,000) only before punctuation or the end: before a
#: unit they are a number of their own (投资1亿2024年底完成, 资金3亿20%用于, 10亿2个项目).
_YI_TAIL = (
    rf"(?<=亿)零?(?:(?:{_MIXED_TAIL}|\d[,，]\d{{3}}(?![.\d])|\d{{1,4}}(?:\.\d{{1,4}})?(?![.\d]))"
    rf"[余多]?万"
    rf"|{_MIXED_TAIL}|\d{{1,4}}(?![.\d])(?![{HAN_BASIC}%‰A-Za-z]))"
    rf"|(?<=兆){_ZHAO_TAIL}"
)
_ARABIC_NUM = (
    rf"{_ARABIC}[余多]?{_MULT_RE}?[余多]?"
    rf"(?:{_YI_TAIL}|(?<=万)(?:{_MIXED_TAIL}|{_ARABIC}(?![.\d])))?"
)
#: A Chinese numeral starts a run of numerals (never inside one) and is at most 24 long; a 千
#: that starts a unit is the unit's (四千一百亿千瓦时, 三百千克), as after Arabic digits.
#: The decimal part of a Chinese numeral (十八点六亿, 四点五倍; not the clock time 三点四十分).
_CN_DECIMAL_PART = r"(?:点[〇○零一二三四五六七八九]{1,8}(?![十百千])(?:万亿|亿|万)?)"
#: A year in Chinese digits (一九八〇, 二〇二五): never the start of a Chinese numeral.
_CN_YEAR = r"(?:一九|二[〇○零])[〇○零一二三四五六七八九]{2}"
_CN_NUM = (
    rf"(?:(?<![{CN}几])|(?<={_CN_YEAR}))(?!{_CN_YEAR}(?![十百千万亿]))"
    rf"(?:数(?=[十百千万亿])|[{CN}几])[{CN}几]{{0,23}}(?!(?<=千)[瓦米克卡伏帕焦])"
    rf"{_CN_DECIMAL_PART}?(?:[余多来](?:[万亿])?)?"
)
_CN_NUM_STRICT = rf"(?:[{CN}]{{1,12}}(?:点[{CN}]{{1,8}})?|\d{{1,12}}(?:\.\d{{1,8}})?)"
_FRACTION = (
    rf"(?=[\d{CN}点.]{{1,22}}分之)(?:[百千万]分之{_CN_NUM_STRICT}|{_CN_NUM_STRICT}分之{_CN_NUM_STRICT})"
)
#: A share in Arabic digits before the noun it is a share of (近2/3的地级以上城市, 1/3的街道,
#: 约3/4的小区): a denominator up to 10, and 的 after it (or a bound word and 的), so that a
#: Taiwanese month/day (1/3), a rate per a round base (8.5/10万) and 7/24 are not read.
_ARABIC_FRACTION = (
    r"(?<![\d./／])[1-9][/／](?:10|[2-9])(?![\d./／万千])(?=(?:以上|以下|左右|多)?的)"
)
_NUMBER = rf"(?:{_FRACTION}|{_ARABIC_FRACTION}|{_ARABIC_NUM}|{_CN_NUM})"

_LEXICAL_WORDS = (
    "进一步 一体化 一系列 一些 一步 一流 统一 唯一 一定 一起 一张图 一张网 一网通办 一网统管 "
    "一网协同 一网 一带一路 另一方面 一方面 一线 双碳 双循环 一致 一直 一旦 一切 一般 一样 一度 "
    "一齐 一同 万一 一成不变 千家万户 成千上万 千千万万 万众 万物 百姓 千方百计 三番五次 五湖四海 "
    "四面八方 一心一意 百分百 百分之百 之一 同一 单一 逐一 一一 第一时间 一站式 "
    "一揽子 一把手 一批批 一次性 一手 一边 一键 两岸 三农 四化 一下 一点一滴 数据 数字 几乎 "
    "三次产业 百年不遇 千年 万年 翻番 三位一体 四位一体 五位一体 "
    "零部件 零配件 零件 零售 零星 零距离 零容忍 两头 三起三落 两起两落 几起几落 三包"
).split()
#: Words with numerals that are not numbers (一体化, 进一步, 千家万户, 零部件).
_LEXICAL = word_trie(_LEXICAL_WORDS)
SEP = r"(?:至|到|~|～|-|－|—|–)"

#: A 2-3 digit year of the Republic of China calendar (民国60年 = 1971 … 150年 = 2061).
_ROC_YEAR = r"(?<![\d.,])(?:[6-9]\d|1[0-4]\d|150)"
#: In traditional-script text a bare 100-150年 is a ROC year unless a qualifier or a duration
#: word marks a span (近100年, 100年来, 100多年, 100年以上, 100年之久, 100年间).
_ROC_BARE = (
    r"(?<![\d.,近超逾约过达续时了去满余多到于])1[0-4]\d年"
    r"(?!来|多|余|以上|以来|之久|之内|左右|间|内|历史)"
)

#: A year in two digits before its month (23年2月, 截至24年6月底: 2023, 2024), not a duration
#: of years and months (历时15年3月, 累计缴费15年12月, 已有30年9月).
TWO_DIGIT_YEAR = (
    r"(?<![\d.,])(?<![时费有了满近约超逾达续历])(?P<y2>[0-5]\d)年(?=(?:1[0-2]|0?[1-9])月)"
)

#: What only looks numeric, tried in order before a quantity (the first that matches wins).
_EXCLUSIONS = [
    r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+|www\.[A-Za-z0-9./-]+"
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}"
    r"(?:\.[A-Za-z0-9-]{1,63}){1,8}",  # URLs, e-mail addresses
    r"(?:\+?\d{2,4}[-－])?\d{2,4}[-－]\d{6,8}(?:[-－]\d{1,6}){0,4}|(?<!\d)\d{11,}"
    r"|[#＃]\d{1,10}",  # phone numbers and extensions (#8932)
    r"\d{1,10}(?=台(?:[南北中东]|湾))",  # postal codes, extensions before 台南/台北 …
    r"[〔\[［(（]\d{4}[〕\]］)）]\s{0,3}\d{1,6}\s{0,3}号",  # document numbers
    rf"(?:\d{{4}}|[〇○零一二三四五六七八九]{{4}})\s{{0,3}}年?\s{{0,3}}{SEP}\s{{0,3}}"
    rf"(?:\d{{4}}|[〇○零一二三四五六七八九]{{4}})\s{{0,3}}年",  # year ranges
    r"\d{4}\s{0,3}[/／\-－]\s{0,3}\d{2}(?!\d)\s{0,3}(?:财政)?(?:年度|学年)",  # HK 2024/25年度
    rf"{_CN_YEAR}\s{{0,3}}(?:{SEP}|[/／])\s{{0,3}}[〇○零一二三四五六七八九]{{2}}"
    r"\s{0,3}(?:财政)?(?:年度|学年)",  # 二○二一至二二年度
    r"(?:1[0-9]|20|21)\d{2}\s{0,3}年(?:\s{0,3}\d{1,2}\s{0,3}月(?:\s{0,3}\d{1,2}\s{0,3}[日号])?)?"
    r"|[一二][〇○零一二三四五六七八九]{3}年(?:[一二三四五六七八九十]{1,2}月"
    r"(?:[一二三四五六七八九十]{1,3}[日号])?)?",  # years and dates
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})?[日号]?"
    r"(?:底|末|初|中旬|上旬|下旬|份|中)?",  # months and month-days
    r"\d{1,2}\s{0,2}[日号](?!元)|\d{1,2}·\d{1,2}(?![\d%‰万亿])|\d{1,2}[:：]\d{2}",  # 3·15
    # a month/day (Taiwan: 自1/3起實施, 5/6（一）, 5/6至5/10)
    r"(?<![\d./／])(?:1[0-2]|0?[1-9])[/／](?:3[01]|[12]\d|0?[1-9])(?![\d./／])"
    r"(?=起|止|前|后|至|到|[（(]|\s{0,2}[~～\-－—])",
    rf"第[\d{CN}]{{1,12}}(?:个|届|次|批|期|条|章|节|款|项|阶段|年|名|位|轮|季度|代)?",
    rf"(?<![\d{CN}])[\d{CN}]{{1,12}}(?:号|周年|世纪|年代|季度|年(?:规划|计划|行动计划))",
    rf"(?<=民国)[\d{CN}]{{1,6}}年(?:\d{{1,2}}月(?:\d{{1,2}}[日号])?)?",  # 民国111年
    _ROC_YEAR + r"年(?=度|底|初|中|起|至|上半年|下半年|第|[一二三四1-4]季|\d{1,2}月)",
    TWO_DIGIT_YEAR,  # 23年2月
    r"(?<=[于在至到自从])(?<![大高低少多等小甚乃达不得做长][于在至到自从])" + _ROC_YEAR + "年",
    r"十[一二三四五六七八九]五",  # plan periods 十四五
    rf"(?<![{CN}])[{CN}]{{1,12}}(?:届(?:[一二三四五六七]中全会|全国人大|人大|全国政协|政协|全会)"
    r"|大(?=以来|精神|报告|召开|代表|提出|上|的|和|、))|党的[{CN}]{{1,12}}大",  # congresses
    # the sitting of a congress (十五届人大三次会议, 政协十三届二次会议, 十四届全国人大一次会议)
    rf"(?<![\d{CN}])[\d{CN}]{{1,3}}届[\d{CN}]{{1,3}}次(?=会议|全会|全体会议|常委会)"
    rf"|(?:(?<=人大)|(?<=政协)|(?<=届))[\d{CN}]{{1,3}}次(?=会议|全会|全体会议)",
    # names with digits, not a currency code glued to its amount (USD12亿元)
    r"(?<![A-Za-z])(?!(?:${currency_codes})\d)[A-Za-z]{1,40}-?\d{1,20}[A-Za-z\d]{0,40}"
    r"|(?<!\d)\d{1,20}(?!${ascii_units})[A-Za-z][A-Za-z\d]{0,40}",  # 5G, 3S, COVID-19 (not 5GB)
    r"(?<!\d)\d{3,20}(?=碳|(?!${ascii_units})[A-Za-z])",  # 3060碳达峰, not 100MW
    r"(?<![\d.])\d{1,2} ?[×xX*＊] ?\d{1,2} ?小时",  # 7×24小时 (round the clock), no span stated
    _LEXICAL,
    r"十分(?!之)|万分(?!之)",  # 十分重要 (very), not the fractions 十分之一, 万分之三
    r"一点(?![〇○零一二三四五六七八九])",  # 一点 (a bit), not 一点二亿元
]
_EXCLUDE = "|".join(_EXCLUSIONS)

def _prefix_re() -> str:
    """The qualifier words before a number (the qualifier table's ``before`` words).

    约 after 节/制/预/签 … is part of a verb (节约50万度电 saves, it does not approximate). A
    positive bound word is never read when a negation stands before it (不低于 is one word).
    """
    words = word_trie(p for p in qualifier_table().prefixes if p != "约")
    return rf"(?<![不未])(?:{words}|(?<![节制预签合公条契邀践履违特])约)"


def _quantity_re(units: str, *, ranges: bool = True) -> str:
    """qualifier + number (+ unit, separator, qualifier, number) + unit + qualifier."""
    suffixes, prefix = word_trie(qualifier_table().suffixes), _prefix_re()
    second = (
        rf"(?:(?P<u1>{units})?\s{{0,2}}(?P<sep>{SEP})\s{{0,2}}"
        rf"(?P<pre2>{prefix})?(?P<neg2>零下)?(?P<num2>{_NUMBER}))?"
        if ranges
        else ""
    )
    return (
        rf"(?P<pre>{prefix})?"
        rf"(?P<num>{_NUMBER}){second}"
        rf"(?: (?=[%‰]))?(?P<unit>{units}(?:(?<=[A-Za-z])(?![A-Za-z])|(?<![A-Za-z])))?"
        rf"(?P<post>{suffixes})?"
    )


#: Characters that make 半 the start of another word (半导体, 半岛, 半年, 半径, 半价 …).
_HALF_WORD_AFTER = "导岛径年月天日夜晌辈世生个身价票空圆球边封自熟职途路程截壁山决字据"
#: Characters before 一 that make it part of a word (统一, 同一, 这一, 唯一, 第一, 另一 …).
_ONE_WORD_BEFORE = "统同这那唯单第每任某哪逐专均划万合归纯整另"
#: What may follow 大半.
_HALF_END = r"(?=的|是|为|都|已|均|和|或|以[上下]|左右|[，。；、,;:：！？）)”」’\s]|$)"
_HALF_POST = r"(?:及以上|或以上|以上|及以下|以下|左右|多(?![元样数个种家项方年功层次重位处]))"


def _half_re() -> str:
    """A verbal half: group ``hpre`` (a qualifier word), ``half`` (the word), ``hpost``.

    - 一半, 半数, 一大半, 一多半 stand alone (一半以上, 其中半数, 一多半的居民), with a qualifier
      word before (近一半, 超过半数, 不到一半) or after (一半以上, 一半左右, 一半多); not when 一
      belongs to the word before (统一半导体, 这一半岛, 另一半: the other half, a spouse) or 半
      to the word after (一半导体, 半数字化);
    - a bare 半 needs a qualifier word before it (过半, 逾半受访者, 超半, 近半; never
      上半年/下半年, not the 过 of 经过/通过/度过 (经过半年) nor of the slogan 双过半, but
      进度过半 is progress past half) and no word
      may start at it (过半年, 近半个世纪, 近半百, 超半小时);
    - 大半 must end the phrase (大 ends many words: 强大, 扩大): only 的, 是, 为, 都, 已, 均,
      和, 或, a bound word (以上, 左右) or punctuation may follow, so 大半年, 大半个,
      强大半导体, 扩大半径 are no halves;
    - 半年, 半天, 半岛, 半导体, 半径, 多半 (probably) never match: no qualifier word stands
      before their 半. A half of a unit (半年, 一年半, 半个月) is not read, as before.
    """
    guard = r"(?!上|(?<=[经通越穿错走跑路胜难放太滤透闯跨双])过|(?<=(?<!进)度)过)"
    return (
        rf"(?P<hpre>{guard}{_prefix_re()})?"
        rf"(?P<half>(?<![{_ONE_WORD_BEFORE}])(?:一半|一大半|一多半)(?![{_HALF_WORD_AFTER}])"
        rf"|半数(?![{_HALF_WORD_AFTER}])|大半{_HALF_END}"
        rf"|(?(hpre)半(?![{_HALF_WORD_AFTER}百小分秒点步场周旬季])|(?!)))"
        rf"(?P<hpost>{_HALF_POST})?"
    )


def _units_re() -> str:
    return word_trie(unit_table().aliases)


def _ascii_units_re() -> str:
    """The units of the unit table written in Latin letters (GB, Mbps, MW, kWh): a number
    before one is a quantity, not a name with digits (5G, 3S)."""
    ascii_units = [u for u in unit_table().aliases if u.isascii() and u.isalpha()]
    return "|".join(sorted(ascii_units, key=lambda u: (-len(u), u)))


#: Characters a match can start with: a cheap lookahead so most positions fail at once.
_FIRST = (
    rf"0-9A-Za-z#＃{CN}数几〔\[［(（第党大约将接近超逾突高多不至过上低少未进统唯双成同单逐之另"
    "最起小半翻"
)


#: Nothing starts inside a run of letters or of Chinese numerals: a position there is skipped
#: at the cost of two character tests (this keeps long runs cheap as well as linear).
#: A year in Chinese digits ends a run (一九七九和一九八〇两年: 两年 is a number of its own).
_NOT_INSIDE_RUN = rf"(?!(?<=[A-Za-z])[A-Za-z])(?!(?<=[{CN}几])(?<!{_CN_YEAR})[{CN}几])"


#: What every quantity or verbal half holds: a digit (any script, as ``\d``), a Chinese numeral,
#: 几 or 半. Text without one holds no quantity, whatever else the scanner finds in it.
_NUMERAL_CHAR = re.compile(rf"[\d{CN}几半]")


def has_numeral(folded: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``folded[start:end]`` (folded text) may hold a quantity: a cheap test before
    the scanner."""
    return _NUMERAL_CHAR.search(folded, start, len(folded) if end is None else end) is not None


def _doubling_re() -> str:
    """A doubling: group ``d`` = ``dpre`` (a qualifier word: 接近, 超过) + 翻 + ``dn`` (how
    many times: 一, 两, 三, 四) + 番 + ``dpost`` (以上, 多, 左右)."""
    return (rf"(?P<d>(?P<dpre>{_prefix_re()})?翻了?(?P<dn>[一二两三四])番"
            r"(?P<dpost>以上|多(?![元样数个种家项方年功层次重位处])|左右)?)")


@lru_cache(maxsize=2)
def scanner(roc_years: bool = False) -> re.Pattern[str]:
    """The scanner: an exclusion (group ``x``: dates, ordinals, names…), a doubling (``d``:
    翻两番), a verbal half (``h``) or a quantity (``q``).

    With ``roc_years`` a bare 100-149年 of traditional-script text is excluded as a year.
    """
    exclude = _EXCLUDE.replace("${ascii_units}", _ascii_units_re()).replace(
        "${currency_codes}", CURRENCY_CODES)
    exclude = f"{_ROC_BARE}|{exclude}" if roc_years else exclude
    return re.compile(
        rf"(?=[{_FIRST}]){_NOT_INSIDE_RUN}"
        rf"(?:(?P<x>{exclude})|{_doubling_re()}|(?P<h>{_half_re()})"
        rf"|(?P<q>{_quantity_re(_units_re())}))"
    )


@lru_cache(maxsize=1)
def single_scanner() -> re.Pattern[str]:
    """One quantity with no second number (used at the start of a range that is not one)."""
    return re.compile(rf"(?P<q>{_quantity_re(_units_re(), ranges=False)})")
