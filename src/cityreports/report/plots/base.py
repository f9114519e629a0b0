"""What every plot shares: figure set-up, empty states, year ticks, legends."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from cityreports.errors import ParameterError
from cityreports.report.style import (
    FILLS,
    GREYS,
    HATCHES,
    LINESTYLES,
    MARKERS,
    _pretty,
    figure_size,
    label,
)

# --- figure functions ---------------------------------------------------------------------


def _new_figure(*, width: str, aspect: float, ncols: int = 1, nrows: int = 1):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(nrows, ncols, figsize=figure_size(width=width, aspect=aspect),
                             squeeze=False)
    return fig, axes


def empty_figure(note: str, *, width: str = "single", aspect: float = 0.62):
    """A figure of the usual size with nothing but ``note``, centred (an empty state).

    Figure functions return it when their table holds nothing to draw (see :func:`missing`),
    so a notebook still saves a figure, listed in MANIFEST.csv, that says what is missing.
    """
    fig, axes = _new_figure(width=width, aspect=aspect)
    ax = axes[0][0]
    ax.set_axis_off()
    ax.text(0.5, 0.5, note, transform=ax.transAxes, ha="center", va="center",
            multialignment="center", fontsize=8, color=GREYS[1])
    return fig


def _dated(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``table`` with a year (the column may be missing, nullable or float)."""
    if "year" not in table:
        return table.iloc[0:0]
    years = pd.to_numeric(table["year"], errors="coerce")
    return table[years.notna().to_numpy()]


def _total(table: pd.DataFrame, column: str) -> float:
    """Sum of a numeric column (0 when it is missing or empty)."""
    if column not in table or table.empty:
        return 0.0
    return float(pd.to_numeric(table[column], errors="coerce").fillna(0).sum())


def _corpus_missing(documents: pd.DataFrame) -> str | None:
    if documents.empty:
        return "no_documents"
    return None if len(_dated(documents)) else "no_dated"


def _themes_missing(themes_by_year: pd.DataFrame) -> str | None:
    table = _dated(themes_by_year)
    if table.empty:
        return "no_dated"
    if "n_chars" in table and _total(table, "n_chars") <= 0:
        return "no_text"
    return None if _total(table, "hits") > 0 else "no_theme_hits"


def _keyness_missing(keyness: pd.DataFrame) -> str | None:
    if "signed" not in keyness:
        return "no_keyness"
    signed = pd.to_numeric(keyness["signed"], errors="coerce")
    return None if (signed.notna() & (signed != 0)).any() else "no_keyness"


def _formulations_missing(summary: pd.DataFrame, timeline: pd.DataFrame) -> str | None:
    if _dated(timeline).empty:
        return "no_dated"
    if "n_chars" in timeline and _total(timeline, "n_chars") <= 0:
        return "no_text"
    seen = summary.dropna(subset=["first_year", "last_year"]) if {
        "first_year", "last_year"} <= set(summary.columns) else summary.iloc[0:0]
    if "total_hits" in seen:
        seen = seen[pd.to_numeric(seen["total_hits"], errors="coerce").fillna(0) > 0]
    return None if len(seen) else "no_formulations"


def _rhetoric_missing(features: pd.DataFrame, trends: pd.DataFrame | None = None) -> str | None:
    if features.empty:
        return "no_documents"
    dated = _dated(features)
    if dated.empty:
        return "no_dated"
    return None if _total(dated.drop_duplicates("doc_id"), "n_chars") > 0 else "no_text"


def _voices_missing(shares: pd.DataFrame) -> str | None:
    if shares.empty:
        return "no_documents"
    dated = _dated(shares)
    if dated.empty:
        return "no_dated"
    return None if _total(dated, "chars") > 0 else "no_text"


def _claims_missing(claims: pd.DataFrame, documents: pd.DataFrame,
                    checks: pd.DataFrame | None = None) -> str | None:
    if documents.empty:
        return "no_documents"
    if claims.empty:
        return "no_claims"
    dated = _dated(documents)
    if not claims["doc_id"].isin(dated["doc_id"]).any():
        return "no_dated" if dated.empty else "no_dated_claims"
    return None


