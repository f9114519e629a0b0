"""Whether a number is a result, a target or a forecast, and the word that says so.

A work report gives last year's results (去年国内生产总值增长6.7%) and this year's targets
(今年…主要预期目标是：国内生产总值增长6.5%左右) side by side. :func:`find_modality` decides, in
this order:

1. the nearest *strong* cue before the number in its clause chain (after the last ；): a
   forecast (预计, 有望), a target (预期目标, 力争, 要, 将, 计划, 拟, 确保) or a result (去年, 截至,
   已, 累计, 过去一年);
2. else a strong cue in the head of a colon list the number stands in (主要预期目标是：A；B；C);
3. else the claim's time: a year before the document's is a result (cue: the year), a later
   one a target (到2025年); the document's own year is a target in a work report (this year's
   plan, delivered to the congress: 各位代表) or a plan titled as one (…工作要点, …行动计划),
   else undecided;
4. else a *weak* cue (完成, 达到, 实现, 比上年, 同比 → result; 安排, 推进 → target);
5. else ``unknown``.

Cues are matched as words: 主要, 重要, 需要 hold no 要, 将近 no 将; 会 is the modal "will" only
after an actor or an adverb (我们会, 政府会, 亦会), never in 社会, 会议, 会同.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cityreports.quant.claim_words import ClaimWords
from cityreports.text.lexicon import Patterns

__all__ = ["Modality", "find_modality", "is_work_report", "is_year_plan", "plans_its_own_year"]

#: How far back a cue is looked for (characters): keeps each claim's cost bounded.
_SEGMENT = 160
_COLON_HEAD = 80
# Comparison bases before a cue and the marks of a work report.
_P = Patterns("quant/modality")


@dataclass(frozen=True)
class Modality:
    modality: str  # achieved | target | forecast | unknown
    cue: str


#: Target cues that are nouns: a share of one is no target (完成年度计划的102%).
_PLAN_NOUNS = frozenset({"目标", "预期目标", "主要目标", "计划", "规划"})


@lru_cache(maxsize=4)
def _cue_res(words: ClaimWords) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(strong, weak) cue patterns with a named group per modality."""

    def alt(items: tuple[str, ...]) -> str:
        out = []
        for w in items:
            if w == "要":
                out.append(rf"(?<![{words.not_before_yao}])要(?![{words.not_after_yao}])")
            elif w == "将":
                out.append(rf"(?<!即)将(?![{words.not_after_jiang}])|即将")
            elif w == "会":
                if words.before_hui:  # 政府会预留 (Hong Kong, Taiwan): will; 社会, 会议: no cue
                    out.append(rf"(?<=[{words.before_hui}])会(?![{words.not_after_hui}])")
            elif w == "努力":
                out.append(r"(?<![的了大些])努力(?![下])")  # 做了很大努力 is a noun
            elif w in _PLAN_NOUNS:  # 完成年度计划的102%: the plan is the base of a share
                out.append(rf"{re.escape(w)}(?!{_P.plan_share})")
            else:
                out.append(re.escape(w))
        return "|".join(out)

    strong = re.compile(
        rf"(?P<forecast>{alt(words.forecast)})|(?P<target>{alt(words.target_strong)})"
        rf"|(?P<achieved>(?<![比较与])(?:{alt(words.achieved_strong)}))"
    )
    weak = re.compile(
        rf"(?P<target>{alt(words.target_weak)})|(?P<achieved>{alt(words.achieved_weak)})"
    )
    return strong, weak


#: Words of the future tense that a forecast cue earlier in the clause governs (预计…将).
_FUTURE_WORDS = frozenset({"将", "即将", "会"})


#: What may stand between a forecast cue and the 将 it governs: one comma clause, or the
#: deadline the forecast opens and the clause after it (预计到2025年，市场规模将超过500亿元).
_FORECAST_SPAN = re.compile(r"(?:\s*(?:到|至)[^，,；;。]{1,15}[，,])?[^，,；;。]*")


#: The longest match of ``base_before`` (its word and eight characters up to the cue): the
#: search for it before a cue starts no further back (not at the start of the text each time).
_BASE_BEFORE_SPAN = 9


