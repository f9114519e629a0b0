"""The one qualifier table, read from ``resources/claims/qualifiers.tsv``: the words before a
number (不低于, 约, 超过) and after it (以上, 左右, 以内) that bound it, with the bound each states
and whether it includes the number (see the file's header for the reading of 以上/超过).

Researchers who read a word differently, or need another, edit the table; the scanner tries
longer words first. A word that opens with 不 also stands with a modal verb after 不 (不得超过,
不应低于: :data:`NEGATED_MODALS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from cityreports.errors import InputError
from cityreports.resources import read_resource, read_tsv

__all__ = ["NEGATED_MODALS", "QUALIFIERS", "QualifierTable", "bound_inclusive",
           "combine_qualifiers", "qualifier_table"]

QUALIFIER_FILE = "claims/qualifiers.tsv"
#: The bounds a qualifier word can state.
QUALIFIERS = ("approx", "nearly", "more_than", "less_than")
_INCLUSIVE = {"yes": True, "no": False, "-": None}
_SIDES = ("before", "after")
#: Modal verbs that may stand inside a negated bound word (不得超过, 不应低于, 不宜超过, 不能少于):
#: the bound is the negated word's, which the table lists once (不超过, 不低于).
NEGATED_MODALS = ("得", "应当", "应该", "应", "能", "宜", "可", "准", "许", "会", "再")


@dataclass(frozen=True)
class QualifierTable:
    """Qualifier words -> ``(qualifier, inclusive)``, before and after the number, in file
    order, and the words before a number that may qualify a bare 百/千/万/亿."""

    prefixes: Mapping[str, tuple[str, bool | None]]
    suffixes: Mapping[str, tuple[str, bool | None]]
    bare_prefixes: frozenset[str]


def _parse(text: str, source: str) -> QualifierTable:
    sides: dict[str, dict[str, tuple[str, bool | None]]] = {side: {} for side in _SIDES}
    bare: set[str] = set()
    header = ("word", "side", "qualifier", "inclusive")
    for lineno, cells in read_tsv(text, source, header=header)[1]:
        where = f"{source}:{lineno}"
        if len(cells) < 4 or not cells[0]:
            raise InputError(where, "a row needs word, side, qualifier and inclusive")
        word, side, qualifier, inclusive = cells[:4]
        if side not in _SIDES:
            raise InputError(where, f"side must be before or after, not {side!r}")
        if qualifier not in QUALIFIERS:
            raise InputError(where, f"unknown qualifier {qualifier!r}")
        if inclusive not in _INCLUSIVE:
            raise InputError(where, f"inclusive must be yes, no or -, not {inclusive!r}")
        if word in sides[side]:
            raise InputError(where, f"{word!r} listed twice {side} the number")
        sides[side][word] = (qualifier, _INCLUSIVE[inclusive])
        flag = cells[4] if len(cells) > 4 else ""
        if flag not in ("", "yes") or (flag and side != "before"):
            raise InputError(where, "bare must be yes (on a word before the number) or empty")
        if flag:
            bare.add(word)
    for word, bound in list(sides["before"].items()):
        if word.startswith("不"):  # 不超过 -> 不得超过, 不应超过 …: the same bound, obliged
            for modal in NEGATED_MODALS:
                sides["before"].setdefault(f"不{modal}{word[1:]}", bound)
    return QualifierTable(prefixes=MappingProxyType(sides["before"]),
                          suffixes=MappingProxyType(sides["after"]),
                          bare_prefixes=frozenset(bare))


@lru_cache(maxsize=1)
def qualifier_table() -> QualifierTable:
    """The packaged qualifier table (read once per process)."""
    text, source, _ = read_resource(QUALIFIER_FILE)
    return _parse(text, source)


def combine_qualifiers(pre: str, inner: str, post: str) -> str:
    """The qualifier of a number from the words before it, inside it (余, 多, 来) and after it:
    one alone stands; approx with a bound is the bound (approx and more_than: approx_more_than);
    opposite bounds are contradictory."""
    flags = {q for q in (pre, inner, post) if q}
    if not flags:
        return "exact"
    if len(flags) == 1:
        return flags.pop()
    if flags == {"approx", "more_than"}:
        return "approx_more_than"
    if "nearly" in flags and "more_than" in flags:
        return "contradictory"
    if "less_than" in flags and "more_than" in flags:
        return "contradictory"
    if "approx" in flags:
        flags.discard("approx")
        return flags.pop() if len(flags) == 1 else "contradictory"
    return "contradictory" if len(flags) > 1 else flags.pop()


def bound_inclusive(
    qualifier: str, pre_q: str, pre_inc: bool | None, post_q: str, post_inc: bool | None
) -> bool | None:
    """Whether the bound includes the number: from the word that set the bound (the word
    before the number first); 余/多 inside the number (200余家) exclude it; None when the
    qualifier is not a bound."""
    if qualifier not in ("more_than", "less_than", "nearly", "approx_more_than"):
        return None
    if qualifier == "approx_more_than":
        return False
    if pre_q == qualifier and pre_inc is not None:
        return pre_inc
    if post_q == qualifier and post_inc is not None:
        return post_inc
    return False