def missing(figure, *tables: pd.DataFrame, lang: str = "en") -> str | None:
    """What a figure function cannot show for these tables, as a short note; None if nothing.

    ``figure`` is a figure function of this module (or its name) and ``tables`` are its
    positional arguments. The note is the one the function draws as its empty state (see
    :func:`empty_figure`), e.g. ``"No dated documents"`` / ``"没有标注年份的文档"``, so a
    notebook can print it instead of an interpretation::

        print(missing(theme_prevalence, by_year) or f"The most frequent theme is ...")
    """
    name = figure if isinstance(figure, str) else getattr(figure, "__name__", "")
    if name not in _MISSING:
        raise ParameterError("figure", f"not a figure function: {figure!r}")
    key = _MISSING[name](*tables)
    return label(key, lang=lang) if key else None


def _year_ticks(ax, years: Sequence[int]) -> None:
    years = sorted({int(y) for y in years})
    if not years:
        return
    step = max(1, math.ceil(len(range(years[0], years[-1] + 1)) / 8))
    ax.set_xticks(list(range(years[0], years[-1] + 1, step)))
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)



def _styled_lines(ax, table: pd.DataFrame, *, x: str, y: str, group: str,
                  low: str | None = None, high: str | None = None,
                  names: Mapping[str, str] | None = None,
                  order: Sequence[str] | None = None) -> None:
    """One line per ``group`` value (distinct grey, dash and marker), in ``order`` if given."""
    groups = dict(list(table.groupby(group, sort=True)))
    keys = [k for k in order if k in groups] if order is not None else list(groups)
    for i, key in enumerate(keys):
        sub = groups[key].sort_values(x)
        ax.plot(sub[x], sub[y], color=GREYS[i % len(GREYS)],
                linestyle=LINESTYLES[i % len(LINESTYLES)], marker=MARKERS[i % len(MARKERS)],
                label=(names or {}).get(key, _pretty(key)))
        if low and high:
            ax.fill_between(sub[x], sub[low], sub[high], color=GREYS[i % len(GREYS)],
                            alpha=0.12, linewidth=0)


def _legend_right(ax, title: str, **kwargs):
    """A legend outside the axes, to their right (constrained layout makes room for it)."""
    return ax.legend(title=title, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                     borderaxespad=0.0, alignment="left", **kwargs)


def _stacked_bars(ax, grid: pd.DataFrame, columns: Sequence[str],
                  names: Mapping[str, str], *, plain: Sequence[str] = ()) -> None:
    """Stacked bars per index value, one hatched fill per column (in ``columns`` order).

    Columns in ``plain`` are white without hatching (a remainder such as the narrator).
    """
    bottom = np.zeros(len(grid))
    styled = [c for c in columns if c not in plain]
    for column in columns:
        i = styled.index(column) if column in styled else None
        fill = FILLS[i % len(FILLS)] if i is not None else "#ffffff"
        hatch = HATCHES[i % len(HATCHES)] if i is not None else ""
        values = grid[column].to_numpy(dtype=float)
        ax.bar(grid.index, values, bottom=bottom, width=0.7, color=fill, edgecolor="black",
               linewidth=0.5, hatch=hatch, label=names.get(column, _pretty(column)))
        bottom = bottom + values


def _key_column(fig, cell, *, n_entries: int, longest: int, height: float):
    """Split a gridspec ``cell`` into a plot axes and, below it, an empty axes for its legend.

    Returns ``(ax, key_ax, ncol)``; the legend goes in ``key_ax`` (see :func:`_key_legend`),
    which is made tall enough for ``n_entries`` rows in ``ncol`` columns.
    """
    ncol = 2 if longest <= 16 and n_entries > 3 else 1
    key_height = 0.3 + 0.15 * (math.ceil(n_entries / ncol) + 1)
    sub = cell.subgridspec(2, 1, height_ratios=(max(height - key_height, 1.0), key_height))
    ax = fig.add_subplot(sub[0, 0])
    key = fig.add_subplot(sub[1, 0])
    key.set_axis_off()
    return ax, key, ncol


def _key_legend(ax, key_ax, title: str, *, ncol: int):
    """The legend of ``ax`` drawn in ``key_ax``, the empty axes below it."""
    handles, texts = ax.get_legend_handles_labels()
    if not handles:
        return None
    return key_ax.legend(handles, texts, title=title, loc="upper left", ncol=ncol,
                         borderaxespad=0.0, alignment="left")


#: Figure function name -> the check :func:`missing` runs on its tables.
_MISSING = {
    "corpus_overview": _corpus_missing,
    "theme_prevalence": _themes_missing,
    "keyness_bars": _keyness_missing,
    "formulation_timeline_figure": _formulations_missing,
    "rhetoric_trends": _rhetoric_missing,
    "voices_by_year": _voices_missing,
    "claims_overview": _claims_missing,
}


