"""Targets against outcomes as a table, a figure and a sentence (analyses.promises,
report.plots.claims.target_outcome_figure), and which checks the claims overview flags.

The figure is checked with the readability checks of tests/figure_checks.py on synthetic pairs
(one pair; every qualifier and status; more indicators than panels; long names) and on the
national work reports of the development corpus.
"""

from __future__ import annotations

import csv
import math
import shutil
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cityreports.analyses.promises import (  # noqa: E402
    PROMISE_COLUMNS,
    accepted_band,
    target_outcome_table,
)
from cityreports.quant.checks import CHECK_COLUMNS, FLAG_STATUSES, flag_rows  # noqa: E402
from cityreports.quant.promises import Indicator, parse_detail  # noqa: E402
from cityreports.report import figures as F  # noqa: E402

from .. import figure_checks as C  # noqa: E402
from ..conftest import DEVCORPUS  # noqa: E402

# --- synthetic pairs: checks rows and the claims they cite ---------------------------------

#: (indicator, year, target surface, qualifier, value, low, high, unit,
#:  outcome surface, outcome value, outcome unit, status)
PAIRS = [
    ("gdp", 2004, "7%左右", "approx", 7.0, 7.0, 7.0, "%", "9.5%", 9.5, "%", "missed"),
    ("gdp", 2005, "8%左右", "approx", 8.0, 8.0, 8.0, "%", "8.3%", 8.3, "%", "met"),
    ("gdp", 2006, "8%", "exact", 8.0, 8.0, 8.0, "%", "24.66万亿元", 2.466e13, "元", "unclear"),
    ("cpi", 2005, "4%", "less_than", None, None, 4.0, "%", "1.8%", 1.8, "%", "met"),
    ("cpi", 2007, "3%以内", "less_than", None, None, 3.0, "%", "4.8%", 4.8, "%", "missed"),
    ("population_growth", 1979, "千分之十左右", "approx", 10.0, 10.0, 10.0, "‰", "1.17％",
     1.17, "%", "met"),
    ("urban_new_jobs", 2004, "900万人", "exact", 9e6, 9e6, 9e6, "人", "980万人", 9.8e6, "人",
     "missed"),
    ("poverty_reduction", 1999, "1000万以上", "more_than", 1e7, 1e7, None, "人", "800万人",
     8e6, "人", "missed"),
    ("central_agri_spending", 2006, "3397亿元", "exact", 3.397e11, 3.397e11, 3.397e11, "元",
     "3397亿元", 3.397e11, "元", "met"),
    ("fixed_asset_investment", 1998, "10%至12%", "range", None, 10.0, 12.0, "%", "３％以上", 3.0,
     "%", "unclear"),
]


def _tables(pairs=PAIRS):
    """``(checks, claims)`` as run_checks and claims_table give them for ``pairs``."""
    checks, claims = [], []
    for n, (ind, year, ts, q, v, lo, hi, u, os_, ov, ou, status) in enumerate(pairs):
        t_doc, o_doc = f"report_{year}_{n}", f"report_{year + 1}_{n}"
        checks.append({"check": "target_vs_outcome", "doc_id": t_doc, "start": 10 * n,
                       "end": 10 * n + len(ts), "status": status,
                       "detail": f"{ind} {year}: target {ts} ({q}) -> outcome {os_} in {o_doc}",
                       "other_doc_id": o_doc, "other_start": 5 * n,
                       "other_end": 5 * n + len(os_)})
        claims.append({"doc_id": t_doc, "start": 10 * n, "end": 10 * n + len(ts), "surface": ts,
                       "value": v, "low": lo, "high": hi, "unit": u, "qualifier": q})
        claims.append({"doc_id": o_doc, "start": 5 * n, "end": 5 * n + len(os_), "surface": os_,
                       "value": ov, "low": ov, "high": ov, "unit": ou, "qualifier": "exact"})
    other = {"check": "enumeration_count", "doc_id": "report_2004_0", "start": 0, "end": 2,
             "status": "consistent", "detail": "", "other_doc_id": "", "other_start": None,
             "other_end": None}
    return pd.DataFrame([*checks, other], columns=list(CHECK_COLUMNS)), pd.DataFrame(claims)


