"""Page furniture of extracted PDF text — page numbers and running heads and feet — and the
joins of a sentence that a page break cuts across them (pass 3 of :mod:`text.normalize`).

A *running head* (or foot) is a short line that stands at the edge of pages again and again:
the first line after a page break (after any page number) or the last one before it, the same
on at least :data:`MIN_RUNS` page edges and on :data:`MIN_SHARE` of them, digits aside in a
line of :data:`MIN_HEAD_WORDS` other characters (某市2024年政府工作报告, 国务院公报 2024年第5号
· 12; 附件1 and 附件2 are two headings). A page number (:func:`is_page_number`)
is a page marker (- 3 -, 第3页), or a bare 3 or 3/10 beside a form feed.

When the line before such furniture stops mid-sentence and the line after it goes on with
running text (not numbered, not a heading), the furniture is taken out with the line breaks
around it and kept, raw, in a ``page_break`` repair; a page number between the halves without
a form feed is taken out only when it says it is one (- 3 -) after a full line. A running head
that stays (a page ended with its sentence) is flagged as a ``running_head`` anomaly, which
:mod:`text.structure` marks as boilerplate: the text keeps it, nothing is deleted unseen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import numpy as np

from cityreports.records import Anomaly, Repair
from cityreports.text.lexicon import Patterns

__all__ = ["MIN_RUNS", "MIN_SHARE", "furniture_joins", "is_page_number"]

#: Page edges a line must stand at to be a running head or foot …
MIN_RUNS = 2
#: … and the share of all page breaks it must stand at (a chapter's head stands on the pages
#: of its chapter only).
MIN_SHARE = 0.15
#: The longest running head (characters).
MAX_HEAD = 60
#: Lines looked at on each side of a page break for its page number and running head.
EDGE_LINES = 3
#: Characters other than digits a line needs for its digits to be ignored when it is compared
#: with the heads of other pages (国务院公报 2024年第5号 · 12); a shorter one must repeat as it
#: is (附件1 and 附件2, 专栏2 and 专栏3 are headings, not one running head).
MIN_HEAD_WORDS = 6

_P = Patterns("text/normalize")
_DIGITS = re.compile(r"\d+")

Edit = tuple[int, int, int, str]


def is_page_number(line: str) -> bool:
    """A page number as extracted PDF text has it on a line of its own (- 3 -, 第3页, 3/10, 3)."""
    return _P.page_number.match(line) is not None


def _key(line: str) -> str:
    """What running heads of different pages share: the line without spaces, digits as # when
    the line has :data:`MIN_HEAD_WORDS` other characters."""
    compact = "".join(line.split())
    words = _DIGITS.sub("", compact)
    return _DIGITS.sub("#", compact) if len(words) >= MIN_HEAD_WORDS else compact


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line of ``text`` (end: the index of its line break)."""
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    ends = [*(s - 1 for s in starts[1:]), len(text)]
    return list(zip(starts, ends, strict=True))


def _after_feed(text: str, idx: np.ndarray, raw: str, start: int) -> bool:
    """Whether the raw text between the line before and the line at ``start`` has a form feed."""
    if start < 2 or start >= len(text):
        return False
    return "\f" in raw[int(idx[start - 2]) + 1 : int(idx[start])]


def _running(lines: list[str], breaks: list[int]) -> set[str]:
    """Keys of the lines that stand at enough page edges to be running heads or feet."""
    heads: Counter[str] = Counter()
    feet: Counter[str] = Counter()
    for b in breaks:
        after = next((i for i in range(b, min(len(lines), b + EDGE_LINES))
                      if not is_page_number(lines[i])), None)
        before = next((i for i in range(b - 1, max(-1, b - 1 - EDGE_LINES), -1)
                       if not is_page_number(lines[i])), None)
        for counter, i in ((heads, after), (feet, before)):
            if i is not None and 0 < len(lines[i].strip()) <= MAX_HEAD \
                    and not _P.clause_punct.search(lines[i]):
                counter[_key(lines[i])] += 1
    need = max(MIN_RUNS, MIN_SHARE * len(breaks))
    return {k for c in (heads, feet) for k, n in c.items() if n >= need}


def furniture_joins(
    text: str, idx: np.ndarray, raw: str, *, min_line: int, heading_like: Callable[[str], bool]
) -> tuple[list[Edit], list[Repair], list[Anomaly]]:
    """Edits and ``page_break`` repairs that take page furniture out from between the halves of
    a sentence, and ``running_head`` anomalies for the running heads left in place (see the
    module docstring). ``heading_like(line)``: the line after would start a new block."""
    if "\f" not in raw and not _P.page_number_line.search(text):
        return [], [], []
    spans = _lines(text)
    lines = [text[a:b] for a, b in spans]
    breaks = [i for i, (a, _) in enumerate(spans) if i and _after_feed(text, idx, raw, a)]
    running = _running(lines, breaks) if breaks else set()

    def furniture(i: int, feed: bool) -> bool:
        line = lines[i]
        if _P.page_number.match(line):
            return feed or _P.page_number.match(line)["marker"] is not None
        return bool(running) and _key(line) in running

    runs: list[tuple[int, int, bool]] = []  # (first line, last line, certain page break)
    for b in breaks:
        if runs and b <= runs[-1][1] + 1:
            continue  # inside the run of an earlier break (pages of furniture only)
        lo, hi = b, b - 1
        floor = runs[-1][1] + 1 if runs else 1
        while lo - 1 >= floor and lo > b - EDGE_LINES and furniture(lo - 1, True):
            lo -= 1
        while hi + 1 < len(lines) - 1 and furniture(hi + 1, True):
            hi += 1
        if lo <= hi:
            runs.append((lo, hi, True))
    taken = {i for lo, hi, _ in runs for i in range(lo, hi + 1)}
    for i in range(1, len(lines) - 1):
        if i not in taken and _P.page_number.match(lines[i]) and furniture(i, False):
            runs.append((i, i, False))  # - 3 - without a form feed
    edits: list[Edit] = []
    repairs: list[Repair] = []
    anomalies: list[Anomaly] = []
    for lo, hi, feed in sorted(set(runs)):
        j, k = spans[lo][0] - 1, spans[hi][1]  # the line breaks before and after the run
        prev, nxt = lines[lo - 1], lines[hi + 1]
        joins = (
            bool(prev) and bool(nxt) and (not edits or edits[-1][1] <= j)
            and _P.line_break.match(prev[-1] + "\n" + nxt[0]) is not None
            and (_P.han.match(prev[-1]) is not None or _P.han.match(nxt[0]) is not None)
            and not _P.numbered.match(nxt) and not heading_like(nxt)
            and (feed or len(prev) >= min_line)
        )
        if joins:
            rs, re_ = int(idx[j - 1]) + 1, int(idx[k + 1])
            edits.append((j, k + 1, -1, ""))
            repairs.append(Repair("page_break", rs, re_, raw[rs:re_], ""))
            continue
        for i in range(lo, hi + 1):
            a, b = spans[i]
            if a < b and not _P.page_number.match(lines[i]):
                rs, re_ = int(idx[a]), int(idx[b - 1]) + 1
                anomalies.append(Anomaly("running_head", rs, re_, raw[rs:re_],
                                         "a line repeated at the edges of pages"))
    return edits, repairs, anomalies
