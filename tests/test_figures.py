"""House style, CJK font, reproducible saving, MANIFEST.csv and values.json."""

from __future__ import annotations

import json
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cityreports import figures as F  # noqa: E402
from cityreports.errors import ParameterError  # noqa: E402

DOCS = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c", "d", "e"],
        "year": pd.array([2015, 2020, 2020, 2023, None], dtype="Int64"),
        "script": ["simplified", "simplified", "traditional", "simplified", "simplified"],
        "n_chars": [1200, 3000, 2500, 800, 100],
    }
)
PARAMS = {"lang": "zh", "year_min": 2015, "corpus": "/home/someone/data", "formats": ["pdf"]}


def _overview(lang: str):
    with F.house_style(lang=lang):
        fig = F.corpus_overview(DOCS, lang=lang)
        fig.axes[0].set_title("智慧城市 臺灣", loc="right")
        return fig


@pytest.mark.parametrize(
    ("func", "value", "name"),
    [
        (F.check_lang, "fr", "lang"),
        (F.check_lang, None, "lang"),
        (F.check_formats, ["pdf", "eps"], "formats"),
        (F.check_formats, [], "formats"),
        (F.check_formats, 3, "formats"),
    ],
)
def test_bad_parameters_raise_parameter_error(func, value, name):
    with pytest.raises(ParameterError) as info:
        func(value)
    assert info.value.name == name
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("formats", "expected"),
    [("png", ("png",)), (["svg", "pdf"], ("pdf", "svg")), (("png", "pdf", "svg"), F.FORMATS)],
)
def test_formats_are_canonical(formats, expected):
    assert F.check_formats(formats) == expected


@pytest.mark.parametrize(
    ("key", "lang", "expected"),
    [("year", "en", "Year"), ("year", "zh", "年份"), ("not_a_key", "zh", "not_a_key")],
)
def test_label(key, lang, expected):
    assert F.label(key, lang=lang) == expected


@pytest.mark.parametrize(("width", "inches"), [("single", 3.5), ("double", 7.0)])
def test_figure_size_is_a_journal_column(width, inches):
    assert F.figure_size(width=width)[0] == inches
    with pytest.raises(ParameterError):
        F.figure_size(width="triple")


def test_style_does_not_touch_global_rcparams():
    before = dict(matplotlib.rcParams)
    with F.house_style(lang="zh"):
        assert matplotlib.rcParams["pdf.fonttype"] == 42
        assert matplotlib.rcParams["font.family"][0] == F.CJK_FONT_NAME
    after = dict(matplotlib.rcParams)
    assert {k for k in before if before[k] != after[k]} <= {"backend"}


def test_packaged_font_is_truetype_with_licence():
    from fontTools.ttLib import TTFont

    with TTFont(F.cjk_font_path(), lazy=True) as font:
        assert "glyf" in font and "CFF " not in font
        cmap = font.getBestCmap()
    for char in "智慧城市數據臺灣":
        assert ord(char) in cmap
    assert (F.FONT_DIR / "LICENSE-WenQuanYiMicroHei.txt").read_text().count("Apache License")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chinese_renders_without_missing_glyphs_and_without_type3(lang):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = _overview(lang)
        pdf = F.figure_bytes(fig, "pdf", metadata={})
        F.figure_bytes(fig, "png", metadata={})
    plt.close(fig)
    assert b"/Type3" not in pdf
    assert b"/FontFile2" in pdf  # TrueType (Type 42) embedding
    assert b"WenQuanYi" in pdf


def test_missing_glyph_warning_is_an_error():
    # Hangul is not in the packaged subset: the check above would catch a missing glyph.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with F.house_style(lang="zh"):
            fig, ax = plt.subplots()
            ax.set_title("스마트 시티")
            with pytest.raises(UserWarning, match="missing from font"):
                F.figure_bytes(fig, "png", metadata={})
    plt.close(fig)


