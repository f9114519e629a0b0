"""Figures a paper can cite: one house style, a packaged CJK font, reproducible files.

* :func:`house_style` is a context manager (``matplotlib.rc_context``): greyscale-safe colours
  with distinct line styles, markers and hatches, sizes for a journal column
  (:data:`SINGLE_COLUMN` 3.5 in, :data:`DOUBLE_COLUMN` 7 in), TrueType (Type 42) fonts in
  PDF, glyph paths in SVG. Nothing is changed globally; the packaged font
  (WenQuanYi Micro Hei, Apache-2.0, ``resources/fonts``) is registered when a style is entered.
* Labels are English or Chinese (``lang='en'|'zh'``) via :func:`label`.
* :func:`save_figure` writes PDF, SVG and PNG (300 dpi) under a stable name with fixed
  metadata (no dates) and provenance (package version, corpus sha256, parameters), and merges
  one row per file into ``figures/MANIFEST.csv``.
* :func:`record_value` merges a quotable number into ``build/tables/values.json``.
* Figure functions take the library's DataFrames and return a :class:`matplotlib.figure.Figure`.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cityreports.errors import ParameterError
from cityreports.resources import resource_path

CJK_FONT_FILE = "WenQuanYiMicroHei.ttf"
CJK_FONT_NAME = "WenQuanYi Micro Hei"
LATIN_FONT_NAME = "DejaVu Sans"

SINGLE_COLUMN = 3.5
DOUBLE_COLUMN = 7.0
WIDTHS = {"single": SINGLE_COLUMN, "double": DOUBLE_COLUMN}
LANGS = ("en", "zh")
FORMATS = ("pdf", "svg", "png")
PNG_DPI = 300

#: Greyscale-safe cycle: distinguishable in colour, in grey and in black-and-white print.
GREYS = ("#000000", "#5f5f5f", "#9a9a9a", "#3a3a3a", "#7d7d7d", "#b5b5b5")
LINESTYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3)))
MARKERS = ("o", "s", "^", "D", "v", "x")
#: Bar fills and hatches, paired: ten combinations that stay distinct in black and white.
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "++", "", "---", "///", "oo")
FILLS = ("#404040", "#ffffff", "#b0b0b0", "#ffffff", "#808080", "#ffffff", "#ffffff",
         "#ffffff", "#b0b0b0", "#ffffff")

#: Parameters that name machine paths: left out of provenance (the corpus sha256 says which
#: corpus was used), so figures made on two machines are byte-identical.
PATH_PARAMETERS = frozenset({"corpus", "build_dir", "out_dir", "figures_dir", "cache_dir"})

MANIFEST_COLUMNS = ("file", "caption", "source", "corpus_sha256", "parameters", "sha256")

#: English and Chinese labels by key.
LABELS: Mapping[str, tuple[str, str]] = {
    "year": ("Year", "年份"),
    "documents": ("Documents", "文献数"),
    "n_docs": ("Documents per year", "每年文献数"),
    "chars": ("Length (thousand characters)", "篇幅 (千字)"),
    "script": ("Script", "字形"),
    "simplified": ("simplified", "简体"),
    "traditional": ("traditional", "繁体"),
    "mixed": ("mixed", "简繁混合"),
    "none": ("none", "无"),
    "undated": ("undated", "年份不详"),
    "theme": ("Theme", "主题"),
    "share": ("Share of documents", "文献占比"),
    "rate": ("Mentions per 10,000 characters", "每万字提及次数"),
    "keyness": ("Keyness (log ratio)", "关键性（对数比）"),
    "term": ("Term", "词语"),
    "formulation": ("Formulation", "提法"),
    "first_last": ("First and last appearance", "首次与末次出现"),
    "feature": ("Feature", "特征"),
    "rate_ratio": ("Rate ratio per year (95% CI)", "年度率比 (95% 置信区间)"),
    "voice": ("Voice", "发言者类型"),
    "voice_share": ("Share of body text", "正文字数占比"),
    "government": ("government", "政府"),
    "enterprise": ("enterprise", "企业"),
    "academia": ("academia", "学界"),
    "media": ("media", "媒体"),
    "other": ("other", "其他"),
    "narrator": ("narrator", "叙述者"),
    "no_estimate": ("no estimate", "无法估计"),
    # rhetorical features (cityreports.analyses.rhetoric)
    "achievement": ("achievement", "成就"),
    "certainty": ("certainty", "确定性"),
    "enumeration": ("enumeration", "列举"),
    "hedging": ("hedging", "模糊限制"),
    "obligation": ("obligation", "义务"),
    "people": ("people", "人民"),
    "problem": ("problem", "问题"),
    "quotation": ("direct quotation", "直接引语"),
    "reported_speech": ("reported speech", "转述"),
    "technology": ("technology", "技术"),
    # claim qualifiers (cityreports.quant.numbers)
    "exact": ("exact", "确数"),
    "approx": ("approximately", "约数"),
    "nearly": ("nearly", "近"),
    "more_than": ("more than", "超过"),
    "approx_more_than": ("approx. more than", "约超过"),
    "less_than": ("less than", "不足"),
    "range": ("range", "区间"),
    "vague_range": ("vague range", "模糊区间"),
    "contradictory": ("contradictory", "相互矛盾"),
    "claims": ("Claims", "数量陈述"),
    "unit": ("Unit", "单位"),
    "qualifier": ("Qualifier", "限定语"),
    "flagged": ("flagged inconsistent", "标记为不一致"),
    "count": ("Count", "数量"),
    "period_a": ("earlier period", "前期"),
    "period_b": ("later period", "后期"),
    # empty states (see :func:`missing`)
    "no_documents": ("No documents", "没有文档"),
    "no_dated": ("No dated documents", "没有标注年份的文档"),
    "no_text": ("No body text in the dated documents", "标注年份的文档没有正文"),
    "no_theme_hits": ("No theme terms found", "未发现主题词"),
    "no_keyness": ("No terms to compare between two periods", "没有可在两个时期间比较的词语"),
    "no_formulations": ("No formulations found in dated documents", "标注年份的文档中未发现提法"),
    "no_claims": ("No quantitative claims", "没有数量陈述"),
    "no_dated_claims": ("No quantitative claims in dated documents",
                        "标注年份的文档中没有数量陈述"),
}


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
        "axes.prop_cycle": cycler(color=list(GREYS[:4]))
        + cycler(linestyle=list(LINESTYLES[:4]))
        + cycler(marker=list(MARKERS[:4])),
        "lines.linewidth": 1.0,
        "lines.markersize": 3.5,
        "hatch.linewidth": 0.5,
        "image.cmap": "Greys",
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


# --- saving, provenance, manifest -----------------------------------------------------------


def _package_version() -> str:
    from cityreports import __version__

    return __version__


def provenance_parameters(parameters: Mapping[str, object]) -> str:
    """Parameters as canonical JSON, without machine paths (see :data:`PATH_PARAMETERS`)."""
    kept = {k: v for k, v in sorted(parameters.items()) if k not in PATH_PARAMETERS}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def _metadata(fmt: str, *, caption: str, source: str, corpus_sha256: str, params: str) -> dict:
    creator = f"cityreports {_package_version()}"
    keywords = f"corpus_sha256={corpus_sha256}; source={source}"
    if fmt == "pdf":
        return {
            "Title": caption,
            "Author": "cityreports",
            "Subject": params,
            "Keywords": keywords,
            "Creator": creator,
            "CreationDate": None,
            "ModDate": None,
        }
    if fmt == "svg":
        return {
            "Title": caption,
            "Creator": creator,
            "Date": None,
            "Description": params,
            "Source": source,
            "Identifier": f"corpus_sha256={corpus_sha256}",
            "Keywords": ["cityreports", source],
        }
    return {
        "Title": caption,
        "Software": creator,
        "Description": params,
        "Source": keywords,
    }


def freeze_layout(fig) -> None:
    """Run the figure's layout engine once, then fix the axes where it put them.

    Constrained layout starts from the previous draw, so a second save of the same figure
    would move axes by a rounding step; frozen, every save (and every format) is identical.
    """
    engine = fig.get_layout_engine()
    if engine is None or type(engine).__name__ == "PlaceHolderLayoutEngine":
        return
    fig.draw_without_rendering()
    fig.set_layout_engine("none")


def figure_bytes(fig, fmt: str, *, metadata: Mapping[str, object]) -> bytes:
    """The figure rendered as ``fmt`` bytes (deterministic for fixed inputs; layout frozen)."""
    import matplotlib as mpl

    freeze_layout(fig)
    buf = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": "cityreports", "pdf.fonttype": 42,
                         "ps.fonttype": 42, "svg.fonttype": "path"}):
        fig.savefig(buf, format=fmt, dpi=PNG_DPI, metadata=dict(metadata))
    return buf.getvalue()


def save_figure(
    fig,
    name: str,
    *,
    figures_dir: str | os.PathLike[str] = "figures",
    formats: Sequence[str] = FORMATS,
    caption: str = "",
    source: str = "",
    corpus_sha256: str = "",
    parameters: Mapping[str, object] | None = None,
) -> list[Path]:
    """Write ``name.pdf|svg|png`` with provenance metadata and record them in MANIFEST.csv."""
    if not name or Path(name).name != name or "." in name:
        raise ParameterError("name", f"must be a plain file stem like 'corpus', got {name!r}")
    formats = check_formats(list(formats) if not isinstance(formats, str) else formats)
    params = provenance_parameters(parameters or {})
    folder = Path(figures_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written, rows = [], []
    for fmt in formats:
        meta = _metadata(fmt, caption=caption, source=source, corpus_sha256=corpus_sha256,
                         params=params)
        data = figure_bytes(fig, fmt, metadata=meta)
        path = folder / f"{name}.{fmt}"
        _write_if_changed(path, data)
        written.append(path)
        rows.append({
            "file": path.name,
            "caption": caption,
            "source": source,
            "corpus_sha256": corpus_sha256,
            "parameters": params,
            "sha256": hashlib.sha256(data).hexdigest(),
        })
    update_manifest(folder / "MANIFEST.csv", rows)
    return written


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(path)


def read_manifest(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """Rows of a MANIFEST.csv (empty when the file does not exist)."""
    path = Path(path)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [dict(row) for row in csv.DictReader(fh)]


def manifest_text(rows: Sequence[Mapping[str, str]]) -> str:
    """Canonical CSV text of manifest rows: fixed columns, sorted by file, ``\\n`` line ends."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=MANIFEST_COLUMNS, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: r["file"]):
        writer.writerow({c: row.get(c, "") for c in MANIFEST_COLUMNS})
    return buf.getvalue()


