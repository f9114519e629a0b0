"""The time a quantitative claim is about, resolved against the document's own date.

:func:`resolve_time_scope` reads the last time expression before a claim (今年6月底, 2020年,
上半年, 截至4月底, 民国111年, 今(113)年) as an ISO date, month, quarter or year; a time after
较/比/与 is the base of a comparison, not the scope. :func:`future_deadline` tells whether that
last time is a deadline after the document's year (到2026年, 力争到2030年底, 到“十五五”末), which
makes the claim a target whatever result words (累计, 达到) stand before it.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

from cityreports.quant.grammar import TWO_DIGIT_YEAR
from cityreports.text.lexicon import CN_DIGIT

__all__ = [
    "future_deadline",
    "resolve_time_scope",
    "speaks_of_now",
    "time_re",
    "time_scope_and_deadline",
]

_PERIODS = {
    "上半年": "H1",
    "下半年": "H2",
    "一季度": "Q1",
    "第一季度": "Q1",
    "二季度": "Q2",
    "第二季度": "Q2",
    "三季度": "Q3",
    "第三季度": "Q3",
    "四季度": "Q4",
    "第四季度": "Q4",
    "前三季度": "Q1-Q3",
    "前3季度": "Q1-Q3",
}
for _i, (_d, _c) in enumerate(zip("1234", "一二三四", strict=True), start=1):
    _PERIODS.update({f"第{_d}季度": f"Q{_i}", f"{_d}季度": f"Q{_i}"})
    _PERIODS.update({f"第{_d}季": f"Q{_i}", f"第{_c}季": f"Q{_i}"})  # Taiwan: 第3季


@lru_cache(maxsize=2)
def time_re(roc: bool = False) -> re.Pattern[str]:
    """A year (2020年, 今年, 民国111年, 今(113)年) with an optional period, year end or month."""
    periods = "|".join(sorted(_PERIODS, key=len, reverse=True))
    bare_roc = r"|(?<![\d.,近超逾约])(?P<rb>1[0-4]\d)\s*年(?!来|多|余|以上|之久|间)" if roc else ""
    return re.compile(
        r"(?P<year>今年|去年|前年|明年|本年度|(?P<y>(?:19|20)\d{2})\s*年"
        rf"|(?P<cy>[一二][{CN_DIGIT}]{{3}})年"  # 一九八二年
        rf"|民国(?P<roc>\d{{2,3}})\s*年|(?<=[于在自从])(?P<rp>[6-9]\d|1[0-4]\d)\s*年{bare_roc}"
        r"|(?<=[今去明本])[(（](?P<py>(?:19|20)\d{2}|1[0-4]\d)[)）]\s*年"  # 今(113)年
        rf"|{TWO_DIGIT_YEAR})"  # 23年2月: 2023
        r"(?:度)?"
        rf"(?:(?P<period>{periods})|(?P<end>年底|年末|底|末)"
        r"|(?P<m>\d{1,2})\s*月(?:(?P<d>\d{1,2})\s*[日号]|(?P<me>底|末))?)?"
    )


_BASE_MARKS = ("较", "比", "与", "同", "相比")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}


_MULTIPLE_MARKS = ("是", "为", "相当于")
#: A share or multiple of a base year: 是2023年的2倍, 相当于2012年的1.5倍, 为2020年的60% (the
#: text before the claim ends at 的, or a multiple stands after it).
_MULTIPLE_AFTER = re.compile(
    r"的\s*(?:$|(?:[\d.]+|[一二两三四五六七八九十]+(?:点[一二三四五六七八九〇零]+)?)\s*倍)"
)


def _comparison_base(text: str, start: int, end: int | None = None) -> bool:
    """较去年, 比2020年, 与前年相比, 是2023年的2倍: the time is the base of a comparison, not
    the scope; so is the starting point of a change (由今年预计的3%提高到4%,
    由今年的下降转为上升)."""
    if text.endswith(_BASE_MARKS, max(0, start - 2), start):
        return True
    if end is not None and text.endswith(_MULTIPLE_MARKS, max(0, start - 3), start):
        if _MULTIPLE_AFTER.match(text, end):  # 是2023年的2倍: the base of the multiple
            return True
    return (
        end is not None
        and text.endswith(("由", "从"), max(0, start - 1), start)
        and text.startswith(("的", "预计"), end)
        and len(text) - end > 6  # the starting value stands between the time and the claim
    )


_BARE_MONTH = re.compile(
    r"(?:截至|截止|截止到|到)(?P<m>\d{1,2})\s*月(?:(?P<d>\d{1,2})\s*[日号]|(?P<me>底|末))?"
)


def _bare_month_scope(text: str, year: int | None) -> str:
    """截至4月底 with no year: the month of the document's own year."""
    if year is None or "月" not in text or ("到" not in text and "截" not in text):
        return ""
    found = list(_BARE_MONTH.finditer(text))
    if not found:
        return ""
    m = found[-1]
    month = int(m["m"])
    if not 1 <= month <= 12:
        return ""
    if m["d"] and 1 <= int(m["d"]) <= 31:
        return f"{year}-{month:02d}-{int(m['d']):02d}"
    if m["me"]:
        return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    return f"{year}-{month:02d}"


