"""Chinese and Arabic numerals: folding, digit and place tables, and the number-core parser.

Shared by :mod:`cityreports.quant` (quantities in report text) and :mod:`cityreports.metadata`
(dates, session numbers). :func:`parse_chinese_integer` reads 二十五, 一百二十, 一万二, 二〇三五
(〇/零 are zero, 两 is two); :func:`parse_number` reads a whole number core as the grammar finds it:
Arabic digits with thousands commas and multipliers (7.49亿, 13万2, 1万2千), Chinese numerals,
vague counts (数万, 几十, 十几, 六七十), fractions (百分之十五, 三分之一) and 余/多/来 inside the
number. :func:`fold_text` maps full-width digits and a few traditional numerals and counters to
their simplified forms, one character for one, so offsets stay valid on the original string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

__all__ = [
    "MAX_NUMERAL_LENGTH",
    "CN_BIG",
    "CN_DIGITS",
    "CN_SMALL",
    "COMMA_GROUPED",
    "MULTIPLIERS",
    "ParsedNumber",
    "fold_text",
    "fraction_unit",
    "is_chinese_count",
    "is_fraction",
    "number_value",
    "parse_chinese_integer",
    "parse_number",
]

# --------------------------------------------------------------------------- folding

_FOLD_SRC = (
    "０１２３４５６７８９％．～－"
    "萬億兩個場屆項條餘約幾數將過內點歲輛棟噸畝類種間張週鐘時門號億隻達與區網體統線"
    "臺幣戶輪頃來於國從筆釐際們實務說導盞處塊顆較預計仟佰"
)
_FOLD_DST = (
    "0123456789%.~-万亿两个场届项条余约几数将过内点岁辆栋吨亩类种间张周钟时门号亿只达与区网体统线"
    "台币户轮顷来于国从笔厘际们实务说导盏处块颗较预计千百"
)


@lru_cache(maxsize=1)
def _fold_table() -> tuple[re.Pattern[str], dict[str, str]]:
    return re.compile(f"[{re.escape(_FOLD_SRC)}]"), dict(zip(_FOLD_SRC, _FOLD_DST, strict=True))


def fold_text(text: str) -> str:
    """Fold full-width digits and traditional numerals/counters to simplified, 1:1 in length,
    and the formal numerals of an amount (壹佰贰拾叁万肆仟伍佰元整) to the common ones.

    (A regex finds the few characters to fold: ten times faster than ``str.translate`` with a
    table on Chinese text, where most characters are left as they are.)"""
    pattern, table = _fold_table()
    text = pattern.sub(lambda m: table[m.group()], text)
    if _FORMAL_DIGIT.search(text) is None:
        return text
    return _FORMAL_RUN.sub(_fold_formal_run, text)


def _fold_formal_run(m: re.Match[str]) -> str:
    """A run of numerals and places, folded when it holds a formal numeral that is never a
    word (壹贰叁肆柒捌玖) or a formal 伍/陆 before a place (陆佰, 伍拾); as it was otherwise."""
    run = m.group()
    return run.translate(_FORMAL_TABLE) if _FORMAL_SURE.search(run) else run


#: The formal (banker's) numerals of amounts. 陆, 伍 and 拾 are also words and names (陆家嘴,
#: 伍先生, 收拾), so they are read only in a run of two or more formal numerals and places that
#: holds one which is never a word (壹贰叁肆柒捌玖) or a place (拾佰仟) after a digit.
_FORMAL = {"壹": "一", "贰": "二", "貳": "二", "叁": "三", "叄": "三", "肆": "四", "伍": "五",
           "陆": "六", "陸": "六", "柒": "七", "捌": "八", "玖": "九", "拾": "十"}
_FORMAL_TABLE = str.maketrans(_FORMAL)
_FORMAL_DIGIT = re.compile("[壹贰貳叁叄肆伍陆陸柒捌玖]")
#: (The condition is tested on each run, not in a lookahead: a lookahead rescanned the run
#: from each of its characters.)
_FORMAL_RUN = re.compile("[零壹贰貳叁叄肆伍陆陸柒捌玖][零壹贰貳叁叄肆伍陆陸柒捌玖拾百千万亿]+")
_FORMAL_SURE = re.compile("[壹贰貳叁叄肆柒捌玖]|[伍陆陸][拾百千]")


# --------------------------------------------------------------------------- numerals

#: Chinese digits (〇 and 零 are zero, 两 is two), places below 万, and the big places.
CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,  # the white circle written for 〇 (二○一九)
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
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
MULTIPLIERS = {
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


#: Longer numerals are not numbers of a report (and would make int() refuse the digits).
MAX_NUMERAL_LENGTH = 40


def parse_chinese_integer(text: str) -> int | None:
    """Value of a Chinese integer (二十五, 一百二十, 一万二, 二〇三五); None if invalid."""
    if not text or len(text) > MAX_NUMERAL_LENGTH or any(
        c not in CN_DIGITS and c not in CN_SMALL and c not in CN_BIG for c in text
    ):
        return None
    if len(text) > 1 and all(c in CN_DIGITS for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))  # digit by digit: 二〇三五
    total = 0  # finished 亿 sections
    section = 0  # current section below 万/亿
    digit: int | None = None
    last_unit = 0
    last_big = 10**16
    for c in text:
        if c in CN_DIGITS:
            if digit is not None and digit != 0 and CN_DIGITS[c] != 0:
                return None  # two digits in a row (六七十 is handled as a range elsewhere)
            digit = CN_DIGITS[c]
        elif c in CN_SMALL:
            unit = CN_SMALL[c]
            if last_unit and (unit >= last_unit or digit is None):
                return None
            section += (1 if digit is None else digit) * unit
            if digit == 0:
                return None
            digit, last_unit = None, unit
        else:
            big = CN_BIG[c]
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
        elif not last_unit and digit and total and text[-2] in CN_BIG:
            digit *= CN_BIG[text[-2]] // 10  # 一万二 = 12000
        section += digit
    return total + section


def _is_abbrev_tail(text: str) -> bool:
    return len(text) >= 2 and text[-2] in CN_SMALL and text[-2] != "十"


_ARABIC_RE = re.compile(
    r"^(?P<a>\d+(?:,\d{3})*(?:\.\d+)?)(?P<q1>[余多])?"
    r"(?P<m>万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千|百|兆)?(?P<m2>亿)?(?P<q2>[余多])?"
    r"(?P<z>零)?(?P<c>\d+(?:,\d{3})*(?:\.\d+)?|(?:\d[千百十]){1,3}\d?)?(?P<q3>[余多])?(?P<cw>万|亿)?$"
)
COMMA_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class ParsedNumber:
    """A parsed number core: a point value, or bounds for vague counts and ranges."""

    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    more: bool = False  # 余/多 inside the number
    approx: bool = False  # 来
    vague: bool = False  # 数万, 几十, 十几
    multiplier: bool = False
    chinese: bool = False


def _parse_arabic(text: str) -> ParsedNumber | None:
    m = _ARABIC_RE.match(text)
    if not m or not COMMA_GROUPED.match(m["a"]):
        return None
    try:
        value = Decimal(m["a"].replace(",", ""))
    except InvalidOperation:
        return None
    mult = MULTIPLIERS.get(m["m"] or "", 1)
    value *= mult
    if m["m2"]:  # 1.5万亿亿次: a second 亿 (the supercomputing unit 亿亿次)
        if m["c"] or not m["m"]:
            return None
        return ParsedNumber(value=value * 10**8, more=bool(m["q1"] or m["q2"]), multiplier=True)
    if m["cw"]:  # 3亿5千万, 12亿3400万, 3亿5千多万, 1亿零5万: a tail counted in 万 after 亿;
        # 2兆8,827亿, 1兆5千亿: in 亿 after 兆
        place = {"万": "亿", "亿": "兆"}[m["cw"]]
        if not m["c"] or m["m"] != place or m["q1"] or m["q2"]:
            return None
        tail = m["c"].replace(",", "")
        if tail[-1] in "千百十" or tail[1:2] in ("千", "百", "十"):
            tail_value = _mixed_tail(tail)
        else:
            tail_value = Decimal(tail)
        if tail_value is None or not 0 < tail_value < 10_000:
            return None
        return ParsedNumber(value=value + Decimal(tail_value) * MULTIPLIERS[m["cw"]],
                            more=bool(m["q3"]), multiplier=True)
    if m["z"] or m["q3"]:
        return None  # 零 or 余/多 inside a tail only before 万 (1亿零5万, 3亿5千多万)
    if m["c"]:
        if mult < 10_000 or m["q1"] or m["q2"]:
            return None
        if m["c"][-1] in "千百十" or m["c"][1:2] in ("千", "百", "十"):
            tail_int = _mixed_tail(m["c"])  # 1万2千 = 12000, 3万4千5百 = 34500
            if tail_int is None or tail_int >= mult:
                return None
            return ParsedNumber(value=value + tail_int, multiplier=True)
        tail = m["c"].replace(",", "")
        if "," in m["c"] and not COMMA_GROUPED.match(m["c"]):
            return None
        place = len(str(mult)) - 1
        tail_value = Decimal(tail)
        if len(tail) < place:
            tail_value *= Decimal(10) ** (place - len(tail))  # 13万2 = 132000
        if tail_value >= mult:
            return None
        value += tail_value
    return ParsedNumber(value=value, more=bool(m["q1"] or m["q2"]), multiplier=mult > 1)


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


#: Two neighbouring digits, a range (三四十 = 30-40, 两三年, 十一二个 = 11-12, 二十三四岁): the
#: tens before them, the digits, the places after them (only 万/亿 after tens: 十五六万); 三两
#: (a few) alone is 2-3 as well.
_CN_RANGE_RE = re.compile(
    r"^(?:([一二两三四五六七八九])?十)?([一两二三四五六七八九])([一两二三四五六七八九])([十百千万亿]*)$"
)
_CN_VAGUE_RE = re.compile(r"^(?:[数几])([十百千万亿]+)$")
_CN_TEEN_VAGUE_RE = re.compile(r"^([一二三四五六七八九]?)十几([万亿]?)$")


def _parse_chinese(text: str) -> ParsedNumber | None:
    more = approx = False
    core = text
    if core and core[-1] in "余多来" or re.search(r"[余多来][万亿]$", core):
        idx = max(core.rfind("余"), core.rfind("多"), core.rfind("来"))
        flag = core[idx]
        core = core[:idx] + core[idx + 1 :]
        more, approx = flag in "余多", flag == "来"
    if not core:
        return None
    decimal = _CN_DECIMAL_NUMBER.fullmatch(core)
    if decimal:
        return _chinese_decimal(decimal, more=more, approx=approx)
    vague = _CN_VAGUE_RE.match(core)
    if vague:
        mult = _cn_mult(vague[1])
        if mult is None:
            return None
        return ParsedNumber(
            value=None,
            low=Decimal(2 * mult),
            high=Decimal(9 * mult),
            vague=True,
            multiplier=mult >= 10_000,
            chinese=True,
        )
    teen = _CN_TEEN_VAGUE_RE.match(core)
    if teen:
        tens = CN_DIGITS[teen[1]] if teen[1] else 1
        mult = CN_BIG.get(teen[2], 1)
        return ParsedNumber(
            value=None,
            low=Decimal((tens * 10 + 1) * mult),
            high=Decimal((tens * 10 + 9) * mult),
            vague=True,
            chinese=True,
            multiplier=mult > 1,
        )
    pair = _CN_RANGE_RE.match(core)
    low, high = (CN_DIGITS[pair[2]], CN_DIGITS[pair[3]]) if pair else (0, 0)
    few = (pair[2], pair[3]) == ("三", "两") and pair.start(2) == 0 if pair else False
    if pair and (high == low + 1 or few):  # 三两 alone: 十三两 is thirteen liang
        low, high = min(low, high), max(low, high)
        tens = 0 if pair.start(2) == 0 else (CN_DIGITS[pair[1]] if pair[1] else 1) * 10
        mult = _cn_mult(pair[4]) if pair[4] else 1
        if mult is None or (tens and pair[4][:1] in ("十", "百", "千")):
            return None  # 十一二百: no such number; 十五六万 is 150,000-160,000
        return ParsedNumber(
            value=None,
            low=Decimal((tens + low) * mult),
            high=Decimal((tens + high) * mult),
            vague=True,
            chinese=True,
            multiplier=mult >= 10_000,
        )
    if "几" in core or "数" in core:
        return None
    value = parse_chinese_integer(core)
    if value is None:
        return None
    return ParsedNumber(
        value=Decimal(value),
        more=more,
        approx=approx,
        chinese=True,
        multiplier=any(c in "万亿" for c in core) or core in ("百", "千"),
    )


#: A Chinese numeral with a decimal part and a multiplier (十八点六亿 = 1.86e9, 四点五).
_CN_DECIMAL_NUMBER = re.compile(
    r"(?P<w>[零〇○一二两三四五六七八九十百千]{1,12})点(?P<f>[零〇○一二三四五六七八九]{1,8})"
    r"(?P<m>万亿|亿|万)?"
)


def _chinese_decimal(m: re.Match[str], *, more: bool, approx: bool) -> ParsedNumber | None:
    """The value of a :data:`_CN_DECIMAL_NUMBER` match: whole part, digits after 点, times the
    multiplier (the decimals of 1980s reports: 完成十八点六亿元, 增长四点五倍)."""
    whole = parse_chinese_integer(m["w"])
    if whole is None:
        return None
    digits = "".join(str(CN_DIGITS[c]) for c in m["f"])
    mult = MULTIPLIERS.get(m["m"] or "", 1)
    return ParsedNumber(
        value=Decimal(f"{whole}.{digits}") * mult,
        more=more,
        approx=approx,
        chinese=True,
        multiplier=mult > 1,
    )


def _cn_mult(units: str) -> int | None:
    mult = 1
    for c in units:
        mult *= CN_SMALL.get(c) or CN_BIG.get(c) or 0
    return mult or None


_FRACTION_RE = re.compile(r"^(?:(?P<per>百|千)分之(?P<p>.+)|(?P<d>.+)分之(?P<n>.+))$")
#: A fraction in Arabic digits (2/3), numerator first.
_ARABIC_FRACTION_RE = re.compile(r"^(?P<n>\d{1,3})[/／](?P<d>\d{1,3})$")


_CHINESE_COUNT = re.compile(r"[一二两三四五六七八九十][〇○零一二两三四五六七八九十百千]*[万亿]")


def is_chinese_count(core: str) -> bool:
    """Whether a Chinese numeral counts in 万 or 亿 with digits of its own (二百八十万, 十亿,
    九亿六千万), unlike a bare 百万 or 亿万 (亿万人民, 千万不要)."""
    return _CHINESE_COUNT.search(core) is not None


def fraction_unit(num: str, num2: str) -> str | None:
    """The unit a range of fractions shares, as a single fraction has it (百分之五到百分之八,
    三分之一到二分之一, and 百分之五至六 whose bare end shares it: %; 千分之三至千分之五: ‰),
    "" when neither end is a fraction, None when the two ends are fractions of different
    units (百分之五到千分之八)."""
    units = {("‰" if n.startswith("千分之") else "%") if "分之" in n else "" for n in (num, num2)}
    units.discard("")  # a bare end shares the other's: 百分之五至六, 千分之二至三
    return units.pop() if len(units) == 1 else "" if not units else None


def is_fraction(core: str) -> bool:
    """Whether a number core is a fraction (三分之一, 百分之五, 2/3), whose unit is a share."""
    return "分之" in core or _ARABIC_FRACTION_RE.match(core) is not None


_CN_DECIMAL = re.compile(r"[零〇一二两三四五六七八九十百千]{1,8}点[零〇一二三四五六七八九]{1,8}")


def _plain_value(text: str) -> Decimal | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    parsed = _parse_chinese(text)
    if parsed is None or parsed.value is None or parsed.more or parsed.approx:
        if _CN_DECIMAL.fullmatch(text):
            whole, frac = text.split("点")  # 四十六点五 = 46.5
            value = parse_chinese_integer(whole)
            if value is None:
                return None
            return Decimal(f"{value}.{''.join(str(CN_DIGITS[c]) for c in frac)}")
        return None
    return parsed.value


_PLAIN_DECIMAL = re.compile(r"\d{1,18}(?:\.\d{1,12})?")


def parse_number(text: str, *, folded: bool = False) -> ParsedNumber | None:
    """Parse a number core (7.49亿, 13万2, 二十五, 数万, 六七十, 百分之十五); None if invalid.

    Also read: thousands groups with a full-width comma (2，200), a middle dot as the decimal
    point (14·1) and digits spaced out by print extraction (1 0, 8 ．8). Cores longer than
    ``MAX_NUMERAL_LENGTH`` are not numbers (None).
    """
    if len(text) > MAX_NUMERAL_LENGTH + 24:
        return None
    if not folded:  # the caller may pass text already folded with fold_text
        text = fold_text(text)
    return _parse_folded(text)


@lru_cache(maxsize=8192)
def _parse_folded(text: str) -> ParsedNumber | None:
    """:func:`parse_number` of folded text (cached: reports repeat their number cores)."""
    if _PLAIN_DECIMAL.fullmatch(text):
        return ParsedNumber(value=Decimal(text))  # 6.7, 2020: the common case, no regex more
    if text[:1].isdigit():
        text = text.replace("，", ",").replace("·", ".").replace(" ", "")
    arabic = _ARABIC_FRACTION_RE.match(text)
    if arabic:  # 2/3: a share, as 三分之二
        den, num = Decimal(arabic["d"]), Decimal(arabic["n"])
        return None if den == 0 else ParsedNumber(value=num * 100 / den)
    frac = _FRACTION_RE.match(text)
    if frac:
        if frac["per"]:
            part = _plain_value(frac["p"])
            return None if part is None else ParsedNumber(value=part, chinese=True)
        den, num = _plain_value(frac["d"]), _plain_value(frac["n"])
        if den is None or num is None or den == 0:
            return None
        return ParsedNumber(value=num * 100 / den, chinese=True)
    if text[:1].isdigit():
        return _parse_arabic(text)
    return _parse_chinese(text)


def number_value(text: str) -> float | None:
    """The point value of a number core as a float (None for ranges or invalid text)."""
    parsed = parse_number(text)
    return None if parsed is None or parsed.value is None else float(parsed.value)
