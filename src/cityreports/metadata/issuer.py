"""Who issues a government work report: 国务院, a province, a city, a county or a district.

First rule that applies, with its evidence:

1. the session the report is delivered to: ``在杭州市第十四届人民代表大会第四次会议上`` -> 杭州市;
2. the speaker's office, at the start or in the thanks (``在此，我代表…``):
   ``我代表杭州市人民政府`` -> 杭州市, ``我代表国务院`` -> 国务院;
3. a report that says only ``我代表市人民政府`` (or 县/区/省) is issued by the division of that
   level the text names most often (``长沙`` ×74), if it is named at least three times and
   clearly more than any other (``resources/places/divisions.csv``, China's provinces,
   prefectures and counties);
4. else the path, when it alone names a division of that level, in Chinese or in pinyin
   (``gwr_municipal_changsha_2024`` -> 长沙市); the evidence then says ``path``.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from cityreports.records import Block
from cityreports.resources import read_resource
from cityreports.text.lexicon import Patterns

__all__ = ["Division", "divisions", "report_issuer"]

_DIVISIONS = "places/divisions.csv"
#: The session and the speaker's office that name the issuer
#: (resources/patterns/metadata/issuer.yml).
_P = Patterns("metadata/issuer")
_LEVELS = {"省": "province", "自治区": "province", "市": "city", "州": "city",
           "县": "county", "旗": "county", "区": "district"}  # fmt: skip
#: Province-level cities also issue municipal reports (北京市人民政府工作报告).
_MUNICIPALITIES = frozenset({"北京市", "上海市", "天津市", "重庆市"})
_HEAD_BLOCKS = 8
_MIN_MENTIONS = 3


@dataclass(frozen=True)
class Division:
    """An administrative division: full name, short name, level, province, pinyin of the short
    name."""

    name: str
    short: str
    level: str
    province: str
    pinyin: str


@functools.lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """China's administrative divisions down to counties (packaged ``places/divisions.csv``)."""
    text, _, _ = read_resource(_DIVISIONS)
    return tuple(Division(**row) for row in csv.DictReader(io.StringIO(text)))


@functools.lru_cache(maxsize=8)
def _at_level(level: str) -> tuple[Division, ...]:
    return tuple(
        d
        for d in divisions()
        if d.level == level or (level == "city" and d.name in _MUNICIPALITIES)
    )


def _most_named(text: str, level: str) -> tuple[Division, int] | None:
    """The division of ``level`` that ``text`` names clearly most often, with its count."""
    counts = sorted(
        ((text.count(d.short), d) for d in _at_level(level) if d.short in text),
        key=lambda c: (-c[0], c[1].name),
    )
    if not counts or counts[0][0] < _MIN_MENTIONS:
        return None
    if len(counts) > 1 and counts[0][0] < 1.5 * counts[1][0]:
        return None
    return counts[0][1], counts[0][0]


def _path_division(path: str, level: str) -> Division | None:
    """The one division of ``level`` whose name or pinyin is a word of ``path``."""
    words = {w for w in re.split(r"[\W_\d]+", path.lower()) if w}
    found = {
        d.name: d
        for d in _at_level(level)
        if d.pinyin in words or d.short in path or d.name in path
    }
    return next(iter(found.values())) if len(found) == 1 else None


def report_issuer(blocks: Sequence[Block], *, path: str = "") -> tuple[str, str]:
    """``(issuer, evidence)`` of a government work report (module docstring), or ``("", "")``."""
    kept = [b for b in blocks if b.role != "boilerplate"]
    head = kept[:_HEAD_BLOCKS]
    for block in head:
        if m := _P.session.search(block.text):
            return m["org"], f"session: {m.group(0)}"
    level, quote = "", ""
    for block in head + kept[len(head) :]:  # the speaker's office is said at the start or in
        if m := _P.office.search(block.text):  # the thanks (在此，我代表市人民政府，向…)
            org = m["state"] or m["org"]
            return org, f"speaker: {m.group(0)}"
        if not level and (m := _P.level.search(block.text)):
            level, quote = _LEVELS[m["level"]], m.group(0)
    if not level:
        return "", ""
    named = _most_named("\n".join(b.text for b in kept), level)
    if named is not None:
        division, count = named
        return division.name, f"{quote}; the text names {division.short} ×{count}"
    division = _path_division(path, level) if path else None
    if division is not None:
        return division.name, f"{quote}; path {path} names {division.name}"
    return "", ""
