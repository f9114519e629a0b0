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

from cityreports.errors import ParameterError  # noqa: E402
from cityreports.report import figures as F  # noqa: E402

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
    assert F.cjk_font_path().with_name("LICENSE-WenQuanYiMicroHei.txt").read_text().count("Apache")


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


# --- figure layout: labels inside the figure, legends outside the data, readable labels ----

YEARS = [2015, 2018, 2020, 2023]


def _formulation_tables(n: int = 30):
    rows, timeline = [], []
    for i in range(n + 4):
        seen = i < n
        first = YEARS[i % 3] if seen else None
        rows.append({
            "formulation": f"form_{i:02d}", "label": f"提法{i:02d}", "label_en": f"Phrase {i:02d}",
            "family": "smart_city" if i < 6 else "other",
            "superseded_by": f"form_{i + 1:02d}" if i < 3 else "",
            "first_year": first, "last_year": 2023 if seen else None,
            "total_hits": (100 - i) if seen else 0,
        })
        for year in YEARS:
            hits = (50 if i == 1 else 2) if seen and year >= first else 0
            timeline.append({"formulation": f"form_{i:02d}", "year": year,
                             "rate_per_10k": float(hits)})
    summary = pd.DataFrame(rows).astype({"first_year": "Int64", "last_year": "Int64"})
    return summary, pd.DataFrame(timeline)


def _features():
    rows = []
    terms = {"obligation": ["要", "必须"], "quotation": ["direct_quote", "quoted_chars"],
             "reported_speech": ["total", "指出"], "technology": ["算力", "数据"]}
    for d, year in enumerate(YEARS * 2):
        for feature, names in terms.items():
            for term in names:
                count = 400 if term == "quoted_chars" else (d % 3) + (2 if year > 2018 else 0)
                rows.append({"doc_id": f"d{d}", "year": year, "group": f"d{d}",
                             "feature": feature, "term": term, "count": count,
                             "n_chars": 2000})
    frame = pd.DataFrame(rows)
    frame["per_10k_chars"] = frame["count"] / frame["n_chars"] * 1e4
    return frame


def _themes():
    rows = []
    for t, theme in enumerate(["data", "digital_infrastructure", "governance",
                               "planning_design", "green"]):
        for year in YEARS:
            rate = 10.0 + 5 * t + year % 7
            rows.append({"year": year, "theme": theme, "hits": 5 + t, "per_10k_chars": rate,
                         "per_10k_low": rate - 4, "per_10k_high": rate + 4})
    return pd.DataFrame(rows)


def _claims():
    qualifiers = list(F.QUALIFIER_ORDER)
    claims = pd.DataFrame({
        "doc_id": [f"d{i % 4}" for i in range(30)],
        "unit": [["个", "人", "家", "年", "条", "场", "元", "次"][i % 8] for i in range(30)],
        "qualifier": [qualifiers[i % len(qualifiers)] for i in range(30)],
    })
    documents = pd.DataFrame({"doc_id": ["d0", "d1", "d2", "d3"], "year": YEARS})
    checks = pd.DataFrame({"doc_id": ["d0", "d1", "d2"],
                           "status": ["consistent", "inconsistent", "flagged"]})
    return claims, documents, checks


def _voices():
    rows = []
    for d, year in enumerate(YEARS):
        for voice, chars in (("government", 300), ("enterprise", 100), ("academia", 50),
                             ("media", 0), ("other", 20), ("narrator", 2000)):
            rows.append({"doc_id": f"d{d}", "year": year, "voice": voice, "chars": chars,
                         "share": chars / 2470})
    return pd.DataFrame(rows)


def _make(name: str, lang: str):
    from cityreports.analyses.trends import fit_trends

    if name == "formulation_timeline":
        return F.formulation_timeline_figure(*_formulation_tables(), lang=lang)
    if name == "rhetoric_by_year":
        features = _features()
        return F.rhetoric_trends(features, fit_trends(F.feature_totals(features)), lang=lang)
    if name == "themes_by_year":
        return F.theme_prevalence(_themes(), lang=lang, labels=F.theme_labels(lang=lang))
    if name == "claims_overview":
        return F.claims_overview(*_claims(), lang=lang)
    if name == "voices_by_year":
        return F.voices_by_year(_voices(), lang=lang)
    if name == "corpus_overview":
        return F.corpus_overview(DOCS, lang=lang)
    raise AssertionError(name)


FIGURES = ["formulation_timeline", "rhetoric_by_year", "themes_by_year", "claims_overview",
           "voices_by_year", "corpus_overview"]


