"""The corpus overview figure."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cityreports.report.plots.base import (
    _corpus_missing,
    _legend_right,
    _new_figure,
    _year_ticks,
    empty_figure,
)
from cityreports.report.style import FILLS, GREYS, HATCHES, MARKERS, check_lang, label


def corpus_overview(documents: pd.DataFrame, *, lang: str = "en"):
    """Documents per year by script (stacked, hatched bars) and document length by year."""
    lang = check_lang(lang)
    empty = _corpus_missing(documents)
    if empty:
        undated = f"\n({label('undated', lang=lang)}: {len(documents)})" if len(documents) else ""
        return empty_figure(label(empty, lang=lang) + undated, width="double", aspect=0.36)
    docs = documents.copy()
    docs["year"] = pd.to_numeric(docs["year"], errors="coerce")
    dated = docs[docs["year"].notna()].copy()
    dated["year"] = dated["year"].astype(int)
    scripts = [s for s in ("simplified", "traditional", "mixed", "none")
               if s in set(docs["script"])]
    scripts += sorted(set(docs["script"]) - set(scripts))
    fig, axes = _new_figure(width="double", aspect=0.36, ncols=2)
    ax_n, ax_len = axes[0]
    counts = (dated.groupby(["year", "script"]).size().unstack("script", fill_value=0)
              .reindex(columns=scripts, fill_value=0))
    if not counts.empty:
        counts = counts.reindex(range(counts.index.min(), counts.index.max() + 1), fill_value=0)
    bottom = np.zeros(len(counts))
    for i, script in enumerate(scripts):
        values = counts[script].to_numpy() if not counts.empty else np.zeros(0)
        shown = values > 0
        ax_n.bar(counts.index[shown], values[shown], bottom=bottom[shown], width=0.7,
                 color=FILLS[i % len(FILLS)], edgecolor="black", linewidth=0.5,
                 hatch=HATCHES[i % len(HATCHES)], label=label(script, lang=lang))
        bottom = bottom + values
    ax_n.set_xlabel(label("year", lang=lang))
    ax_n.set_ylabel(label("documents", lang=lang))
    ax_n.yaxis.get_major_locator().set_params(integer=True)
    _year_ticks(ax_n, counts.index)
    n_undated = int(len(docs) - len(dated))
    if n_undated:
        ax_n.text(0.02, 0.98, f"{label('undated', lang=lang)}: {n_undated}",
                  transform=ax_n.transAxes, va="top", ha="left")
    _legend_right(ax_n, label("script", lang=lang))
    for i, script in enumerate(scripts):
        sub = dated[dated["script"] == script]
        ax_len.plot(sub["year"], sub["n_chars"] / 1000, linestyle="none",
                    marker=MARKERS[i % len(MARKERS)], color=GREYS[i % len(GREYS)],
                    markerfacecolor=FILLS[i % len(FILLS)], markeredgecolor="black",
                    label=label(script, lang=lang))
    ax_len.set_xlabel(label("year", lang=lang))
    ax_len.set_ylabel(label("chars", lang=lang))
    ax_len.set_ylim(bottom=0)
    _year_ticks(ax_len, dated["year"])
    ax_n.set_title("(a)", loc="left")
    ax_len.set_title("(b)", loc="left")
    return fig