def update_manifest(path: str | os.PathLike[str], rows: Sequence[Mapping[str, str]]) -> Path:
    """Merge ``rows`` into the manifest at ``path`` (a row replaces the one for its file)."""
    path = Path(path)
    merged = {row["file"]: row for row in read_manifest(path)}
    merged.update({row["file"]: dict(row) for row in rows})
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_if_changed(path, manifest_text(list(merged.values())).encode("utf-8"))
    return path


def _json_value(value: object) -> object:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if value is pd.NA:
        return None
    raise ParameterError("value", f"must be a number, string, bool or None, got {type(value)}")


def record_value(
    key: str,
    value: object,
    *,
    source: str,
    build_dir: str | os.PathLike[str] = "build",
) -> Path:
    """Merge ``key: {value, source}`` into ``build_dir/tables/values.json`` (sorted keys)."""
    if not isinstance(key, str) or not key or key.strip() != key:
        raise ParameterError("key", f"must be a non-empty string without outer spaces: {key!r}")
    path = Path(build_dir) / "tables" / "values.json"
    values = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    values[key] = {"value": _json_value(value), "source": source}
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(values, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)
    _write_if_changed(path, (text + "\n").encode("utf-8"))
    return path


# --- figure functions ---------------------------------------------------------------------


def _new_figure(*, width: str, aspect: float, ncols: int = 1, nrows: int = 1):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(nrows, ncols, figsize=figure_size(width=width, aspect=aspect),
                             squeeze=False)
    return fig, axes


