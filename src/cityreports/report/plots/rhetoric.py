"""Figures of rhetorical features and voices."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cityreports.report.plots.base import (
    _legend_right,
    _new_figure,
    _rhetoric_missing,
    _stacked_bars,
    _voices_missing,
    _year_ticks,
    empty_figure,
)
from cityreports.report.style import LABELS, _pretty, check_lang, label

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


def rhetoric_trends(features: pd.DataFrame, trends: pd.DataFrame, *, lang: str = "en"):
    """Feature rates per year (a, greyscale table) and the GLM rate ratio per year (b).

    Takes :func:`cityreports.analyses.rhetoric.features_by_doc` (``feature``, ``term``, ``doc_id``,
    ``year``, ``count``, ``n_chars``) and :func:`cityreports.analyses.trends.fit_trends` fitted on
    :func:`feature_totals` (one row per feature, ``term`` ``"all"``; ``estimate``,
    ``ci_low``, ``ci_high`` on the log scale); a feature without a fitted trend is drawn as
    "no estimate" (plots draw, they do not fit). Both panels show one row per feature.
    """
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    lang = check_lang(lang)
    empty = _rhetoric_missing(features, trends)
    if empty:
        return empty_figure(label(empty, lang=lang), width="double", aspect=0.44)
    totals = feature_totals(features.dropna(subset=["year"]))
    totals["year"] = totals["year"].astype(int)
    per_year = totals.groupby(["feature", "year"], as_index=False)[["count", "n_chars"]].sum()
    per_year["rate"] = (per_year["count"] / per_year["n_chars"].where(per_year["n_chars"] > 0)
                        * 1e4)
    grid = per_year.pivot_table(index="feature", columns="year", values="rate",
                                aggfunc="sum", fill_value=0.0)
    names = {f: label(f, lang=lang) if f in LABELS else _pretty(f) for f in grid.index}
    grid = grid.loc[sorted(grid.index, key=lambda f: names[f])]
    fits = trends
    if "term" in trends:
        fits = trends[trends["term"].fillna("").isin(["", "*", TOTAL_TERM])]
    fits = fits.drop_duplicates("feature").set_index("feature")
    fig, axes = _new_figure(width="double", aspect=0.44, ncols=2)
    fig.get_layout_engine().set(wspace=0.06)
    ax_h, ax_f = axes[0]
    values = grid.to_numpy(dtype=float)
    image = ax_h.imshow(values, aspect="auto", cmap="Greys", interpolation="nearest",
                        vmin=0)
    if values.size and grid.shape[1] <= 12:
        top = float(np.nanmax(values)) or 1.0
        for (i, j), value in np.ndenumerate(values):
            ax_h.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=6,
                      color="white" if value > 0.55 * top else "black")
    ax_h.set_yticks(range(len(grid.index)), [names[f] for f in grid.index])
    ax_h.set_xticks(range(len(grid.columns)), [str(c) for c in grid.columns],
                    rotation=90 if len(grid.columns) > 6 else 0)
    ax_h.set_xlabel(label("year", lang=lang))
    ax_h.tick_params(axis="both", length=0)
    fig.colorbar(image, ax=ax_h, label=label("rate", lang=lang), shrink=0.8)
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
    left, right = float(span.min()) / 1.15, float(span.max()) * 1.15
    ax_f.set_xlim(min(left, 0.8), max(right, 1.25))
    ticks = [t for t in (0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3, 5, 10)
             if ax_f.get_xlim()[0] <= t <= ax_f.get_xlim()[1]]
    ax_f.xaxis.set_major_locator(FixedLocator(ticks))
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


#: Voices in stacking order: speakers first, the narrator (the rest of the text) on top.
VOICE_ORDER = ("government", "enterprise", "academia", "media", "other", "narrator")


def voices_by_year(shares: pd.DataFrame, *, lang: str = "en"):
    """Share of body text by voice per year (hatched stacked bars).

    Takes :func:`cityreports.analyses.speakers.voice_shares` (``doc_id``, ``year``, ``voice``,
    ``chars``, ``share``): characters of body text attributed to each voice, the rest to the
    narrator.
    """
    lang = check_lang(lang)
    empty = _voices_missing(shares)
    if empty:
        return empty_figure(label(empty, lang=lang), width="single", aspect=0.75)
    table = shares.dropna(subset=["year"]).copy()
    table["year"] = table["year"].astype(int)
    grid = table.pivot_table(index="year", columns="voice", values="chars", aggfunc="sum",
                             fill_value=0).sort_index()
    grid = grid.div(grid.sum(axis=1).where(grid.sum(axis=1) > 0), axis=0).fillna(0.0)
    fig, axes = _new_figure(width="single", aspect=0.75)
    ax = axes[0][0]
    voices = [v for v in VOICE_ORDER if v in grid.columns]
    voices += sorted(set(grid.columns) - set(voices))
    _stacked_bars(ax, grid, voices, {v: label(v, lang=lang) for v in voices},
                  plain=("narrator",))
    ax.set_xlabel(label("year", lang=lang))
    ax.set_ylabel(label("voice_share", lang=lang))
    ax.set_ylim(0, 1)
    _year_ticks(ax, grid.index)
    if voices:
        handles, labels_ = ax.get_legend_handles_labels()
        _legend_right(ax, label("voice", lang=lang), handles=handles[::-1],
                      labels=labels_[::-1])
    return fig


#: Claim qualifiers from exact to vague (:mod:`cityreports.quant.numbers`), the order of the stack.
