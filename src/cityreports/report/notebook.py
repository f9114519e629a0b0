"""Notebook helpers: the selected corpus, where a notebook writes, inline figures and tables."""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from cityreports.csvfiles import csv_bytes, frame_rows
from cityreports.errors import ParameterError
from cityreports.records import Corpus
from cityreports.report.output import write_if_changed
from cityreports.report.saving import figure_bytes, record_value, save_figure
from cityreports.report.style import FORMATS, check_formats

#: Resolution of the figure shown in the notebook (the saved PNG has 300 dpi).
INLINE_DPI = 120
#: Width in CSS pixels of an inline figure per inch of figure width.
INLINE_PX_PER_INCH = 110
#: Rows of a table shown in a notebook (the CSV written has them all).
TABLE_ROWS = 10

# --- notebook helpers -----------------------------------------------------------------------


def select_corpus(
    corpus: Corpus,
    *,
    year_min: int | None = None,
    year_max: int | None = None,
    collapse_duplicates: bool = True,
) -> Corpus:
    """The documents of ``corpus`` in ``[year_min, year_max]``, one per duplicate group.

    With a year bound, undated documents are left out (they cannot be placed in the range).
    A duplicate group is represented by :func:`cityreports.records.representative_docs`
    (dated, then fullest, then smallest doc_id) — the rule every analysis uses.
    """
    if year_min is not None and year_max is not None and year_min > year_max:
        raise ParameterError("year_min", f"year range {year_min}..{year_max} is empty")
    selected = corpus.subset(years=(year_min, year_max))
    return selected.collapse_duplicates() if collapse_duplicates else selected


