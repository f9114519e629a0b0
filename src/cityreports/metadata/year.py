"""The year of a report: stated in metadata, or inferred from the text, with evidence.

* **year** - ``manifest`` only for a ``date``/``year`` the manifest CSV gave
  (``raw.metadata['manifest_fields']``); a date the file states itself (front matter, JSON
  record) is ``explicit`` (evidence ``front matter date: …`` / ``record date: …``);
  ``explicit`` if the chosen date has a year; else ``inferred`` by :func:`infer_year`, strongest
  signal first: the document's own number (``国办发〔2022〕14号``), an ROC year in a Taiwanese
  title (``112年度`` -> 2023), a year prefixing an event name in the body (``2023智慧城市论坛``),
  a numbered NPC/CPPCC session in the head (``第十四届全国人民代表大会第一次会议`` -> 2023),
  event-name years elsewhere, the latest dated body mention (``截至2015年8月``), the latest ROC or
  data year (``根据统计处数据，2022年``) - the last two are lower bounds. Plan clauses
  (将/计划/预计/即将) never count. Else ``unknown``. ROC years are 1911 + N; evidence names the
  Gregorian year (``112年度 (ROC 112 = 2023)``). Bare ROC years are read only in Taiwanese text
  (traditional script without Hong Kong cues, or 民国 written).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cityreports.metadata.dates import (
    DateMention,
    find_dates,
    parse_chinese_number,
    parse_chinese_year,
)
from cityreports.metadata.people import EVENT_SUFFIX
from cityreports.metadata.spans import document_head
from cityreports.records import Block, NormalizedText, RawDocument
from cityreports.text.lexicon import HAN_BASIC

__all__ = [
    "EventYear",
    "find_document_number",
    "find_event_years",
    "infer_year",
    "is_roc_text",
    "metadata_year",
    "session_year",
]

# a document's own number stands on its own line among the first blocks
_DOC_NUMBER_RE = re.compile(
    rf"[{HAN_BASIC}]{{1,12}}[〔［\[(（【](?P<y>(?:19|20)\d{{2}})[〕］\])）】]\s*第?\s*\d{{1,5}}\s*号$"
)
_DOC_NUMBER_BLOCKS = 6
# annual plenary sessions of the NPC / CPPCC national committee (the 两会), not the standing
# committee: 第十四届全国人民代表大会第一次会议, 十四届全国人大一次会议, 全国政协十四届二次会议
_N = "[一二三四五六七八九十]{1,3}"
_SESSION_RE = re.compile(
    rf"第?(?P<n>{_N})届全国(?:人民代表大会|人大|委员会)第?(?P<m>{_N})次(?:全体)?会议|"
    rf"全国(?:人大|政协)第?(?P<n2>{_N})届第?(?P<m2>{_N})次会议"
)
_SESSION_HINT = "次"
_SESSION_FIRST_TERM, _SESSION_FIRST_YEAR = 6, 1983  # five-year terms since the 6th (1983)
_YEAR_SCAN_HEAD, _YEAR_SCAN_TAIL = 40, 10  # body blocks read for dated / year-only mentions
_DATA_CUE_RE = re.compile(r"根据|依据|数据|统计|普查|调查|公报|年报|年鉴|据")
_PLAN_TARGET_RE = re.compile(r"到|至|目标|争取")
_FUTURE_RE = re.compile(r"将于|将在|将要|计划|预计|即将|筹备|明年|拟于")
_NAME_CHARS = r"[^，。；：、！？,.;:!?\s“”\"《》「」『』了在于的由将和与及是为等月日年]"
_EVENT_YEAR_RE = re.compile(
    rf"(?<![\d.])(?P<y>20[0-3]\d)(?:\s*年)?\s*[“\"「]?"
    rf"(?P<name>(?:（第[^）]{{1,5}}[届屆]）)?{_NAME_CHARS}{{0,24}}?{EVENT_SUFFIX})"
)


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
    for m in _EVENT_YEAR_RE.finditer(text):
        clause_start = max(text.rfind(p, 0, m.start()) for p in "，。；！？,;\n")
        window = text[max(clause_start + 1, m.start() - 8) : m.start()]
        if _FUTURE_RE.search(window):
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


def find_document_number(text: str) -> tuple[int, str] | None:
    """``(year, number)`` if ``text`` is a stand-alone official document number
    (``国办发〔2022〕14号``, ``京政发[2021]3号``), else None."""
    m = _DOC_NUMBER_RE.match(text.strip())
    if m is None:
        return None
    year = parse_chinese_year(m["y"])
    return None if year is None else (year, m.group(0))


def session_year(text: str) -> tuple[int, str] | None:
    """``(year, quote)`` of the first plenary session of the NPC or the CPPCC national committee
    named in ``text``: term N (N >= 6) began in 1983 + 5(N - 6), and its M-th session (M = 1..5)
    meets in March of the M-th year of the term. ``第十四届全国人民代表大会第一次会议`` -> 2023."""
    for m in _SESSION_RE.finditer(text):
        term = parse_chinese_number(m["n"] or m["n2"])
        session = parse_chinese_number(m["m"] or m["m2"])
        if term is None or session is None:
            continue
        if term >= _SESSION_FIRST_TERM and 1 <= session <= 5:
            year = _SESSION_FIRST_YEAR + 5 * (term - _SESSION_FIRST_TERM) + session - 1
            return year, f"{m.group(0)} (held in {year})"
    return None


def _ends(blocks: list[Block], *, head: int, tail: int) -> list[Block]:
    """The first ``head`` and last ``tail`` of ``blocks`` (all of them if there are fewer)."""
    return blocks if len(blocks) <= head + tail else blocks[:head] + blocks[-tail:]


def infer_year(
    blocks: Sequence[Block], *, roc: bool = False, head: int = 2
) -> tuple[int, str] | None:
    """Year inferred from the text when the report's date has none; ``(year, quote)`` or None.

    Tiers, strongest first; the first tier with a hit wins:

    1. the document's own number (``国办发〔2022〕14号`` on a line of its own among the first
       blocks): the year of issue;
    2. an ROC year in the title or subtitle (``112年度补助`` -> 2023; only Taiwanese text,
       ``roc``): a fiscal year in a headline is the year being reported on;
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
            return number
    if roc:
        titled = [
            (m.year, _year_quote(b.text, m))
            for b in blocks
            if b.role in ("title", "subtitle")
            for m in find_dates(b.text, roc=True)
            if m.form == "roc" and m.year is not None
        ]
        if titled:
            return max(titled, key=lambda t: t[0])
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
            return best.year, best.text
        if tier == 0:
            for block in document_head(blocks, head_blocks=head):
                found = session_year(block.text) if _SESSION_HINT in block.text else None
                if found is not None:
                    return found
    dated: list[tuple[int, str]] = []
    year_only: list[tuple[int, str]] = []
    for b in groups[0]:
        for m in find_dates(b.text, roc=roc):
            if m.year is None or _FUTURE_RE.search(b.text[max(0, m.start - 8) : m.start]):
                continue
            if m.has_month:
                dated.append((m.year, _year_quote(b.text, m)))
                continue
            if _PLAN_TARGET_RE.search(b.text[max(0, m.start - 3) : m.start]):
                continue
            sentence_start = max(b.text.rfind(p, 0, m.start) for p in "。！？!?；;\n") + 1
            cue = _DATA_CUE_RE.search(b.text, sentence_start, m.start)
            if m.form == "roc" or cue:
                year_only.append((m.year, _year_quote(b.text, m, cue.start() if cue else None)))
    for found in (dated, year_only):
        if found:
            return max(found, key=lambda d: d[0])
    return None


