"""The claims overview figure."""

from __future__ import annotations

import pandas as pd

from cityreports.report.plots.base import (
    _claims_missing,
    _legend_right,
    _new_figure,
    _stacked_bars,
    _year_ticks,
    empty_figure,
)
from cityreports.report.style import LABELS, check_lang, label

QUALIFIER_ORDER = ("exact", "approx", "nearly", "more_than", "approx_more_than", "less_than",
                   "range", "vague_range", "contradictory")


def claims_overview(claims: pd.DataFrame, documents: pd.DataFrame, checks: pd.DataFrame, *,
                    lang: str = "en", top_units: int = 6):
    """Claims per year by unit (a) and by qualifier, with flagged inconsistencies (b).

    Takes :func:`cityreports.quant.claims.claims_table` (``doc_id``, ``unit``, ``qualifier``), the
    documents table (``doc_id``, ``year``) and :func:`cityreports.quant.checks.run_checks`
    (``doc_id``, ``status``; rows whose status is not ``ok``/``consistent`` are flagged).
    """
    lang = check_lang(lang)
    empty = _claims_missing(claims, documents, checks)
    if empty:
        return empty_figure(label(empty, lang=lang), width="double", aspect=0.42)
    years = documents[["doc_id", "year"]].dropna(subset=["year"])
    table = claims.merge(years, on="doc_id", how="inner")
    table["year"] = table["year"].astype(int)
    table["unit"] = table["unit"].fillna("").replace("", "—")
    table["qualifier"] = table["qualifier"].fillna("").replace("", "—")
    fig, axes = _new_figure(width="double", aspect=0.42, ncols=2)
    ax_u, ax_q = axes[0]
    units = table["unit"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
    keep = list(units.index[:top_units])
    table["unit_shown"] = table["unit"].where(table["unit"].isin(keep), "other")
    for ax, column in ((ax_u, "unit_shown"), (ax_q, "qualifier")):
        grid = table.pivot_table(index="year", columns=column, values="doc_id",
                                 aggfunc="count", fill_value=0).sort_index()
        if column == "unit_shown":
            order = [u for u in keep if u in grid.columns]
        else:
            order = [q for q in QUALIFIER_ORDER if q in grid.columns]
        order += sorted(set(grid.columns) - set(order))
        _stacked_bars(ax, grid, order, {c: label(c, lang=lang) if c in LABELS else str(c)
                                        for c in order})
        ax.set_xlabel(label("year", lang=lang))
        ax.set_ylabel(label("claims", lang=lang))
        ax.yaxis.get_major_locator().set_params(integer=True)
        _year_ticks(ax, grid.index)
    flagged = checks[~checks["status"].isin(["ok", "consistent", "pass"])]
    flagged = flagged.merge(years, on="doc_id", how="inner")
    if len(flagged):
        counts = flagged.groupby("year").size()
        ax_q.plot(counts.index, counts.to_numpy(), linestyle="none", marker="x", color="black",
                  markersize=6, markeredgewidth=1.2, label=label("flagged", lang=lang))
    for ax, key in ((ax_u, "unit"), (ax_q, "qualifier")):
        handles, labels_ = ax.get_legend_handles_labels()
        if handles:
            bars = [(h, t) for h, t in zip(handles, labels_, strict=True)
                    if t != label("flagged", lang=lang)][::-1]
            marks = [(h, t) for h, t in zip(handles, labels_, strict=True)
                     if t == label("flagged", lang=lang)]
            pairs = marks + bars
            _legend_right(ax, label(key, lang=lang), handles=[h for h, _ in pairs],
                          labels=[t for _, t in pairs])
    ax_u.set_title("(a)", loc="left")
    ax_q.set_title("(b)", loc="left")
    return fig