def _many(n_indicators: int, *, name: str = "") -> pd.DataFrame:
    lexicon = [Indicator(id=f"ind{i}", any=(), label=f"指标名称很长的第{i}项",
                         label_en=name or f"indicator number {i}") for i in range(n_indicators)]
    pairs = [(f"ind{i}", 1990 + (i * 7 + k) % 30, "5%", "approx", 5.0 + i, 5.0 + i, 5.0 + i, "%",
              "6%", 6.0 + k, "%", ("met", "missed", "unclear")[(i + k) % 3])
             for i in range(n_indicators) for k in range(1 + i % 3)]
    return target_outcome_table(*_tables(pairs), lexicon=lexicon)


SYNTHETIC = {
    "one-pair": lambda: target_outcome_table(*_tables(PAIRS[:1])),
    "every-qualifier-and-status": lambda: target_outcome_table(*_tables()),
    "thirty-indicators": lambda: _many(30),
    "long-names": lambda: _many(5, name="a very long indicator name that must be shortened"),
}


@pytest.fixture(scope="module")
def synthetic():
    return {name: make() for name, make in SYNTHETIC.items()}


def test_the_table_joins_each_pair_with_its_claims(synthetic):
    table = synthetic["every-qualifier-and-status"]
    assert list(table.columns) == list(PROMISE_COLUMNS)
    assert len(table) == len(PAIRS)  # the enumeration row is not a pair
    by = table.set_index(["indicator", "year"])
    assert by.loc[("population_growth", 1979), "target_value"] == pytest.approx(1.0)  # 10 ‰
    assert by.loc[("population_growth", 1979), "unit"] == "%"
    assert by.loc[("population_growth", 1979), "band_low"] == pytest.approx(0.5)
    assert by.loc[("gdp", 2004), "direction"] == "above"
    assert by.loc[("poverty_reduction", 1999), "direction"] == "below"
    assert by.loc[("gdp", 2005), "direction"] == "within"
    assert by.loc[("gdp", 2006), "direction"] == "" and not by.loc[("gdp", 2006), "comparable"]
    assert by.loc[("urban_new_jobs", 2004), "indicator_label"] == "new urban jobs"
    assert by.loc[("urban_new_jobs", 2004), "indicator_label_zh"] == "城镇新增就业"
    assert by.loc[("cpi", 2007), "target_surface"] == "3%以内"
    assert by.loc[("cpi", 2007), "outcome_surface"] == "4.8%"


@pytest.mark.parametrize("checks", [pd.DataFrame(columns=list(CHECK_COLUMNS)),
                                    _tables()[0].tail(1), pd.DataFrame()])
def test_no_pairs_give_an_empty_table_with_the_columns(checks):
    table = target_outcome_table(checks, _tables()[1])
    assert table.empty and list(table.columns) == list(PROMISE_COLUMNS)


@pytest.mark.parametrize(
    ("qualifier", "value", "low", "high", "rate", "band"),
    [
        ("exact", 8.0, 8.0, 8.0, True, (8.0, 8.0)),
        ("approx", 8.0, 8.0, 8.0, True, (7.5, 8.5)),
        ("approx", 900.0, 900.0, 900.0, False, (855.0, 945.0)),
        ("nearly", 100.0, 100.0, 100.0, False, (95.0, 105.0)),
        ("more_than", 20.0, 20.0, None, True, (20.0, math.inf)),
        ("less_than", None, None, 4.0, True, (-math.inf, 4.0)),
        ("range", None, 8.0, 9.0, True, (8.0, 9.0)),
        ("contradictory", 5.0, 5.0, 5.0, True, (math.nan, math.nan)),
        ("more_than", None, None, None, True, (math.nan, math.nan)),
    ],
)
def test_accepted_band_follows_the_status_rules(qualifier, value, low, high, rate, band):
    got = accepted_band(qualifier, value, low, high, rate=rate)
    assert [g if not math.isnan(g) else "nan" for g in got] == [
        pytest.approx(b) if not math.isnan(b) else "nan" for b in band]


@pytest.mark.parametrize(
    ("detail", "parsed"),
    [
        ("gdp 2005: target 8%左右 (approx) -> outcome 9.9% in gwr_national_2006", ("gdp", 2005)),
        ("urban_new_jobs 1979: target …", ("urban_new_jobs", 1979)),
        ("part 3 of 4", None),
        ("", None),
    ],
)
def test_parse_detail(detail, parsed):
    assert parse_detail(detail) == parsed


# --- the figure ------------------------------------------------------------------------------

