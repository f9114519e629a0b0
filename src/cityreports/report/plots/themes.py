"""Figures of themes, keyness and formulations."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from cityreports.codebooks import load_codebook
from cityreports.report.plots.base import (
    _formulations_missing,
    _key_column,
    _key_legend,
    _keyness_missing,
    _new_figure,
    _styled_lines,
    _themes_missing,
    _year_ticks,
    empty_figure,
)
from cityreports.report.style import DOUBLE_COLUMN, FILLS, HATCHES, _pretty, check_lang, label


def theme_labels(codebook=None, *, lang: str = "en") -> dict[str, str]:
    """``{theme id: label}`` from a themes codebook (default: the packaged one), by ``lang``."""
    lang = check_lang(lang)
    book = codebook if codebook is not None else load_codebook()
    return {t.id: (t.label_zh if lang == "zh" else t.label_en) or t.id for t in book.themes}


def theme_prevalence(themes_by_year: pd.DataFrame, *, lang: str = "en", top: int = 4,
                     labels: Mapping[str, str] | None = None):
    """Heatmap of theme rates per year (a) and lines with bootstrap intervals (b).

    Takes :func:`analyses.themes.themes_by_year` (``year``, ``theme``, ``per_10k_chars``,
    ``per_10k_low``, ``per_10k_high``); panel (b) shows the ``top`` themes by total hits.
    ``labels`` maps theme ids to display labels (see :func:`theme_labels`); ids not in it are
    shown with spaces for underscores.
    """
    lang = check_lang(lang)
    empty = _themes_missing(themes_by_year)
    if empty:
        return empty_figure(label(empty, lang=lang), width="double", aspect=0.486)
    names = dict(labels or {})
    table = themes_by_year.dropna(subset=["year"]).copy()
    table["year"] = table["year"].astype(int)
    import matplotlib.pyplot as plt

    grid = table.pivot_table(index="theme", columns="year", values="per_10k_chars",
                             aggfunc="sum", fill_value=0.0).sort_index()
    totals = table.groupby("theme")["hits"].sum().sort_values(ascending=False, kind="stable")
    chosen = sorted(totals.index[:top])
    shown = {t: names.get(t, _pretty(t)) for t in chosen}
    height = round(max(3.4, 1.1 + 0.17 * len(grid.index)), 3)
    fig = plt.figure(figsize=(DOUBLE_COLUMN, height))
    fig.get_layout_engine().set(wspace=0.06)
    cells = fig.add_gridspec(1, 2, width_ratios=(0.8, 1.0))
    ax_h = fig.add_subplot(cells[0, 0])
    ax_l, ax_key, ncol = _key_column(fig, cells[0, 1], n_entries=len(chosen), height=height,
                                     longest=max(map(len, shown.values()), default=0))
    image = ax_h.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="Greys",
                        interpolation="nearest")
    ax_h.set_yticks(range(len(grid.index)), [names.get(t, _pretty(t)) for t in grid.index])
    ax_h.set_xticks(range(len(grid.columns)), [str(c) for c in grid.columns],
                    rotation=90 if len(grid.columns) > 6 else 0)
    ax_h.set_xlabel(label("year", lang=lang))
    fig.colorbar(image, ax=ax_h, label=label("rate", lang=lang), shrink=0.8)
    _styled_lines(ax_l, table[table["theme"].isin(chosen)], x="year", y="per_10k_chars",
                  group="theme", low="per_10k_low", high="per_10k_high", names=shown)
    ax_l.set_xlabel(label("year", lang=lang))
    ax_l.set_ylabel(label("rate", lang=lang))
    ax_l.set_ylim(bottom=0)
    _year_ticks(ax_l, table["year"])
    _key_legend(ax_l, ax_key, label("theme", lang=lang), ncol=ncol)
    ax_h.set_title("(a)", loc="left")
    ax_l.set_title("(b)", loc="left")
    return fig


def keyness_bars(keyness: pd.DataFrame, *, lang: str = "en", top: int = 10):
    """Diverging bars of the ``top`` terms key to each side (``signed`` log-likelihood).

    Takes :func:`cityreports.analyses.keyness.keyness_between` (``term``, ``signed``, ``effect``).
    """
    lang = check_lang(lang)
    empty = _keyness_missing(keyness)
    if empty:
        return empty_figure(label(empty, lang=lang), width="single", aspect=1.1)
    table = keyness.dropna(subset=["signed"])
    pos = table[table["signed"] > 0].sort_values(["signed", "term"], ascending=[False, True])
    neg = table[table["signed"] < 0].sort_values(["signed", "term"], ascending=[True, True])
    shown = pd.concat([neg.head(top).iloc[::-1], pos.head(top).iloc[::-1]])
    fig, axes = _new_figure(width="single", aspect=1.1)
    ax = axes[0][0]
    y = np.arange(len(shown))
    values = shown["signed"].to_numpy(dtype=float)
    ax.barh(y[values < 0], values[values < 0], color=FILLS[1], edgecolor="black",
            linewidth=0.5, hatch=HATCHES[1], label=label("period_a", lang=lang))
    ax.barh(y[values > 0], values[values > 0], color=FILLS[0], edgecolor="black",
            linewidth=0.5, label=label("period_b", lang=lang))
    ax.set_yticks(y, list(shown["term"]))
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_xlabel(label("keyness", lang=lang).replace("(log ratio)", "(signed G²)")
                  if lang == "en" else "关键性 (带符号 G²)")
    if len(shown):
        ax.legend(loc="lower right")
    return fig


#: Most rows panel (a) of :func:`formulation_timeline_figure` shows (by total hits).
MAX_FORMULATION_ROWS = 40


def formulation_labels(summary: pd.DataFrame, *, lang: str = "en") -> dict[str, str]:
    """``{formulation id: label}``: the codebook's Chinese ``label`` (zh) or ``label_en`` (en)."""
    lang = check_lang(lang)
    column = "label" if lang == "zh" else "label_en"
    names = {}
    for row in summary.to_dict("records"):
        text = row.get(column)
        names[row["formulation"]] = (str(text) if isinstance(text, str) and text.strip()
                                     else _pretty(row["formulation"]))
    return names


