"""The unit table of the number grammar, read from ``resources/units.tsv``.

Each row gives a unit as written (平米, 个月, 港币), the unit it is reported as (平方米, 月, 港元)
and its kind (``measure``, ``duration`` or ``percentage``). Researchers who need another unit
add a row; the scanner tries the longest written forms first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cityreports.errors import InputError
from cityreports.resources import read_resource

__all__ = ["UnitTable", "unit_table", "unit_kind"]

_KINDS = ("measure", "duration", "percentage")


@dataclass(frozen=True)
class UnitTable:
    """Written form -> reported unit, and the reported units of each non-measure kind."""

    aliases: dict[str, str]
    durations: frozenset[str]
    percentages: frozenset[str]


def _parse(text: str, source: str) -> UnitTable:
    aliases: dict[str, str] = {}
    kinds: dict[str, str] = {}
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if cells[:3] != ["written", "unit", "kind"]:
                raise InputError(source, "header must start with written, unit, kind")
            continue
        if len(cells) < 3 or not cells[0] or not cells[1]:
            raise InputError(f"{source}:{lineno}", "a row needs written, unit and kind")
        written, unit, kind = cells[0], cells[1], cells[2]
        if kind not in _KINDS:
            raise InputError(f"{source}:{lineno}", f"unknown kind {kind!r}")
        if written in aliases:
            raise InputError(f"{source}:{lineno}", f"unit {written!r} listed twice")
        aliases[written] = unit
        kinds[unit] = kind
    return UnitTable(
        aliases=aliases,
        durations=frozenset(u for u, k in kinds.items() if k == "duration"),
        percentages=frozenset(u for u, k in kinds.items() if k == "percentage"),
    )


@lru_cache(maxsize=1)
def unit_table() -> UnitTable:
    """The packaged unit table (read once)."""
    text, source, _ = read_resource("units.tsv")
    return _parse(text, source)


def unit_kind(unit: str) -> str:
    """``duration`` for time spans, ``percentage`` for %/‰/百分点, else ``measure``."""
    table = unit_table()
    if unit in table.durations:
        return "duration"
    if unit in table.percentages:
        return "percentage"
    return "measure"
