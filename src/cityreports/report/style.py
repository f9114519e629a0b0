"""Figures a paper can cite: one house style, a packaged CJK font, reproducible files.

* :func:`use_style` applies the house style (and the packaged CJK font) to every matplotlib or
  seaborn plot made afterwards; :func:`house_style` does the same inside a ``with`` block
  (``matplotlib.rc_context``) and changes nothing globally. Colours come from viridis
  (:func:`palette`): distinguishable for colour-blind readers and, since their lightness rises
  monotonically, in greyscale; lines also differ by dash and marker. Sizes fit a journal column
  (:data:`SINGLE_COLUMN` 3.5 in, :data:`DOUBLE_COLUMN` 7 in); fonts are TrueType (Type 42) in
  PDF and glyph paths in SVG. The font is WenQuanYi Micro Hei (Apache-2.0, ``resources/fonts``).
* Labels are English or Chinese (``lang='en'|'zh'``) via :func:`label`.
* :func:`~cityreports.report.saving.save_figure` writes PDF, SVG and PNG (300 dpi) with fixed
  metadata (no dates) and provenance, and merges one row per file into ``MANIFEST.csv``.
* Figure functions (``report/plots``) take the library's DataFrames and return a Figure.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from cityreports.errors import InputError, ParameterError
from cityreports.resources import read_resource, read_tsv, resource_path

CJK_FONT_FILE = "WenQuanYiMicroHei.ttf"
CJK_FONT_NAME = "WenQuanYi Micro Hei"
LATIN_FONT_NAME = "DejaVu Sans"

SINGLE_COLUMN = 3.5
DOUBLE_COLUMN = 7.0
WIDTHS = {"single": SINGLE_COLUMN, "double": DOUBLE_COLUMN}
LANGS = ("en", "zh")
FORMATS = ("pdf", "svg", "png")
#: What the bars of the claims overview count: claims, claims per document of the year (so
#: that a year with many documents does not dwarf the others), or each group's share of the
#: year's claims (the ``claims_scale`` parameter of the claims notebook).
CLAIM_SCALES = ("count", "per_document", "share")
PNG_DPI = 300

#: The colour map series and stacks are sampled from (lightness rises monotonically, so the
#: colours stay apart in greyscale and for the common colour-vision deficiencies).
PALETTE_CMAP = "viridis"
#: Sequential map of the heatmaps (light = low, dark = high; monotonic lightness).
HEATMAP_CMAP = "YlGnBu"
#: Most colours :func:`palette` spreads over (the yellow end is too light for lines on white).
PALETTE_SPAN = (0.0, 0.82)
#: Greys for text, reference lines and the "no documents" hatching.
GREYS = ("#000000", "#5f5f5f", "#9a9a9a", "#3a3a3a", "#7d7d7d", "#b5b5b5")
LINESTYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
#: Hatches for the few bar fills that must not look like a colour (``other``, ``no unit``).
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "++", "", "---", "///", "oo")
FILLS = ("#404040", "#ffffff", "#b0b0b0", "#ffffff", "#808080", "#ffffff", "#ffffff",
         "#ffffff", "#b0b0b0", "#ffffff")
#: Fill of a remainder category (``other``): white with grey hatching, unlike any colour.
OTHER_FILL = "#ffffff"
OTHER_HATCH = "////"


def palette(n: int) -> list[str]:
    """``n`` colours from dark to light along :data:`PALETTE_CMAP` (hex, deterministic)."""
    import matplotlib as mpl
    from matplotlib.colors import to_hex

    if n <= 0:
        return []
    cmap = mpl.colormaps[PALETTE_CMAP]
    low, high = PALETTE_SPAN
    if n == 1:
        return [to_hex(cmap(low))]
    return [to_hex(cmap(low + (high - low) * i / (n - 1))) for i in range(n)]


#: The file of figure and table labels (key, en, zh; ``\n`` a line break).
LABELS_FILE = "labels.tsv"


@lru_cache(maxsize=1)
def _label_table() -> dict[str, tuple[str, str]]:
    text, source, _ = read_resource(LABELS_FILE)
    table: dict[str, tuple[str, str]] = {}
    for lineno, cells in read_tsv(text, source, header=("key", *LANGS))[1]:
        if len(cells) != 1 + len(LANGS) or not cells[0] or cells[0] in table:
            raise InputError(f"{source}:{lineno}", "a row is a new key and its en and zh labels")
        en, zh = (cell.replace("\\n", "\n") for cell in cells[1:])
        table[cells[0]] = (en, zh)
    return table


class _Labels(Mapping[str, tuple[str, str]]):
    """The English and Chinese labels by key, read from ``resources/labels.tsv`` on first use."""

    def __getitem__(self, key: str) -> tuple[str, str]:
        return _label_table()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(_label_table())

    def __len__(self) -> int:
        return len(_label_table())


#: English and Chinese labels by key (``resources/labels.tsv``).
LABELS: Mapping[str, tuple[str, str]] = _Labels()


# --- parameters ---------------------------------------------------------------------------


def check_lang(lang: object) -> str:
    """``lang`` if it is ``'en'`` or ``'zh'``, else :class:`ParameterError`."""
    if lang not in LANGS:
        raise ParameterError("lang", f"must be one of {', '.join(LANGS)}, got {lang!r}")
    return str(lang)


def check_formats(formats: object) -> tuple[str, ...]:
    """A non-empty subset of pdf/svg/png (string or sequence), in canonical order."""
    items = [formats] if isinstance(formats, str) else formats
    if not isinstance(items, (list, tuple)) or not items:
        raise ParameterError("formats", f"must be a non-empty list of pdf/svg/png, got {formats!r}")
    bad = [f for f in items if f not in FORMATS]
    if bad:
        raise ParameterError("formats", f"unknown format(s) {bad!r}; allowed: pdf, svg, png")
    return tuple(f for f in FORMATS if f in items)


def label(key: str, *, lang: str = "en") -> str:
    """The label for ``key`` in ``lang``; unknown keys are returned unchanged."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[LANGS.index(check_lang(lang))]


