"""What every plot shares: empty states, year axes, series with gaps, n per year, legends.

Readability rules every figure follows (tests check them on real and synthetic corpora):

* year ticks are chosen at draw time for the axis' length (1 to 50+ years never collide);
* a series is drawn as points; a line (and an interval band) joins only neighbouring calendar
  years that both have two or more documents, so no line or band runs across a gap or through
  a year that rests on one document (such years get a hollow marker); the documents per year
  are shown in a strip under the series;
* legends go outside the plotting areas, in rows that fit the figure's width;
* heatmaps are coloured per row (share of the row's highest value) with the row's highest value
  printed beside it, so one extreme cell does not wash out every other row.

Every series artist carries ``cr_n_by_year`` (``{year: documents}``) and every year axes
``cr_year_axis = True``, so a check can tell series from reference lines.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from cityreports.errors import ParameterError
from cityreports.report.style import (
    GREYS,
    HEATMAP_CMAP,
    LINESTYLES,
    MARKERS,
    OTHER_FILL,
    OTHER_HATCH,
    _pretty,
    figure_size,
    label,
    palette,
)

#: A year needs this many documents for a line or interval band to touch it.
MIN_DOCS_FOR_LINE = 2
#: Hatches of the remainder categories of stacked bars (white fill, grey lines).
PLAIN_HATCHES = (OTHER_HATCH, "....", "xxxx")
#: Most kinds of document drawn as their own series or panels (the rest: "other kinds").
MAX_KINDS = 6

# --- figures and empty states ---------------------------------------------------------------


def _new_figure(*, width: str, aspect: float, ncols: int = 1, nrows: int = 1):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(nrows, ncols, figsize=figure_size(width=width, aspect=aspect),
                             squeeze=False)
    return fig, axes


def _sized_figure(width: float, height: float):
    import matplotlib.pyplot as plt

    return plt.figure(figsize=(width, round(height, 3)))


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


def _with_int_years(table: pd.DataFrame) -> pd.DataFrame:
    """The dated rows of ``table`` with ``year`` as plain ``int`` (a copy)."""
    dated = _dated(table).copy()
    dated["year"] = pd.to_numeric(dated["year"], errors="coerce").astype(int)
    return dated


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
    if not claims["doc_id"].astype(str).isin(dated["doc_id"].astype(str)).any():
        return "no_dated" if dated.empty else "no_dated_claims"
    return None


def _promises_missing(table: pd.DataFrame) -> str | None:
    if table is None or table.empty or "year" not in table:
        return "no_promises"
    return None if pd.to_numeric(table["year"], errors="coerce").notna().any() else "no_promises"


def missing(figure, *tables: pd.DataFrame, lang: str = "en") -> str | None:
    """What a figure function cannot show for these tables, as a short note; None if nothing.

    ``figure`` is a figure function of this module (or its name) and ``tables`` are its
    positional arguments. The note is the one the function draws as its empty state (see
    :func:`empty_figure`), e.g. ``"No dated documents"`` / ``"没有标注年份的文档"``.
    """
    name = figure if isinstance(figure, str) else getattr(figure, "__name__", "")
    if name not in _MISSING:
        raise ParameterError("figure", f"not a figure function: {figure!r}")
    key = _MISSING[name](*tables)
    return label(key, lang=lang) if key else None


# --- documents per year and kinds -----------------------------------------------------------


def docs_per_year(table: pd.DataFrame, *, n_column: str = "n_docs") -> dict[int, int]:
    """``{year: documents}`` of a table: its ``n_docs`` column, else distinct ``doc_id``s."""
    dated = _with_int_years(table)
    if dated.empty:
        return {}
    if n_column in dated:
        counts = pd.to_numeric(dated[n_column], errors="coerce").fillna(0)
        series = counts.groupby(dated["year"]).max()
    elif "doc_id" in dated:
        series = dated.groupby("year")["doc_id"].nunique()
    else:
        series = dated.groupby("year").size().clip(upper=1)
    return {int(y): int(n) for y, n in series.sort_index().items()}


def document_kinds(documents: pd.DataFrame | None) -> pd.Series:
    """``doc_id -> kind`` from a documents table (empty when it has no ``kind`` column)."""
    if documents is None or "kind" not in documents or "doc_id" not in documents:
        return pd.Series(dtype="object")
    kinds = documents["kind"].astype("string").fillna("").str.strip()
    return pd.Series(kinds.to_numpy(dtype=object),
                     index=documents["doc_id"].astype(str).to_numpy())


def shown_kinds(kinds: pd.Series) -> list[str]:
    """The kinds worth a facet: at least two distinct non-empty kinds, most frequent first."""
    counts = kinds[kinds != ""].value_counts()
    if len(counts) < 2:
        return []
    ordered = sorted(counts.index, key=lambda k: (-int(counts[k]), k))
    return ordered[:MAX_KINDS]


def kind_name(kind: str, *, lang: str) -> str:
    """Display name of a document kind (a known label or the id with spaces)."""
    if kind == "other_kinds":
        return label("other_kinds", lang=lang)
    shown = label(kind, lang=lang)
    return shown if shown != kind else _pretty(kind)


def _kind_column(table: pd.DataFrame, kinds: pd.Series, chosen: Sequence[str]) -> pd.Series:
    """Each row's kind among ``chosen`` (others: ``other_kinds``)."""
    mapped = table["doc_id"].astype(str).map(kinds).fillna("")
    return mapped.where(mapped.isin(list(chosen)), "other_kinds")