def resolve_time_scope(text: str, *, year: int | None, roc: bool = False) -> str:
    """ISO time scope of the last time expression in ``text`` (今年6月底 -> 2020-06-30).

    Years of the Republic of China calendar (民国111年, 于113年; any bare 100-149年 with
    ``roc``, for Taiwan text) are converted: ROC year + 1911.
    """
    return _scope_of(text, _last_time(text, roc), year)


def time_scope_and_deadline(text: str, *, year: int | None, roc: bool = False) -> tuple[str, str]:
    """``(resolve_time_scope(text), future_deadline(text))``, reading the times of ``text``
    once."""
    last = _last_time(text, roc)
    return _scope_of(text, last, year), _deadline_of(text, last, year, roc)


def _last_time(text: str, roc: bool) -> re.Match[str] | None:
    """The last time expression of ``text`` that is not the base of a comparison."""
    if "年" not in text:  # every time expression names a year (2020年, 今年, 113年)
        return None
    last = None
    for m in time_re(roc).finditer(text):
        if not _comparison_base(text, m.start(), m.end()):
            last = m
    return last


def _scope_of(text: str, m: re.Match[str] | None, year: int | None) -> str:
    """The ISO time scope of ``text`` whose last time expression is ``m``."""
    if m is None:
        return _bare_month_scope(text, year)
    offsets = {"今年": 0, "本年度": 0, "去年": -1, "前年": -2, "明年": 1}
    roc_year = m["roc"] or m["rp"] or m.groupdict().get("rb")
    if m["py"]:  # Taiwan 今(113)年, 去(2023)年: the year in parentheses
        y = int(m["py"]) + (1911 if len(m["py"]) == 3 else 0)
    elif m["y"]:
        y = int(m["y"])
    elif m["y2"]:
        y = 2000 + int(m["y2"])  # a year in two digits before its month (23年2月)
    elif m["cy"]:
        y = int("".join(_CN_DIGIT[c] for c in m["cy"]))
    elif roc_year:
        y = int(roc_year) + 1911
    elif year is None:
        return ""
    else:
        y = year + offsets[m["year"]]
    if m["period"]:
        return f"{y}-{_PERIODS[m['period']]}"
    if m["end"]:
        return f"{y}-12-31"
    if m["m"]:
        month = int(m["m"])
        if not 1 <= month <= 12:
            return str(y)
        if m["d"]:
            day = int(m["d"])
            return f"{y}-{month:02d}-{day:02d}" if 1 <= day <= 31 else f"{y}-{month:02d}"
        if m["me"]:
            return f"{y}-{month:02d}-{calendar.monthrange(y, month)[1]:02d}"
        return f"{y}-{month:02d}"
    return str(y)


