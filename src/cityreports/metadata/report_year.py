"""The year of a government work report from the conventions of the genre.

A work report (政府工作报告) is delivered to a people's congress early in year N: it reviews
year N - 1 and sets the tasks of year N. It rarely states N, but it says so in other ways. The
cues, strongest first (the first cue found in the strongest tier wins):

1. ``addressed`` - the national session it is delivered to: ``向第六届全国人民代表大会第一次会议
   报告`` / ``在…会议上`` -> 1983 (:mod:`~cityreports.metadata.ordinals`). Local sessions
   (``市第十六届人民代表大会第四次会议``) cannot be dated by their ordinals.
2. ``review`` - a heading that reviews a year: ``一、2023年工作回顾``, ``１９９１年国内工作的回顾``,
   ``首先报告2001年的工作`` -> N = year + 1.
3. ``plan`` - a heading or paragraph opening that plans a year: ``二、2004年主要任务``,
   ``2024年工作安排``, ``2024年经济社会发展的主要预期目标`` -> N = that year.
4. ``term`` - the end-of-term report, five years after the term began:
   ``第十届全国人民代表大会第一次会议以来的五年`` / ``从第七届…第一次会议，到这次大会…五年`` /
   ``第六届全国人民代表大会期间`` -> start + 5; ``本届政府1998年3月就职`` (…五年, 任期即将结束)
   -> 1998 + 5.
5. ``anchor`` - last year's or this year's numbered event: ``去年召开的党的第十一次全国代表大会``
   -> 1977 + 1; ``今年党的十二大`` -> 1982.
6. ``past`` - the reviewed year named in the review part: ``刚刚过去的2023年``; a paragraph of the
   first part (before ``二、`` and any plan cue) opening ``2023年，`` or ``2023年是…的开局之年``
   -> year + 1.
7. ``five-year plan`` - ``从今年开始，我国将实施…第十个五年计划`` -> 2001; ``今年是“十四五”规划
   收官之年`` -> 2025; a review of ``“十一五”时期`` -> 2011; a report on ``第七个五年计划`` -> 1986.

A report cannot predate an event it reports as past: a national session it does not address
(``第五届全国人民代表大会第二次会议，号召…`` -> after 1979) or a CPC congress (``党的十二大``
-> 1982 or later) bounds the year from below. A cue below that bound is skipped; with no cue
left, the bound itself is the year (``after …``). Plan clauses (将, 明年, 到…年) never count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cityreports.metadata.ordinals import (
    Ordinal,
    find_congress_sessions,
    find_party_congresses,
    find_plans,
)
from cityreports.records import Block
from cityreports.text.lexicon import Patterns

__all__ = ["YearCue", "work_report_year"]

#: The genre cues of a work report's year (resources/patterns/metadata/report_year.yml).
_P = Patterns("metadata/report_year")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {
    "○": "0", "零": "0", "Ｏ": "0"
}  # fmt: skip
_HEAD_BLOCKS = 80  # the cues stand in the review and plan parts near the start
_REVIEW_PART = 15  # body blocks after the start that may open with 2023年是…


@dataclass(frozen=True)
class YearCue:
    """A year inferred from a genre cue: the year, which cue (see the module docstring), quote."""

    year: int
    cue: str
    evidence: str


def _plain_years(text: str) -> str:
    """``text`` with Chinese-numeral years (一九八三年) in digits and spaced digits (1 9 9 3 年)
    closed up, so one pattern reads every way a year is written."""
    text = _P.cn_year.sub(lambda m: "".join(_CN_DIGIT[c] for c in m.group(0)), text)
    return _P.spaced_year.sub(lambda m: "".join(m.groups()), text)


def _future(text: str, start: int) -> bool:
    clause_start = max(text.rfind(p, 0, start) for p in "。；，\n") + 1
    return bool(_P.future.search(text[max(clause_start, start - 10) : start]))


def _future_sentence(text: str, found: Ordinal) -> bool:
    """True if the sentence around ``found`` speaks of the future (将, 即将, 明年 …)."""
    start = max(text.rfind(p, 0, found.start) for p in "。！？\n") + 1
    ends = [e for e in (text.find(p, found.end) for p in "。！？\n") if e >= 0]
    return bool(_P.will.search(text, start, min(ends, default=len(text))))


def _addressed(text: str, found: Ordinal) -> bool:
    """True for the session a report is delivered to: 向第六届…第一次会议(报告), 在…会议上."""
    before = text[max(0, found.start - 1) : found.start]
    if before == "向":
        return True
    return before == "在" and found.session is not None and text[found.end : found.end + 1] == "上"


def _session_cues(text: str, cues: dict[str, list[YearCue]], bounds: list[YearCue]) -> None:
    """Addressed sessions, end-of-term reviews, anchored events and lower bounds in ``text``."""
    for found in find_congress_sessions(text) + find_party_congresses(text):
        before, after = text[max(0, found.start - 12) : found.start], text[found.end :]
        anchor = _P.anchor.search(before)
        if _future_sentence(text, found):
            continue
        if found.series == "npc" and _addressed(text, found):
            quote = f"{found.text} (addressed, held in {found.year})"
            cues["addressed"].append(YearCue(found.year, "addressed", quote))
        elif found.series == "npc" and (
            (found.session == 1 and _P.term_review.search(after[:40]))
            or (found.session is None and _P.term_over.match(after))
        ):
            year = found.year + 5
            quote = found.text + after[:6]
            cues["term"].append(YearCue(year, "term", f"{quote} (term began {found.year})"))
        elif anchor:
            year = found.year + (anchor["rel"] == "去年")
            quote = f"{anchor.group(0)}{found.text} ({found.year})"
            cues["anchor"].append(YearCue(year, "anchor", quote))
        else:
            year = found.year + (found.series == "npc" and found.session is not None)
            bounds.append(YearCue(year, "after", f"{found.text} ({found.year})"))


def _plan_cues(text: str, *, heading: bool, cues: dict[str, list[YearCue]]) -> None:
    """Five-year plan cues in ``text``: the plan starts, ends or was reviewed."""
    for plan in find_plans(text):
        before = text[max(0, plan.start - 16) : plan.start]
        if _P.century.search(before):
            continue  # 新世纪第一个五年计划 counts within the century, not from 1953
        after = text[plan.end : plan.end + 24]
        if _P.plan_end.search(before + plan.text + after):
            year, how = plan.year + 4, "last year"
        elif _P.plan_first.search(before + plan.text + after) or _P.plan_start.search(before):
            year, how = plan.year, "first year"
        elif heading and _P.plan_review.search(plan.text + after):
            year, how = plan.year + 5, "reviewed"
        elif _P.plan_report.search(before) and "报告" in after:
            year, how = plan.year, "reported"
        else:
            continue
        span = f"{plan.year}-{plan.year + 4}"
        quote = f"{plan.text} (plan {plan.number}, {span}, {how})"
        cues["five-year plan"].append(YearCue(year, "five-year plan", quote))


def work_report_year(blocks: Sequence[Block]) -> YearCue | None:
    """The year of a government work report from its genre cues (module docstring), or None."""
    cues: dict[str, list[YearCue]] = {
        k: [] for k in ("addressed", "review", "plan", "term", "anchor", "past", "five-year plan")
    }
    bounds: list[YearCue] = []
    body_seen, review_open, plan_seen = 0, True, False
    for block in [b for b in blocks if b.role != "boilerplate"][:_HEAD_BLOCKS]:
        text = _plain_years(block.text)
        short = len(text) <= 40
        body_seen += block.role == "body"
        if short and (m := _P.review.match(text)) and (m["first"] or m["rev"]):
            year = int(m["y"])
            cues["review"].append(YearCue(year + 1, "review", f"{m.group(0)} (reviews {year})"))
        elif (m := _P.plan.match(text)) and not _future(text, 0):
            cues["plan"].append(YearCue(int(m["y"]), "plan", m.group(0)))
            plan_seen = True
        if short and _P.second_part.match(text):
            review_open = False  # 二、: the review part is over
        elif review_open and (m := _P.year_opens.match(text) or _P.year_was.match(text)):
            if not plan_seen and body_seen <= _REVIEW_PART:
                year = int(m["y"])
                cues["past"].append(YearCue(year + 1, "past", f"{m.group(0)} (reviews {year})"))
        for m in _P.past.finditer(text):
            year = int(m["y"])
            cues["past"].append(YearCue(year + 1, "past", f"{m.group(0)} (reviews {year})"))
        if m := _P.own_term.search(text):
            year = int(m["y"])
            cues["term"].append(YearCue(year + 5, "term", f"{m.group(0)} (+5 years)"))
        _session_cues(text, cues, bounds)
        _plan_cues(text, heading=short, cues=cues)
    floor = max(bounds, key=lambda c: c.year) if bounds else None
    for tier in cues.values():
        for cue in tier:
            if floor is None or cue.year >= floor.year:
                return cue
    if floor is not None:
        return YearCue(floor.year, "after", f"after {floor.evidence}")
    return None
