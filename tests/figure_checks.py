"""Readability checks of a drawn figure, by code: what a reader would otherwise spot by eye.

* tick labels of one axis do not overlap (their text extents are compared);
* titles, axis labels and tick labels of different axes do not overlap each other;
* every text, legend and axes decoration lies inside the figure;
* no line or interval band runs across a year with fewer than two documents, and no line joins
  years that are not neighbours (series carry ``cr_n_by_year`` from the plot helpers);
* no internal id (``digital_infrastructure``) is shown.
"""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np

from cityreports.report import figures as F

MIN_DOCS = F.MIN_DOCS_FOR_LINE
#: Pixels two extents may share before they count as overlapping (anti-aliasing).
SLACK = 0.5


def drawn(fig):
    """The figure laid out as when saved (frozen), drawn, and its renderer."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # missing glyphs, collapsed constrained layout
        F.freeze_layout(fig)
        fig.canvas.draw()
    return fig.canvas.get_renderer()


def _visible(text) -> bool:
    return bool(text.get_visible() and text.get_text().strip())


def _shrunk(box):
    from matplotlib.transforms import Bbox

    return Bbox.from_extents(box.x0 + SLACK, box.y0 + SLACK, box.x1 - SLACK, box.y1 - SLACK)


def _shown_ticks(ax, axis):
    low, high = sorted(axis.get_view_interval())
    pairs = zip(axis.get_majorticklocs(), axis.get_ticklabels(), strict=False)
    return [t for loc, t in pairs if low - 1e-9 <= loc <= high + 1e-9 and _visible(t)]


def _all_axes(fig):
    """Axes of the figure and their child axes (secondary axes, colour bars)."""
    found = []
    for ax in fig.axes:
        found.append(ax)
        found += [c for c in ax.child_axes if c not in found]
    return found


def tick_overlaps(fig, renderer) -> list[str]:
    """Pairs of tick labels of one axis whose extents overlap."""
    problems = []
    for ax in _all_axes(fig):
        for axis in (ax.xaxis, ax.yaxis):
            shown = _shown_ticks(ax, axis)
            boxes = [_shrunk(t.get_window_extent(renderer)) for t in shown]
            for i in range(len(boxes)):
                for j in range(i + 1, len(boxes)):
                    if boxes[i].overlaps(boxes[j]):
                        problems.append(f"ticks {shown[i].get_text()!r} and "
                                        f"{shown[j].get_text()!r} overlap")
    return problems


def _labels(fig):
    """Titles, axis labels and tick labels, each with the axes it belongs to."""
    items = []
    for ax in _all_axes(fig):
        for text in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label):
            if _visible(text):
                items.append((ax, text))
        for axis in (ax.xaxis, ax.yaxis):
            items += [(ax, t) for t in _shown_ticks(ax, axis)]
    for text in (fig._supxlabel, fig._supylabel, fig._suptitle):
        if text is not None and _visible(text):
            items.append((None, text))
    return items


def label_overlaps(fig, renderer) -> list[str]:
    """Titles, axis labels and tick labels of different axes (or of one axes but different
    kinds) that overlap."""
    items = [(ax, t, _shrunk(t.get_window_extent(renderer))) for ax, t in _labels(fig)]
    problems = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            ax_a, a, box_a = items[i]
            ax_b, b, box_b = items[j]
            same_axis = ax_a is ax_b and _axis_of(a) is not None and _axis_of(a) is _axis_of(b)
            if same_axis:
                continue  # ticks of one axis: tick_overlaps
            if box_a.overlaps(box_b):
                problems.append(f"{a.get_text()!r} overlaps {b.get_text()!r}")
    return problems


def _axis_of(text):
    axes = text.axes
    if axes is None:
        return None
    for axis in (axes.xaxis, axes.yaxis):
        if text in axis.get_ticklabels():
            return axis
    return None


def outside_figure(fig, renderer) -> list[str]:
    """Texts, legends and axes decorations that reach outside the figure."""
    box = fig.bbox

    def inside(ext) -> bool:
        return (ext.x0 >= box.x0 - 1 and ext.y0 >= box.y0 - 1 and ext.x1 <= box.x1 + 1
                and ext.y1 <= box.y1 + 1)

    problems = []
    ticks = {id(t) for ax in _all_axes(fig) for axis in (ax.xaxis, ax.yaxis)
             for t in axis.get_ticklabels(minor=False) + axis.get_ticklabels(minor=True)}
    for text in fig.findobj(matplotlib.text.Text):
        if id(text) in ticks:
            continue  # drawn tick labels are in the axes' tight box, checked below
        if _visible(text) and text.get_window_extent(renderer).width > 0 and not inside(
                text.get_window_extent(renderer)):
            problems.append(f"text {text.get_text()!r} outside the figure")
    for legend in legends(fig):
        if not inside(legend.get_window_extent(renderer)):
            problems.append("legend outside the figure")
    for ax in fig.axes:
        if ax.get_visible() and not inside(ax.get_tightbbox(renderer)):
            problems.append(f"axes {ax.get_title(loc='left')!r} outside the figure")
    return problems


def legends(fig) -> list:
    found = list(fig.legends)
    found += [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    return found


def legend_overlaps_data(fig, renderer) -> list[str]:
    """Legends that cover a plotting area (they belong beside or under the axes)."""
    problems = []
    plots = [ax for ax in fig.axes if ax.axison and ax.get_label() != "<colorbar>"]
    for legend in legends(fig):
        frame = _shrunk(legend.get_window_extent(renderer))
        for ax in plots:
            if legend.axes is ax:
                continue
            if frame.overlaps(ax.get_window_extent(renderer)):
                problems.append(f"legend over the axes {ax.get_title(loc='left')!r}")
    return problems


def _year_lines(ax):
    for line in ax.get_lines():
        if line.get_linestyle() in ("None", "none", "", " ") or not line.get_visible():
            continue
        xs = np.asarray(line.get_xdata(), dtype=float)
        if len(xs) >= 2:
            yield line, xs


def series_problems(fig) -> list[str]:
    """Lines or bands over years with fewer than two documents, or across gaps."""
    problems = []
    for ax in fig.axes:
        if not getattr(ax, "cr_year_axis", False):
            continue
        for line, xs in _year_lines(ax):
            n_by_year = getattr(line, "cr_n_by_year", None)
            if n_by_year is None:
                ys = np.asarray(line.get_ydata(), dtype=float)
                if not (np.allclose(xs, xs[0]) or np.allclose(ys, ys[0])):
                    problems.append("a line on a year axis that is not a series")
                continue
            years = [int(round(x)) for x in xs]
            for a, b in zip(years, years[1:], strict=False):
                if b - a != 1:
                    problems.append(f"line joins {a} and {b} across a gap")
                for year in (a, b):
                    if n_by_year.get(year, 0) < MIN_DOCS:
                        problems.append(f"line touches {year} ({n_by_year.get(year, 0)} docs)")
        for collection in ax.collections:
            n_by_year = getattr(collection, "cr_n_by_year", None)
            if n_by_year is None or not hasattr(collection, "get_paths"):
                continue
            for path in collection.get_paths():
                xs = sorted({int(round(x)) for x in path.vertices[:, 0]})
                if len(xs) < 2:
                    continue
                if xs != list(range(xs[0], xs[-1] + 1)):
                    problems.append(f"band across a gap {xs}")
                thin = [y for y in xs if n_by_year.get(y, 0) < MIN_DOCS]
                if thin:
                    problems.append(f"band over years with fewer than two documents {thin}")
    return problems


def series_counts(fig) -> list[dict[int, int]]:
    """The ``{year: documents}`` every series of the figure was drawn from."""
    return [dict(line.cr_n_by_year) for ax in fig.axes for line in ax.get_lines()
            if getattr(line, "cr_n_by_year", None) is not None]


def shown_ids(fig) -> list[str]:
    """Visible texts that look like internal ids (``word_word``)."""
    import re

    ident = re.compile(r"\b[a-z]+_[a-z_]+\b")
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)
            if _visible(t) and ident.search(t.get_text())]


def all_problems(fig) -> list[str]:
    """Every problem of the checks above, for one figure."""
    renderer = drawn(fig)
    return (tick_overlaps(fig, renderer) + label_overlaps(fig, renderer)
            + outside_figure(fig, renderer) + legend_overlaps_data(fig, renderer)
            + series_problems(fig) + [f"id shown: {t!r}" for t in shown_ids(fig)])
