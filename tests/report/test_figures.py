"""House style, CJK font, reproducible saving, MANIFEST.csv and values.json, and figures that
stay readable from 1 to 50 years, 1 to 2,000 documents and 1 to 30 series (checked by code:
``tests/figure_checks.py``)."""

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

from .. import figure_checks as C  # noqa: E402

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
    with F.house_style():
        fig = F.corpus_overview(DOCS)
    bars = [p for p in fig.axes[0].patches]
    undated = fig.axes[0].get_title(loc="right")
    plt.close(fig)
    assert sum(p.get_height() for p in bars) == 4  # the undated document is noted, not drawn
    assert undated == "undated: 1"


def test_use_style_puts_the_cjk_font_on_any_plot():
    """A plain matplotlib/seaborn plot after ``cr.use_style()`` has no missing glyphs."""
    import seaborn as sns

    import cityreports as cr

    with matplotlib.rc_context():
        rc = cr.use_style(lang="zh")
        assert matplotlib.rcParams["font.family"][0] == F.CJK_FONT_NAME
        assert rc["pdf.fonttype"] == 42
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a missing glyph warns
            fig, ax = plt.subplots()
            sns.barplot(x=["智慧城市", "數據", "臺灣"], y=[1, 2, 3], ax=ax)
            ax.set_title("新型智慧城市建设")
            pdf = F.figure_bytes(fig, "pdf", metadata={})
        plt.close(fig)
    assert b"WenQuanYi" in pdf
    assert matplotlib.rcParams["font.family"][0] != F.CJK_FONT_NAME  # rc_context restored


def test_palette_is_greyscale_and_colour_blind_safe():
    from matplotlib.colors import to_rgb

    for n in (1, 2, 5, 9, 30):
        colours = F.palette(n)
        assert len(colours) == len(set(colours)) == n
        grey = [0.2126 * r + 0.7152 * g + 0.0722 * b for r, g, b in map(to_rgb, colours)]
        assert grey == sorted(grey)  # lightness rises: distinct in greyscale, in order
        if n <= 6:
            assert min(np.diff(grey), default=1) > 0.08



# --- synthetic corpora: 1 to 50 years, 1 to 2,000 documents, 1 to 30 series ---------------


