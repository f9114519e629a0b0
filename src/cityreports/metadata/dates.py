"""Date mentions: ISO and partial dates, Chinese-numeral (〇) years, ROC years, datelines.

* :func:`find_dates` finds every date mention (``2015年12月12日``, ``二〇二〇年十二月三日``,
  ``2020-12-03``/``2020.12.03``/``2020/12/3``, ``民国108年``, ``108年3月``/``112年度`` in
  Taiwanese text, ``3月24日``, Taiwanese ``今（15）日``, a news dateline day ``香港10日电``).
* :func:`choose_date` picks the report's own date among the mentions in the head of the
  document (blocks before the first body block and the first ``head_blocks`` body blocks) plus
  stand-alone date lines anywhere (signature dates of policy texts), by :func:`score_date`: it
  rewards a date opening a block or sentence, a label (``发布时间：``), a date line, an event
  verb in the same clause (召开/举办/开幕/``在…上``/``电``) and a Hong Kong ``今日（12月15日）``;
  it penalises a cited document (``发布了《``, ``印发``). Only a positive score counts; ties go
  to the earliest mention; a date followed by a clock time (WeChat ``2023-05-06 08:00``) counts
  as labelled. Without any, a dateline day gives ``---15`` (ISO truncated day): Taiwanese
  ``今（15）日`` or a news dateline without a month (``（香港10日电）``, ``中央社台北15日电``,
  ``本报北京8日讯``; not ``1日电价``). A date without a year stays partial (``--03-24``).
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from cityreports.metadata.spans import document_head
from cityreports.records import Block
from cityreports.text.lexicon import Patterns
from cityreports.text.numerals import parse_chinese_integer

__all__ = [
    "DateMention",
    "choose_date",
    "find_dates",
    "is_date_line",
    "parse_chinese_number",
    "parse_chinese_year",
    "score_date",
]

#: The zeros of a written year (二〇二〇, 二○二○, 二Ｏ二Ｏ, 二0二0) read as 〇.
_YEAR_ZEROS = str.maketrans("○ＯO0", "〇〇〇〇")
#: Places no date or ordinal numeral uses (a day or a term is at most 九十九).
_LARGE_PLACES = frozenset("百千万亿")
#: Date forms and the cues of the report's own date (resources/patterns/metadata/dates.yml).
_P = Patterns("metadata/dates")

# a bare 3-digit ROC year without a month (112年度, 将于113年) counts only in this range and not
# as a duration (拥有108年历史, 长达100年)
_ROC_BARE_MIN, _ROC_BARE_MAX = 100, 150
#: What after a Taiwanese dateline day (今（15）日) makes a word instead (日本, 日常, …).
_TW_DAY_BAD_AFTER = frozenset("本常期益均后後前志记記夜子月报報元语語式光用间間内內")


@dataclass(frozen=True)
class DateMention:
    """A date in a text: ISO form (possibly partial), its parts, offsets into the text, form.

    ``form`` is one of ``ymd``, ``ym``, ``y`` (Arabic digits with 年/月/日), ``numeric``
    (2020-12-03), ``chinese`` (二〇二〇年十二月三日), ``roc`` (Taiwan calendar), ``md`` (3月24日),
    ``day`` (Taiwanese ``今（15）日``; iso ``---15``, the ISO 8601 truncated day).
    """

    iso: str
    year: int | None
    month: int | None
    day: int | None
    start: int
    end: int
    form: str

    @property
    def has_month(self) -> bool:
        return self.month is not None


def parse_chinese_number(text: str) -> int | None:
    """Value of a small Chinese numeral (一 .. 九十九, or digits like 二〇二〇); None if not one.

    The numeral of a date or an ordinal, read by the one numeral parser
    (:func:`cityreports.text.numerals.parse_chinese_integer`) after the zeros of written years
    are folded to 〇; a numeral with 百 or a larger place is none."""
    if any(ch in _LARGE_PLACES for ch in text):
        return None
    return parse_chinese_integer(text.translate(_YEAR_ZEROS))


def parse_chinese_year(text: str, *, roc: bool = False) -> int | None:
    """Gregorian year from ``2020``, ``二〇二〇``, ``民国108``/``108`` (ROC when ``roc``).

    Returns None when the text is not a plausible year (1900-2099 Gregorian, ROC 1-199).
    """
    text = text.strip().removesuffix("年").strip()
    is_roc = roc
    for prefix in ("民国", "民國"):
        if text.startswith(prefix):
            text, is_roc = text[len(prefix) :].strip(), True
    if not text:
        return None
    value = int(text) if text.isdigit() else parse_chinese_number(text)
    if value is None:
        return None
    if is_roc and 1 <= value <= 199 and len(text) <= 3:
        return 1911 + value
    return value if 1900 <= value <= 2099 and len(text) == 4 else None


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    """ISO 8601 (partial) string, or None if the parts are not a valid date."""
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        if month is None:
            return None
        limit = calendar.monthrange(year if year is not None else 2000, month)[1]
        if not 1 <= day <= limit:
            return None
    if year is None:
        if month is None:
            return None
        return f"--{month:02d}-{day:02d}" if day is not None else f"--{month:02d}"
    parts = [f"{year:04d}"] + [f"{v:02d}" for v in (month, day) if v is not None]
    return "-".join(parts)


class _Taken:
    """Non-overlapping spans kept in order, so that a new span's overlap is found by bisection
    (a scan over every span taken was quadratic in the dates of a long block)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans starting before ``end``: [0, i)
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


