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
from pathlib import Path
from typing import Any

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


#: English and Chinese labels by key.
LABELS: Mapping[str, tuple[str, str]] = {
    "year": ("Year", "年份"),
    "documents": ("Documents", "文献数"),
    "n_docs": ("Documents per year", "每年文献数"),
    "chars": ("Length (thousand characters)", "篇幅 (千字)"),
    # two lines: one line is taller than a panel of a one-row figure
    "chars_log": ("Length, log scale\n(thousand characters)", "篇幅，对数刻度\n(千字)"),
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
    # readable figures (small multiples, per-row heatmaps, n per year)
    "no_unit": ("(no unit)", "（无单位）"),
    "other_units": ("other units", "其他单位"),
    "other_kinds": ("other kinds", "其他类型"),
    "kind": ("Kind of document", "文献类型"),
    "n_per_year": ("Documents", "文献数"),
    "rate_peak": ("highest rate", "最高值"),
    "no_topics": ("No dated documents to model topics", "没有标注年份的文档可建模主题"),
    "topic_share": ("mean share", "平均比重"),
    "row_scaled_share": ("Share of the row's highest value", "占该行最高值的比例"),
    "n_legend": ("n: documents per year", "n：每年文献数"),
    "rate_short": ("per 10k chars", "每万字"),
    "row_scaled": ("Share of the row's highest rate", "占该行最高值的比例"),
    "no_docs_year": ("no documents that year", "该年无文献"),
    "one_doc_year": ("one document: no interval", "仅一篇文献：无区间"),
    "two_docs_year": ("two or more documents", "两篇及以上文献"),
    "log_scale": ("log scale", "对数刻度"),
    "no_speakers": ("no speaker quoted or reported", "未发现被引述的发言者"),
    "speaker_share": ("Share of body text said by speakers", "发言者所占正文比例"),
    "occurs": ("Share of the year's documents using it", "当年使用该提法的文献比例"),
    "occurs_short": ("(a) used in", "(a) 使用比例"),
    "flagged_checks": ("Flagged checks", "标记的核查"),
    "flags": ("flags", "标记"),
    "flags_legend": ("flags: checks flagged per year", "标记：每年标记的核查数"),
    # targets against outcomes (cityreports.analyses.promises)
    "no_promises": ("No target paired with the next year's outcome\n(needs work reports of "
                    "consecutive years)", "没有可与次年结果配对的目标\n（需要相邻年份的工作报告）"),
    "promise_key": ("Target (year N report) and outcome (year N+1 report)",
                    "目标（第N年报告）与结果（第N+1年报告）"),
    "target_point": ("target", "目标"),
    "target_band": ("target band (about: ±0.5 pp or ±5 %)", "目标区间（左右：±0.5个百分点或±5%）"),
    "target_floor": ("target: at least", "目标：不低于"),
    "target_ceiling": ("target: at most", "目标：不超过"),
    "met": ("met", "实现"),
    "missed": ("missed", "未实现"),
    "unclear": ("unclear", "无法判断"),
    "outcome_met": ("outcome: met", "结果：实现"),
    "outcome_missed": ("outcome: missed", "结果：未实现"),
    "outcome_unclear": ("outcome: unclear", "结果：无法判断"),
    "outcome_elsewhere": ("outcome in another unit (unclear)", "结果为其他单位（无法判断）"),
    "within": ("within the target", "在目标范围内"),
    "above": ("above the target", "高于目标"),
    "below": ("below the target", "低于目标"),
    "indicator": ("Indicator", "指标"),
    "outcome": ("outcome", "结果"),
    "status": ("status", "判断"),
    "vs_target": ("outcome vs target", "结果与目标"),
    "target_doc": ("target in", "目标出处"),
    "outcome_doc": ("outcome in", "结果出处"),
    "more_panels": (" — {n} more indicators in the table", "——另有{n}项指标见表"),
    "exact_group": ("exact", "确数"),
    "approx_group": ("approximate", "约数"),
    "bound_group": ("bound (more/less than)", "上下限（超过/不足）"),
    "range_group": ("range", "区间"),
    # document kinds (cityreports.metadata, DocumentMeta.kind)
    "gov_work_report": ("government work report", "政府工作报告"),
    "gov_work_report_national": ("national work report", "国务院政府工作报告"),
    "gov_work_report_municipal": ("municipal work report", "市政府工作报告"),
    "work_report": ("work report", "工作报告"),
    "press_release": ("press release", "新闻稿"),
    "press_release_tw": ("Taiwan press release", "台湾新闻稿"),
    "policy": ("policy", "政策文件"),
    "news": ("news", "新闻"),
    "speech": ("speech", "讲话"),
    "plan": ("plan", "规划"),
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
