"""Number grammar for Chinese report text: numerals, multipliers, qualifiers, units.

:func:`scan_quantities` finds quantity candidates (qualifier + number + unit) in normalised
text and skips what only looks numeric: dates and years, ordinals, plan periods (十四五), document
and phone numbers, URLs, names with digits (5G, 3S, 神舟十五号) and lexical 一/两/双 words
(一体化, 进一步, 一网通办). Deciding which quantities are *claims* is left to :mod:`claims`.

Unit rules: a currency word before the number sets the currency when the unit after it is 元
or missing (新台币约25亿元 -> 新台币, 人民币5000万元 -> 元, 港币3亿元 -> 港元); 兆 is 10^12 only
before a currency (Taiwan/HK usage); 度 is a unit (kWh) only next to 电; 期 counts only after
分/共/办/累计 … (二期工程 is a name); 翻一番/翻两番 are left out (a doubling target, not a
stated quantity); mixed Arabic digits and Chinese places are read as one number (1万2千 = 12000).

Offsets are indices into the scanned string. The scanner first folds the text 1:1 (full-width
digits, a few traditional numerals and counters), so offsets stay valid on the original string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# --------------------------------------------------------------------------- folding

_FOLD_SRC = (
    "０１２３４５６７８９％．～－"
    "萬億兩個場屆項條餘約幾數將過內點歲輛棟噸畝類種間張週鐘時門號億隻達與區網體統線"
    "臺幣戶輪頃來於國從筆釐際們實務說導盞處塊顆"
)
_FOLD_DST = (
    "0123456789%.~-万亿两个场届项条余约几数将过内点岁辆栋吨亩类种间张周钟时门号亿只达与区网体统线"
    "台币户轮顷来于国从笔厘际们实务说导盏处块颗"
)


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    return str.maketrans(_FOLD_SRC, _FOLD_DST)


def fold_text(text: str) -> str:
    """Fold full-width digits and traditional numerals/counters to simplified, 1:1 in length."""
    return text.translate(_fold_table())


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Quantity:
    """A number with its qualifier and unit, found in a string (offsets into that string).

    ``value`` is the stated number in base units (``None`` for ranges); ``low``/``high`` are
    the bounds the qualifier implies (``None`` = open). ``unit`` is simplified (平米 ->
    平方米, 大类 -> 类, N大 -> 个); ``unit_text`` is the unit as written.
    """

    start: int
    end: int
    surface: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    qualifier: str
    kind: str
    unit_text: str = ""
    number: str = ""
    multiplier: bool = False
    chinese: bool = False
    bare_one: bool = False


@dataclass(frozen=True)
class NumberDiagnostic:
    """A span that looks numeric but could not be parsed."""

    start: int
    end: int
    surface: str
    problem: str


# --------------------------------------------------------------------------- numerals

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_MULT = {
    "万亿": 10**12,
    "兆": 10**12,  # Taiwan/HK/Japan financial usage; scanned only before a currency
    "千亿": 10**11,
    "百亿": 10**10,
    "十亿": 10**9,
    "亿": 10**8,
    "千万": 10**7,
    "百万": 10**6,
    "十万": 10**5,
    "万": 10**4,
    "千": 10**3,
    "百": 10**2,
}


def parse_chinese_integer(text: str) -> int | None:
    """Value of a Chinese integer (二十五, 一百二十, 一万二, 二〇三五); None if invalid."""
    if not text or any(
        c not in _CN_DIGITS and c not in _CN_SMALL and c not in _CN_BIG for c in text
    ):
        return None
    if len(text) > 1 and all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))  # digit by digit: 二〇三五
    total = 0  # finished 亿 sections
    section = 0  # current section below 万/亿
    digit: int | None = None
    last_unit = 0
    last_big = 10**16
    for c in text:
        if c in _CN_DIGITS:
            if digit is not None and digit != 0 and _CN_DIGITS[c] != 0:
                return None  # two digits in a row (六七十 is handled as a range elsewhere)
            digit = _CN_DIGITS[c]
        elif c in _CN_SMALL:
            unit = _CN_SMALL[c]
            if last_unit and (unit >= last_unit or digit is None):
                return None
            section += (1 if digit is None else digit) * unit
            if digit == 0:
                return None
            digit, last_unit = None, unit
        else:
            big = _CN_BIG[c]
            if big >= last_big and big == 10_000:
                return None
            section += digit or 0
            if section == 0:
                section = 1 if total == 0 else 0
                if section == 0:
                    return None
            if big == 100_000_000:
                total = (total + section) * big
            else:
                total += section * big
            last_big = big
            section, digit, last_unit = 0, None, 0
    if digit is not None:
        if last_unit and digit and _is_abbrev_tail(text):
            digit *= last_unit // 10  # 一百二 = 120, 三千五 = 3500
        elif not last_unit and digit and total and text[-2] in _CN_BIG:
            digit *= _CN_BIG[text[-2]] // 10  # 一万二 = 12000
        section += digit
    return total + section


def _is_abbrev_tail(text: str) -> bool:
    return len(text) >= 2 and text[-2] in _CN_SMALL and text[-2] != "十"


_ARABIC_RE = re.compile(
    r"^(?P<a>\d+(?:,\d{3})*(?:\.\d+)?)(?P<q1>[余多])?"
    r"(?P<m>万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千|百|兆)?(?P<q2>[余多])?"
    r"(?P<c>\d+(?:,\d{3})*|(?:\d[千百十]){1,3}\d?)?$"
)
_COMMA_OK = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class _Parsed:
    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    more: bool = False  # 余/多 inside the number
    approx: bool = False  # 来
    vague: bool = False  # 数万, 几十, 十几
    multiplier: bool = False
    chinese: bool = False


def _parse_arabic(text: str) -> _Parsed | None:
    m = _ARABIC_RE.match(text)
    if not m or not _COMMA_OK.match(m["a"]):
        return None
    try:
        value = Decimal(m["a"].replace(",", ""))
    except InvalidOperation:
        return None
    mult = _MULT.get(m["m"] or "", 1)
    value *= mult
    if m["c"]:
        if mult < 10_000 or m["q1"] or m["q2"]:
            return None
        if m["c"][-1] in "千百十" or m["c"][1:2] in ("千", "百", "十"):
            tail_int = _mixed_tail(m["c"])  # 1万2千 = 12000, 3万4千5百 = 34500
            if tail_int is None or tail_int >= mult:
                return None
            return _Parsed(value=value + tail_int, multiplier=True)
        tail = m["c"].replace(",", "")
        if "," in m["c"] and not _COMMA_OK.match(m["c"]):
            return None
        place = len(str(mult)) - 1
        tail_value = Decimal(tail)
        if len(tail) < place:
            tail_value *= Decimal(10) ** (place - len(tail))  # 13万2 = 132000
        if tail_value >= mult:
            return None
        value += tail_value
    return _Parsed(value=value, more=bool(m["q1"] or m["q2"]), multiplier=mult > 1)


def _mixed_tail(tail: str) -> int | None:
    """Value of an Arabic-digit tail with Chinese place words (2千, 4千5百, 4千5 = 4500)."""
    total, last = 0, 10_000
    places = {"千": 1000, "百": 100, "十": 10}
    i = 0
    while i + 1 < len(tail) and tail[i + 1] in places:
        place = places[tail[i + 1]]
        if place >= last:
            return None
        total += int(tail[i]) * place
        last = place
        i += 2
    if i < len(tail):
        if last == 10:
            return None if len(tail) - i > 1 else total + int(tail[i])
        total += int(tail[i]) * (last // 10)  # 4千5 = 4500
    return total


_CN_RANGE_RE = re.compile(r"^([一二三四五六七八九])([一二三四五六七八九])([十百千万亿]*)$")
_CN_VAGUE_RE = re.compile(r"^(?:[数几])([十百千万亿]+)$")
_CN_TEEN_VAGUE_RE = re.compile(r"^([一二三四五六七八九]?)十几([万亿]?)$")


def _parse_chinese(text: str) -> _Parsed | None:
    more = approx = False
    core = text
    if core and core[-1] in "余多来" or re.search(r"[余多来][万亿]$", core):
        idx = max(core.rfind("余"), core.rfind("多"), core.rfind("来"))
        flag = core[idx]
        core = core[:idx] + core[idx + 1 :]
        more, approx = flag in "余多", flag == "来"
    if not core:
        return None
    vague = _CN_VAGUE_RE.match(core)
    if vague:
        mult = _cn_mult(vague[1])
        if mult is None:
            return None
        return _Parsed(
            value=None,
            low=Decimal(2 * mult),
            high=Decimal(9 * mult),
            vague=True,
            multiplier=mult >= 10_000,
            chinese=True,
        )
    teen = _CN_TEEN_VAGUE_RE.match(core)
    if teen:
        tens = _CN_DIGITS[teen[1]] if teen[1] else 1
        mult = _CN_BIG.get(teen[2], 1)
        return _Parsed(
            value=None,
            low=Decimal((tens * 10 + 1) * mult),
            high=Decimal((tens * 10 + 9) * mult),
            vague=True,
            chinese=True,
            multiplier=mult > 1,
        )
    pair = _CN_RANGE_RE.match(core)
    if pair and _CN_DIGITS[pair[2]] == _CN_DIGITS[pair[1]] + 1:
        mult = _cn_mult(pair[3]) if pair[3] else 1
        if mult is None:
            return None
        return _Parsed(
            value=None,
            low=Decimal(_CN_DIGITS[pair[1]] * mult),
            high=Decimal(_CN_DIGITS[pair[2]] * mult),
            vague=True,
            chinese=True,
            multiplier=mult >= 10_000,
        )
    if "几" in core or "数" in core:
        return None
    value = parse_chinese_integer(core)
    if value is None:
        return None
    return _Parsed(
        value=Decimal(value),
        more=more,
        approx=approx,
        chinese=True,
        multiplier=any(c in "万亿" for c in core) or core in ("百", "千"),
    )


def _cn_mult(units: str) -> int | None:
    mult = 1
    for c in units:
        mult *= _CN_SMALL.get(c) or _CN_BIG.get(c) or 0
    return mult or None


_FRACTION_RE = re.compile(r"^(?:(?P<per>百|千)分之(?P<p>.+)|(?P<d>.+)分之(?P<n>.+))$")


def _plain_value(text: str) -> Decimal | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    parsed = _parse_chinese(text)
    if parsed is None or parsed.value is None or parsed.more or parsed.approx:
        if re.fullmatch(r"[零〇一二两三四五六七八九]点[零〇一二三四五六七八九]+", text):
            whole, frac = text.split("点")
            return Decimal(f"{_CN_DIGITS[whole]}.{''.join(str(_CN_DIGITS[c]) for c in frac)}")
        return None
    return parsed.value


def parse_number(text: str) -> _Parsed | None:
    """Parse a number core (7.49亿, 13万2, 二十五, 数万, 六七十, 百分之十五); None if invalid."""
    text = fold_text(text)
    frac = _FRACTION_RE.match(text)
    if frac:
        if frac["per"]:
            part = _plain_value(frac["p"])
            return None if part is None else _Parsed(value=part, chinese=True)
        den, num = _plain_value(frac["d"]), _plain_value(frac["n"])
        if den is None or num is None or den == 0:
            return None
        return _Parsed(value=num * 100 / den, chinese=True)
    if text[:1].isdigit():
        return _parse_arabic(text)
    return _parse_chinese(text)


def number_value(text: str) -> float | None:
    """The point value of a number core as a float (None for ranges or invalid text)."""
    parsed = parse_number(text)
    return None if parsed is None or parsed.value is None else float(parsed.value)


# --------------------------------------------------------------------------- units

#: unit as written -> simplified unit. Longest forms are tried first.
UNIT_ALIASES: dict[str, str] = {
    "个百分点": "百分点",
    "百分点": "百分点",
    "%": "%",
    "‰": "‰",
    "平方公里": "平方公里",
    "平方千米": "平方公里",
    "平方米": "平方米",
    "平米": "平方米",
    "立方米": "立方米",
    "公顷": "公顷",
    "亩": "亩",
    "公里": "公里",
    "千米": "公里",
    "米": "米",
    "厘米": "厘米",
    "毫米": "毫米",
    "千克": "千克",
    "公斤": "千克",
    "斤": "斤",
    "克": "克",
    "吨": "吨",
    "毫升": "毫升",
    "升": "升",
    "千瓦时": "千瓦时",
    "兆瓦时": "兆瓦时",
    "千瓦": "千瓦",
    "兆瓦": "兆瓦",
    "度电": "度",
    "度": "度",  # kept only in an electricity context (see _build)
    "港元": "港元",
    "港币": "港元",
    "美元": "美元",
    "美金": "美元",
    "欧元": "欧元",
    "日元": "日元",
    "韩元": "韩元",
    "英镑": "英镑",
    "澳门元": "澳门元",
    "澳门币": "澳门元",
    "新台币": "新台币",
    "台币": "新台币",
    "人民币": "元",
    "元": "元",
    "块钱": "元",
    "人次": "人次",
    "个月": "月",
    "个": "个",
    "家": "家",
    "位": "位",
    "名": "名",
    "人": "人",
    "户": "户",
    "间": "间",
    "部门": "部门",
    "部": "部",
    "架次": "架次",
    "辆次": "辆次",
    "期": "期",  # kept only when counted (分3期, 共5期), not a phase name (二期工程)
    "条": "条",
    "次": "次",
    "项": "项",
    "大类": "类",
    "类": "类",
    "种": "种",
    "场": "场",
    "届": "届",
    "批": "批",
    "款": "款",
    "台": "台",
    "套": "套",
    "辆": "辆",
    "座": "座",
    "栋": "栋",
    "所": "所",
    "张": "张",
    "件": "件",
    "篇": "篇",
    "份": "份",
    "宗": "宗",
    "例": "例",
    "轮": "轮",
    "支": "支",
    "架": "架",
    "艘": "艘",
    "株": "株",
    "盏": "盏",
    "处": "处",
    "块": "块",
    "颗": "颗",
    "枚": "枚",
    "棵": "棵",
    "倍": "倍",
    "岁": "岁",
    "年": "年",
    "周": "周",
    "星期": "周",
    "天": "天",
    "小时": "小时",
    "分钟": "分钟",
    "秒": "秒",
    "GB": "GB",
    "TB": "TB",
    "PB": "PB",
    "EB": "EB",
    "Mbps": "Mbps",
    "Gbps": "Gbps",
    "大": "个",
    "成": "%",
}
DURATION_UNITS = frozenset({"年", "月", "周", "天", "小时", "分钟", "秒"})
PERCENT_UNITS = frozenset({"%", "‰", "百分点"})


def unit_kind(unit: str) -> str:
    """``duration`` for time spans, ``percentage`` for %/‰/百分点, else ``measure``."""
    if unit in DURATION_UNITS:
        return "duration"
    if unit in PERCENT_UNITS:
        return "percentage"
    return "measure"


# --------------------------------------------------------------------------- scanner regex

_CN = "零〇一二两三四五六七八九十百千万亿"
_ARABIC = r"(?<![\d.])\d+(?:,\d{3})*(?:\.\d+)?(?![.]?\d)"
_CURRENCY = r"(?:元|美元|新台币|台币|日元|韩元|港元|港币|人民币)"
#: 兆 is 10^12 only before a currency (3兆元, 1.2兆新台币); mainland 兆 is mega (100兆宽带).
_MULT_RE = rf"(?:万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千|百(?!分)|兆(?={_CURRENCY}))"
_MIXED_TAIL = r"(?:\d[千百十]){1,3}\d?(?![\d.])"  # 1万2千, 3万4千5百
_ARABIC_NUM = (
    rf"{_ARABIC}[余多]?{_MULT_RE}?[余多]?"
    rf"(?:(?<=[万亿])(?:{_MIXED_TAIL}|{_ARABIC}(?![.\d])))?"
)
_CN_NUM = rf"(?:数(?=[十百千万亿])|[{_CN}几])[{_CN}几]*(?:[余多来](?:[万亿])?)?"
_CN_NUM_STRICT = rf"(?:[{_CN}]+(?:点[{_CN}]+)?|\d+(?:\.\d+)?)"
_FRACTION = rf"(?:[百千]分之{_CN_NUM_STRICT}|{_CN_NUM_STRICT}分之{_CN_NUM_STRICT})"
_NUMBER = rf"(?:{_FRACTION}|{_ARABIC_NUM}|{_CN_NUM})"

_PREFIXES = {
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
_SUFFIXES = {
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
_BARE_PREFIXES = frozenset({"近", "将近", "接近", "逾", "超", "超过", "上", "过", "突破", "约"})

_LEXICAL = (
    "进一步|一体化|一系列|一些|一步|一流|统一|唯一|一定|一起|一张图|一张网|一网通办|一网统管|"
    "一网协同|一网|一带一路|另一方面|一方面|一线|双碳|双循环|一致|一直|一旦|一切|一般|一样|一度|"
    "一齐|一同|万一|一成不变|千家万户|成千上万|千千万万|万众|万物|百姓|千方百计|三番五次|五湖四海|"
    "四面八方|一心一意|十分|万分|百分百|百分之百|之一|同一|单一|逐一|一一|第一时间|一站式|"
    "一揽子|一把手|一批批|一次性|一手|一边|一键|两岸|三农|四化|一些|一下|一点|数据|数字|几乎|"
    "三次产业|百年不遇|千年|万年|翻一番|翻两番|翻三番|翻番|[三四五]位一体"
)
_UNIT_RE = "|".join(sorted((re.escape(u) for u in UNIT_ALIASES), key=len, reverse=True))
_SEP = r"(?:至|到|~|～|-|－|—|–)"

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
        rf"(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年?\s*{_SEP}\s*"
        rf"(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年",  # year ranges
        r"\d{4}\s*[/／\-－]\s*\d{2}(?!\d)\s*(?:财政)?(?:年度|学年)",  # HK fiscal 2024/25年度
        r"(?:1[0-9]|20|21)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?"
        r"|[一二][〇零一二三四五六七八九]{3}年(?:[一二三四五六七八九十]{1,2}月"
        r"(?:[一二三四五六七八九十]{1,3}[日号])?)?",  # years and dates
        r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})?[日号]?"
        r"(?:底|末|初|中旬|上旬|下旬|份|中)?",  # months and month-days
        r"\d{1,2}\s*[日号](?!元)|\d{1,2}·\d{1,2}|\d{1,2}[:：]\d{2}",  # days, 3·15
        rf"第[\d{_CN}]+(?:个|届|次|批|期|条|章|节|款|项|阶段|年|名|位|轮|季度|代)?",  # ordinals
        rf"[\d{_CN}]+(?:号|周年|世纪|年代|季度)",  # names (神舟十五号), anniversaries, decades
        rf"[\d{_CN}]+年(?:规划|计划|行动计划)",  # 五年规划
        rf"(?<=民国)[\d{_CN}]{{1,6}}年(?:\d{{1,2}}月(?:\d{{1,2}}[日号])?)?",  # 民国111年
        _ROC_YEAR + r"年(?=度|底|初|中|起|至|上半年|下半年|第|[一二三四1-4]季|\d{1,2}月)",
        r"(?<=[于在至到自从])(?<![大高低少多等小甚乃达不得做长][于在至到自从])" + _ROC_YEAR + "年",
        r"十[一二三四五六七八九]五",  # plan periods 十四五
        rf"[{_CN}]+届(?:[一二三四五六七]中全会|全国人大|人大|全国政协|政协|全会)",  # congress
        rf"(?:党的)?[{_CN}]+大(?=以来|精神|报告|召开|代表|提出|上|的|和|、)",
        r"[A-Za-z]+[-]?\d+[A-Za-z\d]*|\d+(?!GB|TB|PB|EB|Mbps|Gbps)[A-Za-z][A-Za-z\d]*",  # 5G, 3S
        r"\d{3,}(?=碳|[A-Za-z])",  # 3060碳达峰
        _LEXICAL,
    ]
)

#: 约 after 节/制/预/签 … is part of a verb (节约50万度电 saves, it does not approximate).
_PREFIX_RE = "|".join(
    r"(?<![节制预签合公条契邀践履违特])约" if p == "约" else p
    for p in sorted(_PREFIXES, key=len, reverse=True)
)
_QUANTITY = (
    rf"(?P<pre>{_PREFIX_RE})?"
    rf"(?P<num>{_NUMBER})"
    rf"(?:(?P<u1>{_UNIT_RE})?\s*(?P<sep>{_SEP})\s*"
    rf"(?P<pre2>{_PREFIX_RE})?(?P<num2>{_NUMBER}))?"
    rf"(?P<unit>{_UNIT_RE})?"
    rf"(?P<post>{'|'.join(sorted(_SUFFIXES, key=len, reverse=True))})?"
)


#: Characters a match can start with: a cheap lookahead so most positions fail at once.
_FIRST = rf"0-9A-Za-z{_CN}数几〔\[［(（第党大约将接近超逾突高多不至过上低少未进统唯双成同单逐之另"


@lru_cache(maxsize=2)
def _scanner(roc_years: bool = False) -> re.Pattern[str]:
    exclude = f"{_ROC_BARE}|{_EXCLUDE}" if roc_years else _EXCLUDE
    return re.compile(rf"(?=[{_FIRST}])(?:(?P<x>{exclude})|(?P<q>{_QUANTITY}))")


_CHENG_WORDS = "为立员本果功绩效都交熟型就长品千"  # 建成为, 成立, 成员 … are not 成 = 10%
_BIG_UNIT_STOP = frozenset("以精报召代提上的和、，。；：,.")


def scan_quantities(
    text: str, *, folded: str | None = None, roc_years: bool = False
) -> list[Quantity]:
    """Quantity candidates in ``text`` (normalised Chinese), in order; never raises.

    ``folded`` is ``fold_text(text)`` when the caller already has it. Years of the Republic
    of China calendar are time points, not durations: 民国111年 always; a 60-150年 after
    于/在/自/从/至/到 or before 度/底/初/起/至/上半年/第N季/N月 always; and with
    ``roc_years`` (traditional-script documents, Taiwan) any bare 100-149年 that no qualifier
    or duration word (近, 超, 来, 多, 以上, 之久, 间 …) marks as a span.
    """
    if folded is None or len(folded) != len(text):
        folded = fold_text(text)
    out: list[Quantity] = []
    for m in _scanner(roc_years).finditer(folded):
        if m["q"] is None:
            continue
        quantity = _build(text, folded, m)
        if quantity is not None:
            out.append(quantity)
    return out


def scan_diagnostics(text: str) -> list[NumberDiagnostic]:
    """Spans that look like numbers (digits with units/multipliers) but do not parse."""
    folded = fold_text(text)
    out: list[NumberDiagnostic] = []
    for m in _scanner().finditer(folded):
        if m["q"] is None:
            continue
        for key in ("num", "num2"):
            core = m[key]
            if core is None or not _looks_numeric(core):
                continue
            if parse_number(core) is None:
                s, e = m.span(key)
                out.append(NumberDiagnostic(s, e, text[s:e], "unparseable number"))
    for m in _bad_number_re().finditer(folded):
        if _COMMA_OK.match(m.group()):
            continue
        out.append(
            NumberDiagnostic(m.start(), m.end(), text[m.start() : m.end()], "malformed digits")
        )
    return sorted(out, key=lambda d: (d.start, d.end))


@lru_cache(maxsize=1)
def _bad_number_re() -> re.Pattern[str]:
    return re.compile(r"\d+\.\d+\.\d+(?:\.\d+)*(?=[万亿%元个人])|\d+(?:,\d+)+(?=[万亿元个人])")


def _looks_numeric(core: str) -> bool:
    if core[:1].isdigit():
        return True
    return sum(c in _CN for c in core) >= 2 and core not in ("几", "数")


def _build(text: str, folded: str, m: re.Match[str]) -> Quantity | None:
    parsed = parse_number(m["num"])
    if parsed is None:
        return None
    unit_text = m["unit"] or ""
    pre = m["pre"] or ""
    post = m["post"] or ""
    start, end = m.start("q"), m.end("q")
    num = m["num"]
    if m["num2"] is not None:
        return _build_range(text, m, parsed, start, end)
    if unit_text == "大" and (
        m.end("unit") >= len(folded)
        or folded[m.end("unit")] in _BIG_UNIT_STOP
        or not _is_cjk(folded[m.end("unit")])
    ):
        unit_text = ""
        end = m.end("num")
        post = ""
    if unit_text == "度" and not _electricity(folded, start, m.end("unit")):
        unit_text, post, end = "", "", m.end("num")  # 30度 (angle, temperature): no unit
    if unit_text == "期" and not (pre or _COUNTED_BEFORE.search(folded, max(0, start - 2), start)):
        return None  # 二期工程, 3期: a phase name, not a count of phases
    if unit_text == "成":
        if not re.fullmatch(r"[1-9一二两三四五六七八九]", num) or (
            m.end("unit") < len(folded) and folded[m.end("unit")] in _CHENG_WORDS
        ):
            return None
        parsed = _Parsed(value=parsed.value * 10)
    if (
        post == "多"
        and unit_text not in UNIT_ALIASES
        or post == "多"
        and (UNIT_ALIASES.get(unit_text) not in DURATION_UNITS)
    ):
        end -= 1
        post = ""
    if post == "内" and UNIT_ALIASES.get(unit_text) not in DURATION_UNITS:
        end -= 1
        post = ""  # 5个区内: 内 is a place, not a bound
    if not unit_text and post:
        end -= len(post)
        post = ""
    bare = num in ("百", "千", "万", "亿", "百万", "千万", "十万")
    if bare and pre not in _BARE_PREFIXES:
        return None
    if pre == "上" and not bare:
        start += 1
        pre = ""
    if pre == "过" and not bare:
        start += 1
        pre = ""
    unit = UNIT_ALIASES.get(unit_text, unit_text)
    if unit in ("元", ""):
        unit = _currency_before(folded, start) or unit
        if not pre:
            lead = _QUALIFIED_CURRENCY.search(folded, max(0, start - 8), start)
            if lead:  # 约新台币18亿元, 超过人民币3亿元: the qualifier before the currency
                pre, start = lead["pre"], lead.start()
    if "分之" in num:
        if unit_text:
            return None  # 三分之一个 is odd; leave it
        unit = "‰" if num.startswith("千分之") else "%"
    qualifier = _combine(
        _PREFIXES.get(pre, ""),
        "more_than" if parsed.more else ("approx" if parsed.approx else ""),
        _SUFFIXES.get(post, ""),
    )
    if parsed.vague:
        qualifier = "vague_range" if qualifier in ("exact", "approx") else qualifier
    value = None if parsed.value is None else float(parsed.value)
    low, high = _bounds(qualifier, parsed)
    bare_one = parsed.chinese and value == 1 and num in ("一", "壹") and not pre and not post
    return Quantity(
        start=start,
        end=end,
        surface=text[start:end],
        value=value,
        low=low,
        high=high,
        unit=unit,
        qualifier=qualifier,
        kind=unit_kind(unit),
        unit_text=text[m.start("unit") : m.start("unit") + len(unit_text)] if unit_text else "",
        number=text[m.start("num") : m.end("num")],
        multiplier=parsed.multiplier,
        chinese=parsed.chinese,
        bare_one=bare_one,
    )


_CURRENCY_PREFIXES = {
    "新台币": "新台币",
    "台币": "新台币",
    "人民币": "元",
    "港币": "港元",
    "港元": "港元",
    "美元": "美元",
    "美金": "美元",
    "欧元": "欧元",
    "日元": "日元",
    "澳门币": "澳门元",
    "澳门元": "澳门元",
}
_CURRENCY_BEFORE = re.compile(
    rf"(?:{'|'.join(sorted(_CURRENCY_PREFIXES, key=len, reverse=True))})"
    r"(?:共|总计|合计|计|约|大约|逾|超过|近|达)?$"
)
_QUALIFIED_CURRENCY = re.compile(
    rf"(?P<pre>{'|'.join(sorted(set(_PREFIXES) - {'上', '过'}, key=len, reverse=True))})"
    rf"(?:{'|'.join(sorted(_CURRENCY_PREFIXES, key=len, reverse=True))})$"
)
_COUNTED_BEFORE = re.compile(r"(?:[分共计办了开续]|累计|合计|总计|先后)$")


def _currency_before(folded: str, start: int) -> str:
    """The currency named just before a number (新台币约25亿元 -> 新台币; 人民币5000万元 -> 元).

    Rule: a currency word before the number (optionally followed by 约/共/达 …) sets the unit
    when the unit after the number is 元 or missing, so the unit says which 元 is meant.
    """
    m = _CURRENCY_BEFORE.search(folded, max(0, start - 6), start)
    return _CURRENCY_PREFIXES[m.group().rstrip("共总合计约大逾超过近达")] if m else ""


def _electricity(folded: str, start: int, end: int) -> bool:
    """度 is a unit (kWh) only in an electricity context: 3000度电, 用电量3000度."""
    if folded.startswith("电", end):
        return True
    clause = folded[max(0, start - 12) : start]
    clause = re.split(r"[，。；：,;:]", clause)[-1]
    return "电" in clause


def _build_range(
    text: str, m: re.Match[str], first: _Parsed, start: int, end: int
) -> Quantity | None:
    second = parse_number(m["num2"])
    u1 = UNIT_ALIASES.get(m["u1"] or "", m["u1"] or "")
    unit = UNIT_ALIASES.get(m["unit"] or "", m["unit"] or "")
    if second is None or first.value is None or second.value is None:
        return None
    if u1 and unit and u1 != unit:
        return None
    unit = unit or u1
    lo, hi = first.value, second.value
    if m["sep"] in "-－—–" and not unit and not (first.multiplier or second.multiplier):
        return None
    if hi <= lo and second.multiplier is False and not m["u1"] and m["num2"] and lo:
        # 3至5万: the multiplier of the second number applies to the first
        return None
    if hi < lo:
        return None
    post = m["post"] or ""
    if not m["unit"] and post:
        end -= len(post)
    return Quantity(
        start=start,
        end=end,
        surface=text[start:end],
        value=None,
        low=float(lo),
        high=float(hi),
        unit=unit,
        qualifier="range",
        kind=unit_kind(unit),
        unit_text=text[m.start("unit") : m.end("unit")] if m["unit"] else (m["u1"] or ""),
        number=text[m.start("num") : m.end("num2")],
        multiplier=first.multiplier or second.multiplier,
        chinese=first.chinese,
    )


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _combine(pre: str, inner: str, post: str) -> str:
    flags = {q for q in (pre, inner, post) if q}
    if not flags:
        return "exact"
    if len(flags) == 1:
        return flags.pop()
    if flags == {"approx", "more_than"}:
        return "approx_more_than"
    if "nearly" in flags and "more_than" in flags:
        return "contradictory"
    if "less_than" in flags and "more_than" in flags:
        return "contradictory"
    if "approx" in flags:
        flags.discard("approx")
        return flags.pop() if len(flags) == 1 else "contradictory"
    return "contradictory" if len(flags) > 1 else flags.pop()


def _bounds(qualifier: str, parsed: _Parsed) -> tuple[float | None, float | None]:
    if parsed.value is None:
        return (
            None if parsed.low is None else float(parsed.low),
            None if parsed.high is None else float(parsed.high),
        )
    v = float(parsed.value)
    if qualifier in ("exact", "approx"):
        return v, v
    if qualifier in ("more_than", "approx_more_than"):
        return v, None
    if qualifier in ("nearly", "less_than"):
        return None, v
    return None, None


#: Nouns that name the text's own points: a small number before them declares an enumeration
#: (六个方面, 四个要点, 三对矛盾, 五大发展理念), not a count of things in the world.
POINT_NOUNS = (
    "方面",
    "要点",
    "特点",
    "特征",
    "目标",
    "阶段",
    "挑战",
    "矛盾",
    "理念",
    "原则",
    "任务",
    "措施",
    "问题",
    "维度",
    "重点",
    "环节",
    "步骤",
    "举措",
    "建议",
    "意见",
    "要求",
    "关系",
    "转变",
    "层次",
    "层面",
    "途径",
    "路径",
    "方向",
    "优势",
    "机遇",
    "难点",
    "痛点",
    "短板",
    "思路",
    "抓手",
    "观点",
    "原因",
    "经验",
    "做法",
    "条件",
    "因素",
    "方式",
    "模式",
    "内容",
    "目的",
    "作用",
    "意义",
    "体现",
    "点",
)


def starts_with_point_noun(text: str) -> bool:
    """True if ``text`` (what follows a count) names the text's own points (方面, 要点 …)."""
    head = text.lstrip("个项对大条种")  # 三个方面, 四项任务, 三对矛盾, 五大理念
    if head.startswith(POINT_NOUNS):
        return True
    phrase = re.split(r"[的，。；：、“”（）,;:()\s]", head, maxsplit=1)[0][:6]
    return any(noun in phrase for noun in POINT_NOUNS[:-1])