#: The months of an English date, by their first three letters.
_ENGLISH_MONTHS = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def find_dates(text: str, *, roc: bool = False) -> list[DateMention]:
    """Every date mention in ``text`` (offsets into ``text``), sorted by position.

    With 民国/民國 a year is always an ROC year (1911 + N). Otherwise, only when ``roc`` is true
    (Taiwanese text): a bare 3-digit year followed by a month (``108年3月``), or a bare year
    100-150 without one (``112年度``, ``将于113年``) unless it reads as a duration
    (``拥有108年历史``, ``长达120年``). Also only when ``roc``: a Taiwanese dateline day
    ``今（15）日`` / ``行政院（15）日表示`` (form ``day``, iso ``---15``) and a numeric date with a
    ROC year (``113/03/05``, ``113.03.05``). A 民国 year in Chinese numerals
    (``中華民國一一三年三月五日``) is read in any text. Invalid dates (13月, 2月30日) are skipped.
    """
    found: list[DateMention] = []
    taken = _Taken()

    def add(mention: DateMention) -> None:
        if not taken.overlaps(mention.start, mention.end):
            found.append(mention)
            taken.add(mention.start, mention.end)

    for m in _P.numeric.finditer(text):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        iso = _iso(y, mo, d)
        if iso:
            add(DateMention(iso, y, mo, d, m.start(), m.end(), "numeric"))
    for m in _P.english.finditer(text):  # March 5, 2024; 5 March 2024
        y = int(m["y1"] or m["y2"])
        mo = _ENGLISH_MONTHS[(m["m1"] or m["m2"])[:3].lower()]
        d = int(m["d1"] or m["d2"])
        iso = _iso(y, mo, d)
        if iso:
            add(DateMention(iso, y, mo, d, m.start(), m.end(), "numeric"))
    for m in _P.roc_cn.finditer(text):  # 中華民國一一三年三月五日
        year = parse_chinese_year(m["y"], roc=True)
        mo = parse_chinese_number(m["m"]) if m["m"] else None
        d = parse_chinese_number(m["d"]) if m["d"] else None
        iso = _iso(year, mo, d) if year and not (m["m"] and mo is None) else None
        if iso and not (m["d"] and d is None):
            add(DateMention(iso, year, mo, d, m.start(), m.end(), "roc"))
    if roc:
        for m in _P.roc_numeric.finditer(text):  # 113/03/05
            y, mo, d = int(m["y"]) + 1911, int(m["m"]), int(m["d"])
            iso = _iso(y, mo, d)
            if iso:
                add(DateMention(iso, y, mo, d, m.start(), m.end(), "roc"))
    for m in _P.full.finditer(text):
        digits, explicit_roc = m["y"], bool(m["roc"])
        if len(digits) == 4:
            year = parse_chinese_year(digits)
            form = "ymd" if m["d"] else "ym" if m["m"] else "y"
        elif explicit_roc or (roc and len(digits) == 3 and (m["m"] or _bare_roc_year(text, m))):
            year = parse_chinese_year(digits, roc=True)
            form = "roc"
        else:
            continue
        if year is None:
            continue
        mo = int(m["m"]) if m["m"] else None
        d = int(m["d"]) if m["d"] else None
        iso = _iso(year, mo, d)
        if iso:
            add(DateMention(iso, year, mo, d, m.start(), m.end(), form))
    for m in _P.cn.finditer(text):
        year = parse_chinese_year(m["y"])
        mo = parse_chinese_number(m["m"]) if m["m"] else None
        d = parse_chinese_number(m["d"]) if m["d"] else None
        if year is None or (m["m"] and mo is None) or (m["d"] and d is None):
            continue
        iso = _iso(year, mo, d)
        if iso:
            add(DateMention(iso, year, mo, d, m.start(), m.end(), "chinese"))
    if roc:
        for m in _P.tw_day.finditer(text):
            d = int(m["d"])
            before = text[m.start() - 1] if m.start() > 0 else ""
            after = text[m.end() : m.end() + 1]
            in_clause = "\u4e00" <= before <= "\u9fff" and after not in _TW_DAY_BAD_AFTER
            if not (m["rel"] or in_clause):
                continue
            if 1 <= d <= 31:
                add(DateMention(f"---{d:02d}", None, None, d, m.start(), m.end(), "day"))
    for m in _P.dateline_day.finditer(text):
        d = int(m["d"])
        if 1 <= d <= 31 and not text[max(0, m.start() - 1) : m.start()].isdigit():
            add(DateMention(f"---{d:02d}", None, None, d, m.start(), m.end(), "day"))
    for regex, parse in ((_P.month_day, int), (_P.cn_month_day, parse_chinese_number)):
        for m in regex.finditer(text):
            mo, d = parse(m["m"]), parse(m["d"])
            iso = _iso(None, mo, d) if mo is not None and d is not None else None
            if iso:
                add(DateMention(iso, None, mo, d, m.start(), m.end(), "md"))
    return sorted(found, key=lambda dm: (dm.start, dm.end))


