"""The claims overview figure."""

from __future__ import annotations

import pandas as pd

from cityreports.report.plots.base import (
    _claims_missing,
    _with_int_years,
    docs_per_year,
    empty_figure,
    key_height,
    legend_in,
    n_strip,
    shorten,
    stacked_bars,
    year_axis,
)
from cityreports.report.style import DOUBLE_COLUMN, GREYS, LABELS, check_lang, label

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
#: Statuses of :func:`cityreports.quant.checks.run_checks` that are not a flag.
OK_STATUSES = ("ok", "consistent", "pass")
NO_UNIT = "no_unit"
OTHER_UNITS = "other_units"


def _strip_handle(key: str, *, lang: str):
    from matplotlib.patches import Patch

    return Patch(color=GREYS[3], label=label(key, lang=lang))


def _name(key: str, *, lang: str) -> str:
    return label(key, lang=lang) if key in LABELS else shorten(str(key), limit=12)


def claims_overview(claims: pd.DataFrame, documents: pd.DataFrame, checks: pd.DataFrame, *,
                    lang: str = "en", top_units: int = 5):
    """Claims per year by unit (a) and by kind of qualifier (b), with the checks flagged.

    Takes :func:`cityreports.quant.claims.claims_table` (``doc_id``, ``unit``, ``qualifier``), the
    documents table (``doc_id``, ``year``) and :func:`cityreports.quant.checks.run_checks`
    (``doc_id``, ``status``; rows whose status is not ``ok``/``consistent`` are flagged).
    Panel (a) shows the ``top_units`` commonest units, the rest as "other units" and claims
    without a unit as "(no unit)"; panel (b) groups the nine qualifiers into five. Under (a) are
    the documents per year, under (b) the flagged checks per year.
    """
    lang = check_lang(lang)
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
        order = [c for c in order if c in grid.columns]
        handles = stacked_bars(ax, grid, order, {c: _name(c, lang=lang) for c in order},
                               plain=plain)
        ax.set_ylabel(label("claims", lang=lang))
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(axis="x", labelbottom=False)
        texts = [h.get_label() for h in handles]
        extra = _strip_handle("n_legend" if column == "unit_shown" else "flags_legend",
                              lang=lang)
        legend_in(fig.add_subplot(key_cell), [*handles, extra], [*texts, extra.get_label()],
                  title=label("unit" if column == "unit_shown" else "qualifier", lang=lang),
                  width=DOUBLE_COLUMN / 2)
    n_strip(strip_a, docs_per_year(docs), lang=lang)
    status = checks["status"].fillna("").astype(str) if "status" in checks else pd.Series(
        dtype="object")
    flagged = checks[~status.isin(OK_STATUSES)] if len(checks) else checks
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