def _synthetic(years, docs_per_year, *, n_series: int, kinds=("",), seed: int = 0):
    """Every table the figure functions take, for a made-up corpus.

    ``years`` and ``docs_per_year`` give the documents per year (a year may have one);
    ``n_series`` themes, formulations, features and units; documents cycle through ``kinds``.
    """
    rng = np.random.default_rng(seed)
    docs = []
    for year, n in zip(years, docs_per_year, strict=True):
        for _ in range(n):
            d = len(docs)
            docs.append({"doc_id": f"d{d:04d}", "year": year, "kind": kinds[d % len(kinds)],
                         "script": "traditional" if d % 5 == 0 else "simplified",
                         "n_chars": int(rng.integers(500, 40000))})
    documents = pd.DataFrame(docs)
    themes = [f"theme_{i:02d}" for i in range(n_series)]
    by_doc = pd.DataFrame([{"doc_id": d["doc_id"], "year": d["year"], "theme": t,
                            "hits": int(rng.poisson(3 + 40 * (i == 0))), "n_chars": d["n_chars"]}
                           for d in docs for i, t in enumerate(themes)])
    by_doc["per_10k_chars"] = by_doc["hits"] / by_doc["n_chars"] * 1e4
    sizes = documents.groupby("year").agg(n_docs=("doc_id", "size"), chars=("n_chars", "sum"))
    by_year = by_doc.groupby(["year", "theme"], as_index=False)["hits"].sum().merge(
        sizes.reset_index(), on="year")
    by_year["n_chars"] = by_year.pop("chars")
    by_year["per_10k_chars"] = by_year["hits"] / by_year["n_chars"] * 1e4
    by_year["per_10k_low"] = by_year["per_10k_chars"] * 0.8
    by_year["per_10k_high"] = by_year["per_10k_chars"] * 1.2
    last = max(years)
    summary = pd.DataFrame([{
        "formulation": f"form_{i:02d}", "label": f"提法{i:02d}",
        "label_en": f"Phrase number {i:02d} of a long codebook label",
        "family": "f", "superseded_by": f"form_{i + 1:02d}" if i < 3 else "",
        "first_year": years[i % len(years)], "last_year": last, "total_hits": 100 - i,
    } for i in range(n_series)]).astype({"first_year": "Int64", "last_year": "Int64"})
    timeline = pd.DataFrame([{
        "formulation": f"form_{i:02d}", "year": y, "hits": int(y >= years[i % len(years)]) * 3,
        "n_docs_with": int(y >= years[i % len(years)]), "n_docs": int(sizes.loc[y, "n_docs"]),
        "n_chars": int(sizes.loc[y, "chars"]),
    } for i in range(n_series) for y in years])
    timeline["rate_per_10k"] = timeline["hits"] / timeline["n_chars"] * 1e4
    features = pd.DataFrame([{"doc_id": d["doc_id"], "year": d["year"], "group": d["doc_id"],
                              "feature": f"feature_{i:02d}" if i else "obligation",
                              "term": "要", "count": int(rng.poisson(5)), "n_chars": d["n_chars"]}
                             for d in docs for i in range(n_series)])
    features["per_10k_chars"] = features["count"] / features["n_chars"] * 1e4
    names = sorted(set(features["feature"]))
    trends = pd.DataFrame({"feature": names, "term": F.TOTAL_TERM,
                           "estimate": np.linspace(-0.05, 0.05, len(names)),
                           "ci_low": np.linspace(-0.07, 0.03, len(names)),
                           "ci_high": np.linspace(-0.03, 0.07, len(names))})
    voices = pd.DataFrame([{"doc_id": d["doc_id"], "year": d["year"], "voice": v,
                            "chars": c * (d["n_chars"] // 1000)}
                           for d in docs for v, c in (("government", 30), ("media", 5),
                                                      ("narrator", 900))])
    units = ["个", "%", "元", "", "人", "项", "家", "年"] + [f"单位{i}" for i in range(n_series)]
    claims = pd.DataFrame([{"doc_id": d["doc_id"], "unit": units[(k + j) % len(units)],
                            "qualifier": list(F.QUALIFIER_ORDER)[(k + j) % 9]}
                           for k, d in enumerate(docs) for j in range(3)])
    checks = pd.DataFrame({"doc_id": [d["doc_id"] for d in docs[::3]],
                           "status": ["inconsistent", "consistent"] * (len(docs[::3]) // 2)
                           + ["flagged"] * (len(docs[::3]) % 2)})
    keyness = pd.DataFrame({"term": [f"词{i}" for i in range(40)],
                            "signed": np.linspace(-30, 30, 40)})
    n_topics = min(n_series, 20)
    topic_years = pd.DataFrame([{
        "year": y, "topic": k + 1, "label": f"主题词{k} 数据 平台", "n_docs": int(n),
        "prevalence": (k + 1) / (n_topics * (n_topics + 1) / 2),
    } for y, n in sizes["n_docs"].items() for k in range(n_topics)])
    topic_years["low"] = topic_years["prevalence"] * 0.8
    topic_years["high"] = topic_years["prevalence"] * 1.2
    topic_kinds = pd.DataFrame([{
        "kind": kind, "topic": k + 1, "label": f"主题词{k} 数据 平台", "n_docs": 3,
        "prevalence": (k + 1 + i) / (n_topics * (n_topics + 1) / 2 + i * n_topics),
        "low": 0.0, "high": 1.0} for i, kind in enumerate(sorted(set(kinds)))
        for k in range(n_topics)])
    return {"documents": documents, "themes_by_year": by_year, "themes_by_doc": by_doc,
            "summary": summary, "timeline": timeline, "features": features,
            "trends": trends, "voices": voices, "claims": claims, "checks": checks,
            "keyness": keyness, "topic_years": topic_years, "topic_kinds": topic_kinds}


def _fifty_years():
    years = [y for y in range(1976, 2026) if y % 7 != 3]  # gaps
    counts = [1 if y % 5 == 0 else 35 + (y % 50) for y in years]  # 2,018 documents
    return years, counts


CASES = {
    "one-document": lambda: _synthetic([2020], [1], n_series=1),
    "two-years-one-each": lambda: _synthetic([2016, 2023], [1, 1], n_series=3),
    "four-years": lambda: _synthetic([2015, 2018, 2020, 2023], [1, 3, 2, 2], n_series=5),
    "fifty-years-2000-docs-30-series": lambda: _synthetic(*_fifty_years(), n_series=30),
    "kinds": lambda: _synthetic([2019, 2020, 2021, 2022, 2024], [6, 5, 1, 7, 4], n_series=6,
                                kinds=("press_release_tw", "gov_work_report_municipal",
                                       "policy", "news")),
}


def _make(name: str, tables, lang: str):
    t = tables
    if name == "corpus_overview":
        return F.corpus_overview(t["documents"], lang=lang)
    if name == "themes_by_year":
        return F.theme_prevalence(t["themes_by_year"], lang=lang, by_doc=t["themes_by_doc"],
                                  documents=t["documents"])
    if name == "keyness_periods":
        return F.keyness_bars(t["keyness"], lang=lang, split_year=2020)
    if name == "formulation_timeline":
        return F.formulation_timeline_figure(t["summary"], t["timeline"], lang=lang)
    if name == "rhetoric_by_year":
        return F.rhetoric_trends(t["features"], t["trends"], lang=lang)
    if name == "voices_by_year":
        return F.voices_by_year(t["voices"], lang=lang, documents=t["documents"])
    if name == "claims_overview":
        return F.claims_overview(t["claims"], t["documents"], t["checks"], lang=lang)
    if name == "topics_by_year":
        return F.topic_prevalence_figure(t["topic_years"], t["topic_kinds"], lang=lang)
    raise AssertionError(name)


FIGURES = ["corpus_overview", "themes_by_year", "keyness_periods", "formulation_timeline",
           "rhetoric_by_year", "voices_by_year", "claims_overview", "topics_by_year"]


@pytest.fixture(scope="module")
def cases():
    return {name: make() for name, make in CASES.items()}


#: Every case in English; the longest and the faceted one in Chinese too (other glyph widths).
CASE_LANGS = [(c, "en") for c in CASES] + [("fifty-years-2000-docs-30-series", "zh"),
                                           ("kinds", "zh")]


@pytest.mark.parametrize("name", FIGURES)
@pytest.mark.parametrize(("case", "lang"), CASE_LANGS)
def test_figures_stay_readable(cases, case, lang, name):
    """No overlapping labels, everything inside the figure, legends off the data, no line or
    band over a year with fewer than two documents, no internal ids."""
    with F.house_style(lang=lang):
        fig = _make(name, cases[case], lang)
        problems = C.all_problems(fig)
    plt.close(fig)
    assert problems == []


@pytest.mark.parametrize("name", ["themes_by_year", "formulation_timeline", "topics_by_year"])
def test_series_rest_on_the_documents_per_year(cases, name):
    tables = cases["fifty-years-2000-docs-30-series"]
    per_year = tables["documents"].groupby("year").size().to_dict()
    with F.house_style():
        fig = _make(name, tables, "en")
    counts = C.series_counts(fig)
    plt.close(fig)
    assert counts and all(c == {int(y): int(n) for y, n in per_year.items()} for c in counts)
    assert 1900 <= len(tables["documents"]) <= 2100 and len(per_year) > 40


def test_kinds_are_facets_when_the_corpus_has_several(cases):
    tables = cases["kinds"]
    with F.house_style():
        themes = _make("themes_by_year", tables, "en")
        voices = _make("voices_by_year", tables, "en")
        corpus = _make("corpus_overview", tables, "en")
    legend = [t.get_text() for t in themes.legends[0].get_texts()]
    titles = [ax.get_title(loc="left") for ax in voices.axes]
    stack = [t.get_text() for t in corpus.legends[0].get_texts()]
    for fig in (themes, voices, corpus):
        plt.close(fig)
    for kind in ("Taiwan press release", "municipal work report", "policy", "news"):
        assert kind in legend and kind in titles and kind in stack
    with F.house_style():
        plain = _make("voices_by_year", cases["four-years"], "en")
    assert len([ax for ax in plain.axes if ax.get_title(loc="left")]) == 0  # one kind: one panel
    plt.close(plain)


def test_heatmap_rows_are_coloured_per_row_and_years_without_documents_are_blank(cases):
    tables = cases["fifty-years-2000-docs-30-series"]
    with F.house_style():
        fig = _make("themes_by_year", tables, "en")
    image = fig.axes[0].get_images()[0].get_array()
    rows = image.max(axis=1)
    plt.close(fig)
    assert np.allclose(rows.filled(0), 1.0)  # every theme reaches its own highest colour
    years = range(1976, 2026)
    empty = [i for i, y in enumerate(years) if y % 7 == 3]
    assert image.mask[:, empty].all() and not image.mask[:, [0]].any()


def test_claims_without_a_unit_are_labelled_no_unit(cases):
    with F.house_style(lang="en"):
        fig = _make("claims_overview", cases["four-years"], "en")
    texts = [t.get_text() for legend in C.legends(fig) for t in legend.get_texts()]
    plt.close(fig)
    assert "(no unit)" in texts and "other units" in texts
    assert not {"—", "一", ""} & set(texts)
    assert len([t for t in texts if t in {F.label(g) for g in (
        "exact_group", "approx_group", "bound_group", "range_group", "contradictory")}]) == 5


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda ax: ax.plot([2015, 2019], [1, 2]), "not a series"),
        (lambda ax: F.draw_series(ax, {2015: 1.0, 2016: 2.0}, {2015: 1, 2016: 3}, color="k"),
         None),
        (lambda ax: _forged_line(ax), "across a gap"),
        (lambda ax: ax.set_xticks(range(2000, 2040), [f"{y}年度" for y in range(2000, 2040)]),
         "overlap"),
        (lambda ax: ax.legend(["x"], loc="upper left", bbox_to_anchor=(1.5, 1)), "outside"),
        (lambda ax: ax.set_ylabel("digital_infrastructure"), "id shown"),
    ],
)
def test_the_checks_catch_unreadable_figures(make, problem):
    with F.house_style(lang="zh"):
        fig, ax = plt.subplots(figsize=(3.5, 2))
        ax.cr_year_axis = True
        ax.plot([2015], [1], marker="o")
        make(ax)
        problems = C.all_problems(fig)
    plt.close(fig)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


