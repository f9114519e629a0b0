"""Figure of topics: prevalence by year, one small panel per topic (a), and by kind (b)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cityreports.report.plots.base import (
    _with_int_years,
    docs_per_year,
    draw_series,
    empty_figure,
    few_ticks,
    heatmap_height,
    kind_name,
    legend_below,
    n_strip,
    panel_column,
    shorten,
    support_handles,
)
from cityreports.report.style import DOUBLE_COLUMN, HEATMAP_CMAP, check_lang, label, palette

#: Characters of a topic's name (number and top terms) in a title or row label.
TOPIC_NAME_LIMIT = 28


def topic_names(table: pd.DataFrame) -> dict[int, str]:
    """``{topic: "3 数据 平台 服务"}``: the number and the label (top terms) of each topic."""
    names = {}
    for topic, text in zip(table["topic"], table["label"], strict=True):
        names[int(topic)] = shorten(f"{int(topic)} {text}", limit=TOPIC_NAME_LIMIT)
    return names


def _kind_heatmap(fig, ax, by_kind: pd.DataFrame, names: dict[int, str], *, lang: str) -> None:
    """Rows: topics; columns: kinds; each row coloured by its share of the row's highest value,
    the value (percent of the kind's text) printed in the cell."""
    import matplotlib as mpl

    grid = by_kind.pivot_table(index="topic", columns="kind", values="prevalence",
                               aggfunc="sum", fill_value=0.0).sort_index()
    values = grid.to_numpy(dtype=float)
    peaks = values.max(axis=1, keepdims=True)
    scaled = values / np.where(peaks > 0, peaks, 1.0)
    image = ax.imshow(scaled, aspect="auto", cmap=mpl.colormaps[HEATMAP_CMAP],
                      interpolation="nearest", vmin=0, vmax=1)
    if values.size <= 120:
        for (i, j), value in np.ndenumerate(values):
            ax.text(j, i, f"{value:.0%}", ha="center", va="center", fontsize=6,
                    color="white" if scaled[i, j] > 0.6 else "black")
    ax.set_yticks(range(len(grid.index)), [names.get(int(t), str(t)) for t in grid.index])
    kinds = [kind_name(str(k), lang=lang) if str(k) else "–" for k in grid.columns]
    ax.set_xticks(range(len(grid.columns)), [shorten(k, limit=24) for k in kinds],
                  rotation=90 if len(kinds) > 2 else 0)
    ax.tick_params(axis="both", length=0)
    ax.set_xlabel(label("kind", lang=lang))
    bar = fig.colorbar(image, ax=ax, location="bottom", shrink=1.0, aspect=25, pad=0.02)
    bar.set_label(label("row_scaled_share", lang=lang))
    bar.set_ticks([0, 0.5, 1])


def topic_prevalence_figure(by_year: pd.DataFrame, by_kind: pd.DataFrame | None = None, *,
                            lang: str = "en", top: int = 4):
    """Prevalence of the ``top`` most prevalent topics per year, one small panel each, with
    bootstrap intervals where a year has two or more documents (a), and every topic's
    prevalence per kind of document, coloured per row (b, when ``by_kind`` has two or more
    kinds).

    Takes :func:`cityreports.analyses.topics.topic_prevalence` by ``"year"`` and by ``"kind"``
    (``topic``, ``label``, ``n_docs``, ``prevalence``, ``low``, ``high``).
    """
    lang = check_lang(lang)
    table = _with_int_years(by_year) if by_year is not None else pd.DataFrame()
    if table.empty:
        return empty_figure(label("no_topics", lang=lang), width="double", aspect=0.486)
    import matplotlib.pyplot as plt

    names = topic_names(table)
    n_by_year = docs_per_year(table)
    weight = table.groupby("topic")["prevalence"].mean()
    chosen = sorted(weight.index, key=lambda t: (-float(weight[t]), int(t)))[:max(1, top)]
    kinds = by_kind is not None and "kind" in by_kind and by_kind["kind"].nunique() > 1
    n_topics = table["topic"].nunique()
    height = max(1.0 + 0.8 * len(chosen), heatmap_height(n_topics, base=1.8) if kinds else 0)
    fig = plt.figure(figsize=(DOUBLE_COLUMN, round(height, 3)))
    cells = fig.add_gridspec(1, 2 if kinds else 1, width_ratios=(1.0, 0.9) if kinds else None)
    panels, strip = panel_column(fig, cells[0, 0], len(chosen))
    colour = palette(1)[0]
    share = label("topic_share", lang=lang)
    for i, (ax, topic) in enumerate(zip(panels, chosen, strict=True)):
        sub = table[table["topic"] == topic]
        years = sub["year"].to_numpy()
        draw_series(ax, dict(zip(years, sub["prevalence"], strict=True)), n_by_year,
                    color=colour, low=dict(zip(years, sub["low"], strict=True)),
                    high=dict(zip(years, sub["high"], strict=True)))
        ax.set_title(f"{'(a) ' if i == 0 else ''}{names[int(topic)]} ({share})", loc="left",
                     fontsize=7)
        ax.set_ylim(bottom=0)
        few_ticks(ax)
    n_strip(strip, n_by_year, lang=lang)
    strip.set_xlabel(label("year", lang=lang))
    if kinds:
        ax_h = fig.add_subplot(cells[0, 1])
        _kind_heatmap(fig, ax_h, by_kind, names, lang=lang)
        ax_h.set_title("(b)", loc="left")
    handles = support_handles(lang=lang)
    legend_below(fig, handles, [h.get_label() for h in handles])
    return fig
