"""The figure toolkit the notebooks use as ``crf``: style, saving, plots, notebook helpers.

One import for a notebook (``from cityreports.report import figures as crf``); the code lives in
:mod:`~cityreports.report.style`, :mod:`~cityreports.report.saving`, ``report/plots/`` and
:mod:`~cityreports.report.notebook`.
"""

from __future__ import annotations

from cityreports.report.notebook import (
    NotebookOutputs,
    select_corpus,
)
from cityreports.report.plots.base import (
    empty_figure,
    missing,
)
from cityreports.report.plots.claims import (
    QUALIFIER_ORDER,
    claims_overview,
)
from cityreports.report.plots.corpus import (
    corpus_overview,
)
from cityreports.report.plots.rhetoric import (
    DERIVED_TERMS,
    TOTAL_TERM,
    VOICE_ORDER,
    feature_totals,
    rhetoric_trends,
    voices_by_year,
)
from cityreports.report.plots.themes import (
    MAX_FORMULATION_ROWS,
    formulation_labels,
    formulation_timeline_figure,
    keyness_bars,
    lineage_formulations,
    theme_labels,
    theme_prevalence,
)
from cityreports.report.saving import (
    MANIFEST_COLUMNS,
    PATH_PARAMETERS,
    figure_bytes,
    freeze_layout,
    manifest_text,
    provenance_parameters,
    read_manifest,
    record_value,
    save_figure,
    update_manifest,
)
from cityreports.report.style import (
    CJK_FONT_FILE,
    CJK_FONT_NAME,
    DOUBLE_COLUMN,
    FILLS,
    FORMATS,
    GREYS,
    HATCHES,
    LABELS,
    LANGS,
    LATIN_FONT_NAME,
    LINESTYLES,
    MARKERS,
    PNG_DPI,
    SINGLE_COLUMN,
    WIDTHS,
    check_formats,
    check_lang,
    cjk_font_path,
    figure_size,
    house_style,
    label,
    register_fonts,
    style_rc,
)

__all__ = [
    "CJK_FONT_FILE",
    "CJK_FONT_NAME",
    "DERIVED_TERMS",
    "DOUBLE_COLUMN",
    "FILLS",
    "FORMATS",
    "GREYS",
    "HATCHES",
    "LABELS",
    "LANGS",
    "LATIN_FONT_NAME",
    "LINESTYLES",
    "MANIFEST_COLUMNS",
    "MARKERS",
    "MAX_FORMULATION_ROWS",
    "NotebookOutputs",
    "PATH_PARAMETERS",
    "PNG_DPI",
    "QUALIFIER_ORDER",
    "SINGLE_COLUMN",
    "TOTAL_TERM",
    "VOICE_ORDER",
    "WIDTHS",
    "check_formats",
    "check_lang",
    "cjk_font_path",
    "claims_overview",
    "corpus_overview",
    "empty_figure",
    "feature_totals",
    "figure_bytes",
    "figure_size",
    "formulation_labels",
    "formulation_timeline_figure",
    "freeze_layout",
    "house_style",
    "keyness_bars",
    "label",
    "lineage_formulations",
    "manifest_text",
    "missing",
    "provenance_parameters",
    "read_manifest",
    "record_value",
    "register_fonts",
    "rhetoric_trends",
    "save_figure",
    "select_corpus",
    "style_rc",
    "theme_labels",
    "theme_prevalence",
    "update_manifest",
    "voices_by_year",
]