def _forged_line(ax):
    (line,) = ax.plot([2015, 2018], [1, 2])
    line.cr_n_by_year = {2015: 5, 2018: 5}


def test_year_ticks_are_thinned_to_the_axis_length():
    shown = []
    for width in (1.5, 7.0):
        fig, ax = plt.subplots(figsize=(width, 1.5))
        F.year_axis(ax, range(1976, 2026))
        renderer = C.drawn(fig)
        low, high = ax.get_xlim()
        shown.append([t.get_text() for loc, t in zip(ax.get_xticks(), ax.get_xticklabels(),
                                                     strict=True) if low <= loc <= high])
        assert C.tick_overlaps(fig, renderer) == []
        plt.close(fig)
    assert 2 <= len(shown[0]) < len(shown[1]) <= 50


def test_lineage_formulations_fall_back_to_the_most_frequent():
    summary = _synthetic([2015, 2018, 2020], [1, 1, 1], n_series=10)["summary"]
    # lineage order: family, then first year
    assert F.lineage_formulations(summary) == ["form_00", "form_03", "form_01", "form_02"]
    plain = summary.assign(superseded_by="")
    assert F.lineage_formulations(plain, top=3) == ["form_00", "form_01", "form_02"]


def test_formulation_rows_are_the_formulations_that_occur_with_codebook_labels(cases):
    tables = cases["fifty-years-2000-docs-30-series"]
    summary = pd.concat([tables["summary"], tables["summary"].head(2).assign(
        formulation=["never_a", "never_b"], first_year=pd.NA, last_year=pd.NA, total_hits=0)])
    for lang, prefix in (("en", "Phrase number"), ("zh", "提法")):
        with F.house_style(lang=lang):
            fig = F.formulation_timeline_figure(summary, tables["timeline"], lang=lang)
        rows = fig.axes[1]
        ticks = [t.get_text() for t in rows.get_yticklabels()]
        assert len(ticks) == 30 and all(t.startswith(prefix) for t in ticks)
        assert all(len(t) <= 31 for t in ticks)  # long labels shortened with …
        height = fig.get_size_inches()[1]
        plt.close(fig)
    small = F.formulation_timeline_figure(tables["summary"].head(5), tables["timeline"])
    assert small.get_size_inches()[1] < height  # the figure grows with the rows
    plt.close(small)


