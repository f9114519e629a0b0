"""Spans of report text that look numeric but cannot be read: the claim diagnostics.

The same scanner as :func:`~cityreports.quant.numbers.scan_quantities` finds the number cores;
a core that looks numeric (Arabic digits, or two Chinese numerals) and does not parse is an
"unparseable number"; digits with two decimal points or odd comma groups before a unit are
"malformed digits".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from cityreports.quant.grammar import CN, scanner
from cityreports.text.numerals import COMMA_GROUPED, fold_text, parse_number

__all__ = ["NumberDiagnostic", "scan_diagnostics"]


@dataclass(frozen=True)
class NumberDiagnostic:
    """A span that looks numeric but could not be parsed."""

    start: int
    end: int
    surface: str
    problem: str


#: A decimal digit: every unparseable number and malformed digit run has one, or else two
#: Chinese numerals (see :func:`_looks_numeric`).
_ANY_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _two_numerals() -> re.Pattern[str]:
    """Two Chinese numerals anywhere in a text."""
    numeral = f"[{re.escape(''.join(sorted(CN)))}]"
    return re.compile(f"{numeral}(?s:.*?){numeral}")


def scan_diagnostics(
    text: str, *, folded: str | None = None, matches: Iterable[re.Match[str]] | None = None
) -> list[NumberDiagnostic]:
    """Spans that look like numbers (digits with units/multipliers) but do not parse.

    ``folded`` is ``fold_text(text)`` when the caller already has it; ``matches`` are
    ``scanner().finditer(folded)`` when the caller has run it (the claims scan)."""
    if folded is None or len(folded) != len(text):
        folded = fold_text(text)
    if _ANY_DIGIT.search(folded) is None and _two_numerals().search(folded) is None:
        return []  # nothing can look numeric (most sentences): no scan
    if matches is None:
        matches = scanner().finditer(folded)
    return _scan_diagnostics(text, folded, matches)


def _scan_diagnostics(
    text: str, folded: str, matches: Iterable[re.Match[str]]
) -> list[NumberDiagnostic]:
    out: list[NumberDiagnostic] = []
    for m in matches:
        if m["q"] is None:
            continue
        for key in ("num", "num2"):
            core = m[key]
            if core is None or not _looks_numeric(core):
                continue
            if parse_number(core) is None:
                s, e = m.span(key)
                out.append(NumberDiagnostic(s, e, text[s:e], "unparseable number"))
    if "." not in folded and "," not in folded:
        return sorted(out, key=lambda d: (d.start, d.end))  # no malformed digits without them
    for m in _bad_number_re().finditer(folded):
        if COMMA_GROUPED.match(m.group()):
            continue
        out.append(
            NumberDiagnostic(m.start(), m.end(), text[m.start() : m.end()], "malformed digits")
        )
    return sorted(out, key=lambda d: (d.start, d.end))


@lru_cache(maxsize=1)
def _bad_number_re() -> re.Pattern[str]:
    """Digits with two decimal points or odd comma groups, before a unit (linear: each run is
    tried once, from its start)."""
    return re.compile(
        r"(?<![\d.])\d{1,18}\.\d{1,18}(?:\.\d{1,18}){1,8}(?=[万亿%元个人])"
        r"|(?<![\d,])\d{1,18}(?:,\d{1,18}){1,8}(?=[万亿元个人])"
    )


def _looks_numeric(core: str) -> bool:
    if core[:1].isdigit():
        return True
    return sum(c in CN for c in core) >= 2 and core not in ("几", "数")
