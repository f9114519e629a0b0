"""The corpus overview figure."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cityreports.report.plots.base import (
    _corpus_missing,
    _with_int_years,
    document_kinds,
    empty_figure,
    kind_name,
    legend_below,
    shown_kinds,
    stacked_bars,
    year_axis,
)
from cityreports.report.style import DOUBLE_COLUMN, MARKERS, check_lang, label, palette

SCRIPT_ORDER = ("simplified", "traditional", "mixed", "none")
#: At most this many years get their count printed over the bar.
MAX_ANNOTATED_YEARS = 16


def _groups(documents: pd.DataFrame, *, lang: str) -> tuple[pd.Series, list[str], dict, str]:
    """Each document's group (kind when the corpus has several, else script), the order, the
    display names and the legend title."""
    kinds = document_kinds(documents)
    chosen = shown_kinds(kinds)
    if chosen:
        mapped = documents["doc_id"].astype(str).map(kinds).fillna("")
        group = mapped.where(mapped.isin(chosen), "other_kinds")
        order = chosen + (["other_kinds"] if (group == "other_kinds").any() else [])
        return group, order, {k: kind_name(k, lang=lang) for k in order}, label("kind", lang=lang)
    scripts = documents["script"].fillna("none").astype(str) if "script" in documents else (
        pd.Series("none", index=documents.index))
    order = [s for s in SCRIPT_ORDER if s in set(scripts)]
    order += sorted(set(scripts) - set(order))
    return scripts, order, {s: label(s, lang=lang) for s in order}, label("script", lang=lang)


def corpus_overview(documents: pd.DataFrame, *, lang: str = "en"):
    """Documents per year (a) and each document's length (b), by kind or else by script.

    Takes :func:`cityreports.report.tables.documents_table` (``doc_id``, ``year``, ``script``,
    ``n_chars``, and ``kind`` when the metadata gives one). With two or more kinds of document
    the bars and points are split by kind, otherwise by script. Undated documents are counted
    above panel (a); lengths spanning more than a factor of 20 are drawn on a log scale.
    """
    lang = check_lang(lang)
    empty = _corpus_missing(documents)
    if empty:
        undated = f"\n({label('undated', lang=lang)}: {len(documents)})" if len(documents) else ""
        return empty_figure(label(empty, lang=lang) + undated, width="double", aspect=0.36)
    docs = documents.copy()
    docs["_group"], order, names, title = _groups(docs, lang=lang)
    dated = _with_int_years(docs)
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(DOUBLE_COLUMN, 2.9))
    ax_n, ax_len = fig.subplots(1, 2)
    counts = (dated.groupby(["year", "_group"]).size().unstack("_group", fill_value=0)
              .reindex(columns=order, fill_value=0))
    handles = stacked_bars(ax_n, counts, order, names, plain=("other_kinds",))
    ax_n.set_xlabel(label("year", lang=lang))
    ax_n.set_ylabel(label("documents", lang=lang))
    ax_n.yaxis.get_major_locator().set_params(integer=True)
    totals = counts.sum(axis=1)
    ax_n.set_ylim(0, max(1, int(totals.max())) * 1.12)
    if len(totals) and totals.index.max() - totals.index.min() < MAX_ANNOTATED_YEARS:
        for year, total in totals.items():
            ax_n.text(year, total, f"{int(total)}", ha="center", va="bottom", fontsize=6)
    year_axis(ax_n, counts.index)
    n_undated = int(len(docs) - len(dated))
    ax_n.set_title("(a)", loc="left")
    if n_undated:
        ax_n.set_title(f"{label('undated', lang=lang)}: {n_undated}", loc="right", fontsize=7)
    colours = dict(zip([g for g in order if g != "other_kinds"],
                       palette(len([g for g in order if g != "other_kinds"])), strict=True))
    lengths = pd.to_numeric(dated["n_chars"], errors="coerce").fillna(0) / 1000
    rng = np.random.default_rng(0)  # fixed jitter: the same figure on every run
    jitter = rng.uniform(-0.25, 0.25, len(dated)) if len(dated) > len(set(dated["year"])) else (
        np.zeros(len(dated)))
    alpha = 0.9 if len(dated) <= 300 else 0.5
    for i, group in enumerate(order):
        rows = (dated["_group"] == group).to_numpy()
        if not rows.any():
            continue
        colour = colours.get(group, "#7d7d7d")
        ax_len.plot(dated["year"].to_numpy()[rows] + jitter[rows], lengths.to_numpy()[rows],
                    linestyle="none", marker=MARKERS[i % len(MARKERS)], markersize=3,
                    markerfacecolor=colour if group != "other_kinds" else "white",
                    markeredgecolor=colour, markeredgewidth=0.5, alpha=alpha)
    positive = lengths[lengths > 0]
    log = len(positive) and positive.max() / max(positive.min(), 1e-3) > 20
    ylabel = label("chars_log" if log else "chars", lang=lang)
    if log:
        ax_len.set_yscale("log")
        from matplotlib.ticker import FuncFormatter

        ax_len.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    else:
        ax_len.set_ylim(bottom=0)
    ax_len.set_xlabel(label("year", lang=lang))
    ax_len.set_ylabel(ylabel)
    year_axis(ax_len, dated["year"])
    ax_len.set_title("(b)", loc="left")
    handles = handles[::-1]  # legend in stacking order, bottom first
    legend_below(fig, handles, [h.get_label() for h in handles], title=title)
    return fig