# --- axes -----------------------------------------------------------------------------------


def year_axis(ax, years: Sequence[int], *, axis: str = "x") -> None:
    """Limits around ``years`` and integer year ticks chosen at draw time for the axis length.

    The locator asks the axis how many labels fit (``nbins='auto'``), so 1 or 50 years never
    collide; steps are 1, 2, 5 or 10 years.
    """
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    years = sorted({int(y) for y in years})
    if not years:
        return
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(nbins="auto", integer=True, steps=[1, 2, 5, 10]))
    target.set_major_formatter(StrMethodFormatter("{x:.0f}"))
    limits = (years[0] - 0.6, years[-1] + 0.6)
    if axis == "x":
        ax.set_xlim(*limits)
    else:
        ax.set_ylim(*limits)
    ax.cr_year_axis = True


def few_ticks(ax, *, axis: str = "y", nbins: int = 3) -> None:
    """At most ``nbins`` integer-friendly ticks (small panels)."""
    from matplotlib.ticker import MaxNLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(nbins=nbins, min_n_ticks=2))


def n_strip(ax, n_by_year: Mapping[int, int], *, lang: str) -> None:
    """Documents per year as thin bars (the n every series above rests on)."""
    from matplotlib.ticker import MaxNLocator

    years = sorted(n_by_year)
    counts = [n_by_year[y] for y in years]
    colours = [GREYS[2] if n < MIN_DOCS_FOR_LINE else GREYS[3] for n in counts]
    ax.bar(years, counts, width=0.8, color=colours, linewidth=0)
    ax.set_ylabel("n", rotation=0, ha="right", va="center")
    ax.yaxis.set_major_locator(MaxNLocator(nbins=2, integer=True, min_n_ticks=1))
    ax.set_ylim(0, max(counts, default=1) * 1.05 or 1)
    ax.spines["left"].set_visible(True)
    year_axis(ax, years)


def panel_column(fig, cell, n_panels: int):
    """``n_panels`` stacked axes sharing x in ``cell``, and a strip for the documents per year."""
    ratios = [1.0] * n_panels + [0.5]
    sub = cell.subgridspec(n_panels + 1, 1, height_ratios=ratios, hspace=0.08)
    strip = fig.add_subplot(sub[n_panels, 0])
    panels = [fig.add_subplot(sub[i, 0], sharex=strip) for i in range(n_panels)]
    for ax in panels:
        ax.tick_params(axis="x", labelbottom=False)
    return panels, strip


