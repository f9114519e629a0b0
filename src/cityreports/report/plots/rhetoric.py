"""Figures of rhetorical features and voices."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cityreports.report.plots.base import (
    _kind_column,
    _rhetoric_missing,
    _voices_missing,
    _with_int_years,
    docs_per_year,
    document_kinds,
    empty_figure,
    heatmap_height,
    kind_name,
    legend_below,
    n_strip,
    row_heatmap,
    shown_kinds,
    stacked_bars,
    year_axis,
)
from cityreports.report.style import DOUBLE_COLUMN, LABELS, _pretty, check_lang, label

DERIVED_TERMS = frozenset({("quotation", "quoted_chars"), ("reported_speech", "total")})
TOTAL_TERM = "all"


def feature_totals(features: pd.DataFrame) -> pd.DataFrame:
    """One row per document and feature: the feature's count summed over its terms.

    Takes :func:`analyses.rhetoric.features_by_doc`; ``term`` is ``"all"``. Character counts
    (``quotation: quoted_chars``) and the repeated ``reported_speech: total`` are left out, so
    every total counts occurrences. The result can go to :func:`analyses.trends.fit_trends`
    for one trend per feature.
    """
    keys = zip(features["feature"], features["term"], strict=True)
    counted = features[np.array([k not in DERIVED_TERMS for k in keys], dtype=bool)]
    index = ["doc_id", "feature"]
    totals = counted.groupby(index, sort=True, as_index=False).agg(
        year=("year", "first"), count=("count", "sum"), n_chars=("n_chars", "first"))
    if "group" in counted:
        groups = counted.groupby(index, sort=True)["group"].first().to_numpy()
        totals.insert(2, "group", groups)
    totals.insert(2, "term", TOTAL_TERM)
    rate = totals["count"] / totals["n_chars"].where(totals["n_chars"] > 0) * 1e4
    totals["per_10k_chars"] = rate.astype("float64")
    return totals.sort_values(["feature", "doc_id"], kind="stable").reset_index(drop=True)


def feature_rates(features: pd.DataFrame) -> pd.DataFrame:
    """Rate per 10,000 characters of each feature per year (``feature``, ``year``, ``count``,
    ``n_chars``, ``n_docs``, ``rate``), from :func:`feature_totals` of the dated documents."""
    totals = feature_totals(_with_int_years(features))
    per_year = totals.groupby(["feature", "year"], as_index=False).agg(
        count=("count", "sum"), n_chars=("n_chars", "sum"), n_docs=("doc_id", "nunique"))
    per_year["rate"] = (per_year["count"] / per_year["n_chars"].where(per_year["n_chars"] > 0)
                        * 1e4)
    return per_year


#: Rate-ratio ticks the forest plot picks from (log axis).
RATIO_TICKS = (0.1, 0.2, 0.3, 0.5, 0.67, 0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.25, 1.5, 2, 3, 5, 10)


def ratio_ticks(low: float, high: float, *, most: int = 5) -> list[float]:
    """Up to ``most`` readable ticks in ``[low, high]`` on a log axis, always with 1."""
    inside = [t for t in RATIO_TICKS if low <= t <= high]
    if len(inside) <= most:
        return inside
    gap = (np.log(high) - np.log(low)) / (most + 1)
    chosen = [1.0]
    for tick in sorted(inside, key=lambda t: (abs(np.log(t)), t)):
        if all(abs(np.log(tick) - np.log(c)) >= gap for c in chosen):
            chosen.append(tick)
    return sorted(chosen)


def rhetoric_trends(features: pd.DataFrame, trends: pd.DataFrame, *, lang: str = "en"):
    """Feature rates per year coloured per row (a) and the GLM rate ratio per year (b).

    Takes :func:`cityreports.analyses.rhetoric.features_by_doc` (``feature``, ``term``,
    ``doc_id``, ``year``, ``count``, ``n_chars``) and :func:`cityreports.analyses.trends.fit_trends`
    fitted on :func:`feature_totals` (one row per feature, ``term`` ``"all"``; ``estimate``,
    ``ci_low``, ``ci_high`` on the log scale); a feature without a fitted trend is drawn as
    "no estimate" (plots draw, they do not fit). Panel (a) colours each row by the share of its
    highest year (printed on the right), years without documents hatched; both panels show
    one row per feature.
    """
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    lang = check_lang(lang)
    empty = _rhetoric_missing(features, trends)
    if empty:
        return empty_figure(label(empty, lang=lang), width="double", aspect=0.44)
    per_year = feature_rates(features)
    n_by_year = docs_per_year(_with_int_years(features).drop_duplicates("doc_id"))
    grid = per_year.pivot_table(index="feature", columns="year", values="rate",
                                aggfunc="sum", fill_value=0.0)
    names = {f: label(f, lang=lang) if f in LABELS else _pretty(f) for f in grid.index}
    grid = grid.loc[sorted(grid.index, key=lambda f: names[f])]
    fits = trends
    if "term" in trends:
        fits = trends[trends["term"].fillna("").isin(["", "*", TOTAL_TERM])]
    fits = fits.drop_duplicates("feature").set_index("feature")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(DOUBLE_COLUMN, max(2.8, heatmap_height(len(grid), base=1.5))))
    ax_h, ax_f = fig.subplots(1, 2, width_ratios=(1.3, 1.0))
    image = row_heatmap(ax_h, grid, list(n_by_year), row_names=[names[f] for f in grid.index],
                        lang=lang)
    ax_h.set_xlabel(label("year", lang=lang))
    bar = fig.colorbar(image, ax=ax_h, location="bottom", shrink=0.7, aspect=30, pad=0.02)
    bar.set_label(label("row_scaled", lang=lang))
    bar.set_ticks([0, 0.5, 1])
    ax_h.set_title(f"{label('rate_peak', lang=lang)} →", loc="right", fontsize=6)
    rows = np.arange(len(grid.index))
    est = np.array([fits["estimate"].get(f, np.nan) for f in grid.index], dtype=float)
    lo = np.array([fits["ci_low"].get(f, np.nan) for f in grid.index], dtype=float)
    hi = np.array([fits["ci_high"].get(f, np.nan) for f in grid.index], dtype=float)
    ok = np.isfinite(est) & np.isfinite(lo) & np.isfinite(hi)
    ratio, low, high = np.exp(est[ok]), np.exp(lo[ok]), np.exp(hi[ok])
    ax_f.errorbar(ratio, rows[ok], xerr=[ratio - low, high - ratio], fmt="o", color="black",
                  capsize=2, markersize=3, linewidth=0.8)
    ax_f.axvline(1, color="black", linewidth=0.6, linestyle=":")
    ax_f.set_xscale("log")
    span = np.concatenate([low, high, [1.0]])
    left, right = float(span.min()) / 1.05, float(span.max()) * 1.05
    ax_f.set_xlim(min(left, 0.9), max(right, 1.1))
    ax_f.xaxis.set_major_locator(FixedLocator(ratio_ticks(*ax_f.get_xlim())))
    ax_f.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax_f.xaxis.set_minor_locator(NullLocator())
    for y in rows[~ok]:
        ax_f.text(1.0, y, " " + label("no_estimate", lang=lang), ha="left", va="center",
                  fontsize=6, style="italic")
    ax_f.set_yticks(rows, [names[f] for f in grid.index])
    ax_f.set_ylim(len(rows) - 0.5, -0.5)  # same rows as the heatmap
    ax_f.tick_params(axis="y", length=0)
    ax_f.set_xlabel(label("rate_ratio", lang=lang))
    ax_h.set_title("(a)", loc="left")
    ax_f.set_title("(b)", loc="left")
    return fig


#: Voices in stacking order: speakers first; the narrator is the rest of the text.
VOICE_ORDER = ("government", "enterprise", "academia", "media", "other", "narrator")


def _voice_grid(table: pd.DataFrame) -> pd.DataFrame:
    """Share of each year's body text by voice (columns), narrator included."""
    grid = table.pivot_table(index="year", columns="voice", values="chars", aggfunc="sum",
                             fill_value=0).sort_index()
    return grid.div(grid.sum(axis=1).where(grid.sum(axis=1) > 0), axis=0).fillna(0.0)