@pytest.mark.parametrize("fmt", F.FORMATS)
def test_saves_are_byte_identical(tmp_path, fmt):
    fig = _overview("zh")
    kwargs = dict(formats=[fmt], caption="概览", source="01_corpus", corpus_sha256="abc123",
                  parameters=PARAMS)
    (first,) = F.save_figure(fig, "overview", figures_dir=tmp_path / "a", **kwargs)
    (again,) = F.save_figure(fig, "overview", figures_dir=tmp_path / "b", **kwargs)
    plt.close(fig)
    fresh = _overview("zh")
    (other,) = F.save_figure(fresh, "overview", figures_dir=tmp_path / "c", **kwargs)
    plt.close(fresh)
    data = first.read_bytes()
    assert data == again.read_bytes() == other.read_bytes()
    assert first.name == f"overview.{fmt}"
    assert b"abc123" in data  # corpus sha256 in the file's metadata
    assert b"someone" not in data  # machine paths are not
    for stamp in (b"CreationDate", b"<dc:date>", b"Creation Time"):
        assert stamp not in data


def test_manifest_rows_merge_sorted_and_deterministic(tmp_path):
    fig = _overview("en")
    F.save_figure(fig, "zeta", figures_dir=tmp_path, formats=["png"], caption="z",
                  source="02_themes", corpus_sha256="s", parameters={"lang": "en"})
    F.save_figure(fig, "alpha", figures_dir=tmp_path, formats=["svg", "png"], caption="a",
                  source="01_corpus", corpus_sha256="s", parameters=PARAMS)
    plt.close(fig)
    rows = F.read_manifest(tmp_path / "MANIFEST.csv")
    assert [r["file"] for r in rows] == ["alpha.png", "alpha.svg", "zeta.png"]
    assert tuple(rows[0]) == F.MANIFEST_COLUMNS
    assert json.loads(rows[0]["parameters"]) == {"formats": ["pdf"], "lang": "zh",
                                                 "year_min": 2015}
    import hashlib

    assert rows[0]["sha256"] == hashlib.sha256((tmp_path / "alpha.png").read_bytes()).hexdigest()
    # Replacing a row, in any order, gives the same text.
    text = (tmp_path / "MANIFEST.csv").read_text()
    F.update_manifest(tmp_path / "MANIFEST.csv", list(reversed(rows)))
    assert (tmp_path / "MANIFEST.csv").read_text() == text
    F.update_manifest(tmp_path / "MANIFEST.csv", [{**rows[2], "caption": "new"}])
    assert [r["caption"] for r in F.read_manifest(tmp_path / "MANIFEST.csv")] == ["a", "a", "new"]


@pytest.mark.parametrize(
    ("value", "stored"),
    [(3, 3), (np.int64(7), 7), (np.float64(0.25), 0.25), (float("nan"), None), ("x", "x"),
     (np.bool_(True), True), (pd.NA, None)],
)
def test_record_value_types(tmp_path, value, stored):
    path = F.record_value("k", value, source="01_corpus", build_dir=tmp_path)
    assert json.loads(path.read_text())["k"] == {"value": stored, "source": "01_corpus"}


def test_record_value_merges_with_sorted_keys(tmp_path):
    F.record_value("b.count", 2, source="02", build_dir=tmp_path)
    F.record_value("a.count", 1, source="01", build_dir=tmp_path)
    path = F.record_value("b.count", 3, source="02", build_dir=tmp_path)
    text = path.read_text()
    assert list(json.loads(text)) == ["a.count", "b.count"]
    assert json.loads(text)["b.count"]["value"] == 3
    assert text.endswith("}\n")
    with pytest.raises(ParameterError):
        F.record_value("", 1, source="x", build_dir=tmp_path)
    with pytest.raises(ParameterError):
        F.record_value("k", [1, 2], source="x", build_dir=tmp_path)


def test_save_figure_rejects_bad_name(tmp_path):
    fig = plt.figure()
    for name in ("", "a/b", "x.pdf"):
        with pytest.raises(ParameterError):
            F.save_figure(fig, name, figures_dir=tmp_path)
    plt.close(fig)


def test_corpus_overview_counts_documents_per_year():
    fig = _overview("en")
    bars = [p for p in fig.axes[0].patches]
    plt.close(fig)
    assert sum(p.get_height() for p in bars) == 4  # the undated document is noted, not drawn
