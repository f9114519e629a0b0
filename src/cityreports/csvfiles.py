"""The one CSV encoder of every table the package writes (:func:`csv_bytes`), and
:func:`write_csv` for DataFrames: UTF-8, ``\\n`` line ends, every line break quoted, text a
spreadsheet would read as a formula escaped (:func:`safe_cell`; :func:`unescape_cell` undoes
it). Deterministic: the same rows give the same bytes.

It is in the bottom layer so that every stage writes CSV the same way (the analyses' exports,
such as the document-feature matrix, as well as the report's tables).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pandas as pd

__all__ = ["FORMULA_STARTS", "LINE_BREAKS", "TEXT_ERRORS", "csv_bytes", "frame_rows",
           "safe_cell", "unescape_cell", "write_csv", "write_file"]


#: How a character UTF-8 cannot hold is written (a file name that is not UTF-8 holds lone
#: surrogates): as its ``\\udcxx`` escape, so that every file stays valid UTF-8.
TEXT_ERRORS = "backslashreplace"

#: A text cell starting with one of these gets a ``'`` in front (see :func:`safe_cell`).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")

#: The characters a reader may end a line at: LF, CR, and the other line boundaries of
#: :meth:`str.splitlines` (VT, FF -- a PDF page break --, FS, GS, RS, NEL, LS, PS).
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

#: Characters that make a CSV field quoted: a comma, a quote and every line break.
_QUOTED = re.compile(f'[,"{LINE_BREAKS}]')
#: Line breaks :mod:`csv` does not quote (it quotes only ``\n``, and ``\r`` when it ends
#: lines with it): a text holding one is written by :func:`_field` instead (looked for one
#: at a time with ``in``, which scans a long text faster than a character class).
_UNQUOTED_BY_CSV = LINE_BREAKS[1:]


def safe_cell(value: object) -> object:
    """``value``, with ``'`` in front when it is text a spreadsheet would read as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a CR (and, so that the rule can be
    undone, with ``'``) gets one ``'`` in front; numbers and every other text are unchanged.
    To get the text back, drop one leading ``'`` from a text cell that starts with one.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _field(value: object, *, alone: bool) -> str:
    """One CSV field as :mod:`csv` writes it, except that every line break is quoted."""
    text = "" if value is None else str(value)
    if not text:
        return '""' if alone else ""
    if _QUOTED.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


#: Where a text cell of a column joined with NUL separators (and one in front) may start
#: with a :data:`FORMULA_STARTS` character (a NUL inside a text only adds a false alarm).
_FORMULA_CELL = re.compile("\x00[" + re.escape("".join(FORMULA_STARTS)) + "]")


def _formula_cells(column: Sequence[object]) -> list[int]:
    """Indices of the cells of ``column`` that :func:`safe_cell` changes. A column without
    text is skipped, and one of plain text (with or without None) is searched at once: only
    when some cell may start like a formula are its cells looked at one by one."""
    kinds = set(map(type, column))
    if not any(issubclass(k, str) for k in kinds):
        return []
    joined = None
    if kinds == {str}:
        joined = "\x00" + "\x00".join(column)  # type: ignore[arg-type]
    elif kinds == {str, type(None)}:
        joined = "\x00" + "\x00".join(map(str, column))  # "None" starts like no formula
    if joined is not None and not _FORMULA_CELL.search(joined):
        return []
    return [i for i, v in enumerate(column) if isinstance(v, str) and v.startswith(FORMULA_STARTS)]


def _escaped(rows: list, columns: Iterable[Sequence[object]]) -> list:
    """``rows`` with every cell through :func:`safe_cell`, given their ``columns``: the rows
    themselves when no cell changes, else a copy with the rows that change replaced."""
    changes = [(i, j) for j, column in enumerate(columns) for i in _formula_cells(column)]
    if not changes:
        return rows
    rows = list(rows)
    for i, j in changes:
        row = list(rows[i])
        row[j] = safe_cell(row[j])
        rows[i] = row
    return rows


def _safe_rows(rows: list) -> list:
    """``rows`` with every cell through :func:`safe_cell`, looked at a column at a time when
    the rows are of one width."""
    if len(set(map(len, rows))) > 1:
        return [[safe_cell(v) for v in row] for row in rows]
    return _escaped(rows, zip(*rows, strict=True))


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """``rows`` as UTF-8 CSV with ``\\n`` line ends: the one encoder of every table.

    A missing value (None) is an empty cell; other values are written as ``str(value)``,
    text through :func:`safe_cell`. A field with a comma, a quote or a line break of
    :data:`LINE_BREAKS` (LF, CR, a form feed from a PDF page break, ...) is quoted, so a
    reader that splits lines at any of them (``str.splitlines(keepends=True)``) still sees one
    record per row; :mod:`csv` quotes only LF (and CR when it ends lines with CR), so rows
    holding another break are written here.
    """
    return _encoded(_safe_rows(rows if isinstance(rows, list) else list(rows)))


def _encoded(safe: Sequence[Sequence[object]]) -> bytes:
    """Rows whose cells went through :func:`safe_cell` as :func:`csv_bytes` writes them."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(safe)
    text = buffer.getvalue()
    if any(c in text for c in _UNQUOTED_BY_CSV):
        text = "".join(
            ",".join(_field(v, alone=len(row) == 1) for v in row) + "\n" for row in safe
        )
    return text.encode("utf-8", TEXT_ERRORS)


def _frame_columns(table: pd.DataFrame) -> list[list]:
    """The columns of ``table`` as lists of Python values, None where a value is missing."""
    columns = []
    for _, series in table.items():
        if series.dtype.kind not in "mM":  # dates and durations keep NaT as their na_value
            columns.append(series.to_numpy(dtype=object, na_value=None).tolist())
            continue
        values = series.astype(object).tolist()
        missing = series.isna().tolist()
        columns.append([None if m else v for v, m in zip(values, missing, strict=True)])
    return columns


def frame_rows(table: pd.DataFrame) -> Iterator[tuple]:
    """The rows of ``table`` as Python values, None where a value is missing (NaN, NA)."""
    if not len(table.columns):
        return iter([()] * len(table))
    return zip(*_frame_columns(table), strict=True)


def write_file(path: Path, parts: Iterable[bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        fh.writelines(parts)
    return path


def write_csv(table: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a table as UTF-8 CSV with ``\\n`` line ends (byte-identical across runs)."""
    header = csv_bytes([[str(c) for c in table.columns]])
    if len(table.columns):
        columns = _frame_columns(table)
        body = _encoded(_escaped(list(zip(*columns, strict=True)), columns))
    else:
        body = csv_bytes(frame_rows(table))
    return write_file(Path(path), [header, body])


def unescape_cell(value: object) -> object:
    """The text :func:`safe_cell` was given: one leading ``'`` dropped from a text cell."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value