def voices_by_year(shares: pd.DataFrame, *, lang: str = "en",
                   documents: pd.DataFrame | None = None):
    """Share of body text said by speakers, by voice and year (stacked bars).

    Takes :func:`cityreports.analyses.speakers.voice_shares` (``doc_id``, ``year``, ``voice``,
    ``chars``, ``share``): characters of body text attributed to each voice; the rest is the
    narrator's and is not drawn, so the speakers' shares stay visible. With ``documents``
    holding a ``kind`` column of two or more kinds there is one panel per kind. The documents
    per year are shown underneath.
    """
    lang = check_lang(lang)
    empty = _voices_missing(shares)
    if empty:
        return empty_figure(label(empty, lang=lang), width="single", aspect=0.75)
    table = _with_int_years(shares)
    kinds = document_kinds(documents)
    facets = shown_kinds(kinds)
    if facets:
        table["_kind"] = _kind_column(table, kinds, facets)
        groups = [k for k in [*facets, "other_kinds"] if k in set(table["_kind"])]
    else:
        table["_kind"] = ""
        groups = [""]
    voices = [v for v in VOICE_ORDER if v in set(table["voice"]) and v != "narrator"]
    voices += sorted(set(table["voice"]) - set(voices) - {"narrator"})
    import matplotlib.pyplot as plt

    width = DOUBLE_COLUMN if len(groups) > 1 else 3.8
    fig = plt.figure(figsize=(width, round(1.5 + 0.8 * len(groups) + 0.3, 3)))
    cells = fig.add_gridspec(len(groups) + 1, 1, height_ratios=[1.0] * len(groups) + [0.45])
    strip = fig.add_subplot(cells[len(groups), 0])
    years = sorted(set(table["year"]))
    top = 0.0
    axes = []
    for i, kind in enumerate(groups):
        ax = fig.add_subplot(cells[i, 0], sharex=strip)
        grid = _voice_grid(table[table["_kind"] == kind]).reindex(columns=voices, fill_value=0)
        handles = stacked_bars(ax, grid, voices, {v: label(v, lang=lang) for v in voices})
        top = max(top, float(grid.sum(axis=1).max()) if len(grid) else 0.0)
        if not len(grid) or float(grid.to_numpy().sum()) == 0:
            ax.text(0.5, 0.5, label("no_speakers", lang=lang), transform=ax.transAxes,
                    ha="center", va="center", fontsize=7, color="#5f5f5f")
        ax.tick_params(axis="x", labelbottom=False)
        ax.set_ylabel(label("voice_share", lang=lang) if len(groups) == 1 else "")
        if kind:
            ax.set_title(kind_name(kind, lang=lang), loc="left", fontsize=7)
        axes.append(ax)
    from matplotlib.ticker import PercentFormatter

    for ax in axes:
        ax.set_ylim(0, max(top * 1.1, 0.01))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.yaxis.get_major_locator().set_params(nbins=3)
    if len(groups) > 1:
        fig.supylabel(label("speaker_share", lang=lang), fontsize=7)
    n_strip(strip, docs_per_year(table), lang=lang)
    strip.set_xlabel(label("year", lang=lang))
    year_axis(strip, years)
    handles = handles[::-1]  # bottom of the stack first, as read from left to right
    legend_below(fig, handles, [h.get_label() for h in handles], title=label("voice", lang=lang))
    return fig
