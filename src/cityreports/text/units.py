"""The one unit table, read from ``resources/units.tsv``: the number grammar's units and the
units the word segmenter keeps with their number.

Each row gives a unit as written (平米, 个月, 港币), the unit it is reported as (平方米, 月, 港元)
and its kind (``measure``, ``duration`` or ``percentage``; ``-`` for a written form that is no
unit of a quantity, such as the 市 of 12市); an optional ``token`` column (``yes``) marks the
forms that :mod:`cityreports.text.tokens` keeps with their number as one token. Researchers who
need another unit add a row; the scanner tries the longest written forms first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cityreports.errors import InputError
from cityreports.resources import read_resource, read_tsv

__all__ = ["UnitTable", "unit_table", "unit_kind"]

_KINDS = ("measure", "duration", "percentage")
#: The kind of a written form that is only a token unit, not the unit of a quantity.
_NO_QUANTITY = "-"


@dataclass(frozen=True)
class UnitTable:
    """Written form -> reported unit, and the reported units of each non-measure kind."""

    aliases: dict[str, str]
    durations: frozenset[str]
    percentages: frozenset[str]
    #: Written forms kept with their number as one token by the segmenter, in file order.
    token_units: tuple[str, ...] = ()


def _parse(text: str, source: str) -> UnitTable:
    aliases: dict[str, str] = {}
    kinds: dict[str, str] = {}
    token_units: list[str] = []
    columns, rows = read_tsv(text, source, header=("written", "unit", "kind"))
    token_column = columns.index("token") if "token" in columns else None
    for lineno, cells in rows:
        if len(cells) < 3 or not cells[0] or not cells[1]:
            raise InputError(f"{source}:{lineno}", "a row needs written, unit and kind")
        written, unit, kind = cells[0], cells[1], cells[2]
        if kind not in _KINDS and kind != _NO_QUANTITY:
            raise InputError(f"{source}:{lineno}", f"unknown kind {kind!r}")
        if written in aliases or written in token_units:
            raise InputError(f"{source}:{lineno}", f"unit {written!r} listed twice")
        if token_column is not None and len(cells) > token_column and cells[token_column]:
            if cells[token_column] != "yes":
                raise InputError(f"{source}:{lineno}", "token must be yes or empty")
            token_units.append(written)
        if kind == _NO_QUANTITY:
            continue
        aliases[written] = unit
        kinds[unit] = kind
    return UnitTable(
        aliases=aliases,
        durations=frozenset(u for u, k in kinds.items() if k == "duration"),
        percentages=frozenset(u for u, k in kinds.items() if k == "percentage"),
        token_units=tuple(token_units),
    )


@lru_cache(maxsize=1)
def unit_table() -> UnitTable:
    """The packaged unit table (read once)."""
    text, source, _ = read_resource("units.tsv")
    return _parse(text, source)


def unit_kind(unit: str) -> str:
    """``duration`` for time spans, ``percentage`` for %/‰/百分点, else ``measure``; a rate's
    is its numerator's (5%/年 is a percentage, 元/人 a measure)."""
    table = unit_table()
    unit = unit.split("/", 1)[0] if "/" in unit and not unit.startswith("/") else unit
    if unit in table.durations:
        return "duration"
    if unit in table.percentages:
        return "percentage"
    return "measure"