def _features():
    rows = []
    terms = {"obligation": ["要", "必须"], "quotation": ["direct_quote", "quoted_chars"],
             "reported_speech": ["total", "指出"], "technology": ["算力", "数据"]}
    for d, year in enumerate([2015, 2018, 2020, 2023] * 2):
        for feature, names in terms.items():
            for term in names:
                count = 400 if term == "quoted_chars" else (d % 3) + (2 if year > 2018 else 0)
                rows.append({"doc_id": f"d{d}", "year": year, "group": f"d{d}",
                             "feature": feature, "term": term, "count": count,
                             "n_chars": 2000})
    frame = pd.DataFrame(rows)
    frame["per_10k_chars"] = frame["count"] / frame["n_chars"] * 1e4
    return frame


def test_feature_totals_count_occurrences_once_per_feature():
    totals = F.feature_totals(_features())
    assert set(totals["term"]) == {F.TOTAL_TERM}
    assert len(totals) == 8 * 4  # documents x features
    quotes = totals[(totals["feature"] == "quotation") & (totals["doc_id"] == "d0")]
    assert int(quotes["count"].iloc[0]) == 0  # quoted_chars (characters) left out
    speech = totals[(totals["feature"] == "reported_speech") & (totals["doc_id"] == "d1")]
    assert int(speech["count"].iloc[0]) == 1  # the verb, not verb + total


