"""Figure of topics: prevalence by year with intervals (a) and by kind of document (b)."""

from __future__ import annotations

import pandas as pd

from cityreports.report.plots.base import (
    _key_column,
    _key_legend,
    _styled_lines,
    _year_ticks,
    empty_figure,
)
from cityreports.report.style import DOUBLE_COLUMN, check_lang, label

_TEXT = {
    "en": {"prevalence": "Topic prevalence (mean share)", "topic": "Topic", "kind": "Kind",
           "none": "no dated documents to model"},
    "zh": {"prevalence": "主题比重（平均）", "topic": "主题", "kind": "文本类型",
           "none": "没有标明年份的文本可建模"},
}


def _text(key: str, lang: str) -> str:
    return _TEXT[lang][key]


def topic_prevalence_figure(by_year: pd.DataFrame, by_kind: pd.DataFrame | None = None, *,
                            lang: str = "en", top: int = 4):
    """Lines of the ``top`` most prevalent topics per year with bootstrap intervals (a) and a
    grey heatmap of every topic's prevalence per kind (b, when ``by_kind`` has rows).

    Takes :func:`cityreports.analyses.topics.topic_prevalence` by ``"year"`` and by ``"kind"``
    (``topic``, ``label``, ``prevalence``, ``low``, ``high``).
    """
    lang = check_lang(lang)
    if by_year is None or not len(by_year):
        return empty_figure(_text("none", lang), width="double", aspect=0.486)
    import matplotlib.pyplot as plt

    table = by_year.copy()
    table["year"] = table["year"].astype(int)
    names = {int(t): f"{int(t)} {lab}" for t, lab in zip(table.topic, table.label, strict=True)}
    weight = table.groupby("topic")["prevalence"].mean().sort_values(ascending=False,
                                                                    kind="stable")
    chosen = sorted(int(t) for t in weight.index[:top])
    kinds = by_kind is not None and len(by_kind) > 0
    height = 3.4
    fig = plt.figure(figsize=(DOUBLE_COLUMN, height))
    cells = fig.add_gridspec(1, 2 if kinds else 1, width_ratios=(1.0, 0.8) if kinds else None)
    ax_l, ax_key, ncol = _key_column(fig, cells[0, 0], n_entries=len(chosen), height=height,
                                     longest=max(len(names[t]) for t in chosen))
    _styled_lines(ax_l, table[table["topic"].isin(chosen)], x="year", y="prevalence",
                  group="topic", low="low", high="high", names=names)
    ax_l.set_xlabel(label("year", lang=lang))
    ax_l.set_ylabel(_text("prevalence", lang))
    ax_l.set_ylim(bottom=0)
    _year_ticks(ax_l, table["year"])
    _key_legend(ax_l, ax_key, _text("topic", lang), ncol=ncol)
    ax_l.set_title("(a)", loc="left")
    if kinds:
        grid = by_kind.pivot_table(index="topic", columns="kind", values="prevalence",
                                   aggfunc="sum", fill_value=0.0).sort_index()
        ax_h = fig.add_subplot(cells[0, 1])
        image = ax_h.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="Greys",
                            interpolation="nearest", vmin=0.0)
        ax_h.set_yticks(range(len(grid.index)), [names.get(int(t), str(t)) for t in grid.index])
        ax_h.set_xticks(range(len(grid.columns)), [str(c) or "-" for c in grid.columns],
                        rotation=30, ha="right")
        ax_h.set_xlabel(_text("kind", lang))
        fig.colorbar(image, ax=ax_h, label=_text("prevalence", lang), shrink=0.8)
        ax_h.set_title("(b)", loc="left")
    return fig