def with_kinds(documents: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """``documents`` with a ``kind`` column (``DocumentMeta.kind`` when the metadata has one).

    Works before and after the metadata gives a kind: a missing kind is ``""``. Figures facet
    by kind when a corpus has two or more kinds.
    """
    if "kind" in documents:
        return documents
    kinds = {doc.doc_id: str(getattr(doc.meta, "kind", "") or "") for doc in corpus}
    ids = documents["doc_id"] if "doc_id" in documents else pd.Series(dtype="object")
    return documents.assign(kind=ids.map(kinds).fillna("").astype(str))


def _in_notebook() -> bool:
    """True inside an IPython kernel or shell (where ``display`` shows something)."""
    try:
        from IPython import get_ipython  # optional: only inside a kernel
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return False
    return get_ipython() is not None


def show_figure(fig, *, close: bool = True) -> None:
    """Show ``fig`` in the notebook as a fixed PNG (same bytes on every run) and close it.

    The figure is drawn once at :data:`INLINE_DPI` and sized by its width in inches, so the
    notebook, its HTML report and JupyterLab show the figure the files hold.
    """
    import matplotlib.pyplot as plt

    if _in_notebook():
        from IPython.display import Image, display

        data = figure_bytes(fig, "png", metadata={"Software": None}, dpi=INLINE_DPI)
        width = int(round(fig.get_size_inches()[0] * INLINE_PX_PER_INCH))
        display(Image(data=data, format="png", width=width))
    if close:
        plt.close(fig)


def _plain_year(value: object) -> str:
    """A year cell as text: ``2021`` (not ``2,021`` or ``2021.0``), ``–`` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f"{value:.0f}"
    return str(value)


class TableView:
    """A table shown in a notebook: styled HTML (first rows, numbers formatted), plain text.

    The HTML has a fixed id (no random uuid), so a notebook's output is the same on every run
    and nbval can compare it.
    """

    def __init__(self, table: pd.DataFrame, *, rows: int = TABLE_ROWS, caption: str = "",
                 precision: int = 2) -> None:
        self.table = table
        self.rows = rows
        self.caption = caption
        self.precision = precision

    def _note(self) -> str:
        more = len(self.table) - self.rows
        return f" (first {self.rows} of {len(self.table)} rows)" if more > 0 else ""

    def _head(self) -> pd.DataFrame:
        head = self.table.head(self.rows)
        if head.index.name is None and not isinstance(head.index, pd.MultiIndex):
            head = head.reset_index(drop=True)  # row numbers of a filtered table say nothing
        return head

    def _repr_html_(self) -> str:
        head = self._head()
        digest = hashlib.sha1(
            f"{self.caption}|{list(head.columns)}|{len(self.table)}".encode()).hexdigest()[:8]
        years = [c for c in head.columns if "year" in str(c)]
        styler = head.style.set_uuid(f"cr{digest}").format(precision=self.precision,
                                                           thousands=",", na_rep="–")
        if years:  # years are not amounts: 2021, not 2,021
            styler = styler.format(_plain_year, subset=years)
        styler = styler.hide(axis="index") if isinstance(head.index, pd.RangeIndex) else styler
        styler = styler.set_caption(self.caption + self._note()) if (
            self.caption or self._note()) else styler
        styler = styler.set_table_styles([
            {"selector": "caption", "props": "caption-side: top; text-align: left; "
                                             "font-weight: bold; padding-bottom: 4px;"},
            {"selector": "th", "props": "text-align: left; border-bottom: 1px solid #999;"},
            {"selector": "td", "props": "padding: 1px 8px;"},
        ])
        return styler.to_html(cell_ids=False)

    def __repr__(self) -> str:
        text = self._head().to_string(index=not isinstance(self._head().index, pd.RangeIndex))
        title = self.caption + self._note()
        return f"{title}\n{text}" if title else text


def show_table(table: pd.DataFrame, *, rows: int = TABLE_ROWS, caption: str = "",
               precision: int = 2) -> TableView:
    """The first ``rows`` of ``table`` as a styled table for a notebook (last line of a cell)."""
    if isinstance(table, pd.Series):
        table = table.to_frame()
    return TableView(table, rows=rows, caption=caption, precision=precision)


class NotebookOutputs:
    """Where one notebook writes: figures (with MANIFEST rows), tables and values.json.

    ``source`` names the notebook; ``parameters`` are its parameters (machine paths are left
    out of provenance by :func:`provenance_parameters`).
    """

    def __init__(
        self,
        *,
        source: str,
        corpus_sha256: str,
        parameters: Mapping[str, object],
        build_dir: str | os.PathLike[str] = "build",
        figures_dir: str | os.PathLike[str] = "figures",
        formats: Sequence[str] = FORMATS,
    ) -> None:
        self.source = source
        self.corpus_sha256 = corpus_sha256
        self.parameters = dict(parameters)
        self.build_dir = Path(build_dir)
        self.figures_dir = Path(figures_dir)
        self.formats = check_formats(formats if isinstance(formats, str) else list(formats))

    def figure(self, fig, name: str, *, caption: str, show: bool = True) -> list[Path]:
        """Save ``fig`` as ``figures_dir/name.<format>`` (recorded in MANIFEST.csv), then show
        it inline in the notebook and close it (``show=False`` keeps it open, not shown)."""
        paths = save_figure(fig, name, figures_dir=self.figures_dir, formats=self.formats,
                            caption=caption, source=self.source,
                            corpus_sha256=self.corpus_sha256, parameters=self.parameters)
        if show:
            show_figure(fig)
        return paths

    def table(self, table: pd.DataFrame, name: str) -> Path:
        """Write ``table`` as ``build_dir/tables/name.csv`` (no index) with the one CSV encoder
        of every table (:func:`~cityreports.csvfiles.csv_bytes`: UTF-8, ``\\n``, formula
        starts and line breaks made safe)."""
        path = self.build_dir / "tables" / f"{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        header = csv_bytes([[str(c) for c in table.columns]])
        write_if_changed(path, header + csv_bytes(frame_rows(table)))
        return path

    def value(self, key: str, value: object) -> object:
        """Record a quotable number in ``build_dir/tables/values.json``; return it."""
        record_value(key, value, source=self.source, build_dir=self.build_dir)
        return value