def test_rhetoric_trends_has_one_row_per_feature_on_both_panels():
    from cityreports.analyses.trends import fit_trends

    features = _features()
    with F.house_style():
        fig = F.rhetoric_trends(features, fit_trends(F.feature_totals(features)))
    heat, forest = fig.axes[0], fig.axes[1]
    rows = [t.get_text() for t in forest.get_yticklabels()]
    assert rows == [t.get_text() for t in heat.get_yticklabels()]
    assert rows == sorted(["obligation", "direct quotation", "reported speech", "technology"])
    ticks = [float(t) for t in forest.get_xticks()]
    plt.close(fig)
    assert 1.0 in ticks and len(ticks) >= 2


@pytest.mark.parametrize(("low", "high", "expected"), [
    (0.95, 1.06, {0.95, 1, 1.05}), (0.3, 3.5, {0.5, 1, 2}), (0.99, 1.01, {1})])
def test_ratio_ticks(low, high, expected):
    ticks = F.ratio_ticks(low, high)
    assert ticks == sorted(ticks) and len(ticks) <= 5 and expected <= set(ticks)
    assert all(low <= t <= high for t in ticks)


def test_theme_labels_come_from_the_codebook(cases):
    assert F.theme_labels(lang="en")["digital_infrastructure"] == "Digital infrastructure"
    assert F.theme_labels(lang="zh")["digital_infrastructure"] == "数字基础设施"
    tables = cases["four-years"]
    with F.house_style(lang="zh"):
        fig = F.theme_prevalence(tables["themes_by_year"], lang="zh",
                                 labels={"theme_00": "数据"})
    assert "数据" in [t.get_text() for t in fig.axes[0].get_yticklabels()]
    plt.close(fig)


@pytest.mark.parametrize("name", FIGURES)
def test_figures_save_byte_identical(cases, tmp_path, name):
    datas = []
    for i in range(2):
        with F.house_style(lang="zh"):
            fig = _make(name, cases["kinds"], "zh")
            (path,) = F.save_figure(fig, name, figures_dir=tmp_path / str(i), formats=["png"])
            F.save_figure(fig, name, figures_dir=tmp_path / f"{i}b", formats=["png"])
        plt.close(fig)
        datas.append(path.read_bytes())
        assert (tmp_path / f"{i}b" / f"{name}.png").read_bytes() == datas[-1]
    assert datas[0] == datas[1]


# --- empty states: nothing to draw gives a figure with a centred note -----------------------


def _texts(fig):
    """Visible, non-empty texts other than tick labels."""
    ticks = {id(t) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
             for t in axis.get_ticklabels(minor=False) + axis.get_ticklabels(minor=True)}
    return [t for t in fig.findobj(matplotlib.text.Text)
            if t.get_visible() and t.get_text().strip() and id(t) not in ticks]


def _inside(ext, box) -> bool:
    return (ext.x0 >= box.x0 - 0.5 and ext.y0 >= box.y0 - 0.5 and ext.x1 <= box.x1 + 0.5
            and ext.y1 <= box.y1 + 0.5)


