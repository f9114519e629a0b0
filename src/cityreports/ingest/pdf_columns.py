"""Reading order of a PDF page set in two columns (newspapers, journals, bulletins).

pdfplumber reads a page line by line across its whole width, so on a page set in two columns
each line of text joins a line of the left column to the line of the right column beside it,
and every sentence is cut at the gutter. :func:`reading_regions` finds the gutter from the
characters' boxes and gives the page's parts in reading order: what runs across the page (a
headline, a title, a table), then, for every stretch set in columns, the left column before
the right one. The converter extracts each part with pdfplumber as before.

A line *crosses* the gutter when a character covers it or the line's letters go on over it
(a gap narrower than :data:`GUTTER_EMS` character widths); any other line is a *column* line
(text on both sides with a gutter between, or text on one side only). A page is in columns
where three or more column lines follow each other and each side holds running text: lines
of :data:`MIN_COLUMN_CHARS` characters or more, so a table of short cells with a wide gap
between them stays one region. The gutter lies in the middle :data:`GUTTER_ZONE` of the page.
Nothing is dropped: unless every character falls inside exactly one part, the page stays one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import median

__all__ = ["GUTTER_EMS", "GUTTER_ZONE", "MIN_COLUMN_CHARS", "reading_regions"]

#: The narrowest gutter, in median character widths (a full-width space inside a line is one).
GUTTER_EMS = 1.8
#: Where a gutter may lie, as fractions of the page width.
GUTTER_ZONE = (0.3, 0.7)
#: Characters a side of a column line has in the median, for the stretch to read as text.
MIN_COLUMN_CHARS = 8
#: Column lines in a row that make a stretch in columns.
MIN_COLUMN_LINES = 3
#: Line pitches of blank space that end a stretch of lines (a signature below the columns).
MAX_LINE_GAP = 2.5

Box = tuple[float, float, float, float]  # x0, x1, top, bottom
Region = tuple[float, float, float, float]  # x0, top, x1, bottom (pdfplumber's bbox)


def _boxes(chars: Sequence[Mapping[str, object]]) -> list[Box]:
    return [
        (float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]))  # type: ignore[arg-type]
        for c in chars
        if str(c.get("text", "")).strip()
    ]


def _lines(boxes: list[Box]) -> list[list[Box]]:
    """Characters grouped into lines (tops within half a character height), top to bottom,
    each line left to right."""
    tolerance = 0.5 * median(b[3] - b[2] for b in boxes)
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b[2], b[0])):
        if lines and abs(box[2] - lines[-1][0][2]) <= tolerance:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line) for line in lines]


def _gaps(line: list[Box], narrowest: float) -> list[tuple[float, float]]:
    """The gaps of ``narrowest`` width or more between the characters of a line."""
    gaps, right = [], line[0][1]
    for x0, x1, _, _ in line[1:]:
        if x0 - right >= narrowest:
            gaps.append((right, x0))
        right = max(right, x1)
    return gaps


def _gutter(lines: list[list[Box]], lo: float, hi: float, narrowest: float) -> float | None:
    """The x between ``lo`` and ``hi`` that the most lines have a gap over (the middle of the
    stretch of most, the one nearest the middle of ``lo``..``hi`` on a tie); None if no line
    has a gap there. A sweep over the gaps' ends: linear after sorting, whatever the page."""
    events = sorted(
        (x, step)
        for line in lines
        for a, b in _gaps(line, narrowest)
        if b > lo and a < hi
        for x, step in ((max(a, lo), 1), (min(b, hi), -1))
    )
    best: tuple[int, float] | None = None
    middle, depth = (lo + hi) / 2, 0
    for (x, step), (nxt, _) in zip(events, events[1:], strict=False):
        depth += step
        if depth > 0 and nxt > x:
            here = (x + nxt) / 2
            if best is None or (depth, -abs(here - middle)) > (best[0], -abs(best[1] - middle)):
                best = (depth, here)
    return None if best is None else best[1]


def _is_column_line(line: list[Box], x: float, narrowest: float) -> bool:
    if any(x0 < x < x1 for x0, x1, _, _ in line):
        return False
    left = [b for b in line if b[1] <= x]
    right = [b for b in line if b[0] >= x]
    return not left or not right or right[0][0] - max(b[1] for b in left) >= narrowest


def _bands(lines: list[list[Box]], x: float, narrowest: float) -> list[tuple[bool, list]]:
    """Runs of lines that cross the gutter or not, ``(in columns, lines)``, top to bottom (a
    blank stretch of more than :data:`MAX_LINE_GAP` line pitches ends a run too); a run of
    fewer than :data:`MIN_COLUMN_LINES` column lines, or one whose sides do not both hold
    running text, counts as crossing."""
    tops = [line[0][2] for line in lines]
    pitch = median(b - a for a, b in zip(tops, tops[1:], strict=False)) if len(tops) > 1 else 0
    runs: list[tuple[bool, list]] = []
    for i, line in enumerate(lines):
        column = _is_column_line(line, x, narrowest)
        apart = i > 0 and tops[i] - tops[i - 1] > MAX_LINE_GAP * pitch
        if runs and runs[-1][0] == column and not apart:
            runs[-1][1].append(line)
        else:
            runs.append((column, [line]))
    merged: list[tuple[bool, list]] = []
    for column, run in runs:
        column = column and len(run) >= MIN_COLUMN_LINES and _running_text(run, x)
        if merged and not column and not merged[-1][0]:  # one region across the page
            merged[-1][1].extend(run)
        else:
            merged.append((column, list(run)))
    return merged


def _running_text(run: list[list[Box]], x: float) -> bool:
    """Both sides of a run of column lines hold lines of running text (not table cells)."""
    left = [n for line in run if (n := sum(b[1] <= x for b in line))]
    right = [n for line in run if (n := sum(b[0] >= x for b in line))]
    return (len(left) >= MIN_COLUMN_LINES and len(right) >= MIN_COLUMN_LINES
            and median(left) >= MIN_COLUMN_CHARS and median(right) >= MIN_COLUMN_CHARS)


def reading_regions(
    chars: Sequence[Mapping[str, object]], *, bbox: Region
) -> list[Region] | None:
    """The parts of a page in reading order (bounding boxes inside the page's ``bbox``, as
    pdfplumber's ``within_bbox`` takes them) when some of it is set in two columns, else None:
    the page reads as one (see the module docstring)."""
    boxes = _boxes(chars)
    if len(boxes) < 2 * MIN_COLUMN_LINES * MIN_COLUMN_CHARS:
        return None
    left, top, right, bottom = bbox
    narrowest = GUTTER_EMS * median(b[1] - b[0] for b in boxes)
    lines = _lines(boxes)
    width = right - left
    x = _gutter(lines, left + GUTTER_ZONE[0] * width, left + GUTTER_ZONE[1] * width, narrowest)
    if x is None:
        return None
    bands = _bands(lines, x, narrowest)
    if not any(column for column, _ in bands):
        return None
    regions: list[Region] = []
    for i, (column, run) in enumerate(bands):
        end = bottom if i == len(bands) - 1 else (
            max(b[3] for line in run for b in line) + min(b[2] for b in bands[i + 1][1][0])
        ) / 2
        regions += [(left, top, x, end), (x, top, right, end)] if column else [
            (left, top, right, end)]
        top = end
    inside = sum(
        sum(r[0] <= b[0] and b[1] <= r[2] and r[1] <= b[2] and b[3] <= r[3] for r in regions) == 1
        for b in boxes
    )
    return regions if inside == len(boxes) else None