#: 到/至 opening a deadline (到2026年, 力争到, 预计到, 2021年至2025年); never the 至/到 of
#: 截至, 截止到 (as of) or of 直到/达到.
_DEADLINE_LEAD = re.compile(r"(?:力争|争取|计划|努力)?(?<![截止直达])(?:到|至)\s*$")
#: The end of a five-year plan period: 到“十五五”末, 至十四五期末, 到“十四五”时期末.
_PLAN_END = re.compile(
    r"(?:力争|争取|计划|努力)?(?<![截止直达])(?:到|至)\s*[“\"「『]?十(?P<n>[一二三四五六七八九])五[”\"」』]?"
    r"(?:规划|时期|规划期|期)?(?:末|期末|末期)"
)
#: A year closing a deadline: 2030年前, 2025年之前, 2027年以前 (by 2030); never 前后 (about).
_DEADLINE_TAIL = re.compile(r"(?:之|以)?前(?!后|後)")
#: The middle or end of the present century (到本世纪中叶 = 2050 in a text of 2001–2049).
_CENTURY = re.compile(
    r"(?:力争|争取|计划|努力)?(?<![截止直达])(?:到|至)\s*本世纪(?P<part>中叶|中期|末)"
)
#: Words of the present between a deadline and the claim: the claim says where things stand
#: now (到2025年建成100个，目前已建成50个).
_NOW_AFTER_DEADLINE = re.compile(r"目前|当前|现在|如今|现有|迄今|至今|截至|截止|已")


def future_deadline(text: str, *, year: int | None, roc: bool = False) -> str:
    """The deadline (its words, 到2026年) when the last time expression of ``text`` (the text
    before a claim) is introduced by 到/至 or closed by 前 (2030年前, 2025年之前) and falls after
    ``year``, the document's year; else "". A five-year plan's end counts (到“十五五”末 = 2030),
    and so do the middle and end of the document's century (到本世纪中叶 = 2050 in a text of
    2024). No present word (目前, 已, 截至) may stand between the deadline and the end of
    ``text``."""
    if year is None or ("到" not in text and "至" not in text and "前" not in text):
        return ""
    return _deadline_of(text, _last_time(text, roc), year, roc)


def _deadline_of(text: str, last: re.Match[str] | None, year: int | None, roc: bool) -> str:
    """:func:`future_deadline` of ``text`` whose last time expression is ``last``."""
    if year is None or ("到" not in text and "至" not in text and "前" not in text):
        return ""
    best: tuple[int, int, int] | None = None  # (end, start, year) of the last time expression
    bare_roc = False  # an ROC year without 民国 (在120年): 120年前 may be "120 years ago"
    if last is not None:
        best = (last.end(), last.start(), -1)
        bare_roc = bool(last.groupdict().get("rb") or last["rp"])
    for m in _PLAN_END.finditer(text) if "十" in text else ():
        if best is None or m.end() > best[0]:
            best = (m.end(), m.start(), 2005 + 5 * (" 一二三四五六七八九".index(m["n"])))
    for m in _CENTURY.finditer(text) if "本世纪" in text else ():
        if best is None or m.end() > best[0]:
            century = (year - 1) // 100 * 100
            best = (m.end(), m.start(), century + (100 if m["part"] == "末" else 50))
    if best is None:
        return ""
    end, start, plan_year = best
    if plan_year < 0:
        lead = _DEADLINE_LEAD.search(text, max(0, start - 5), start)
        tail = None if lead or bare_roc else _DEADLINE_TAIL.match(text, end)
        if lead is None and tail is None:
            return ""
        if lead is not None:
            start = lead.start()
        scope = resolve_time_scope(text[: end], year=year, roc=roc)
        if not scope[:4].isdigit():
            return ""
        plan_year = int(scope[:4])
        if tail is not None:
            end = tail.end()
    if plan_year <= year or speaks_of_now(text[end:]):
        return ""
    return text[start:end]


def speaks_of_now(text: str) -> bool:
    """Whether ``text`` holds a word of the present (目前, 当前, 现有, 至今, 截至, 已)."""
    return _NOW_AFTER_DEADLINE.search(text) is not None