def _empty_cases():
    from cityreports.analyses.formulations import formulation_summary, formulation_timeline
    from cityreports.analyses.keyness import empty_keyness
    from cityreports.analyses.rhetoric import features_by_doc
    from cityreports.analyses.speakers import voice_shares
    from cityreports.analyses.themes import themes_by_year
    from cityreports.analyses.trends import fit_trends

    from ..factories import make_corpus, make_doc

    none = make_corpus(())
    undated = make_corpus((make_doc("要以人民为中心，推进大数据共享。", doc_id="a"),))
    title = make_corpus((make_doc([("title", "大数据与新型智慧城市")], doc_id="a", year=2021),))
    plain = make_corpus((make_doc("今天天气很好。", doc_id="a", year=2021),))
    tables = _synthetic([2015, 2018, 2020, 2023], [1, 1, 1, 1], n_series=4)
    claims, documents, checks = tables["claims"], tables["documents"], tables["checks"]
    themes = tables["themes_by_year"]
    voices = tables["voices"]

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
        "themes-no-hits": (F.theme_prevalence, (themes.assign(hits=0),), "no_theme_hits"),
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
        "voices-undated": (F.voices_by_year, (voices.assign(year=pd.NA),), "no_dated"),
        "claims-none": (F.claims_overview, (claims.iloc[0:0], documents.iloc[0:0], checks),
                        "no_documents"),
        "claims-no-claims": (F.claims_overview, (claims.iloc[0:0], documents, checks.iloc[0:0]),
                             "no_claims"),
        "claims-undated": (F.claims_overview, (claims, documents.assign(year=pd.NA), checks),
                           "no_dated"),
        "claims-undated-claims": (F.claims_overview,
                                  (claims[claims["doc_id"] == "d0000"],
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


def test_missing_is_none_when_there_is_something_to_draw(cases):
    t = cases["four-years"]
    assert F.missing(F.corpus_overview, DOCS) is None
    assert F.missing(F.theme_prevalence, t["themes_by_year"]) is None
    assert F.missing(F.keyness_bars, t["keyness"]) is None
    assert F.missing(F.formulation_timeline_figure, t["summary"], t["timeline"]) is None
    assert F.missing(F.rhetoric_trends, t["features"], t["trends"]) is None
    assert F.missing(F.voices_by_year, t["voices"]) is None
    assert F.missing(F.claims_overview, t["claims"], t["documents"], t["checks"]) is None
    with pytest.raises(ParameterError):
        F.missing(F.save_figure, DOCS)


def test_feature_totals_of_no_rows_keep_the_columns():
    from cityreports.analyses.rhetoric import features_by_doc

    totals = F.feature_totals(features_by_doc([]))
    assert totals.empty
    assert {"doc_id", "feature", "term", "year", "count", "n_chars", "per_10k_chars"} <= set(
        totals.columns)


@pytest.mark.parametrize(("scale", "expected"), [
    ("count", {2020: 6.0, 2021: 2.0}),
    ("per_document", {2020: 2.0, 2021: 2.0}),  # 6 claims in 3 documents, 2 in 1
    ("share", {2020: 100.0, 2021: 100.0}),
])
def test_claims_overview_scales_the_bars(scale, expected):
    documents = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "year": [2020, 2020, 2020, 2021]})
    claims = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c", "c", "d", "d"],
                           "unit": ["%", "元", "%", "个", "%", "", "元", "%"],
                           "qualifier": ["exact"] * 8})
    checks = pd.DataFrame(columns=["doc_id", "check", "status"])
    with F.house_style(lang="en"):
        fig = F.claims_overview(claims, documents, checks, lang="en", scale=scale)
    ax_u = fig.axes[2]
    heights: dict[float, float] = {}
    for bar in ax_u.patches:
        x = round(bar.get_x() + bar.get_width() / 2)
        heights[x] = heights.get(x, 0.0) + bar.get_height()
    ylabel = ax_u.get_ylabel()
    plt.close(fig)
    assert heights == pytest.approx(expected)
    assert ylabel == F.label({"count": "claims", "per_document": "claims_per_document",
                              "share": "claims_share"}[scale])


def test_claims_overview_refuses_an_unknown_scale():
    with pytest.raises(ParameterError, match="scale"):
        F.claims_overview(pd.DataFrame({"doc_id": ["a"], "unit": ["%"], "qualifier": ["exact"]}),
                          pd.DataFrame({"doc_id": ["a"], "year": [2020]}),
                          pd.DataFrame(columns=["doc_id", "check", "status"]), scale="per_year")
