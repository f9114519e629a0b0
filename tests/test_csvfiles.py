"""The CSV encoder's column-at-a-time formula escaping writes what escaping cell by cell does."""

import csv
import io

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from cityreports.csvfiles import csv_bytes, frame_rows, safe_cell, write_csv

_CELLS = st.one_of(
    st.none(),
    st.integers(-5, 5),
    st.sampled_from([1.5, float("nan"), True, np.str_("=x"), np.int64(-3)]),
    st.text(alphabet="=+-@\t\r'a,\"\n\x0c\x00中", max_size=4),
)


def _plain(rows) -> bool:
    """No line break that :mod:`csv` leaves unquoted (the encoder writes those itself)."""
    return not any(isinstance(v, str) and ("\r" in v or "\x0c" in v) for r in rows for v in r)


def _cell_by_cell(rows) -> bytes:
    """The encoder as it was: every cell through safe_cell, then csv (no odd line breaks)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows([[safe_cell(v) for v in r] for r in rows])
    return buffer.getvalue().encode("utf-8", "backslashreplace")


@given(st.integers(0, 4).flatmap(lambda w: st.lists(st.tuples(*[_CELLS] * w), max_size=6)))
def test_rows_of_one_width_are_escaped_as_cell_by_cell(rows):
    if _plain(rows):
        assert csv_bytes(rows) == _cell_by_cell(rows)
    assert csv_bytes(rows) == csv_bytes(iter(rows))


@given(st.lists(st.lists(_CELLS, max_size=3), max_size=5))
def test_rows_of_several_widths_are_escaped_as_cell_by_cell(rows):
    if _plain(rows):
        assert csv_bytes(rows) == _cell_by_cell(rows)


def test_frame_rows_give_python_values_and_none_for_missing_values():
    table = pd.DataFrame({"a": [1, None], "b": ["=x", None],
                          "c": pd.array([None, 2], dtype="Int64")})  # fmt: skip
    assert [tuple(str(v) for v in r) for r in frame_rows(table)] == [
        ("1.0", "=x", "None"), ("None", "None", "2")]  # fmt: skip
    assert list(frame_rows(pd.DataFrame(index=range(2)))) == [(), ()]
    dates = pd.DataFrame(
        {"d": pd.to_datetime(["2020-01-02", None]), "t": pd.to_timedelta([1, None])}
    )
    assert [r[1:] for r in frame_rows(dates)] == [(pd.Timedelta(1),), (None,)]
    assert [r[0] for r in frame_rows(dates)][1] is None


def test_write_csv_escapes_formulas_in_text_columns(tmp_path):
    table = pd.DataFrame({"t": ["=1", "a", "-b"], "n": [-1, 2, 3]})
    text = write_csv(table, tmp_path / "t.csv").read_text(encoding="utf-8")
    assert text == "t,n\n'=1,-1\na,2\n'-b,3\n"