def _bare_roc_year(text: str, m: re.Match[str]) -> bool:
    """True if a bare 3-digit ``N年`` (no month) reads as an ROC year, not a duration."""
    value = int(m["y"])
    if not _ROC_BARE_MIN <= value <= _ROC_BARE_MAX:
        return False
    start = m.start("y")
    if _P.duration_before.search(text[max(0, start - 2) : start]):
        return False
    return not _P.duration_after.match(text[m.end() : m.end() + 4])


def score_date(text: str, mention: DateMention) -> int:
    """How much ``mention`` looks like the report's own date, judged from its context in ``text``.

    +2 opening a block/sentence, +4 after a label (发布时间：) or in brackets closing its line
    (…的通知（2023年11月20日）), +3 a stand-alone date line,
    +3 an event verb in the rest of the clause, -4 a cited document (发布了《…》, 印发).
    A date in parentheses after 今日/今天/昨日/昨天 (Hong Kong style ``今日（12月15日）公布``)
    states the day of the reported event: +6, and no cited-document penalty (what is 公布 that
    day is the news itself). For ``昨日（12月14日）`` the report itself is a day later, but it
    does not say so; the stated month-day is kept as the document date.
    """
    before = text[max(0, mention.start - 12) : mention.start]
    # The clause after the date and the date's line are read within CONTEXT_CHARS of it, so
    # that a block of many dates and few line breaks costs time in proportion to its length
    # (a line that long is no date line; a clause that long has its verb near the date).
    reach = mention.end + CONTEXT_CHARS
    stop = _P.clause_stop.search(text, mention.end, reach)
    after = text[mention.end : stop.start() if stop else min(len(text), reach)]
    window_start = max(0, mention.start - CONTEXT_CHARS)
    newline = text.rfind("\n", window_start, mention.start)
    line_start = newline + 1 if newline != -1 else window_start
    line_end = text.find("\n", mention.end, reach)
    if line_end == -1:
        line_end = len(text) if reach >= len(text) else reach
    line = text[line_start:line_end]
    score = 0
    if _P.sentence_start.search(before) or mention.start == 0:
        score += 2
    if _P.label.search(before) or (
            _P.title_paren.search(before) and _P.title_paren_end.match(text, mention.end)):
        score += 4  # 发布时间：…; …的通知（2023年11月20日）
    elif _P.release_dash.match(text, mention.end) and _P.release_place.search(before):
        score += 4  # a release's dateline: 中国杭州，2024年3月5日——
    if is_date_line(line.replace(text[mention.start : mention.end], "", 1)):
        score += 3
    if _P.event_verb.search(re.sub(r"^[，,、\s]*(?:上午|下午|晚间|晚上)?", "", after)):
        score += 3
    if _P.clock.match(text, mention.end):
        score += 4  # a publication time stamp: 2023-05-06 08:00
    if _P.today_paren.search(before) or (
            _P.wire_filed.match(text, mention.end) and _P.wire_agency.search(before)):
        score += 6  # 今日（12月15日）; 新华社北京8月25日电 … 审议通过《…》: no cited document
    elif _P.cited.search(after):
        score -= 4
    return score


#: How far before and after a date its line and clause are read (see :func:`score_date`).
CONTEXT_CHARS = 1000


def is_date_line(rest: str) -> bool:
    """True if what is left of a line without its date is a label or signature (no sentence),
    a document number among them (府授经字第1130012345号函核定)."""
    if _P.sentence_punct.search(rest):
        return False  # (a document number holds no sentence punctuation)
    if len(rest.strip()) <= _DATE_LINE_REST:
        return True
    if len(rest) > _DATE_LINE_REST + _DOC_NUMBER_CHARS:
        return False  # longer than any label and number: not searched for one
    return len(_P.date_line_number.sub("", rest, count=1).strip()) <= _DATE_LINE_REST


