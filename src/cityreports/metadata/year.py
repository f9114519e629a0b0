"""The year a report's text gives when its own date has none: :func:`infer_year`.

Strongest signal first: the document's own number (``国办发〔2022〕14号``), an ROC year in a
Taiwanese title (``112年度`` -> 2023), a year prefixing an event name in the body
(``2023智慧城市论坛``), a numbered NPC/CPPCC session in the head
(``第十四届全国人民代表大会第一次会议`` -> 2023), event-name years elsewhere - these are
*estimates* of the year; then the latest dated body mention (``截至2015年8月``) and the latest
ROC or data year (``根据统计处数据，2022年``) - *lower bounds*, weaker than a year in the path
(see :mod:`~cityreports.metadata.year_source`). Plan clauses (将/计划/预计/即将) never count.
ROC years are 1911 + N; evidence names the Gregorian year (``112年度 (ROC 112 = 2023)``). Bare
ROC years are read only in Taiwanese text (traditional script without Hong Kong cues, or 民国
written): :func:`is_roc_text`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from cityreports.metadata.dates import DateMention, find_dates, parse_chinese_year
from cityreports.metadata.ordinals import session_year
from cityreports.metadata.people import event_suffix
from cityreports.metadata.spans import document_head
from cityreports.records import Block, NormalizedText
from cityreports.text.lexicon import Patterns

__all__ = [
    "EventYear",
    "find_document_number",
    "find_event_years",
    "YearGuess",
    "infer_year",
    "is_roc_text",
    "text_year",
]

#: Document numbers, annual titles, event-name years, plan words, Taiwan and Hong Kong cues
#: (resources/patterns/metadata/year.yml; its event names end as metadata/people's do).
_P = Patterns("metadata/year", event_suffix=event_suffix)
_DOC_NUMBER_BLOCKS = 6
_SESSION_HINT = "次"
_YEAR_SCAN_HEAD, _YEAR_SCAN_TAIL = 40, 10  # body blocks read for dated / year-only mentions


@dataclass(frozen=True)
class EventYear:
    """A year that prefixes an event name (``2023智慧城市发展论坛``), with offsets."""

    year: int
    text: str
    start: int
    end: int


def find_event_years(text: str) -> list[EventYear]:
    """Years that prefix an event name (``2020第六届中国智慧城市博览会``, ``2021年全国两会``).

    Mentions right after words about plans (将于, 计划, 预计, 即将, 明年; within 8 characters of
    the same clause) are skipped.
    """
    out: list[EventYear] = []
    for m in _P.event_year.finditer(text):
        clause_start = max(text.rfind(p, 0, m.start()) for p in "，。；！？,;\n")
        window = text[max(clause_start + 1, m.start() - 8) : m.start()]
        if _P.future.search(window):
            continue
        out.append(EventYear(int(m["y"]), m.group(0), m.start(), m.end()))
    return out


def _year_quote(text: str, mention: DateMention, start: int | None = None) -> str:
    """Evidence quote for a year: the text (from ``start``) to the mention; ROC years say so."""
    end = mention.end + (text[mention.end : mention.end + 1] == "度")
    quote = text[mention.start if start is None else start : end].strip()
    if mention.form == "roc" and str(mention.year) not in quote:
        roc_year = (mention.year or 0) - 1911
        quote += f" (ROC {roc_year} = {mention.year})"
    return quote


def _period_start(text: str, mention: DateMention) -> tuple[int, str]:
    """``(year, quote)`` of an ROC year in a title; the end year of a period (113年至116年,
    113-116年) gives the period's first year instead, the year such a plan is of."""
    period = _P.period_end.search(text, max(0, mention.start - 12), mention.start)
    if period is None:
        return mention.year or 0, _year_quote(text, mention)
    year = 1911 + int(period["y"])
    return year, f"{text[period.start() : mention.end].strip()} (ROC {period['y']} = {year})"


def find_document_number(text: str) -> tuple[int, str] | None:
    """``(year, number)`` if ``text`` is a stand-alone official document number
    (``国办发〔2022〕14号``, ``京政发[2021]3号``), else None."""
    m = _P.doc_number.match(text.strip())
    if m is None:
        return None
    year = parse_chinese_year(m["y"])
    return None if year is None else (year, m.group(0))


def _ends(blocks: list[Block], *, head: int, tail: int) -> list[Block]:
    """The first ``head`` and last ``tail`` of ``blocks`` (all of them if there are fewer)."""
    return blocks if len(blocks) <= head + tail else blocks[:head] + blocks[-tail:]


@dataclass(frozen=True)
class YearGuess:
    """A year read from the text, its quote, and whether it estimates the year (``strong``) or
    only bounds it from below (a dated mention, a data year)."""

    year: int
    evidence: str
    strong: bool = True


def infer_year(
    blocks: Sequence[Block], *, roc: bool = False, head: int = 2
) -> tuple[int, str] | None:
    """``(year, quote)`` of :func:`text_year`, or None."""
    guess = text_year(blocks, roc=roc, head=head)
    return None if guess is None else (guess.year, guess.evidence)