def empty_figure(note: str, *, width: str = "single", aspect: float = 0.62):
    """A figure of the usual size with nothing but ``note``, centred (an empty state).

    Figure functions return it when their table holds nothing to draw (see :func:`missing`),
    so a notebook still saves a figure, listed in MANIFEST.csv, that says what is missing.
    """
    fig, axes = _new_figure(width=width, aspect=aspect)
    ax = axes[0][0]
    ax.set_axis_off()
    ax.text(0.5, 0.5, note, transform=ax.transAxes, ha="center", va="center",
            multialignment="center", fontsize=8, color=GREYS[1])
    return fig


def _dated(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``table`` with a year (the column may be missing, nullable or float)."""
    if "year" not in table:
        return table.iloc[0:0]
    years = pd.to_numeric(table["year"], errors="coerce")
    return table[years.notna().to_numpy()]


def _total(table: pd.DataFrame, column: str) -> float:
    """Sum of a numeric column (0 when it is missing or empty)."""
    if column not in table or table.empty:
        return 0.0
    return float(pd.to_numeric(table[column], errors="coerce").fillna(0).sum())


def _corpus_missing(documents: pd.DataFrame) -> str | None:
    if documents.empty:
        return "no_documents"
    return None if len(_dated(documents)) else "no_dated"


def _themes_missing(themes_by_year: pd.DataFrame) -> str | None:
    table = _dated(themes_by_year)
    if table.empty:
        return "no_dated"
    if "n_chars" in table and _total(table, "n_chars") <= 0:
        return "no_text"
    return None if _total(table, "hits") > 0 else "no_theme_hits"


def _keyness_missing(keyness: pd.DataFrame) -> str | None:
    if "signed" not in keyness:
        return "no_keyness"
    signed = pd.to_numeric(keyness["signed"], errors="coerce")
    return None if (signed.notna() & (signed != 0)).any() else "no_keyness"


def _formulations_missing(summary: pd.DataFrame, timeline: pd.DataFrame) -> str | None:
    if _dated(timeline).empty:
        return "no_dated"
    if "n_chars" in timeline and _total(timeline, "n_chars") <= 0:
        return "no_text"
    seen = summary.dropna(subset=["first_year", "last_year"]) if {
        "first_year", "last_year"} <= set(summary.columns) else summary.iloc[0:0]
    if "total_hits" in seen:
        seen = seen[pd.to_numeric(seen["total_hits"], errors="coerce").fillna(0) > 0]
    return None if len(seen) else "no_formulations"


def _rhetoric_missing(features: pd.DataFrame, trends: pd.DataFrame | None = None) -> str | None:
    if features.empty:
        return "no_documents"
    dated = _dated(features)
    if dated.empty:
        return "no_dated"
    return None if _total(dated.drop_duplicates("doc_id"), "n_chars") > 0 else "no_text"


def _voices_missing(shares: pd.DataFrame) -> str | None:
    if shares.empty:
        return "no_documents"
    dated = _dated(shares)
    if dated.empty:
        return "no_dated"
    return None if _total(dated, "chars") > 0 else "no_text"


def _claims_missing(claims: pd.DataFrame, documents: pd.DataFrame,
                    checks: pd.DataFrame | None = None) -> str | None:
    if documents.empty:
        return "no_documents"
    if claims.empty:
        return "no_claims"
    dated = _dated(documents)
    if not claims["doc_id"].isin(dated["doc_id"]).any():
        return "no_dated" if dated.empty else "no_dated_claims"
    return None


def missing(figure, *tables: pd.DataFrame, lang: str = "en") -> str | None:
    """What a figure function cannot show for these tables, as a short note; None if nothing.

    ``figure`` is a figure function of this module (or its name) and ``tables`` are its
    positional arguments. The note is the one the function draws as its empty state (see
    :func:`empty_figure`), e.g. ``"No dated documents"`` / ``"没有标注年份的文档"``, so a
    notebook can print it instead of an interpretation::

        print(missing(theme_prevalence, by_year) or f"The most frequent theme is ...")
    """
    name = figure if isinstance(figure, str) else getattr(figure, "__name__", "")
    if name not in _MISSING:
        raise ParameterError("figure", f"not a figure function: {figure!r}")
    key = _MISSING[name](*tables)
    return label(key, lang=lang) if key else None


def _year_ticks(ax, years: Sequence[int]) -> None:
    years = sorted({int(y) for y in years})
    if not years:
        return
    step = max(1, math.ceil(len(range(years[0], years[-1] + 1)) / 8))
    ax.set_xticks(list(range(years[0], years[-1] + 1, step)))
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)


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



def _styled_lines(ax, table: pd.DataFrame, *, x: str, y: str, group: str,
                  low: str | None = None, high: str | None = None,
                  names: Mapping[str, str] | None = None,
                  order: Sequence[str] | None = None) -> None:
    """One line per ``group`` value (distinct grey, dash and marker), in ``order`` if given."""
    groups = dict(list(table.groupby(group, sort=True)))
    keys = [k for k in order if k in groups] if order is not None else list(groups)
    for i, key in enumerate(keys):
        sub = groups[key].sort_values(x)
        ax.plot(sub[x], sub[y], color=GREYS[i % len(GREYS)],
                linestyle=LINESTYLES[i % len(LINESTYLES)], marker=MARKERS[i % len(MARKERS)],
                label=(names or {}).get(key, _pretty(key)))
        if low and high:
            ax.fill_between(sub[x], sub[low], sub[high], color=GREYS[i % len(GREYS)],
                            alpha=0.12, linewidth=0)


def _legend_right(ax, title: str, **kwargs):
    """A legend outside the axes, to their right (constrained layout makes room for it)."""
    return ax.legend(title=title, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                     borderaxespad=0.0, alignment="left", **kwargs)


def _stacked_bars(ax, grid: pd.DataFrame, columns: Sequence[str],
                  names: Mapping[str, str], *, plain: Sequence[str] = ()) -> None:
    """Stacked bars per index value, one hatched fill per column (in ``columns`` order).

    Columns in ``plain`` are white without hatching (a remainder such as the narrator).
    """
    bottom = np.zeros(len(grid))
    styled = [c for c in columns if c not in plain]
    for column in columns:
        i = styled.index(column) if column in styled else None
        fill = FILLS[i % len(FILLS)] if i is not None else "#ffffff"
        hatch = HATCHES[i % len(HATCHES)] if i is not None else ""
        values = grid[column].to_numpy(dtype=float)
        ax.bar(grid.index, values, bottom=bottom, width=0.7, color=fill, edgecolor="black",
               linewidth=0.5, hatch=hatch, label=names.get(column, _pretty(column)))
        bottom = bottom + values


def _key_column(fig, cell, *, n_entries: int, longest: int, height: float):
    """Split a gridspec ``cell`` into a plot axes and, below it, an empty axes for its legend.

    Returns ``(ax, key_ax, ncol)``; the legend goes in ``key_ax`` (see :func:`_key_legend`),
    which is made tall enough for ``n_entries`` rows in ``ncol`` columns.
    """
    ncol = 2 if longest <= 16 and n_entries > 3 else 1
    key_height = 0.3 + 0.15 * (math.ceil(n_entries / ncol) + 1)
    sub = cell.subgridspec(2, 1, height_ratios=(max(height - key_height, 1.0), key_height))
    ax = fig.add_subplot(sub[0, 0])
    key = fig.add_subplot(sub[1, 0])
    key.set_axis_off()
    return ax, key, ncol


def _key_legend(ax, key_ax, title: str, *, ncol: int):
    """The legend of ``ax`` drawn in ``key_ax``, the empty axes below it."""
    handles, texts = ax.get_legend_handles_labels()
    if not handles:
        return None
    return key_ax.legend(handles, texts, title=title, loc="upper left", ncol=ncol,
                         borderaxespad=0.0, alignment="left")


def theme_labels(codebook=None, *, lang: str = "en") -> dict[str, str]:
    """``{theme id: label}`` from a themes codebook (default: the packaged one), by ``lang``."""
    from cityreports.codebooks import load_codebook

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
    ``ci_low``, ``ci_high`` on the log scale). Given per-term trends only, the per-feature
    trends are fitted here. Both panels show one row per feature, counts only.
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
    if fits.empty and len(totals):
        from cityreports.analyses.trends import fit_trends

        fits = fit_trends(totals)
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
QUALIFIER_ORDER = ("exact", "approx", "nearly", "more_than", "approx_more_than", "less_than",
                   "range", "vague_range", "contradictory")


def claims_overview(claims: pd.DataFrame, documents: pd.DataFrame, checks: pd.DataFrame, *,
                    lang: str = "en", top_units: int = 6):
    """Claims per year by unit (a) and by qualifier, with flagged inconsistencies (b).

    Takes :func:`cityreports.quant.claims.claims_table` (``doc_id``, ``unit``, ``qualifier``), the
    documents table (``doc_id``, ``year``) and :func:`cityreports.quant.checks.run_checks`
    (``doc_id``, ``status``; rows whose status is not ``ok``/``consistent`` are flagged).
    """
    lang = check_lang(lang)
    empty = _claims_missing(claims, documents, checks)
    if empty:
        return empty_figure(label(empty, lang=lang), width="double", aspect=0.42)
    years = documents[["doc_id", "year"]].dropna(subset=["year"])
    table = claims.merge(years, on="doc_id", how="inner")
    table["year"] = table["year"].astype(int)
    table["unit"] = table["unit"].fillna("").replace("", "—")
    table["qualifier"] = table["qualifier"].fillna("").replace("", "—")
    fig, axes = _new_figure(width="double", aspect=0.42, ncols=2)
    ax_u, ax_q = axes[0]
    units = table["unit"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
    keep = list(units.index[:top_units])
    table["unit_shown"] = table["unit"].where(table["unit"].isin(keep), "other")
    for ax, column in ((ax_u, "unit_shown"), (ax_q, "qualifier")):
        grid = table.pivot_table(index="year", columns=column, values="doc_id",
                                 aggfunc="count", fill_value=0).sort_index()
        if column == "unit_shown":
            order = [u for u in keep if u in grid.columns]
        else:
            order = [q for q in QUALIFIER_ORDER if q in grid.columns]
        order += sorted(set(grid.columns) - set(order))
        _stacked_bars(ax, grid, order, {c: label(c, lang=lang) if c in LABELS else str(c)
                                        for c in order})
        ax.set_xlabel(label("year", lang=lang))
        ax.set_ylabel(label("claims", lang=lang))
        ax.yaxis.get_major_locator().set_params(integer=True)
        _year_ticks(ax, grid.index)
    flagged = checks[~checks["status"].isin(["ok", "consistent", "pass"])]
    flagged = flagged.merge(years, on="doc_id", how="inner")
    if len(flagged):
        counts = flagged.groupby("year").size()
        ax_q.plot(counts.index, counts.to_numpy(), linestyle="none", marker="x", color="black",
                  markersize=6, markeredgewidth=1.2, label=label("flagged", lang=lang))
    for ax, key in ((ax_u, "unit"), (ax_q, "qualifier")):
        handles, labels_ = ax.get_legend_handles_labels()
        if handles:
            bars = [(h, t) for h, t in zip(handles, labels_, strict=True)
                    if t != label("flagged", lang=lang)][::-1]
            marks = [(h, t) for h, t in zip(handles, labels_, strict=True)
                     if t == label("flagged", lang=lang)]
            pairs = marks + bars
            _legend_right(ax, label(key, lang=lang), handles=[h for h, _ in pairs],
                          labels=[t for _, t in pairs])
    ax_u.set_title("(a)", loc="left")
    ax_q.set_title("(b)", loc="left")
    return fig


#: Figure function name -> the check :func:`missing` runs on its tables.
_MISSING = {
    "corpus_overview": _corpus_missing,
    "theme_prevalence": _themes_missing,
    "keyness_bars": _keyness_missing,
    "formulation_timeline_figure": _formulations_missing,
    "rhetoric_trends": _rhetoric_missing,
    "voices_by_year": _voices_missing,
    "claims_overview": _claims_missing,
}


# --- notebook helpers -----------------------------------------------------------------------


def select_corpus(
    corpus,
    *,
    year_min: int | None = None,
    year_max: int | None = None,
    collapse_duplicates: bool = True,
):
    """The documents of ``corpus`` in ``[year_min, year_max]``, one per duplicate group.

    With a year bound, undated documents are left out (they cannot be placed in the range).
    Of a duplicate group the document with the smallest doc_id is kept.
    """
    from dataclasses import replace

    if year_min is not None and year_max is not None and year_min > year_max:
        raise ParameterError("year_min", f"year range {year_min}..{year_max} is empty")
    kept = []
    seen_groups: set[str] = set()
    for doc in sorted(corpus.documents, key=lambda d: d.doc_id):
        year = doc.meta.year
        if (year_min is not None or year_max is not None) and year is None:
            continue
        if year_min is not None and year < year_min:
            continue
        if year_max is not None and year > year_max:
            continue
        group = corpus.duplicate_group.get(doc.doc_id, doc.doc_id)
        if collapse_duplicates and group in seen_groups:
            continue
        seen_groups.add(group)
        kept.append(doc)
    ids = {d.doc_id for d in kept}
    groups = {k: v for k, v in corpus.duplicate_group.items() if k in ids}
    return replace(corpus, documents=tuple(kept), duplicate_group=groups)


class NotebookOutputs:
    """Where one notebook writes: figures (with MANIFEST rows), tables and values.json.

    ``source`` names the notebook; ``parameters`` are its parameters (machine paths are left
    out of provenance by :func:`provenance_parameters`).
    """

    def __init__(
        self,
        *,
        source: str,
        corpus_sha256: str,
        parameters: Mapping[str, object],
        build_dir: str | os.PathLike[str] = "build",
        figures_dir: str | os.PathLike[str] = "figures",
        formats: Sequence[str] = FORMATS,
    ) -> None:
        self.source = source
        self.corpus_sha256 = corpus_sha256
        self.parameters = dict(parameters)
        self.build_dir = Path(build_dir)
        self.figures_dir = Path(figures_dir)
        self.formats = check_formats(formats if isinstance(formats, str) else list(formats))

    def figure(self, fig, name: str, *, caption: str) -> list[Path]:
        """Save ``fig`` as ``figures_dir/name.<format>`` and record it in MANIFEST.csv."""
        return save_figure(fig, name, figures_dir=self.figures_dir, formats=self.formats,
                           caption=caption, source=self.source,
                           corpus_sha256=self.corpus_sha256, parameters=self.parameters)

    def table(self, table: pd.DataFrame, name: str) -> Path:
        """Write ``table`` as ``build_dir/tables/name.csv`` (UTF-8, ``\\n``, no index)."""
        path = self.build_dir / "tables" / f"{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = table.to_csv(index=False, lineterminator="\n")
        _write_if_changed(path, text.encode("utf-8"))
        return path

    def value(self, key: str, value: object) -> object:
        """Record a quotable number in ``build_dir/tables/values.json``; return it."""
        record_value(key, value, source=self.source, build_dir=self.build_dir)
        return value