#: What a date line may hold besides its date (characters), and besides a document number.
_DATE_LINE_REST = 20
_DOC_NUMBER_CHARS = 60


def wire_date_code(blocks: Sequence[Block]) -> tuple[DateMention, str] | None:
    """The ROC date code closing a Taiwanese wire story (in its last three blocks) and the
    block text it is in, or None."""
    for block in list(blocks)[-3:]:
        found = _P.wire_date_code.match(block.text.strip())
        if found:
            year, month, day = 1911 + int(found["y"]), int(found["m"]), int(found["d"])
            offset = len(block.text) - len(block.text.lstrip())
            mention = DateMention(f"{year:04d}-{month:02d}-{day:02d}", year, month, day,
                                  offset + found.start("y"), offset + found.end(), "roc")
            return mention, block.text
    return None


def choose_date(
    blocks: Sequence[Block], *, roc: bool, head_blocks: int
) -> tuple[DateMention, str] | None:
    """The report's own date and the block text it was found in, or None.

    In Taiwanese text (``roc``) a wire story's closing date code
    (``（编辑：张雅文）1121018``) wins. Otherwise a date with a month wins (see
    :func:`score_date`); failing that, the first Taiwanese dateline day (``今（15）日``) in
    the head gives a day-only date ``---15``. When the winner has no year, a date of the
    same month and day that has one and also counts (a Hong Kong release's
    ``今日（十二月十五日）`` and its closing ``2020年12月15日（星期二）``) gives the year.
    """
    if roc and (code := wire_date_code(blocks)) is not None:
        return code
    head_ids = {b.block_id for b in document_head(blocks, head_blocks=head_blocks)}
    best: tuple[int, int, int, DateMention, str] | None = None
    day_only: tuple[DateMention, str] | None = None
    with_year: list[tuple[DateMention, str]] = []  # counted dates that have a year, in order
    for order, block in enumerate(blocks):
        if block.role == "boilerplate":
            continue
        if block.block_id not in head_ids and _P.sentence_punct.search(block.text):
            # outside the head only date lines count, and a date mention has no sentence
            # punctuation, so what is left of this block around any date would have some
            continue
        for mention in find_dates(block.text, roc=roc):
            if not mention.has_month:
                if mention.form == "day" and day_only is None and block.block_id in head_ids:
                    day_only = (mention, block.text)
                continue
            score = score_date(block.text, mention)
            in_head = block.block_id in head_ids
            if score <= 0 or not (in_head or is_date_line(
                    block.text[: mention.start] + block.text[mention.end :])):
                continue
            key = (-score, order, mention.start)
            if best is None or key < best[:3]:
                best = (*key, mention, block.text)
            if mention.year is not None:
                with_year.append((mention, block.text))
    if best is None:
        return day_only
    mention = best[3]
    if mention.year is None:
        same_day = [m for m in with_year if (m[0].month, m[0].day) == (mention.month, mention.day)]
        if same_day:
            return same_day[0]
        year = _year_nearby(mention, with_year + _stated_dates(blocks, roc=roc))
        if year is not None:
            return replace(mention, year=year, iso=_iso(year, mention.month, mention.day)), best[4]
    return mention, best[4]


#: The roles of blocks whose full dates state when the document appeared (a reprint's source
#: line, a byline, a date under the title), though they do not win as its date.
_STATED_ROLES = frozenset({"credit", "front_matter", "byline", "title", "subtitle"})
#: How many days a dated line may lie from a date without a year and still give it its year.
NEARBY_DAYS = 7


def _stated_dates(blocks: Sequence[Block], *, roc: bool) -> list[tuple[DateMention, str]]:
    """Full dates (year, month, day) in the blocks of :data:`_STATED_ROLES`."""
    return [(m, b.text) for b in blocks if b.role in _STATED_ROLES
            for m in find_dates(b.text, roc=roc) if m.year and m.month and m.day]


def _year_nearby(mention: DateMention, dated: list[tuple[DateMention, str]]) -> int | None:
    """The year of the full date closest in the calendar to ``mention`` (a month and day), at
    most :data:`NEARBY_DAYS` away: 新华社北京3月5日电 … （原载2024年3月6日…） is of 2024."""
    best: tuple[int, int] | None = None
    for other, _text in dated:
        if other.year is None or other.month is None or other.day is None:
            continue
        for year in (other.year, other.year - 1, other.year + 1):  # 12月31日电 … 2025年1月2日
            try:
                gap = abs((date(other.year, other.month, other.day)
                           - date(year, mention.month or 1, mention.day or 1)).days)
            except ValueError:
                continue  # 2月30日
            if gap <= NEARBY_DAYS and (best is None or gap < best[0]):
                best = (gap, year)
    return best[1] if best else None