def lineage_formulations(summary: pd.DataFrame, *, top: int = 6) -> list[str]:
    """Up to ``top`` seen formulations of a lineage (with or named by ``superseded_by``).

    Ranked by total hits (then id); when no lineage formulation was seen, the ``top``
    formulations by total hits. Returned in lineage order (family, first year, id).
    """
    table = summary.copy()
    hits = (table["total_hits"] if "total_hits" in table
            else pd.Series(1, index=table.index))
    table = table.assign(_hits=pd.to_numeric(hits, errors="coerce").fillna(0))
    table = table[table["first_year"].notna() & (table["_hits"] > 0)]
    if "superseded_by" in table:
        succ = table["superseded_by"].fillna("").astype(str)
        named = set(succ[succ != ""])
        lineage = table[(succ != "") | table["formulation"].isin(named)]
    else:
        lineage = table.iloc[0:0]
    pool = lineage if len(lineage) else table
    pool = pool.sort_values(["_hits", "formulation"], ascending=[False, True], kind="stable")
    chosen = pool.head(max(0, int(top)))
    family = (chosen["family"].fillna("").astype(str) if "family" in chosen
              else pd.Series("", index=chosen.index))
    chosen = chosen.assign(_family=family).sort_values(["_family", "first_year", "formulation"])
    return list(chosen["formulation"])


def formulation_timeline_figure(summary: pd.DataFrame, timeline: pd.DataFrame, *,
                                lang: str = "en", top: int = 6,
                                max_rows: int = MAX_FORMULATION_ROWS):
    """First-to-last appearance of each formulation seen (a) and rates of a few over time (b).

    Takes :func:`cityreports.analyses.formulations.formulation_summary` (``formulation``, ``label``,
    ``label_en``, ``family``, ``superseded_by``, ``first_year``, ``last_year``,
    ``total_hits``) and ``formulation_timeline`` (``formulation``, ``year``,
    ``rate_per_10k``). Panel (a) has one row per formulation that occurs (at most
    ``max_rows``, by total hits), the figure growing with the rows; panel (b) shows the
    lineage formulations of :func:`lineage_formulations` (at most ``top``).
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    lang = check_lang(lang)
    empty = _formulations_missing(summary, timeline)
    if empty:
        return empty_figure(label(empty, lang=lang), width="double", aspect=0.514)
    names = formulation_labels(summary, lang=lang)
    seen = summary.dropna(subset=["first_year", "last_year"])
    if "total_hits" in seen:
        seen = seen[seen["total_hits"] > 0]
        seen = seen.sort_values(["total_hits", "formulation"], ascending=[False, True],
                                kind="stable").head(max_rows)
    seen = seen.assign(_name=seen["formulation"].map(names)).sort_values(
        ["first_year", "last_year", "_name"], ascending=[True, False, True], kind="stable")
    n = len(seen)
    chosen = lineage_formulations(seen, top=top)
    height = round(max(3.6, 0.9 + 0.13 * n), 3)
    fig = plt.figure(figsize=(DOUBLE_COLUMN, height))
    grid = fig.add_gridspec(1, 2, width_ratios=(1.1, 1.0))
    ax_r = fig.add_subplot(grid[0, 0])
    ax_t, ax_key, ncol = _key_column(fig, grid[0, 1], n_entries=len(chosen), height=height,
                                     longest=max((len(names[f]) for f in chosen), default=0))
    rows = n - 1 - np.arange(n)  # earliest formulation at the top
    for y, row in zip(rows, seen.itertuples(index=False), strict=True):
        ax_r.plot([row.first_year, row.last_year], [y, y], color="black", linestyle="-",
                  linewidth=1.0, marker="o", markersize=3)
    ax_r.set_yticks(rows, [names[f] for f in seen["formulation"]])
    ax_r.set_ylim(-0.7, n - 0.3)
    ax_r.tick_params(axis="y", length=0)
    ax_r.grid(axis="y", color="#d9d9d9", linewidth=0.4)
    ax_r.set_axisbelow(True)
    ax_r.set_xlabel(label("year", lang=lang))
    _year_ticks(ax_r, list(seen["first_year"]) + list(seen["last_year"]))
    used = timeline[timeline["formulation"].isin(chosen)].copy()
    used = used.dropna(subset=["year"])
    used["year"] = used["year"].astype(int)
    _styled_lines(ax_t, used, x="year", y="rate_per_10k", group="formulation",
                  names=names, order=chosen)
    ax_t.set_xlabel(label("year", lang=lang))
    ax_t.set_ylabel(label("rate", lang=lang))
    peaks = used.groupby("formulation")["rate_per_10k"].max()
    if len(peaks) > 1 and peaks.max() > 4 * max(float(peaks.median()), 1.0):
        ax_t.set_yscale("symlog", linthresh=10, linscale=0.8)
        ax_t.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax_t.set_ylim(bottom=0)
    _year_ticks(ax_t, used["year"])
    _key_legend(ax_t, ax_key, label("formulation", lang=lang), ncol=ncol)
    ax_r.set_title("(a)", loc="left")
    ax_t.set_title("(b)", loc="left")
    return fig


#: Rows of :func:`analyses.rhetoric.features_by_doc` that repeat or measure in characters
#: rather than count: left out of feature totals (as ``features_wide`` does).