LANG_CASES = [(c, "en") for c in SYNTHETIC] + [("every-qualifier-and-status", "zh"),
                                              ("thirty-indicators", "zh")]


@pytest.mark.parametrize(("case", "lang"), LANG_CASES)
def test_target_outcome_figure_stays_readable(synthetic, case, lang):
    with F.house_style(lang=lang):
        fig = F.target_outcome_figure(synthetic[case], lang=lang)
        problems = C.all_problems(fig)
    plt.close(fig)
    assert problems == []


def test_panels_are_capped_and_the_busiest_indicators_come_first(synthetic):
    table = synthetic["thirty-indicators"]
    with F.house_style():
        fig = F.target_outcome_figure(table, lang="en", max_panels=12)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    plt.close(fig)
    per = table.groupby("indicator_label").size()
    assert len(titles) == 12
    key = C.legends(fig)[0].get_title().get_text()
    assert key.endswith(f"— {table.groupby(['indicator', 'unit']).ngroups - 12} more indicators "
                        "in the table")
    assert min(per[t] for t in titles) >= max(per[t] for t in per.index if t not in titles)


def test_every_status_is_drawn_with_its_own_mark(synthetic):
    with F.house_style():
        fig = F.target_outcome_figure(synthetic["every-qualifier-and-status"], lang="en")
    legend = [t.get_text() for t in C.legends(fig)[0].get_texts()]
    marks = {line.get_marker() for ax in fig.axes for line in ax.get_lines()}
    plt.close(fig)
    for key in ("outcome_met", "outcome_missed", "outcome_unclear", "outcome_elsewhere",
                "target_floor", "target_ceiling", "target_band"):
        assert F.label(key) in legend
    assert {"o", "X", "D", "^", "v", "_"} <= marks


def test_amounts_are_drawn_in_wan_or_yi_of_their_unit(synthetic):
    with F.house_style():
        fig = F.target_outcome_figure(synthetic["every-qualifier-and-status"], lang="en")
    units = {ax.get_title(loc="left"): ax.get_ylabel() for ax in fig.axes}
    plt.close(fig)
    assert units["new urban jobs"] == "万人" and units["central farm spending"] == "亿元"
    assert units["GDP"] == "%"


def test_target_outcome_figure_saves_byte_identical(synthetic, tmp_path):
    datas = []
    for i in range(2):
        with F.house_style(lang="zh"):
            fig = F.target_outcome_figure(synthetic["every-qualifier-and-status"], lang="zh")
            (path,) = F.save_figure(fig, "target_vs_outcome", figures_dir=tmp_path / str(i),
                                    formats=["png"])
        plt.close(fig)
        datas.append(path.read_bytes())
    assert datas[0] == datas[1]


@pytest.mark.parametrize("lang", F.LANGS)
def test_no_pairs_give_a_figure_that_says_so(lang):
    empty = target_outcome_table(pd.DataFrame(columns=list(CHECK_COLUMNS)), pd.DataFrame())
    assert F.missing(F.target_outcome_figure, empty, lang=lang) == F.label("no_promises",
                                                                           lang=lang)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with F.house_style(lang=lang):
            fig = F.target_outcome_figure(empty, lang=lang)
            C.drawn(fig)
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()]
    plt.close(fig)
    assert texts == [F.label("no_promises", lang=lang)]
    assert F.target_outcome_rows(empty, lang=lang).empty
    assert "No target" in F.target_outcome_sentence(empty)


def test_the_sentence_counts_from_the_table(synthetic):
    text = F.target_outcome_sentence(synthetic["every-qualifier-and-status"])
    assert text.startswith("Of 10 targets of a work report (1979–2007)")
    assert "4 were met, 4 missed and 2 unclear" in text
    assert "(3 missed above the target, 1 below it)" in text
    assert text.endswith("; GDP, paired most often (3 years), was met 1 time and missed 1 time, "
                         "above the target.")
    assert "_" not in text


@pytest.mark.parametrize("lang", F.LANGS)
def test_the_reading_table_uses_display_names(synthetic, lang):
    rows = F.target_outcome_rows(synthetic["every-qualifier-and-status"], lang=lang)
    assert len(rows) == len(PAIRS)
    assert list(rows.columns)[0] == F.label("indicator", lang=lang)
    names = set(rows.iloc[:, 0])
    assert ("城镇新增就业" if lang == "zh" else "new urban jobs") in names
    assert not any("_" in n for n in names)
    assert set(rows.iloc[:, 4]) == {F.label(s, lang=lang) for s in ("met", "missed", "unclear")}
    assert rows.iloc[0, 0] == rows.iloc[1, 0]  # the busiest indicator (GDP, 3 pairs) first