def _pretty(name: object) -> str:
    """A code-like id as text: ``digital_infrastructure`` -> ``digital infrastructure``."""
    return str(name).replace("_", " ")


def figure_size(*, width: str = "single", aspect: float = 0.62) -> tuple[float, float]:
    """``(width, height)`` in inches for a single or double journal column."""
    if width not in WIDTHS:
        raise ParameterError("width", f"must be 'single' or 'double', got {width!r}")
    if not 0.1 <= aspect <= 3:
        raise ParameterError("aspect", f"must be between 0.1 and 3, got {aspect!r}")
    return WIDTHS[width], round(WIDTHS[width] * aspect, 3)


# --- style and fonts ----------------------------------------------------------------------


def cjk_font_path() -> Path:
    """Path of the packaged CJK TrueType font."""
    return resource_path(f"fonts/{CJK_FONT_FILE}")


def register_fonts() -> str:
    """Add the packaged CJK font to matplotlib's font manager (idempotent); return its name."""
    from matplotlib import font_manager

    path = cjk_font_path()
    known = {os.path.realpath(f.fname) for f in font_manager.fontManager.ttflist}
    if os.path.realpath(path) not in known:
        font_manager.fontManager.addfont(str(path))
    return CJK_FONT_NAME


def style_rc(*, lang: str = "en") -> dict[str, Any]:
    """The house rcParams for ``lang`` (a plain dict; nothing is applied)."""
    from cycler import cycler

    lang = check_lang(lang)
    fonts = [LATIN_FONT_NAME, CJK_FONT_NAME] if lang == "en" else [CJK_FONT_NAME, LATIN_FONT_NAME]
    return {
        "font.family": fonts,  # explicit list: matplotlib falls back glyph by glyph
        "font.sans-serif": fonts,
        "font.size": 8,
        "axes.titlesize": 8,
        "axes.labelsize": 8,
        "xtick.labelsize": 7,
        "ytick.labelsize": 7,
        "legend.fontsize": 7,
        "legend.frameon": False,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.linewidth": 0.6,
        "axes.grid": False,
        "axes.prop_cycle": cycler(color=palette(6))
        + cycler(linestyle=list(LINESTYLES[:6]))
        + cycler(marker=list(MARKERS[:6])),
        "lines.linewidth": 1.0,
        "lines.markersize": 3.5,
        "hatch.linewidth": 0.5,
        "image.cmap": HEATMAP_CMAP,
        "figure.dpi": 100,
        "figure.figsize": figure_size(width="single"),
        "figure.constrained_layout.use": True,
        "savefig.dpi": PNG_DPI,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": "cityreports",
        "pdf.compression": 6,
    }


@contextlib.contextmanager
def house_style(*, lang: str = "en") -> Iterator[dict[str, Any]]:
    """Apply the house style inside a ``with`` block (seaborn ticks + :func:`style_rc`)."""
    import matplotlib as mpl
    import seaborn as sns

    rc = style_rc(lang=lang)
    register_fonts()
    with mpl.rc_context(), sns.axes_style("ticks"):
        mpl.rcParams.update(rc)
        yield rc


def use_style(*, lang: str = "en") -> dict[str, Any]:
    """Apply the house style and the packaged CJK font to every plot made from now on.

    For a researcher's own matplotlib or seaborn plots (``import cityreports as cr;
    cr.use_style()``): seaborn's ``ticks`` look, the viridis cycle with dashes and markers, and
    Chinese text without missing glyphs (tofu). ``lang='zh'`` puts the CJK font first. Returns
    the rcParams set; :func:`house_style` is the same for one ``with`` block only.
    """
    import matplotlib as mpl
    import seaborn as sns

    rc = style_rc(lang=lang)
    register_fonts()
    sns.set_style("ticks")
    mpl.rcParams.update(rc)
    return rc