def text_year(blocks: Sequence[Block], *, roc: bool = False, head: int = 2) -> YearGuess | None:
    """Year inferred from the text when the report's date has none, or None.

    Tiers, strongest first; the first tier with a hit wins:

    1. the document's own number (``国办发〔2022〕14号`` on a line of its own among the first
       blocks): the year of issue;
    2. an ROC year in the title or subtitle (``112年度补助`` -> 2023; only Taiwanese text,
       ``roc``): a fiscal year in a headline is the year being reported on (a period's end
       year is not: ``（113年至116年）`` -> 2024); a plan's period closing the title
       (``…行动方案（2024—2026年）`` -> 2024) after the annual documents below; a year naming an
       annual document in the title (``二〇二三年施政报告``, ``2024年政府工作报告``);
    3. the latest year prefixing an event name (``2023智慧城市发展论坛``) in body blocks;
    4. a numbered plenary session of the NPC/CPPCC (two sessions) named in the title, subtitle
       or the first ``head`` body blocks (:func:`session_year`): the year it met;
    5. the latest event-name year in other non-boilerplate blocks, (6) in boilerplate (site
       footers list recent events);
    7. the latest year of a body date that has a month (``截至2015年8月``), a lower bound;
    8. the latest year-only mention in the body that is an ROC year (``民国111年``) or a data
       year (``根据统计处数据，2022年…``; the sentence cites 数据/统计/普查/调查/公报): data are
       published after their year, so this is a lower bound, used only when nothing better
       exists. The quote runs from the data cue to the year.

    Each group of blocks is read only in its first 40 and last 10 blocks (speed: years are
    dense in long reports; a report names its event and date near its start or end).
    Mentions after words about plans (将于, 计划, 预计, 到, 至, ...) never count.
    Numbered sessions (第六届) are not converted; other year-only mentions are too often plan
    targets (2035年远景目标) to count. ROC quotes name their Gregorian year:
    ``112年度 (ROC 112 = 2023)``.
    """
    for block in blocks[:_DOC_NUMBER_BLOCKS]:
        number = find_document_number(block.text) if block.role != "boilerplate" else None
        if number is not None:
            return YearGuess(*number)
    if roc:
        titled = [
            _period_start(b.text, m)
            for b in blocks
            if b.role in ("title", "subtitle")
            for m in find_dates(b.text, roc=True)
            if m.form == "roc" and m.year is not None
        ]
        if titled:
            return YearGuess(*max(titled, key=lambda t: t[0]))
    for block in blocks:
        if block.role in ("title", "subtitle") and (
            annual := _P.annual_title.search(block.text)
        ):
            year = parse_chinese_year(annual["y"])
            if year is not None:
                return YearGuess(year, annual.group())
    for block in blocks:  # …行动方案（2024—2026年）: a plan is of its period's first year
        if block.role in ("title", "subtitle") and (period := _P.title_period.search(block.text)):
            return YearGuess(int(period["y"]), period["p"])
    groups = tuple(
        _ends(group, head=_YEAR_SCAN_HEAD, tail=_YEAR_SCAN_TAIL)
        for group in (
            [b for b in blocks if b.role == "body"],
            [b for b in blocks if b.role not in ("body", "boilerplate")],
            [b for b in blocks if b.role == "boilerplate"],
        )
    )
    for tier, group in enumerate(groups):
        # one scan of the group's text; 。 between blocks ends a clause and no name crosses it
        hits = find_event_years("。".join(b.text for b in group)) if group else []
        if hits:
            best = max(hits, key=lambda h: h.year)
            return YearGuess(best.year, best.text)
        if tier == 0:
            for block in document_head(blocks, head_blocks=head):
                found = session_year(block.text) if _SESSION_HINT in block.text else None
                if found is not None:
                    return YearGuess(*found)
    dated: list[tuple[int, str, DateMention, int | None]] = []
    year_only: list[tuple[int, str, DateMention, int | None]] = []
    for b in groups[0]:
        sentence_starts: list[int] | None = None  # made when a block needs them
        cue_spans: list[tuple[int, int]] = []
        for m in find_dates(b.text, roc=roc):
            if m.year is None or _P.future.search(b.text[max(0, m.start - 8) : m.start]):
                continue
            if m.has_month:
                dated.append((m.year, b.text, m, None))
                continue
            if _P.plan_target.search(b.text[max(0, m.start - 3) : m.start]):
                continue
            if sentence_starts is None:  # one pass per block, not one per year (linear)
                sentence_starts = [0] + [e.end() for e in _SENTENCE_END.finditer(b.text)]
                cue_spans = [c.span() for c in _P.data_cue.finditer(b.text)]
            cue = _cue_before(cue_spans, sentence_starts, m.start)
            if m.form == "roc" or cue is not None:
                year_only.append((m.year, b.text, m, cue))
    for found in (dated, year_only):
        if found:
            year, text, mention, cue = max(found, key=lambda d: d[0])
            return YearGuess(year, _year_quote(text, mention, cue), strong=False)
    return None


#: What ends a sentence for the data cue of a year-only mention.
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def _cue_before(cues: list[tuple[int, int]], sentence_starts: list[int], pos: int) -> int | None:
    """Start of the first data cue (``cues``: their spans in order) of the sentence ``pos`` is
    in that ends before ``pos``; None if there is none. Cue words hold no punctuation or
    digit, so none crosses a sentence's start or a year."""
    start = sentence_starts[bisect_right(sentence_starts, pos) - 1]
    k = bisect_left(cues, (start, -1))
    return cues[k][0] if k < len(cues) and cues[k][1] <= pos else None


def is_roc_text(norm: NormalizedText, *, head_chars: int = 3000) -> bool:
    """True if bare years may be ROC years: 民国 is written, or the text is traditional/mixed
    and its head does not read as Hong Kong/Macao news (香港, 本港, 港元, 立法会, ...) without any
    Taiwanese cue (台湾, 行政院, 立法院, 新台币, 县市, ...)."""
    head = norm.text[:head_chars]
    if _P.roc_mark.search(head) or _P.roc_mark.search(norm.text):
        return True
    if norm.script not in ("traditional", "mixed"):
        return False
    return not _P.hong_kong.search(head) or bool(_P.taiwan.search(head))
