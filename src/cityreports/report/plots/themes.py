"""Figures of themes (the codebook's and the topic model's), keyness and formulations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from cityreports.codebooks import load_codebook
from cityreports.report.plots.base import (
    _formulations_missing,
    _keyness_missing,
    _kind_column,
    _themes_missing,
    _with_int_years,
    docs_per_year,
    document_kinds,
    draw_series,
    empty_figure,
    few_ticks,
    heatmap_height,
    kind_name,
    legend_below,
    n_strip,
    panel_column,
    row_heatmap,
    series_styles,
    shorten,
    shown_kinds,
    support_handles,
    year_axis,
)
from cityreports.report.style import (
    DOUBLE_COLUMN,
    GREYS,
    HATCHES,
    HEATMAP_CMAP,
    SINGLE_COLUMN,
    _pretty,
    check_lang,
    label,
    palette,
)

#: Characters of a row label before it is shortened with an ellipsis.
ROW_LABEL_LIMIT = 30
#: Characters of a small panel's title (before its unit) before it is shortened.
TITLE_LIMIT = 26


def theme_labels(codebook=None, *, lang: str = "en") -> dict[str, str]:
    """``{theme id: label}`` from a themes codebook (default: the packaged one), by ``lang``."""
    lang = check_lang(lang)
    book = codebook if codebook is not None else load_codebook()
    return {t.id: (t.label_zh if lang == "zh" else t.label_en) or t.id for t in book.themes}


def _kind_rates(by_doc: pd.DataFrame, kinds: pd.Series, chosen: Sequence[str], *, key: str,
                count: str, n_chars: str = "n_chars") -> pd.DataFrame:
    """Rates per 10,000 characters and documents by (kind, year, ``key``) from per-doc rows."""
    table = _with_int_years(by_doc)
    table["_kind"] = _kind_column(table, kinds, chosen)
    per_doc = table.drop_duplicates(["doc_id"])[["doc_id", "_kind", "year", n_chars]]
    sizes = per_doc.groupby(["_kind", "year"]).agg(n_docs=("doc_id", "nunique"),
                                                   chars=(n_chars, "sum")).reset_index()
    hits = table.groupby(["_kind", "year", key], as_index=False)[count].sum()
    merged = hits.merge(sizes, on=["_kind", "year"], how="left")
    merged["rate"] = merged[count] / merged["chars"].where(merged["chars"] > 0) * 1e4
    return merged


def theme_prevalence(themes_by_year: pd.DataFrame, *, lang: str = "en", top: int = 4,
                     labels: Mapping[str, str] | None = None, by_doc: pd.DataFrame | None = None,
                     documents: pd.DataFrame | None = None):
    """Theme rates per year coloured per row (a) and small multiples of the ``top`` themes (b).

    Takes :func:`analyses.themes.themes_by_year` (``year``, ``theme``, ``n_docs``, ``hits``,
    ``per_10k_chars``, ``per_10k_low``, ``per_10k_high``). Panel (a) colours each theme's row
    by the share of its own highest year (the highest rate printed on the right); years without
    documents are hatched. Panel (b) has one small panel per top theme with bootstrap intervals
    where years have two or more documents, and the documents per year underneath. With
    ``by_doc`` (:func:`analyses.themes.themes_by_doc`) and ``documents`` holding a ``kind``
    column of two or more kinds, (b) draws one series per kind instead. ``labels`` maps theme
    ids to display labels (see :func:`theme_labels`).
    """
    lang = check_lang(lang)
    empty = _themes_missing(themes_by_year)
    if empty:
        return empty_figure(label(empty, lang=lang), width="double", aspect=0.486)
    names = dict(labels or {})
    table = _with_int_years(themes_by_year)
    n_by_year = docs_per_year(table)
    totals = table.groupby("theme")["hits"].sum().sort_values(ascending=False, kind="stable")
    order = sorted(totals.index, key=lambda t: (-float(totals[t]), str(t)))
    grid = table.pivot_table(index="theme", columns="year", values="per_10k_chars",
                             aggfunc="sum", fill_value=0.0).reindex(order)
    chosen = [t for t in order[:max(1, int(top))] if totals[t] > 0]
    shown = {t: shorten(names.get(t, _pretty(t)), limit=ROW_LABEL_LIMIT) for t in order}
    kinds = document_kinds(documents)
    facets = shown_kinds(kinds) if by_doc is not None else []
    import matplotlib.pyplot as plt

    height = max(heatmap_height(len(order), base=1.6), 1.0 + 0.8 * len(chosen))
    fig = plt.figure(figsize=(DOUBLE_COLUMN, round(height, 3)))
    cells = fig.add_gridspec(1, 2, width_ratios=(1.0, 1.0))
    ax_h = fig.add_subplot(cells[0, 0])
    image = row_heatmap(ax_h, grid, list(n_by_year), row_names=[shown[t] for t in order],
                        lang=lang)
    ax_h.set_xlabel(label("year", lang=lang))
    bar = fig.colorbar(image, ax=ax_h, location="bottom", shrink=0.7, aspect=30, pad=0.02)
    bar.set_label(label("row_scaled", lang=lang))
    bar.set_ticks([0, 0.5, 1])
    ax_h.set_title("(a)", loc="left")
    ax_h.set_title(f"{label('rate_peak', lang=lang)} →", loc="right", fontsize=6)
    panels, strip = panel_column(fig, cells[0, 1], len(chosen))
    handles: list = []
    if facets:
        rates = _kind_rates(by_doc, kinds, facets, key="theme", count="hits")
        groups = [k for k in [*facets, "other_kinds"] if k in set(rates["_kind"])]
        styles = dict(zip(groups, series_styles(len(groups)), strict=True))
        for ax, theme in zip(panels, chosen, strict=True):
            for kind in groups:
                sub = rates[(rates["theme"] == theme) & (rates["_kind"] == kind)]
                colour, marker, dash = styles[kind]
                handle = draw_series(ax, dict(zip(sub["year"], sub["rate"], strict=True)),
                                     dict(zip(sub["year"], sub["n_docs"], strict=True)),
                                     color=colour, marker=marker, linestyle=dash,
                                     label_text=kind_name(kind, lang=lang))
                if theme == chosen[0]:
                    handles.append(handle)
    else:
        colour = palette(1)[0]
        for ax, theme in zip(panels, chosen, strict=True):
            sub = table[table["theme"] == theme]
            years = sub["year"].to_numpy()
            draw_series(ax, dict(zip(years, sub["per_10k_chars"], strict=True)), n_by_year,
                        color=colour, low=dict(zip(years, sub.get("per_10k_low", sub[
                            "per_10k_chars"]), strict=True)),
                        high=dict(zip(years, sub.get("per_10k_high", sub["per_10k_chars"]),
                                      strict=True)))
    unit = label("rate_short", lang=lang)
    for i, (ax, theme) in enumerate(zip(panels, chosen, strict=True)):
        title = shorten(names.get(theme, _pretty(theme)), limit=TITLE_LIMIT)
        ax.set_title(f"{'(b) ' if i == 0 else ''}{title} ({unit})", loc="left", fontsize=7)
        ax.set_ylim(bottom=0)
        few_ticks(ax)
    n_strip(strip, n_by_year, lang=lang)
    strip.set_xlabel(label("year", lang=lang))
    legend_below(fig, [*handles, *support_handles(lang=lang)],
                 [h.get_label() for h in [*handles, *support_handles(lang=lang)]],
                 title=label("kind", lang=lang) if handles else "")
    return fig


#: Characters of a topic's name (number and top terms) in a title or row label.
TOPIC_NAME_LIMIT = 28


def topic_names(table: pd.DataFrame) -> dict[int, str]:
    """``{topic: "3 数据 平台 服务"}``: the number and the label (top terms) of each topic."""
    names = {}
    for topic, text in zip(table["topic"], table["label"], strict=True):
        names[int(topic)] = shorten(f"{int(topic)} {text}", limit=TOPIC_NAME_LIMIT)
    return names


def _topic_kind_heatmap(fig, ax, by_kind: pd.DataFrame, names: dict[int, str], *,
                        lang: str) -> None:
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
        _topic_kind_heatmap(fig, ax_h, by_kind, names, lang=lang)
        ax_h.set_title("(b)", loc="left")
    handles = support_handles(lang=lang)
    legend_below(fig, handles, [h.get_label() for h in handles])
    return fig


def period_names(split_year: int | None, *, lang: str = "en") -> tuple[str, str]:
    """Names of the earlier and later period (``before 2021``, ``2021 and later``)."""
    if split_year is None:
        return label("period_a", lang=lang), label("period_b", lang=lang)
    if lang == "zh":
        return f"{split_year}年以前", f"{split_year}年及以后"
    return f"before {split_year}", f"{split_year} and later"


def keyness_bars(keyness: pd.DataFrame, *, lang: str = "en", top: int = 10,
                 split_year: int | None = None):
    """Diverging bars of the ``top`` terms key to each side (``signed`` log-likelihood).

    Takes :func:`cityreports.analyses.keyness.keyness_between` (``term``, ``signed``, ``effect``);
    with ``split_year`` the legend names the periods (``before 2021``, ``2021 and later``).
    """
    lang = check_lang(lang)
    empty = _keyness_missing(keyness)
    if empty:
        return empty_figure(label(empty, lang=lang), width="single", aspect=1.1)
    table = keyness.dropna(subset=["signed"])
    pos = table[table["signed"] > 0].sort_values(["signed", "term"], ascending=[False, True])
    neg = table[table["signed"] < 0].sort_values(["signed", "term"], ascending=[True, True])
    shown = pd.concat([neg.head(top).iloc[::-1], pos.head(top).iloc[::-1]])
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(SINGLE_COLUMN, round(1.3 + 0.16 * len(shown), 3)))
    ax = fig.add_subplot()
    y = np.arange(len(shown))
    values = shown["signed"].to_numpy(dtype=float)
    later, earlier = palette(2)[0], "#ffffff"
    name_a, name_b = period_names(split_year, lang=lang)
    ax.barh(y[values < 0], values[values < 0], color=earlier, edgecolor=GREYS[3],
            linewidth=0.5, hatch=HATCHES[1], label=name_a)
    ax.barh(y[values > 0], values[values > 0], color=later, edgecolor=later,
            linewidth=0.5, label=name_b)
    ax.set_yticks(y, [shorten(t, limit=16) for t in shown["term"]])
    ax.tick_params(axis="y", length=0)
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_ylim(-0.7, len(shown) - 0.3)
    ax.set_xlabel(label("keyness", lang=lang).replace("(log ratio)", "(signed G²)")
                  if lang == "en" else "关键性 (带符号 G²)")
    handles, texts = ax.get_legend_handles_labels()
    legend_below(fig, handles, texts)
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


def _occurrences(ax, seen: pd.DataFrame, timeline: pd.DataFrame, names: Mapping[str, str],
                 n_by_year: Mapping[int, int], *, lang: str) -> None:
    """One row per formulation, a dot in every year it occurs (area: share of documents)."""
    rows = {f: len(seen) - 1 - i for i, f in enumerate(seen["formulation"])}
    used = timeline[timeline["formulation"].isin(list(rows))].copy()
    used = used[pd.to_numeric(used["hits"], errors="coerce").fillna(0) > 0] if (
        "hits" in used) else used[pd.to_numeric(used["rate_per_10k"], errors="coerce") > 0]
    if "n_docs_with" in used and "n_docs" in used:
        share = used["n_docs_with"] / used["n_docs"].where(used["n_docs"] > 0)
    else:
        share = pd.Series(1.0, index=used.index)
    colour = palette(1)[0]
    solid = used["year"].map(lambda y: n_by_year.get(int(y), 0) >= 2).to_numpy(dtype=bool)
    sizes = 4 + 26 * share.fillna(1.0).clip(0, 1).to_numpy(dtype=float)
    ys = used["formulation"].map(rows).to_numpy(dtype=float)
    xs = used["year"].to_numpy(dtype=float)
    ax.scatter(xs[solid], ys[solid], s=sizes[solid], color=colour, linewidths=0, clip_on=False)
    ax.scatter(xs[~solid], ys[~solid], s=sizes[~solid], facecolors="white", edgecolors=colour,
               linewidths=0.6, clip_on=False)
    ax.set_yticks(list(rows.values()),
                  [shorten(names[f], limit=ROW_LABEL_LIMIT) for f in rows])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", color="#e3e3e3", linewidth=0.4)
    ax.set_axisbelow(True)


def formulation_timeline_figure(summary: pd.DataFrame, timeline: pd.DataFrame, *,
                                lang: str = "en", top: int = 4,
                                max_rows: int = MAX_FORMULATION_ROWS):
    """Where each formulation occurs over the years (a) and small multiples of a few rates (b).

    Takes :func:`cityreports.analyses.formulations.formulation_summary` (``formulation``,
    ``label``, ``label_en``, ``family``, ``superseded_by``, ``first_year``, ``last_year``,
    ``total_hits``) and ``formulation_timeline`` (``formulation``, ``year``, ``hits``,
    ``n_docs_with``, ``n_docs``, ``rate_per_10k``). Panel (a) has one row per formulation that
    occurs (at most ``max_rows``, by total hits; earliest first) with a dot in each year it is
    used, its area the share of that year's documents using it (hollow: a one-document year);
    the figure grows with the rows. Panel (b) shows the lineage formulations of
    :func:`lineage_formulations` (at most ``top``), one small panel each. Both panels have the
    documents per year underneath.
    """
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    empty = _formulations_missing(summary, timeline)
    if empty:
        return empty_figure(label(empty, lang=lang), width="double", aspect=0.514)
    names = formulation_labels(summary, lang=lang)
    seen = summary.dropna(subset=["first_year", "last_year"])
    if "total_hits" in seen:
        seen = seen[pd.to_numeric(seen["total_hits"], errors="coerce").fillna(0) > 0]
        seen = seen.sort_values(["total_hits", "formulation"], ascending=[False, True],
                                kind="stable").head(max_rows)
    seen = seen.assign(_name=seen["formulation"].map(names)).sort_values(
        ["first_year", "last_year", "_name"], ascending=[True, False, True], kind="stable")
    used = _with_int_years(timeline)
    n_by_year = docs_per_year(used)
    chosen = lineage_formulations(seen, top=top)
    n = len(seen)
    height = max(heatmap_height(n, base=1.5, per_row=0.15), 1.0 + 0.8 * len(chosen))
    fig = plt.figure(figsize=(DOUBLE_COLUMN, round(height, 3)))
    grid = fig.add_gridspec(1, 2, width_ratios=(1.25, 1.0))
    left = grid[0, 0].subgridspec(2, 1, height_ratios=(max(n, 1) * 0.15, 0.3), hspace=0.04)
    strip_r = fig.add_subplot(left[1, 0])
    ax_r = fig.add_subplot(left[0, 0], sharex=strip_r)
    ax_r.tick_params(axis="x", labelbottom=False)
    _occurrences(ax_r, seen, used, names, n_by_year, lang=lang)
    n_strip(strip_r, n_by_year, lang=lang)
    strip_r.set_xlabel(label("year", lang=lang))
    ax_r.set_title("(a)", loc="left")
    panels, strip = panel_column(fig, grid[0, 1], max(len(chosen), 1))
    colour = palette(1)[0]
    for i, (ax, formulation) in enumerate(zip(panels, chosen, strict=False)):
        sub = used[used["formulation"] == formulation]
        draw_series(ax, dict(zip(sub["year"], sub["rate_per_10k"], strict=True)), n_by_year,
                    color=colour)
        ax.set_title(f"{'(b) ' if i == 0 else ''}{shorten(names[formulation], limit=TITLE_LIMIT)} "
                     f"({label('rate_short', lang=lang)})", loc="left", fontsize=7)
        ax.set_ylim(bottom=0)
        few_ticks(ax)
    n_strip(strip, n_by_year, lang=lang)
    strip.set_xlabel(label("year", lang=lang))
    year_axis(strip, list(n_by_year))
    handles = [*support_handles(lang=lang), *_size_handles(lang=lang)]
    legend_below(fig, handles, [h.get_label() for h in handles])
    return fig


def _size_handles(*, lang: str) -> list:
    """Legend entries for the dot areas of panel (a): a quarter and all of a year's documents."""
    from matplotlib.lines import Line2D

    colour = palette(1)[0]
    return [Line2D([], [], linestyle="none", marker="o", color=colour,
                   markersize=float(np.sqrt(4 + 26 * share)),
                   label=f"{label('occurs_short', lang=lang)} {share:.0%}")
            for share in (0.25, 1.0)]