def _runs(years: Sequence[int]) -> list[list[int]]:
    """Maximal runs of consecutive calendar years."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def draw_series(ax, values: Mapping[int, float], n_by_year: Mapping[int, int], *,
                color: str, marker: str = "o", linestyle="-",
                low: Mapping[int, float] | None = None, high: Mapping[int, float] | None = None,
                label_text: str | None = None):
    """One series: a marker per year, lines and bands only over well-supported runs.

    ``values``, ``low`` and ``high`` map years to numbers; ``n_by_year`` gives the documents
    behind each year. Years with fewer than :data:`MIN_DOCS_FOR_LINE` documents get a hollow
    marker and no interval; a line (and band) joins neighbouring years that both have enough
    documents. Returns a legend handle (line and marker).
    """
    from matplotlib.lines import Line2D

    n_of = {int(y): int(n_by_year.get(y, 0)) for y in values}
    size = 3.2 if len(n_of) <= 20 else 2.0  # dense years: small marks, the line stays visible
    years = sorted(y for y, v in values.items() if v is not None and np.isfinite(v))
    solid = [y for y in years if n_of[y] >= MIN_DOCS_FOR_LINE]
    thin = [y for y in years if n_of[y] < MIN_DOCS_FOR_LINE]
    artists = []
    for run in _runs(solid):
        if len(run) > 1:
            (line,) = ax.plot(run, [values[y] for y in run], color=color, linestyle=linestyle,
                              linewidth=1.0, marker="none")
            artists.append(line)
            if low is not None and high is not None:
                lows = [low.get(y, np.nan) for y in run]
                highs = [high.get(y, np.nan) for y in run]
                if np.all(np.isfinite(lows)) and np.all(np.isfinite(highs)):
                    band = ax.fill_between(run, lows, highs, color=color, alpha=0.18,
                                           linewidth=0)
                    artists.append(band)
        elif low is not None and high is not None:
            y = run[0]
            lo, hi = low.get(y, np.nan), high.get(y, np.nan)
            if np.isfinite(lo) and np.isfinite(hi):
                artists.append(ax.vlines(y, lo, hi, color=color, linewidth=0.8))
    if solid:
        (points,) = ax.plot(solid, [values[y] for y in solid], linestyle="none", marker=marker,
                            color=color, markersize=size, clip_on=False)
        artists.append(points)
    if thin:
        (hollow,) = ax.plot(thin, [values[y] for y in thin], linestyle="none", marker=marker,
                            markerfacecolor="white", markeredgecolor=color, markersize=size,
                            markeredgewidth=0.8, clip_on=False)
        artists.append(hollow)
    for artist in artists:
        artist.cr_n_by_year = dict(n_of)
    ax.cr_year_axis = True
    return Line2D([], [], color=color, linestyle=linestyle, marker=marker, markersize=3.2,
                  linewidth=1.0, label=label_text or "")


def support_handles(*, lang: str) -> list:
    """Legend entries explaining filled and hollow markers and the n strip."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    return [
        Patch(color=GREYS[3], label=label("n_legend", lang=lang)),
        Line2D([], [], color=GREYS[3], marker="o", linestyle="-", markersize=3.2,
               label=label("two_docs_year", lang=lang)),
        Line2D([], [], color=GREYS[3], marker="o", linestyle="none", markersize=3.2,
               markerfacecolor="white", label=label("one_doc_year", lang=lang)),
    ]


def series_styles(n: int) -> list[tuple[str, str, object]]:
    """``(colour, marker, linestyle)`` for ``n`` series: viridis, with distinct marks."""
    colours = palette(n)
    return [(colours[i], MARKERS[i % len(MARKERS)], LINESTYLES[i % len(LINESTYLES)])
            for i in range(n)]


def shorten(text: str, *, limit: int = 30) -> str:
    """``text`` cut to about ``limit`` display columns (CJK characters count two), with …."""
    width, out = 0, []
    for char in str(text):
        width += 2 if ord(char) > 0x2E80 else 1
        if width > limit:
            return "".join(out).rstrip() + "…"
        out.append(char)
    return "".join(out)


def _display_width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in str(text))