def _last(pattern: re.Pattern[str], text: str) -> Modality | None:
    found = [
        m
        for m in pattern.finditer(text)
        if not (
            m.lastgroup != "target"
            and _P.base_before.search(text, max(0, m.start() - _BASE_BEFORE_SPAN), m.start())
        )
    ]
    if not found:
        return None
    last = found[-1]
    if (
        last.lastgroup == "target"
        and len(found) > 1
        and found[-2].lastgroup == "forecast"
        and last.start() - found[-2].end() <= 2
    ):
        last = found[-2]  # 预计将比去年增长9%: a forecast, whatever 将 says
    elif (
        last.group() in _FUTURE_WORDS
        and len(found) > 1
        and found[-2].lastgroup == "forecast"
        and _FORECAST_SPAN.fullmatch(text, found[-2].end(), last.start())
    ):
        last = found[-2]  # 市府预计明年税收将减少12亿元: 将 is the forecast's own future
    return Modality(last.lastgroup or "unknown", last.group())


def find_modality(
    sentence: str,
    start: int,
    *,
    words: ClaimWords,
    scope: str = "",
    year: int | None = None,
    work_report: bool = False,
    deadline: str = "",
    plan: bool = False,
) -> Modality:
    """Modality of the claim starting at ``start`` of ``sentence`` (folded text).

    ``plan``: the document is a year's plan by its title (see :func:`is_year_plan`), whose
    every verb is future: a *weak* result cue there (完成, 实现, 达到, 全年) says what is to be
    done, a target; strong result cues (已, 截至, 累计) still state results (its background).

    ``scope`` is the claim's resolved time scope (ISO, ``2020`` or ``2020-06-30``), ``year``
    the document's year, ``work_report`` whether the document is a work report. ``deadline``
    is the future deadline the claim's time is (到2026年, 到“十五五”末: see
    :func:`~cityreports.quant.timescope.future_deadline`): a claim the cues would make a
    result (or leave unknown) is then a target, the cue being the deadline, or a forecast when a
    forecast cue stands before it (预计到2026年): 到2026年，累计达到800万千瓦 — 累计 and 达到
    say what is to be reached, not what was. A target or forecast decision is kept as it is.
    """
    strong, weak = _cue_res(words)
    lo = max(0, start - _SEGMENT)
    before = sentence[lo:start]
    cut = max(before.rfind("；"), before.rfind(";"))
    segment = before[cut + 1 :]
    found = _by_cues(strong, weak, before, segment, cut, scope, year, work_report, plan)
    if deadline and found.modality in ("achieved", "unknown"):
        forecast = next((m for m in strong.finditer(segment) if m.lastgroup == "forecast"), None)
        if forecast is not None:
            return Modality("forecast", forecast.group())
        return Modality("target", deadline)
    return found


def _by_cues(
    strong: re.Pattern[str],
    weak: re.Pattern[str],
    before: str,
    segment: str,
    cut: int,
    scope: str,
    year: int | None,
    work_report: bool,
    plan: bool = False,
) -> Modality:
    """Steps 1-4 of docs/claims.md: a strong cue in the clause chain, then in the colon head,
    then the claim's time, then a weak cue (in a plan, a target)."""
    found = _last(strong, segment)
    if found is not None:
        return found
    colon = max(before.rfind("：", 0, max(cut, 0)), before.rfind(":", 0, max(cut, 0)))
    head = before[max(0, colon - _COLON_HEAD) : colon] if colon >= 0 else ""
    if head:
        found = _last(strong, head)
        if found is not None:
            return found
    by_time = _time_modality(scope, year, work_report)
    if by_time is not None:
        return by_time
    faster = _P.faster.search(segment)  # 比上年加快0.4个百分点: 加快 is the change itself
    found = _last(weak, segment[: faster.start("k")] if faster else segment)
    if found is not None:
        return Modality("target", found.cue) if plan and found.modality == "achieved" else found
    return Modality("unknown", "")


def _time_modality(scope: str, year: int | None, work_report: bool) -> Modality | None:
    if not scope[:4].isdigit() or year is None:
        return None
    scope_year = int(scope[:4])
    if scope_year < year:
        return Modality("achieved", scope[:4])
    if scope_year > year:
        return Modality("target", scope[:4])
    return Modality("target", scope[:4]) if work_report else None


def plans_its_own_year(head: str) -> bool:
    """Whether a document's own year is the year it plans: a work report (see
    :func:`is_work_report`) or a year's plan by its title (see :func:`is_year_plan`)."""
    return is_work_report(head) or is_year_plan(head)


def is_year_plan(head: str) -> bool:
    """Whether a document is a plan by the title on its first line (…工作要点, …工作计划,
    …行动计划（2024—2026年）), and no work report (which also looks back on the past year)."""
    return _P.year_plan.search(head) is not None and not is_work_report(head)


def is_work_report(head: str) -> bool:
    """Whether the opening text of a document (its first few thousand characters) shows a
    government work report or plan report, where 今年 is the year being planned."""
    return _P.work_report.search(head) is not None