def _drawn(name: str, lang: str):
    """The figure laid out (frozen, as when saved) and a renderer for window extents."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # missing glyphs, collapsed constrained layout
        with F.house_style(lang=lang):
            fig = _make(name, lang)
            F.freeze_layout(fig)
            fig.canvas.draw()
    return fig, fig.canvas.get_renderer()


def _texts(fig):
    """Visible, non-empty texts other than tick labels (ticks are checked via tight boxes)."""
    ticks = {id(t) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
             for t in axis.get_ticklabels(minor=False) + axis.get_ticklabels(minor=True)}
    return [t for t in fig.findobj(matplotlib.text.Text)
            if t.get_visible() and t.get_text().strip() and id(t) not in ticks]


def _inside(ext, box) -> bool:
    return (ext.x0 >= box.x0 - 0.5 and ext.y0 >= box.y0 - 0.5 and ext.x1 <= box.x1 + 0.5
            and ext.y1 <= box.y1 + 0.5)


@pytest.mark.parametrize("lang", F.LANGS)
@pytest.mark.parametrize("name", FIGURES)
def test_every_label_lies_inside_the_saved_figure(name, lang):
    fig, renderer = _drawn(name, lang)
    box = fig.bbox
    outside = [t.get_text() for t in _texts(fig)
               if t.get_window_extent(renderer).width and not _inside(
                   t.get_window_extent(renderer), box)]
    # tick labels, axis labels, legends: every axes' drawn extent
    outside += [ax.get_title(loc="left") or ax.get_label() for ax in fig.axes
                if not _inside(ax.get_tightbbox(renderer), box)]
    plt.close(fig)
    assert outside == []


@pytest.mark.parametrize("lang", F.LANGS)
@pytest.mark.parametrize("name", FIGURES)
def test_tick_labels_do_not_overlap_and_use_no_ids(name, lang):
    fig, renderer = _drawn(name, lang)
    for ax in fig.axes:
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            low, high = sorted(limits)
            pairs = zip(axis.get_majorticklocs(), axis.get_ticklabels(), strict=True)
            shown = [t for loc, t in pairs if low <= loc <= high and t.get_text()]
            boxes = [t.get_window_extent(renderer) for t in shown]
            for a, b in zip(boxes, boxes[1:], strict=False):
                assert not a.overlaps(b), (name, [t.get_text() for t in shown])
            assert not [t.get_text() for t in shown if "_" in t.get_text()]
    plt.close(fig)


@pytest.mark.parametrize("name", ["formulation_timeline", "themes_by_year", "claims_overview",
                                  "voices_by_year", "corpus_overview"])
def test_legends_sit_outside_every_plotting_area(name):
    fig, renderer = _drawn(name, "en")
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    plots = [ax for ax in fig.axes if ax.axison and ax.get_label() != "<colorbar>"]
    assert legends
    for legend in legends:
        assert "_" not in "".join(t.get_text() for t in legend.get_texts())
        frame = legend.get_window_extent(renderer)
        for ax in plots:
            assert not frame.overlaps(ax.get_window_extent(renderer)), (name, ax.get_title())
    plt.close(fig)


@pytest.mark.parametrize("lang", F.LANGS)
def test_formulation_timeline_rows_labels_and_small_legend(lang):
    summary, timeline = _formulation_tables(30)
    fig, _ = _drawn("formulation_timeline", lang)
    ax_rows, ax_rates = fig.axes[0], fig.axes[1]
    ticks = [t.get_text() for t in ax_rows.get_yticklabels()]
    assert len(ax_rows.get_yticks()) == len(ticks) == 30  # only formulations that occur
    top = ticks[int(np.argmax(ax_rows.get_yticks()))]
    assert top == ("提法00" if lang == "zh" else "Phrase 00")  # earliest first, codebook label
    assert all(t.startswith("提法" if lang == "zh" else "Phrase ") for t in ticks)
    legend = fig.axes[2].get_legend()
    shown = [t.get_text() for t in legend.get_texts()]
    assert 1 <= len(shown) <= 6
    assert len(ax_rates.get_lines()) == len(shown)
    # the lineage (superseded_by) formulations are the ones shown in (b)
    names = {f"form_{i:02d}": f"{'提法' if lang == 'zh' else 'Phrase '}{i:02d}" for i in range(4)}
    assert set(shown) == set(names.values())
    height = fig.get_size_inches()[1]
    plt.close(fig)
    small = F.formulation_timeline_figure(*_formulation_tables(5), lang=lang)
    assert small.get_size_inches()[1] < height  # the figure grows with the rows
    plt.close(small)


def test_lineage_formulations_fall_back_to_the_most_frequent():
    summary, _ = _formulation_tables(10)
    # lineage order: family, then first year
    assert F.lineage_formulations(summary) == ["form_00", "form_03", "form_01", "form_02"]
    plain = summary.assign(superseded_by="")
    assert F.lineage_formulations(plain, top=3) == ["form_00", "form_01", "form_02"]


def test_feature_totals_count_occurrences_once_per_feature():
    totals = F.feature_totals(_features())
    assert set(totals["term"]) == {F.TOTAL_TERM}
    assert len(totals) == 8 * 4  # documents x features
    quotes = totals[(totals["feature"] == "quotation") & (totals["doc_id"] == "d0")]
    assert int(quotes["count"].iloc[0]) == 0  # quoted_chars (characters) left out
    speech = totals[(totals["feature"] == "reported_speech") & (totals["doc_id"] == "d1")]
    assert int(speech["count"].iloc[0]) == 1  # the verb, not verb + total


def test_rhetoric_trends_has_one_row_per_feature_on_both_panels():
    fig, _ = _drawn("rhetoric_by_year", "en")
    heat, forest = fig.axes[0], fig.axes[1]
    rows = [t.get_text() for t in forest.get_yticklabels()]
    assert rows == [t.get_text() for t in heat.get_yticklabels()]
    assert rows == sorted(["obligation", "direct quotation", "reported speech", "technology"])
    plt.close(fig)
    # per-term trends only: the feature trends are fitted from the features
    from cityreports.analyses.trends import fit_trends

    with F.house_style(lang="en"):
        other = F.rhetoric_trends(_features(), fit_trends(_features()), lang="en")
    assert len(other.axes[1].get_yticks()) == 4
    plt.close(other)


@pytest.mark.parametrize(("lang", "text"), [("en", "Share of body text"), ("zh", "正文字数占比")])
def test_voices_are_shares_of_body_text(lang, text):
    with F.house_style(lang=lang):
        fig = F.voices_by_year(_voices(), lang=lang)
    assert fig.axes[0].get_ylabel() == text
    plt.close(fig)


def test_theme_labels_come_from_the_codebook():
    assert F.theme_labels(lang="en")["digital_infrastructure"] == "Digital infrastructure"
    assert F.theme_labels(lang="zh")["digital_infrastructure"] == "数字基础设施"
    fig, _ = _drawn("themes_by_year", "zh")
    assert "数据" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    plt.close(fig)


@pytest.mark.parametrize("name", ["formulation_timeline", "rhetoric_by_year", "themes_by_year"])
def test_new_figures_save_byte_identical(tmp_path, name):
    datas = []
    for i in range(2):
        with F.house_style(lang="zh"):
            fig = _make(name, "zh")
            (path,) = F.save_figure(fig, name, figures_dir=tmp_path / str(i), formats=["png"])
            F.save_figure(fig, name, figures_dir=tmp_path / f"{i}b", formats=["png"])
        plt.close(fig)
        datas.append(path.read_bytes())
        assert (tmp_path / f"{i}b" / f"{name}.png").read_bytes() == datas[-1]
    assert datas[0] == datas[1]


# --- empty states: nothing to draw gives a figure with a centred note -----------------------


def _empty_cases():
    from cityreports.analyses.formulations import formulation_summary, formulation_timeline
    from cityreports.analyses.keyness import empty_keyness
    from cityreports.analyses.rhetoric import features_by_doc
    from cityreports.analyses.speakers import voice_shares
    from cityreports.analyses.themes import themes_by_year
    from cityreports.analyses.trends import fit_trends

    from .factories import make_corpus, make_doc

    none = make_corpus(())
    undated = make_corpus((make_doc("要以人民为中心，推进大数据共享。", doc_id="a"),))
    title = make_corpus((make_doc([("title", "大数据与新型智慧城市")], doc_id="a", year=2021),))
    plain = make_corpus((make_doc("今天天气很好。", doc_id="a", year=2021),))
    claims, documents, checks = _claims()

    def rhetoric(corpus):
        features = features_by_doc(corpus)
        return features, fit_trends(F.feature_totals(features))

    def formulations(corpus):
        return formulation_summary(corpus), formulation_timeline(corpus)

    return {
        "corpus-none": (F.corpus_overview, (DOCS.iloc[0:0],), "no_documents"),
        "corpus-undated": (F.corpus_overview, (DOCS.assign(year=pd.NA),), "no_dated"),
        "themes-undated": (F.theme_prevalence, (themes_by_year(undated, n_boot=5),), "no_dated"),
        "themes-title-only": (F.theme_prevalence, (themes_by_year(title, n_boot=5),), "no_text"),
        "themes-no-hits": (F.theme_prevalence, (_themes().assign(hits=0),), "no_theme_hits"),
        "keyness-empty": (F.keyness_bars, (empty_keyness(),), "no_keyness"),
        "formulations-none": (F.formulation_timeline_figure, formulations(none), "no_dated"),
        "formulations-title-only": (F.formulation_timeline_figure, formulations(title),
                                    "no_text"),
        "formulations-no-hits": (F.formulation_timeline_figure, formulations(plain),
                                 "no_formulations"),
        "rhetoric-none": (F.rhetoric_trends, rhetoric(none), "no_documents"),
        "rhetoric-undated": (F.rhetoric_trends, rhetoric(undated), "no_dated"),
        "rhetoric-title-only": (F.rhetoric_trends, rhetoric(title), "no_text"),
        "voices-none": (F.voices_by_year, (voice_shares(none),), "no_documents"),
        "voices-undated": (F.voices_by_year, (_voices().assign(year=pd.NA),), "no_dated"),
        "claims-none": (F.claims_overview, (claims.iloc[0:0], documents.iloc[0:0], checks),
                        "no_documents"),
        "claims-no-claims": (F.claims_overview, (claims.iloc[0:0], documents, checks.iloc[0:0]),
                             "no_claims"),
        "claims-undated": (F.claims_overview, (claims, documents.assign(year=pd.NA), checks),
                           "no_dated"),
        "claims-undated-claims": (F.claims_overview,
                                  (claims[claims["doc_id"] == "d0"],
                                   documents.assign(year=[None, 2018, 2020, 2023]), checks),
                                  "no_dated_claims"),
    }


EMPTY_CASES = _empty_cases()


@pytest.mark.parametrize("lang", F.LANGS)
@pytest.mark.parametrize("case", list(EMPTY_CASES))
def test_nothing_to_draw_gives_a_centred_note(tmp_path, case, lang):
    func, tables, key = EMPTY_CASES[case]
    note = F.missing(func, *tables, lang=lang)
    assert note == F.label(key, lang=lang) and F.missing(func.__name__, *tables) == F.label(key)
    datas = []
    for i in range(2):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # missing glyphs, collapsed layout
            with F.house_style(lang=lang):
                fig = func(*tables, lang=lang)
                (path,) = F.save_figure(fig, "empty", figures_dir=tmp_path / str(i),
                                        formats=["png"], caption="c", source="s")
        datas.append(path.read_bytes())
        renderer = fig.canvas.get_renderer()
        texts = _texts(fig)
        assert [t.get_text().split("\n")[0] for t in texts] == [note]
        ext = texts[0].get_window_extent(renderer)
        assert _inside(ext, fig.bbox)
        centre = fig.bbox.width / 2
        assert abs((ext.x0 + ext.x1) / 2 - centre) < 0.05 * fig.bbox.width
        assert not any(ax.axison for ax in fig.axes)
        plt.close(fig)
    assert datas[0] == datas[1]  # still byte-reproducible
    assert "empty.png" in (tmp_path / "0" / "MANIFEST.csv").read_text()


def test_undated_documents_are_counted_in_the_note():
    with F.house_style(lang="en"):
        fig = F.corpus_overview(DOCS.assign(year=pd.NA), lang="en")
    assert [t.get_text() for t in _texts(fig)] == ["No dated documents\n(undated: 5)"]
    plt.close(fig)


def test_missing_is_none_when_there_is_something_to_draw():
    from cityreports.analyses.trends import fit_trends

    features = _features()
    summary, timeline = _formulation_tables()
    keyness = pd.DataFrame({"term": ["数据", "城市"], "signed": [3.0, -2.0]})
    assert F.missing(F.corpus_overview, DOCS) is None
    assert F.missing(F.theme_prevalence, _themes()) is None
    assert F.missing(F.keyness_bars, keyness) is None
    assert F.missing(F.formulation_timeline_figure, summary, timeline) is None
    assert F.missing(F.rhetoric_trends, features, fit_trends(F.feature_totals(features))) is None
    assert F.missing(F.voices_by_year, _voices()) is None
    assert F.missing(F.claims_overview, *_claims()) is None
    with pytest.raises(ParameterError):
        F.missing(F.save_figure, DOCS)


def test_feature_totals_of_no_rows_keep_the_columns():
    from cityreports.analyses.rhetoric import features_by_doc

    totals = F.feature_totals(features_by_doc([]))
    assert totals.empty
    assert {"doc_id", "feature", "term", "year", "count", "n_chars", "per_10k_chars"} <= set(
        totals.columns)