def legend_below(fig, handles: Sequence, labels: Sequence[str], *, title: str = "",
                 width: float | None = None):
    """A figure legend under the axes, in as many columns as fit the figure's width.

    Uses constrained layout's ``outside lower center`` placement, so the layout makes room for
    it; columns are estimated from the longest label (7 pt text, about 0.055 in per column of
    text plus the handle).
    """
    if not handles:
        return None
    width = width or fig.get_size_inches()[0]
    longest = max((_display_width(t) for t in labels), default=1)
    entry = 0.5 + 0.055 * longest
    ncols = max(1, min(len(handles), int((width - 0.2) // entry)))
    return fig.legend(handles, labels, title=title or None, loc="outside lower center",
                      ncols=ncols, alignment="left", handlelength=1.8, columnspacing=1.2,
                      title_fontsize=7)


def legend_in(key_ax, handles: Sequence, labels: Sequence[str], *, title: str = "",
              width: float):
    """A legend filling ``key_ax`` (an empty axes under a panel), in columns that fit ``width``
    inches."""
    key_ax.set_axis_off()
    if not handles:
        return None
    longest = max((_display_width(t) for t in labels), default=1)
    ncols = max(1, min(len(handles), int((width - 0.1) // (0.5 + 0.055 * longest))))
    return key_ax.legend(handles, labels, title=title or None, loc="upper left", ncols=ncols,
                         borderaxespad=0.0, alignment="left", handlelength=1.8,
                         columnspacing=1.0, title_fontsize=7)


def key_height(n_entries: int, *, ncols: int) -> float:
    """Inches a legend of ``n_entries`` in ``ncols`` columns (with a title) needs."""
    return round(0.28 + 0.16 * ceil_div(n_entries, max(ncols, 1)), 3)


def legend_right(ax, title: str, **kwargs):
    """A legend outside the axes, to their right (constrained layout makes room for it)."""
    return ax.legend(title=title, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                     borderaxespad=0.0, alignment="left", **kwargs)


def stacked_bars(ax, grid: pd.DataFrame, columns: Sequence[str], names: Mapping[str, str], *,
                 plain: Sequence[str] = (), width: float = 0.8) -> list:
    """Stacked bars per index value (a year), one palette colour per column in order.

    Columns in ``plain`` are white with grey hatching (remainders such as ``other`` or
    ``no unit``, each its own hatch), unlike any colour of the palette. Returns one legend
    handle per column, top of the stack first (also for columns with no bar in this axes).
    """
    from matplotlib.patches import Patch

    bottom = np.zeros(len(grid))
    coloured = [c for c in columns if c not in plain]
    colours = dict(zip(coloured, palette(len(coloured)), strict=True))
    hatches = {c: PLAIN_HATCHES[i % len(PLAIN_HATCHES)] for i, c in enumerate(plain)}
    handles = []
    for column in columns:
        values = (grid[column].to_numpy(dtype=float) if column in grid
                  else np.zeros(len(grid)))
        shown = values > 0
        if column in colours:
            style = {"facecolor": colours[column], "edgecolor": "white", "linewidth": 0.3}
        else:
            style = {"facecolor": OTHER_FILL, "edgecolor": GREYS[2], "linewidth": 0.4,
                     "hatch": hatches[column]}
        text = names.get(column, _pretty(column))
        if shown.any():
            ax.bar(np.asarray(grid.index)[shown], values[shown], bottom=bottom[shown],
                   width=width, **style)
        handles.append(Patch(label=text, **style))
        bottom = bottom + values
    return handles[::-1]


def row_heatmap(ax, grid: pd.DataFrame, years: Sequence[int], *, row_names: Sequence[str],
                lang: str, peak_format: str = "{:.0f}"):
    """Rows of ``grid`` (index: rows, columns: years) coloured per row on calendar years.

    Each cell is its value divided by the row's highest value; years without documents are
    hatched (not zero). The row's highest value is printed on the right axis. Returns the image
    (for a colour bar).
    """
    from matplotlib.patches import Rectangle

    present = sorted({int(y) for y in years})
    span = list(range(present[0], present[-1] + 1))
    full = grid.reindex(columns=present, fill_value=0.0).reindex(columns=span)
    values = full.to_numpy(dtype=float)
    peaks = np.nanmax(np.where(np.isfinite(values), values, -np.inf), axis=1)
    peaks = np.where(np.isfinite(peaks), peaks, 0.0)
    scaled = values / np.where(peaks > 0, peaks, 1.0)[:, None]
    import matplotlib as mpl

    cmap = mpl.colormaps[HEATMAP_CMAP].with_extremes(bad=(0, 0, 0, 0))
    rows = len(full.index)
    ax.add_patch(Rectangle((span[0] - 0.5, -0.5), len(span), rows, facecolor="white",
                           edgecolor=GREYS[5], hatch="////", linewidth=0, zorder=0))
    image = ax.imshow(np.ma.masked_invalid(scaled), aspect="auto", cmap=cmap,
                      interpolation="nearest", vmin=0, vmax=1, zorder=1,
                      extent=(span[0] - 0.5, span[-1] + 0.5, rows - 0.5, -0.5))
    ax.set_yticks(range(rows), list(row_names))
    ax.tick_params(axis="y", length=0)
    year_axis(ax, span)
    ax.set_xlim(span[0] - 0.5, span[-1] + 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    right = ax.secondary_yaxis("right")
    right.set_yticks(range(rows), [peak_format.format(p) for p in peaks])
    right.tick_params(axis="y", length=0, labelsize=6)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return image


def heatmap_height(rows: int, *, base: float = 1.2, per_row: float = 0.16) -> float:
    """Height in inches that gives every heatmap row room for a 7 pt label."""
    return round(base + per_row * max(rows, 1), 3)


def ceil_div(a: int, b: int) -> int:
    return int(math.ceil(a / b)) if b else 0


#: Figure function name -> the check :func:`missing` runs on its tables.
_MISSING = {
    "corpus_overview": _corpus_missing,
    "theme_prevalence": _themes_missing,
    "keyness_bars": _keyness_missing,
    "formulation_timeline_figure": _formulations_missing,
    "rhetoric_trends": _rhetoric_missing,
    "voices_by_year": _voices_missing,
    "claims_overview": _claims_missing,
    "target_outcome_figure": _promises_missing,
}
