"""The claims figures: claims by unit and qualifier per year; targets against outcomes."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from cityreports.errors import ParameterError
from cityreports.quant.checks import flag_rows
from cityreports.report.plots.base import (
    _claims_missing,
    _promises_missing,
    _with_int_years,
    docs_per_year,
    empty_figure,
    few_ticks,
    key_height,
    legend_in,
    n_strip,
    shorten,
    stacked_bars,
    year_axis,
)
from cityreports.report.style import (
    CLAIM_SCALES,
    DOUBLE_COLUMN,
    GREYS,
    LABELS,
    check_lang,
    label,
    palette,
)

QUALIFIER_ORDER = ("exact", "approx", "nearly", "more_than", "approx_more_than", "less_than",
                   "range", "vague_range", "contradictory")
#: Qualifiers drawn together (nine hatches cannot be told apart; five colours can).
QUALIFIER_GROUPS = {
    "exact": "exact_group",
    "approx": "approx_group", "nearly": "approx_group",
    "more_than": "bound_group", "approx_more_than": "bound_group", "less_than": "bound_group",
    "range": "range_group", "vague_range": "range_group",
    "contradictory": "contradictory",
}
GROUP_ORDER = ("exact_group", "approx_group", "bound_group", "range_group", "contradictory")
NO_UNIT = "no_unit"
OTHER_UNITS = "other_units"


def _strip_handle(key: str, *, lang: str):
    from matplotlib.patches import Patch

    return Patch(color=GREYS[3], label=label(key, lang=lang))


def _name(key: str, *, lang: str) -> str:
    return label(key, lang=lang) if key in LABELS else shorten(str(key), limit=12)


def claims_overview(claims: pd.DataFrame, documents: pd.DataFrame, checks: pd.DataFrame, *,
                    lang: str = "en", top_units: int = 5, scale: str = "count"):
    """Claims per year by unit (a) and by kind of qualifier (b), with the checks flagged.

    Takes :func:`cityreports.quant.claims.claims_table` (``doc_id``, ``unit``, ``qualifier``), the
    documents table (``doc_id``, ``year``) and :func:`cityreports.quant.checks.run_checks`
    (``doc_id``, ``status``; the rows of :func:`~cityreports.quant.checks.flag_rows` are flags:
    inconsistent or flagged, never a target met or missed).
    Panel (a) shows the ``top_units`` commonest units, the rest as "other units" and claims
    without a unit as "(no unit)"; panel (b) groups the nine qualifiers into five. Under (a) are
    the documents per year, under (b) the flagged checks per year. ``scale`` (one of
    :data:`CLAIM_SCALES`): the bars count claims, claims per document of the year, or the
    percentage of the year's claims.
    """
    lang = check_lang(lang)
    if scale not in CLAIM_SCALES:
        raise ParameterError("scale", f"must be one of {', '.join(CLAIM_SCALES)}, got {scale!r}")
    empty = _claims_missing(claims, documents, checks)
    if empty:
        return empty_figure(label(empty, lang=lang), width="double", aspect=0.42)
    docs = _with_int_years(documents)
    docs["doc_id"] = docs["doc_id"].astype(str)
    years = docs[["doc_id", "year"]]
    table = claims.assign(doc_id=claims["doc_id"].astype(str)).merge(years, on="doc_id",
                                                                     how="inner")
    unit = table["unit"].fillna("").astype(str).str.strip()
    table["unit"] = unit.where(unit != "", NO_UNIT)
    counts = table.loc[table["unit"] != NO_UNIT, "unit"].value_counts()
    keep = sorted(counts.index, key=lambda u: (-int(counts[u]), u))[:max(0, int(top_units))]
    table["unit_shown"] = table["unit"].where(table["unit"].isin([*keep, NO_UNIT]), OTHER_UNITS)
    qualifier = table["qualifier"].fillna("").astype(str)
    table["group"] = qualifier.map(QUALIFIER_GROUPS).fillna("exact_group")
    import matplotlib.pyplot as plt

    key = key_height(len(keep) + 3, ncols=3)
    fig = plt.figure(figsize=(DOUBLE_COLUMN, round(3.0 + key, 3)))
    cells = fig.add_gridspec(3, 2, height_ratios=(2.0, 0.55, key))
    strip_a = fig.add_subplot(cells[1, 0])
    strip_b = fig.add_subplot(cells[1, 1])
    ax_u = fig.add_subplot(cells[0, 0], sharex=strip_a)
    ax_q = fig.add_subplot(cells[0, 1], sharex=strip_b)
    span = sorted(set(docs["year"]))
    for ax, column, order, plain, key_cell in (
        (ax_u, "unit_shown", [*keep, OTHER_UNITS, NO_UNIT], (OTHER_UNITS, NO_UNIT), cells[2, 0]),
        (ax_q, "group", list(GROUP_ORDER), (), cells[2, 1]),
    ):
        grid = table.pivot_table(index="year", columns=column, values="doc_id",
                                 aggfunc="count", fill_value=0).sort_index()
        grid = _scaled(grid, docs_per_year(docs), scale)
        order = [c for c in order if c in grid.columns]
        handles = stacked_bars(ax, grid, order, {c: _name(c, lang=lang) for c in order},
                               plain=plain)
        ax.set_ylabel(label({"count": "claims", "per_document": "claims_per_document",
                             "share": "claims_share"}[scale], lang=lang))
        if scale == "count":
            ax.yaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(axis="x", labelbottom=False)
        texts = [h.get_label() for h in handles]
        extra = _strip_handle("n_legend" if column == "unit_shown" else "flags_legend",
                              lang=lang)
        legend_in(fig.add_subplot(key_cell), [*handles, extra], [*texts, extra.get_label()],
                  title=label("unit" if column == "unit_shown" else "qualifier", lang=lang),
                  width=DOUBLE_COLUMN / 2)
    n_strip(strip_a, docs_per_year(docs), lang=lang)
    flagged = flag_rows(checks)
    flagged = flagged.assign(doc_id=flagged["doc_id"].astype(str)).merge(
        years, on="doc_id", how="inner") if len(flagged) else flagged.iloc[0:0].assign(year=0)
    per_year = flagged.groupby("year").size() if len(flagged) else pd.Series(dtype=int)
    strip_b.bar(list(per_year.index), list(per_year.to_numpy()), width=0.8, color=GREYS[3],
                linewidth=0)
    strip_b.set_ylabel(label("flags", lang=lang), rotation=0, ha="right", va="center")
    from matplotlib.ticker import MaxNLocator

    strip_b.yaxis.set_major_locator(MaxNLocator(nbins=2, integer=True, min_n_ticks=1))
    strip_b.set_ylim(0, max(1, int(per_year.max()) if len(per_year) else 1) * 1.05)
    for strip in (strip_a, strip_b):
        strip.set_xlabel(label("year", lang=lang))
        year_axis(strip, span)
    ax_u.set_title("(a)", loc="left")
    ax_q.set_title("(b)", loc="left")
    return fig


def _scaled(grid: pd.DataFrame, documents: Mapping[int, int], scale: str) -> pd.DataFrame:
    """Claim counts per year (rows) and group (columns) as ``scale`` has them
    (``documents``: the documents of each year)."""
    if scale == "per_document":
        n = pd.Series([max(1, documents.get(int(y), 0)) for y in grid.index], index=grid.index)
        return grid.div(n, axis=0)
    if scale == "share":
        return grid.div(grid.sum(axis=1).clip(lower=1), axis=0) * 100
    return grid


# --- targets against outcomes -----------------------------------------------------------------

#: Most panels of :func:`target_outcome_figure` (indicators with the most pairs first).
MAX_PROMISE_PANELS = 20
_PROMISE_COLS = 4
#: Display columns of a panel title (CJK characters count two) that fit a quarter of 7 in.
_TITLE_WIDTH = 22
#: Multipliers shown on an amount's axis (亿元, 万人), largest first.
_SCALES = ((1e8, "亿"), (1e4, "万"))
_TARGET_DX = -0.17
_OUTCOME_DX = 0.17


def _promise_panels(table: pd.DataFrame, *, limit: int) -> list[tuple[str, str]]:
    """``(indicator, unit)`` panels: the indicators with the most pairs first, the units of one
    indicator side by side (most pairs first)."""
    counts = table.groupby(["indicator", "unit"], sort=True).size()
    totals = table.groupby("indicator").size()
    ordered = sorted(counts.index, key=lambda k: (-int(totals[k[0]]), k[0], -int(counts[k]), k[1]))
    return ordered[:max(1, int(limit))]


def _scale(values: np.ndarray, unit: str) -> tuple[float, str]:
    """Factor and axis unit for a panel (亿元 for 3.397e11 元; rates and small counts as is)."""
    finite = np.abs(values[np.isfinite(values)])
    if unit == "%" or not len(finite):
        return 1.0, unit
    for factor, name in _SCALES:
        if finite.max() >= factor:
            return factor, f"{name}{unit}"
    return 1.0, unit


def _promise_handles(*, lang: str, colours: dict[str, str]) -> list:
    from matplotlib.lines import Line2D

    def mark(key, **style):
        return Line2D([], [], linestyle="none", label=label(key, lang=lang), **style)

    return [
        mark("target_point", marker="_", color=GREYS[0], markersize=8, markeredgewidth=1.4),
        Line2D([], [], color=GREYS[5], linewidth=3.0, label=label("target_band", lang=lang)),
        mark("target_floor", marker="^", color=GREYS[0], markersize=4),
        mark("target_ceiling", marker="v", color=GREYS[0], markersize=4),
        mark("outcome_met", marker="o", color=colours["met"], markersize=4),
        mark("outcome_missed", marker="X", color=colours["missed"], markersize=4.5),
        mark("outcome_unclear", marker="o", color=GREYS[2], markerfacecolor="white",
             markersize=4),
        mark("outcome_elsewhere", marker="D", color=GREYS[2], markerfacecolor="white",
             markersize=3.5),
    ]


def _draw_promises(ax, rows: pd.DataFrame, *, factor: float, colours: dict[str, str]) -> list:
    """Targets (point, band, floor or ceiling) and outcomes (by status) of one panel; returns
    the values drawn (for the limits)."""
    from matplotlib.transforms import blended_transform_factory

    shown: list[float] = []
    floor = blended_transform_factory(ax.transData, ax.transAxes)
    for row in rows.itertuples(index=False):
        x = int(row.year)
        value = float(row.target_value) / factor if pd.notna(row.target_value) else np.nan
        low, high = float(row.band_low) / factor, float(row.band_high) / factor
        q = row.target_qualifier
        if np.isfinite(low) and np.isfinite(high) and high > low:
            ax.vlines(x + _TARGET_DX, low, high, color=GREYS[5], linewidth=3.0)
            shown += [low, high]
        if q in ("more_than", "approx_more_than") and np.isfinite(low):
            ax.plot([x + _TARGET_DX], [low], linestyle="none", marker="^", color=GREYS[0],
                    markersize=4)
            shown.append(low)
        elif q == "less_than" and np.isfinite(high):
            ax.plot([x + _TARGET_DX], [high], linestyle="none", marker="v", color=GREYS[0],
                    markersize=4)
            shown.append(high)
        elif np.isfinite(value):
            ax.plot([x + _TARGET_DX], [value], linestyle="none", marker="_", color=GREYS[0],
                    markersize=8, markeredgewidth=1.4)
            shown.append(value)
        outcome = float(row.outcome_value) / factor if pd.notna(row.outcome_value) else np.nan
        if not bool(row.comparable) or not np.isfinite(outcome):
            ax.plot([x + _OUTCOME_DX], [0.06], transform=floor, linestyle="none", marker="D",
                    color=GREYS[2], markerfacecolor="white", markersize=3.5, clip_on=False)
            continue
        if row.status == "met":
            style = {"marker": "o", "color": colours["met"], "markersize": 4}
        elif row.status == "missed":
            style = {"marker": "X", "color": colours["missed"], "markersize": 4.5}
        else:
            style = {"marker": "o", "color": GREYS[2], "markerfacecolor": "white",
                     "markersize": 4}
        ax.plot([x + _OUTCOME_DX], [outcome], linestyle="none", clip_on=False, **style)
        shown.append(outcome)
    return shown


def _limits(ax, values: list[float]) -> None:
    finite = [v for v in values if np.isfinite(v)]
    if not finite:
        return
    low, high = min(finite), max(finite)
    pad = (high - low) * 0.18 or max(abs(high) * 0.1, 0.5)
    ax.set_ylim(low - pad * 1.6, high + pad)  # room at the floor for outcomes in another unit


def target_outcome_figure(table: pd.DataFrame, *, lang: str = "en",
                          max_panels: int = MAX_PROMISE_PANELS):
    """Targets of the work report of year N against the outcomes the report of year N+1
    states, one small panel per indicator (and unit), by year.

    Takes :func:`cityreports.analyses.promises.target_outcome_table`. In each panel the target
    is drawn left of the year (a point; a band for about / range; ▲ a floor, ▼ a ceiling) and
    the outcome right of it: ● met, ✕ missed, ○ unclear, and ◇ at the panel's floor when the
    outcome is in another unit (a level against a growth target). Rates are in percent,
    amounts in 万 or 亿 of their unit; at most ``max_panels`` panels, the indicators with the
    most pairs first (the key says how many more the table holds).
    """
    lang = check_lang(lang)
    if _promises_missing(table):
        return empty_figure(label("no_promises", lang=lang), width="double", aspect=0.42)
    table = _with_int_years(table)
    panels = _promise_panels(table, limit=max_panels)
    ncols = min(_PROMISE_COLS, len(panels))
    nrows = -(-len(panels) // ncols)
    colours = dict(zip(("met", "missed"), palette(3)[:2], strict=True))
    handles = _promise_handles(lang=lang, colours=colours)
    key = key_height(len(handles) + 1, ncols=2)
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(DOUBLE_COLUMN, round(0.3 + 1.45 * nrows + key, 3)))
    cells = fig.add_gridspec(nrows + 1, ncols, height_ratios=[1.45] * nrows + [key])
    span = sorted(set(table["year"]))
    zh = lang == "zh"
    for k, (indicator, unit) in enumerate(panels):
        ax = fig.add_subplot(cells[k // ncols, k % ncols])
        rows = table[(table["indicator"] == indicator) & (table["unit"] == unit)]
        values = np.concatenate([pd.to_numeric(rows[c], errors="coerce").to_numpy(dtype=float)
                                 for c in ("target_value", "band_low", "band_high")])
        factor, shown_unit = _scale(values, unit)
        drawn_values = _draw_promises(ax, rows, factor=factor, colours=colours)
        _limits(ax, drawn_values)
        name = rows["indicator_label_zh" if zh else "indicator_label"].iloc[0]
        ax.set_title(shorten(name, limit=_TITLE_WIDTH), loc="left", fontsize=7)
        ax.set_ylabel(shown_unit, labelpad=1)
        years = sorted(set(rows["year"]))
        year_axis(ax, [min(span[0], years[0]), max(span[-1], years[-1])])
        few_ticks(ax, nbins=3)
    title = label("promise_key", lang=lang)
    hidden = table.groupby(["indicator", "unit"]).ngroups - len(panels)
    if hidden > 0:
        title += label("more_panels", lang=lang).format(n=hidden)
    legend_in(fig.add_subplot(cells[nrows, :]), handles, [h.get_label() for h in handles],
              title=title, width=DOUBLE_COLUMN)
    return fig


def target_outcome_rows(table: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """The pairs of :func:`target_outcome_figure` for reading: indicator (its display name),
    year, target and outcome as written, status and where the outcome fell, both reports; in
    the figure's panel order, then by year."""
    lang = check_lang(lang)
    columns = [label(c, lang=lang) for c in ("indicator", "year", "target_point", "outcome",
                                             "status", "vs_target", "target_doc",
                                             "outcome_doc")]
    if _promises_missing(table):
        return pd.DataFrame(columns=columns)
    table = _with_int_years(table)
    order = {key[0]: n for n, key in enumerate(_promise_panels(table, limit=len(table)))}
    table = table.assign(_panel=table["indicator"].map(order)).sort_values(
        ["_panel", "year", "target_doc", "target_start"], kind="stable")
    name = table["indicator_label_zh" if lang == "zh" else "indicator_label"]
    where = table["direction"].fillna("").astype(str)
    view = pd.DataFrame({
        columns[0]: name.to_numpy(),
        columns[1]: table["year"].to_numpy(),
        columns[2]: table["target_surface"].to_numpy(),
        columns[3]: table["outcome_surface"].to_numpy(),
        columns[4]: [label(s, lang=lang) for s in table["status"]],
        columns[5]: [label(w, lang=lang) if w else "" for w in where],
        columns[6]: table["target_doc"].to_numpy(),
        columns[7]: table["outcome_doc"].to_numpy(),
    })
    return view.reset_index(drop=True)