# --- the dev corpus's national work reports ---------------------------------------------------


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """claims, checks and the pairs table of the dev corpus's national reports (with years)."""
    from cityreports.pipeline import parse_corpus
    from cityreports.quant.checks import run_checks
    from cityreports.quant.claims import claims_table

    with open(DEVCORPUS / "MANIFEST.csv", encoding="utf-8", newline="") as f:
        entries = [r for r in csv.DictReader(f) if Path(r["file"]).stem.startswith(
            "gwr_national_")]
    folder = tmp_path_factory.mktemp("national")
    for entry in entries:
        shutil.copy(DEVCORPUS / "docs" / entry["file"], folder / entry["file"])
    with open(folder / "corpus.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["doc_id", "file", "year"])
        writer.writerows([Path(e["file"]).stem, e["file"], e["year"]] for e in entries)
    corpus = parse_corpus(folder)
    claims, checks = claims_table(corpus), run_checks(corpus)
    return claims, checks, target_outcome_table(checks, claims)


@pytest.mark.parametrize("lang", F.LANGS)
def test_the_figure_of_the_national_reports_is_readable(national, lang):
    table = national[2]
    with F.house_style(lang=lang):
        fig = F.target_outcome_figure(table, lang=lang)
        problems = C.all_problems(fig)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    plt.close(fig)
    assert problems == []
    assert len(titles) == min(F.MAX_PROMISE_PANELS, table.groupby(["indicator", "unit"]).ngroups)
    assert titles[0] == ("国内生产总值" if lang == "zh" else "GDP")  # paired most often


def test_the_table_read_back_from_its_csv_draws_the_same_panels(national, tmp_path):
    """The notebook writes the table as CSV; the run's checks draw it again from that file."""
    table = national[2]
    table.to_csv(tmp_path / "t.csv", index=False, lineterminator="\n")
    back = pd.read_csv(tmp_path / "t.csv", dtype={"doc_id": str}, keep_default_na=True)
    titles = []
    for t in (table, back):
        with F.house_style():
            fig = F.target_outcome_figure(t, lang="en")
            assert C.all_problems(fig) == []
        titles.append([(ax.get_title(loc="left"), ax.get_ylabel()) for ax in fig.axes])
        plt.close(fig)
    assert titles[0] == titles[1]
    assert F.target_outcome_sentence(back) == F.target_outcome_sentence(table)


def test_the_national_pairs_cover_the_gold_indicators(national):
    table = national[2]
    assert len(table) >= 35
    assert set(table["status"]) == {"met", "missed", "unclear"}
    assert {"gdp", "cpi", "urban_new_jobs", "energy_intensity"} <= set(table["indicator"])
    assert table["target_surface"].str.len().gt(0).all()
    assert table["outcome_surface"].str.len().gt(0).all()
    assert (table["year"] >= 1978).all()


# --- which checks are flags ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "flag"),
    [("inconsistent", True), ("flagged", True), ("consistent", False), ("partial", False),
     ("met", False), ("missed", False), ("unclear", False)],
)
def test_flags_are_problems_in_the_text_not_findings_about_targets(status, flag):
    checks = pd.DataFrame([{"check": "x", "doc_id": "a", "status": status}])
    assert len(flag_rows(checks)) == int(flag)
    assert (status in FLAG_STATUSES) is flag


def test_the_claims_overview_does_not_flag_targets_met_or_missed(national):
    claims, checks, _ = national
    documents = (claims[["doc_id"]].drop_duplicates()
                 .assign(year=lambda d: d["doc_id"].str[-4:].astype(int)))
    with F.house_style():
        fig = F.claims_overview(claims, documents, checks, lang="en")
    (strip,) = [ax for ax in fig.axes if ax.get_ylabel() == F.label("flags")]
    drawn = sum(patch.get_height() for patch in strip.patches)
    plt.close(fig)
    flags = checks["status"].isin(["inconsistent", "flagged"])
    assert checks["check"].eq("target_vs_outcome").sum() > 0
    assert drawn == flags.sum() < len(checks)
    text = F.claims_sentence(claims, documents, checks)
    assert f"{int(flags.sum()):,} cross-checks flag an inconsistency" in text
