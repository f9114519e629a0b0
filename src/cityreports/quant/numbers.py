"""Quantities in Chinese report text: numbers with their qualifier and unit.

:func:`scan_quantities` runs the scanner of :mod:`quant.grammar` over normalised text, parses
each number core with :mod:`cityreports.text.numerals` and keeps what is a quantity; it skips
what only looks numeric: dates and years, ordinals, plan periods (十四五), document and phone
numbers, URLs, names with digits (5G, 3S, 神舟十五号) and lexical 一/两/双 words (一体化,
进一步, 一网通办). Deciding which quantities are *claims* is left to :mod:`claims`.

Unit rules: a currency word before the number sets the currency when the unit after it is 元
or missing (新台币约25亿元 -> 新台币, 人民币5000万元 -> 元, 港币3亿元 -> 港元); 兆 is 10^12 only
before a currency (Taiwan/HK usage); 度 is a unit (kWh) only next to 电; 期 counts only after
分/共/办/累计 … (二期工程 is a name); 翻一番/翻两番 are multiples of their base (2倍, 4倍);
mixed Arabic digits and Chinese places are read as one number (1万2千 = 12000,
3亿5千万 = 350000000).

Offsets are indices into the scanned string. The scanner first folds the text 1:1 (full-width
digits, a few traditional numerals and counters), so offsets stay valid on the original string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from cityreports.quant.claim_words import claim_words
from cityreports.quant.grammar import has_numeral, scanner, single_scanner, word_trie
from cityreports.quant.number_diagnostics import NumberDiagnostic, scan_diagnostics
from cityreports.quant.qualifiers import (
    NEGATED_MODALS,
    bound_inclusive,
    combine_qualifiers,
    qualifier_table,
)
from cityreports.quant.unit_context import (
    CURRENCY_NAMES,
    currency_before,
    is_computing,
    is_electricity,
    is_negative,
    qualified_currency,
)
from cityreports.text.lexicon import HAN_BASIC, HAN_BASIC_RE
from cityreports.text.numerals import (
    MULTIPLIERS,
    ParsedNumber,
    fold_text,
    fraction_unit,
    is_chinese_count,
    is_fraction,
    number_value,
    parse_chinese_integer,
    parse_number,
)
from cityreports.text.units import unit_kind, unit_table

__all__ = [
    "Quantity",
    "fold_text",
    "number_value",
    "parse_chinese_integer",
    "parse_number",
    "scan_quantities",
    "scan_with_diagnostics",
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
    inclusive: bool | None = None


_CHENG_WORDS = "为立员本果功绩效都交熟型就长品千"  # 建成为, 成立, 成员 … are not 成 = 10%
_CN_ONE = {c: i for i, c in enumerate("〇一二三四五六七八九")}
#: After N成: 半 (两成半 = 25 %) or one more digit (九成五 = 95 %), where the phrase ends there
#: (not 三成半导体企业, 九成五星级酒店, 八成三甲医院), then a bound word (两成半以上); an
#: Arabic digit (Taiwan's 9成5覆蓋 = 95 %) unless a number or a Latin unit goes on (3成5G).
_CHENG_TAIL = re.compile(
    r"(?P<t>半(?![导岛径年月天日夜个价票场程途路截壁山数])|[一二三四五六七八九]"
    r"(?=的|是|为|都|以[上下]|左右|[，。；、,;:：！？）)”」’\s]|$)|[1-9](?![\d.%A-Za-z]))"
    r"(?P<post>及以上|以上|以下|左右)?"
)
#: 多 after N成 is more than (八成多的企业) unless it starts a word (多元, 多样, 多数).
_CHENG_MORE = re.compile(r"(?<=多)(?![元样数个种家项方年功层次重位处])")
_BIG_UNIT_STOP = frozenset("以精报召代提上的和关、，。；：,.")  # 关: 突破1200万大关
#: Suffixes kept after a number with no unit (降至1.3以下, 1.2万亿左右): bound words only.
_UNITLESS_SUFFIXES = frozenset(
    {"以上", "及以上", "或以上", "以下", "及以下", "或以下", "以内", "左右"}
)
#: A bound word before a verb before the number: 至少降低30%, 最多补助100万元, 至少建设10个;
#: 最高/最低/最长/最短 before a verb of giving or 可达 (最高可获500万元, 最低补贴50元,
#: 最高可达500万元, 最长补助6个月), not before a noun (最高温度达到38℃ is the maximum, stated)
#: nor before a bare 达 (气温最高达38℃); a modal may stand inside a negated bound (不得低于…).
_VERB_BOUND = re.compile(
    rf"(?:(?P<cue>至少|最少|起码|不(?:{'|'.join(NEGATED_MODALS)})?(?:低于|少于|超过|高于)|最多|至多)"
    r"(?:要|将|可|能|应)?(?:降低|下降|减少|压减|削减|节约|增长|增加|提高|上升|扩大|达到|达|为|在"
    r"|[^的，。；：,;:\d]{1,4}?)"
    r"|(?P<top>最高|最低|最长|最短)(?:(?:可|能|将)?(?:获得|获|补助|补贴|奖励|资助|给予|支持|享受"
    r"|扶持|贷款|提供|延长|减免)|可(?:达到|达|至))"
    rf"(?:{CURRENCY_NAMES})?[^的，。；：,;:\d]{{0,2}}?"
    # … or a bound of a share, with its base (不超过同期贷款市场报价利率的50%), or an about
    # (约占全省的三分之一; not 节约占地的 and the other words ending in 约)
    r"|(?P<share>不(?:超过|高于|低于|少于)|至少|最多"
    r"|(?:大约|大概|(?<![节制签集条公预合违履契缔邀特守践])约)(?=占|相当于))"
    r"[^，。；：,;:\d]{2,20}的)$"
)
#: 力争超过 after the number makes it a floor (提高到4%，并在执行中力争超过: at least 4 %).
_FLOOR_AFTER = re.compile(
    r"[，,]?(?:并|并且|而且)?(?:在执行中)?(?:力争|争取)(?:超过|突破|超额完成)"
)
#: 控制在 X (no other qualifier) is a ceiling: 涨幅控制在4% = at most 4 %; so is a cap
#: (资助上限为50万元, 封顶20万元, 上限为每户3万元) and a tender's ceiling price
#: (最高限价：1,280万元, 最高投标限价); a 下限 is a floor.
_RATE_WORD = rf"(?:每[{HAN_BASIC}]{{1,2}}|人均|户均)?"
_CEILING_BEFORE = re.compile(
    rf"控制(?:在|到|于)$|(?:上限|封顶)(?:为|是|在|定为|设为)?{_RATE_WORD}$"
    r"|(?:最高|投标|招标)?限价(?:为|是)?[：:]?\s*(?:人民币)?$"
)
#: 近 before a span of time opening its clause, or after 特别是/最/在/是/创, is the recent
#: past (近三年累计投入, 特别是近三年, 创近六年来新高: the past years, stated exactly), and so
#: is one followed by 来 (是近十年来); after a verb it is "nearly" (烂尾近30年, 执行了近两年).
_RECENT_BEFORE = re.compile(r"(?:^|[，。；：、,;:！？\s（(“「]|特别是|尤其是|最|在|是|创|为)$")
_FLOOR_BEFORE = re.compile(rf"下限(?:为|是|在|定为|设为)?{_RATE_WORD}$")


def scan_quantities(
    text: str,
    *,
    folded: str | None = None,
    roc_years: bool = False,
    claims_only: bool = False,
) -> list[Quantity]:
    """Quantity candidates in ``text`` (normalised Chinese), in order; never raises.

    ``folded`` is ``fold_text(text)`` when the caller already has it. Years of the Republic
    of China calendar are time points, not durations: 民国111年 always; a 60-150年 after
    于/在/自/从/至/到 or before 度/底/初/起/至/上半年/第N季/N月 always; and with
    ``roc_years`` (traditional-script documents, Taiwan) any bare 100-149年 that no qualifier
    or duration word (近, 超, 来, 多, 以上, 之久, 间 …) marks as a span.

    A "range" whose two ends carry different units (增加18%至52.8亿元) is two quantities: the
    first one alone, and the scan goes on after it. ``claims_only=True`` leaves out
    the numbers no claim is made of (Chinese numerals with no unit, bare Arabic digits with no
    unit, qualifier or list after them).
    """
    if folded is None or len(folded) != len(text):
        folded = fold_text(text)
    return _scan(text, folded, roc_years=roc_years, claims_only=claims_only, matches=None)[0]


def scan_with_diagnostics(
    text: str,
    *,
    folded: str | None = None,
    roc_years: bool = False,
    claims_only: bool = False,
) -> tuple[list[Quantity], list[NumberDiagnostic]]:
    """:func:`scan_quantities` and :func:`~cityreports.quant.number_diagnostics.scan_diagnostics`
    of ``text``, with one run of the scanner where both would see the same matches (the
    default scanner, no range split in two); otherwise the diagnostics scan on their own."""
    if folded is None or len(folded) != len(text):
        folded = fold_text(text)
    matches: list[re.Match[str]] = []
    quantities, shared = _scan(
        text, folded, roc_years=roc_years, claims_only=claims_only, matches=matches
    )
    found = scan_diagnostics(text, folded=folded, matches=matches if shared else None)
    return quantities, found


def _scan(
    text: str,
    folded: str,
    *,
    roc_years: bool,
    claims_only: bool,
    matches: list[re.Match[str]] | None,
) -> tuple[list[Quantity], bool]:
    """The quantities of ``text``, and whether ``matches`` (filled when given) are the
    matches ``scanner().finditer(folded)`` gives."""
    if not has_numeral(folded):
        return [], False  # no digit, Chinese numeral, 几 or 半: only exclusions to find
    pattern = scanner(roc_years)
    shared = not roc_years
    out: list[Quantity] = []
    pos, size = 0, len(folded)
    while pos < size:
        m = pattern.search(folded, pos)
        if m is None:
            break
        if matches is not None:
            matches.append(m)
            shared = shared and m.end() > m.start()  # finditer goes on differently after ""
        pos = max(m.end(), m.start() + 1)
        if m["h"] is not None:
            half = _build_half(text, folded, m)
            if half is not None:
                out.append(half)
            continue
        if m["d"] is not None:
            out.append(_build_doubling(text, m))
            continue
        if m["q"] is None:
            continue
        if claims_only and _never_a_claim(m):
            continue
        quantity = _build(text, folded, m)
        if quantity is None and m["num2"] is not None and _split_range(m):
            first = single_scanner().match(folded, m.start("q"))
            if first is not None:
                quantity = _build(text, folded, first)
                pos, shared = first.end(), False
        if quantity is not None:
            out.append(quantity)
            if quantity.end > pos:  # its unit went on past the match (8.5/10万, 元/平方米)
                pos, shared = quantity.end, False
    return _share_list_units(out, folded), shared


#: A slash and a round base after a bare number: a rate per that many (8.5/10万, 3/1000).
_PER_BASE_RE = r"[/／](?:[1-9]0{0,2}[万千]|10{2,5}(?![\d.]))"
#: After a unitless Arabic number, what may still make it a claim: a list (30、50万元), a bound
#: word (1.3以下), a multiplier inside the number (1.2万亿), a rate's base (8.5/10万).
_UNITLESS_KEEP = re.compile(rf"[、和或及]|以[上下内]|及以|左右|或以|{_PER_BASE_RE}")


def _never_a_claim(m: re.Match[str]) -> bool:
    """A number no claim can be made of: a Chinese numeral with no unit and no count in 万 or
    亿 (三, 百万, 亿万; not 二百八十万, whose unit the counted noun may give), or plain Arabic
    digits with no unit, multiplier, qualifier or list after them."""
    num = m["num"]
    if m["unit"] or m["num2"] is not None or is_fraction(num):
        return False
    if not num[:1].isdigit():
        return not is_chinese_count(num)
    return (
        num.replace(",", "").replace(".", "").isdigit()
        and not m["pre"]
        and not m["post"]
        and _UNITLESS_KEEP.match(m.string, m.end()) is None
    )


def _split_range(m: re.Match[str]) -> bool:
    """A range match that is really two quantities: the first number has a unit of its own."""
    return bool(m["u1"]) and m["sep"] in ("至", "到")


#: Between two items of a list of numbers (30、50万元; 3和5个).
_LIST_GAP = frozenset(("、", "和", "或", "及"))
_TRAILING_MULT = re.compile(r"(?:万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千)[余多]?$")


def _share_list_units(quantities: list[Quantity], folded: str) -> list[Quantity]:
    """An Arabic number with no unit in a 、-list takes the multiplier and unit of the next
    item (30、50万元 = 30万元 and 50万元; 3、5个 = 3个 and 5个), from the right."""
    out = list(quantities)
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        if (
            q.unit
            or not nxt.unit
            or not q.number[:1].isdigit()
            or q.multiplier
            or q.value is None
            or folded[q.end : nxt.start] not in _LIST_GAP
        ):
            continue
        factor = 1.0
        mult = _TRAILING_MULT.search(nxt.number)
        if mult is not None and nxt.multiplier:
            factor = float(MULTIPLIERS[mult.group().rstrip("余多")])
        value = q.value * factor
        low = None if q.low is None else q.low * factor
        high = None if q.high is None else q.high * factor
        out[i] = _replace_quantity(
            q, value=value, low=low, high=high, unit=nxt.unit, kind=nxt.kind,
            multiplier=factor > 1,
        )
    return out


def _replace_quantity(q: Quantity, **changes: object) -> Quantity:
    return replace(q, **changes)  # type: ignore[arg-type]


_PER_BASE = re.compile(rf"{_PER_BASE_RE}(?:人口|人|户|例)?")


@lru_cache(maxsize=1)
def per_unit() -> re.Pattern[str]:
    """A slash and the unit of a rate's denominator right after a unit (元/平方米, 公里/小时),
    or a span of the calendar, which is no unit of its own (3月 is a date: 5000元/月, 2000元/日),
    and the qualifier word after it (200立方米/秒以上)."""
    units, suffixes = word_trie(unit_table().aliases), word_trie(qualifier_table().suffixes)
    return re.compile(
        rf"[/／](?P<per>{units}|[月日周季](?![均度]))(?![A-Za-z])(?P<post>{suffixes})?")


def _build(text: str, folded: str, m: re.Match[str]) -> Quantity | None:
    aliases, durations = unit_table().aliases, unit_table().durations
    groups = m.groupdict()
    num = groups["num"]
    parsed = parse_number(num, folded=True)
    if parsed is None:
        return None
    unit_text = groups["unit"] or ""
    pre = groups["pre"] or ""
    post = groups["post"] or ""
    start, end = m.start("q"), m.end("q")
    if groups.get("num2") is not None:
        return _build_range(text, folded, m, parsed, start, end)
    if is_negative(folded, m.start("num")):  # 增长-2.5%, 增速为负0.3%: the sign is read
        parsed = replace(parsed, value=None if parsed.value is None else -parsed.value,
                         low=None if parsed.high is None else -parsed.high,
                         high=None if parsed.low is None else -parsed.low)
        start = min(start, m.start("num") - (2 if folded.startswith("零下", start - 2) else 1))
    if num[:1] in "零〇○" and not num.startswith(("零点", "〇点", "○点")):
        return None  # 零 alone (零增长, 零部件) is no quantity; 一年零三个月: 零三 is no number
    if unit_text == "大" and (
        m.end("unit") >= len(folded)
        or folded[m.end("unit")] in _BIG_UNIT_STOP
        or not HAN_BASIC_RE.match(folded[m.end("unit")])
    ):
        unit_text = ""
        end = m.end("num")
        post = ""
    if unit_text == "度" and not is_electricity(folded, start, m.end("unit")):
        unit_text, post, end = "", "", m.end("num")  # 30度 (angle, temperature): no unit
    if unit_text == "P" and not is_computing(folded, start, m.end("unit")):
        unit_text, post, end = "", "", m.end("num")  # 1080P (a resolution), 3P: no unit
    if unit_text == "期" and not (pre or _COUNTED_BEFORE.search(folded, max(0, start - 2), start)):
        return None  # 二期工程, 3期: a phase name, not a count of phases
    if unit_text == "成":
        if not re.fullmatch(r"[1-9一二两三四五六七八九]", num) or (
            m.end("unit") < len(folded) and folded[m.end("unit")] in _CHENG_WORDS
        ):
            return None
        parsed = ParsedNumber(value=parsed.value * 10)
        tail = _CHENG_TAIL.match(folded, m.end("unit")) if not post else None
        if tail is not None:  # 两成半 = 25 %, 九成五 = 95 %, 两成半以上
            digit = tail["t"]
            tenth = 5 if digit == "半" else _CN_ONE.get(digit) or int(digit)
            parsed = ParsedNumber(value=parsed.value + tenth)
            end, post = tail.end(), tail["post"] or ""
    if post == "多" and unit_text == "成" and _CHENG_MORE.match(folded, end):
        pass  # 八成多 (more than 80 %); 三成多元化 keeps 多 out
    elif post == "多" and aliases.get(unit_text) not in durations:
        end -= 1
        post = ""
    if post == "内" and aliases.get(unit_text) not in durations:
        end -= 1
        post = ""  # 5个区内: 内 is a place, not a bound
    if not unit_text and post and post not in _UNITLESS_SUFFIXES:
        end -= len(post)
        post = ""
    bare = num in ("百", "千", "万", "亿", "百万", "千万", "十万")
    if bare and pre not in qualifier_table().bare_prefixes:
        return None
    if pre in ("上", "过") and not bare:
        start += 1
        pre = ""
    unit = aliases.get(unit_text, unit_text)
    if pre in ("最长", "最短") and unit not in durations:  # 最长一条隧道: the longest one
        start, pre = start + len(pre), ""
    if pre == "近" and unit in durations and (
        _RECENT_BEFORE.search(folded, max(0, start - 4), start)
        or folded.startswith("来", end)
    ):
        start, pre = start + 1, ""
    if unit in ("元", ""):  # before a rate's denominator: 港币5000元/人 is 港元/人
        unit = currency_before(folded, start) or unit
        if not pre:
            lead = qualified_currency().search(folded, max(0, start - 8), start)
            if lead:  # 约新台币18亿元, 超过人民币3亿元: the qualifier before the currency
                pre, start = lead["pre"], lead.start()
    per = per_unit().match(folded, end) if unit and not post else None
    if per is not None:  # 18500元/平方米, 60公里/小时: a rate, in its compound unit
        unit, end = f"{unit}/{aliases.get(per['per'], per['per'])}", per.end()
        post = per["post"] or ""  # 200立方米/秒以上
    base = _PER_BASE.match(folded, end) if not unit and not post else None
    if base is not None:  # 发病率为8.5/10万: a rate per a round number
        unit, end = base.group(), base.end()
    if is_fraction(num):
        if unit_text:
            return None  # 三分之一个 is odd; leave it
        unit = "‰" if num.startswith("千分之") else "%"
    qualifiers = qualifier_table()
    pre_q, pre_inclusive = qualifiers.prefixes.get(pre, ("", None))
    post_q, post_inclusive = qualifiers.suffixes.get(post, ("", None))
    if not pre_q:
        pre_q, pre_inclusive = _bound_before(folded, start, post_q)
    if not pre_q and not post_q and _FLOOR_AFTER.match(folded, end):
        post_q, post_inclusive = "more_than", True
    qualifier = combine_qualifiers(
        pre_q, "more_than" if parsed.more else ("approx" if parsed.approx else ""), post_q
    )
    inclusive = bound_inclusive(qualifier, pre_q, pre_inclusive, post_q, post_inclusive)
    if parsed.vague:
        qualifier = "vague_range" if qualifier in ("exact", "approx") else qualifier
        inclusive = None if qualifier == "vague_range" else inclusive
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
        inclusive=inclusive,
    )


#: 大半, 一大半, 一多半 say more than half by themselves.
_MORE_THAN_HALF = frozenset({"大半", "一大半", "一多半"})
#: 一半是…一半是…, 一半欢喜一半忧 and 一半一半 (even odds, half each) are figures of speech, not
#: shares.
_HALF_IDIOM = re.compile(
    r"一半是[^，。；：！？,;:!?]{1,12}[，,、]?一半是|一半[^\W\d]{1,2}一半|一半一半"
)


def _build_half(text: str, folded: str, m: re.Match[str]) -> Quantity | None:
    """A verbal half (grammar group ``h``) as 50 %: 一半, 半数 exact; 过半, 逾半, 超过半数, 大半,
    一多半, 一半多 more than half (not inclusive), 一半以上 at least half (inclusive, as 以上
    always is); 近半, 近一半 nearly; 不到一半 less than; 一半左右 approx."""
    start, end = m.start("h"), m.end("h")
    for idiom in _HALF_IDIOM.finditer(folded, max(0, start - 16), min(len(folded), end + 16)):
        if idiom.start() <= m.start("half") < idiom.end():
            return None
    inner = "more_than" if m["half"] in _MORE_THAN_HALF else ""
    return _verbal(text, m, "h", "half", value=50.0, unit="%", inner=inner)


#: 翻N番: the base doubled N times (翻一番 = 2倍, 翻两番 = 4倍).
_DOUBLINGS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4}


def _build_doubling(text: str, m: re.Match[str]) -> Quantity:
    """A doubling (grammar group ``d``) as a multiple of its base: 翻一番 = 2倍, 翻两番 = 4倍, with
    its qualifier (翻一番以上, 接近翻两番)."""
    return _verbal(text, m, "d", "dn", value=float(2 ** _DOUBLINGS[m["dn"]]), unit="倍")


def _verbal(text: str, m: re.Match[str], group: str, core: str, *, value: float, unit: str,
            inner: str = "") -> Quantity:  # fmt: skip
    """The quantity of a verbal number (a half, a doubling): match group ``group`` with its
    qualifier groups ``<group>pre``/``<group>post`` and its number group ``core``."""
    qualifiers = qualifier_table()
    pre_q, pre_inclusive = qualifiers.prefixes.get(m[group + "pre"] or "", ("", None))
    post_q, post_inclusive = qualifiers.suffixes.get(m[group + "post"] or "", ("", None))
    qualifier = combine_qualifiers(pre_q, inner, post_q)
    inclusive = bound_inclusive(qualifier, pre_q, pre_inclusive, post_q, post_inclusive)
    low, high = _bounds(qualifier, ParsedNumber(value=value))
    start, end = m.start(group), m.end(group)
    return Quantity(start=start, end=end, surface=text[start:end], value=value, low=low,
                    high=high, unit=unit, qualifier=qualifier, kind=unit_kind(unit),
                    number=text[m.start(core) : m.end(core)], chinese=True, inclusive=inclusive)


def _bound_before(folded: str, start: int, post_q: str) -> tuple[str, bool | None]:
    """A bound stated by words before the verb before the number (至少降低30%: at least), or by
    控制在 (涨幅控制在4%: at most, unless 左右 or another qualifier follows)."""
    window = folded[max(0, start - 24) : start]
    cue = _VERB_BOUND.search(window)
    if cue is not None:
        return qualifier_table().prefixes[cue["cue"] or cue["top"] or cue["share"]]
    window = window[-10:]
    if not post_q and _CEILING_BEFORE.search(window):
        return "less_than", True
    if not post_q and _FLOOR_BEFORE.search(window):
        return "more_than", True
    return "", None


_COUNTED_BEFORE = re.compile(r"(?:[分共计办了开续]|累计|合计|总计|先后)$")


def _build_range(
    text: str, folded: str, m: re.Match[str], first: ParsedNumber, start: int, end: int
) -> Quantity | None:
    second = parse_number(m["num2"], folded=True)
    aliases = unit_table().aliases
    u1 = aliases.get(m["u1"] or "", m["u1"] or "")
    unit = aliases.get(m["unit"] or "", m["unit"] or "")
    if second is None or first.value is None or second.value is None:
        return None
    if u1 and unit and u1 != unit:
        return None
    unit = unit or u1 or fraction_unit(m["num"], m["num2"])
    if unit is None:
        return None  # 百分之五到千分之八, 三分之一到百分之五: no one unit
    lo, hi = first.value, second.value
    if is_negative(folded, m.start("num")):  # -5至3℃, 零下5至3℃: the first end's sign
        lo, start = -lo, start - (2 if folded[start - 2 : start] == "零下" else 1)
    if m["neg2"]:  # 零下12℃到零下3℃: the second end's
        hi = -hi
    if m["sep"] in "-－—–" and not unit and not (first.multiplier or second.multiplier):
        return None
    mult = _TRAILING_MULT.search(m["num2"])
    if mult is not None and second.multiplier and not first.multiplier and not m["u1"]:
        factor = MULTIPLIERS[mult.group().rstrip("余多")]
        if lo * factor <= hi:
            lo *= factor  # 3至5万元: the multiplier of the second number applies to the first
    if "成" in (m["u1"] or "", m["unit"] or ""):
        lo, hi = lo * 10, hi * 10  # 三成至四成, 三至四成: tenths, as one N成 is
    if hi < lo:
        return None
    post = m["post"] or ""
    if not m["unit"] and post:
        end -= len(post)
    per = per_unit().match(folded, end) if unit and not post else None
    if per is not None:  # 1500元至2500元/月: a range of rates
        unit, end = f"{unit}/{aliases.get(per['per'], per['per'])}", per.end()
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
        inclusive=True,
    )


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


def starts_with_point_noun(text: str) -> bool:
    """True if ``text`` (what follows a count) names the text's own points (方面, 要点 …)."""
    nouns = claim_words().point_nouns  # resources/claims/words.yml
    head = text.lstrip("个项对大条种")  # 三个方面, 四项任务, 三对矛盾, 五大理念
    if head.startswith(nouns):
        return True
    phrase = re.split(r"[的，。；：、“”（）,;:()\s]", head, maxsplit=1)[0][:6]
    return any(noun in phrase for noun in nouns if noun != "点")  # 点 only right after it
