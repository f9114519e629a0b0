"""Quantities in Chinese report text: numbers with their qualifier and unit.

:func:`scan_quantities` runs the scanner of :mod:`quant.grammar` over normalised text, parses
each number core with :mod:`cityreports.text.numerals` and keeps what is a quantity; it skips
what only looks numeric: dates and years, ordinals, plan periods (十四五), document and phone
numbers, URLs, names with digits (5G, 3S, 神舟十五号) and lexical 一/两/双 words (一体化,
进一步, 一网通办). Deciding which quantities are *claims* is left to :mod:`claims`.

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
from functools import lru_cache

from cityreports.quant.grammar import BARE_PREFIXES, CN, PREFIXES, SUFFIXES, scanner
from cityreports.quant.units import unit_kind, unit_table
from cityreports.text.lexicon import HAN_BASIC
from cityreports.text.numerals import (
    COMMA_GROUPED,
    ParsedNumber,
    fold_text,
    number_value,
    parse_chinese_integer,
    parse_number,
)

__all__ = [
    "NumberDiagnostic",
    "POINT_NOUNS",
    "Quantity",
    "fold_text",
    "number_value",
    "parse_chinese_integer",
    "parse_number",
    "scan_diagnostics",
    "scan_quantities",
    "starts_with_point_noun",
]

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
    for m in scanner(roc_years).finditer(folded):
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
    for m in scanner().finditer(folded):
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
        if COMMA_GROUPED.match(m.group()):
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
    return sum(c in CN for c in core) >= 2 and core not in ("几", "数")


def _build(text: str, folded: str, m: re.Match[str]) -> Quantity | None:
    aliases, durations = unit_table().aliases, unit_table().durations
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
        parsed = ParsedNumber(value=parsed.value * 10)
    if (
        post == "多"
        and unit_text not in aliases
        or post == "多"
        and (aliases.get(unit_text) not in durations)
    ):
        end -= 1
        post = ""
    if post == "内" and aliases.get(unit_text) not in durations:
        end -= 1
        post = ""  # 5个区内: 内 is a place, not a bound
    if not unit_text and post:
        end -= len(post)
        post = ""
    bare = num in ("百", "千", "万", "亿", "百万", "千万", "十万")
    if bare and pre not in BARE_PREFIXES:
        return None
    if pre == "上" and not bare:
        start += 1
        pre = ""
    if pre == "过" and not bare:
        start += 1
        pre = ""
    unit = aliases.get(unit_text, unit_text)
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
        PREFIXES.get(pre, ""),
        "more_than" if parsed.more else ("approx" if parsed.approx else ""),
        SUFFIXES.get(post, ""),
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
    rf"(?P<pre>{'|'.join(sorted(set(PREFIXES) - {'上', '过'}, key=len, reverse=True))})"
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
    text: str, m: re.Match[str], first: ParsedNumber, start: int, end: int
) -> Quantity | None:
    second = parse_number(m["num2"])
    aliases = unit_table().aliases
    u1 = aliases.get(m["u1"] or "", m["u1"] or "")
    unit = aliases.get(m["unit"] or "", m["unit"] or "")
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


_HAN_CHAR = re.compile(f"[{HAN_BASIC}]")


def _is_cjk(char: str) -> bool:
    return _HAN_CHAR.match(char) is not None


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


def _bounds(qualifier: str, parsed: ParsedNumber) -> tuple[float | None, float | None]:
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