def _stated_year(
    metadata: dict[str, str], fields: Sequence[str], *, label: str
) -> tuple[str, int | None, str] | None:
    """``(iso date, year, evidence)`` from the metadata ``fields`` among ``date``/``year``."""
    raw_date = (metadata.get("date") or "").strip() if "date" in fields else ""
    if raw_date:
        mentions = [m for m in find_dates(raw_date) if m.year is not None]
        if mentions:
            return mentions[0].iso, mentions[0].year, f"{label}date: {raw_date}"
        year = parse_chinese_year(raw_date[:4]) if raw_date[:4].isdigit() else None
        if year is not None:
            return str(year), year, f"{label}date: {raw_date}"
    raw_year = (metadata.get("year") or "").strip() if "year" in fields else ""
    year = parse_chinese_year(raw_year) if raw_year else None
    if year is not None:
        return "", year, f"{label}year: {raw_year}"
    return None


def metadata_year(raw: RawDocument) -> tuple[str, int | None, str, str] | None:
    """``(iso date, year, year_source, evidence)`` from ``raw.metadata``, or None.

    Only fields listed in ``metadata['manifest_fields']`` (set by :mod:`ingest.manifest` for
    the columns a manifest CSV filled) come from the manifest: ``year_source`` ``manifest``,
    evidence ``date: 2016/01/02``. A ``date``/``year`` the file states itself (YAML front
    matter of a ``.md``, a field of a JSON/JSONL/CSV record) is the document's own statement of
    its date, like a dateline: ``explicit``, evidence ``front matter date: …`` (``.md``) or
    ``record date: …`` (other formats).
    """
    meta = dict(raw.metadata)
    manifest_fields = {f.strip() for f in meta.get("manifest_fields", "").split(",")}
    manifest = _stated_year(meta, [f for f in ("date", "year") if f in manifest_fields], label="")
    label = "front matter " if raw.format == "md" else "record "
    own = [f for f in ("date", "year") if f not in manifest_fields]
    stated = _stated_year(meta, own, label=label)
    if manifest is not None:
        # a manifest year alone keeps the file's own date, if it states one
        date = manifest[0] or (stated[0] if stated is not None else "")
        return date, manifest[1], "manifest", manifest[2]
    if stated is not None:
        return stated[0], stated[1], "explicit", stated[2]
    return None


_ROC_MARK_RE = re.compile(r"民国|民國")
_TAIWAN_RE = re.compile(r"台湾|臺灣|台北|臺北|行政院|立法院|新台币|县市|全台|国发会")
_HONG_KONG_RE = re.compile(r"香港|本港|港元|港币|港府|特区政府|立法会|澳门|澳门元")


def is_roc_text(norm: NormalizedText, *, head_chars: int = 3000) -> bool:
    """True if bare years may be ROC years: 民国 is written, or the text is traditional/mixed
    and its head does not read as Hong Kong/Macao news (香港, 本港, 港元, 立法会, ...) without any
    Taiwanese cue (台湾, 行政院, 立法院, 新台币, 县市, ...)."""
    head = norm.text[:head_chars]
    if _ROC_MARK_RE.search(head) or _ROC_MARK_RE.search(norm.text):
        return True
    if norm.script not in ("traditional", "mixed"):
        return False
    return not _HONG_KONG_RE.search(head) or bool(_TAIWAN_RE.search(head))
