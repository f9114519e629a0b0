"""Numbered institutions and plans of the PRC, turned into years.

* **National People's Congress / CPPCC national committee** - the N-th term began in 1978 +
  5(N - 5) for N >= 5 (terms 1-4: ``resources/metadata/chronology.csv``); its M-th plenary
  session (M = 1..5) met in the M-th year of the term: ``第十一届全国人民代表大会第三次会议`` ->
  2010, ``十四届全国人大一次会议`` -> 2023, ``全国政协十四届二次会议`` -> 2024. Standing-committee
  sessions (``常委会第十七次会议``) meet every two months and give no year. Local congresses
  (``市第十六届人民代表大会``) cannot be dated by their ordinals and are not read here.
* **CPC national congress** - the N-th met in 1982 + 5(N - 12) for N >= 12 (8-11: the data file):
  ``党的十六大`` -> 2002.
* **Five-year plan** - the K-th began in 1966 + 5(K - 3) for K >= 3 (1-2: the data file) and ran
  five years: ``第十个五年计划`` / ``“十五”计划`` -> 2001-2005, ``“十四五”规划`` -> 2021-2025.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass

from cityreports.metadata.dates import parse_chinese_number
from cityreports.resources import read_resource
from cityreports.text.lexicon import Patterns

__all__ = [
    "Ordinal",
    "cpc_congress_year",
    "find_congress_sessions",
    "find_party_congresses",
    "find_plans",
    "npc_term_start",
    "plan_start",
    "session_year",
]

_CHRONOLOGY = "metadata/chronology.csv"
#: NPC/CPPCC sessions, CPC congresses and five-year plans
#: (resources/patterns/metadata/ordinals.yml).
_P = Patterns("metadata/ordinals")


@dataclass(frozen=True)
class Ordinal:
    """A numbered institution or plan in a text: what (``npc``, ``cpc``, ``plan``), its number,
    the session number (NPC only), its year (start year for a term or a plan), offsets."""

    series: str
    number: int
    session: int | None
    year: int
    start: int
    end: int
    text: str


@functools.lru_cache(maxsize=1)
def _early_years() -> dict[tuple[str, int], int]:
    text, _, _ = read_resource(_CHRONOLOGY)
    return {
        (row["series"], int(row["ordinal"])): int(row["start_year"])
        for row in csv.DictReader(io.StringIO(text))
    }


def npc_term_start(term: int) -> int | None:
    """First year of the ``term``-th National People's Congress (and CPPCC national committee)."""
    if term >= 5:
        return 1978 + 5 * (term - 5)
    return _early_years().get(("npc", term))


def cpc_congress_year(number: int) -> int | None:
    """Year the ``number``-th National Congress of the CPC met."""
    if number >= 12:
        return 1982 + 5 * (number - 12)
    return _early_years().get(("cpc", number))


def plan_start(number: int) -> int | None:
    """First year of the ``number``-th Five-Year Plan (it runs to the start year + 4)."""
    if number >= 3:
        return 1966 + 5 * (number - 3)
    return _early_years().get(("plan", number))


def find_congress_sessions(text: str) -> list[Ordinal]:
    """National congress terms and plenary sessions named in ``text`` (``year`` is the session's
    year, or the term's first year when no session is named); standing-committee sessions are
    left out."""
    out: list[Ordinal] = []
    for m in _P.npc.finditer(text):
        if m["sc"]:
            continue
        term = parse_chinese_number(m["n"] or m["n2"] or m["n3"])
        raw_session = m["m"] or m["m2"] or m["m3"]
        session = parse_chinese_number(raw_session) if raw_session else None
        start = npc_term_start(term) if term else None
        if start is None or (session is not None and not 1 <= session <= 5):
            continue
        year = start + (session - 1 if session else 0)
        out.append(Ordinal("npc", term, session, year, m.start(), m.end(), m.group(0)))
    return out


def find_party_congresses(text: str) -> list[Ordinal]:
    """National congresses of the CPC named in ``text`` (``党的十六大``), with the year they met."""
    out: list[Ordinal] = []
    for m in _P.cpc.finditer(text):
        number = parse_chinese_number(m["n"])
        year = cpc_congress_year(number) if number else None
        if year is not None:
            out.append(Ordinal("cpc", number, None, year, m.start(), m.end(), m.group(0)))
    return out


def find_plans(text: str) -> list[Ordinal]:
    """Five-year plans named in ``text`` (``第十个五年计划``, ``“十一五”时期``) with start years."""
    out: list[Ordinal] = []
    for m in _P.plan.finditer(text):
        number = parse_chinese_number(m["k"] or m["k2"])
        year = plan_start(number) if number else None
        if year is not None:
            out.append(Ordinal("plan", number, None, year, m.start(), m.end(), m.group(0)))
    return out


def session_year(text: str) -> tuple[int, str] | None:
    """``(year, quote)`` of the first plenary session of the NPC or the CPPCC national committee
    named in ``text``: ``第十四届全国人民代表大会第一次会议`` -> 2023 (see the module docstring)."""
    for found in find_congress_sessions(text):
        if found.session is not None:
            return found.year, f"{found.text} (held in {found.year})"
    return None
